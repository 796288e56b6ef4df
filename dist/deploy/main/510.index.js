export const id = 510;
export const ids = [510];
export const modules = {

/***/ 7510:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  DEFAULT_RETRY_POLICY: () => (/* binding */ DEFAULT_RETRY_POLICY),
  RATE_LIMIT_FALLBACK_MS: () => (/* reexport */ RATE_LIMIT_FALLBACK_MS),
  RetryError: () => (/* reexport */ RetryError),
  backoffCap: () => (/* binding */ backoffCap),
  backoffDelay: () => (/* binding */ backoffDelay),
  classify: () => (/* reexport */ classify),
  formatDelay: () => (/* binding */ formatDelay),
  parseRetryAfter: () => (/* reexport */ parseRetryAfter),
  realClock: () => (/* reexport */ shared_clock/* realClock */.d),
  resolvePolicy: () => (/* binding */ resolvePolicy),
  untilReset: () => (/* reexport */ untilReset),
  withRetry: () => (/* binding */ withRetry)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 5 modules
var core = __webpack_require__(8524);
// EXTERNAL MODULE: ./node_modules/p-retry/index.js + 1 modules
var p_retry = __webpack_require__(4995);
// EXTERNAL MODULE: ./shared/clock.ts
var shared_clock = __webpack_require__(7128);
// EXTERNAL MODULE: ./shared/errors.ts
var errors = __webpack_require__(2635);
;// CONCATENATED MODULE: ./shared/retry-after.ts
/**
 * How long the server asked us to wait: `Retry-After` and `x-ratelimit-reset` turned into a delay in ms.
 * Kept apart from classification because these are pure header parsers with their own edge cases
 * (HTTP-dates, epoch seconds, garbage), tested on their own; every path ends in a usable wait.
 */
/** Wait when the server rate-limits us without saying for how long, or says it unintelligibly. */
const RATE_LIMIT_FALLBACK_MS = 60_000;
/**
 * `Retry-After` as a wait in ms: delay-seconds or an HTTP-date. Zero, negative, past, fractional
 * or unparsable values give RATE_LIMIT_FALLBACK_MS — never NaN, never 0 (which would hammer the API).
 */
function parseRetryAfter(value, now = Date.now()) {
    const text = value.trim();
    if (/^\d+$/.test(text)) {
        const ms = Number(text) * 1000;
        return Number.isFinite(ms) && ms > 0 ? ms : RATE_LIMIT_FALLBACK_MS;
    }
    // Date.parse accepts bare numbers ("-5" is a year), so require the letters of a day or month name.
    if (/[a-z]{3}/i.test(text)) {
        // HTTP-dates are GMT; the asctime form carries no zone and Date.parse would read it as local time.
        const zoned = /\b(GMT|UTC|UT)\b|[+-]\d{4}$|Z$/i.test(text) ? text : `${text} GMT`;
        const at = Date.parse(zoned);
        if (Number.isFinite(at) && at > now)
            return at - now;
    }
    return RATE_LIMIT_FALLBACK_MS;
}
/** `x-ratelimit-reset` (epoch seconds) as a wait in ms: until the reset plus 1 s, at least 1 s. */
function untilReset(reset, now = Date.now()) {
    const seconds = Number(reset?.trim());
    if (reset === undefined || reset.trim() === '' || !Number.isFinite(seconds) || seconds <= 0)
        return RATE_LIMIT_FALLBACK_MS;
    return Math.max(1000, seconds * 1000 - now + 1000);
}

;// CONCATENATED MODULE: ./shared/retry-error.ts
/**
 * The error a failed `withRetry` call rejects with (InputError and UserError pass through unchanged).
 * The original failure is its `cause`; the message says how many attempts were made.
 */
class RetryError extends Error {
    name = 'RetryError';
    label;
    attempts;
    /** The verdict's reason for the last failure, e.g. "status 502" or "ECONNRESET". */
    reason;
    /** Whether the last failure was of a retryable kind (false: it was not retried). */
    retryable;
    status;
    requestId;
    /** When a rate limit resets, if the call gave up rather than wait past its deadline. */
    resetAt;
    constructor(message, details, cause) {
        super(message, { cause });
        this.label = details.label;
        this.attempts = details.attempts;
        this.reason = details.verdict.reason;
        this.retryable = details.verdict.retry;
        this.status = details.verdict.status;
        this.requestId = details.verdict.requestId;
        this.resetAt = details.resetAt;
    }
}

;// CONCATENATED MODULE: ./shared/retry-classify.ts
/**
 * Failure classification (docs/faults.md, "What is retried"; docs/rate-limits.md): is a failure worth retrying, is it safe to re-send,
 * and did the server say how long to wait. Separate from the retry loop so the loop stays about
 * timing and this file stays about what GitHub, undici and Node put on an error.
 */



const NETWORK_CODES = new Set([
    'ECONNRESET',
    'ECONNREFUSED',
    'ECONNABORTED',
    'ETIMEDOUT',
    'ESOCKETTIMEDOUT',
    'EAI_AGAIN',
    'EPIPE',
    'ENETUNREACH',
    'ENETDOWN',
    'EHOSTUNREACH',
    'EHOSTDOWN',
]);
/** Failures that prove nothing reached the server. */
const NOT_SENT_CODES = new Set([
    'ECONNREFUSED',
    'EAI_AGAIN',
    'ENOTFOUND',
    'ENETUNREACH',
    'ENETDOWN',
    'EHOSTUNREACH',
    'EHOSTDOWN',
    'UND_ERR_CONNECT_TIMEOUT',
]);
/** undici codes that are programming errors, not the network. */
const UNDICI_BUGS = new Set([
    'UND_ERR_INVALID_ARG',
    'UND_ERR_NOT_SUPPORTED',
    'UND_ERR_INVALID_RETURN_VALUE',
    'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH',
    'UND_ERR_ABORTED',
]);
const TLS_CODE = /^(CERT_|ERR_TLS_|ERR_SSL_|UNABLE_TO_(GET|VERIFY|DECRYPT)|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|HOSTNAME_MISMATCH|INVALID_CA|INVALID_PURPOSE)/;
const SECONDARY_LIMIT = /secondary rate limit|abuse detection/i;
/**
 * What to do about a failure. `now` (ms since epoch) is used to turn an HTTP-date or
 * `x-ratelimit-reset` into a wait.
 */
function classify(error, options = {}) {
    const now = options.now ?? Date.now();
    if (error instanceof RetryError) {
        return withIds(error, { retry: false, reason: `already retried: ${error.reason}` });
    }
    if (error instanceof errors/* InputError */.dz || error instanceof errors/* UserError */.yo)
        return { retry: false, reason: error.name };
    if (error instanceof errors/* TransientError */.N_) {
        const wait = error.retryAfterMs;
        return {
            retry: true,
            reason: 'transient error',
            ...(wait !== undefined && Number.isFinite(wait) && wait > 0 ? { waitMs: wait } : {}),
        };
    }
    const status = statusOf(error);
    // octokit reports a transport failure as status 500 with the fetch error as `cause` and no response.
    if (status !== undefined && (isObject(prop(error, 'response')) || prop(error, 'cause') === undefined)) {
        return classifyStatus(error, status, now);
    }
    const network = classifyTransport(error);
    if (network)
        return network;
    if (status !== undefined) {
        return { retry: false, reason: `request failed before any response (${nameOf(prop(error, 'cause'))})` };
    }
    return { retry: false, reason: `not a transient failure (${nameOf(error)})` };
}
function classifyStatus(error, status, now) {
    const requestId = headerOf(error, 'x-github-request-id');
    const ids = { status, ...(requestId ? { requestId } : {}) };
    if (status === 429 || status === 403) {
        const retryAfter = headerOf(error, 'retry-after');
        const remaining = headerOf(error, 'x-ratelimit-remaining');
        const secondary = SECONDARY_LIMIT.test(messageText(error));
        const primary = remaining?.trim() === '0';
        if (status === 429 || secondary || primary || retryAfter !== undefined) {
            const kind = secondary ? 'secondary rate limit' : primary ? 'primary rate limit exhausted' : 'rate limited';
            const reason = `${kind}, status ${status}`;
            if (retryAfter !== undefined)
                return { retry: true, reason, waitMs: parseRetryAfter(retryAfter, now), notProcessed: true, ...ids };
            if (primary) {
                return { retry: true, reason, waitMs: untilReset(headerOf(error, 'x-ratelimit-reset'), now), notProcessed: true, ...ids };
            }
            return { retry: true, reason, waitMs: RATE_LIMIT_FALLBACK_MS, escalate: true, notProcessed: true, ...ids };
        }
        return { retry: false, reason: `status ${status}`, ...ids };
    }
    if (status >= 500 && status !== 501 && status !== 505) {
        const retryAfter = headerOf(error, 'retry-after');
        return {
            retry: true,
            reason: `status ${status}`,
            ...(retryAfter !== undefined ? { waitMs: parseRetryAfter(retryAfter, now) } : {}),
            ...ids,
        };
    }
    return { retry: false, reason: `status ${status}`, ...ids };
}
/** Network, DNS, TLS and timeout failures, found anywhere in the `cause` chain. */
function classifyTransport(error) {
    const chain = causesOf(error);
    for (const e of chain) {
        const code = prop(e, 'code');
        if (typeof code === 'string' && TLS_CODE.test(code)) {
            return { retry: false, reason: `TLS certificate error ${code}` };
        }
    }
    for (const e of chain) {
        const code = prop(e, 'code');
        if (typeof code !== 'string')
            continue;
        if (code === 'ENOTFOUND') {
            const host = hostnameOf(e);
            return { retry: true, reason: `ENOTFOUND${host ? ` ${host}` : ''}`, maxRetries: 1, notProcessed: true };
        }
        if (NETWORK_CODES.has(code) || (code.startsWith('UND_ERR_') && !UNDICI_BUGS.has(code))) {
            return { retry: true, reason: code, ...(NOT_SENT_CODES.has(code) ? { notProcessed: true } : {}) };
        }
    }
    for (const e of chain) {
        const name = prop(e, 'name');
        if (name === 'TimeoutError' || name === 'AbortError')
            return { retry: true, reason: 'attempt timed out' };
    }
    for (const e of chain) {
        if (e instanceof TypeError && /^(fetch failed|terminated)$/i.test(e.message)) {
            return { retry: true, reason: `network error (${e.message})` };
        }
    }
    return undefined;
}
// ---------------------------------------------------------------------------------------------
// Reading what octokit, fetch and undici put on an error
function withIds(error, verdict) {
    return {
        ...verdict,
        ...(error.status !== undefined ? { status: error.status } : {}),
        ...(error.requestId !== undefined ? { requestId: error.requestId } : {}),
    };
}
function isObject(value) {
    return (typeof value === 'object' || typeof value === 'function') && value !== null;
}
function prop(value, key) {
    return isObject(value) ? value[key] : undefined;
}
function nameOf(value) {
    const name = prop(value, 'name');
    return typeof name === 'string' && name !== '' ? name : typeof value;
}
function statusOf(error) {
    for (const candidate of [prop(error, 'status'), prop(prop(error, 'response'), 'status')]) {
        if (typeof candidate === 'number' && Number.isInteger(candidate) && candidate >= 100 && candidate <= 599) {
            return candidate;
        }
    }
    return undefined;
}
/** A response header from an octokit error (`response.headers`, a lower-cased record) or a fetch Headers. */
function headerOf(error, name) {
    const headers = prop(prop(error, 'response'), 'headers') ?? prop(error, 'headers');
    if (headers instanceof Headers)
        return headers.get(name) ?? undefined;
    if (!isObject(headers))
        return undefined;
    for (const [key, value] of Object.entries(headers)) {
        if (key.toLowerCase() !== name)
            continue;
        if (typeof value === 'string')
            return value;
        if (typeof value === 'number')
            return String(value);
    }
    return undefined;
}
/** The error's message plus the response body's `message`, for the secondary-limit test. */
function messageText(error) {
    const own = prop(error, 'message');
    const body = prop(prop(prop(error, 'response'), 'data'), 'message');
    return `${typeof own === 'string' ? own : ''}\n${typeof body === 'string' ? body : ''}`;
}
function causesOf(error) {
    const out = [];
    const queue = [error];
    const seen = new Set();
    while (queue.length > 0 && out.length < 16) {
        const next = queue.shift();
        if (next === undefined || next === null || seen.has(next))
            continue;
        seen.add(next);
        out.push(next);
        queue.push(prop(next, 'cause'));
        if (next instanceof AggregateError)
            queue.push(...next.errors);
    }
    return out;
}
function hostnameOf(error) {
    const host = prop(error, 'hostname');
    if (typeof host === 'string' && host !== '')
        return host;
    const match = /ENOTFOUND\s+([^\s:/]+)/.exec((0,errors/* messageOf */.bD)(error));
    return match?.[1];
}

// EXTERNAL MODULE: ./shared/log.ts
var shared_log = __webpack_require__(1620);
;// CONCATENATED MODULE: ./shared/retry.ts







/**
 * The suite's one retry wrapper, and the only module that knows p-retry.
 *
 * - p-retry drives the attempt loop: the attempt cap, abort handling, and its own real-time
 *   `maxRetryTime` as a safety net. Its delay is switched off (minTimeout = maxTimeout = 0) because
 *   its `randomize` is a multiplicative factor, not Full Jitter, and its timer cannot be faked; we
 *   sleep ourselves, through the injected Clock, from `onFailedAttempt`.
 * - Every call is bounded: an attempt cap, a per-delay cap and a total-time cap are always set
 *   (p-retry's defaults would allow ~17 minutes of sleeping).
 * - `classify` (retry-classify.ts) decides what is worth retrying (docs/faults.md, "What is retried") and how
 *   long the server asked us to wait; server-requested waits are never cut short and never sleep
 *   past the deadline — when a wait would pass it, the call fails at once and says when the limit
 *   resets.
 * - One log line per retried attempt: label, attempt n/m, status or error code, request id, delay.
 *   Never headers, bodies or URLs.
 */

// Classification and Retry-After parsing live next door; re-exported so this stays the one import.



/** 5 attempts, delays capped at 1 s, 2 s, 4 s, 8 s (30 s max), at most 5 minutes per call. */
const DEFAULT_RETRY_POLICY = Object.freeze({
    retries: 4,
    minDelayMs: 1_000,
    maxDelayMs: 30_000,
    maxRetryTimeMs: 300_000,
});
/** Runs `fn` until it succeeds, fails for good, runs out of attempts or time, or is aborted. */
async function withRetry(label, fn, opts = {}) {
    const policy = resolvePolicy(opts.policy);
    const clock = opts.clock ?? shared_clock/* realClock */.d;
    const random = opts.random ?? Math.random;
    const log = opts.log ?? ((line) => core.info((0,shared_log/* inert */.tJ)(line)));
    const judge = opts.shouldRetry ?? ((error, ctx) => classify(error, { now: ctx.now }));
    const { signal } = opts;
    const maxAttempts = policy.retries + 1;
    const startedAt = clock.now();
    const deadline = Math.min(opts.deadline ?? Number.POSITIVE_INFINITY, startedAt + policy.maxRetryTimeMs);
    const state = { attempts: 0, last: undefined, stop: undefined, seen: new Map() };
    const final = (verdict, error, extra = '', resetAt) => {
        const n = state.attempts;
        const message = `${label}: failed after ${n} attempt${n === 1 ? '' : 's'} (${describe(verdict)})${extra}: ` + shortMessage(error);
        return new RetryError(message, { label, attempts: n, verdict, ...(resetAt ? { resetAt } : {}) }, error);
    };
    /** The delay before the next attempt, or a RetryError when waiting is pointless or too long. */
    const plan = (attempt, verdict, error) => {
        const count = state.seen.get(verdict.reason) ?? 0;
        if (verdict.maxRetries !== undefined && count >= verdict.maxRetries) {
            return final(verdict, error, `; still failing after ${count} retr${count === 1 ? 'y' : 'ies'}`);
        }
        state.seen.set(verdict.reason, count + 1);
        const now = clock.now();
        const remaining = deadline - now;
        if (verdict.waitMs !== undefined) {
            const wait = verdict.escalate ? verdict.waitMs * 2 ** count : verdict.waitMs;
            if (wait > remaining) {
                const resetAt = new Date(now + wait);
                const what = /rate limit/i.test(verdict.reason) ? 'the rate limit resets at' : 'the server asked to wait until';
                const extra = `; ${what} ${resetAt.toISOString()}, after this call's retry deadline ${isoTime(deadline)}, so not waiting`;
                return final(verdict, error, extra, resetAt);
            }
            return wait;
        }
        if (remaining <= 0)
            return final(verdict, error, '; retry time budget spent');
        return Math.min(backoffDelay(policy, attempt - 1, random), remaining);
    };
    try {
        return await (0,p_retry/* default */.Ay)(async (attempt) => {
            state.attempts = attempt;
            try {
                return await fn(attempt);
            }
            catch (error) {
                if (signal?.aborted)
                    throw new p_retry/* AbortError */.lc(asError(error));
                const verdict = judge(error, { attempt, now: clock.now() });
                state.last = { error, verdict };
                if (!verdict.retry)
                    throw new p_retry/* AbortError */.lc(asError(error));
                throw new AttemptFailed(error, verdict);
            }
        }, {
            retries: policy.retries,
            factor: 1,
            minTimeout: 0,
            maxTimeout: 0,
            randomize: false,
            maxRetryTime: policy.maxRetryTimeMs,
            signal,
            onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
                if (!(error instanceof AttemptFailed) || retriesLeft <= 0)
                    return;
                const delay = plan(attemptNumber, error.verdict, error.original);
                if (delay instanceof RetryError) {
                    state.stop = delay;
                    throw delay;
                }
                log(`${label}: attempt ${attemptNumber}/${maxAttempts} failed (${describe(error.verdict)}); ` +
                    `retrying in ${formatDelay(delay)}`);
                if (opts.stats)
                    opts.stats.retries += 1;
                await clock.sleep(delay, signal);
            },
        });
    }
    catch (thrown) {
        if (signal?.aborted)
            throw signal.reason;
        if (state.stop !== undefined && thrown === state.stop)
            throw thrown;
        const last = state.last;
        if (last === undefined)
            throw thrown;
        const { error, verdict } = last;
        if (!verdict.retry) {
            if (error instanceof errors/* InputError */.dz || error instanceof errors/* UserError */.yo)
                throw error;
            if (error instanceof RetryError && state.attempts === 1)
                throw error;
        }
        throw final(verdict, error);
    }
}
/** Full Jitter (Brooker): uniform in [0, min(maxDelayMs, minDelayMs·2^retryIndex)]. */
function backoffDelay(policy, retryIndex, random = Math.random) {
    const cap = backoffCap(policy, retryIndex);
    const r = random();
    const unit = Number.isFinite(r) ? Math.min(1, Math.max(0, r)) : 0;
    return Math.round(unit * cap);
}
/** The upper bound of the retryIndex-th backoff delay (0-based). Non-decreasing in retryIndex. */
function backoffCap(policy, retryIndex) {
    return Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** Math.max(0, retryIndex));
}
/** Merges over the defaults and rejects anything unbounded or not a number. */
function resolvePolicy(policy = {}) {
    const merged = { ...DEFAULT_RETRY_POLICY };
    for (const key of Object.keys(DEFAULT_RETRY_POLICY)) {
        const value = policy[key];
        if (value === undefined)
            continue;
        if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
            throw new TypeError(`retry policy ${key} must be a finite number ≥ 0, got ${String(value)}`);
        }
        merged[key] = value;
    }
    if (!Number.isInteger(merged.retries))
        throw new TypeError(`retry policy retries must be an integer, got ${merged.retries}`);
    if (merged.maxDelayMs < merged.minDelayMs) {
        throw new TypeError(`retry policy maxDelayMs (${merged.maxDelayMs}) is below minDelayMs (${merged.minDelayMs})`);
    }
    return merged;
}
/** "1.2s", "30.0s", "2m00s". */
function formatDelay(ms) {
    if (ms < 60_000)
        return `${(ms / 1000).toFixed(1)}s`;
    const seconds = Math.round(ms / 1000);
    return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}
// ---------------------------------------------------------------------------------------------
// Helpers
/** Carries a retryable failure through p-retry, whatever was thrown (p-retry special-cases TypeError). */
class AttemptFailed extends Error {
    name = 'AttemptFailed';
    original;
    verdict;
    constructor(original, verdict) {
        super(verdict.reason);
        this.original = original;
        this.verdict = verdict;
    }
}
function describe(verdict) {
    return verdict.requestId ? `${verdict.reason}, request id ${verdict.requestId}` : verdict.reason;
}
/** The first line of a failure's message, without URL query strings, at most 300 characters. */
function shortMessage(error) {
    const line = ((0,errors/* messageOf */.bD)(error).split('\n')[0] ?? '').replace(/(\bhttps?:\/\/[^\s?#"'<>]*)[?#][^\s"'<>]*/gi, '$1');
    return line.length > 300 ? `${line.slice(0, 299)}…` : line;
}
function isoTime(ms) {
    return Number.isFinite(ms) ? new Date(ms).toISOString() : 'none';
}
function asError(error) {
    return error instanceof Error ? error : new Error((0,errors/* messageOf */.bD)(error));
}


/***/ })

};
