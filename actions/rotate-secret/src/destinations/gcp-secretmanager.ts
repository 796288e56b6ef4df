import { TransientError, UserError, messageOf } from '../../../../shared/errors.ts';
import { CloudServiceError, describeBody, firstLine, httpRequest, isRecord, isTransientStatus, parseJson, retryAfterOf, retrying, str } from '../../../../shared/oidc/http.ts';
import type { CallDeps, CredentialProvider } from '../../../../shared/oidc/types.ts';
import { failure } from '../failure.ts';
import { secretPart } from './secret-part.ts';
import type { Credential, Destination, DestinationDeps, GcpSecretManagerSpec, RotationRef, WriteOutcome } from './types.ts';

/**
 * Google Cloud Secret Manager: `gcp-secretmanager:PROJECT/SECRET`, over its REST API
 * (https://cloud.google.com/secret-manager/docs/reference/rest) with the access token of the
 * `cloud: gcp` inputs (workload identity federation over OIDC). Loaded lazily (open.ts); its lines
 * are parsed by parse.ts. Only rotate-secret writes Secret Manager secrets, so the client lives
 * here, not in shared/.
 *
 * addVersion makes the new version `latest` at once, and a disabled `latest` fails every reader:
 * there is no pending state readers cannot see, so this kind has no `stage` and is written at
 * distribute, after the new value logged in.
 * - prepare: the secret exists, and testIamPermissions says the identity may add, read and disable
 *   versions — a missing permission fails the run before anything changed.
 * - write: reads `latest`; when it holds the value already (a resumed rotation) nothing is added.
 *   Otherwise the secret's labels first record the rotation (`rotate-secret-rotation`, lower-cased)
 *   and the version it replaces (`rotate-secret-replaces`, `latest`'s number): the rotation's version
 *   is the next one. They are written with the secret's etag, so a concurrent change of the labels is
 *   not lost; versions have no labels of their own. Then addVersion, with the payload's CRC32C
 *   (`dataCrc32c`) so Google checks what it stores; one whose answer was lost is reconciled by
 *   reading `latest` before it is sent again — never two versions. Recording before adding leaves
 *   no gap: a crash after the add is resumed with the value of the version after the replaced one,
 *   even a random value nothing can make again. Should that not be the next number (another writer
 *   in between, or an unreadable `latest`), `rotate-secret-version` names it.
 * - recover (a resumed rotation): the version the labels name, when they name the rotation.
 * - retire: the replaced version is disabled, not destroyed (re-enabling it rolls back).
 * The secret must exist (its replication policy and IAM are yours). Values read are masked the
 * moment they arrive, and their CRC32C is checked.
 */

export const DEFAULT_ENDPOINT = 'https://secretmanager.googleapis.com';
export const ROTATION_LABEL = 'rotate-secret-rotation';
export const REPLACES_LABEL = 'rotate-secret-replaces';
export const VERSION_LABEL = 'rotate-secret-version';
/** What a rotation does to the secret's versions (prepare checks them), and what records it in the labels. */
export const NEEDED_PERMISSIONS = ['secretmanager.versions.add', 'secretmanager.versions.access', 'secretmanager.versions.disable'] as const;
export const LABEL_PERMISSION = 'secretmanager.secrets.update';

let table: Uint32Array | undefined;

/** CRC32C (Castagnoli, reflected polynomial 0x82F63B78), as Secret Manager's `dataCrc32c` wants it. */
export function crc32c(bytes: Uint8Array): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const b of bytes) crc = table[(crc ^ b) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export interface SecretManagerOptions extends CallDeps {
  /** Default https://secretmanager.googleapis.com */
  endpoint?: string;
  /** An access token, or a provider asked before every request (a CredentialSource refreshes before expiry). */
  credentials: string | CredentialProvider<{ readonly accessToken: string }>;
}

/** The secret's labels and etag. */
export interface SecretInfo {
  readonly labels: Readonly<Record<string, string>>;
  readonly etag: string | undefined;
}

/** A version's number and value. */
export interface Accessed {
  readonly version: number;
  readonly value: string;
}

/** Another writer changed the secret between our read and our write (its etag). */
export class EtagMismatch extends UserError {
  override readonly name = 'EtagMismatch';
}

/** The few Secret Manager calls a rotation needs, each retried by the cloud classifier. */
export class SecretManagerClient {
  readonly #opts: SecretManagerOptions;
  readonly #base: string;

  constructor(opts: SecretManagerOptions) {
    this.#opts = opts;
    this.#base = `${(opts.endpoint ?? DEFAULT_ENDPOINT).replace(/\/+$/, '')}/v1`;
  }

  /** The secret's labels and etag; undefined when it does not exist. */
  async getSecret(project: string, secret: string): Promise<SecretInfo | undefined> {
    const out = await this.#call(`get ${secret}`, 'GET', secretPath(project, secret), undefined, { permission: 'secretmanager.secrets.get', missing: true });
    if (out.kind !== 'ok') return undefined;
    const labels = isRecord(out.body['labels']) ? Object.fromEntries(Object.entries(out.body['labels']).filter((e): e is [string, string] => typeof e[1] === 'string')) : {};
    return { labels, etag: str(out.body, 'etag') };
  }

  /** Which of `permissions` the caller holds on the secret (testIamPermissions: a read, allowed to anyone who can see the secret). */
  async testPermissions(project: string, secret: string, permissions: readonly string[]): Promise<string[]> {
    const out = await this.#call(`test permissions on ${secret}`, 'POST', `${secretPath(project, secret)}:testIamPermissions`, { permissions }, { permission: 'secretmanager.secrets.get' });
    if (out.kind !== 'ok') return [];
    const held = out.body['permissions'];
    return Array.isArray(held) ? held.filter((p): p is string => typeof p === 'string') : [];
  }

  /** Replaces the secret's labels, if its etag is still `etag` (EtagMismatch otherwise). */
  async setLabels(project: string, secret: string, labels: Record<string, string>, etag: string | undefined): Promise<void> {
    await this.#call(`update the labels of ${secret}`, 'PATCH', `${secretPath(project, secret)}?updateMask=labels`, { labels, ...(etag ? { etag } : {}) }, {
      permission: 'secretmanager.secrets.update',
      etag: true,
    });
  }

  /** A version's value ('latest' by default), CRC32C-checked and masked; undefined when it does not exist or cannot be read (disabled, destroyed). */
  async access(project: string, secret: string, version: number | 'latest' = 'latest'): Promise<Accessed | undefined> {
    const out = await this.#call(`access ${secret}/${version}`, 'GET', `${secretPath(project, secret)}/versions/${version}:access`, undefined, {
      permission: 'secretmanager.versions.access',
      missing: true,
    });
    if (out.kind !== 'ok') return undefined;
    const payload = isRecord(out.body['payload']) ? out.body['payload'] : {};
    const bytes = Buffer.from(str(payload, 'data') ?? '', 'base64');
    const value = bytes.toString('utf8');
    this.#opts.redactor.add(secretPart(value));
    const sum = str(payload, 'dataCrc32c') ?? (typeof payload['dataCrc32c'] === 'number' ? String(payload['dataCrc32c']) : undefined);
    if (sum !== undefined && Number(sum) !== crc32c(bytes)) throw new TransientError(`Secret Manager access ${secret}/${version}: the payload does not match its CRC32C (corrupted on the way?)`);
    return { version: versionOf(str(out.body, 'name')), value };
  }

  /**
   * addVersion: the value as a new version (it becomes `latest`), with its CRC32C. `landed` is asked
   * before a retry that follows an ambiguous failure: a version number it returns is the answer.
   */
  async addVersion(project: string, secret: string, value: string, landed?: () => Promise<number | undefined>): Promise<number> {
    this.#opts.redactor.add(secretPart(value));
    const bytes = Buffer.from(value, 'utf8');
    const body = { payload: { data: bytes.toString('base64'), dataCrc32c: String(crc32c(bytes)) } };
    const out = await this.#call(`add a version to ${secret}`, 'POST', `${secretPath(project, secret)}:addVersion`, body, {
      permission: 'secretmanager.versions.add',
      ...(landed ? { landed } : {}),
    });
    if (out.kind === 'landed') return out.version;
    if (out.kind !== 'ok') throw new Error(`Secret Manager addVersion ${secret}: unexpected answer '${out.kind}'`);
    return versionOf(str(out.body, 'name'));
  }

  /** Disables a version; false when there is nothing to disable (it does not exist, or was destroyed). */
  async disableVersion(project: string, secret: string, version: number): Promise<boolean> {
    const out = await this.#call(`disable ${secret}/${version}`, 'POST', `${secretPath(project, secret)}/versions/${version}:disable`, {}, {
      permission: 'secretmanager.versions.disable',
      missing: true,
    });
    return out.kind === 'ok';
  }

  async #call(
    what: string,
    method: string,
    path: string,
    body: unknown,
    /** missing: a version or secret that does not exist, or a version that is disabled or destroyed, is an answer (`not found`, `unreadable`), not an error. */
    /** etag: FAILED_PRECONDITION means the etag sent is not the resource's any more (https://cloud.google.com/secret-manager/docs/etags). */
    opts: { permission: string; landed?: () => Promise<number | undefined>; missing?: boolean; etag?: boolean },
  ): Promise<Answer> {
    const deps = this.#opts;
    const auth = deps.credentials;
    const provider = typeof auth === 'string' ? undefined : auth;
    const now = (): number => (deps.clock ? deps.clock.now() : Date.now());
    const label = `Secret Manager ${what}`;
    let refreshed = false;
    let ambiguous = false;
    return retrying(label, deps, async (attempt): Promise<Answer> => {
      if (opts.landed && ambiguous && attempt > 1) {
        const found = await opts.landed();
        if (found !== undefined) return { kind: 'landed', version: found };
      }
      const credentials = provider ? await provider.get() : undefined;
      const token = credentials?.accessToken ?? (auth as string);
      const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) };
      let res;
      try {
        res = await httpRequest(`${this.#base}/${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) }, deps);
      } catch (error) {
        if (method !== 'GET') ambiguous = true;
        throw error;
      }
      const parsed = parseJson(res.text);
      if (res.status === 200) {
        if (!isRecord(parsed)) throw new TransientError(`${label}: answered 200 with ${describeBody(res)}`);
        return { kind: 'ok', body: parsed };
      }
      const error = isRecord(parsed) && isRecord(parsed['error']) ? parsed['error'] : undefined;
      const status = str(error, 'status');
      const message = firstLine(str(error, 'message') ?? '');
      const said = `${status ?? `status ${res.status}`}${message ? `: ${message}` : ''}`;
      const ids = { status: res.status, ...(status ? { code: status } : {}) };
      if (opts.missing && res.status === 404) return { kind: 'not found' };
      // A disabled or destroyed version cannot be read (or disabled again, once destroyed).
      if (opts.missing && status === 'FAILED_PRECONDITION') return { kind: 'unreadable' };
      if (isTransientStatus(res.status)) {
        if (method !== 'GET') ambiguous = true;
        const wait = retryAfterOf(res, now());
        throw new CloudServiceError(`${label}: ${said}`, { ...ids, retryable: true, ...(wait !== undefined ? { retryAfterMs: wait } : {}) });
      }
      const cause = new CloudServiceError(said, { ...ids, retryable: false });
      if (res.status === 401 && provider?.invalidate && credentials && !refreshed) {
        // An expired or revoked token: get a new one once.
        refreshed = true;
        provider.invalidate(credentials);
        throw new CloudServiceError(`${label}: ${said}; getting a new token`, { ...ids, retryable: true, retryAfterMs: 1 });
      }
      if (res.status === 401) throw new UserError(`${label}: Google refused the access token (${said})`, { cause });
      if (res.status === 403) {
        throw new UserError(
          `${label} was denied (${said}). The identity needs ${opts.permission} on the secret: roles/secretmanager.secretVersionManager and ` +
            'roles/secretmanager.secretAccessor, plus secretmanager.secrets.update for the labels (a custom role, or roles/secretmanager.admin on the secret).',
          { cause },
        );
      }
      if (res.status === 404) throw new UserError(`${label}: not found (${said}); does the secret still exist?`, { cause });
      if (opts.etag && status === 'FAILED_PRECONDITION') throw new EtagMismatch(`${label}: the secret changed meanwhile (${said})`, { cause });
      if (res.status === 400) throw new UserError(`${label} was refused (${said})`, { cause });
      throw new CloudServiceError(`${label}: ${said}`, { ...ids, retryable: false });
    });
  }
}

/** What one call came back with: a body, a refusal the caller handles, or a version an earlier attempt made. */
type Answer = { kind: 'ok'; body: Record<string, unknown> } | { kind: 'not found' } | { kind: 'unreadable' } | { kind: 'landed'; version: number };

function secretPath(project: string, secret: string): string {
  return `projects/${encodeURIComponent(project)}/secrets/${encodeURIComponent(secret)}`;
}

/** The version number at the end of a version's resource name (`projects/123/secrets/s/versions/7`). */
function versionOf(name: string | undefined): number {
  const n = Number(/\/versions\/(\d+)$/.exec(name ?? '')?.[1]);
  if (!Number.isSafeInteger(n) || n < 1) throw new TransientError(`Secret Manager answered with a version name that has no number: '${name ?? ''}'`);
  return n;
}

// ---------------------------------------------------------------------------------------------

/** A label value: lower-case letters, digits, _ and - (at most 63). */
const labelValue = (version: string): string => version.toLowerCase().slice(0, 63);

const number = (label: string | undefined): number | undefined => {
  const n = Number(label);
  return label !== undefined && /^\d+$/.test(label) && Number.isSafeInteger(n) ? n : undefined;
};

/** The versions the labels say a rotation replaced and added, when they name it. */
function recorded(labels: Readonly<Record<string, string>>, version: string): { replaces: number | undefined; version: number | undefined } | undefined {
  if (labels[ROTATION_LABEL] !== labelValue(version)) return undefined;
  const replaces = number(labels[REPLACES_LABEL]);
  return { replaces, version: number(labels[VERSION_LABEL]) ?? (replaces !== undefined ? replaces + 1 : undefined) };
}

class SecretManagerDestination implements Destination {
  readonly id: string;
  readonly #project: string;
  readonly #secret: string;
  readonly #sm: SecretManagerClient;
  readonly #warn: (line: string) => void;
  /** The version this rotation's version replaced (write learns it; retire disables it). */
  #replaced: number | undefined;

  constructor(spec: GcpSecretManagerSpec, sm: SecretManagerClient, warn: (line: string) => void) {
    this.id = spec.id;
    this.#project = spec.project;
    this.#secret = spec.secret;
    this.#sm = sm;
    this.#warn = warn;
  }

  /** The secret exists and the identity may do what a rotation does: refused now, while nothing has changed, otherwise. */
  async prepare(): Promise<void> {
    let held: string[];
    try {
      if (!(await this.#sm.getSecret(this.#project, this.#secret))) {
        throw new UserError(
          `${this.id}: the secret does not exist, or the identity cannot see it. Create it first (gcloud secrets create ${this.#secret} --project ${this.#project} …): rotate-secret adds versions to an existing secret and never creates one.`,
        );
      }
      held = await this.#sm.testPermissions(this.#project, this.#secret, [...NEEDED_PERMISSIONS, LABEL_PERMISSION]);
    } catch (error) {
      throw failure(`${this.id}: cannot read the secret`, error);
    }
    const missing = NEEDED_PERMISSIONS.filter((p) => !held.includes(p));
    if (missing.length > 0) {
      throw new UserError(
        `${this.id}: the identity lacks ${missing.join(', ')} on the secret; grant roles/secretmanager.secretVersionManager and roles/secretmanager.secretAccessor (or a custom role with ${NEEDED_PERMISSIONS.join(', ')} and ${LABEL_PERMISSION})`,
      );
    }
    if (!held.includes(LABEL_PERMISSION)) {
      this.#warn(`${this.id}: the identity lacks ${LABEL_PERMISSION}, so the rotation cannot be recorded in the secret's labels; a run resumed after a crash may add a second version`);
    }
  }

  async recover({ version }: RotationRef): Promise<string | undefined> {
    const info = await this.#sm.getSecret(this.#project, this.#secret);
    const n = info ? recorded(info.labels, version)?.version : undefined;
    return n === undefined ? undefined : (await this.#sm.access(this.#project, this.#secret, n))?.value;
  }

  async write(credential: Credential, { version }: RotationRef): Promise<WriteOutcome> {
    const value = credential.secret;
    try {
      const latest = await this.#sm.access(this.#project, this.#secret);
      if (latest?.value === value) {
        // A resumed rotation (or the same `value` again): latest holds it already.
        const info = await this.#sm.getSecret(this.#project, this.#secret);
        this.#replaced = info ? recorded(info.labels, version)?.replaces : undefined;
        return 'unchanged';
      }
      // Record first: the version after `latest` is this rotation's (a crash after the add resumes with it).
      const replaces = latest?.version;
      const labelled = await this.#label(version, { [REPLACES_LABEL]: replaces === undefined ? null : String(replaces), [VERSION_LABEL]: null });
      const added = await this.#sm.addVersion(this.#project, this.#secret, value, async () => {
        const now = await this.#sm.access(this.#project, this.#secret);
        return now?.value === value ? now.version : undefined;
      });
      if (labelled && (replaces === undefined || added !== replaces + 1)) await this.#label(version, { [VERSION_LABEL]: String(added) });
      this.#replaced = replaces;
      return 'updated';
    } catch (error) {
      throw failure(`Failed to write ${this.id}`, error);
    }
  }

  /**
   * Merges the rotation and `labels` (null removes one) into the secret's labels, with its etag; read
   * again when another writer changed them meanwhile. The value goes into Secret Manager either way,
   * so a refusal is a warning (false), not a failed write: only a resume after a crash loses the record.
   */
  async #label(version: string, labels: Record<string, string | null>): Promise<boolean> {
    const wanted: Record<string, string | null> = { [ROTATION_LABEL]: labelValue(version), ...labels };
    try {
      for (let attempt = 1; ; attempt++) {
        const info = await this.#sm.getSecret(this.#project, this.#secret);
        if (!info) throw new UserError('the secret no longer exists');
        if (Object.entries(wanted).every(([k, v]) => (info.labels[k] ?? null) === v)) return true;
        const next: Record<string, string> = { ...info.labels };
        for (const [k, v] of Object.entries(wanted)) {
          if (v === null) delete next[k];
          else next[k] = v;
        }
        try {
          await this.#sm.setLabels(this.#project, this.#secret, next, info.etag);
          return true;
        } catch (error) {
          if (!(error instanceof EtagMismatch) || attempt >= 3) throw error;
        }
      }
    } catch (error) {
      this.#warn(`${this.id}: recording the rotation in the secret's labels failed: ${messageOf(error)}; the value is written all the same`);
      return false;
    }
  }

  async retire(): Promise<string | undefined> {
    const previous = this.#replaced;
    if (previous === undefined || previous < 1) return undefined;
    try {
      return (await this.#sm.disableVersion(this.#project, this.#secret, previous)) ? `disabled version ${previous} of ${this.id}` : undefined;
    } catch (error) {
      throw failure(`${this.id}: disabling version ${previous} failed`, error);
    }
  }
}

/** One client for the run, with its Google access token (refreshed before it expires). */
export async function open(specs: readonly GcpSecretManagerSpec[], deps: DestinationDeps): Promise<Destination[]> {
  const access = await deps.cloud('gcp');
  const sm = new SecretManagerClient({
    redactor: deps.redactor,
    log: deps.log,
    signal: deps.signal,
    stats: deps.stats,
    ...(access.endpoints.secretmanager ? { endpoint: access.endpoints.secretmanager } : {}),
    credentials: access.credentials,
  });
  return specs.map((spec) => new SecretManagerDestination(spec, sm, (line) => deps.log.warning(line)));
}
