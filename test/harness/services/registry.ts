/**
 * The services this process started, so `stopAll()` and the exit hooks can find them.
 * Hooks are installed on the first start, never on import: importing the harness has no side
 * effects. On exit only synchronous work runs, so the hook kills process groups and deletes
 * temp dirs directly; a graceful shutdown is what `stop()` / `stopAll()` are for.
 */
import { killSync, type ProcessRecord } from './processes.ts';
import { removeWorkDir } from './workdir.ts';

export interface Registered {
  processes: ProcessRecord[];
  dirs: string[];
  stop(): Promise<void>;
}

const running = new Set<Registered>();
let hooksInstalled = false;

function cleanupSync(): void {
  for (const entry of running) {
    for (const record of entry.processes) killSync(record);
    for (const dir of entry.dirs) {
      try {
        removeWorkDir(dir);
      } catch {
        // Best effort while exiting: nothing can report it any more.
      }
    }
  }
  running.clear();
}

function onSignal(sig: NodeJS.Signals): void {
  cleanupSync();
  process.removeListener(sig, onSignal);
  // With our listener gone, re-raise so the default action (exit with 128+n) still happens,
  // unless someone else also listens and so decides what the signal means.
  if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
}

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', cleanupSync);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

/** `persistent` services (started by the CLI for manual use) must outlive this process. */
export function register(entry: Registered, persistent: boolean): void {
  if (persistent) return;
  installHooks();
  running.add(entry);
}

export function unregister(entry: Registered): void {
  running.delete(entry);
}

/** Stops every service this process started and has not stopped yet. */
export async function stopAll(): Promise<void> {
  const entries = [...running];
  const results = await Promise.allSettled(entries.map((entry) => entry.stop()));
  const failed = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed.length > 0) {
    throw new AggregateError(failed.map((result) => result.reason), `${failed.length} service(s) failed to stop`);
  }
}
