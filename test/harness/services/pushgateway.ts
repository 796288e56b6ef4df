/** A Prometheus Pushgateway on 127.0.0.1, in-memory only (Debian's default persists to /var/lib). */
import { join } from 'node:path';
import { requireBinary } from './binaries.ts';
import { httpText, isReady } from './http.ts';
import { ensureInstalled } from './install.ts';
import { Lifecycle, type Resources, retryOnPortClash, startFailure, type StartOptions } from './lifecycle.ts';
import { freePort, HOST } from './net.ts';
import { pollUntil } from './poll.ts';
import { type Daemon, spawnDaemon } from './processes.ts';
import { makeWorkDir } from './workdir.ts';

export interface Pushgateway {
  readonly name: 'pushgateway';
  readonly host: typeof HOST;
  readonly port: number;
  /** http://127.0.0.1:PORT — what report-metrics is pointed at. */
  readonly url: string;
  readonly dir: string;
  readonly resources: Resources;
  /**
   * POSTs text-format metrics to /metrics/job/<job>[/<label>/<value>…] (POST replaces only the
   * metric names pushed). Throws unless the gateway answers 2xx.
   */
  push(job: string, body: string, grouping?: Record<string, string>): Promise<void>;
  /** GET /metrics: everything the gateway holds, in the text format. */
  metrics(): Promise<string>;
  stop(): Promise<void>;
}

export async function startPushgateway(options: StartOptions = {}): Promise<Pushgateway> {
  await ensureInstalled(['pushgateway']);
  return retryOnPortClash(() => attempt(options));
}

async function attempt(options: StartOptions): Promise<Pushgateway> {
  const binary = requireBinary('prometheus-pushgateway');
  const dir = makeWorkDir('pushgateway');
  const life = new Lifecycle(dir, options.persistent ?? false);
  const logFile = join(dir, 'pushgateway.log');
  let daemon: Daemon | undefined;
  try {
    const port = await freePort();
    const url = `http://${HOST}:${port}`;
    daemon = life.add(
      spawnDaemon(binary, [
        `--web.listen-address=${HOST}:${port}`,
        // Empty disables persistence: Debian's build defaults to /var/lib/prometheus/pushgateway.data.
        '--persistence.file=',
        // Lets a test wipe the gateway between cases (PUT /api/v1/admin/wipe).
        '--web.enable-admin-api',
      ], { logFile, cwd: dir }),
    );
    const started = daemon;
    await pollUntil(() => isReady(url), {
      what: `pushgateway on ${url}`,
      timeoutMs: options.timeoutMs,
      abort: () => (started.hasExited() ? 'the process exited' : undefined),
    });
    return {
      name: 'pushgateway',
      host: HOST,
      port,
      url,
      dir,
      resources: life.resources,
      async push(job, body, grouping = {}) {
        const path = [['job', job] as const, ...Object.entries(grouping)].map(([l, v]) => groupingSegment(l, v)).join('/');
        const response = await httpText(`${url}/metrics/${path}`, {
          method: 'POST',
          headers: { 'content-type': 'text/plain; version=0.0.4' },
          body: body.endsWith('\n') ? body : `${body}\n`,
        });
        if (response.status < 200 || response.status > 299) {
          throw new Error(`push to ${url} answered ${response.status}: ${response.body.trim()}`);
        }
      },
      async metrics() {
        return (await httpText(`${url}/metrics`)).body;
      },
      stop: () => life.stop(),
    };
  } catch (error) {
    const failure = startFailure('pushgateway', daemon, logFile, error);
    await life.stop();
    throw failure;
  }
}

/**
 * One label/value pair of the push URL. A value with a slash (or an empty one) can't be a plain
 * path segment; the gateway takes it base64url-encoded after `label@base64`.
 */
export function groupingSegment(label: string, value: string): string {
  if (value === '') return `${label}@base64/=`;
  if (value.includes('/')) return `${label}@base64/${Buffer.from(value).toString('base64url')}`;
  return `${label}/${encodeURIComponent(value)}`;
}
