import { isDeepStrictEqual } from 'node:util';
import { TransientError, UserError, messageOf } from '../../../../shared/errors.ts';
import { CloudServiceError, describeBody, httpRequest, isRecord, isTransientStatus, parseJson, retryAfterOf, retrying } from '../../../../shared/oidc/http.ts';
import type { CallDeps, CredentialProvider } from '../../../../shared/oidc/types.ts';
import { vaultErrors, vaultHeaders } from '../../../../shared/oidc/vault.ts';
import { failure } from '../failure.ts';
import type { Credential, Destination, DestinationDeps, RotationRef, VaultKvSpec, WriteOutcome } from './types.ts';

/**
 * HashiCorp Vault KV version 2: `vault:MOUNT/PATH#KEY` sets one key of the secret at PATH, keeping
 * its other keys. Credentials come from the `cloud: vault` input (JWT auth with the job's OIDC
 * token, shared/oidc/vault.ts). Loaded lazily (open.ts); its lines are parsed by parse.ts. Only
 * rotate-secret writes Vault secrets, so the client lives here, not in shared/.
 *
 * KV v2 has versions but no pending state that readers do not see, so this kind has no `stage`:
 * it is written at distribute, after the new value logged in. Each write is a new KV version made
 * with check-and-set (the version read just before), so a concurrent writer is detected, never
 * overwritten, and a retried write never adds a second version: after a lost answer, a CAS refusal
 * is reconciled by reading the latest version (if it holds what we wrote, the write landed). The
 * secret's custom metadata then records which rotation wrote which KV version
 * (`rotate-secret:KEY:version`, `…:kv-version`): a resumed rotation finds its value there
 * (`recover`), and a rewrite of a value the latest version already holds is skipped (`unchanged`)
 * — a resume adds no version. Earlier values stay readable as earlier KV versions, as far as the
 * mount's max_versions keeps them. Values read are masked the moment they arrive.
 */

/** Custom-metadata keys recording the rotation that wrote KEY. */
export function metadataKeys(key: string): { version: string; kvVersion: string } {
  return { version: `rotate-secret:${key}:version`, kvVersion: `rotate-secret:${key}:kv-version` };
}

interface KvClientOptions extends CallDeps {
  /** https://vault.example.com:8200 */
  address: string;
  namespace?: string;
  /** The KV v2 mount, e.g. `secret`. */
  mount: string;
  /** A token, or a provider asked before every request (a CredentialSource<VaultCredentials> logs in again before expiry). */
  auth: string | CredentialProvider<{ readonly token: string }>;
}

interface KvVersion {
  version: number;
  customMetadata: Record<string, string> | null;
}

interface KvSecret {
  data: Record<string, unknown>;
  metadata: KvVersion;
}

interface KvMetadata {
  currentVersion: number;
  customMetadata: Record<string, string> | null;
}

/** A check-and-set write found another version than expected: someone else wrote meanwhile. */
export class KvConflictError extends UserError {
  override readonly name = 'KvConflictError';
}

/** The few KV v2 calls a rotation needs, each retried by the cloud classifier. */
export class KvClient {
  readonly #opts: KvClientOptions;
  readonly #base: string;

  constructor(opts: KvClientOptions) {
    this.#opts = opts;
    const mount = opts.mount.replace(/^\/+|\/+$/g, '');
    this.#base = `${opts.address.replace(/\/+$/, '')}/v1/${mount.split('/').map(encodeURIComponent).join('/')}`;
  }

  /**
   * A version of the secret (default the latest); undefined when missing, deleted or destroyed.
   * Every value is masked on arrival, but those of `unmasked` keys (ones this action writes and
   * that are no secret: the user beside a password).
   */
  async read(path: string, opts: { version?: number; unmasked?: ReadonlySet<string> } = {}): Promise<KvSecret | undefined> {
    const query = opts.version !== undefined ? `?version=${opts.version}` : '';
    const out = await this.#call(`read ${path}`, 'GET', `data/${enc(path)}${query}`, undefined, { notFound: true });
    const data = isRecord(out) && isRecord(out['data']) ? out['data'] : undefined;
    if (!data || !isRecord(data['data'])) return undefined;
    this.#mask(data['data'], opts.unmasked);
    return { data: data['data'], metadata: version(data['metadata']) };
  }

  /** Writes `data` as a new version with check-and-set `cas` (0: only if the secret does not exist yet). */
  async write(path: string, data: Record<string, unknown>, cas: number, unmasked?: ReadonlySet<string>): Promise<KvVersion> {
    this.#mask(data, unmasked);
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

  /** The secret's current version and custom metadata; undefined when it does not exist. */
  async readMetadata(path: string): Promise<KvMetadata | undefined> {
    const out = await this.#call(`read metadata of ${path}`, 'GET', `metadata/${enc(path)}`, undefined, { notFound: true });
    const d = isRecord(out) && isRecord(out['data']) ? out['data'] : undefined;
    if (!d) return undefined;
    return { currentVersion: num(d['current_version']), customMetadata: strings(d['custom_metadata']) };
  }

  /** Merges into the secret's custom metadata (JSON merge patch; null removes a key). */
  async patchCustomMetadata(path: string, custom: Record<string, string | null>): Promise<void> {
    await this.#call(`patch metadata of ${path}`, 'PATCH', `metadata/${enc(path)}`, { custom_metadata: custom }, { contentType: 'application/merge-patch+json' });
  }

  #mask(data: Record<string, unknown>, unmasked: ReadonlySet<string> = new Set()): void {
    const walk = (v: unknown): void => {
      if (typeof v === 'string') this.#opts.redactor.add(v);
      else if (Array.isArray(v)) v.forEach(walk);
      else if (isRecord(v)) Object.values(v).forEach(walk);
    };
    for (const [k, v] of Object.entries(data)) if (!unmasked.has(k)) walk(v);
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

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

function strings(v: unknown): Record<string, string> | null {
  if (!isRecord(v)) return null;
  return Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

function version(meta: unknown): KvVersion {
  return { version: isRecord(meta) ? num(meta['version']) : 0, customMetadata: isRecord(meta) ? strings(meta['custom_metadata']) : null };
}

// ---------------------------------------------------------------------------------------------

class VaultKvDestination implements Destination {
  readonly id: string;
  readonly #spec: VaultKvSpec;
  readonly #kv: KvClient;
  readonly #keys: { version: string; kvVersion: string };
  /** The key of the user beside the password: written by this action, not a secret (so not masked). */
  readonly #userKey: string;
  readonly #unmasked: ReadonlySet<string>;
  readonly #warn: (line: string) => void;
  /** Whether the secret existed at prepare (a write then updates rather than creates it). */
  #existed = false;

  constructor(spec: VaultKvSpec, kv: KvClient, warn: (line: string) => void) {
    this.id = spec.id;
    this.#spec = spec;
    this.#kv = kv;
    this.#keys = metadataKeys(spec.key);
    this.#userKey = `${spec.key}_user`;
    this.#unmasked = new Set([this.#userKey]);
    this.#warn = warn;
  }

  /** Logs in (first use of the credentials) and reads the metadata: the token may read this secret. */
  async prepare(): Promise<void> {
    try {
      this.#existed = (await this.#kv.readMetadata(this.#spec.path)) !== undefined;
    } catch (error) {
      throw failure(`${this.id}: cannot read the metadata of ${this.#spec.mount}/${this.#spec.path}`, error);
    }
  }

  async recover({ version }: RotationRef): Promise<string | undefined> {
    const custom = (await this.#kv.readMetadata(this.#spec.path))?.customMetadata ?? {};
    const kvVersion = Number(custom[this.#keys.kvVersion]);
    if (custom[this.#keys.version] !== version || !Number.isSafeInteger(kvVersion) || kvVersion < 1) return undefined;
    const value = (await this.#kv.read(this.#spec.path, { version: kvVersion, unmasked: this.#unmasked }))?.data[this.#spec.key];
    return typeof value === 'string' ? value : undefined;
  }

  async write(credential: Credential, { version }: RotationRef): Promise<WriteOutcome> {
    const { path, key } = this.#spec;
    // With alternating users (value-format plain) the user goes to <KEY>_user in the same KV version: both change at once.
    const values: Record<string, string> = { [key]: credential.secret, ...(credential.user !== undefined ? { [this.#userKey]: credential.user } : {}) };
    let outcome: WriteOutcome;
    let kvVersion: number;
    try {
      const latest = await this.#kv.read(path, { unmasked: this.#unmasked });
      if (latest && Object.entries(values).every(([k, v]) => latest.data[k] === v)) {
        // A resumed rotation (or the same `value` again): the latest version holds it already.
        outcome = 'unchanged';
        kvVersion = latest.metadata.version;
        const custom = latest.metadata.customMetadata ?? {};
        if (custom[this.#keys.version] === version && custom[this.#keys.kvVersion] === String(kvVersion)) return outcome;
      } else {
        // Check-and-set on the version just read; without a readable latest version the secret is
        // new (cas 0: only if it still does not exist) or its latest version was deleted.
        const existed = latest !== undefined || this.#existed;
        const cas = latest ? latest.metadata.version : existed ? ((await this.#kv.readMetadata(path))?.currentVersion ?? 0) : 0;
        kvVersion = (await this.#kv.write(path, { ...(latest?.data ?? {}), ...values }, cas, this.#unmasked)).version;
        outcome = existed ? 'updated' : 'created';
      }
    } catch (error) {
      throw failure(`Failed to write ${this.id}`, error);
    }
    // After the data: metadata naming this rotation always points at a version that holds its value.
    // The value is in Vault either way, so a refused record is a warning, not a failed write (the
    // engine must count this destination as holding the new value); only a resume loses the record.
    try {
      await this.#kv.patchCustomMetadata(path, { [this.#keys.version]: version, [this.#keys.kvVersion]: String(kvVersion) });
    } catch (error) {
      this.#warn(`${this.id}: the value is written (KV version ${kvVersion}), but recording the rotation in the secret's custom metadata failed: ${messageOf(error)}`);
    }
    return outcome;
  }
}

/** One client per KV mount, with the run's Vault credentials (login on first use). */
export async function open(specs: readonly VaultKvSpec[], deps: DestinationDeps): Promise<Destination[]> {
  const access = await deps.cloud('vault');
  const clients = new Map<string, KvClient>();
  const client = (mount: string): KvClient => {
    let kv = clients.get(mount);
    if (!kv) {
      kv = new KvClient({
        redactor: deps.redactor,
        log: deps.log,
        signal: deps.signal,
        stats: deps.stats,
        address: access.config.url,
        ...(access.config.namespace ? { namespace: access.config.namespace } : {}),
        mount,
        auth: access.credentials,
      });
      clients.set(mount, kv);
    }
    return kv;
  };
  return specs.map((spec) => new VaultKvDestination(spec, client(spec.mount), (line) => deps.log.warning(line)));
}
