import { TransientError, UserError } from '../errors.ts';
import { IdTokenExpiredError } from './errors.ts';
import { CloudServiceError, describeBody, firstLine, httpRequest, isRecord, isTransientStatus, parseJson, retryAfterOf, retrying, str } from './http.ts';
import { subjectAndAudience } from './token.ts';
import type { AzureCredentials, CallDeps, IdToken } from './types.ts';

/**
 * Microsoft Entra ID workload identity federation: the OIDC token is the client assertion of a
 * client-credentials grant at `{authority}/{tenant}/oauth2/v2.0/token`. The authority is
 * overridable for sovereign clouds (login.microsoftonline.us, login.chinacloudapi.cn).
 */

export interface AzureExchangeOptions extends CallDeps {
  clientId: string;
  tenantId: string;
  subscriptionId?: string;
  /** Default https://management.azure.com/.default */
  scope?: string;
  /** Default https://login.microsoftonline.com */
  authorityHost?: string;
}

/** AADSTS codes that say "try again": 50166 (the external OIDC endpoint failed, i.e. fetching GitHub's keys), 90033 (transient). */
const TRANSIENT_AADSTS = new Set(['50166', '90033']);

export async function exchangeAzure(idToken: IdToken, opts: AzureExchangeOptions): Promise<AzureCredentials> {
  const authority = (opts.authorityHost ?? 'https://login.microsoftonline.com').replace(/\/+$/, '');
  const url = `${authority}/${encodeURIComponent(opts.tenantId)}/oauth2/v2.0/token`;
  const body = new URLSearchParams({
    client_id: opts.clientId,
    scope: opts.scope ?? 'https://management.azure.com/.default',
    grant_type: 'client_credentials',
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: idToken.value,
  }).toString();
  const now = (): number => (opts.clock ? opts.clock.now() : Date.now());

  return retrying(`Get an Azure access token for client ${opts.clientId}`, opts, async () => {
    const res = await httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body }, opts);
    const parsed = parseJson(res.text);
    const accessToken = str(parsed, 'access_token');
    if (accessToken) opts.redactor.add(accessToken);
    if (res.status === 200) {
      const expiresIn = isRecord(parsed) ? Number(parsed['expires_in']) : Number.NaN;
      if (!accessToken || !Number.isFinite(expiresIn)) throw new TransientError(`Microsoft Entra answered 200 without a complete token (${describeBody(res)})`);
      return {
        provider: 'azure',
        accessToken,
        expiresAt: now() + expiresIn * 1000,
        clientId: opts.clientId,
        tenantId: opts.tenantId,
        ...(opts.subscriptionId ? { subscriptionId: opts.subscriptionId } : {}),
      } satisfies AzureCredentials;
    }
    const code = str(parsed, 'error');
    const description = firstLine(str(parsed, 'error_description') ?? '');
    const aadsts = /AADSTS(\d+)/.exec(description)?.[1];
    const requestId = str(parsed, 'correlation_id') ?? res.headers.get('x-ms-request-id') ?? undefined;
    const said = `${code ?? `status ${res.status}`}${description ? `: ${description}` : ''}`;
    const ids = { status: res.status, code: aadsts ? `AADSTS${aadsts}` : (code ?? `status ${res.status}`), ...(requestId ? { requestId } : {}) };
    const cause = new CloudServiceError(said, { ...ids, retryable: false });
    if (isTransientStatus(res.status) || code === 'temporarily_unavailable' || (aadsts && TRANSIENT_AADSTS.has(aadsts))) {
      const wait = retryAfterOf(res, now());
      throw new CloudServiceError(`Microsoft Entra answered ${said}`, { ...ids, retryable: true, ...(wait !== undefined ? { retryAfterMs: wait } : {}) });
    }
    if (aadsts === '700024') throw new IdTokenExpiredError(`Microsoft Entra says the OIDC token is not within its valid time range (${said})`, { cause });
    if (/federated identity record/i.test(description) || aadsts === '70021' || aadsts === '700212' || aadsts === '700213') {
      throw new UserError(
        `Microsoft Entra found no federated credential of application ${opts.clientId} matching this workflow (${said}). ` +
          `Add one with issuer '${idToken.claims.iss ?? 'https://token.actions.githubusercontent.com'}', subject equal to this token's sub and audience equal to its aud: ${subjectAndAudience(idToken)}.`,
        { cause },
      );
    }
    if (aadsts === '700016') throw new UserError(`Microsoft Entra does not know application ${opts.clientId} in tenant ${opts.tenantId} (${said}); check azure-client-id and azure-tenant-id.`, { cause });
    if (aadsts === '90002') throw new UserError(`Microsoft Entra does not know tenant ${opts.tenantId} (${said}); check azure-tenant-id and azure-authority-host.`, { cause });
    throw new CloudServiceError(`Microsoft Entra answered ${said}`, { ...ids, retryable: false });
  });
}
