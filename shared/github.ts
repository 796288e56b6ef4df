import { AsyncLocalStorage } from 'node:async_hooks';
import * as core from '@actions/core';
import { Octokit } from '@octokit/core';
import { realClock, type Clock } from './clock.ts';
import { forbiddenHint, unauthorizedHint } from './github-permissions.ts';
import { RetryError, classify, formatDelay, withRetry, type RetryContext, type RetryOptions, type Verdict } from './retry.ts';
import type { RunStats } from './stats.ts';
import { SUITE_NAME, SUITE_VERSION } from './version.ts';
import { httpFetch } from './http.ts';
import { inert } from './log.ts';

/**
 * The suite's one GitHub client: `@octokit/core` with route strings
 * (`octokit.request('POST /repos/{owner}/{repo}/deployments', …)`). Not `@octokit/rest`: its
 * generated endpoint methods cost ~100 KB of bundle and ~3 MiB of memory for the dozen routes we
 * call; not `@actions/github`, which bundles a second Octokit and pulls undici in at load. It comes
 * with the shared retry policy, write serialisation, per-attempt timeouts, call counting and errors
 * that are safe to print.
 *
 * Every request goes through one `hook.wrap('request')`, outermost, so each attempt re-runs auth and
 * the fetch below:
 *
 * - **Retry** — `withRetry` with `classify` (retry.ts): network errors, 5xx, 429 and rate-limit 403s
 *   are retried with Full Jitter backoff or the wait the server asked for; other 4xx fail at once.
 * - **Per-attempt timeout** — `AbortSignal.timeout(timeoutMs)` (default 30 s) is passed to fetch,
 *   combined with the caller's `request.signal` and `retry.signal`; aborting either of those stops
 *   retrying, a timeout is retried.
 * - **Writes** (POST/PATCH/PUT/DELETE, GraphQL mutations) run one at a time (the slot is held across
 *   a write's retries and backoff, so other writes do not pile into a rate limit — the problem of
 *   plugin-throttling #629) and every write sent starts ≥ 1 s after the previous one (GitHub's
 *   best-practice page). A retried write waits its backoff and then the spacing: were the spacing
 *   counted from the failed send, it would swallow any backoff shorter than itself, and concurrent
 *   runs whose writes failed together would re-send together. Reads are not throttled.
 * - **Unreadable answers**: a 2xx whose body is cut or not JSON (or an HTML page from a proxy)
 *   fails the attempt like a network error: a read is retried, a POST is reconciled or reported
 *   (it may have landed).
 * - **API time budget** (`apiTimeoutMs`, the actions' `api-timeout` input): the time the client
 *   spends on calls (backoffs included; overlapping calls counted once) is bounded; each attempt's
 *   timeout and each call's retries end within what is left, and a call that never got an answer
 *   fails as a hang: "GitHub API did not answer GET /… within 30.0s (5 attempts)", saying so
 *   when it was api-timeout that ran out (`GitHubApiError.outOfTime`; a call made after that is
 *   not sent, and says the same).
 * - **Counting** — every request sent (retries included) increments `stats.apiCalls`; every
 *   `x-ratelimit-remaining` seen goes to `stats.noteRateLimit`.
 * - **Errors** that escape are `GitHubApiError` (a `RetryError`): status, method, path without query,
 *   request id, attempts, and the parsed error body GitHub sent (`data`). The original octokit
 *   RequestError stays as `cause`, stripped of the request body, request headers (the token) and
 *   query string, and of all response headers but the rate-limit and request-id ones. A 401 names
 *   the input the token came from; a 403 names the permission the route needs and how to grant it
 *   (github-permissions.ts).
 *
 * ## Non-idempotent requests (POST, GraphQL mutations) and `request.reconcile`
 *
 * A POST is re-sent freely only when the failure proves it was not processed (429, a rate-limit 403,
 * connection refused, DNS failure, connect timeout). After an ambiguous failure (5xx, a reset after
 * the body was sent, a timeout) it may have landed, so it is re-sent only if the caller passes a
 * reconcile read in the call's `request` options:
 *
 * ```ts
 * const { data } = await octokit.request('POST /repos/{owner}/{repo}/deployments', {
 *   owner, repo, ref, payload: { marker },
 *   request: {
 *     reconcile: (async () => {
 *       const { data: list } = await octokit.request('GET /repos/{owner}/{repo}/deployments', { owner, repo, ref });
 *       const found = list.find((d) => (d.payload as { marker?: string }).marker === marker);
 *       return found ? { data: found, status: 201 } : undefined;
 *     }) satisfies Reconcile,
 *   },
 * });
 * ```
 *
 * After the backoff, before re-sending, `reconcile` runs (it should only read; a write inside it
 * would still work — the write slot is re-entrant — but would defeat its purpose):
 * - it resolves `undefined`: the request did not land, so it is re-sent;
 * - it resolves `{ data, status? }`: the request landed; the call resolves with
 *   `{ status: status ?? 200, data, headers: { 'x-suite-reconciled': 'true' }, url }` and nothing is re-sent;
 * - it throws: that error is classified like any other (a retryable one keeps the reconcile pending).
 * Without `reconcile`, an ambiguous failure of a POST fails at once, saying so.
 */

export interface GitHubOptions {
  token: string;
  /** Default: `GITHUB_API_URL` (set by the runner; GHES gives `https://HOST/api/v3`), else https://api.github.com. */
  baseUrl?: string;
  /** Injected transport (tests); default httpFetch (node:http). */
  fetch?: typeof fetch;
  stats?: RunStats;
  /** Retry policy, clock (also used for write spacing), random, signal, log, deadline, shouldRetry. */
  retry?: Partial<RetryOptions>;
  /** Appended to the suite's product token: `actions-suite/0.1.0 <userAgent>`. */
  userAgent?: string;
  /** Per-attempt timeout in ms; default 30 000. */
  timeoutMs?: number;
  /** Total time the client may spend on API calls (the `api-timeout` input); default unbounded. */
  apiTimeoutMs?: number;
  /** The input the token came from, named when GitHub refuses it or finds it lacking; default `github-token`. */
  tokenInput?: string;
}

export interface ReconcileContext {
  method: string;
  /** Path without query string. */
  path: string;
  /** The attempt about to be made (2 or more). */
  attempt: number;
  /** The ambiguous failure (sanitised). */
  error: unknown;
}

/** See the file comment: `undefined` = did not land, re-send; `{ data }` = landed, use this. */
export type Reconcile = (context: ReconcileContext) => Promise<{ data: unknown; status?: number } | undefined>;

/** The client type callers hold (`@octokit/core`'s Octokit: call routes with `request`). */
export type GitHub = Octokit;

export const DEFAULT_TIMEOUT_MS = 30_000;
/** Minimum time between the starts of two write requests. */
export const WRITE_SPACING_MS = 1_000;

/**
 * An API call that failed for good. `status` is the HTTP status (undefined when no response came);
 * `data` is GitHub's parsed error body (e.g. `{ message, errors: [{ code: 'already_exists' }] }`).
 */
export class GitHubApiError extends RetryError {
  override readonly name: string = 'GitHubApiError';
  readonly method: string;
  readonly path: string;
  readonly data: unknown;
  /** The call failed because the client's API time budget (api-timeout) ran out: a hang, or not sent. */
  readonly outOfTime: boolean;

  constructor(inner: RetryError, method: string, path: string, context: CallContext) {
    const data = prop(prop(inner.cause, 'response'), 'data');
    super(
      messageFor(inner, context) + hintFor(inner, context),
      {
        label: inner.label,
        attempts: inner.attempts,
        verdict: {
          retry: inner.retryable,
          reason: inner.reason,
          ...(inner.status !== undefined ? { status: inner.status } : {}),
          ...(inner.requestId !== undefined ? { requestId: inner.requestId } : {}),
        },
        ...(inner.resetAt ? { resetAt: inner.resetAt } : {}),
      },
      inner.cause,
    );
    this.method = method;
    this.path = path;
    this.data = data;
    this.outOfTime = outOfTime(inner, context);
  }
}

/** What the request hook knows about a call when it fails. */
interface CallContext {
  readonly route: string;
  readonly tokenInput: string;
  /** The client's API time budget (`apiTimeoutMs`), when it has one. */
  readonly budgetMs: number | undefined;
  /** The last attempt's timeout, and whether the time left in the budget cut it short. */
  attemptTimeoutMs?: number;
  budgetCut?: boolean;
}

export function createGitHub(opts: GitHubOptions): Octokit {
  if (typeof opts.token !== 'string' || opts.token.trim() === '') {
    throw new TypeError('createGitHub: token is empty (inputs.ts should have rejected it)');
  }
  const baseUrl = normaliseBaseUrl(opts.baseUrl ?? process.env['GITHUB_API_URL'] ?? 'https://api.github.com');
  const basePath = new URL(baseUrl).pathname.replace(/\/$/, '');
  const { stats } = opts;
  const retry = opts.retry ?? {};
  const clock = retry.clock ?? realClock;
  const log = retry.log ?? ((line: string) => core.info(inert(line)));
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new TypeError(`createGitHub: timeoutMs must be > 0, got ${timeoutMs}`);
  const judge = retry.shouldRetry ?? ((error: unknown, ctx: RetryContext) => classify(error, { now: ctx.now }));
  const writes = new WriteGate(clock, WRITE_SPACING_MS);
  const tokenInput = opts.tokenInput ?? 'github-token';
  const budget = opts.apiTimeoutMs === undefined ? undefined : new ApiBudget(clock, opts.apiTimeoutMs);

  // node:http(s) by default: the global fetch would cost ~25 MiB of memory (see http.ts).
  const transport = opts.fetch ?? (httpFetch as unknown as typeof fetch);
  const send = async (input: Parameters<typeof fetch>[0], init?: RequestInit): Promise<Response> => {
    if (stats) stats.apiCalls += 1;
    const response = await transport(input, init);
    const remaining = response.headers.get('x-ratelimit-remaining');
    if (stats && remaining !== null && /^\s*\d+\s*$/.test(remaining)) stats.noteRateLimit(Number(remaining));
    return response;
  };

  const octokit = new Octokit({
    auth: opts.token,
    baseUrl,
    userAgent: opts.userAgent ? `${SUITE_NAME}/${SUITE_VERSION} ${opts.userAgent}` : `${SUITE_NAME}/${SUITE_VERSION}`,
    request: { fetch: send },
    // withRetry logs each failed attempt itself; core's own warnings (deprecations) keep no query string.
    log: {
      debug: () => undefined,
      info: () => undefined,
      warn: (message: string) => log(stripQueries(message)),
      error: () => undefined,
    },
  });

  octokit.hook.wrap('request', async (request, options) => {
    const method = String(options.method ?? 'GET').toUpperCase();
    const path = pathOf(octokit.request.endpoint.parse(options).url, basePath);
    const label = `${method} ${path}`;
    const route = `${method} ${String(options.url)}`;
    const context: CallContext = { route, tokenInput, budgetMs: budget?.totalMs };
    const { reconcile, signal: callSignal, ...requestOptions } = (options.request ?? {}) as Record<string, unknown>;
    if (reconcile !== undefined && typeof reconcile !== 'function') {
      throw new TypeError(`${label}: request.reconcile must be a function`);
    }
    const mutation = isMutation(method, path, options);
    const isWrite = mutation || (method !== 'POST' && WRITE_METHODS.has(method));
    const signals = [retry.signal, callSignal].filter((s): s is AbortSignal => s instanceof AbortSignal);
    const signal = signals.length === 0 ? undefined : signals.length === 1 ? signals[0] : AbortSignal.any(signals);
    const state: { reconcilePending: boolean; lastError: unknown; failedAt: number | undefined } = {
      reconcilePending: false,
      lastError: undefined,
      failedAt: undefined,
    };

    const attemptOnce = async (attempt: number) => {
      if (state.reconcilePending && typeof reconcile === 'function') {
        const found: unknown = await (reconcile as Reconcile)({ method, path, attempt, error: state.lastError });
        state.reconcilePending = false;
        if (found !== undefined && found !== null) {
          if (!isObject(found) || !('data' in found)) {
            throw new TypeError(`${label}: request.reconcile must resolve to { data, status? } or undefined`);
          }
          log(`${label}: reconcile found that attempt ${attempt - 1} landed; not re-sending`);
          const status = typeof found['status'] === 'number' ? found['status'] : 200;
          return { status, url: `${baseUrl}${path}`, headers: { 'x-suite-reconciled': 'true' }, data: found['data'] };
        }
        log(`${label}: reconcile found no trace of attempt ${attempt - 1}; re-sending`);
      }
      if (isWrite) await writes.space(signal, attempt > 1);
      // The attempt ends within the API time left, if a budget was given.
      const attemptTimeoutMs = Math.max(1, Math.min(timeoutMs, budget ? budget.remaining() : timeoutMs));
      context.attemptTimeoutMs = attemptTimeoutMs;
      context.budgetCut = attemptTimeoutMs < timeoutMs;
      const timeout = AbortSignal.timeout(attemptTimeoutMs);
      const attemptSignal = signal ? AbortSignal.any([signal, timeout]) : timeout;
      // before-after-hook binds every inner hook to this same options object (arguments passed to
      // `request` are ignored), so the per-attempt signal is set on it, as plugin-retry does.
      options.request = { ...requestOptions, signal: attemptSignal };
      try {
        const response = await request(options);
        const unreadable = unreadableAnswer(response);
        if (unreadable) throw unreadable;
        return response;
      } catch (error) {
        sanitise(error);
        state.lastError = error;
        state.failedAt = clock.now();
        throw error;
      }
    };

    const shouldRetry = (error: unknown, ctx: RetryContext): Verdict => {
      const verdict = error instanceof UnreadableAnswer ? error.verdict : judge(error, ctx);
      if (!verdict.retry || !mutation || verdict.notProcessed) return verdict;
      if (typeof reconcile !== 'function') {
        return {
          ...verdict,
          retry: false,
          reason: `${verdict.reason}; not re-sent: the ${method} may have been processed and no request.reconcile was given`,
        };
      }
      state.reconcilePending = true;
      return verdict;
    };

    const run = () => {
      const left = budget?.remaining();
      if (budget && left !== undefined && left <= 0) throw budgetSpent(label, budget);
      return withRetry(label, attemptOnce, {
        ...retry,
        clock,
        log,
        shouldRetry,
        // No backoff sleeps into the last attempt's time: a retry gets its full attempt timeout, or none is made.
        ...(left !== undefined ? { deadline: Math.min(retry.deadline ?? Number.POSITIVE_INFINITY, clock.now() + left - Math.min(timeoutMs, left)) } : {}),
        ...(signal ? { signal } : {}),
        ...(stats ? { stats } : {}),
      });
    };

    const end = budget?.begin();
    try {
      return await (isWrite ? writes.run(run) : run());
    } catch (error) {
      throw error instanceof RetryError && !(error instanceof GitHubApiError) ? new GitHubApiError(error, method, path, context) : error;
    } finally {
      end?.();
    }
  });

  return octokit;
}

// ---------------------------------------------------------------------------------------------

const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);
const SAFE_RESPONSE_HEADERS = new Set([
  'content-type',
  'retry-after',
  'x-accepted-github-permissions',
  'x-github-request-id',
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
  'x-ratelimit-resource',
  'x-ratelimit-used',
]);

/**
 * Writes one at a time, each send ≥ spacingMs after the previous one, on the injectable clock.
 *
 * Why not @octokit/plugin-throttling: measured with ncc 0.45 here, `@octokit/rest` bundled to
 * 179,910 bytes (123,834 minified); adding plugin-throttling (Bottleneck) makes it 233,759 (154,299
 * minified): +53,849 bytes, +30 %, for a scheduler we would have to half-disable (its onRateLimit /
 * onSecondaryRateLimit must return false so retries stay in withRetry), whose timers cannot run on a
 * fake clock, and whose retry delays do not hold back other queued writes (#629). The queue below is
 * ~30 lines and holds the write slot across a write's retries.
 */
class WriteGate {
  readonly #clock: Clock;
  readonly #spacingMs: number;
  readonly #inside = new AsyncLocalStorage<boolean>();
  #tail: Promise<unknown> = Promise.resolve();
  #lastSendAt = Number.NEGATIVE_INFINITY;

  constructor(clock: Clock, spacingMs: number) {
    this.#clock = clock;
    this.#spacingMs = spacingMs;
  }

  /** Runs `fn` once every earlier write has settled. Re-entrant: a write made inside `fn` runs at once. */
  run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#inside.getStore() === true) return fn();
    const result = this.#tail.then(() => this.#inside.run(true, fn));
    this.#tail = result.catch(() => undefined);
    return result;
  }

  /**
   * Waits until `spacingMs` after the previous send, then marks this send. A retry (whose backoff
   * has just been slept) waits the spacing from now, so the backoff's jitter is kept.
   */
  async space(signal?: AbortSignal, retry = false): Promise<void> {
    const now = this.#clock.now();
    const wait = retry ? this.#spacingMs : this.#lastSendAt + this.#spacingMs - now;
    if (wait > 0) await this.#clock.sleep(wait, signal);
    this.#lastSendAt = this.#clock.now();
  }
}

/**
 * The time the client spends on API calls, against the budget: from the first call in flight to
 * the last one done, so that overlapping reads are counted once; time between calls (a deploy
 * script, a health gate) is not API time.
 */
class ApiBudget {
  readonly #clock: Clock;
  readonly totalMs: number;
  #spent = 0;
  #inFlight = 0;
  #busySince = 0;

  constructor(clock: Clock, totalMs: number) {
    if (!Number.isFinite(totalMs) || totalMs <= 0) throw new TypeError(`createGitHub: apiTimeoutMs must be > 0, got ${totalMs}`);
    this.#clock = clock;
    this.totalMs = totalMs;
  }

  /** Marks a call in flight; the function returned marks it done. */
  begin(): () => void {
    if (this.#inFlight++ === 0) this.#busySince = this.#clock.now();
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      if (--this.#inFlight === 0) this.#spent += this.#clock.now() - this.#busySince;
    };
  }

  remaining(): number {
    const running = this.#inFlight > 0 ? this.#clock.now() - this.#busySince : 0;
    return this.totalMs - this.#spent - running;
  }
}

const BUDGET_SPENT = 'API time budget spent';

function budgetSpent(label: string, budget: ApiBudget): RetryError {
  return new RetryError(`${label}: not sent: ${ranOut(budget.totalMs)}`, { label, attempts: 0, verdict: { retry: false, reason: BUDGET_SPENT } }, undefined);
}

/** The one wording of an exhausted budget, for a hang and for a call not sent. */
function ranOut(budgetMs: number): string {
  return `api-timeout (${formatDelay(budgetMs)}, the total time this step may spend waiting on GitHub's API) ran out`;
}

/** Whether the budget ended the call: not sent, its last attempt cut short, or its retries stopped where the budget would be passed. */
function outOfTime(error: RetryError, context: CallContext): boolean {
  if (context.budgetMs === undefined) return false;
  if (error.reason === BUDGET_SPENT) return true;
  return error.reason === 'attempt timed out' && (context.budgetCut === true || /retry time budget spent/.test(error.message));
}

/**
 * A 2xx answer that cannot be read: a JSON body that does not parse (octokit then hands over the
 * raw text) or an HTML page where JSON was due (a proxy's). Retried like a network error; for a
 * POST it is an ambiguous failure (the request may have landed).
 */
class UnreadableAnswer extends Error {
  override readonly name = 'UnreadableAnswer';
  readonly verdict: Verdict;

  constructor(status: number, type: string, bytes: number, requestId: string | undefined) {
    super(`GitHub answered ${status} with ${bytes} bytes of ${type || 'no content type'} that are not a JSON document`);
    this.verdict = {
      retry: true,
      reason: `unreadable ${status} answer (cut or not JSON)`,
      status,
      ...(requestId ? { requestId } : {}),
    };
  }
}

function unreadableAnswer(response: unknown): UnreadableAnswer | undefined {
  const status = prop(response, 'status');
  const data = prop(response, 'data');
  if (typeof status !== 'number' || status < 200 || status >= 300 || typeof data !== 'string' || data.trim() === '') return undefined;
  const type = String(headerValue(response, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!/[/+]json$/.test(type) && type !== 'text/html') return undefined;
  return new UnreadableAnswer(status, type, Buffer.byteLength(data), headerValue(response, 'x-github-request-id'));
}

function normaliseBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TypeError(`createGitHub: baseUrl is not a URL: ${JSON.stringify(stripQueries(raw))}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(`createGitHub: baseUrl must be http(s), got ${url.protocol}`);
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new TypeError('createGitHub: baseUrl must not carry credentials, a query or a fragment');
  }
  return url.href.replace(/\/+$/, '');
}

/** The URL's path relative to the API base (GHES `/api/v3` dropped), without query or fragment. */
function pathOf(url: string, basePath: string): string {
  let pathname: string;
  try {
    pathname = new URL(url).pathname;
  } catch {
    pathname = url.replace(/[?#].*$/s, '');
  }
  return basePath !== '' && pathname.startsWith(`${basePath}/`) ? pathname.slice(basePath.length) : pathname;
}

/** POSTs are non-idempotent, except GraphQL queries (POST /graphql whose document is not a mutation). */
function isMutation(method: string, path: string, options: Record<string, unknown>): boolean {
  if (method !== 'POST') return false;
  if (!path.endsWith('/graphql')) return true;
  const query = options['query'];
  return typeof query !== 'string' || /^\s*(#[^\n]*\n\s*)*mutation\b/.test(query);
}

/** Strips an octokit RequestError in place of the request body, request headers and query strings. */
function sanitise(error: unknown): void {
  if (!isObject(error)) return;
  const request = error['request'];
  if (isObject(request)) {
    error['request'] = {
      method: request['method'],
      url: typeof request['url'] === 'string' ? stripQueries(request['url']) : undefined,
      headers: {},
    };
  }
  const response = error['response'];
  if (isObject(response)) {
    const headers = isObject(response['headers']) ? response['headers'] : {};
    error['response'] = {
      status: response['status'],
      url: typeof response['url'] === 'string' ? stripQueries(response['url']) : '',
      headers: Object.fromEntries(Object.entries(headers).filter(([name]) => SAFE_RESPONSE_HEADERS.has(name.toLowerCase()))),
      data: response['data'],
    };
  }
}

function hintFor(error: RetryError, context: CallContext): string {
  if (outOfTime(error, context)) return ' — GitHub may be degraded (https://www.githubstatus.com); re-run the job, or raise api-timeout';
  if (error.retryable) return '';
  switch (error.status) {
    case 401:
      return unauthorizedHint(context.tokenInput);
    case 403:
      return forbiddenHint(context.route, headerValue(prop(error.cause, 'response'), 'x-accepted-github-permissions'), context.tokenInput);
    case 404:
      return ' — it does not exist, or the token cannot see it';
    case 407:
      return ' — the proxy refused the credentials in HTTPS_PROXY / HTTP_PROXY';
    default:
      return '';
  }
}

/** retry's message, except for a call that never got an answer: that is a hang, and says so. */
function messageFor(error: RetryError, context: CallContext): string {
  if (error.reason !== 'attempt timed out' || context.attemptTimeoutMs === undefined) return error.message;
  const n = error.attempts;
  const hang = `GitHub API did not answer ${error.label} within ${formatDelay(context.attemptTimeoutMs)} (${n} attempt${n === 1 ? '' : 's'})`;
  return outOfTime(error, context) && context.budgetMs !== undefined ? `${hang}: ${ranOut(context.budgetMs)}` : hang;
}

function headerValue(response: unknown, name: string): string | undefined {
  const value = prop(prop(response, 'headers'), name);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function stripQueries(text: string): string {
  return text.replace(/(\bhttps?:\/\/[^\s?#"'<>]*)[?#][^\s"'<>]*/gi, '$1');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null;
}

function prop(value: unknown, key: string): unknown {
  return isObject(value) ? value[key] : undefined;
}
