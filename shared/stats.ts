/**
 * Counters one action run accumulates for its execution record (record.ts) and the benchmark.
 * Passed explicitly to the GitHub client and the retry wrapper; nothing here is global.
 */
export class RunStats {
  /** Requests sent to the GitHub API, retries included. */
  apiCalls = 0;
  /** Attempts that failed and were tried again (API calls and retried user steps alike). */
  retries = 0;
  /** Lowest `x-ratelimit-remaining` the API reported during the run. */
  rateLimitRemaining: number | undefined = undefined;

  noteRateLimit(remaining: number): void {
    if (!Number.isFinite(remaining)) return;
    this.rateLimitRemaining =
      this.rateLimitRemaining === undefined ? remaining : Math.min(this.rateLimitRemaining, remaining);
  }
}
