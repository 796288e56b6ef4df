import { ExecError, InputError, TransientError, UserError, causeChain, messageOf } from './errors.ts';
import type { GitHubApiError } from './github.ts';
import type { Redactor } from './redact.ts';
import { codeBlock, inline, table, text } from './summary.ts';
import { SUITE_VERSION } from './version.ts';

/**
 * What failed and how to fix it, for every way a run can end badly: an input, a call to GitHub or
 * another service, the user's own command, the environment, a cancellation, or a bug of ours. One
 * diagnosis gives both the step's error annotation (one line) and the job-summary section (the
 * inputs with their expected forms, the failed request with its status and request id, the tail of
 * a command's errors, and the fix). Nothing here knows a particular action.
 */

export type FailureKind = 'input' | 'api' | 'call' | 'command' | 'environment' | 'reported' | 'cancelled' | 'bug';

export interface Diagnosis {
  readonly kind: FailureKind;
  /** The record's outcome: 'cancelled', or the action's own ('failure', 'rolled-back', …). */
  readonly outcome: string;
  /** The annotation: `<action>: <message>`, one line where the error allows it. */
  readonly annotation: string;
  /** The section's heading after `<action>: <outcome>`. */
  readonly title: string;
  /** What failed, in a sentence (untrusted text: escaped when rendered). */
  readonly what: string;
  /** Labelled facts, as table rows (label, value). */
  readonly facts: ReadonlyArray<readonly [string, string]>;
  /** Invalid inputs, one row each. */
  readonly inputs: ReadonlyArray<{ readonly input: string; readonly problem: string; readonly expected: string }>;
  /** Verbatim output worth showing (a command's last error lines). */
  readonly output: string | undefined;
  /** How to fix it (or, for a bug, how to report it), in sentences. */
  readonly fix: readonly string[];
}

export interface DiagnoseContext {
  readonly action: string;
  /** The job was cancelled (SIGINT/SIGTERM) while the action ran. */
  readonly cancelled: boolean;
  readonly env?: NodeJS.ProcessEnv;
}

/** A thrown error (or anything thrown) as a diagnosis. */
export function diagnose(error: unknown, c: DiagnoseContext): Diagnosis {
  const message = withCauses(error);
  const base = { annotation: `${c.action}: ${message}`, facts: [], inputs: [], output: undefined };
  if (c.cancelled) return cancelled(c, message);

  const input = error instanceof InputError ? error : undefined;
  if (input) {
    const [first, ...others] = input.parts;
    const parts = input.parts;
    const unknown = parts.filter((p) => /^unknown input /.test(p.message)).length;
    const one = first !== undefined && others.length === 0 ? first.input : undefined;
    return {
      ...base,
      kind: 'input',
      outcome: 'failure',
      title: one !== undefined ? `invalid input '${one}'` : `${parts.length} invalid inputs`,
      what: one !== undefined ? `The input '${one}' is not valid, so the action stopped (inputs are checked before anything is changed).` : `${parts.length} inputs are not valid, so the action stopped (inputs are checked before anything is changed).`,
      inputs: parts.map(describeInput),
      fix: [
        ...(unknown < parts.length ? ["Give each input listed above a value of the expected form under the step's `with:` (the action's README lists every input with its form and default), then re-run the job."] : []),
        ...(unknown > 0 ? [`Remove or rename the unknown input${unknown === 1 ? '' : 's'}: the closest valid name is suggested above. A misspelt input would otherwise be ignored, with only a warning from the runner.`] : []),
      ],
    };
  }

  const given = givenFix(error);
  const api = causeChain(error).find(isApiError);
  if (api) return withFix({ ...base, ...apiFailure(api, message) }, given);

  const exec = causeChain(error).find((e): e is ExecError => e instanceof ExecError);
  if (exec) {
    const how = exec.timedOut ? 'ran out of time' : exec.signal ? `was stopped by ${exec.signal}` : `exited with code ${exec.exitCode}`;
    return withFix({
      ...base,
      kind: 'command',
      outcome: 'failure',
      title: `a command ${how}`,
      what: firstLine(message, 4000),
      facts: [['exit', exec.timedOut ? 'timed out' : exec.signal ? `signal ${exec.signal}` : `code ${exec.exitCode}`]],
      output: exec.stderrTail || undefined,
      fix: [
        exec.timedOut
          ? 'The command did not finish in the time allowed: make it faster, or allow more time with the action\'s timeout input.'
          : 'The command itself failed: its last lines of error output are below and its whole output is in the step\'s log. Fix the command or what it works on, then re-run the job.',
      ],
    }, given);
  }

  const call = causeChain(error).find(isCallError);
  if (call) return withFix({ ...base, ...callFailure(call, message) }, given);

  if (isEnvironmentProblem(error)) {
    const transient = causeChain(error).some((e) => e instanceof TransientError);
    const generic = transient
      ? 'A service kept failing or did not answer: re-run the job later; if it keeps failing, check that service and the runner\'s network.'
      : 'The message above says what stopped the action: change what it names (the workflow, the environment\'s settings or the token\'s permissions), then re-run the job.';
    return { ...base, kind: 'environment', outcome: 'failure', title: firstLine(message, 120), what: message, fix: [given ?? generic] };
  }
  return bug(c, message);
}

/** The fix an action gave with its error (`new UserError(message, { fix })`), the outermost one. */
function givenFix(error: unknown): string | undefined {
  for (const e of causeChain(error)) if (e instanceof UserError && e.fix) return e.fix;
  return undefined;
}

/** The action's own fix, when it gave one, comes before what the failure's kind suggests: it knows its domain. */
function withFix(d: Diagnosis, fix: string | undefined): Diagnosis {
  return fix === undefined ? d : { ...d, fix: [fix, ...d.fix] };
}

/**
 * A failure the action reported itself (its `MainResult.failure`), in its own words; `fix`, when
 * the action gave one, says what to do.
 */
export function reported(c: DiagnoseContext & { outcome: string; failure: string; fix?: string | undefined }): Diagnosis {
  if (c.cancelled) return cancelled(c, c.failure);
  return {
    kind: 'reported',
    outcome: c.outcome,
    annotation: `${c.action}: ${c.failure}`,
    title: firstLine(c.failure, 120),
    what: c.failure,
    facts: [],
    inputs: [],
    output: undefined,
    fix: [c.fix ?? `The ${c.action} section above shows each step and what it found: fix what failed there, then re-run the job.`],
  };
}

function cancelled(c: DiagnoseContext, message: string): Diagnosis {
  return {
    kind: 'cancelled',
    outcome: 'cancelled',
    annotation: `${c.action}: cancelled (${firstLine(message)})`,
    title: 'the run was cancelled',
    what: `The job was cancelled while ${c.action} was running — by someone cancelling the run, a newer run in the same \`concurrency:\` group, or the job's \`timeout-minutes\` — and the action stopped: ${firstLine(message)}`,
    facts: [],
    inputs: [],
    output: undefined,
    fix: [`Nothing needs fixing because of the cancellation itself. Re-run the job to finish the ${c.action}; if a timeout cancelled it, allow more time (\`timeout-minutes\`).`],
  };
}

function bug(c: DiagnoseContext, message: string): Diagnosis {
  const env = c.env ?? process.env;
  const repository = env['GITHUB_ACTION_REPOSITORY'];
  const server = env['GITHUB_SERVER_URL'] ?? 'https://github.com';
  const where = repository ? `${server}/${repository}/issues/new` : "the issues of the repository this step's `uses:` names";
  const run = [env['GITHUB_RUN_ID'] ?? 'local', env['GITHUB_RUN_ATTEMPT'] ?? '1', env['GITHUB_JOB'] ?? 'job'].join('/');
  return {
    kind: 'bug',
    outcome: 'failure',
    annotation: `${c.action}: unexpected error: ${message}. This is a bug in the actions suite; please report it with the debug log (re-run with debug logging enabled).`,
    title: 'a bug in the actions suite',
    what: `Unexpected error: ${firstLine(message)}. This is a bug in the actions suite, not a problem with your workflow.`,
    facts: [
      ['suite version', SUITE_VERSION],
      ['run', run],
    ],
    inputs: [],
    output: undefined,
    fix: [
      "Re-run the job with debug logging enabled (Re-run jobs → Enable debug logging): the step's log then holds the error's stack.",
      `Report it at ${where} with that log, the suite version and the run above. Remove anything private from the log first: the action hides the secrets it knows, but not what it was never told was secret.`,
    ],
  };
}

/** A row of the inputs table: the value (hidden when secret) and the expected form. */
function describeInput(p: InputError): { input: string; problem: string; expected: string } {
  const standard = p.message === new InputError(p.input, p.value, p.expected).message || p.value === '***';
  if (!standard) return { input: p.input, problem: p.message, expected: '–' };
  const problem = p.value === '***' ? 'a secret value (hidden) that is not valid' : p.value === '' ? 'not set' : `given ${JSON.stringify(p.value)}`;
  return { input: p.input, problem, expected: p.expected };
}

// --- calls that failed ---------------------------------------------------------------------------

/** A failed GitHub call; recognised by name (`isApiError`), so github.ts stays off this chunk. */
type ApiError = GitHubApiError;

/** By name and shape, so the start path does not load github.ts, retry.ts and p-retry. */
function isApiError(e: unknown): e is ApiError {
  return e instanceof Error && e.name === 'GitHubApiError' && typeof (e as { path?: unknown }).path === 'string';
}

interface CallError extends Error {
  readonly label?: string;
  readonly attempts?: number;
  readonly status?: number;
  readonly code?: string;
  readonly requestId?: string;
  readonly resetAt?: Date;
}

/** A call that outlasted its retries (RetryError), or a service's answer with an HTTP status. */
function isCallError(e: unknown): e is CallError {
  return e instanceof Error && (e.name === 'RetryError' || typeof (e as { status?: unknown }).status === 'number');
}

/** The statuses github.ts explains itself, after ` — ` at the end of its message. */
const HINTED = new Set([401, 403, 404, 407]);

function apiFailure(e: ApiError, message: string): Pick<Diagnosis, 'kind' | 'outcome' | 'title' | 'what' | 'facts' | 'fix'> {
  const said = describeBody(e.data);
  const hint = HINTED.has(e.status ?? 0) && !e.retryable ? hintOf(e) : undefined;
  const facts: Array<[string, string]> = [
    ['request', `${e.method} ${e.path}`],
    ['status', e.status === undefined ? 'no answer' : String(e.status)],
    ['request id', e.requestId ?? '–'],
    ['attempts', String(e.attempts)],
  ];
  if (said) facts.push(['GitHub said', said]);
  if (e.resetAt) facts.push(['rate limit resets', e.resetAt.toISOString()]);
  return {
    kind: 'api',
    outcome: 'failure',
    title: `GitHub API ${e.method} ${e.path} ${e.status === undefined ? 'failed' : `answered ${e.status}`}`,
    // The client's hint becomes the fix; the sentence keeps what happened (whole: it is the summary).
    what: hint ? firstLine(message, 4000).replace(` — ${hint}`, '') : firstLine(message, 4000),
    facts,
    fix: [hint ? `${capitalise(hint)}.` : apiFix(e, said)],
  };
}

function apiFix(e: ApiError, said: string | undefined): string {
  const quoted = said ? ` GitHub said: ${said}.` : '';
  if (e.resetAt) return `The token's rate limit resets at ${e.resetAt.toISOString()}: re-run the job after that, or spread the work over time or over tokens with their own limits.`;
  if (/not re-sent/.test(e.reason)) return `The request may have been processed before it failed, so it was not sent again: check what it changed on GitHub, then re-run the job.${quoted}`;
  if (e.status === undefined) {
    return "GitHub did not answer, even after retries: re-run the job; if it keeps failing, check https://www.githubstatus.com and the runner's network and proxy settings (HTTPS_PROXY, NO_PROXY).";
  }
  if (e.status >= 500 || e.status === 429) return `GitHub kept failing (status ${e.status}) through ${e.attempts} attempt${e.attempts === 1 ? '' : 's'}: re-run the job later; https://www.githubstatus.com shows incidents.`;
  if (e.status === 409) return `GitHub reports a conflict with the repository's current state.${quoted} Resolve it, then re-run the job.`;
  if (e.status === 422) return `GitHub refused the request as invalid.${quoted} Check the inputs that went into it, then re-run the job.`;
  return `GitHub refused the request (status ${e.status}).${quoted} Check the token and the inputs that went into it, then re-run the job.`;
}

/** What github.ts appended after the quoted answer: ` — the token lacks …`. */
function hintOf(e: ApiError): string | undefined {
  const line = firstLine(e.message, Number.POSITIVE_INFINITY);
  const excerpt = firstLine(messageOf(e.cause), 300);
  const after = excerpt && line.includes(excerpt) ? line.slice(line.lastIndexOf(excerpt) + excerpt.length) : line.slice(line.lastIndexOf(': ') + 2);
  const at = after.indexOf(' — ');
  return at >= 0 ? after.slice(at + 3).trim() || undefined : undefined;
}

function callFailure(e: CallError, message: string): Pick<Diagnosis, 'kind' | 'outcome' | 'title' | 'what' | 'facts' | 'fix'> {
  const facts: Array<[string, string]> = [];
  if (e.label) facts.push(['call', e.label]);
  facts.push(['status', typeof e.status === 'number' ? String(e.status) : 'no answer']);
  if (e.code) facts.push(['error code', e.code]);
  if (e.requestId) facts.push(['request id', e.requestId]);
  if (typeof e.attempts === 'number') facts.push(['attempts', String(e.attempts)]);
  if (e.resetAt) facts.push(['retry possible after', e.resetAt.toISOString()]);
  const status = typeof e.status === 'number' ? e.status : undefined;
  const fix =
    status === undefined || status >= 500 || status === 429
      ? 'The service kept failing or did not answer, even after retries: re-run the job later; if it keeps failing, check the service and the runner\'s network.'
      : status === 401 || status === 403
        ? 'The service refused the credentials or their permissions: the message above names what it refused; grant that (or fix the trust settings), then re-run the job.'
        : 'The service refused the request: the message above says why; fix the input or setting it names, then re-run the job.';
  return { kind: 'call', outcome: 'failure', title: `a call ${status === undefined ? 'failed' : `answered ${status}`}`, what: firstLine(message, 4000), facts, fix: [fix] };
}

// --- messages -------------------------------------------------------------------------------------

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
  const excerpt = firstLine(messageOf(cause), 300);
  const data = (error as { data?: unknown }).data ?? prop(prop(cause, 'response'), 'data');
  const detail = describeBody(data);
  const message = error.message.split(/\r?\n/)[0] ?? '';
  return excerpt && detail !== undefined && message.includes(excerpt) ? message.replace(excerpt, detail) : message;
}

/** What retry.ts quotes of a cause: its first line, queries cut from URLs, at most `max` characters. */
function firstLine(text: string, max = 300): string {
  const line = (text.split('\n')[0] ?? '').replace(/(\bhttps?:\/\/[^\s?#"'<>]*)[?#][^\s"'<>]*/gi, '$1');
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** A short description of an error body, or undefined when there is nothing better than what was quoted. */
function describeBody(data: unknown): string | undefined {
  let value = data;
  if (typeof value === 'string') {
    const raw = value.trim();
    if (/^<(!doctype|html|head|body)\b/i.test(raw) || /<\/(html|body|head|title)>/i.test(raw)) {
      const title = /<title[^>]*>([^<]*)<\/title>/i.exec(raw)?.[1]?.replace(/\s+/g, ' ').trim();
      return title ? `an HTML error page (title: ${clip(title, 100)})` : 'an HTML error page';
    }
    try {
      value = JSON.parse(raw);
    } catch {
      value = undefined;
    }
    if (typeof value !== 'object' || value === null) {
      const plain = typeof value === 'string' ? value : raw;
      return plain.length <= 200 && !/[\r\n]/.test(plain) ? undefined : `a ${plain.length}-character answer that is not JSON`;
    }
  }
  const message = prop(value, 'message');
  return typeof message === 'string' && message.trim() ? clip(message.replace(/\s+/g, ' ').trim(), 200) : undefined;
}

const clip = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const prop = (v: unknown, key: string): unknown => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined);
const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** The stack of the error and of each cause, for the debug log. */
export function stackOf(error: unknown): string {
  return causeChain(error)
    .map((e) => (e instanceof Error ? (e.stack ?? e.message) : messageOf(e)))
    .join('\ncaused by:\n');
}

// --- the summary section -------------------------------------------------------------------------

/**
 * The job-summary section: `### <action>: <outcome> — <title>`, what failed, the invalid inputs or
 * the facts of the failed call, the command's last error lines, and how to fix it. Every untrusted
 * text is scrubbed, then escaped (an escaped secret would no longer match the redactor).
 */
export function diagnosisMarkdown(action: string, d: Diagnosis, redactor: Redactor): string {
  const t = (value: string): string => text(redactor.scrub(value));
  const sentence = (value: string): string => inline(redactor.scrub(value));
  const heading = d.kind === 'cancelled' ? `### ${t(action)}: cancelled` : `### ${t(action)}: ${t(d.outcome)} — ${t(d.title)}`;
  const out = [heading, '', `${d.kind === 'cancelled' ? '**What happened:**' : '**What failed:**'} ${sentence(d.what)}`, ''];
  if (d.inputs.length > 0) out.push(table(['input', 'problem', 'expected'], d.inputs.map((i) => [t(i.input), t(i.problem), t(i.expected)])), '');
  if (d.facts.length > 0) out.push(table(['detail', 'value'], d.facts.map(([k, v]) => [t(k), t(v)])), '');
  if (d.output !== undefined) out.push('Last lines of its error output:', '', codeBlock(redactor.scrub(d.output)), '');
  const label = d.kind === 'bug' ? '**How to report it:**' : d.kind === 'cancelled' ? '**What to do:**' : '**How to fix:**';
  const [only, ...more] = d.fix;
  if (only !== undefined && more.length === 0) out.push(`${label} ${sentence(only)}`, '');
  else out.push(label, '', ...d.fix.map((f) => `- ${sentence(f)}`), '');
  return out.join('\n');
}
