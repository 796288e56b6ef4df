// One entry (pre, main or post) as the runner runs it: its environment assembled in the runner's
// order of precedence, the process, then its environment files, and the step's result.

import { spawnStep } from './spawn-step.ts';
import type { StepLimits } from './spawn-step.ts';
import { annotate, runnerError } from './job-state.ts';
import type { JobState, StepRunState } from './job-state.ts';
import { inputEnvName } from './action-yml.ts';
import { applyStepFiles, createStepFiles } from './step-files.ts';
import type { StepFiles } from './step-files.ts';
import type { StepEntry, StepResult } from './types.ts';

/** What every step of a run shares; fixed before the first step starts. */
export interface StepSetup {
  job: JobState;
  /** RUNNER_TEMP/_runner_file_commands. */
  fileCommandDir: string;
  /** cwd of the step. */
  workspace: string;
  home: string;
  /** The variables passed through from this process. */
  baseEnv: Record<string, string>;
  /** The runner's variables for a step, given that step's environment files. */
  contextEnv: (files: StepFiles) => Record<string, string>;
  /** The step's `env:`. */
  stepEnv: Record<string, string> | undefined;
  /** Effective inputs (given values plus action.yml defaults). */
  inputs: Record<string, string>;
  /** The runner's warnings about the inputs, shown when main starts. */
  inputWarnings: string[];
  limits: Omit<StepLimits, 'cancelAfterMs' | 'cancelOnLine'>;
}

/** Runs one entry's script to the end and reports it; `cancel` says when to cancel the job (after a delay, or at a line). */
export async function runStep(
  setup: StepSetup,
  entry: StepEntry,
  script: string,
  condition: string,
  cancel: Pick<StepLimits, 'cancelAfterMs' | 'cancelOnLine'> = {},
): Promise<StepResult> {
  const { job } = setup;
  const files = createStepFiles(setup.fileCommandDir);

  const inputEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(setup.inputs)) inputEnv[inputEnvName(k)] = v;
  const stateEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(job.state)) stateEnv[`STATE_${k}`] = v;
  // Later sources win: the step's `env:` over the runner's variables, and inputs and state over all.
  const env: Record<string, string> = {
    ...setup.baseEnv,
    HOME: setup.home,
    ...job.exported,
    ...setup.contextEnv(files),
    ...setup.stepEnv,
    ...inputEnv,
    ...stateEnv,
  };
  const basePath = setup.stepEnv?.['PATH'] ?? job.exported['PATH'] ?? setup.baseEnv['PATH'] ?? '/usr/local/bin:/usr/bin:/bin';
  env['PATH'] = [...[...job.prependPath].reverse(), basePath].join(':');

  const step: StepRunState = {
    entry,
    echo: job.debugEnabled,
    commandFailed: false,
    outputs: {},
    allowUnsecure: env['ACTIONS_ALLOW_UNSECURE_COMMANDS'] === 'true',
    allowUnsecureStopTokens: env['ACTIONS_ALLOW_UNSECURE_STOPCOMMAND_TOKENS'] === 'true',
  };
  if (entry === 'main') for (const w of setup.inputWarnings) annotate(job, { level: 'warning', message: w, step: entry, source: 'runner' });

  const stateBefore = { ...job.state };
  const limits: StepLimits = { ...setup.limits, ...cancel };
  const out = await spawnStep(job, step, script, env, setup.workspace, limits);

  const { raw, added, exported, summary } = applyStepFiles(job, step, files);
  const savedByStep: Record<string, string> = {};
  for (const [k, v] of Object.entries(job.state)) if (stateBefore[k] !== v) savedByStep[k] = v;

  const conclusion: StepResult['conclusion'] = out.cancelled
    ? 'cancelled'
    : out.exitCode !== 0 || out.timedOut || step.commandFailed
      ? 'failure'
      : 'success';
  if (out.timedOut) runnerError(job, entry, `The action '${entry}' has timed out after ${setup.limits.timeoutMs} ms.`);
  return {
    entry,
    script,
    condition,
    skipped: false,
    exitCode: out.exitCode,
    signal: out.signal,
    conclusion,
    cancelled: out.cancelled,
    timedOut: out.timedOut,
    durationMs: out.durationMs,
    stdout: out.stdout,
    stderr: out.stderr,
    outputs: step.outputs,
    env: exported,
    state: savedByStep,
    path: added,
    summary,
    maskedSummary: job.masker.mask(summary),
    files: raw,
    processEnv: env,
  };
}

/** The result of an entry whose condition was false: it never ran. */
export function skippedStep(entry: StepEntry, script: string, condition: string): StepResult {
  return {
    entry,
    script,
    condition,
    skipped: true,
    exitCode: null,
    signal: null,
    conclusion: 'skipped',
    cancelled: false,
    timedOut: false,
    durationMs: 0,
    stdout: '',
    stderr: '',
    outputs: {},
    env: {},
    state: {},
    path: [],
    summary: '',
    maskedSummary: '',
    files: { output: '', env: '', state: '', summary: '', path: '' },
    processEnv: {},
  };
}
