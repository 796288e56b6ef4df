// One entry's child process: Node 24 in its own process group, output fed line by line to the
// log processing, and the runner's stop sequence (SIGINT, then SIGTERM, then SIGKILL to the group)
// on cancellation or timeout.

import { spawn } from 'node:child_process';
import type { JobState, StepRunState } from './job-state.ts';
import { LineSplitter } from './line-splitter.ts';
import { processLine } from './log-processing.ts';
import { node24 } from './node24.ts';

/** How the process ended, and everything it printed (raw). */
export interface SpawnOutcome {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  cancelled: boolean;
  timedOut: boolean;
  durationMs: number;
}

/** When to stop a step, and how long each signal of the stop sequence gets. */
export interface StepLimits {
  /** Cancel the job this long after the step starts (unset: never). */
  cancelAfterMs?: number;
  /** Cancel the job when the step prints a stdout line matching this (a readiness line: robust on a slow machine). */
  cancelOnLine?: RegExp;
  timeoutMs: number;
  sigtermAfterMs: number;
  sigkillAfterMs: number;
}

/** Runs `script` and resolves once the process is over (its pipes closed, or 1 s after it exited). */
export function spawnStep(
  job: JobState,
  step: StepRunState,
  script: string,
  env: Record<string, string>,
  cwd: string,
  limits: StepLimits,
): Promise<SpawnOutcome> {
  return new Promise((resolvePromise, reject) => {
    const started = Date.now();
    const child = spawn(node24(), [script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    if (child.pid !== undefined) job.pids.push(child.pid);
    let stdout = '';
    let stderr = '';
    let cancelled = false;
    let timedOut = false;
    let exited = false;
    let exitCode: number | null = null;
    let signal: NodeJS.Signals | null = null;
    const timers: NodeJS.Timeout[] = [];
    const outLines = new LineSplitter((l) => {
      processLine(job, step, 'stdout', l);
      if (limits.cancelOnLine?.test(l) && !cancelled && !exited) {
        cancelled = true;
        stop();
      }
    });
    const errLines = new LineSplitter((l) => processLine(job, step, 'stderr', l));
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      stdout += d;
      outLines.push(d);
    });
    child.stderr.on('data', (d: string) => {
      stderr += d;
      errLines.push(d);
    });

    const stop = (): void => {
      if (exited) return;
      child.kill('SIGINT');
      timers.push(
        setTimeout(() => {
          if (exited) return;
          child.kill('SIGTERM');
          timers.push(
            setTimeout(() => {
              if (exited || child.pid === undefined) return;
              try {
                process.kill(-child.pid, 'SIGKILL');
              } catch {
                child.kill('SIGKILL');
              }
            }, limits.sigkillAfterMs),
          );
        }, limits.sigtermAfterMs),
      );
    };
    if (limits.cancelAfterMs !== undefined) {
      timers.push(
        setTimeout(() => {
          if (exited) return;
          cancelled = true;
          stop();
        }, limits.cancelAfterMs),
      );
    }
    timers.push(
      setTimeout(() => {
        if (exited || cancelled) return;
        timedOut = true;
        stop();
      }, limits.timeoutMs),
    );

    let settled = false;
    const finish = (): void => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      outLines.end();
      errLines.end();
      resolvePromise({ exitCode, signal, stdout, stderr, cancelled, timedOut, durationMs: Date.now() - started });
    };
    child.on('error', (e) => {
      for (const t of timers) clearTimeout(t);
      reject(e);
    });
    child.on('exit', (code, sig) => {
      exited = true;
      exitCode = code;
      signal = sig;
      // A grandchild may hold the pipes open; the step is over when its process is.
      timers.push(
        setTimeout(() => {
          child.stdout.destroy();
          child.stderr.destroy();
          finish();
        }, 1000),
      );
    });
    child.on('close', () => {
      if (exited) finish();
    });
  });
}
