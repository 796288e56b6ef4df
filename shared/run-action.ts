import * as core from '@actions/core';
import { ExecError, InputError, TransientError, UserError, causeChain, messageOf } from './errors.ts';
import { applyInputEnv, resolveInputEnv, type ActionMetadata } from './input-env.ts';
import { input, readInputs } from './inputs.ts';
import { createLogger, type Logger } from './log.ts';
import { buildRecord, emitRecord } from './record.ts';
import { Redactor } from './redact.ts';
import { RunStats } from './stats.ts';

/**
 * The one wrapper every entry point uses. It catches everything (a thrown string too), names the
 * action, tells a problem the user can fix from a bug in the suite, and always emits the record.
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
  try {
    const inputs = applyInputEnv(metadata);
    hints = inputs.hints;
    const common = readInputs(commonSpec, redactor);
    log = createLogger({ redactor, format: common.logFormat });
    for (const w of inputs.warnings) log.warning(w);
    const result = (await main({ action, redactor, log, stats, signal: controller.signal })) ?? {};
    outcome = result.outcome ?? 'success';
    attempts = result.attempts ?? 1;
    if (result.failure) core.setFailed(redactor.scrub(`${action}: ${result.failure}`));
  } catch (error) {
    outcome = controller.signal.aborted ? 'cancelled' : 'failure';
    fail(action, error instanceof InputError ? error.replacing(hints) : error, redactor);
  } finally {
    process.off('SIGINT', cancel);
    process.off('SIGTERM', cancel);
  }
  try {
    await emitRecord(buildRecord({ action, outcome, startedAt, endedAt: now(), attempts, stats }), log);
  } catch (error) {
    core.warning(redactor.scrub(`${action}: could not write the execution record: ${messageOf(error)}`));
  }
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
    core.warning(redactor.scrub(`${action} (post): ${messageOf(error)}`));
    core.debug(redactor.scrub(stackOf(error)));
  }
}

function fail(action: string, error: unknown, redactor: Redactor): void {
  const message = withCauses(error);
  if (isEnvironmentProblem(error)) {
    core.setFailed(redactor.scrub(`${action}: ${message}`));
  } else {
    core.setFailed(
      redactor.scrub(
        `${action}: unexpected error: ${message}. This is a bug in the actions suite; please report it with the debug log (re-run with debug logging enabled).`,
      ),
    );
  }
  core.debug(redactor.scrub(stackOf(error)));
}

/**
 * Problems with inputs, permissions, the network or the user's own scripts, as opposed to bugs of
 * ours. The cause chain counts: boundaries wrap errors (`Failed to create deployment`, { cause }).
 */
function isEnvironmentProblem(error: unknown): boolean {
  return causeChain(error).some(
    (e) =>
      e instanceof InputError ||
      e instanceof UserError ||
      e instanceof TransientError ||
      e instanceof ExecError ||
      // By name, so the start path does not load retry.ts and p-retry: API and network failures that
      // outlasted their retries (their messages say what GitHub answered and what to fix).
      (e instanceof Error && (e.name === 'RetryError' || e.name === 'GitHubApiError')) ||
      typeof (e as { status?: unknown }).status === 'number',
  );
}

/** The message, followed by each cause's message that it does not already contain. */
function withCauses(error: unknown): string {
  let message = messageOf(error);
  for (const cause of causeChain(error).slice(1)) {
    const next = messageOf(cause);
    if (next && !message.includes(next)) message += `: ${next}`;
  }
  return message;
}

function stackOf(error: unknown): string {
  return causeChain(error)
    .map((e) => (e instanceof Error ? (e.stack ?? e.message) : messageOf(e)))
    .join('\ncaused by:\n');
}
