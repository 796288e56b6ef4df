import { TransientError, UserError } from '../errors.ts';
import { IdTokenExpiredError } from './errors.ts';
import { CloudServiceError, describeBody, firstLine, httpRequest, isRecord, isTransientStatus, parseJson, retryAfterOf, retrying, str } from './http.ts';
import { describeClaims } from './token.ts';
import type { CallDeps, GcpCredentials, IdToken } from './types.ts';

/**
 * Google Cloud workload identity federation: the OIDC token is exchanged at the Security Token
 * Service (`POST {sts}/v1/token`, RFC 8693 token exchange) for a federated access token; with a
 * service account, that token then calls IAM Service Account Credentials
 * (`POST {iamcredentials}/v1/projects/-/serviceAccounts/SA:generateAccessToken`) for the service
 * account's own access token. Both base URLs are overridable (tests, other universes).
 */

export interface GcpExchangeOptions extends CallDeps {
  /** projects/NUMBER/locations/global/workloadIdentityPools/POOL/providers/PROVIDER */
  workloadIdentityProvider: string;
  /** Impersonate this service account; without it the federated token is the credential. */
  serviceAccount?: string;
  projectId?: string;
  /** Default https://sts.googleapis.com */
  stsEndpoint?: string;
  /** Default https://iamcredentials.googleapis.com */
  iamCredentialsEndpoint?: string;
  /** Default: cloud-platform. */
  scopes?: readonly string[];
  /** Lifetime of the impersonated token; default 3600 (Google's maximum without an org policy exception). */
  lifetimeSeconds?: number;
}

export const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';

export async function exchangeGcp(idToken: IdToken, opts: GcpExchangeOptions): Promise<GcpCredentials> {
  const federated = await stsExchange(idToken, opts);
  if (!opts.serviceAccount) {
    return { provider: 'gcp', accessToken: federated.accessToken, expiresAt: federated.expiresAt, ...(opts.projectId ? { projectId: opts.projectId } : {}) };
  }
  return impersonate(federated.accessToken, opts.serviceAccount, idToken, opts);
}

async function stsExchange(idToken: IdToken, opts: GcpExchangeOptions): Promise<{ accessToken: string; expiresAt: number }> {
  const endpoint = (opts.stsEndpoint ?? 'https://sts.googleapis.com').replace(/\/+$/, '');
  const now = (): number => (opts.clock ? opts.clock.now() : Date.now());
  const body = JSON.stringify({
    audience: `//iam.googleapis.com/${opts.workloadIdentityProvider}`,
    grantType: 'urn:ietf:params:oauth:grant-type:token-exchange',
    requestedTokenType: 'urn:ietf:params:oauth:token-type:access_token',
    scope: (opts.scopes ?? [CLOUD_PLATFORM_SCOPE]).join(' '),
    subjectTokenType: 'urn:ietf:params:oauth:token-type:jwt',
    subjectToken: idToken.value,
  });
  return retrying('Exchange the OIDC token at Google STS', opts, async () => {
    const res = await httpRequest(`${endpoint}/v1/token`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body }, opts);
    const parsed = parseJson(res.text);
    const accessToken = str(parsed, 'access_token');
    if (accessToken) opts.redactor.add(accessToken);
    if (res.status === 200) {
      const expiresIn = isRecord(parsed) ? Number(parsed['expires_in']) : Number.NaN;
      if (!accessToken) throw new TransientError(`Google STS answered 200 without an access token (${describeBody(res)})`);
      return { accessToken, expiresAt: now() + (Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 3600) * 1000 };
    }
    const code = str(parsed, 'error');
    const description = firstLine(str(parsed, 'error_description') ?? '');
    const said = `${code ?? `status ${res.status}`}${description ? `: ${description}` : ''}`;
    const ids = { status: res.status, ...(code ? { code } : {}) };
    const cause = new CloudServiceError(said, { ...ids, retryable: false });
    if (isTransientStatus(res.status) || code === 'temporarily_unavailable') {
      const wait = retryAfterOf(res, now());
      throw new CloudServiceError(`Google STS answered ${said}`, { ...ids, retryable: true, ...(wait !== undefined ? { retryAfterMs: wait } : {}) });
    }
    if (/expired|stale/i.test(description)) throw new IdTokenExpiredError(`Google STS says the OIDC token has expired (${said})`, { cause });
    if (code === 'invalid_grant' && /audience/i.test(description)) {
      throw new UserError(
        `Google STS refused the OIDC token's audience (${said}). The provider ${opts.workloadIdentityProvider} must allow the audience ` +
          `'${idToken.audience ?? '(GitHub default)'}' (its default allowed audience is https://iam.googleapis.com/${opts.workloadIdentityProvider}; set gcp-audience to match).`,
        { cause },
      );
    }
    if (code === 'unauthorized_client' || /attribute condition/i.test(description)) {
      throw new UserError(
        `Google STS refused this workflow (${said}). The attribute condition of ${opts.workloadIdentityProvider} must accept this token: ${describeClaims(idToken.claims)}.`,
        { cause },
      );
    }
    if (code === 'invalid_target') {
      throw new UserError(`Google STS does not know the workload identity provider ${opts.workloadIdentityProvider}, or it is disabled (${said}).`, { cause });
    }
    throw new CloudServiceError(`Google STS answered ${said}`, { ...ids, retryable: false });
  });
}

async function impersonate(federatedToken: string, serviceAccount: string, idToken: IdToken, opts: GcpExchangeOptions): Promise<GcpCredentials> {
  const endpoint = (opts.iamCredentialsEndpoint ?? 'https://iamcredentials.googleapis.com').replace(/\/+$/, '');
  const url = `${endpoint}/v1/projects/-/serviceAccounts/${encodeURIComponent(serviceAccount)}:generateAccessToken`;
  const body = JSON.stringify({ scope: opts.scopes ?? [CLOUD_PLATFORM_SCOPE], lifetime: `${opts.lifetimeSeconds ?? 3600}s` });
  const now = (): number => (opts.clock ? opts.clock.now() : Date.now());
  return retrying(`Impersonate service account ${serviceAccount}`, opts, async () => {
    const res = await httpRequest(
      url,
      { method: 'POST', headers: { authorization: `Bearer ${federatedToken}`, 'content-type': 'application/json', accept: 'application/json' }, body },
      opts,
    );
    const parsed = parseJson(res.text);
    const accessToken = str(parsed, 'accessToken');
    if (accessToken) opts.redactor.add(accessToken);
    if (res.status === 200) {
      const expiresAt = Date.parse(str(parsed, 'expireTime') ?? '');
      if (!accessToken || !Number.isFinite(expiresAt)) {
        throw new TransientError(`IAM Credentials answered 200 without a complete token (${describeBody(res)})`);
      }
      opts.log?.debug(`Impersonating ${serviceAccount}; the token expires at ${new Date(expiresAt).toISOString()}`);
      return { provider: 'gcp', accessToken, expiresAt, serviceAccount, ...(opts.projectId ? { projectId: opts.projectId } : {}) } satisfies GcpCredentials;
    }
    const error = isRecord(parsed) && isRecord(parsed['error']) ? parsed['error'] : undefined;
    const status = str(error, 'status');
    const message = firstLine(str(error, 'message') ?? '');
    const said = `${status ?? `status ${res.status}`}${message ? `: ${message}` : ''}`;
    const ids = { status: res.status, ...(status ? { code: status } : {}) };
    if (isTransientStatus(res.status)) {
      const wait = retryAfterOf(res, now());
      throw new CloudServiceError(`IAM Credentials answered ${said}`, { ...ids, retryable: true, ...(wait !== undefined ? { retryAfterMs: wait } : {}) });
    }
    if (res.status === 403 || status === 'PERMISSION_DENIED') {
      const pool = opts.workloadIdentityProvider.replace(/\/providers\/[^/]+$/, '');
      throw new UserError(
        `Google Cloud refused to let this workflow impersonate ${serviceAccount} (${said}). Grant roles/iam.workloadIdentityUser on the ` +
          `service account to principalSet://iam.googleapis.com/${pool}/attribute.repository/${idToken.claims.repository ?? 'OWNER/REPO'} ` +
          `(or the principal://…/subject/${idToken.claims.sub ?? 'SUBJECT'} of this token).`,
        { cause: new CloudServiceError(said, { ...ids, retryable: false }) },
      );
    }
    throw new CloudServiceError(`IAM Credentials answered ${said}`, { ...ids, retryable: false });
  });
}
