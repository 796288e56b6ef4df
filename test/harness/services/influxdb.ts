/**
 * InfluxDB 1.x on 127.0.0.1 with every path under its temp dir and reporting off: line protocol
 * in through /write?db=, InfluxQL out through /query. Authentication is on, with a random admin
 * (created first, which 1.x allows while it has no user), so a wrong or missing credential really
 * fails — https://docs.influxdata.com/influxdb/v1/administration/authentication_and_authorization/.
 * Debian's 1.6 has no /api/v2/write (1.8 added it); the v2 request format is held by the
 * harness's Influx v2 receiver, which forwards here as the admin.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireBinary } from './binaries.ts';
import { httpText } from './http.ts';
import { ensureInstalled } from './install.ts';
import { Lifecycle, type Resources, retryOnPortClash, startFailure, type StartOptions } from './lifecycle.ts';
import { freePort, HOST } from './net.ts';
import { pollUntil } from './poll.ts';
import { type Daemon, spawnDaemon } from './processes.ts';
import { randomPassword } from './secrets.ts';
import { makeWorkDir } from './workdir.ts';

export interface InfluxSeries {
  name: string;
  tags?: Record<string, string>;
  columns: string[];
  values: unknown[][];
}

export interface InfluxDb {
  readonly name: 'influxdb';
  readonly host: typeof HOST;
  readonly port: number;
  /** http://127.0.0.1:PORT */
  readonly url: string;
  /** The admin (ALL PRIVILEGES), random per start. */
  readonly user: string;
  readonly password: string;
  readonly dir: string;
  readonly resources: Resources;
  /** Runs InfluxQL as the admin (`CREATE DATABASE x`, `SELECT …`) and returns the series of the first result; times in ms. */
  query(q: string, db?: string): Promise<InfluxSeries[]>;
  /** A user who may only write to `db` (`CREATE USER` + `GRANT WRITE`). */
  createWriter(user: string, password: string, db: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startInfluxDb(options: StartOptions = {}): Promise<InfluxDb> {
  await ensureInstalled(['influxdb']);
  return retryOnPortClash(() => attempt(options));
}

async function attempt(options: StartOptions): Promise<InfluxDb> {
  const binary = requireBinary('influxd');
  const dir = makeWorkDir('influxdb');
  const life = new Lifecycle(dir, options.persistent ?? false);
  const logFile = join(dir, 'influxdb.log');
  let daemon: Daemon | undefined;
  try {
    const [port, rpcPort] = [await freePort(), await freePort()];
    const url = `http://${HOST}:${port}`;
    const config = join(dir, 'influxdb.conf');
    writeFileSync(
      config,
      [
        'reporting-disabled = true',
        `bind-address = "${HOST}:${rpcPort}"`,
        '[meta]',
        `  dir = "${join(dir, 'meta')}"`,
        '[data]',
        `  dir = "${join(dir, 'data')}"`,
        `  wal-dir = "${join(dir, 'wal')}"`,
        '  query-log-enabled = false',
        '[http]',
        `  bind-address = "${HOST}:${port}"`,
        '  log-enabled = false',
        '  auth-enabled = true',
        '[monitor]',
        '  store-enabled = false',
        '',
      ].join('\n'),
    );
    daemon = life.add(spawnDaemon(binary, ['-config', config], { logFile, cwd: dir }));
    const started = daemon;
    await pollUntil(async () => ((await httpText(`${url}/ping`, {}, 1_000)).status === 204 ? true : undefined), {
      what: `influxdb on ${url}`,
      timeoutMs: options.timeoutMs,
      abort: () => (started.hasExited() ? 'the process exited' : undefined),
    });
    const password = randomPassword();
    // The first user may be created without credentials, and must be an admin.
    await influxQl(url, `CREATE USER ${ADMIN} WITH PASSWORD '${password}' WITH ALL PRIVILEGES`, undefined, undefined);
    const auth = `Basic ${Buffer.from(`${ADMIN}:${password}`).toString('base64')}`;
    const query = (q: string, db?: string) => influxQl(url, q, db, auth);
    return {
      name: 'influxdb',
      host: HOST,
      port,
      url,
      user: ADMIN,
      password,
      dir,
      resources: life.resources,
      query,
      async createWriter(user, writerPassword, db) {
        if (!/^[A-Za-z0-9_-]+$/.test(user) || !/^[A-Za-z0-9_.-]+$/.test(writerPassword) || !/^[A-Za-z0-9_]+$/.test(db)) throw new Error('createWriter: plain names and passwords only (no quoting here)');
        await query(`CREATE USER "${user}" WITH PASSWORD '${writerPassword}'`);
        await query(`GRANT WRITE ON "${db}" TO "${user}"`);
      },
      stop: () => life.stop(),
    };
  } catch (error) {
    const failure = startFailure('influxdb', daemon, logFile, error);
    await life.stop();
    throw failure;
  }
}

const ADMIN = 'admin';

async function influxQl(url: string, q: string, db: string | undefined, authorization: string | undefined): Promise<InfluxSeries[]> {
  const params = new URLSearchParams({ q, epoch: 'ms', ...(db ? { db } : {}) });
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', ...(authorization ? { authorization } : {}) };
  const response = await httpText(`${url}/query`, { method: 'POST', headers, body: params.toString() });
  const body = JSON.parse(response.body) as { results?: Array<{ error?: string; series?: InfluxSeries[] }>; error?: string };
  const error = body.error ?? body.results?.[0]?.error;
  if (response.status !== 200 || error) throw new Error(`InfluxQL ${q.replace(/PASSWORD '[^']*'/g, "PASSWORD '***'")} failed (${response.status}): ${error ?? response.body}`);
  return body.results?.[0]?.series ?? [];
}
