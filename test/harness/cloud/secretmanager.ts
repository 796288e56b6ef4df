// Google Cloud Secret Manager's REST API (https://cloud.google.com/secret-manager/docs/reference/rest),
// served by the GCP emulator beside STS and IAM Credentials: secrets with labels, annotations and an
// etag; numbered versions (ENABLED, DISABLED, DESTROYED) with payloads checked against their CRC32C;
// `latest` = the most recently created version. Every request needs an access token the emulated
// STS or IAM Credentials issued, unexpired, whose principal holds the operation's permission on the
// secret or its project (IAM bindings with the predefined roles' permissions); errors are Google's
// shape (`{error:{code,message,status}}`) with Secret Manager's wording.
import { randomBytes } from 'node:crypto';
import { json, type CloudLogEntry, type CloudReply, type CloudRequest } from './server.ts';

/** What an access token is, looked up by the bearer value (the GCP emulator's record), and whether an IAM member names its holder. */
export interface SecretManagerCaller {
  /** serviceAccount:EMAIL, or the federated principal://…/subject/SUB (for the request log). */
  principal: string;
  expiresAt: number;
  isMember(member: string): boolean;
}

export interface IamBinding {
  /** A predefined role (see ROLES), or omitted with `permissions` (a custom role). */
  role?: string;
  permissions?: readonly string[];
  members: readonly string[];
}

export interface SecretManagerVersionState {
  version: number;
  state: 'ENABLED' | 'DISABLED' | 'DESTROYED';
  /** undefined once destroyed. */
  value: string | undefined;
}

export const SECRETMANAGER_OPERATIONS = [
  'secretmanager:secrets.get',
  'secretmanager:secrets.patch',
  'secretmanager:secrets.testIamPermissions',
  'secretmanager:versions.add',
  'secretmanager:versions.access',
  'secretmanager:versions.get',
  'secretmanager:versions.list',
  'secretmanager:versions.enable',
  'secretmanager:versions.disable',
  'secretmanager:versions.destroy',
] as const;

const VERSION_OPS = ['add', 'access', 'get', 'list', 'enable', 'disable', 'destroy'].map((p) => `secretmanager.versions.${p}`);
/** The Secret Manager permissions of the predefined roles (https://cloud.google.com/secret-manager/docs/access-control). */
export const ROLES: Readonly<Record<string, readonly string[]>> = {
  'roles/secretmanager.admin': ['secretmanager.secrets.get', 'secretmanager.secrets.list', 'secretmanager.secrets.create', 'secretmanager.secrets.update', 'secretmanager.secrets.delete', ...VERSION_OPS],
  'roles/secretmanager.secretAccessor': ['secretmanager.versions.access'],
  'roles/secretmanager.secretVersionAdder': ['secretmanager.versions.add'],
  'roles/secretmanager.secretVersionManager': ['secretmanager.secrets.get', 'secretmanager.secrets.list', ...VERSION_OPS.filter((p) => !p.endsWith('.access'))],
  'roles/secretmanager.viewer': ['secretmanager.secrets.get', 'secretmanager.secrets.list', 'secretmanager.versions.get', 'secretmanager.versions.list'],
};

const PERMISSION: Record<string, string> = {
  'secretmanager:secrets.get': 'secretmanager.secrets.get',
  'secretmanager:secrets.patch': 'secretmanager.secrets.update',
  // Anyone may ask which permissions they hold (IAM's testIamPermissions needs none).
  'secretmanager:secrets.testIamPermissions': '',
  'secretmanager:versions.add': 'secretmanager.versions.add',
  'secretmanager:versions.access': 'secretmanager.versions.access',
  'secretmanager:versions.get': 'secretmanager.versions.get',
  'secretmanager:versions.list': 'secretmanager.versions.list',
  'secretmanager:versions.enable': 'secretmanager.versions.enable',
  'secretmanager:versions.disable': 'secretmanager.versions.disable',
  'secretmanager:versions.destroy': 'secretmanager.versions.destroy',
};

const MAX_PAYLOAD = 64 * 1024;
const LABEL_KEY = /^[\p{Ll}\p{Lo}][\p{Ll}\p{Lo}\p{N}_-]{0,62}$/u;
const LABEL_VALUE = /^[\p{Ll}\p{Lo}\p{N}_-]{0,63}$/u;

interface Version {
  number: number;
  state: 'ENABLED' | 'DISABLED' | 'DESTROYED';
  data: Buffer | undefined;
  checksummed: boolean;
  createTime: string;
  destroyTime: string | undefined;
  etag: string;
}

interface Secret {
  id: string;
  createTime: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  etag: string;
  bindings: IamBinding[];
  versions: Version[];
}

interface Project {
  id: string;
  number: string;
  bindings: IamBinding[];
  secrets: Map<string, Secret>;
}

export interface SecretManagerService {
  route(req: CloudRequest): string | undefined;
  handle(operation: string, req: CloudRequest, entry: CloudLogEntry): CloudReply;
  error(status: number, code: string | undefined, message: string | undefined): CloudReply;
  seed: {
    project(p: { id: string; number: string; bindings?: IamBinding[] }): void;
    /** Creates a secret (values become versions 1, 2, …); returns nothing. */
    secret(s: { project: string; secret: string; values?: string[]; labels?: Record<string, string>; bindings?: IamBinding[] }): void;
    /** Adds a version directly (no auth): a concurrent writer. Returns its number. */
    version(project: string, secret: string, value: string): number;
  };
  /** The secret's labels and versions (oldest first), or undefined. */
  secret(project: string, secret: string): { labels: Record<string, string>; versions: SecretManagerVersionState[] } | undefined;
}

/** CRC32C bit by bit (the destination's table-driven one is checked against this and RFC 3720's vectors). */
export function crc32cBitwise(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0x82f63b78 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}

export function secretManagerService(opts: { now: () => number; caller: (bearer: string) => SecretManagerCaller | undefined }): SecretManagerService {
  const projects = new Map<string, Project>();
  const iso = (): string => new Date(opts.now()).toISOString();
  const etag = (): string => `"${randomBytes(7).toString('hex')}"`;
  const gError = (status: number, statusText: string, message: string): CloudReply => json(status, { error: { code: status, message, status: statusText } });
  const projectOf = (idOrNumber: string): Project | undefined => projects.get(idOrNumber) ?? [...projects.values()].find((p) => p.number === idOrNumber);

  /** `/v1/projects/{p}/secrets/{s}[:addVersion | /versions[/{v}[:verb]]]` */
  const parse = (path: string): { project: string; secret: string; verb: string | undefined; version: string | undefined; versions: boolean } | undefined => {
    const m = /^\/v1\/projects\/([^/]+)\/secrets\/([^/:]+)(?::(addVersion|testIamPermissions))?(?:\/(versions)(?:\/([^/:]+)(?::(\w+))?)?)?$/.exec(path);
    if (!m) return undefined;
    return { project: decodeURIComponent(m[1]!), secret: decodeURIComponent(m[2]!), verb: m[3] ?? m[6], version: m[5] === undefined ? undefined : decodeURIComponent(m[5]), versions: m[4] !== undefined };
  };

  const secretName = (p: Project, s: Secret): string => `projects/${p.number}/secrets/${s.id}`;
  const secretJson = (p: Project, s: Secret): Record<string, unknown> => ({
    name: secretName(p, s),
    replication: { automatic: {} },
    createTime: s.createTime,
    ...(Object.keys(s.labels).length > 0 ? { labels: { ...s.labels } } : {}),
    ...(Object.keys(s.annotations).length > 0 ? { annotations: { ...s.annotations } } : {}),
    etag: s.etag,
  });
  const versionJson = (p: Project, s: Secret, v: Version): Record<string, unknown> => ({
    name: `${secretName(p, s)}/versions/${v.number}`,
    createTime: v.createTime,
    ...(v.destroyTime ? { destroyTime: v.destroyTime } : {}),
    state: v.state,
    replicationStatus: { automatic: {} },
    etag: v.etag,
    clientSpecifiedPayloadChecksum: v.checksummed,
  });
  const add = (s: Secret, data: Buffer, checksummed: boolean): Version => {
    const v: Version = { number: (s.versions.at(-1)?.number ?? 0) + 1, state: 'ENABLED', data, checksummed, createTime: iso(), destroyTime: undefined, etag: etag() };
    s.versions.push(v);
    return v;
  };
  const allowed = (caller: SecretManagerCaller, permission: string, bindings: readonly IamBinding[]): boolean =>
    bindings.some((b) => (b.permissions ?? ROLES[b.role ?? ''] ?? []).includes(permission) && b.members.some((m) => caller.isMember(m)));
  const body = (req: CloudRequest): Record<string, unknown> | undefined => {
    try {
      const parsed = JSON.parse(req.body || '{}') as unknown;
      return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  };

  function handle(operation: string, req: CloudRequest, entry: CloudLogEntry): CloudReply {
    const t = parse(req.url.pathname)!;
    const bearer = /^Bearer (\S+)$/i.exec(req.headers['authorization'] ?? '')?.[1];
    const caller = bearer ? opts.caller(bearer) : undefined;
    if (!caller || caller.expiresAt <= opts.now()) {
      return gError(
        401,
        'UNAUTHENTICATED',
        'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
      );
    }
    entry.principal = caller.principal;
    const permission = PERMISSION[operation]!;
    const resource = `projects/${t.project}/secrets/${t.secret}${t.version !== undefined ? `/versions/${t.version}` : ''}`;
    const project = projectOf(t.project);
    const secret = project?.secrets.get(t.secret);
    const bindings = [...(project?.bindings ?? []), ...(secret?.bindings ?? [])];
    if (operation === 'secretmanager:secrets.testIamPermissions') {
      const b = body(req);
      const asked = Array.isArray(b?.['permissions']) ? (b['permissions'] as unknown[]).filter((p): p is string => typeof p === 'string') : [];
      if (!project || !secret) return gError(404, 'NOT_FOUND', `Secret [projects/${project?.number ?? t.project}/secrets/${t.secret}] not found.`);
      const held = asked.filter((p) => allowed(caller, p, bindings));
      return json(200, held.length > 0 ? { permissions: held } : {});
    }
    if (!project || !allowed(caller, permission, bindings)) {
      return gError(403, 'PERMISSION_DENIED', `Permission '${permission}' denied for resource '${resource}' (or it may not exist).`);
    }
    if (!secret) return gError(404, 'NOT_FOUND', `Secret [projects/${project.number}/secrets/${t.secret}] not found${operation === 'secretmanager:versions.access' ? ' or has no versions' : ''}.`);

    if (operation === 'secretmanager:secrets.get') return json(200, secretJson(project, secret));
    if (operation === 'secretmanager:secrets.patch') {
      const b = body(req);
      if (!b) return gError(400, 'INVALID_ARGUMENT', 'Invalid JSON payload received.');
      const mask = (req.url.searchParams.get('updateMask') ?? '').split(',').filter(Boolean);
      if (mask.length === 0) return gError(400, 'INVALID_ARGUMENT', 'update_mask is required.');
      const unknown = mask.filter((f) => f !== 'labels' && f !== 'annotations');
      if (unknown.length > 0) return gError(400, 'INVALID_ARGUMENT', `The update_mask field(s) ${unknown.join(', ')} cannot be updated here.`);
      if (typeof b['etag'] === 'string' && b['etag'] !== secret.etag) {
        return gError(400, 'FAILED_PRECONDITION', `The etag provided in the request does not match the current etag of the secret [${secretName(project, secret)}].`);
      }
      for (const field of mask) {
        const raw = b[field];
        const map = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? Object.entries(raw) : [];
        if (map.some(([, v]) => typeof v !== 'string')) return gError(400, 'INVALID_ARGUMENT', `Invalid value at 'secret.${field}'.`);
        if (field === 'labels') {
          if (map.length > 64) return gError(400, 'INVALID_ARGUMENT', 'A secret can have at most 64 labels.');
          const bad = map.find(([k, v]) => !LABEL_KEY.test(k) || !LABEL_VALUE.test(v as string));
          if (bad) return gError(400, 'INVALID_ARGUMENT', `Invalid label ${bad[0]}=${String(bad[1])}: keys start with a lower-case letter; keys and values are at most 63 lower-case letters, digits, _ or -.`);
        }
        if (field === 'labels') secret.labels = Object.fromEntries(map) as Record<string, string>;
        else secret.annotations = Object.fromEntries(map) as Record<string, string>;
      }
      secret.etag = etag();
      return json(200, secretJson(project, secret));
    }
    if (operation === 'secretmanager:versions.add') {
      const b = body(req);
      const payload = b && typeof b['payload'] === 'object' && b['payload'] !== null ? (b['payload'] as Record<string, unknown>) : undefined;
      if (!payload || typeof payload['data'] !== 'string' || !/^[A-Za-z0-9+/_-]*={0,2}$/.test(payload['data'])) {
        return gError(400, 'INVALID_ARGUMENT', "Invalid value at 'payload.data' (TYPE_BYTES): base64 bytes are required.");
      }
      const data = Buffer.from(payload['data'], 'base64');
      if (data.length > MAX_PAYLOAD) return gError(400, 'INVALID_ARGUMENT', `Secret payload data is too large: ${data.length} bytes, at most ${MAX_PAYLOAD}.`);
      const sum = payload['dataCrc32c'];
      if (sum !== undefined && Number(sum) !== crc32cBitwise(data)) {
        return gError(400, 'INVALID_ARGUMENT', 'Checksum mismatch: the data_crc32c of the payload does not match the data received; it was not stored.');
      }
      return json(200, versionJson(project, secret, add(secret, data, sum !== undefined)));
    }
    if (operation === 'secretmanager:versions.list') {
      const state = /^state:(ENABLED|DISABLED|DESTROYED)$/.exec(req.url.searchParams.get('filter') ?? '')?.[1];
      const all = [...secret.versions].reverse().filter((v) => !state || v.state === state);
      const size = Math.min(Number(req.url.searchParams.get('pageSize') ?? '25') || 25, 25000);
      const start = Number(req.url.searchParams.get('pageToken') ?? '0') || 0;
      const page = all.slice(start, start + size);
      return json(200, { versions: page.map((v) => versionJson(project, secret, v)), ...(start + size < all.length ? { nextPageToken: String(start + size) } : {}), totalSize: all.length });
    }
    // One version, by number or `latest` (the most recently created, whatever its state).
    const v = t.version === 'latest' ? secret.versions.at(-1) : secret.versions.find((x) => String(x.number) === t.version);
    const vName = `${secretName(project, secret)}/versions/${t.version === 'latest' && v ? v.number : (t.version ?? '')}`;
    if (!v) return gError(404, 'NOT_FOUND', t.version === 'latest' ? `Secret [${secretName(project, secret)}] not found or has no versions.` : `Secret Version [${vName}] not found.`);
    if (operation === 'secretmanager:versions.get') return json(200, versionJson(project, secret, v));
    if (operation === 'secretmanager:versions.access') {
      if (v.state !== 'ENABLED' || !v.data) return gError(400, 'FAILED_PRECONDITION', `Secret Version [${vName}] is in ${v.state} state.`);
      return json(200, { name: vName, payload: { data: v.data.toString('base64'), dataCrc32c: String(crc32cBitwise(v.data)) } });
    }
    // enable, disable, destroy: an optional etag; a no-op still changes it.
    const b = body(req);
    if (!b) return gError(400, 'INVALID_ARGUMENT', 'Invalid JSON payload received.');
    if (typeof b['etag'] === 'string' && b['etag'] !== v.etag) return gError(400, 'FAILED_PRECONDITION', `The etag provided in the request does not match the current etag of the secret version [${vName}].`);
    if (v.state === 'DESTROYED') return gError(400, 'FAILED_PRECONDITION', `Secret Version [${vName}] is in DESTROYED state.`);
    if (operation === 'secretmanager:versions.destroy') {
      v.state = 'DESTROYED';
      v.data = undefined;
      v.destroyTime = iso();
    } else {
      v.state = operation === 'secretmanager:versions.enable' ? 'ENABLED' : 'DISABLED';
    }
    v.etag = etag();
    return json(200, versionJson(project, secret, v));
  }

  return {
    route(req) {
      const t = parse(req.url.pathname);
      if (!t) return undefined;
      if (t.verb === 'addVersion') return req.method === 'POST' && !t.versions ? 'secretmanager:versions.add' : undefined;
      if (t.verb === 'testIamPermissions') return req.method === 'POST' && !t.versions ? 'secretmanager:secrets.testIamPermissions' : undefined;
      if (!t.versions) return req.method === 'GET' ? 'secretmanager:secrets.get' : req.method === 'PATCH' ? 'secretmanager:secrets.patch' : undefined;
      if (t.version === undefined) return req.method === 'GET' ? 'secretmanager:versions.list' : undefined;
      if (t.verb === undefined) return req.method === 'GET' ? 'secretmanager:versions.get' : undefined;
      if (t.verb === 'access') return req.method === 'GET' ? 'secretmanager:versions.access' : undefined;
      if (['enable', 'disable', 'destroy'].includes(t.verb)) return req.method === 'POST' ? `secretmanager:versions.${t.verb}` : undefined;
      return undefined;
    },
    handle,
    error: (status, code, message) =>
      gError(status, code ?? (status === 429 ? 'RESOURCE_EXHAUSTED' : status >= 500 ? 'UNAVAILABLE' : 'FAILED_PRECONDITION'), message ?? (status === 429 ? 'Quota exceeded for quota metric Access requests.' : 'Injected fault')),
    seed: {
      project(p) {
        projects.set(p.id, { id: p.id, number: p.number, bindings: [...(p.bindings ?? [])], secrets: projects.get(p.id)?.secrets ?? new Map() });
      },
      secret(s) {
        const project = projectOf(s.project);
        if (!project) throw new Error(`Secret Manager emulator: no project '${s.project}'`);
        const secret: Secret = { id: s.secret, createTime: iso(), labels: { ...(s.labels ?? {}) }, annotations: {}, etag: etag(), bindings: [...(s.bindings ?? [])], versions: [] };
        for (const value of s.values ?? []) add(secret, Buffer.from(value, 'utf8'), false);
        project.secrets.set(s.secret, secret);
      },
      version(projectId, secretId, value) {
        const secret = projectOf(projectId)?.secrets.get(secretId);
        if (!secret) throw new Error(`Secret Manager emulator: no secret '${secretId}' in '${projectId}'`);
        return add(secret, Buffer.from(value, 'utf8'), false).number;
      },
    },
    secret(projectId, secretId) {
      const secret = projectOf(projectId)?.secrets.get(secretId);
      if (!secret) return undefined;
      return { labels: { ...secret.labels }, versions: secret.versions.map((v) => ({ version: v.number, state: v.state, value: v.data?.toString('utf8') })) };
    },
  };
}
