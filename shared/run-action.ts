import * as core from '@actions/core';
import { ExecError, InputError, TransientError, UserError, causeChain, messageOf } from './errors.ts';
import { applyInputEnv, resolveInputEnv, type ActionMetadata } from './input-env.ts';
import { input, readInputs } from './inputs.ts';
import { createLogger, inert, type Logger } from './log.ts';
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
    if (result.failure) core.setFailed(inert(redactor.scrub(`${action}: ${result.failure}`)));
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
    core.warning(inert(redactor.scrub(`${action}: could not write the execution record: ${messageOf(error)}`)));
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
    core.warning(inert(redactor.scrub(`${action} (post): ${withCauses(error)}`)));
    core.debug(inert(redactor.scrub(stackOf(error))));
  }
}

function fail(action: string, error: unknown, redactor: Redactor): void {
  const message = withCauses(error);
  if (isEnvironmentProblem(error)) {
    core.setFailed(inert(redactor.scrub(`${action}: ${message}`)));
  } else {
    core.setFailed(
      inert(
        redactor.scrub(
          `${action}: unexpected error: ${message}. This is a bug in the actions suite; please report it with the debug log (re-run with debug logging enabled).`,
        ),
      ),
    );
  }
  core.debug(inert(redactor.scrub(stackOf(error))));
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

/**
 * The message, followed by each cause's message that it does not already contain. A failed API or
 * network call (RetryError, GitHubApiError: by name, to keep retry.ts off the start path) already
 * says what happened — method and path, attempts, status, request id — so its causes are not
 * pasted after it, and the raw answer it quotes is replaced by a description: GitHub's `message`
 * when the body is JSON, "an HTML error page (title: …)", or the size of anything else.
 */
export function withCauses(error: unknown): string {
  let message = '';
  for (const e of causeChain(error)) {
    const api = e instanceof Error && (e.name === 'RetryError' || e.name === 'GitHubApiError');
    const next = api ? describeCallFailure(e) : messageOf(e);
    if (message === '') message = next;
    else if (next && !message.includes(next)) message += `: ${next}`;
    if (api) break;
  }
  return message;
}

function describeCallFailure(error: Error): string {
  const cause = (error as { cause?: unknown }).cause;
  const excerpt = firstLine(messageOf(cause));
  const data = (error as { data?: unknown }).data ?? prop(prop(cause, 'response'), 'data');
  const detail = describeBody(data);
  const message = error.message.split(/\r?\n/)[0] ?? '';
  return excerpt && detail !== undefined && message.includes(excerpt) ? message.replace(excerpt, detail) : message;
}

/** What retry.ts quotes of a cause: its first line, queries cut from URLs, at most 300 characters. */
function firstLine(text: string): string {
  const line = (text.split('\n')[0] ?? '').replace(/(\bhttps?:\/\/[^\s?#"'<>]*)[?#][^\s"'<>]*/gi, '$1');
  return line.length > 300 ? `${line.slice(0, 299)}…` : line;
}

/** A short description of an error body, or undefined when there is nothing better than what was quoted. */
export function describeBody(data: unknown): string | undefined {
  let value = data;
  if (typeof value === 'string') {
    const text = value.trim();
    if (/^<(!doctype|html|head|body)\b/i.test(text) || /<\/(html|body|head|title)>/i.test(text)) {
      const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1]?.replace(/\s+/g, ' ').trim();
      return title ? `an HTML error page (title: ${clip(title, 100)})` : 'an HTML error page';
    }
    try {
      value = JSON.parse(text);
    } catch {
      value = undefined;
    }
    if (typeof value !== 'object' || value === null) {
      const plain = typeof value === 'string' ? value : text;
      return plain.length <= 200 && !/[\r\n]/.test(plain) ? undefined : `a ${plain.length}-character answer that is not JSON`;
    }
  }
  const message = prop(value, 'message');
  return typeof message === 'string' && message.trim() ? clip(message.replace(/\s+/g, ' ').trim(), 200) : undefined;
}

const clip = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const prop = (v: unknown, key: string): unknown => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined);

function stackOf(error: unknown): string {
  return causeChain(error)
    .map((e) => (e instanceof Error ? (e.stack ?? e.message) : messageOf(e)))
    .join('\ncaused by:\n');
}
