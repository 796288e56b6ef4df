import * as core from '@actions/core';
import type { Diagnosis } from './diagnosis.ts';
import { InputError, UserError, messageOf } from './errors.ts';
import { applyInputEnv, resolveInputEnv, type ActionMetadata } from './input-env.ts';
import { input, readInputs } from './inputs.ts';
import { createLogger, inert, type Logger } from './log.ts';
import { buildRecord, emitRecord } from './record.ts';
import { Redactor } from './redact.ts';
import { RunStats } from './stats.ts';
import { appendSummary } from './summary.ts';

/**
 * The one wrapper every entry point uses. It catches everything (a thrown string too), names the
 * action, tells a problem the user can fix from a bug in the suite (diagnosis.ts), writes what
 * failed and how to fix it to the job summary, and always ends with the execution record.
 * diagnosis.ts is imported only when a run fails: a successful run does not load it.
 */

export interface ActionContext {
  readonly action: string;
  readonly redactor: Redactor;
  readonly log: Logger;
  readonly stats: RunStats;
  /** Aborted when the job is cancelled (SIGINT/SIGTERM from the runner). */
  readonly signal: AbortSignal;
}

export interface MainResult {
  /** Defaults to 'success'; actions add their own (e.g. 'skipped', 'rolled-back'). */
  outcome?: string;
  attempts?: number;
  /** Fails the step after the record is written (e.g. a deploy that was rolled back). */
  failure?: string;
  /** With `failure`: how to fix it, for the job summary (default: a pointer to the action's own section). */
  fix?: string;
}

export type Main = (ctx: ActionContext) => Promise<MainResult | void>;

/** Inputs every action has; read once, by runAction. */
export const commonSpec = { 'log-format': input.enumOf(['text', 'json'] as const, { required: true }) };

/**
 * Runs an action's main entry. `metadata` is the action's generated src/metadata.ts: before
 * anything else, empty inputs get their action.yml defaults and unknown inputs fail the step.
 */
export async function runAction(metadata: ActionMetadata, main: Main, now: () => number = Date.now): Promise<void> {
  const action = metadata.action;
  const startedAt = now();
  const redactor = new Redactor();
  const stats = new RunStats();
  const controller = new AbortController();
  const cancel = (): void => controller.abort(new UserError(`${action} was cancelled`));
  process.once('SIGINT', cancel);
  process.once('SIGTERM', cancel);

  let log = createLogger({ redactor });
  let outcome = 'failure';
  let attempts = 0;
  let hints: readonly InputError[] = [];
  let failed: Failed | undefined;
  try {
    const inputs = applyInputEnv(metadata);
    hints = inputs.hints;
    const common = readInputs(commonSpec, redactor);
    log = createLogger({ redactor, format: common.logFormat });
    for (const w of inputs.warnings) log.warning(w);
    const result = (await main({ action, redactor, log, stats, signal: controller.signal })) ?? {};
    outcome = result.outcome ?? 'success';
    attempts = result.attempts ?? 1;
    if (result.failure) failed = { cancelled: controller.signal.aborted, reported: { outcome, failure: result.failure, fix: result.fix } };
  } catch (error) {
    failed = { cancelled: controller.signal.aborted, error: error instanceof InputError ? error.replacing(hints) : error };
  } finally {
    process.off('SIGINT', cancel);
    process.off('SIGTERM', cancel);
  }
  if (failed) outcome = await reportFailure(action, failed, redactor);
  try {
    await emitRecord(buildRecord({ action, outcome, startedAt, endedAt: now(), attempts, stats }), log);
  } catch (error) {
    core.warning(inert(redactor.scrub(`${action}: could not write the execution record: ${messageOf(error)}`)));
  }
}

type Failed = { cancelled: boolean } & ({ error: unknown } | { reported: { outcome: string; failure: string; fix: string | undefined } });

/** Fails the step with the diagnosis's annotation and writes its summary section; returns the outcome to record. */
async function reportFailure(action: string, failed: Failed, redactor: Redactor): Promise<string> {
  let diagnosis: Diagnosis;
  let markdown: (action: string, d: Diagnosis, redactor: Redactor) => string;
  try {
    const d = await import('./diagnosis.ts');
    if ('error' in failed) core.debug(inert(redactor.scrub(d.stackOf(failed.error))));
    diagnosis = 'error' in failed ? d.diagnose(failed.error, { action, cancelled: failed.cancelled }) : d.reported({ action, cancelled: failed.cancelled, ...failed.reported });
    markdown = d.diagnosisMarkdown;
  } catch (error) {
    // Never lose the failure itself: say it plainly when it cannot be explained.
    const what = 'error' in failed ? messageOf(failed.error) : failed.reported.failure;
    core.setFailed(inert(redactor.scrub(`${action}: ${what} (the failure could not be explained: ${messageOf(error)})`)));
    return failed.cancelled ? 'cancelled' : 'failure';
  }
  core.setFailed(inert(redactor.scrub(diagnosis.annotation)));
  try {
    await appendSummary(redactor, markdown(action, diagnosis, redactor));
  } catch (error) {
    core.warning(inert(redactor.scrub(`${action}: could not write the failure to the job summary: ${messageOf(error)}`)));
  }
  return diagnosis.outcome;
}

/**
 * Post steps clean up and report; they warn, and never fail a green job. They see the same inputs
 * as main (empty ones with their defaults); main already reported any unknown input.
 */
export async function runPost(metadata: ActionMetadata, post: (ctx: ActionContext) => Promise<void>): Promise<void> {
  const action = metadata.action;
  Object.assign(process.env, resolveInputEnv(metadata, process.env).defaults);
  const redactor = new Redactor();
  const log = createLogger({ redactor });
  try {
    await post({ action, redactor, log, stats: new RunStats(), signal: new AbortController().signal });
  } catch (error) {
    const { withCauses, stackOf } = await import('./diagnosis.ts');
    core.warning(inert(redactor.scrub(`${action} (post): ${withCauses(error)}`)));
    core.debug(inert(redactor.scrub(stackOf(error))));
  }
}
