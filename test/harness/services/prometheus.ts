/**
 * Prometheus on 127.0.0.1 scraping a Pushgateway every second with honor_labels (the job/instance
 * of a push survive the scrape), so a test can push a metric and read it back with PromQL. Its
 * remote-write receiver is on (/api/v1/write) with a 30-day out-of-order window by default, so
 * samples with their real (past) timestamps are accepted (`outOfOrderTimeWindow: '0s'` gives a
 * stock Prometheus, which refuses samples more than an hour older than its newest with
 * "out of bounds"). Retention is 31 days: the head of a fresh server spans from its oldest sample,
 * so old samples written before the first scrape are compacted into blocks at once, and a short
 * retention would delete them (docs/metrics-model.md, "How far back").
 * A metric shows up about 1–4 s after the push: use waitFor(), never a fixed sleep.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireBinary } from './binaries.ts';
import { httpText, isReady } from './http.ts';
import { ensureInstalled } from './install.ts';
import { Lifecycle, type Resources, retryOnPortClash, startFailure, type StartOptions } from './lifecycle.ts';
import { freePort, HOST } from './net.ts';
import { pollUntil } from './poll.ts';
import { type Daemon, spawnDaemon } from './processes.ts';
import { type Pushgateway, startPushgateway } from './pushgateway.ts';
import { makeWorkDir } from './workdir.ts';

export interface PrometheusOptions extends StartOptions {
  /** Scrape this gateway; when omitted, one is started and stopped together with Prometheus. */
  pushgateway?: Pushgateway;
  /** storage.tsdb.out_of_order_time_window (default 30d; 0s turns out-of-order ingestion off). */
  outOfOrderTimeWindow?: string;
}

export interface PromSample {
  metric: Record<string, string>;
  value: number;
}

export interface Prometheus {
  readonly name: 'prometheus';
  readonly host: typeof HOST;
  readonly port: number;
  /** http://127.0.0.1:PORT */
  readonly url: string;
  readonly pushgateway: Pushgateway;
  readonly dir: string;
  readonly resources: Resources;
  /** Instant query (/api/v1/query), at `timeMs` when given. A scalar result comes back as one sample with no labels. */
  query(promql: string, timeMs?: number): Promise<PromSample[]>;
  /** Polls `query` until `predicate` holds (default: any sample) and returns those samples. */
  waitFor(promql: string, predicate?: (samples: PromSample[]) => boolean, timeoutMs?: number): Promise<PromSample[]>;
  stop(): Promise<void>;
}

export async function startPrometheus(options: PrometheusOptions = {}): Promise<Prometheus> {
  await ensureInstalled(['prometheus']);
  const pushgateway = options.pushgateway ?? (await startPushgateway({ ...options }));
  try {
    return await retryOnPortClash(() => attempt(options, pushgateway, options.pushgateway === undefined, options.outOfOrderTimeWindow ?? '30d'));
  } catch (error) {
    if (options.pushgateway === undefined) await pushgateway.stop();
    throw error;
  }
}

async function attempt(options: StartOptions, pushgateway: Pushgateway, ownsGateway: boolean, outOfOrderTimeWindow: string): Promise<Prometheus> {
  const binary = requireBinary('prometheus');
  const dir = makeWorkDir('prometheus');
  const life = new Lifecycle(dir, options.persistent ?? false);
  const logFile = join(dir, 'prometheus.log');
  let daemon: Daemon | undefined;
  try {
    const port = await freePort();
    const url = `http://${HOST}:${port}`;
    const configFile = join(dir, 'prometheus.yml');
    // JSON is YAML: no YAML writer needed.
    const config = {
      global: { scrape_interval: '1s', evaluation_interval: '1s' },
      storage: { tsdb: { out_of_order_time_window: outOfOrderTimeWindow } },
      scrape_configs: [
        { job_name: 'pushgateway', honor_labels: true, static_configs: [{ targets: [`${HOST}:${pushgateway.port}`] }] },
      ],
    };
    writeFileSync(configFile, JSON.stringify(config, null, 2));
    daemon = life.add(
      spawnDaemon(binary, [
        `--config.file=${configFile}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=${HOST}:${port}`,
        '--storage.tsdb.retention.time=31d',
        '--web.enable-remote-write-receiver',
      ], { logFile, cwd: dir }),
    );
    const started = daemon;
    await pollUntil(() => isReady(url), {
      what: `prometheus on ${url}`,
      timeoutMs: options.timeoutMs,
      abort: () => (started.hasExited() ? 'the process exited' : undefined),
    });
    if (ownsGateway) life.own(pushgateway);
    const query = async (promql: string, timeMs?: number): Promise<PromSample[]> => {
      const form = new URLSearchParams({ query: promql });
      if (timeMs !== undefined) form.set('time', String(timeMs / 1000));
      const response = await httpText(`${url}/api/v1/query`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      });
      return parseQueryResponse(promql, response.status, response.body);
    };
    return {
      name: 'prometheus',
      host: HOST,
      port,
      url,
      pushgateway,
      dir,
      resources: life.resources,
      query,
      async waitFor(promql, predicate = (samples) => samples.length > 0, timeoutMs = 30_000) {
        return pollUntil(
          async () => {
            const samples = await query(promql);
            return predicate(samples) ? samples : undefined;
          },
          { what: `PromQL ${promql} to match`, timeoutMs, intervalMs: 200 },
        );
      },
      stop: () => life.stop(),
    };
  } catch (error) {
    const failure = startFailure('prometheus', daemon, logFile, error);
    await life.stop();
    throw failure;
  }
}

function sampleValue(text: string): number {
  // Prometheus writes infinities as +Inf/-Inf, which Number() doesn't read.
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}

interface ApiResponse {
  status: string;
  error?: string;
  data?: { resultType: string; result: unknown };
}

export function parseQueryResponse(promql: string, status: number, body: string): PromSample[] {
  const parsed = JSON.parse(body) as ApiResponse;
  if (status !== 200 || parsed.status !== 'success' || parsed.data === undefined) {
    throw new Error(`PromQL ${promql} failed (${status}): ${parsed.error ?? body}`);
  }
  const { resultType, result } = parsed.data;
  if (resultType === 'vector') {
    return (result as Array<{ metric: Record<string, string>; value: [number, string] }>).map((sample) => ({
      metric: sample.metric,
      value: sampleValue(sample.value[1]),
    }));
  }
  if (resultType === 'scalar') return [{ metric: {}, value: sampleValue((result as [number, string])[1]) }];
  throw new Error(`PromQL ${promql} returned a ${resultType}; use an instant vector or scalar expression`);
}
