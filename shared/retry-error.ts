import type { Verdict } from './retry-classify.ts';

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
