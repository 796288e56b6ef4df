// Microsoft Entra ID emulator: the v2.0 token endpoint's client-credentials grant with a client
// assertion (`POST /{tenant}/oauth2/v2.0/token`). It verifies the GitHub emulator's JWTs for real
// and matches them against the application's federated identity credentials exactly as Entra does
// (issuer, subject and audience all equal), answering with Entra's AADSTS errors otherwise.
// Key Vault (keyvault.ts) is served beside it, accepting only the tokens this Entra issued.
import { randomUUID } from 'node:crypto';
import { audiences, verifyJwt } from './jwt.ts';
import { KEYVAULT_OPERATIONS, keyVaultService, type KeyVaultService } from './keyvault.ts';
import { formOrJson, json, randomChars, startServer, type CloudFault, type CloudReply, type CloudRequest, type EmulatorCore } from './server.ts';

export interface AzureFederatedCredential {
  issuer: string;
  subject: string;
  /** Default ['api://AzureADTokenExchange']. */
  audiences?: string[];
}

export interface AzureAppSeed {
  tenantId: string;
  clientId: string;
  federatedCredentials: AzureFederatedCredential[];
}

export interface AzureEmulatorOptions {
  now?: () => number;
  /** expires_in of issued tokens. Default 3599. */
  tokenTtlSeconds?: number;
  /** The resource Key Vault accepts tokens for (`aud`). Default https://vault.azure.net */
  keyVaultResource?: string;
}

export interface AzureTokenInfo {
  clientId: string;
  tenantId: string;
  scope: string;
  expiresAt: number;
}

export interface AzureEmulator extends EmulatorCore {
  seed: { app(app: AzureAppSeed): void } & KeyVaultService['seed'];
  /** A Key Vault secret's versions (oldest first, values included), or undefined. */
  keyVaultSecret: KeyVaultService['secret'];
  /** The vault URL of `vault` on this emulator: what azure-keyvault-endpoint's `{vault}` template gives. */
  vaultUrl(vault: string): string;
  setTokenTtl(seconds: number | undefined): void;
  tokenInfo(accessToken: string): AzureTokenInfo | undefined;
  issuedSecrets(): string[];
  faults: { inject(rule: CloudFault): void; clear(): void };
}

export const AZURE_OPERATIONS = ['token', ...KEYVAULT_OPERATIONS] as const;

export async function startAzureEmulator(opts: AzureEmulatorOptions = {}): Promise<AzureEmulator> {
  const now = opts.now ?? Date.now;
  const apps = new Map<string, AzureAppSeed>();
  const tenants = new Set<string>();
  const tokens = new Map<string, AzureTokenInfo>();
  let ttl = opts.tokenTtlSeconds ?? 3599;

  const aadError = (status: number, error: string, code: number, text: string): CloudReply => {
    const stamp = new Date(now()).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');
    const traceId = randomUUID();
    const correlationId = randomUUID();
    return json(status, {
      error,
      error_description: `AADSTS${code}: ${text} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${stamp}`,
      error_codes: [code],
      timestamp: stamp,
      trace_id: traceId,
      correlation_id: correlationId,
    });
  };

  async function token(req: CloudRequest): Promise<CloudReply> {
    const tenant = decodeURIComponent(req.url.pathname.split('/')[1] ?? '');
    const p = formOrJson(req);
    if (!tenants.has(tenant)) {
      return aadError(400, 'invalid_request', 90002, `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
    }
    if (p['grant_type'] !== 'client_credentials') return aadError(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
    if (p['client_assertion_type'] !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' || !p['client_assertion']) {
      return aadError(400, 'invalid_request', 90014, "The required field 'client_assertion' is missing from the credential.");
    }
    const clientId = p['client_id'] ?? '';
    const app = apps.get(`${tenant}/${clientId}`);
    if (!app) {
      return aadError(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant.`,
      );
    }
    const scope = p['scope'] ?? '';
    if (!/\/\.default$/.test(scope)) return aadError(400, 'invalid_scope', 1002012, `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.`);
    const issuers = new Set(app.federatedCredentials.map((f) => f.issuer));
    const v = await verifyJwt(p['client_assertion'], { trusted: (i) => issuers.has(i), nowSeconds: Math.floor(now() / 1000) });
    const claims = v.claims;
    const nowText = new Date(now()).toISOString();
    if (!v.ok && v.reason === 'keys-unavailable') return aadError(400, 'invalid_request', 50166, 'Request to External OIDC endpoint failed.');
    if (!v.ok && (v.reason === 'expired' || v.reason === 'not-yet-valid')) {
      const t = (n: unknown): string => (typeof n === 'number' ? new Date(n * 1000).toISOString() : '?');
      return aadError(400, 'invalid_client', 700024, `Client assertion is not within its valid time range. Current time: ${nowText}, assertion valid from ${t(claims['nbf'] ?? claims['iat'])}, expiry time of assertion ${t(claims['exp'])}.`);
    }
    if (!v.ok && v.reason !== 'untrusted-issuer') return aadError(400, 'invalid_client', 700027, 'Client assertion failed signature validation.');
    const aud = audiences(claims);
    const match = v.ok
      ? app.federatedCredentials.find(
          (f) => f.issuer === claims['iss'] && f.subject === claims['sub'] && aud.some((a) => (f.audiences ?? ['api://AzureADTokenExchange']).includes(a)),
        )
      : undefined;
    if (!match) {
      return aadError(
        400,
        'invalid_client',
        70021,
        `No matching federated identity record found for presented assertion. Assertion Issuer: '${String(claims['iss'])}'. Assertion Subject: '${String(claims['sub'])}'. Assertion Audience: '${aud.join(',')}'. https://docs.microsoft.com/azure/active-directory/develop/workload-identity-federation`,
      );
    }
    const b64 = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
    const accessToken = `${b64({ typ: 'JWT', alg: 'RS256', kid: 'emulator' })}.${b64({ aud: scope.replace(/\/\.default$/, ''), tid: tenant, appid: clientId, exp: Math.floor(now() / 1000) + ttl })}.${randomChars(86)}`;
    tokens.set(accessToken, { clientId, tenantId: tenant, scope, expiresAt: now() + ttl * 1000 });
    return json(200, { token_type: 'Bearer', expires_in: ttl, ext_expires_in: ttl, access_token: accessToken });
  }

  const keyVault = keyVaultService({ now, caller: (bearer) => tokens.get(bearer), ...(opts.keyVaultResource ? { resource: opts.keyVaultResource } : {}) });

  const core = await startServer({
    name: 'Azure',
    operations: AZURE_OPERATIONS,
    route: (req) => (req.method === 'POST' && /^\/[^/]+\/oauth2\/v2\.0\/token$/.test(req.url.pathname) ? 'token' : keyVault.route(req)),
    handle: (operation, req, entry) => (operation === 'token' ? token(req) : keyVault.handle(operation, req, entry)),
    error(status, code, message, operation) {
      if (operation.startsWith('keyvault:')) return keyVault.error(status, code, message);
      const n = Number(/\d+/.exec(code ?? '')?.[0] ?? (status >= 500 ? 90033 : 90014));
      return aadError(status, status >= 500 ? 'temporarily_unavailable' : 'invalid_request', n, message ?? (status >= 500 ? 'A transient error has occurred. Please try again.' : 'Injected fault'));
    },
    unknown: () => json(404, { error: 'not_found', error_description: 'AADSTS90002: Not found.' }),
  });

  return {
    ...core,
    seed: {
      app(app) {
        tenants.add(app.tenantId);
        apps.set(`${app.tenantId}/${app.clientId}`, { ...app, federatedCredentials: app.federatedCredentials.map((f) => ({ ...f })) });
      },
      ...keyVault.seed,
    },
    keyVaultSecret: keyVault.secret,
    vaultUrl: (vault) => `${core.url}/${vault}`,
    setTokenTtl: (seconds) => {
      ttl = seconds ?? opts.tokenTtlSeconds ?? 3599;
    },
    tokenInfo(accessToken) {
      const t = tokens.get(accessToken);
      return t && t.expiresAt > now() ? { ...t } : undefined;
    },
    issuedSecrets: () => [...tokens.keys()],
  };
}
