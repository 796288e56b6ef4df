// The mutable record of one emulated job, and the few ways steps change it. Log processing, the
// environment files and the orchestration all write here, so the shape and its helpers live apart
// from each of them.

import type { RunnerSecretMasker } from './masker.ts';
import type { Annotation, StepEntry, TranscriptLine } from './types.ts';

/** What the runner keeps across the steps of a job. */
export interface JobState {
  masker: RunnerSecretMasker;
  masks: string[];
  registered: Set<string>;
  stopToken: string | undefined;
  annotations: Annotation[];
  debug: Array<{ step: StepEntry; message: string }>;
  groups: Array<{ step: StepEntry; name: string }>;
  transcript: TranscriptLine[];
  exported: Record<string, string>;
  prependPath: string[];
  state: Record<string, string>;
  workspace: string;
  debugEnabled: boolean;
  pids: number[];
}

/** What the runner keeps for the step that is running. */
export interface StepRunState {
  entry: StepEntry;
  echo: boolean;
  commandFailed: boolean;
  outputs: Record<string, string>;
  allowUnsecure: boolean;
  /** ACTIONS_ALLOW_UNSECURE_STOPCOMMAND_TOKENS: stop-commands accepts any token. */
  allowUnsecureStopTokens: boolean;
}

/** Records an annotation; the masked message uses the masks known at this moment, as the runner's log does. */
export function annotate(job: JobState, a: Omit<Annotation, 'maskedMessage'>): void {
  job.annotations.push({ ...a, maskedMessage: job.masker.mask(a.message) });
}

/** An error the runner itself reports (not the action). */
export function runnerError(job: JobState, step: StepEntry, message: string): void {
  annotate(job, { level: 'error', message, step, source: 'runner' });
}

/** Adds a PATH entry at the highest priority; a directory added again moves to the front. */
export function addPrependPath(job: JobState, dir: string): void {
  job.prependPath = job.prependPath.filter((p) => p !== dir);
  job.prependPath.push(dir);
}
