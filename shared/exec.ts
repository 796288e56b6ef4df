import { spawn } from 'node:child_process';
import * as core from '@actions/core';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExecError } from './errors.ts';
import type { Redactor } from './redact.ts';

export { ExecError };

/**
 * Child processes. Commands are argv arrays (never a shell string); secrets reach children through
 * `env` or `stdin`, never argv; each attempt has a timeout that kills the whole process group.
 * Output is streamed line by line through the redactor.
 *
 * Tools with their own shutdown (Terraform, OpenTofu, Ansible) get two more options:
 * - `acceptExitCodes`: exit codes that are results, not failures (`plan -detailed-exitcode` exits 2
 *   when there are changes; hashicorp/setup-terraform#9 turned exactly that into a failure).
 * - `stop`: on timeout or cancellation, ONE signal (SIGINT by default) to the child process only,
 *   then `graceMs` for it to finish cleanly, and only then the whole group (SIGTERM, SIGKILL 5 s
 *   later). Terraform treats a second signal as "exit immediately, data loss may have occurred" and
 *   a signal to its group would also hit its provider plugins directly (opentofu/setup-opentofu#41).
 */

export interface ExecOptions {
  cwd?: string;
  /**
   * Added to the parent's environment; this is how untrusted values and secrets reach the child.
   * A key set to `undefined` removes an inherited variable (e.g. the step's `INPUT_*`).
   */
  env?: Record<string, string | undefined>;
  stdin?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  redactor?: Redactor;
  /**
   * Where output lines go; default the step's stdout (the runner log), written through
   * @actions/core like every other line, so the process never opens a second writer on it.
   * `null` keeps the output quiet.
   */
  onLine?: ((line: string, stream: 'stdout' | 'stderr') => void) | null;
  /** Exit codes besides 0 that resolve instead of rejecting (their code is in `exitCode`). */
  acceptExitCodes?: readonly number[];
  /** How a timeout or an abort stops the child; default: SIGTERM to its group at once. */
  stop?: StopPolicy;
  /**
   * Raw stdout goes to this file (created with mode 0600) instead of lines, `onLine` and `stdout`:
   * for large machine-readable output (`terraform show -json`) that is parsed, never logged.
   */
  stdoutFile?: string;
}

export interface StopPolicy {
  /** Sent once, to the child process only. Default SIGINT. */
  signal?: NodeJS.Signals;
  /** How long the child may take to exit after it, before its process group is terminated. */
  graceMs: number;
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

const TAIL_LINES = 20;

export function execFile(command: string, args: readonly string[], opts: ExecOptions = {}): Promise<ExecResult> {
  const scrub = (s: string): string => (opts.redactor ? opts.redactor.scrub(s) : s);
  const onLine = opts.onLine === undefined ? (line: string) => core.info(line) : opts.onLine;
  const accepted = new Set([0, ...(opts.acceptExitCodes ?? [])]);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: opts.cwd,
      env: { ...process.env, ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      // Own process group, so a timeout or cancellation kills grandchildren too.
      detached: true,
    });
    const out: string[] = [];
    const err: string[] = [];
    const pipe = (stream: NodeJS.ReadableStream, sink: string[], name: 'stdout' | 'stderr'): void => {
      let partial = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        const lines = (partial + chunk).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) emit(line);
      });
      stream.on('end', () => partial && emit(partial));
      function emit(line: string): void {
        const clean = scrub(line);
        sink.push(clean);
        onLine?.(clean, name);
      }
    };
    const written = opts.stdoutFile === undefined ? Promise.resolve() : toFile(child.stdout, opts.stdoutFile);
    if (opts.stdoutFile === undefined) pipe(child.stdout, out, 'stdout');
    pipe(child.stderr, err, 'stderr');

    let timedOut = false;
    let stopping = false;
    const timers: NodeJS.Timeout[] = [];
    const later = (ms: number, fn: () => void): void => {
      const t = setTimeout(fn, ms);
      t.unref();
      timers.push(t);
    };
    const running = (): boolean => child.pid !== undefined && child.exitCode === null && child.signalCode === null;
    const killGroup = (): void => {
      if (child.pid === undefined || !running()) return;
      try {
        const group = -child.pid;
        process.kill(group, 'SIGTERM');
        // Cleared on 'close': it fires only while something of the group still holds the pipes open.
        later(5000, () => tryKill(group));
      } catch {
        child.kill('SIGTERM');
      }
    };
    // Once only: a second timeout or abort must not send a second signal.
    const stop = (): void => {
      if (stopping || !running()) return;
      stopping = true;
      if (!opts.stop) return killGroup();
      try {
        child.kill(opts.stop.signal ?? 'SIGINT');
      } catch {
        // already gone
      }
      later(opts.stop.graceMs, killGroup);
    };
    if (opts.timeoutMs) later(opts.timeoutMs, () => ((timedOut = true), stop()));
    const onAbort = (): void => stop();
    if (opts.signal?.aborted) queueMicrotask(onAbort);
    else opts.signal?.addEventListener('abort', onAbort, { once: true });

    const settle = (): void => {
      for (const t of timers) clearTimeout(t);
      opts.signal?.removeEventListener('abort', onAbort);
    };
    child.on('error', (e) => {
      settle();
      reject(new Error(`Failed to start ${command}: ${e.message}`, { cause: e }));
    });
    child.on('close', (code, signal) => {
      settle();
      const result = { exitCode: code ?? -1, stdout: out.join('\n'), stderr: err.join('\n') };
      const failure = (): ExecError =>
        new ExecError(command, { exitCode: code, signal, timedOut, stderrTail: err.slice(-TAIL_LINES).join('\n') });
      written.then(
        () => (code !== null && accepted.has(code) && !timedOut ? resolve(result) : reject(failure())),
        (e: unknown) => reject(new Error(`Failed to write the output of ${command} to a file: ${(e as Error).message}`, { cause: e })),
      );
    });
    child.stdin.on('error', () => {}); // a child that exits without reading stdin must not crash us
    child.stdin.end(opts.stdin ?? '');
  });
}

/**
 * Starts a helper that outlives the step (report-metrics' resource sampler): detached in its own
 * process group, no stdio, not waited for. It gets exactly `env` — nothing inherited, so no
 * INPUT_* value or token reaches it. Resolves with its pid once it has started.
 */
export function startDetached(command: string, args: readonly string[], env: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: 'ignore', detached: true });
    child.once('error', (e) => reject(new Error(`Failed to start ${command}: ${e.message}`, { cause: e })));
    child.once('spawn', () => {
      child.unref();
      if (child.pid === undefined) reject(new Error(`Failed to start ${command}: no pid`));
      else resolve(child.pid);
    });
  });
}

/** Streams `stream` into a new 0600 file; resolves once everything is written. */
function toFile(stream: NodeJS.ReadableStream, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const file = createWriteStream(path, { mode: 0o600 });
    file.on('error', reject);
    file.on('finish', () => resolve());
    stream.pipe(file);
  });
}

function tryKill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/**
 * Runs a user-supplied script as GitHub runs `shell: bash`: from a file, with `bash --noprofile
 * --norc -eo pipefail`. The script text is never built from inputs; values arrive through `env`.
 */
export async function runScript(script: string, opts: ExecOptions = {}): Promise<ExecResult> {
  // Synchronous file calls: a few bytes, and node:fs/promises would start libuv's thread pool (four
  // threads) and load its readline dependencies just for them.
  const dir = mkdtempSync(join(process.env.RUNNER_TEMP || tmpdir(), 'script-'));
  const file = join(dir, 'script.sh');
  try {
    writeFileSync(file, script, { mode: 0o700 });
    return await execFile('bash', ['--noprofile', '--norc', '-eo', 'pipefail', file], opts);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
