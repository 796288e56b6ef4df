// Azure Key Vault's secrets API (https://learn.microsoft.com/rest/api/keyvault/secrets), served by the
// Azure emulator beside its Entra token endpoint: vaults are addressed by path, `/{vault}/secrets/…`
// (a client's vault URL is `${azure.url}/{vault}`). Every request needs an access token the emulated
// Entra issued, for Key Vault's resource (`aud`), unexpired, whose application holds the data action
// the operation needs on that vault (RBAC, like the role 'Key Vault Secrets Officer'); errors are
// Key Vault's own shape (`{error:{code,message,innererror}}`), 401s carry the WWW-Authenticate challenge.
import { randomUUID } from 'node:crypto';
import { json, type CloudLogEntry, type CloudReply, type CloudRequest } from './server.ts';

/** What an access token is (the Entra emulator's record), looked up by the bearer value. */
export interface KeyVaultCaller {
  clientId: string;
  tenantId: string;
  /** The scope it was issued for, e.g. https://vault.azure.net/.default */
  scope: string;
  expiresAt: number;
}

/** RBAC data actions on secrets (Microsoft.KeyVault/vaults/secrets/*). */
export type KeyVaultAction = 'getSecret' | 'setSecret' | 'readMetadata' | 'update' | 'deletedSecrets/read';

/** The data actions of the built-in role 'Key Vault Secrets Officer'. */
export const SECRETS_OFFICER: readonly KeyVaultAction[] = ['getSecret', 'setSecret', 'readMetadata', 'update', 'deletedSecrets/read'];
/** … and of 'Key Vault Secrets User'. */
export const SECRETS_USER: readonly KeyVaultAction[] = ['getSecret', 'readMetadata'];

export interface KeyVaultSeed {
  name: string;
  /** Application (client) id → the data actions its role assignments grant on this vault. */
  access: Record<string, readonly KeyVaultAction[]>;
}

export interface KeyVaultVersionState {
  version: string;
  value: string;
  enabled: boolean;
  tags: Record<string, string>;
  contentType: string | undefined;
  created: number;
}

export const KEYVAULT_OPERATIONS = ['keyvault:get', 'keyvault:set', 'keyvault:versions', 'keyvault:update', 'keyvault:get-deleted'] as const;

/** API versions this emulator answers (Key Vault refuses unknown ones). */
const API_VERSIONS = new Set(['7.0', '7.1', '7.2', '7.3', '7.4', '7.5', '7.6', '2025-07-01']);
const NAME = /^[0-9a-zA-Z-]{1,127}$/;
const MAX_TAGS = 15;
const MAX_VALUE_BYTES = 25 * 1024;

interface Version {
  id: string;
  value: string;
  enabled: boolean;
  tags: Record<string, string>;
  contentType: string | undefined;
  created: number;
  updated: number;
}

interface Secret {
  name: string;
  versions: Version[];
  deletedAt: number | undefined;
}

interface Vault {
  name: string;
  access: Map<string, Set<KeyVaultAction>>;
  /** By lower-cased name: Key Vault names are case-insensitive. */
  secrets: Map<string, Secret>;
}

export interface KeyVaultService {
  route(req: CloudRequest): string | undefined;
  handle(operation: string, req: CloudRequest, entry: CloudLogEntry): CloudReply;
  error(status: number, code: string | undefined, message: string | undefined): CloudReply;
  seed: {
    vault(v: KeyVaultSeed): void;
    /** Adds a version directly (no auth); returns its version id. */
    secret(vault: string, name: string, value: string, opts?: { tags?: Record<string, string>; contentType?: string; enabled?: boolean }): string;
    /** Soft-deletes a secret: its name is then kept for recovery and cannot be reused. */
    deleteSecret(vault: string, name: string): void;
  };
  /** The secret's versions, oldest first (values included), or undefined. */
  secret(vault: string, name: string): KeyVaultVersionState[] | undefined;
}

export function keyVaultService(opts: { now: () => number; caller: (bearer: string) => KeyVaultCaller | undefined; resource?: string }): KeyVaultService {
  const now = opts.now;
  const resource = opts.resource ?? 'https://vault.azure.net';
  const vaults = new Map<string, Vault>();
  const seconds = (ms: number): number => Math.floor(ms / 1000);

  const kvError = (status: number, code: string, message: string, inner?: string, headers: Record<string, string> = {}): CloudReply =>
    json(status, { error: { code, message, ...(inner ? { innererror: { code: inner } } : {}) } }, { 'x-ms-request-id': randomUUID(), ...headers });
  const notFound = (what: string): CloudReply =>
    kvError(
      404,
      'SecretNotFound',
      `A secret with (name/id) ${what} was not found in this key vault. If you recently deleted this secret you may be able to recover it using the correct recovery command. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182`,
    );

  /** `/{vault}/secrets/{name}[/{version|versions}]` or `/{vault}/deletedsecrets/{name}`. */
  const parse = (path: string): { vault: string; collection: string; name: string; rest: string | undefined } | undefined => {
    const m = /^\/([^/]+)\/(secrets|deletedsecrets)\/([^/]+)(?:\/([^/]*))?\/?$/.exec(path);
    if (!m) return undefined;
    return { vault: decodeURIComponent(m[1]!).toLowerCase(), collection: m[2]!, name: decodeURIComponent(m[3]!), rest: m[4] === undefined || m[4] === '' ? undefined : decodeURIComponent(m[4]) };
  };

  const vaultUrl = (vault: string): string => `https://${vault}.vault.azure.net`;
  const bundle = (vault: Vault, s: Secret, v: Version, withValue: boolean): Record<string, unknown> => ({
    ...(withValue ? { value: v.value } : {}),
    ...(v.contentType !== undefined ? { contentType: v.contentType } : {}),
    id: `${vaultUrl(vault.name)}/secrets/${s.name}/${v.id}`,
    attributes: { enabled: v.enabled, created: seconds(v.created), updated: seconds(v.updated), recoveryLevel: 'Recoverable+Purgeable', recoverableDays: 90 },
    ...(Object.keys(v.tags).length > 0 ? { tags: { ...v.tags } } : {}),
  });

  const addVersion = (s: Secret, value: string, o: { tags?: Record<string, string>; contentType?: string; enabled?: boolean }): Version => {
    const t = now();
    const v: Version = { id: randomUUID().replaceAll('-', ''), value, enabled: o.enabled ?? true, tags: { ...(o.tags ?? {}) }, contentType: o.contentType, created: t, updated: t };
    s.versions.push(v);
    return v;
  };

  const ACTION: Record<string, KeyVaultAction> = {
    'keyvault:get': 'getSecret',
    'keyvault:set': 'setSecret',
    'keyvault:versions': 'readMetadata',
    'keyvault:update': 'update',
    'keyvault:get-deleted': 'deletedSecrets/read',
  };

  function handle(operation: string, req: CloudRequest, entry: CloudLogEntry): CloudReply {
    const apiVersion = req.url.searchParams.get('api-version');
    if (!apiVersion || !API_VERSIONS.has(apiVersion)) {
      return kvError(400, 'BadParameter', `The specified version (${apiVersion ?? ''}) is not recognized. Consider using the latest supported version (7.6).`);
    }
    const target = parse(req.url.pathname)!;
    // Authentication: a bearer token from this cloud's Entra, for Key Vault, unexpired.
    const challenge = { 'www-authenticate': `Bearer authorization="https://login.microsoftonline.com/common", resource="${resource}"` };
    const bearer = /^Bearer (\S+)$/i.exec(req.headers['authorization'] ?? '')?.[1];
    if (!bearer) return kvError(401, 'Unauthorized', 'AKV10000: Request is missing a Bearer or PoP token.', undefined, challenge);
    const caller = opts.caller(bearer);
    if (!caller) return kvError(401, 'Unauthorized', 'AKV10032: Invalid issuer. The token was not issued by a trusted authority, or it is malformed.', undefined, challenge);
    const aud = caller.scope.replace(/\/\.default$/, '');
    if (aud.replace(/\/+$/, '') !== resource) return kvError(401, 'Unauthorized', `AKV10022: Invalid audience. Expected ${resource}, found: ${aud}.`, undefined, challenge);
    if (caller.expiresAt <= now()) return kvError(401, 'Unauthorized', `AKV10017: The token has expired (it expired at ${new Date(caller.expiresAt).toISOString()}).`, undefined, challenge);
    entry.principal = `app/${caller.clientId}`;
    const vault = vaults.get(target.vault);
    if (!vault) return kvError(404, 'VaultNotFound', `The vault '${target.vault}' was not found.`);
    // Authorisation: the application's data actions on this vault.
    const action = ACTION[operation]!;
    if (!vault.access.get(caller.clientId)?.has(action)) {
      return kvError(
        403,
        'Forbidden',
        `Caller is not authorized to perform action on resource. If role assignments, deny assignments or role definitions were changed recently, please observe propagation time. ` +
          `Caller: appid=${caller.clientId};iss=https://sts.windows.net/${caller.tenantId}/ Action: 'Microsoft.KeyVault/vaults/${action.startsWith('deleted') ? action : `secrets/${action}/action`}' ` +
          `Resource: '/vaults/${vault.name}/secrets/${target.name}' Assignment: (not found) DecisionReason: 'DeniedWithNoValidRBAC' Vault: ${vault.name};location=eastus`,
        'ForbiddenByRbac',
      );
    }
    if (!NAME.test(target.name)) return kvError(400, 'BadParameter', `The secret name '${target.name}' is not valid: it must match ^[0-9a-zA-Z-]+$ and be at most 127 characters.`);
    const secret = vault.secrets.get(target.name.toLowerCase());
    const live = secret && secret.deletedAt === undefined ? secret : undefined;

    switch (operation) {
      case 'keyvault:get': {
        if (!live) return notFound(target.name);
        const v = target.rest === undefined ? live.versions.at(-1) : live.versions.find((x) => x.id === target.rest);
        if (!v) return notFound(`${target.name}/${target.rest ?? ''}`);
        if (!v.enabled) return kvError(403, 'Forbidden', 'Operation get is not allowed on a disabled secret.', 'SecretDisabled');
        return json(200, bundle(vault, live, v, true));
      }
      case 'keyvault:set': {
        if (secret && secret.deletedAt !== undefined) {
          return kvError(
            409,
            'Conflict',
            `Secret ${target.name} is currently in a deleted but recoverable state, and its name cannot be reused; in this state, the secret can only be recovered or purged.`,
            'ObjectIsDeletedButRecoverable',
          );
        }
        let body: Record<string, unknown>;
        try {
          body = JSON.parse(req.body) as Record<string, unknown>;
        } catch {
          return kvError(400, 'BadParameter', 'The request body is not valid JSON.');
        }
        if (typeof body !== 'object' || body === null || typeof body['value'] !== 'string') return kvError(400, 'BadParameter', "Property 'value' is required.");
        if (Buffer.byteLength(body['value']) > MAX_VALUE_BYTES) return kvError(400, 'BadParameter', 'The secret value is too large (at most 25 KB).');
        const tags = checkTags(body['tags']);
        if (typeof tags === 'string') return kvError(400, 'BadParameter', tags);
        const attributes = typeof body['attributes'] === 'object' && body['attributes'] !== null ? (body['attributes'] as Record<string, unknown>) : {};
        const s = secret ?? { name: target.name, versions: [], deletedAt: undefined };
        vault.secrets.set(target.name.toLowerCase(), s);
        const v = addVersion(s, body['value'], {
          tags,
          ...(typeof body['contentType'] === 'string' ? { contentType: body['contentType'] } : {}),
          ...(typeof attributes['enabled'] === 'boolean' ? { enabled: attributes['enabled'] } : {}),
        });
        return json(200, bundle(vault, s, v, true));
      }
      case 'keyvault:versions': {
        if (!live) return notFound(target.name);
        const max = Number(req.url.searchParams.get('maxresults') ?? '25');
        if (!Number.isInteger(max) || max < 1 || max > 25) return kvError(400, 'BadParameter', 'maxresults must be between 1 and 25.');
        const skip = Number(req.url.searchParams.get('$skiptoken') ?? '0');
        const page = live.versions.slice(skip, skip + max);
        // Followable: the next page on this emulator (Key Vault's own points at its DNS name).
        const next = skip + max < live.versions.length ? `${req.url.origin}/${vault.name}/secrets/${live.name}/versions?api-version=${apiVersion}&maxresults=${max}&$skiptoken=${skip + max}` : null;
        return json(200, {
          value: page.map((v) => {
            const { value: _value, ...item } = bundle(vault, live, v, false) as Record<string, unknown> & { value?: string };
            return item;
          }),
          nextLink: next,
        });
      }
      case 'keyvault:update': {
        if (!live || target.rest === undefined) return notFound(target.name);
        const v = live.versions.find((x) => x.id === target.rest);
        if (!v) return notFound(`${target.name}/${target.rest}`);
        let body: Record<string, unknown>;
        try {
          body = JSON.parse(req.body || '{}') as Record<string, unknown>;
        } catch {
          return kvError(400, 'BadParameter', 'The request body is not valid JSON.');
        }
        const attributes = typeof body['attributes'] === 'object' && body['attributes'] !== null ? (body['attributes'] as Record<string, unknown>) : {};
        if (body['tags'] !== undefined) {
          const tags = checkTags(body['tags']);
          if (typeof tags === 'string') return kvError(400, 'BadParameter', tags);
          v.tags = tags;
        }
        if (typeof attributes['enabled'] === 'boolean') v.enabled = attributes['enabled'];
        if (typeof body['contentType'] === 'string') v.contentType = body['contentType'];
        v.updated = now();
        return json(200, bundle(vault, live, v, false));
      }
      case 'keyvault:get-deleted': {
        if (!secret || secret.deletedAt === undefined) return kvError(404, 'SecretNotFound', `Deleted Secret not found: ${target.name}`);
        const v = secret.versions.at(-1)!;
        return json(200, {
          ...bundle(vault, secret, v, false),
          recoveryId: `${vaultUrl(vault.name)}/deletedsecrets/${secret.name}`,
          deletedDate: seconds(secret.deletedAt),
          scheduledPurgeDate: seconds(secret.deletedAt) + 90 * 86400,
        });
      }
    }
    return kvError(405, 'BadParameter', 'Method not allowed.');
  }

  return {
    route(req) {
      const t = parse(req.url.pathname);
      if (!t) return undefined;
      if (t.collection === 'deletedsecrets') return req.method === 'GET' && t.rest === undefined ? 'keyvault:get-deleted' : undefined;
      if (req.method === 'PUT' && t.rest === undefined) return 'keyvault:set';
      if (req.method === 'GET') return t.rest === 'versions' ? 'keyvault:versions' : 'keyvault:get';
      if (req.method === 'PATCH') return 'keyvault:update';
      return undefined;
    },
    handle,
    error: (status, code, message) =>
      kvError(status, code ?? (status === 429 ? 'Throttled' : status >= 500 ? 'InternalServerError' : 'BadParameter'), message ?? (status === 429 ? 'Request was not allowed because application has exceeded the maximum number of requests.' : 'Injected fault'), undefined, status === 429 ? { 'retry-after': '1' } : {}),
    seed: {
      vault(v) {
        vaults.set(v.name.toLowerCase(), { name: v.name.toLowerCase(), access: new Map(Object.entries(v.access).map(([k, a]) => [k, new Set(a)])), secrets: vaults.get(v.name.toLowerCase())?.secrets ?? new Map() });
      },
      secret(vaultName, name, value, o = {}) {
        const vault = vaults.get(vaultName.toLowerCase());
        if (!vault) throw new Error(`Key Vault emulator: no vault '${vaultName}'`);
        const s = vault.secrets.get(name.toLowerCase()) ?? { name, versions: [], deletedAt: undefined };
        vault.secrets.set(name.toLowerCase(), s);
        return addVersion(s, value, o).id;
      },
      deleteSecret(vaultName, name) {
        const s = vaults.get(vaultName.toLowerCase())?.secrets.get(name.toLowerCase());
        if (!s) throw new Error(`Key Vault emulator: no secret '${name}' in '${vaultName}'`);
        s.deletedAt = now();
      },
    },
    secret(vaultName, name) {
      const s = vaults.get(vaultName.toLowerCase())?.secrets.get(name.toLowerCase());
      return s?.versions.map((v) => ({ version: v.id, value: v.value, enabled: v.enabled, tags: { ...v.tags }, contentType: v.contentType, created: v.created }));
    },
  };
}

/** Tags as Key Vault checks them: at most 15, names ≤ 512 and values ≤ 256 characters; a string says what is wrong. */
function checkTags(raw: unknown): Record<string, string> | string {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) return "Property 'tags' must be an object.";
  const entries = Object.entries(raw);
  if (entries.length > MAX_TAGS) return `The number of tags (${entries.length}) exceeds the maximum of ${MAX_TAGS}.`;
  for (const [k, v] of entries) {
    if (typeof v !== 'string') return `The value of tag '${k}' must be a string.`;
    if (k.length > 512 || v.length > 256) return `Tag '${k}' is too long (names at most 512, values at most 256 characters).`;
  }
  return Object.fromEntries(entries) as Record<string, string>;
}
