/**
 * Runs a program to completion and collects its output. argv arrays only, never a shell: values
 * such as user names come from tests, and secrets travel through `env` or `stdin`, never argv,
 * where `ps` would show them.
 */
import { spawn } from 'node:child_process';

export interface RunOptions {
  /** Extra environment on top of the base environment (see `baseEnv`). */
  env?: Record<string, string>;
  /** Written to the child's stdin, which is then closed. */
  input?: string;
  cwd?: string;
  /** Run as another user (only when we are root): postgres refuses to run as root. */
  uid?: number | undefined;
  gid?: number | undefined;
  /** Kill the child after this many ms (default 60 s): a hung CLI must not hang the test run. */
  timeoutMs?: number;
}

export interface RunResult {
  code: number;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * A small, predictable environment: PATH and locale only. Inheriting the caller's environment
 * would let stray PGPASSWORD, PGHOST, MYSQL_HOST, ANSIBLE_* … change what a check measures.
 */
export function baseEnv(): Record<string, string> {
  return {
    PATH: process.env['PATH'] ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    LANG: 'C.UTF-8',
    LC_ALL: 'C.UTF-8',
  };
}

export function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const env = { ...baseEnv(), ...options.env };
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env,
      cwd: options.cwd,
      uid: options.uid,
      gid: options.gid,
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 60_000,
      killSignal: 'SIGKILL',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? -1, signal, stdout, stderr }));
    // A child that exits before reading stdin makes the write fail with EPIPE; the exit code tells.
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
  });
}
