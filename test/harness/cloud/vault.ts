// HashiCorp Vault emulator: JWT auth (`POST /v1/auth/{mount}/login`) verifying the GitHub emulator's
// JWTs for real (bound issuer, JWKS signature through OIDC discovery, expiry, bound audiences,
// bound subject, bound claims), tokens with TTLs and ACL policies, and the KV version 2 engine
// (versions, check-and-set, metadata, custom metadata) with Vault's own error texts.
import { randomUUID } from 'node:crypto';
import { audiences, globMatch, verifyJwt } from './jwt.ts';
import { json, randomChars, startServer, type CloudFault, type CloudLogEntry, type CloudReply, type CloudRequest, type EmulatorCore } from './server.ts';

export interface VaultJwtRoleSeed {
  /** Auth mount; default 'jwt'. */
  mount?: string;
  name: string;
  boundAudiences?: string[];
  boundSubject?: string;
  boundClaims?: Record<string, string | string[]>;
  /** 'string' (default): exact; 'glob': `*` wildcards. */
  boundClaimsType?: 'string' | 'glob';
  policies: string[];
  /** Default 600 (GitHub's Vault guide uses 10m). */
  tokenTtlSeconds?: number;
}

/** Path patterns (`secret/data/app/*`, `+` for one segment) → capabilities (create, read, update, patch, delete, list). */
export type VaultPolicy = Record<string, string[]>;

export interface VaultEmulatorOptions {
  /** Issuer bound to the default `jwt` auth mount (the GitHub emulator's `oidc.issuer`). */
  issuer?: string;
  now?: () => number;
  /** KV v2 mounts created at start. Default ['secret']. */
  kvMounts?: string[];
}

export interface VaultKvVersionState {
  version: number;
  data: Record<string, unknown> | null;
  createdTime: string;
  deletionTime: string;
  destroyed: boolean;
}

export interface VaultEmulator extends EmulatorCore {
  seed: {
    jwtAuth(mount: string, boundIssuer: string): void;
    jwtRole(role: VaultJwtRoleSeed): void;
    policy(name: string, policy: VaultPolicy): void;
    kvMount(mount: string, opts?: { casRequired?: boolean; maxVersions?: number }): void;
    /** Writes a version directly (no auth). Returns its number. */
    kv(mount: string, path: string, data: Record<string, unknown>): number;
    /** A token with these policies (no expiry unless ttlSeconds). */
    token(policies: string[], ttlSeconds?: number): string;
  };
  kv(mount: string, path: string): { currentVersion: number; customMetadata: Record<string, string>; versions: VaultKvVersionState[] } | undefined;
  /** Live tokens with their policies and expiry. */
  tokens(): { accessor: string; policies: string[]; expiresAt: number; revoked: boolean; role?: string }[];
  issuedSecrets(): string[];
  faults: { inject(rule: CloudFault): void; clear(): void };
}

export const VAULT_OPERATIONS = [
  'auth:login',
  'token:lookup-self',
  'token:revoke-self',
  'kv:read',
  'kv:write',
  'kv:read-metadata',
  'kv:write-metadata',
  'kv:patch-metadata',
] as const;

interface Token {
  token: string;
  accessor: string;
  policies: string[];
  expiresAt: number;
  revoked: boolean;
  role?: string;
}
interface KvVersion {
  data: Record<string, unknown> | null;
  createdTime: string;
  deletionTime: string;
  destroyed: boolean;
}
interface KvSecret {
  currentVersion: number;
  oldestVersion: number;
  createdTime: string;
  updatedTime: string;
  customMetadata: Record<string, string>;
  maxVersions: number;
  casRequired: boolean;
  versions: Map<number, KvVersion>;
}
interface KvMount {
  casRequired: boolean;
  maxVersions: number;
  secrets: Map<string, KvSecret>;
}

export async function startVaultEmulator(opts: VaultEmulatorOptions = {}): Promise<VaultEmulator> {
  const now = opts.now ?? Date.now;
  const iso = (): string => new Date(now()).toISOString();
  const authMounts = new Map<string, { boundIssuer: string; roles: Map<string, VaultJwtRoleSeed> }>();
  if (opts.issuer) authMounts.set('jwt', { boundIssuer: opts.issuer, roles: new Map() });
  const policies = new Map<string, VaultPolicy>();
  const tokens = new Map<string, Token>();
  const kvMounts = new Map<string, KvMount>();
  for (const m of opts.kvMounts ?? ['secret']) kvMounts.set(m, { casRequired: false, maxVersions: 10, secrets: new Map() });

  const errors = (status: number, ...messages: string[]): CloudReply => json(status, { errors: messages });
  const denied = (): CloudReply => errors(403, 'permission denied');
  const envelope = (extra: Record<string, unknown>): Record<string, unknown> => ({
    request_id: randomUUID(),
    lease_id: '',
    renewable: false,
    lease_duration: 0,
    data: null,
    wrap_info: null,
    warnings: null,
    auth: null,
    ...extra,
  });
  const newToken = (pols: string[], ttlSeconds: number | undefined, role?: string): Token => {
    const t: Token = {
      token: `hvs.${randomChars(24)}`,
      accessor: randomChars(24),
      policies: ['default', ...pols.filter((p) => p !== 'default')],
      expiresAt: ttlSeconds ? now() + ttlSeconds * 1000 : Number.POSITIVE_INFINITY,
      revoked: false,
      ...(role ? { role } : {}),
    };
    tokens.set(t.token, t);
    return t;
  };
  const authenticate = (req: CloudRequest): Token | undefined => {
    const t = tokens.get(req.headers['x-vault-token'] ?? '');
    return t && !t.revoked && t.expiresAt > now() ? t : undefined;
  };
  const pathMatch = (pattern: string, path: string): boolean => {
    const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\\\+/g, '[^/]+').replace(/\*$/, '.*')}$`);
    return re.test(path.replace(/^\/+/, ''));
  };
  const can = (t: Token, path: string, capability: string): boolean =>
    t.policies.some((p) => Object.entries(policies.get(p) ?? {}).some(([pattern, caps]) => pathMatch(pattern, path) && (caps.includes(capability) || caps.includes('sudo') || caps.includes('root'))));

  /** `/v1/{mount}/{data|metadata}/{path}` → the KV mount and secret path, if the mount is KV. */
  const kvTarget = (pathname: string): { mount: string; kind: 'data' | 'metadata'; path: string } | undefined => {
    const rest = pathname.replace(/^\/v1\//, '');
    for (const mount of kvMounts.keys()) {
      const m = new RegExp(`^${mount.replace(/[.+^${}()|[\]\\]/g, '\\$&')}/(data|metadata)/(.+)$`).exec(rest);
      if (m) return { mount, kind: m[1] as 'data' | 'metadata', path: decodeURIComponent(m[2]!).replace(/\/+$/, '') };
    }
    return undefined;
  };

  async function login(req: CloudRequest, entry: CloudLogEntry): Promise<CloudReply> {
    const mountName = req.url.pathname.replace(/^\/v1\/auth\//, '').replace(/\/login$/, '');
    const mount = authMounts.get(mountName);
    if (!mount) return errors(404, `no handler for route "auth/${mountName}/login". route entry not found.`);
    let body: { role?: unknown; jwt?: unknown };
    try {
      body = JSON.parse(req.body) as typeof body;
    } catch {
      return errors(400, 'failed to parse JSON input');
    }
    if (typeof body.jwt !== 'string' || !body.jwt) return errors(400, 'missing token');
    const role = typeof body.role === 'string' ? mount.roles.get(body.role) : undefined;
    if (!role) return errors(400, `role "${String(body.role ?? '')}" could not be found`);
    const v = await verifyJwt(body.jwt, { trusted: (i) => i === mount.boundIssuer, nowSeconds: Math.floor(now() / 1000) });
    if (!v.ok) {
      if (v.reason === 'untrusted-issuer') return errors(400, 'error validating token: invalid issuer (iss) claim');
      if (v.reason === 'keys-unavailable') return errors(500, `error fetching keys from the OIDC discovery URL: ${v.detail}`);
      if (v.reason === 'expired') return errors(400, 'error validating token: invalid expiration time (exp) claim: token is expired');
      if (v.reason === 'not-yet-valid') return errors(400, 'error validating token: invalid not before (nbf) claim: token not yet valid');
      return errors(400, 'error validating token: failed to verify id token signature');
    }
    const claims = v.claims;
    const aud = audiences(claims);
    if (role.boundAudiences?.length) {
      if (!aud.some((a) => role.boundAudiences!.includes(a))) {
        return errors(400, 'error validating token: invalid audience (aud) claim: audience claim does not match any expected audience');
      }
    } else if (aud.length > 0) {
      return errors(400, 'audience claim found in JWT but no audiences bound to the role');
    }
    if (role.boundSubject && claims['sub'] !== role.boundSubject) return errors(400, 'sub claim does not match bound subject');
    for (const [claim, allowed] of Object.entries(role.boundClaims ?? {})) {
      const list = Array.isArray(allowed) ? allowed : [allowed];
      const value = String(claims[claim] ?? '');
      const ok = claims[claim] !== undefined && list.some((a) => (role.boundClaimsType === 'glob' ? globMatch(a, value) : a === value));
      if (!ok) return errors(400, `error validating claims: claim "${claim}" does not match any associated bound claim values`);
    }
    const ttl = role.tokenTtlSeconds ?? 600;
    const t = newToken(role.policies, ttl, role.name);
    entry.principal = `${mountName}/role/${role.name}`;
    return json(
      200,
      envelope({
        auth: {
          client_token: t.token,
          accessor: t.accessor,
          policies: t.policies,
          token_policies: t.policies,
          metadata: { role: role.name },
          lease_duration: ttl,
          renewable: true,
          entity_id: randomUUID(),
          token_type: 'service',
          orphan: true,
          mfa_requirement: null,
          num_uses: 0,
        },
      }),
    );
  }

  const versionMeta = (s: KvSecret, n: number): Record<string, unknown> => {
    const v = s.versions.get(n)!;
    return { created_time: v.createdTime, custom_metadata: Object.keys(s.customMetadata).length ? { ...s.customMetadata } : null, deletion_time: v.deletionTime, destroyed: v.destroyed, version: n };
  };
  const ensureSecret = (mount: KvMount, path: string): KvSecret => {
    let s = mount.secrets.get(path);
    if (!s) {
      s = { currentVersion: 0, oldestVersion: 0, createdTime: iso(), updatedTime: iso(), customMetadata: {}, maxVersions: 0, casRequired: false, versions: new Map() };
      mount.secrets.set(path, s);
    }
    return s;
  };
  const addVersion = (mount: KvMount, s: KvSecret, data: Record<string, unknown>): number => {
    const n = s.currentVersion + 1;
    s.versions.set(n, { data: structuredClone(data), createdTime: iso(), deletionTime: '', destroyed: false });
    s.currentVersion = n;
    s.updatedTime = iso();
    if (s.oldestVersion === 0) s.oldestVersion = n;
    const max = s.maxVersions || mount.maxVersions;
    while (s.versions.size > max) {
      s.versions.delete(s.oldestVersion);
      s.oldestVersion += 1;
    }
    return n;
  };

  function kv(operation: string, req: CloudRequest): CloudReply {
    const t = authenticate(req);
    if (!t) return denied();
    const target = kvTarget(req.url.pathname);
    if (!target) return errors(404, 'no handler for route. route entry not found.');
    const mount = kvMounts.get(target.mount)!;
    const aclPath = `${target.mount}/${target.kind}/${target.path}`;
    const existing = mount.secrets.get(target.path);
    let body: Record<string, unknown> = {};
    if (req.body) {
      try {
        body = JSON.parse(req.body) as Record<string, unknown>;
      } catch {
        return errors(400, 'failed to parse JSON input');
      }
    }
    switch (operation) {
      case 'kv:read': {
        if (!can(t, aclPath, 'read')) return denied();
        const n = req.url.searchParams.has('version') ? Number(req.url.searchParams.get('version')) : (existing?.currentVersion ?? 0);
        const v = existing?.versions.get(n === 0 ? (existing?.currentVersion ?? 0) : n);
        if (!existing || !v) return errors(404);
        const meta = versionMeta(existing, n === 0 ? existing.currentVersion : n);
        if (v.deletionTime || v.destroyed || v.data === null) return json(404, envelope({ data: { data: null, metadata: meta } }));
        return json(200, envelope({ data: { data: v.data, metadata: meta } }));
      }
      case 'kv:write': {
        if (!can(t, aclPath, existing?.currentVersion ? 'update' : 'create')) return denied();
        const data = body['data'];
        if (typeof data !== 'object' || data === null || Array.isArray(data)) return errors(400, 'no data provided');
        const options = typeof body['options'] === 'object' && body['options'] !== null ? (body['options'] as Record<string, unknown>) : {};
        const cas = options['cas'];
        if ((mount.casRequired || existing?.casRequired) && cas === undefined) return errors(400, 'check-and-set parameter required for this call');
        if (cas !== undefined && cas !== (existing?.currentVersion ?? 0)) return errors(400, 'check-and-set parameter did not match the current version');
        const s = ensureSecret(mount, target.path);
        const n = addVersion(mount, s, data as Record<string, unknown>);
        return json(200, envelope({ data: versionMeta(s, n) }));
      }
      case 'kv:read-metadata': {
        if (!can(t, aclPath, 'read')) return denied();
        if (!existing) return errors(404);
        const versions: Record<string, unknown> = {};
        for (const [n, v] of existing.versions) versions[String(n)] = { created_time: v.createdTime, deletion_time: v.deletionTime, destroyed: v.destroyed };
        return json(
          200,
          envelope({
            data: {
              cas_required: existing.casRequired,
              created_time: existing.createdTime,
              current_version: existing.currentVersion,
              custom_metadata: Object.keys(existing.customMetadata).length ? { ...existing.customMetadata } : null,
              delete_version_after: '0s',
              max_versions: existing.maxVersions,
              oldest_version: existing.oldestVersion,
              updated_time: existing.updatedTime,
              versions,
            },
          }),
        );
      }
      case 'kv:write-metadata':
      case 'kv:patch-metadata': {
        const patch = operation === 'kv:patch-metadata';
        if (patch && !(req.headers['content-type'] ?? '').includes('application/merge-patch+json')) {
          return errors(415, 'Unsupported Media Type; content type must be application/merge-patch+json');
        }
        if (!can(t, aclPath, patch ? 'patch' : existing ? 'update' : 'create')) return denied();
        if (patch && !existing) return errors(404);
        const custom = body['custom_metadata'];
        if (custom !== undefined && (typeof custom !== 'object' || custom === null || Array.isArray(custom))) return errors(400, 'custom_metadata must be a map');
        const entries = Object.entries((custom ?? {}) as Record<string, unknown>);
        const problems: string[] = [];
        if (entries.length > 64) problems.push('payload must contain at most 64 keys');
        for (const [k, v] of entries) {
          if (k.length > 128) problems.push(`length of key "${k}" is ${k.length} which exceeds 128 characters`);
          if (v !== null && typeof v !== 'string') problems.push(`value of key "${k}" must be a string`);
          else if (typeof v === 'string' && v.length > 512) problems.push(`length of value for key "${k}" is ${v.length} which exceeds 512 characters`);
        }
        if (problems.length) return errors(400, problems.join('; '));
        const s = ensureSecret(mount, target.path);
        if (patch) {
          for (const [k, v] of entries) {
            if (v === null) delete s.customMetadata[k];
            else s.customMetadata[k] = v as string;
          }
        } else if (custom !== undefined) {
          s.customMetadata = Object.fromEntries(entries.filter((e): e is [string, string] => typeof e[1] === 'string'));
        }
        if (typeof body['max_versions'] === 'number') s.maxVersions = body['max_versions'];
        if (typeof body['cas_required'] === 'boolean') s.casRequired = body['cas_required'];
        s.updatedTime = iso();
        return { status: 204, body: '' };
      }
    }
    return errors(405);
  }

  function tokenSelf(operation: string, req: CloudRequest): CloudReply {
    const t = authenticate(req);
    if (!t) return denied();
    if (operation === 'token:revoke-self') {
      t.revoked = true;
      return { status: 204, body: '' };
    }
    const ttl = Number.isFinite(t.expiresAt) ? Math.max(0, Math.floor((t.expiresAt - now()) / 1000)) : 0;
    return json(200, envelope({ data: { accessor: t.accessor, policies: t.policies, ttl, renewable: Number.isFinite(t.expiresAt), meta: t.role ? { role: t.role } : null } }));
  }

  const core = await startServer({
    name: 'Vault',
    operations: VAULT_OPERATIONS,
    route(req) {
      const p = req.url.pathname;
      if (req.method === 'POST' && /^\/v1\/auth\/.+\/login$/.test(p)) return 'auth:login';
      if (p === '/v1/auth/token/lookup-self' && req.method === 'GET') return 'token:lookup-self';
      if (p === '/v1/auth/token/revoke-self' && (req.method === 'POST' || req.method === 'PUT')) return 'token:revoke-self';
      const target = kvTarget(p);
      if (!target) return undefined;
      if (target.kind === 'data') return req.method === 'GET' ? 'kv:read' : req.method === 'POST' || req.method === 'PUT' ? 'kv:write' : undefined;
      if (req.method === 'GET') return 'kv:read-metadata';
      if (req.method === 'POST' || req.method === 'PUT') return 'kv:write-metadata';
      if (req.method === 'PATCH') return 'kv:patch-metadata';
      return undefined;
    },
    handle(operation, req, entry) {
      if (operation === 'auth:login') return login(req, entry);
      if (operation.startsWith('token:')) return tokenSelf(operation, req);
      const t = authenticate(req);
      if (t?.role) entry.principal = `role/${t.role}`;
      return kv(operation, req);
    },
    error: (status, _code, message) => errors(status, message ?? (status === 503 ? 'Vault is sealed' : 'injected fault')),
    unknown: (req) => errors(404, `no handler for route "${req.url.pathname.replace(/^\/v1\//, '')}". route entry not found.`),
  });

  return {
    ...core,
    seed: {
      jwtAuth: (mount, boundIssuer) => void authMounts.set(mount, { boundIssuer, roles: authMounts.get(mount)?.roles ?? new Map() }),
      jwtRole(role) {
        const mount = authMounts.get(role.mount ?? 'jwt');
        if (!mount) throw new Error(`Vault emulator: no JWT auth mount '${role.mount ?? 'jwt'}' (pass issuer or seed.jwtAuth first)`);
        mount.roles.set(role.name, { ...role });
      },
      policy: (name, policy) => void policies.set(name, { ...policy }),
      kvMount: (mount, o = {}) => void kvMounts.set(mount, { casRequired: o.casRequired ?? false, maxVersions: o.maxVersions ?? 10, secrets: kvMounts.get(mount)?.secrets ?? new Map() }),
      kv(mountName, path, data) {
        const mount = kvMounts.get(mountName);
        if (!mount) throw new Error(`Vault emulator: no KV mount '${mountName}'`);
        return addVersion(mount, ensureSecret(mount, path), data);
      },
      token: (pols, ttlSeconds) => newToken(pols, ttlSeconds).token,
    },
    kv(mountName, path) {
      const s = kvMounts.get(mountName)?.secrets.get(path);
      if (!s) return undefined;
      return {
        currentVersion: s.currentVersion,
        customMetadata: { ...s.customMetadata },
        versions: [...s.versions.entries()].map(([version, v]) => ({ version, data: v.data ? structuredClone(v.data) : null, createdTime: v.createdTime, deletionTime: v.deletionTime, destroyed: v.destroyed })),
      };
    },
    tokens: () => [...tokens.values()].map((t) => ({ accessor: t.accessor, policies: [...t.policies], expiresAt: t.expiresAt, revoked: t.revoked, ...(t.role ? { role: t.role } : {}) })),
    issuedSecrets: () => [...tokens.values()].flatMap((t) => [t.token, t.accessor]),
  };
}
