import { InputError, TransientError, UserError, causeChain, messageOf } from '../../../shared/errors.ts';

/**
 * How rotate-secret words a failure at a boundary (a GitHub call, a store, the target). An API or
 * network failure that outlasted its retries (GitHubApiError/RetryError, anything with an HTTP
 * status), a TransientError or a UserError is the environment's to fix and stays user-facing;
 * anything else stays what it was (a bug).
 */
export function failure(what: string, error: unknown): Error {
  return sameKind(`${what}: ${messageOf(error)}`, error);
}

/** `message` for `error`, user-facing exactly when something in its cause chain is. */
export function sameKind(message: string, error: unknown): Error {
  return userFacing(error) ? new UserError(message, { cause: error }) : new Error(message, { cause: error });
}

function userFacing(error: unknown): boolean {
  return causeChain(error).some((e) => {
    const named = e instanceof Error ? e.name : '';
    return e instanceof InputError || e instanceof UserError || e instanceof TransientError || named === 'RetryError' || named === 'GitHubApiError' || statusOf(e) !== undefined;
  });
}

/** The HTTP status an API error carries, if any. */
export function statusOf(error: unknown): number | undefined {
  const s = (error as { status?: unknown } | null)?.status;
  return typeof s === 'number' ? s : undefined;
}

/**
 * Whether a failed write may have reached the store all the same. Only an answer that refused it
 * (a 4xx: forbidden, not found, invalid) or a check before sending (an input error) proves it did
 * not; a timeout, a reset or a 5xx after the request was sent leaves it open — the store may hold
 * the new value, and consumers may already read it.
 */
export function mayHaveLanded(error: unknown): boolean {
  return !causeChain(error).some((e) => {
    const status = statusOf(e);
    return e instanceof InputError || (status !== undefined && status >= 400 && status < 500);
  });
}

/** A 403 that is not a rate limit: the token lacks a permission. */
export function isForbidden(error: unknown): boolean {
  return statusOf(error) === 403 && !/rate limit/i.test(messageOf(error));
}

/**
 * The message a 403 on a secret or variable write deserves. The client's message already names the
 * permission the route needs and which token can hold it (shared/github-permissions.ts: the
 * workflow's GITHUB_TOKEN never can, for secrets and variables), and it follows this one as its
 * cause, so this only says what could not be written — one explanation, not two that disagree.
 */
export function tokenCannotWrite(what: string, error: unknown): UserError {
  // The cause (the API failure, with the client's advice) follows this message wherever it is shown.
  return new UserError(`github-token cannot write the ${what}`, {
    cause: error,
    fix: 'Pass a GitHub App installation token (e.g. from actions/create-github-app-token) or a fine-grained personal access token with the permission named above as `github-token`.',
  });
}
