import type { Clock } from '../../../shared/clock.ts';
import { UserError } from '../../../shared/errors.ts';
import { formatDuration } from '../../../shared/log.ts';

/**
 * `api-timeout`: the total time one step may spend waiting on GitHub's API — requests, their
 * retries and backoff, rate-limit waits — whatever the per-request timeout (30 s) and the retry
 * policy would allow on their own (a hung route costs ~165 s per call without it). Time between
 * calls (the script, the health gate, lock and soak waits) does not count.
 *
 * Each call gets an abort signal that fires when the budget runs out; the shared client stops
 * retrying at once and the call rejects with an ApiTimeoutError naming the call it was waiting on.
 * A call made inside another (a reconcile read inside a create) shares its signal and its time.
 *
 * deploy's own until the shared client offers a run-wide budget; then this file goes.
 */

/** GitHub's API took longer, in total, than `api-timeout` allows. */
export class ApiTimeoutError extends UserError {
  override readonly name: string = 'ApiTimeoutError';
}

export interface ApiBudget {
  /** Runs one API call within the budget. */
  run<T>(label: string, call: (signal: AbortSignal) => Promise<T>): Promise<T>;
  /** Time spent in API calls so far, ms. */
  readonly spentMs: number;
}

export function createApiBudget(o: {
  limitMs: number;
  clock: Clock;
  /** Seam for tests: a signal that aborts after `ms` (default AbortSignal.timeout). */
  timeout?: (ms: number) => AbortSignal;
}): ApiBudget {
  const timeout = o.timeout ?? ((ms: number) => AbortSignal.timeout(ms));
  let spent = 0;
  let current: AbortSignal | undefined;
  const exhausted = (label: string): ApiTimeoutError =>
    new ApiTimeoutError(
      `GitHub's API did not answer in time: api-timeout (${formatDuration(o.limitMs)}, the total time this step may wait on GitHub) ran out while waiting for ${label}. ` +
        'GitHub may be degraded (https://www.githubstatus.com); re-run the job, or raise api-timeout.',
    );
  return {
    get spentMs() {
      return spent;
    },
    async run(label, call) {
      if (current) return call(current);
      const remaining = o.limitMs - spent;
      if (remaining <= 0) throw exhausted(label);
      const controller = new AbortController();
      const expiry = timeout(remaining);
      const onExpiry = (): void => controller.abort(exhausted(label));
      expiry.addEventListener('abort', onExpiry, { once: true });
      const started = o.clock.now();
      current = controller.signal;
      try {
        return await call(controller.signal);
      } catch (error) {
        throw controller.signal.aborted ? (controller.signal.reason as Error) : error;
      } finally {
        expiry.removeEventListener('abort', onExpiry);
        current = undefined;
        spent += Math.max(0, o.clock.now() - started);
      }
    },
  };
}
