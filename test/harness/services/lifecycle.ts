/**
 * What one started service owns (processes, temp dirs, services it started for itself) and how it
 * stops: idempotent, processes in reverse start order, then the dirs. A start that fails part way
 * stops what it had already started, so a failed test leaves nothing running.
 */
import { type Daemon, logTail, type ProcessRecord, stopProcess } from './processes.ts';
import { type Registered, register, unregister } from './registry.ts';
import { removeWorkDir } from './workdir.ts';
import { PORT_IN_USE } from './net.ts';

export interface StartOptions {
  /** Leave it running when this process exits (the CLI's `start`); default false. */
  persistent?: boolean;
  /** How long to wait for the service to answer, in ms (default 30 s). */
  timeoutMs?: number;
}

/** Files and processes behind a handle; the CLI saves these so `stop` can find them later. */
export interface Resources {
  processes: ProcessRecord[];
  dirs: string[];
}

export class Lifecycle {
  /** Everything behind the handle, including services started on its behalf (for the CLI). */
  readonly resources: Resources = { processes: [], dirs: [] };
  /** What this service itself owns: what the exit hook kills and removes. */
  readonly #entry: Registered;
  readonly #dependents: Array<{ stop(): Promise<void> }> = [];
  #stopping: Promise<void> | undefined;

  constructor(dir: string, persistent: boolean) {
    this.resources.dirs.push(dir);
    this.#entry = { processes: [], dirs: [dir], stop: () => this.stop() };
    // Registered before anything starts, so an exit during start-up cleans up too.
    register(this.#entry, persistent);
  }

  add(daemon: Daemon): Daemon {
    const record: ProcessRecord = { pid: daemon.pid, stopSignal: daemon.stopSignal, command: daemon.command };
    this.#entry.processes.push(record);
    this.resources.processes.push(record);
    return daemon;
  }

  /** Another service started on this one's behalf (prometheus's own pushgateway): stopped after it. */
  own(dependent: { stop(): Promise<void>; resources: Resources }): void {
    this.#dependents.push(dependent);
    this.resources.processes.push(...dependent.resources.processes);
    this.resources.dirs.push(...dependent.resources.dirs);
  }

  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      for (const record of [...this.#entry.processes].reverse()) await stopProcess(record);
      for (const dir of this.#entry.dirs) removeWorkDir(dir);
      for (const dependent of this.#dependents) await dependent.stop();
      unregister(this.#entry);
    })();
    return this.#stopping;
  }
}

/** The error for a start that failed: names the service and quotes the end of its log. */
export function startFailure(service: string, daemon: Daemon | undefined, logFile: string, cause: unknown): Error {
  const reason = cause instanceof Error ? cause.message : String(cause);
  const exited = daemon?.hasExited() ? ' (the process exited)' : '';
  return new Error(`${service} failed to start${exited}: ${reason}\n--- ${logFile} ---\n${logTail(logFile)}`, { cause });
}

/**
 * Runs a start attempt up to 3 times when the port it picked was taken in the meantime (the race
 * between freePort() and the service's own bind). Other failures are thrown at once.
 */
export async function retryOnPortClash<T>(attempt: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (tries >= 3 || !(error instanceof Error) || !PORT_IN_USE.test(error.message)) throw error;
    }
  }
}
