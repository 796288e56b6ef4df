import * as core from '@actions/core';
import pRetry, { AbortError as StopRetrying } from 'p-retry';
import { realClock, type Clock } from './clock.ts';
import { InputError, TransientError, UserError, messageOf } from './errors.ts';
import type { RunStats } from './stats.ts';

/**
 * The suite's one retry wrapper, and the only module that knows p-retry.
 *
 * - p-retry drives the attempt loop: the attempt cap, abort handling, and its own real-time
 *   `maxRetryTime` as a safety net. Its delay is switched off (minTimeout = maxTimeout = 0) because
 *   its `randomize` is a multiplicative factor, not Full Jitter, and its timer cannot be faked; we
 *   sleep ourselves, through the injected Clock, from `onFailedAttempt`.
 * - Every call is bounded: an attempt cap, a per-delay cap and a total-time cap are always set
 *   (p-retry's defaults would allow ~17 minutes of sleeping).
 * - `classify` decides what is worth retrying (reliability.md §6.5) and how long the server asked
 *   us to wait; server-requested waits are never cut short and never sleep past the deadline —
 *   when a wait would pass it, the call fails at once and says when the limit resets.
 * - One log line per retried attempt: label, attempt n/m, status or error code, request id, delay.
 *   Never headers, bodies or URLs.
 */

export { realClock, type Clock } from './clock.ts';

export interface RetryPolicy {
  /** Retries after the first attempt (so `retries + 1` attempts at most). */
  retries: number;
  /** Backoff base: the cap of the n-th delay (n from 0) is min(maxDelayMs, minDelayMs·2^n). */
  minDelayMs: number;
  /** Cap of any one backoff delay. Server-requested waits (Retry-After…) are bounded by the deadline instead. */
  maxDelayMs: number;
  /** Total budget from the first attempt: no sleep may end after it. */
  maxRetryTimeMs: number;
}

/** 5 attempts, delays capped at 1 s, 2 s, 4 s, 8 s (30 s max), at most 5 minutes per call. */
export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  retries: 4,
  minDelayMs: 1_000,
  maxDelayMs: 30_000,
  maxRetryTimeMs: 300_000,
});

/** Wait when the server rate-limits us without saying for how long, or says it unintelligibly. */
export const RATE_LIMIT_FALLBACK_MS = 60_000;

export interface Verdict {
  retry: boolean;
  /** Short and log-safe: a status, an error code, a host name — never a body, header value or URL. */
  reason: string;
  /** A wait the server asked for (Retry-After, x-ratelimit-reset, the 60 s secondary-limit floor); replaces backoff. */
  waitMs?: number;
  /** Double `waitMs` on each further retry for the same reason (secondary limit without headers: 60 s, 120 s, …). */
  escalate?: boolean;
  /** Retry this reason at most this many times in one call (a persistent ENOTFOUND: 1). */
  maxRetries?: number;
  /** The failure proves the request was not processed, so even a non-idempotent request may be re-sent. */
  notProcessed?: boolean;
  /** HTTP status, when a response was received. */
  status?: number;
  /** `x-github-request-id`, when the response had one. */
  requestId?: string;
}

export interface RetryContext {
  /** The attempt that just failed, from 1. */
  attempt: number;
  /** clock.now() when it failed. */
  now: number;
}

export interface RetryOptions {
  policy?: Partial<RetryPolicy>;
  clock?: Clock;
  /** Uniform in [0, 1); injectable for deterministic jitter. */
  random?: () => number;
  /** Aborting cancels a sleep at once and starts no further attempt; the call rejects with `signal.reason`. */
  signal?: AbortSignal;
  /** `retries` is incremented once per retried attempt. */
  stats?: RunStats;
  /** Where the per-attempt line goes; default core.info. */
  log?: (line: string) => void;
  /** Replaces `classify` (call it yourself to extend it). */
  shouldRetry?: (error: unknown, context: RetryContext) => Verdict;
  /** Absolute time (ms since epoch) no sleep may pass; the earlier of this and start + maxRetryTimeMs applies. */
  deadline?: number;
}

/**
 * The error a failed `withRetry` call rejects with (InputError and UserError pass through unchanged).
 * The original failure is its `cause`; the message says how many attempts were made.
 */
export class RetryError extends Error {
  override readonly name: string = 'RetryError';
  readonly label: string;
  readonly attempts: number;
  /** The verdict's reason for the last failure, e.g. "status 502" or "ECONNRESET". */
  readonly reason: string;
  /** Whether the last failure was of a retryable kind (false: it was not retried). */
  readonly retryable: boolean;
  readonly status: number | undefined;
  readonly requestId: string | undefined;
  /** When a rate limit resets, if the call gave up rather than wait past its deadline. */
  readonly resetAt: Date | undefined;

  constructor(
    message: string,
    details: { label: string; attempts: number; verdict: Verdict; resetAt?: Date },
    cause: unknown,
  ) {
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

/** Runs `fn` until it succeeds, fails for good, runs out of attempts or time, or is aborted. */
export async function withRetry<T>(
  label: string,
  fn: (attempt: number) => Promise<T>,
  opts: RetryOptions = {},
): Promise<T> {
  const policy = resolvePolicy(opts.policy);
  const clock = opts.clock ?? realClock;
  const random = opts.random ?? Math.random;
  const log = opts.log ?? ((line: string) => core.info(line));
  const judge = opts.shouldRetry ?? ((error: unknown, ctx: RetryContext) => classify(error, { now: ctx.now }));
  const { signal } = opts;
  const maxAttempts = policy.retries + 1;
  const startedAt = clock.now();
  const deadline = Math.min(opts.deadline ?? Number.POSITIVE_INFINITY, startedAt + policy.maxRetryTimeMs);
  const state: {
    attempts: number;
    last: { error: unknown; verdict: Verdict } | undefined;
    stop: RetryError | undefined;
    seen: Map<string, number>;
  } = { attempts: 0, last: undefined, stop: undefined, seen: new Map() };

  const final = (verdict: Verdict, error: unknown, extra = '', resetAt?: Date): RetryError => {
    const n = state.attempts;
    const message =
      `${label}: failed after ${n} attempt${n === 1 ? '' : 's'} (${describe(verdict)})${extra}: ` + shortMessage(error);
    return new RetryError(message, { label, attempts: n, verdict, ...(resetAt ? { resetAt } : {}) }, error);
  };

  /** The delay before the next attempt, or a RetryError when waiting is pointless or too long. */
  const plan = (attempt: number, verdict: Verdict, error: unknown): number | RetryError => {
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
    if (remaining <= 0) return final(verdict, error, '; retry time budget spent');
    return Math.min(backoffDelay(policy, attempt - 1, random), remaining);
  };

  try {
    return await pRetry(
      async (attempt: number) => {
        state.attempts = attempt;
        try {
          return await fn(attempt);
        } catch (error) {
          if (signal?.aborted) throw new StopRetrying(asError(error));
          const verdict = judge(error, { attempt, now: clock.now() });
          state.last = { error, verdict };
          if (!verdict.retry) throw new StopRetrying(asError(error));
          throw new AttemptFailed(error, verdict);
        }
      },
      {
        retries: policy.retries,
        factor: 1,
        minTimeout: 0,
        maxTimeout: 0,
        randomize: false,
        maxRetryTime: policy.maxRetryTimeMs,
        signal,
        onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
          if (!(error instanceof AttemptFailed) || retriesLeft <= 0) return;
          const delay = plan(attemptNumber, error.verdict, error.original);
          if (delay instanceof RetryError) {
            state.stop = delay;
            throw delay;
          }
          log(
            `${label}: attempt ${attemptNumber}/${maxAttempts} failed (${describe(error.verdict)}); ` +
              `retrying in ${formatDelay(delay)}`,
          );
          if (opts.stats) opts.stats.retries += 1;
          await clock.sleep(delay, signal);
        },
      },
    );
  } catch (thrown) {
    if (signal?.aborted) throw signal.reason;
    if (state.stop !== undefined && thrown === state.stop) throw thrown;
    const last = state.last;
    if (last === undefined) throw thrown;
    const { error, verdict } = last;
    if (!verdict.retry) {
      if (error instanceof InputError || error instanceof UserError) throw error;
      if (error instanceof RetryError && state.attempts === 1) throw error;
    }
    throw final(verdict, error);
  }
}

/** Full Jitter (Brooker): uniform in [0, min(maxDelayMs, minDelayMs·2^retryIndex)]. */
export function backoffDelay(policy: RetryPolicy, retryIndex: number, random: () => number = Math.random): number {
  const cap = backoffCap(policy, retryIndex);
  const r = random();
  const unit = Number.isFinite(r) ? Math.min(1, Math.max(0, r)) : 0;
  return Math.round(unit * cap);
}

/** The upper bound of the retryIndex-th backoff delay (0-based). Non-decreasing in retryIndex. */
export function backoffCap(policy: RetryPolicy, retryIndex: number): number {
  return Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** Math.max(0, retryIndex));
}

/** Merges over the defaults and rejects anything unbounded or not a number. */
export function resolvePolicy(policy: Partial<RetryPolicy> = {}): RetryPolicy {
  const merged: RetryPolicy = { ...DEFAULT_RETRY_POLICY };
  for (const key of Object.keys(DEFAULT_RETRY_POLICY) as (keyof RetryPolicy)[]) {
    const value = policy[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new TypeError(`retry policy ${key} must be a finite number ≥ 0, got ${String(value)}`);
    }
    merged[key] = value;
  }
  if (!Number.isInteger(merged.retries)) throw new TypeError(`retry policy retries must be an integer, got ${merged.retries}`);
  if (merged.maxDelayMs < merged.minDelayMs) {
    throw new TypeError(`retry policy maxDelayMs (${merged.maxDelayMs}) is below minDelayMs (${merged.minDelayMs})`);
  }
  return merged;
}

// ---------------------------------------------------------------------------------------------
// Classification (reliability.md §6.5)

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
const TLS_CODE =
  /^(CERT_|ERR_TLS_|ERR_SSL_|UNABLE_TO_(GET|VERIFY|DECRYPT)|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|HOSTNAME_MISMATCH|INVALID_CA|INVALID_PURPOSE)/;
const SECONDARY_LIMIT = /secondary rate limit|abuse detection/i;

/**
 * What to do about a failure. `now` (ms since epoch) is used to turn an HTTP-date or
 * `x-ratelimit-reset` into a wait.
 */
export function classify(error: unknown, options: { now?: number } = {}): Verdict {
  const now = options.now ?? Date.now();
  if (error instanceof RetryError) {
    return withIds(error, { retry: false, reason: `already retried: ${error.reason}` });
  }
  if (error instanceof InputError || error instanceof UserError) return { retry: false, reason: error.name };
  if (error instanceof TransientError) {
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
  if (network) return network;
  if (status !== undefined) {
    return { retry: false, reason: `request failed before any response (${nameOf(prop(error, 'cause'))})` };
  }
  return { retry: false, reason: `not a transient failure (${nameOf(error)})` };
}

function classifyStatus(error: unknown, status: number, now: number): Verdict {
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
      if (retryAfter !== undefined) return { retry: true, reason, waitMs: parseRetryAfter(retryAfter, now), notProcessed: true, ...ids };
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
function classifyTransport(error: unknown): Verdict | undefined {
  const chain = causesOf(error);
  for (const e of chain) {
    const code = prop(e, 'code');
    if (typeof code === 'string' && TLS_CODE.test(code)) {
      return { retry: false, reason: `TLS certificate error ${code}` };
    }
  }
  for (const e of chain) {
    const code = prop(e, 'code');
    if (typeof code !== 'string') continue;
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
    if (name === 'TimeoutError' || name === 'AbortError') return { retry: true, reason: 'attempt timed out' };
  }
  for (const e of chain) {
    if (e instanceof TypeError && /^(fetch failed|terminated)$/i.test(e.message)) {
      return { retry: true, reason: `network error (${e.message})` };
    }
  }
  return undefined;
}

/**
 * `Retry-After` as a wait in ms: delay-seconds or an HTTP-date. Zero, negative, past, fractional
 * or unparsable values give RATE_LIMIT_FALLBACK_MS — never NaN, never 0 (which would hammer the API).
 */
export function parseRetryAfter(value: string, now: number = Date.now()): number {
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
    if (Number.isFinite(at) && at > now) return at - now;
  }
  return RATE_LIMIT_FALLBACK_MS;
}

/** `x-ratelimit-reset` (epoch seconds) as a wait in ms: until the reset plus 1 s, at least 1 s. */
export function untilReset(reset: string | undefined, now: number = Date.now()): number {
  const seconds = Number(reset?.trim());
  if (reset === undefined || reset.trim() === '' || !Number.isFinite(seconds) || seconds <= 0) return RATE_LIMIT_FALLBACK_MS;
  return Math.max(1000, seconds * 1000 - now + 1000);
}

/** "1.2s", "30.0s", "2m00s". */
export function formatDelay(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** Carries a retryable failure through p-retry, whatever was thrown (p-retry special-cases TypeError). */
class AttemptFailed extends Error {
  override readonly name = 'AttemptFailed';
  readonly original: unknown;
  readonly verdict: Verdict;
  constructor(original: unknown, verdict: Verdict) {
    super(verdict.reason);
    this.original = original;
    this.verdict = verdict;
  }
}

function describe(verdict: Verdict): string {
  return verdict.requestId ? `${verdict.reason}, request id ${verdict.requestId}` : verdict.reason;
}

function withIds(error: RetryError, verdict: Verdict): Verdict {
  return {
    ...verdict,
    ...(error.status !== undefined ? { status: error.status } : {}),
    ...(error.requestId !== undefined ? { requestId: error.requestId } : {}),
  };
}

/** The first line of a failure's message, without URL query strings, at most 300 characters. */
function shortMessage(error: unknown): string {
  const line = (messageOf(error).split('\n')[0] ?? '').replace(/(\bhttps?:\/\/[^\s?#"'<>]*)[?#][^\s"'<>]*/gi, '$1');
  return line.length > 300 ? `${line.slice(0, 299)}…` : line;
}

function isoTime(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : 'none';
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(messageOf(error));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null;
}

function prop(value: unknown, key: string): unknown {
  return isObject(value) ? value[key] : undefined;
}

function nameOf(value: unknown): string {
  const name = prop(value, 'name');
  return typeof name === 'string' && name !== '' ? name : typeof value;
}

function statusOf(error: unknown): number | undefined {
  for (const candidate of [prop(error, 'status'), prop(prop(error, 'response'), 'status')]) {
    if (typeof candidate === 'number' && Number.isInteger(candidate) && candidate >= 100 && candidate <= 599) {
      return candidate;
    }
  }
  return undefined;
}

/** A response header from an octokit error (`response.headers`, a lower-cased record) or a fetch Headers. */
function headerOf(error: unknown, name: string): string | undefined {
  const headers = prop(prop(error, 'response'), 'headers') ?? prop(error, 'headers');
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  if (!isObject(headers)) return undefined;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    if (typeof value === 'string') return value;
    if (typeof value === 'number') return String(value);
  }
  return undefined;
}

/** The error's message plus the response body's `message`, for the secondary-limit test. */
function messageText(error: unknown): string {
  const own = prop(error, 'message');
  const body = prop(prop(prop(error, 'response'), 'data'), 'message');
  return `${typeof own === 'string' ? own : ''}\n${typeof body === 'string' ? body : ''}`;
}

function causesOf(error: unknown): unknown[] {
  const out: unknown[] = [];
  const queue: unknown[] = [error];
  const seen = new Set<unknown>();
  while (queue.length > 0 && out.length < 16) {
    const next = queue.shift();
    if (next === undefined || next === null || seen.has(next)) continue;
    seen.add(next);
    out.push(next);
    queue.push(prop(next, 'cause'));
    if (next instanceof AggregateError) queue.push(...(next.errors as unknown[]));
  }
  return out;
}

function hostnameOf(error: unknown): string | undefined {
  const host = prop(error, 'hostname');
  if (typeof host === 'string' && host !== '') return host;
  const match = /ENOTFOUND\s+([^\s:/]+)/.exec(messageOf(error));
  return match?.[1];
}
