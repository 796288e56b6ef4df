// Google Cloud emulator: Security Token Service (`POST /v1/token`, RFC 8693 token exchange against a
// workload identity provider) and IAM Service Account Credentials (`generateAccessToken`) on one
// loopback server. STS verifies the GitHub emulator's JWTs for real (issuer, JWKS signature, expiry,
// allowed audiences, attribute condition); impersonation checks the service account's
// roles/iam.workloadIdentityUser members against the federated principal. Secret Manager
// (secretmanager.ts) is served beside them, accepting only the tokens they issued.
import { audiences, globMatch, peekClaims, verifyJwt } from './jwt.ts';
import { SECRETMANAGER_OPERATIONS, secretManagerService, type SecretManagerService } from './secretmanager.ts';
import { formOrJson, json, randomChars, startServer, type CloudFault, type CloudReply, type CloudRequest, type EmulatorCore } from './server.ts';

export interface GcpProviderSeed {
  /** projects/NUMBER/locations/global/workloadIdentityPools/POOL/providers/PROVIDER */
  name: string;
  issuer: string;
  /** Default: ['https://iam.googleapis.com/' + name] (Google's default when none are configured). */
  allowedAudiences?: string[];
  /**
   * A subset of CEL: terms joined by `&&`, each `assertion.CLAIM == 'v'`, `assertion.CLAIM != 'v'` or
   * `assertion.CLAIM.startsWith('v')`. Omitted: every token of the issuer is accepted.
   */
  attributeCondition?: string;
}

export interface GcpServiceAccountSeed {
  email: string;
  /**
   * Members holding roles/iam.workloadIdentityUser: `principal://iam.googleapis.com/POOL/subject/SUB`,
   * `principalSet://iam.googleapis.com/POOL/attribute.NAME/VALUE` or `principalSet://iam.googleapis.com/POOL/*`.
   * Attributes map as `attribute.X = assertion.X` for every string claim (`google.subject = assertion.sub`).
   */
  members: string[];
}

export interface GcpEmulatorOptions {
  now?: () => number;
  /** Lifetime of federated tokens. Default 3600. */
  federatedTtlSeconds?: number;
}

export interface GcpTokenInfo {
  kind: 'federated' | 'service-account';
  subject: string;
  serviceAccount?: string;
  expiresAt: number;
}

export interface GcpEmulator extends EmulatorCore {
  seed: { provider(p: GcpProviderSeed): void; serviceAccount(sa: GcpServiceAccountSeed): void } & SecretManagerService['seed'];
  /** A Secret Manager secret's labels and versions, or undefined. */
  secretManagerSecret: SecretManagerService['secret'];
  /** What an access token is, if the emulator issued it and it has not expired. */
  tokenInfo(accessToken: string): GcpTokenInfo | undefined;
  issuedSecrets(): string[];
  faults: { inject(rule: CloudFault): void; clear(): void };
}

export const GCP_OPERATIONS = ['sts:token', 'iamcredentials:generateAccessToken', ...SECRETMANAGER_OPERATIONS] as const;

export interface Federated {
  pool: string;
  claims: Record<string, unknown>;
}

export function compileCondition(expr: string): (claims: Record<string, unknown>) => boolean {
  const terms = expr.split('&&').map((t) => t.trim());
  const tests = terms.map((term) => {
    let m = /^assertion\.(\w+)\s*(==|!=)\s*'([^']*)'$/.exec(term);
    if (m) {
      const [, claim, op, value] = m as unknown as [string, string, string, string];
      return (c: Record<string, unknown>) => (String(c[claim] ?? '') === value) === (op === '==');
    }
    m = /^assertion\.(\w+)\.startsWith\('([^']*)'\)$/.exec(term);
    if (m) {
      const [, claim, prefix] = m as unknown as [string, string, string];
      return (c: Record<string, unknown>) => String(c[claim] ?? '').startsWith(prefix);
    }
    throw new Error(`GCP emulator: unsupported attribute condition term '${term}'`);
  });
  return (claims) => tests.every((t) => t(claims));
}

/** Whether an IAM member (`principal://…`, `principalSet://…` or `serviceAccount:EMAIL`) names the holder of a token. */
export function isMember(m: string, info: GcpTokenInfo & { federated?: Federated }): boolean {
  if (info.kind === 'service-account') return m === `serviceAccount:${info.serviceAccount ?? ''}`;
  if (!info.federated) return false;
  const { pool, claims } = info.federated;
  const prefix = `iam.googleapis.com/${pool}/`;
  if (m === `principal://${prefix}subject/${String(claims['sub'] ?? '')}`) return true;
  if (m === `principalSet://${prefix}*`) return true;
  const attr = new RegExp(`^principalSet://${prefix.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}attribute\\.(\\w+)/(.+)$`).exec(m);
  return attr !== null && globMatch(attr[2]!, String(claims[attr[1]!] ?? '\u0000'));
}

export async function startGcpEmulator(opts: GcpEmulatorOptions = {}): Promise<GcpEmulator> {
  const now = opts.now ?? Date.now;
  const providers = new Map<string, GcpProviderSeed & { condition?: (c: Record<string, unknown>) => boolean }>();
  const accounts = new Map<string, GcpServiceAccountSeed>();
  const tokens = new Map<string, GcpTokenInfo & { federated?: Federated }>();

  const oauthError = (status: number, error: string, description: string): CloudReply => json(status, { error, error_description: description });
  const googleError = (status: number, statusText: string, message: string): CloudReply => json(status, { error: { code: status, message, status: statusText } });

  async function sts(req: CloudRequest): Promise<CloudReply> {
    const p = formOrJson(req);
    const get = (camel: string, snake: string): string | undefined => p[camel] ?? p[snake];
    if (get('grantType', 'grant_type') !== 'urn:ietf:params:oauth:grant-type:token-exchange') {
      return oauthError(400, 'unsupported_grant_type', 'Invalid value for "grant_type".');
    }
    if (get('subjectTokenType', 'subject_token_type') !== 'urn:ietf:params:oauth:token-type:jwt') {
      return oauthError(400, 'invalid_request', 'Invalid value for "subject_token_type".');
    }
    const audience = get('audience', 'audience') ?? '';
    const name = audience.replace(/^\/\/iam\.googleapis\.com\//, '');
    const provider = providers.get(name);
    if (!audience.startsWith('//iam.googleapis.com/') || !provider) {
      return oauthError(
        400,
        'invalid_target',
        'The target service indicated by the "audience" parameters is invalid. This might either be because the pool or provider is disabled or deleted or because it doesn\'t exist.',
      );
    }
    const jwt = get('subjectToken', 'subject_token') ?? '';
    const iss = peekClaims(jwt)['iss'];
    const v = await verifyJwt(jwt, { trusted: (i) => i === provider.issuer, nowSeconds: Math.floor(now() / 1000) });
    if (!v.ok) {
      if (v.reason === 'untrusted-issuer') return oauthError(400, 'invalid_grant', `The issuer in ID Token ${String(iss)} does not match the expected ISSUER ${provider.issuer}.`);
      if (v.reason === 'keys-unavailable') return oauthError(503, 'temporarily_unavailable', 'Failed to retrieve the OIDC public keys (JWKS) of the issuer.');
      if (v.reason === 'expired') return oauthError(400, 'invalid_grant', 'The ID Token has expired.');
      return oauthError(400, 'invalid_grant', 'Invalid ID Token signature.');
    }
    const allowed = provider.allowedAudiences ?? [`https://iam.googleapis.com/${name}`];
    const aud = audiences(v.claims);
    if (!aud.some((a) => allowed.includes(a))) {
      return oauthError(400, 'invalid_grant', `The audience in ID Token [${aud.join(', ')}] does not match the expected audience.`);
    }
    if (provider.condition && !provider.condition(v.claims)) {
      return oauthError(400, 'unauthorized_client', 'The given credential is rejected by the attribute condition.');
    }
    const ttl = opts.federatedTtlSeconds ?? 3600;
    const accessToken = `ya29.d.${randomChars(120)}`;
    tokens.set(accessToken, {
      kind: 'federated',
      subject: String(v.claims['sub'] ?? ''),
      expiresAt: now() + ttl * 1000,
      federated: { pool: name.replace(/\/providers\/[^/]+$/, ''), claims: v.claims },
    });
    return json(200, { access_token: accessToken, issued_token_type: 'urn:ietf:params:oauth:token-type:access_token', token_type: 'Bearer', expires_in: ttl });
  }

  function generateAccessToken(req: CloudRequest): CloudReply {
    const bearer = (req.headers['authorization'] ?? '').replace(/^Bearer\s+/i, '');
    const info = tokens.get(bearer);
    if (!info || info.expiresAt <= now() || !info.federated) {
      return googleError(
        401,
        'UNAUTHENTICATED',
        'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
      );
    }
    const email = decodeURIComponent(/serviceAccounts\/([^/:]+):generateAccessToken$/.exec(req.url.pathname)?.[1] ?? '');
    const sa = accounts.get(email);
    if (!sa || !sa.members.some((m) => isMember(m, info))) {
      return googleError(403, 'PERMISSION_DENIED', "Permission 'iam.serviceAccounts.getAccessToken' denied on resource (or it may not exist).");
    }
    let body: { lifetime?: unknown; scope?: unknown };
    try {
      body = JSON.parse(req.body) as typeof body;
    } catch {
      return googleError(400, 'INVALID_ARGUMENT', 'Invalid JSON payload received.');
    }
    const lifetime = typeof body.lifetime === 'string' ? Number(body.lifetime.replace(/s$/, '')) : 3600;
    if (!Number.isFinite(lifetime) || lifetime < 1 || lifetime > 3600) {
      return googleError(400, 'INVALID_ARGUMENT', 'The lifetime must be between 1 and 3600 seconds.');
    }
    if (!Array.isArray(body.scope) || body.scope.length === 0) return googleError(400, 'INVALID_ARGUMENT', 'Scope required.');
    const accessToken = `ya29.c.${randomChars(140)}`;
    const expiresAt = Math.floor(now() / 1000) * 1000 + lifetime * 1000;
    tokens.set(accessToken, { kind: 'service-account', subject: info.subject, serviceAccount: email, expiresAt });
    return json(200, { accessToken, expireTime: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z') });
  }

  const secretManager = secretManagerService({
    now,
    caller(bearer) {
      const t = tokens.get(bearer);
      if (!t) return undefined;
      const principal = t.kind === 'service-account' ? `serviceAccount:${t.serviceAccount ?? ''}` : `principal://iam.googleapis.com/${t.federated?.pool ?? ''}/subject/${t.subject}`;
      return { principal, expiresAt: t.expiresAt, isMember: (m) => isMember(m, t) };
    },
  });

  const core = await startServer({
    name: 'GCP',
    operations: GCP_OPERATIONS,
    route(req) {
      if (req.method === 'POST' && req.url.pathname === '/v1/token') return 'sts:token';
      if (req.method === 'POST' && /^\/v1\/projects\/-\/serviceAccounts\/[^/]+:generateAccessToken$/.test(req.url.pathname)) return 'iamcredentials:generateAccessToken';
      return secretManager.route(req);
    },
    handle: (operation, req, entry) => (operation === 'sts:token' ? sts(req) : operation === 'iamcredentials:generateAccessToken' ? generateAccessToken(req) : secretManager.handle(operation, req, entry)),
    error(status, code, message, operation) {
      if (operation.startsWith('secretmanager:')) return secretManager.error(status, code, message);
      if (operation === 'sts:token') return oauthError(status, code ?? (status >= 500 ? 'server_error' : 'invalid_request'), message ?? 'Injected fault');
      return googleError(status, code ?? (status >= 500 ? 'UNAVAILABLE' : 'FAILED_PRECONDITION'), message ?? 'Injected fault');
    },
    unknown: () => googleError(404, 'NOT_FOUND', 'The requested URL was not found on this server.'),
  });

  return {
    ...core,
    seed: {
      provider: (p) => void providers.set(p.name, { ...p, ...(p.attributeCondition ? { condition: compileCondition(p.attributeCondition) } : {}) }),
      serviceAccount: (sa) => void accounts.set(sa.email, { ...sa }),
      ...secretManager.seed,
    },
    secretManagerSecret: secretManager.secret,
    tokenInfo(accessToken) {
      const t = tokens.get(accessToken);
      if (!t || t.expiresAt <= now()) return undefined;
      return { kind: t.kind, subject: t.subject, expiresAt: t.expiresAt, ...(t.serviceAccount ? { serviceAccount: t.serviceAccount } : {}) };
    },
    issuedSecrets: () => [...tokens.keys()],
  };
}
