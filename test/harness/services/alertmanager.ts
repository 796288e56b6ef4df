/**
 * Prometheus Alertmanager on 127.0.0.1, routing every alert to one webhook (with resolved
 * notifications), grouped per series and flushed within about a second, so a test can post an
 * alert, see the notification arrive, then see it resolve. Gossip is off (`--cluster.listen-address=`)
 * and its state lives in the service's temp dir. `startAlertReceiver()` is the webhook end: an HTTP
 * server on 127.0.0.1 that keeps every notification it is sent.
 */
import { createServer } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireBinary } from './binaries.ts';
import { httpText, isReady } from './http.ts';
import { ensureInstalled } from './install.ts';
import { Lifecycle, type Resources, retryOnPortClash, startFailure, type StartOptions } from './lifecycle.ts';
import { freePort, HOST } from './net.ts';
import { pollUntil } from './poll.ts';
import { type Daemon, spawnDaemon } from './processes.ts';
import { makeWorkDir } from './workdir.ts';

export interface AlertmanagerOptions extends StartOptions {
  /** Where notifications go (a receiver from startAlertReceiver(), usually). Required. */
  webhookUrl?: string;
  /** Labels alerts are grouped by; default alertname, repository, workflow, job, event, branch_class. */
  groupBy?: string[];
}

/** One alert as Alertmanager's API v2 lists it. */
export interface ActiveAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL?: string;
  status: { state: string };
}

export interface Alertmanager {
  readonly name: 'alertmanager';
  readonly host: typeof HOST;
  readonly port: number;
  /** http://127.0.0.1:PORT — what report-metrics' `alertmanager=URL` points at. */
  readonly url: string;
  readonly dir: string;
  readonly resources: Resources;
  /** GET /api/v2/alerts (active, silenced and inhibited alike). */
  alerts(): Promise<ActiveAlert[]>;
  stop(): Promise<void>;
}

export async function startAlertmanager(options: AlertmanagerOptions = {}): Promise<Alertmanager> {
  if (!options.webhookUrl) throw new Error('startAlertmanager needs webhookUrl (see startAlertReceiver())');
  await ensureInstalled(['alertmanager']);
  return retryOnPortClash(() => attempt(options, options.webhookUrl ?? ''));
}

async function attempt(options: AlertmanagerOptions, webhookUrl: string): Promise<Alertmanager> {
  const binary = requireBinary('prometheus-alertmanager');
  const dir = makeWorkDir('alertmanager');
  const life = new Lifecycle(dir, options.persistent ?? false);
  const logFile = join(dir, 'alertmanager.log');
  let daemon: Daemon | undefined;
  try {
    const port = await freePort();
    const url = `http://${HOST}:${port}`;
    const configFile = join(dir, 'alertmanager.yml');
    // JSON is YAML. Short waits so a test sees the notification in seconds, not minutes.
    const config = {
      route: {
        receiver: 'webhook',
        group_by: options.groupBy ?? ['alertname', 'repository', 'workflow', 'job', 'event', 'branch_class'],
        group_wait: '1s',
        group_interval: '1s',
        repeat_interval: '1h',
      },
      receivers: [{ name: 'webhook', webhook_configs: [{ url: webhookUrl, send_resolved: true }] }],
    };
    writeFileSync(configFile, JSON.stringify(config, null, 2));
    daemon = life.add(
      spawnDaemon(binary, [
        `--config.file=${configFile}`,
        `--storage.path=${join(dir, 'data')}`,
        `--web.listen-address=${HOST}:${port}`,
        // No gossip: a lone instance, and no second port to clash on.
        '--cluster.listen-address=',
      ], { logFile, cwd: dir }),
    );
    const started = daemon;
    await pollUntil(() => isReady(url), {
      what: `alertmanager on ${url}`,
      timeoutMs: options.timeoutMs,
      abort: () => (started.hasExited() ? 'the process exited' : undefined),
    });
    return {
      name: 'alertmanager',
      host: HOST,
      port,
      url,
      dir,
      resources: life.resources,
      async alerts() {
        const response = await httpText(`${url}/api/v2/alerts`);
        if (response.status !== 200) throw new Error(`GET ${url}/api/v2/alerts answered ${response.status}: ${response.body}`);
        return JSON.parse(response.body) as ActiveAlert[];
      },
      stop: () => life.stop(),
    };
  } catch (error) {
    const failure = startFailure('alertmanager', daemon, logFile, error);
    await life.stop();
    throw failure;
  }
}

/** A webhook notification as Alertmanager sends it (version 4 of its webhook format). */
export interface AlertNotification {
  status: 'firing' | 'resolved';
  receiver: string;
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  alerts: { status: 'firing' | 'resolved'; labels: Record<string, string>; annotations: Record<string, string>; startsAt: string; endsAt: string; generatorURL: string }[];
}

export interface AlertReceiver {
  /** http://127.0.0.1:PORT/hook */
  readonly url: string;
  readonly notifications: readonly AlertNotification[];
  /** Polls until a notification satisfies `predicate` (default 30 s) and returns it. */
  waitFor(predicate: (n: AlertNotification) => boolean, timeoutMs?: number): Promise<AlertNotification>;
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 that records every JSON body POSTed to /hook. */
export async function startAlertReceiver(): Promise<AlertReceiver> {
  const notifications: AlertNotification[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        if (req.method === 'POST' && req.url === '/hook') notifications.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as AlertNotification);
        res.writeHead(req.url === '/hook' ? 200 : 404).end();
      } catch {
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, HOST, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://${HOST}:${port}/hook`,
    notifications,
    waitFor: (predicate, timeoutMs = 30_000) =>
      pollUntil(async () => notifications.find(predicate), { what: 'an Alertmanager notification to match', timeoutMs, intervalMs: 100 }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
