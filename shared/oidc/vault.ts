import { TransientError, UserError } from '../errors.ts';
import { IdTokenExpiredError } from './errors.ts';
import { CloudServiceError, describeBody, firstLine, httpRequest, isRecord, isTransientStatus, parseJson, retryAfterOf, retrying, str } from './http.ts';
import { describeClaims, subjectAndAudience } from './token.ts';
import type { CallDeps, IdToken, VaultCredentials } from './types.ts';

/**
 * HashiCorp Vault JWT auth: `POST {vault}/v1/auth/{mount}/login` with the role and the OIDC token.
 * The Vault token is short-lived (the role's token_ttl; GitHub's guide suggests 10m) and can be
 * revoked when the action is done (`revokeVaultToken`).
 */

export interface VaultExchangeOptions extends CallDeps {
  /** https://vault.example.com:8200 */
  url: string;
  role: string;
  /** Mount path of the JWT auth method; default `jwt`. */
  mount?: string;
  namespace?: string;
}

export function vaultHeaders(namespace: string | undefined, token?: string): Record<string, string> {
  return {
    'x-vault-request': 'true',
    accept: 'application/json',
    ...(namespace ? { 'x-vault-namespace': namespace } : {}),
    ...(token ? { 'x-vault-token': token } : {}),
  };
}

/** Vault's `{"errors": [...]}`, joined and cut to one line. */
export function vaultErrors(parsed: unknown): string {
  const errors = isRecord(parsed) && Array.isArray(parsed['errors']) ? parsed['errors'].filter((e): e is string => typeof e === 'string') : [];
  return firstLine(errors.join('; '));
}

export async function vaultJwtLogin(idToken: IdToken, opts: VaultExchangeOptions): Promise<VaultCredentials> {
  const address = opts.url.replace(/\/+$/, '');
  const mount = (opts.mount ?? 'jwt').replace(/^\/+|\/+$/g, '');
  const url = `${address}/v1/auth/${mount.split('/').map(encodeURIComponent).join('/')}/login`;
  const body = JSON.stringify({ role: opts.role, jwt: idToken.value });
  const now = (): number => (opts.clock ? opts.clock.now() : Date.now());

  return retrying(`Log in to Vault with role ${opts.role}`, opts, async () => {
    const res = await httpRequest(url, { method: 'POST', headers: { ...vaultHeaders(opts.namespace), 'content-type': 'application/json' }, body }, opts);
    const parsed = parseJson(res.text);
    const auth = isRecord(parsed) && isRecord(parsed['auth']) ? parsed['auth'] : undefined;
    const token = str(auth, 'client_token');
    const accessor = str(auth, 'accessor');
    if (token) opts.redactor.add(token);
    if (accessor) opts.redactor.add(accessor);
    if (res.status === 200) {
      if (!token || !auth) throw new TransientError(`Vault answered 200 without a client token (${describeBody(res)})`);
      const lease = Number(auth['lease_duration']);
      const policies = Array.isArray(auth['policies']) ? auth['policies'].filter((p): p is string => typeof p === 'string') : [];
      const expiresAt = Number.isFinite(lease) && lease > 0 ? now() + lease * 1000 : Number.POSITIVE_INFINITY;
      opts.log?.debug(`Logged in to Vault with role ${opts.role}: policies ${policies.join(', ') || '(none)'}, token TTL ${Number.isFinite(lease) ? lease : '?'}s`);
      return {
        provider: 'vault',
        token,
        ...(accessor ? { accessor } : {}),
        address,
        ...(opts.namespace ? { namespace: opts.namespace } : {}),
        expiresAt,
        renewable: auth['renewable'] === true,
        policies,
      } satisfies VaultCredentials;
    }
    const said = `status ${res.status}${vaultErrors(parsed) ? `: ${vaultErrors(parsed)}` : ''}`;
    const ids = { status: res.status };
    const cause = new CloudServiceError(said, { ...ids, retryable: false });
    if (isTransientStatus(res.status) || /fetch(ing)? (the )?keys|jwks|discovery|connection refused|timeout/i.test(said)) {
      const wait = retryAfterOf(res, now());
      throw new CloudServiceError(`Vault answered ${said}`, { ...ids, retryable: true, ...(wait !== undefined ? { retryAfterMs: wait } : {}) });
    }
    if (/expired|not valid yet|\(exp\)|\(nbf\)/i.test(said)) throw new IdTokenExpiredError(`Vault says the OIDC token has expired (${said})`, { cause });
    if (/audience|aud\b/i.test(said)) {
      throw new UserError(
        `Vault refused the OIDC token's audience (${said}). Role ${opts.role} must list it in bound_audiences; this token has ${subjectAndAudience(idToken)} (set vault-audience to one of the bound audiences).`,
        { cause },
      );
    }
    if (/subject|bound claim|claim .* does not match|sub\b/i.test(said)) {
      throw new UserError(
        `Vault refused this workflow (${said}). The bound_subject and bound_claims of role ${opts.role} must match this token: ${describeClaims(idToken.claims)}.`,
        { cause },
      );
    }
    if (/role .* (could not be found|not found)|unsupported path|no handler/i.test(said) || res.status === 404) {
      throw new UserError(`Vault has no JWT role ${opts.role} at auth mount ${mount} (${said}); check vault-role, vault-mount and vault-namespace.`, { cause });
    }
    if (res.status === 400 || res.status === 403) throw new UserError(`Vault refused the login with role ${opts.role} (${said}).`, { cause });
    throw new CloudServiceError(`Vault answered ${said}`, { ...ids, retryable: false });
  });
}

/** Revokes the token (`POST /v1/auth/token/revoke-self`); best effort, one attempt. */
export async function revokeVaultToken(credentials: VaultCredentials, deps: Pick<CallDeps, 'fetch' | 'signal' | 'timeoutMs'>): Promise<boolean> {
  try {
    const res = await httpRequest(
      `${credentials.address}/v1/auth/token/revoke-self`,
      { method: 'POST', headers: vaultHeaders(credentials.namespace, credentials.token) },
      deps,
    );
    return res.status === 204 || res.status === 200;
  } catch {
    return false;
  }
}
