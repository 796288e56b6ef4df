/**
 * Long-running service processes. Each runs in its own process group (detached) with its output
 * in a log file, never a pipe: a pipe would tie the service's life to ours (SIGPIPE) and a
 * `scripts/services.ts start` must leave it running. Stopping signals the leader first (a clean
 * shutdown), then kills the whole group, so postgres backends and the like never outlive a test.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { baseEnv } from './exec.ts';

/** What is needed to stop a process, also from another process (the state file holds these). */
export interface ProcessRecord {
  pid: number;
  /** The signal that makes this program shut down quickly and cleanly (postgres: SIGINT). */
  stopSignal: NodeJS.Signals;
  /** The program started; a later `stop` from the CLI checks the pid still runs it (pids get reused). */
  command?: string | undefined;
}

export interface DaemonOptions {
  env?: Record<string, string>;
  cwd?: string;
  uid?: number | undefined;
  gid?: number | undefined;
  /** stdout and stderr go here; read it to explain a failed start. */
  logFile: string;
  stopSignal?: NodeJS.Signals;
  /** Text written to stdin (redis reads its config there, so the admin password stays off argv). */
  input?: string;
}

export interface Daemon extends ProcessRecord {
  /** Resolves with the exit code (or signal) once the process has ended. */
  readonly exited: Promise<string>;
  hasExited(): boolean;
}

export function spawnDaemon(command: string, args: readonly string[], options: DaemonOptions): Daemon {
  const log = openSync(options.logFile, 'a');
  const child = spawn(command, args, {
    env: { ...baseEnv(), ...options.env },
    cwd: options.cwd,
    uid: options.uid,
    gid: options.gid,
    detached: true,
    stdio: [options.input === undefined ? 'ignore' : 'pipe', log, log],
  });
  closeSync(log);
  if (options.input !== undefined && child.stdin) {
    child.stdin.on('error', () => {});
    child.stdin.end(options.input);
  }
  // Don't keep the test process (or the CLI) alive just because a service runs.
  child.unref();
  let done = false;
  const exited = new Promise<string>((resolve) => {
    child.on('exit', (code, signal) => {
      done = true;
      resolve(signal ?? `exit ${code}`);
    });
    child.on('error', (error) => {
      done = true;
      resolve(`spawn error: ${error.message}`);
    });
  });
  if (child.pid === undefined) {
    // spawn failed synchronously (ENOENT…); 'error' follows and `exited` reports it.
    return { pid: -1, stopSignal: options.stopSignal ?? 'SIGTERM', command, exited, hasExited: () => true };
  }
  return { pid: child.pid, stopSignal: options.stopSignal ?? 'SIGTERM', command, exited, hasExited: () => done };
}

/** True while the process exists and is not a zombie (an orphan whose parent never reaps it). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The state letter follows the command name, which is in parentheses and may hold spaces.
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/**
 * True unless we can tell the pid now runs another program: a saved pid may have been reused
 * since the CLI started the service (after a reboot, say), and we must not kill a stranger.
 */
export function runsCommand(record: ProcessRecord): boolean {
  if (record.command === undefined) return true;
  try {
    return readlinkSync(`/proc/${record.pid}/exe`) === realpathSync(record.command);
  } catch (error) {
    // ENOENT: the process is gone, nothing to kill. EACCES (not root): can't tell, trust the record.
    return (error as NodeJS.ErrnoException).code === 'EACCES';
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // ESRCH: already gone.
  }
}

/** Stops one service process: its own stop signal, then SIGKILL to the group after `graceMs`. */
export async function stopProcess(record: ProcessRecord, graceMs = 10_000): Promise<void> {
  if (record.pid <= 0) return;
  if (isAlive(record.pid)) {
    signal(record.pid, record.stopSignal);
    const deadline = Date.now() + graceMs;
    while (isAlive(record.pid) && Date.now() < deadline) await sleep(25);
  }
  // The group id is the leader's pid (detached); this also reaps children the leader left behind.
  signal(-record.pid, 'SIGKILL');
  const deadline = Date.now() + 5_000;
  while (isAlive(record.pid) && Date.now() < deadline) await sleep(25);
}

/** For 'exit' handlers, where nothing asynchronous runs any more. */
export function killSync(record: ProcessRecord): void {
  if (record.pid <= 0) return;
  signal(-record.pid, 'SIGKILL');
}

/** The last lines of a log file, to explain a start that failed. */
export function logTail(path: string, lines = 20): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
