/**
 * The Etsy StatsD daemon (npm `statsd`, run with Node) on 127.0.0.1 UDP, flushing every 200 ms
 * through its Graphite backend into a VictoriaMetrics Graphite listener, so what a client sends is
 * parsed by the real daemon and queryable: gauge `x` with tags `k:v` becomes
 * `stats.gauges.x;k=v` in Graphite, `stats.gauges.x{k="v"}` in VictoriaMetrics.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { STATSD_DAEMON } from './binaries.ts';
import { ensureInstalled } from './install.ts';
import { Lifecycle, type Resources, retryOnPortClash, startFailure, type StartOptions } from './lifecycle.ts';
import { freeUdpPort, HOST } from './net.ts';
import { logTail, type Daemon, spawnDaemon } from './processes.ts';
import { pollUntil } from './poll.ts';
import { startVictoriaMetrics, type VictoriaMetrics } from './victoria-metrics.ts';
import { makeWorkDir } from './workdir.ts';

export interface StatsdOptions extends StartOptions {
  /** Flush into this store; when omitted, one is started and stopped with the daemon. */
  victoria?: VictoriaMetrics;
}

export interface Statsd {
  readonly name: 'statsd';
  readonly host: typeof HOST;
  /** UDP port */
  readonly port: number;
  /** udp://127.0.0.1:PORT — what report-metrics is pointed at. */
  readonly url: string;
  readonly victoria: VictoriaMetrics;
  readonly dir: string;
  readonly resources: Resources;
  /** Lines the daemon logged as bad (its `Bad line:` messages). */
  badLines(): string[];
  stop(): Promise<void>;
}

export async function startStatsd(options: StatsdOptions = {}): Promise<Statsd> {
  await ensureInstalled(['statsd']);
  const victoria = options.victoria ?? (await startVictoriaMetrics({ ...options }));
  try {
    return await retryOnPortClash(() => attempt(options, victoria, options.victoria === undefined));
  } catch (error) {
    if (options.victoria === undefined) await victoria.stop();
    throw error;
  }
}

async function attempt(options: StartOptions, victoria: VictoriaMetrics, ownsStore: boolean): Promise<Statsd> {
  const dir = makeWorkDir('statsd');
  const life = new Lifecycle(dir, options.persistent ?? false);
  const logFile = join(dir, 'statsd.log');
  let daemon: Daemon | undefined;
  try {
    const port = await freeUdpPort();
    const config = join(dir, 'config.js');
    // The daemon evaluates its config file as a JavaScript object literal.
    writeFileSync(
      config,
      `(${JSON.stringify({
        address: HOST,
        port,
        mgmt_address: HOST,
        mgmt_port: 0,
        flushInterval: 200,
        dumpMessages: true,
        backends: ['./backends/graphite'],
        graphiteHost: HOST,
        graphitePort: victoria.graphitePort,
        graphite: { legacyNamespace: false, globalPrefix: 'stats' },
      })})\n`,
    );
    // statsd 0.9 logs through util.log, which Node 23 removed: give it back for this process only.
    const shim = join(dir, 'util-log.cjs');
    writeFileSync(shim, "require('node:util').log = (...args) => console.log(new Date().toISOString(), ...args);\n");
    daemon = life.add(spawnDaemon(process.execPath, ['--require', shim, STATSD_DAEMON, config], { logFile, cwd: dir }));
    const started = daemon;
    await pollUntil(async () => (/server is up/i.test(logTail(logFile, 50)) ? true : undefined), {
      what: `statsd on udp ${HOST}:${port}`,
      timeoutMs: options.timeoutMs,
      abort: () => (started.hasExited() ? 'the process exited' : undefined),
    });
    if (ownsStore) life.own(victoria);
    return {
      name: 'statsd',
      host: HOST,
      port,
      url: `udp://${HOST}:${port}`,
      victoria,
      dir,
      resources: life.resources,
      badLines: () => logTail(logFile, 1000).split('\n').filter((l) => /Bad line/.test(l)),
      stop: () => life.stop(),
    };
  } catch (error) {
    const failure = startFailure('statsd', daemon, logFile, error);
    await life.stop();
    throw failure;
  }
}
