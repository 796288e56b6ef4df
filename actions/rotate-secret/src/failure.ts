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

/** A 403 that is not a rate limit: the token lacks a permission. */
export function isForbidden(error: unknown): boolean {
  return statusOf(error) === 403 && !/rate limit/i.test(messageOf(error));
}

/** The message a 403 on a secret or variable write deserves: which token can do it. */
export function tokenCannotWrite(what: string, error: unknown): UserError {
  return new UserError(
    `github-token cannot write the ${what} (${messageOf(error)}). The workflow's GITHUB_TOKEN can never write secrets or ` +
      'variables: pass a GitHub App installation token (e.g. from actions/create-github-app-token) with the permissions ' +
      "'secrets: write' and 'variables: write' (plus 'environments: write' for environment secrets, 'organization_secrets: write' " +
      "for organisation secrets, 'dependabot_secrets: write' for Dependabot) or a fine-grained PAT with the same, as `github-token`.",
    { cause: error },
  );
}
