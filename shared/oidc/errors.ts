import { UserError } from '../errors.ts';

/**
 * The cloud said the OIDC token has expired. Retrying with the same token is pointless, so the
 * exchange does not; the CredentialSource requests a fresh token and exchanges once more. If that
 * fails too, the message stands (usually the runner's clock or a very slow exchange).
 */
export class IdTokenExpiredError extends UserError {
  override readonly name = 'IdTokenExpiredError';
}

