/**
 * VictoriaMetrics on 127.0.0.1: one store that ingests Influx line protocol (/write), Datadog v1
 * series (/datadog/api/v1/series), Prometheus remote-write and Graphite plaintext (TCP), each with
 * its own real parser, and answers PromQL-style queries — so one service checks several sinks.
 * Ingested samples are searchable after /internal/force_flush; `-search.latencyOffset=0` lets a
 * query see samples from the last seconds.
 */
import { join } from 'node:path';
import { requireBinary } from './binaries.ts';
import { httpText } from './http.ts';
import { ensureInstalled } from './install.ts';
import { Lifecycle, type Resources, retryOnPortClash, startFailure, type StartOptions } from './lifecycle.ts';
import { freePort, HOST } from './net.ts';
import { pollUntil } from './poll.ts';
import { type Daemon, spawnDaemon } from './processes.ts';
import { makeWorkDir } from './workdir.ts';

export interface VmSeries {
  metric: Record<string, string>;
  /** [ms since epoch, value] */
  samples: Array<[number, number]>;
}

export interface VictoriaMetrics {
  readonly name: 'victoria-metrics';
  readonly host: typeof HOST;
  readonly port: number;
  /** http://127.0.0.1:PORT */
  readonly url: string;
  /** Graphite plaintext TCP port. */
  readonly graphitePort: number;
  readonly dir: string;
  readonly resources: Resources;
  /** Every raw sample of the series matching a selector (/api/v1/export), after a flush. */
  series(selector: string): Promise<VmSeries[]>;
  /** Polls `series` until `predicate` holds (default: any series). */
  waitFor(selector: string, predicate?: (series: VmSeries[]) => boolean, timeoutMs?: number): Promise<VmSeries[]>;
  stop(): Promise<void>;
}

export async function startVictoriaMetrics(options: StartOptions = {}): Promise<VictoriaMetrics> {
  await ensureInstalled(['victoria-metrics']);
  return retryOnPortClash(() => attempt(options));
}

async function attempt(options: StartOptions): Promise<VictoriaMetrics> {
  const binary = requireBinary('victoria-metrics');
  const dir = makeWorkDir('victoria-metrics');
  const life = new Lifecycle(dir, options.persistent ?? false);
  const logFile = join(dir, 'victoria-metrics.log');
  let daemon: Daemon | undefined;
  try {
    const [port, graphitePort] = [await freePort(), await freePort()];
    const url = `http://${HOST}:${port}`;
    daemon = life.add(
      spawnDaemon(binary, [
        `-storageDataPath=${join(dir, 'data')}`,
        `-httpListenAddr=${HOST}:${port}`,
        `-graphiteListenAddr=${HOST}:${graphitePort}`,
        '-retentionPeriod=1y',
        '-search.latencyOffset=0s',
        // A single-field Influx measurement keeps its name (actions_suite_x, not actions_suite_x_value).
        '-influxSkipSingleField',
      ], { logFile, cwd: dir }),
    );
    const started = daemon;
    await pollUntil(async () => ((await httpText(`${url}/health`, {}, 1_000)).status === 200 ? true : undefined), {
      what: `victoria-metrics on ${url}`,
      timeoutMs: options.timeoutMs,
      abort: () => (started.hasExited() ? 'the process exited' : undefined),
    });
    const series = async (selector: string): Promise<VmSeries[]> => {
      await httpText(`${url}/internal/force_flush`);
      const response = await httpText(`${url}/api/v1/export?${new URLSearchParams({ 'match[]': selector, start: '0' })}`);
      if (response.status !== 200) throw new Error(`export ${selector} answered ${response.status}: ${response.body}`);
      return response.body
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          const row = JSON.parse(line) as { metric: Record<string, string>; values: number[]; timestamps: number[] };
          return { metric: row.metric, samples: row.timestamps.map((t, i): [number, number] => [t, row.values[i] ?? Number.NaN]) };
        });
    };
    return {
      name: 'victoria-metrics',
      host: HOST,
      port,
      url,
      graphitePort,
      dir,
      resources: life.resources,
      series,
      async waitFor(selector, predicate = (s) => s.length > 0, timeoutMs = 20_000) {
        return pollUntil(async () => {
          const found = await series(selector);
          return predicate(found) ? found : undefined;
        }, { what: `victoria-metrics series ${selector}`, timeoutMs, intervalMs: 200 });
      },
      stop: () => life.stop(),
    };
  } catch (error) {
    const failure = startFailure('victoria-metrics', daemon, logFile, error);
    await life.stop();
    throw failure;
  }
}
