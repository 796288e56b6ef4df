import { TransientError, UserError, messageOf } from '../../../shared/errors.ts';

/**
 * Wraps a failure with what we were doing. An API or network failure that outlasted its retries
 * (GitHubApiError/RetryError, anything with an HTTP status), a TransientError or a UserError is
 * the environment's to fix and stays user-facing; anything else stays what it was (a bug).
 */
export function failure(what: string, error: unknown): Error {
  const message = `${what}: ${messageOf(error)}`;
  const named = error instanceof Error ? error.name : '';
  const status = (error as { status?: unknown } | null)?.status;
  if (error instanceof UserError || error instanceof TransientError || named === 'RetryError' || named === 'GitHubApiError' || typeof status === 'number') {
    return new UserError(message, { cause: error });
  }
  return new Error(message, { cause: error });
}
