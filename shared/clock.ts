/**
 * Time as a seam: everything that waits (retry backoff, write spacing) takes a Clock, so unit tests
 * inject a fake one and never really sleep.
 */

export interface Clock {
  /** Milliseconds since the epoch (absolute, so deadlines and `x-ratelimit-reset` compare directly). */
  now(): number;
  /**
   * Resolves after `ms`. When `signal` aborts — before or during the wait — rejects at once with
   * `signal.reason`, and the timer is cleared.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realClock: Clock = Object.freeze({
  now: (): number => Date.now(),
  sleep: (ms: number, signal?: AbortSignal): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, Math.max(0, ms));
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
});
