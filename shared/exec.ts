import { spawn } from 'node:child_process';
import * as core from '@actions/core';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExecError } from './errors.ts';
import type { Redactor } from './redact.ts';

export { ExecError };

/**
 * Child processes. Commands are argv arrays (never a shell string); secrets reach children through
 * `env` or `stdin`, never argv; each attempt has a timeout that kills the whole process group.
 * Output is streamed line by line through the redactor.
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
    pipe(child.stdout, out, 'stdout');
    pipe(child.stderr, err, 'stderr');

    let timedOut = false;
    const kill = (): void => {
      if (child.pid === undefined || child.exitCode !== null) return;
      try {
        process.kill(-child.pid, 'SIGTERM');
        setTimeout(() => child.exitCode === null && child.pid && tryKill(-child.pid), 5000).unref();
      } catch {
        child.kill('SIGTERM');
      }
    };
    const timer = opts.timeoutMs ? setTimeout(() => ((timedOut = true), kill()), opts.timeoutMs) : undefined;
    timer?.unref();
    const onAbort = (): void => kill();
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`Failed to start ${command}: ${e.message}`, { cause: e }));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      const result = { exitCode: code ?? -1, stdout: out.join('\n'), stderr: err.join('\n') };
      if (code === 0 && !timedOut) return resolve(result);
      reject(new ExecError(command, { exitCode: code, signal, timedOut, stderrTail: err.slice(-TAIL_LINES).join('\n') }));
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
