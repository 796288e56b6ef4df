// A step's environment files (GITHUB_OUTPUT, GITHUB_ENV, GITHUB_STATE, GITHUB_STEP_SUMMARY,
// GITHUB_PATH): created empty before the step under RUNNER_TEMP/_runner_file_commands, one set per
// step as the runner does, and applied to the job after the process ends (the runner reads them
// only then, so what a step writes there takes effect for later steps, not for itself).

import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseKeyValueFile, parsePathFile } from './file-commands.ts';
import { addPrependPath, runnerError } from './job-state.ts';
import type { JobState, StepRunState } from './job-state.ts';

/** The runner's limit on one step's summary (1024k); a larger one is dropped with an error. */
const SUMMARY_LIMIT = 1024 * 1024;

/** The variables pointing a step at its environment files. A type alias so it spreads into an env record. */
export type StepFiles = {
  GITHUB_OUTPUT: string;
  GITHUB_ENV: string;
  GITHUB_STATE: string;
  GITHUB_STEP_SUMMARY: string;
  GITHUB_PATH: string;
};

/** What the step wrote, raw, by file. */
export type StepFileContents = { output: string; env: string; state: string; summary: string; path: string };

/** Creates a fresh, empty set of environment files in `dir` for one step. */
export function createStepFiles(dir: string): StepFiles {
  const id = randomUUID();
  const files: StepFiles = {
    GITHUB_OUTPUT: join(dir, `set_output_${id}`),
    GITHUB_ENV: join(dir, `set_env_${id}`),
    GITHUB_STATE: join(dir, `save_state_${id}`),
    GITHUB_STEP_SUMMARY: join(dir, `step_summary_${id}`),
    GITHUB_PATH: join(dir, `add_path_${id}`),
  };
  for (const f of Object.values(files)) writeFileSync(f, '');
  return files;
}

function readIfExists(file: string): string {
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

/**
 * Reads the step's environment files and applies them in the runner's order: PATH additions,
 * exported variables, the summary, state, outputs. Updates the job (exported env, PATH, state,
 * runner errors) and the step (outputs, and commandFailed when a file cannot be processed).
 */
export function applyStepFiles(
  job: JobState,
  step: StepRunState,
  files: StepFiles,
): { raw: StepFileContents; added: string[]; exported: Record<string, string>; summary: string } {
  const entry = step.entry;
  const raw: StepFileContents = {
    output: readIfExists(files.GITHUB_OUTPUT),
    env: readIfExists(files.GITHUB_ENV),
    state: readIfExists(files.GITHUB_STATE),
    summary: readIfExists(files.GITHUB_STEP_SUMMARY),
    path: readIfExists(files.GITHUB_PATH),
  };
  const fileError = (kind: string, message: string): void => {
    runnerError(job, entry, `Unable to process file command '${kind}' successfully.`);
    runnerError(job, entry, message);
    step.commandFailed = true;
  };
  const added = parsePathFile(raw.path);
  for (const d of added) addPrependPath(job, d);
  const exported: Record<string, string> = {};
  const envParse = parseKeyValueFile(raw.env);
  for (const [k, v] of envParse.entries) {
    if (k === 'NODE_OPTIONS') {
      runnerError(job, entry, "Can't store NODE_OPTIONS output parameter using '$GITHUB_ENV' command.");
      continue;
    }
    exported[k] = v;
    job.exported[k] = v;
  }
  if (envParse.error) fileError('env', envParse.error);
  let summary = raw.summary;
  if (Buffer.byteLength(summary) > SUMMARY_LIMIT) {
    runnerError(
      job,
      entry,
      `$GITHUB_STEP_SUMMARY upload aborted, supports content up to a size of 1024k, got ${Math.ceil(statSync(files.GITHUB_STEP_SUMMARY).size / 1024)}k. For more information see: https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions#adding-a-markdown-summary`,
    );
    summary = '';
  }
  const stateParse = parseKeyValueFile(raw.state);
  for (const [k, v] of stateParse.entries) job.state[k] = v;
  if (stateParse.error) fileError('state', stateParse.error);
  const outParse = parseKeyValueFile(raw.output);
  for (const [k, v] of outParse.entries) step.outputs[k] = v;
  if (outParse.error) fileError('output', outParse.error);
  return { raw, added, exported, summary };
}
