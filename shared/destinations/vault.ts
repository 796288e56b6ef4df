import { isDeepStrictEqual } from 'node:util';
import { TransientError, UserError } from '../errors.ts';
import { CloudServiceError, describeBody, httpRequest, isRecord, isTransientStatus, parseJson, retryAfterOf, retrying } from '../oidc/http.ts';
import type { CallDeps, CredentialProvider } from '../oidc/types.ts';
import { vaultErrors, vaultHeaders } from '../oidc/vault.ts';

/**
 * HashiCorp Vault KV version 2 as a rotation destination (`vault:MOUNT/PATH#KEY`). Every write is
 * check-and-set: the caller's `cas`, or the current version read just before — so a retried write
 * can never add a second version, and a concurrent writer is detected rather than overwritten.
 * After a lost answer, a CAS refusal is reconciled by reading the latest version: if it holds what
 * we wrote, the write landed. Values read are masked the moment they arrive.
 */

export interface VaultKvOptions extends CallDeps {
  /** https://vault.example.com:8200 */
  address: string;
  namespace?: string;
  /** The KV v2 mount, e.g. `secret`. */
  mount: string;
  /** A token, or a provider asked before every request (a CredentialSource<VaultCredentials> re-logs in before expiry). */
  auth: string | CredentialProvider<{ readonly token: string }>;
}

export interface KvVersion {
  version: number;
  createdTime: string;
  deletionTime: string;
  destroyed: boolean;
  customMetadata: Record<string, string> | null;
}

export interface KvSecret {
  data: Record<string, unknown>;
  metadata: KvVersion;
}

export interface KvMetadata {
  currentVersion: number;
  oldestVersion: number;
  maxVersions: number;
  casRequired: boolean;
  createdTime: string;
  updatedTime: string;
  customMetadata: Record<string, string> | null;
  versions: Record<string, { createdTime: string; deletionTime: string; destroyed: boolean }>;
}

/** A check-and-set write found another version than expected: someone else wrote meanwhile. */
export class KvConflictError extends UserError {
  override readonly name = 'KvConflictError';
}

export interface VaultDestination {
  mount: string;
  path: string;
  key: string;
}

/**
 * Parses `vault:MOUNT/PATH#KEY` (or `MOUNT/PATH#KEY`). The first path segment is the mount; use
 * VaultKvOptions.mount directly for mounts with slashes.
 */
export function parseVaultDestination(spec: string): VaultDestination {
  const m = /^(?:vault:)?([\w.-]+)\/([\w.@/-]+)#([\w.-]+)$/.exec(spec);
  if (!m || m[2]!.split('/').some((s) => s === '' || s === '.' || s === '..')) {
    throw new UserError(`Invalid Vault destination '${spec}'. Expected vault:MOUNT/PATH#KEY, e.g. vault:secret/app/db#password.`);
  }
  return { mount: m[1]!, path: m[2]!, key: m[3]! };
}

export class VaultKv {
  readonly #opts: VaultKvOptions;
  readonly #base: string;

  constructor(opts: VaultKvOptions) {
    this.#opts = opts;
    const mount = opts.mount.replace(/^\/+|\/+$/g, '');
    this.#base = `${opts.address.replace(/\/+$/, '')}/v1/${mount.split('/').map(encodeURIComponent).join('/')}`;
  }

  /** A version of the secret (default the latest), masked; undefined when missing, deleted or destroyed. */
  async read(path: string, opts: { version?: number } = {}): Promise<KvSecret | undefined> {
    const query = opts.version !== undefined ? `?version=${opts.version}` : '';
    const out = await this.#call(`read ${path}`, 'GET', `data/${enc(path)}${query}`, undefined, { notFound: true });
    const data = isRecord(out) && isRecord(out['data']) ? out['data'] : undefined;
    if (!data || !isRecord(data['data'])) return undefined;
    this.#mask(data['data']);
    return { data: data['data'], metadata: version(data['metadata']) };
  }

  /**
   * Writes `data` as a new version with check-and-set: `cas` (0: only if the secret does not exist
   * yet), or the current version read first. Returns the new version's metadata.
   */
  async write(path: string, data: Record<string, unknown>, opts: { cas?: number } = {}): Promise<KvVersion> {
    this.#mask(data);
    const cas = opts.cas ?? (await this.readMetadata(path))?.currentVersion ?? 0;
    let reconciled: KvVersion | undefined;
    const out = await this.#call(`write ${path}`, 'POST', `data/${enc(path)}`, { options: { cas }, data }, {
      conflict: async (ambiguous) => {
        if (ambiguous) {
          // The first attempt may have landed: if the latest version holds our data, it did.
          const latest = await this.read(path);
          if (latest && latest.metadata.version === cas + 1 && isDeepStrictEqual(latest.data, data)) {
            reconciled = latest.metadata;
            return undefined;
          }
        }
        const current = (await this.readMetadata(path))?.currentVersion ?? 0;
        throw new KvConflictError(
          `Vault secret ${this.#opts.mount}/${path} changed while writing it: expected version ${cas}, found ${current} (another writer, or a concurrent rotation).`,
        );
      },
    });
    return reconciled ?? version(isRecord(out) ? out['data'] : undefined);
  }

  /** Sets one key, keeping the others: read the latest version, write with cas = its version. */
  async putKey(path: string, key: string, value: string): Promise<KvVersion> {
    this.#opts.redactor.add(value);
    const latest = await this.read(path);
    const current = latest?.metadata.version ?? (await this.readMetadata(path))?.currentVersion ?? 0;
    return this.write(path, { ...(latest?.data ?? {}), [key]: value }, { cas: current });
  }

  /** The secret's metadata: current and oldest version, every version's times, custom metadata. */
  async readMetadata(path: string): Promise<KvMetadata | undefined> {
    const out = await this.#call(`read metadata of ${path}`, 'GET', `metadata/${enc(path)}`, undefined, { notFound: true });
    const d = isRecord(out) && isRecord(out['data']) ? out['data'] : undefined;
    if (!d) return undefined;
    const versions: KvMetadata['versions'] = {};
    if (isRecord(d['versions'])) {
      for (const [n, v] of Object.entries(d['versions'])) {
        versions[n] = { createdTime: s(v, 'created_time'), deletionTime: s(v, 'deletion_time'), destroyed: isRecord(v) && v['destroyed'] === true };
      }
    }
    return {
      currentVersion: num(d['current_version']),
      oldestVersion: num(d['oldest_version']),
      maxVersions: num(d['max_versions']),
      casRequired: d['cas_required'] === true,
      createdTime: s(d, 'created_time'),
      updatedTime: s(d, 'updated_time'),
      customMetadata: strings(d['custom_metadata']),
      versions,
    };
  }

  /** Replaces the secret's custom metadata (or, with `merge`, merges into it: JSON merge patch; null removes a key). */
  async writeCustomMetadata(path: string, custom: Record<string, string | null>, opts: { merge?: boolean } = {}): Promise<void> {
    if (opts.merge) {
      await this.#call(`patch metadata of ${path}`, 'PATCH', `metadata/${enc(path)}`, { custom_metadata: custom }, { contentType: 'application/merge-patch+json' });
    } else {
      const clean = Object.fromEntries(Object.entries(custom).filter(([, v]) => v !== null));
      await this.#call(`write metadata of ${path}`, 'POST', `metadata/${enc(path)}`, { custom_metadata: clean });
    }
  }

  #mask(data: Record<string, unknown>): void {
    const walk = (v: unknown): void => {
      if (typeof v === 'string') this.#opts.redactor.add(v);
      else if (Array.isArray(v)) v.forEach(walk);
      else if (isRecord(v)) Object.values(v).forEach(walk);
    };
    walk(data);
  }

  async #call(
    what: string,
    method: string,
    suffix: string,
    body: unknown,
    opts: { notFound?: boolean; contentType?: string; conflict?: (ambiguous: boolean) => Promise<unknown> } = {},
  ): Promise<unknown> {
    const deps = this.#opts;
    const auth = deps.auth;
    const provider = typeof auth === 'string' ? undefined : auth;
    const now = (): number => (deps.clock ? deps.clock.now() : Date.now());
    const label = `Vault KV ${what}`;
    let refreshed = false;
    let ambiguous = false;
    return retrying(label, deps, async () => {
      const credentials = provider ? await provider.get() : undefined;
      const token = credentials?.token ?? (auth as string);
      const init = {
        method,
        headers: { ...vaultHeaders(deps.namespace, token), ...(body !== undefined ? { 'content-type': opts.contentType ?? 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      };
      let res;
      try {
        res = await httpRequest(`${this.#base}/${suffix}`, init, deps);
      } catch (error) {
        if (method !== 'GET') ambiguous = true;
        throw error;
      }
      const parsed = parseJson(res.text);
      if (res.status === 200 || res.status === 204) {
        if (res.status === 200 && parsed === undefined) throw new TransientError(`${label}: answered 200 with ${describeBody(res)}`);
        return parsed;
      }
      const errors = vaultErrors(parsed);
      const said = `status ${res.status}${errors ? `: ${errors}` : ''}`;
      if (res.status === 404 && opts.notFound) return undefined;
      if (res.status === 400 && /check-and-set/i.test(errors) && opts.conflict) return opts.conflict(ambiguous);
      if (isTransientStatus(res.status)) {
        if (method !== 'GET') ambiguous = true;
        const wait = retryAfterOf(res, now());
        throw new CloudServiceError(`${label}: ${said}`, { status: res.status, retryable: true, ...(wait !== undefined ? { retryAfterMs: wait } : {}) });
      }
      if (res.status === 403 && provider?.invalidate && credentials && !refreshed) {
        // Vault says "permission denied" for an expired token too: log in again once.
        refreshed = true;
        provider.invalidate(credentials);
        throw new CloudServiceError(`${label}: ${said}; logging in again`, { status: 403, retryable: true, retryAfterMs: 1 });
      }
      const cause = new CloudServiceError(said, { status: res.status, retryable: false });
      if (res.status === 403) {
        const caps = method === 'GET' ? 'read' : method === 'PATCH' ? 'patch' : 'create and update';
        throw new UserError(`${label} was denied (${said}). The token's policy needs ${caps} on ${deps.mount}/${suffix.split('?')[0]}.`, { cause });
      }
      if (res.status === 404) throw new UserError(`${label}: not found (${said}); is ${deps.mount} a KV version 2 mount?`, { cause });
      if (res.status === 400) throw new UserError(`${label} was refused (${said})`, { cause });
      throw new CloudServiceError(`${label}: ${said}`, { status: res.status, retryable: false });
    });
  }
}

function enc(path: string): string {
  return path.replace(/^\/+|\/+$/g, '').split('/').map(encodeURIComponent).join('/');
}

function s(v: unknown, key: string): string {
  const x = isRecord(v) ? v[key] : undefined;
  return typeof x === 'string' ? x : '';
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

function strings(v: unknown): Record<string, string> | null {
  if (!isRecord(v)) return null;
  return Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

function version(meta: unknown): KvVersion {
  return {
    version: isRecord(meta) ? num(meta['version']) : 0,
    createdTime: s(meta, 'created_time'),
    deletionTime: s(meta, 'deletion_time'),
    destroyed: isRecord(meta) && meta['destroyed'] === true,
    customMetadata: isRecord(meta) ? strings(meta['custom_metadata']) : null,
  };
}
