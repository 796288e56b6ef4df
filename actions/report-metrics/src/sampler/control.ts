import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { State } from '../../../../shared/state.ts';

/**
 * Starting and stopping the sampler process. main starts it (its pid and readings file go to the
 * step state: identifiers, never secrets), post stops it with SIGTERM — after checking the pid
 * still runs our sampler, since pids are reused — and reads the file.
 */

export type SamplerStateKey = 'sampler-pid' | 'sampler-file' | 'sampler-script';

export interface SamplerStart {
  /** The sampler bundle: dist/report-metrics/sampler/index.js, beside the running entry's folder. */
  script?: string;
  intervalMs: number;
  runnerTemp: string;
  workspace: string;
  /** Names the readings file: report-metrics-<run>-<attempt>-<job>. */
  id: string;
}

/** The sampler bundle next to the entry that runs (main and post live in sibling folders of dist/report-metrics/). */
function bundledSampler(entry: string = process.argv[1] ?? ''): string {
  return join(dirname(dirname(entry)), 'sampler', 'index.js');
}

export async function startSampler(state: State<SamplerStateKey>, start: SamplerStart): Promise<{ pid: number; file: string }> {
  const script = start.script ?? bundledSampler();
  if (!existsSync(script)) throw new Error(`the sampler ${script} is missing from the action's dist folder`);
  const file = join(start.runnerTemp, `report-metrics-${start.id.replace(/[^A-Za-z0-9_.-]/g, '_')}.jsonl`);
  // Only PATH: the step's environment holds INPUT_* values and tokens the sampler has no use for.
  // exec.ts brings node:child_process (and net, dgram) with it: only main, which starts the sampler, needs it — not post's start.
  const { startDetached } = await import('../../../../shared/exec.ts');
  const pid = await startDetached(process.execPath, [script, file, String(start.intervalMs), start.workspace], { PATH: process.env.PATH ?? '' });
  state.save('sampler-pid', pid);
  state.save('sampler-file', file);
  state.save('sampler-script', script);
  return { pid, file };
}

export interface Stopped {
  file: string;
  /** false when the process had already ended (killed with the job, crashed, its lifetime spent). */
  wasRunning: boolean;
}

/** Stops the sampler main started, if any; undefined when main started none. */
export async function stopSampler(state: State<SamplerStateKey>, graceMs = 3_000): Promise<Stopped | undefined> {
  const pid = Number(state.get('sampler-pid') ?? '');
  const file = state.get('sampler-file');
  if (!Number.isSafeInteger(pid) || pid <= 1 || !file) return undefined;
  const script = state.get('sampler-script') ?? '';
  const running = isAlive(pid) && runsScript(pid, script);
  if (running) {
    process.kill(pid, 'SIGTERM');
    const deadline = Date.now() + graceMs;
    while (isAlive(pid) && Date.now() < deadline) await sleep(50);
    if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  }
  return { file, wasRunning: running };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** True unless /proc says the pid now runs something else (without /proc we cannot tell, and trust the state). */
function runsScript(pid: number, script: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(script);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ENOENT' || !existsSync('/proc/self');
  }
}
