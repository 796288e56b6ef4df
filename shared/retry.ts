import * as core from '@actions/core';
import pRetry, { AbortError as StopRetrying } from 'p-retry';
import { realClock, type Clock } from './clock.ts';
import { InputError, UserError, messageOf } from './errors.ts';
import { classify, type Verdict } from './retry-classify.ts';
import { RetryError } from './retry-error.ts';
import type { RunStats } from './stats.ts';
import { inert } from './log.ts';

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

export { realClock, type Clock } from './clock.ts';
// Classification and Retry-After parsing live next door; re-exported so this stays the one import.
export { classify, type Verdict } from './retry-classify.ts';
export { RetryError } from './retry-error.ts';
export { RATE_LIMIT_FALLBACK_MS, parseRetryAfter, untilReset } from './retry-after.ts';

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


/** Runs `fn` until it succeeds, fails for good, runs out of attempts or time, or is aborted. */
export async function withRetry<T>(
  label: string,
  fn: (attempt: number) => Promise<T>,
  opts: RetryOptions = {},
): Promise<T> {
  const policy = resolvePolicy(opts.policy);
  const clock = opts.clock ?? realClock;
  const random = opts.random ?? Math.random;
  const log = opts.log ?? ((line: string) => core.info(inert(line)));
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

