import { TransientError, UserError } from '../../../../shared/errors.ts';
import { CloudServiceError, describeBody, firstLine, httpRequest, isRecord, isTransientStatus, parseJson, retryAfterOf, retrying, str } from '../../../../shared/oidc/http.ts';
import type { CallDeps, CredentialProvider } from '../../../../shared/oidc/types.ts';
import { failure } from '../failure.ts';
import { secretPart } from './secret-part.ts';
import type { AzureKeyVaultSpec, Credential, Destination, DestinationDeps, RotationRef, WriteOutcome } from './types.ts';

/**
 * Azure Key Vault secrets: `azure-keyvault:VAULT/SECRET`, over Key Vault's REST API
 * (https://learn.microsoft.com/rest/api/keyvault/secrets) with an Entra access token for Key
 * Vault's scope, obtained over OIDC (`cloud: azure`; inputs.ts asks for the Key Vault scope of
 * the Entra authority's cloud). Loaded lazily (open.ts); its lines are parsed by parse.ts. Only
 * rotate-secret writes Key Vault secrets, so the client lives here, not in shared/.
 *
 * Every Set Secret is a new version, and the newest version is what readers get — there is no
 * pending state readers cannot see (a disabled newest version makes every reader of the secret
 * fail), so this kind has no `stage`: it is written at distribute, after the new value logged in.
 * - write: reads the newest version; when its tags name this rotation (`rotate-secret-rotation`)
 *   and it holds the value, nothing is written (a resumed rotation). Otherwise Set Secret adds a
 *   version tagged with the rotation and with the version it replaces (`rotate-secret-previous`),
 *   carrying the newest version's other tags and content type over. A Set Secret whose answer was
 *   lost is reconciled by reading the newest version before it is sent again: never two versions.
 * - recover (a resumed rotation): the newest version, when its tags name the rotation.
 * - retire: the version the new one replaced is disabled, not deleted (until then, readers pinned
 *   to it kept working; re-enabling it rolls back). A secret that did not exist is created.
 * Values read are masked the moment they arrive.
 */

export const KEYVAULT_API_VERSION = '7.4';
/** The tag naming the rotation that wrote a version, and the one naming the version it replaced. */
export const ROTATION_TAG = 'rotate-secret-rotation';
export const PREVIOUS_TAG = 'rotate-secret-previous';
/** Key Vault allows 15 tags per version; two are ours. */
const MAX_TAGS = 15;

/** A secret version as Key Vault returns it (Get/Set Secret: a SecretBundle). */
export interface SecretBundle {
  /** undefined in Update Secret's answer. */
  readonly value: string | undefined;
  /** The version id, the last segment of `id`. */
  readonly version: string;
  readonly enabled: boolean;
  readonly tags: Readonly<Record<string, string>>;
  readonly contentType: string | undefined;
}

/** Reading the newest version: it, none (the secret does not exist), or disabled (Key Vault refuses to read it). */
export type Newest = SecretBundle | 'none' | 'disabled';

export interface KeyVaultOptions extends CallDeps {
  /** The vault, e.g. https://myvault.vault.azure.net (no trailing slash). */
  vaultUrl: string;
  /** The vault's name, for messages. */
  vault: string;
  /** An access token, or a provider asked before every request (a CredentialSource refreshes before expiry). */
  credentials: string | CredentialProvider<{ readonly accessToken: string }>;
}

/** The few Key Vault calls a rotation needs, each retried by the cloud classifier. */
export class KeyVaultClient {
  readonly #opts: KeyVaultOptions;

  constructor(opts: KeyVaultOptions) {
    this.#opts = opts;
  }

  /** A version of the secret (default the newest), its value masked. */
  async getSecret(name: string, version = ''): Promise<Newest> {
    const out = await this.#call(`get ${name}`, 'GET', `secrets/${enc(name)}${version ? `/${enc(version)}` : ''}`, undefined, { permission: 'get' });
    if (out.kind === 'not found') return 'none';
    if (out.kind === 'disabled') return 'disabled';
    return out.kind === 'landed' ? out.bundle : bundle(out.body);
  }

  /**
   * Set Secret: a new version with `tags` and `contentType`. `landed` is asked before a retry that
   * follows an ambiguous failure (the first attempt may have created the version): a bundle it
   * returns is the answer, and nothing is sent again.
   */
  async setSecret(name: string, value: string, opts: { tags: Record<string, string>; contentType?: string; landed?: () => Promise<SecretBundle | undefined> }): Promise<SecretBundle> {
    this.#opts.redactor.add(secretPart(value));
    const body = { value, tags: opts.tags, ...(opts.contentType !== undefined ? { contentType: opts.contentType } : {}) };
    const out = await this.#call(`set ${name}`, 'PUT', `secrets/${enc(name)}`, body, { permission: 'set', ...(opts.landed ? { landed: opts.landed } : {}) });
    if (out.kind === 'landed') return out.bundle;
    if (out.kind !== 'ok') throw new Error(`Key Vault set ${name}: unexpected answer '${out.kind}'`);
    return bundle(out.body);
  }

  /** Update Secret: enables or disables one version (its value and tags unchanged). False when the version does not exist. */
  async setEnabled(name: string, version: string, enabled: boolean): Promise<boolean> {
    const out = await this.#call(`update ${name}/${version}`, 'PATCH', `secrets/${enc(name)}/${enc(version)}`, { attributes: { enabled } }, { permission: 'update' });
    return out.kind !== 'not found';
  }

  /** Whether a deleted secret of this name is kept for recovery (soft delete): its name cannot be reused until it is recovered or purged. */
  async isDeleted(name: string): Promise<boolean> {
    const out = await this.#call(`get deleted ${name}`, 'GET', `deletedsecrets/${enc(name)}`, undefined, { permission: 'get', notFoundCodes: ['SecretNotFound', 'DeletedSecretNotFound', 'NotFound'] });
    return out.kind !== 'not found';
  }

  async #call(
    what: string,
    method: string,
    path: string,
    body: unknown,
    opts: { permission: string; landed?: () => Promise<SecretBundle | undefined>; notFoundCodes?: readonly string[] },
  ): Promise<Answer> {
    const deps = this.#opts;
    const auth = deps.credentials;
    const provider = typeof auth === 'string' ? undefined : auth;
    const now = (): number => (deps.clock ? deps.clock.now() : Date.now());
    const label = `Key Vault ${deps.vault}: ${what}`;
    const url = `${deps.vaultUrl}/${path}?api-version=${KEYVAULT_API_VERSION}`;
    let refreshed = false;
    let ambiguous = false;
    return retrying(label, deps, async (attempt): Promise<Answer> => {
      if (opts.landed && ambiguous && attempt > 1) {
        const found = await opts.landed();
        if (found) return { kind: 'landed', bundle: found };
      }
      const credentials = provider ? await provider.get() : undefined;
      const token = credentials?.accessToken ?? (auth as string);
      const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) };
      let res;
      try {
        res = await httpRequest(url, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) }, deps);
      } catch (error) {
        if (method !== 'GET') ambiguous = true;
        throw error;
      }
      const parsed = parseJson(res.text);
      const value = str(parsed, 'value');
      if (value !== undefined) deps.redactor.add(secretPart(value));
      if (res.status === 200) {
        if (!isRecord(parsed)) throw new TransientError(`${label}: answered 200 with ${describeBody(res)}`);
        return { kind: 'ok', body: parsed };
      }
      const error = isRecord(parsed) && isRecord(parsed['error']) ? parsed['error'] : undefined;
      const code = str(error, 'code');
      const inner = isRecord(error?.['innererror']) ? str(error['innererror'], 'code') : undefined;
      const message = firstLine(str(error, 'message') ?? '');
      const requestId = res.headers.get('x-ms-request-id') ?? undefined;
      const said = `${code ?? `status ${res.status}`}${inner ? `/${inner}` : ''}${message ? `: ${message}` : ''}`;
      const ids = { status: res.status, ...(code ? { code } : {}), ...(requestId ? { requestId } : {}) };
      if (res.status === 404 && code !== undefined && (opts.notFoundCodes ?? ['SecretNotFound']).includes(code)) return { kind: 'not found' };
      if (res.status === 403 && inner === 'SecretDisabled') return { kind: 'disabled' };
      if (isTransientStatus(res.status)) {
        if (method !== 'GET') ambiguous = true;
        const wait = retryAfterOf(res, now());
        throw new CloudServiceError(`${label}: ${said}`, { ...ids, retryable: true, ...(wait !== undefined ? { retryAfterMs: wait } : {}) });
      }
      const cause = new CloudServiceError(said, { ...ids, retryable: false });
      if (res.status === 401) {
        if (/audience/i.test(message)) {
          throw new UserError(`${label}: Key Vault refused the token's audience (${said}). The token must be for Key Vault's scope; leave azure-scope at its default, or set it to this cloud's https://vault…/.default.`, { cause });
        }
        if (provider?.invalidate && credentials && !refreshed) {
          // An expired or revoked token: get a new one once.
          refreshed = true;
          provider.invalidate(credentials);
          throw new CloudServiceError(`${label}: ${said}; getting a new token`, { ...ids, retryable: true, retryAfterMs: 1 });
        }
        throw new UserError(`${label}: Key Vault refused the token (${said})`, { cause });
      }
      if (res.status === 403) {
        throw new UserError(
          `${label} was denied (${said}). The application needs the role 'Key Vault Secrets Officer' on the vault or secret ` +
            `(or, with access policies, the secret permissions get, set and list; this call needs ${opts.permission}).`,
          { cause },
        );
      }
      if (res.status === 404) throw new UserError(`${label}: not found (${said})`, { cause });
      if (res.status === 409 && inner === 'ObjectIsDeletedButRecoverable') {
        throw new UserError(`${label}: a deleted secret of this name is kept for recovery (${said}); recover it (az keyvault secret recover) or purge it first`, { cause });
      }
      if (res.status === 400 || res.status === 409) throw new UserError(`${label} was refused (${said})`, { cause });
      throw new CloudServiceError(`${label}: ${said}`, { ...ids, retryable: false });
    });
  }
}

/** What one call came back with: a body, a refusal the caller handles, or a version an earlier attempt made. */
type Answer = { kind: 'ok'; body: Record<string, unknown> } | { kind: 'not found' } | { kind: 'disabled' } | { kind: 'landed'; bundle: SecretBundle };

function enc(segment: string): string {
  return encodeURIComponent(segment);
}

function bundle(out: Record<string, unknown>): SecretBundle {
  const id = str(out, 'id') ?? '';
  const attributes = isRecord(out['attributes']) ? out['attributes'] : {};
  const tags = isRecord(out['tags']) ? Object.fromEntries(Object.entries(out['tags']).filter((e): e is [string, string] => typeof e[1] === 'string')) : {};
  return { value: str(out, 'value'), version: id.split('/').pop() ?? '', enabled: attributes['enabled'] !== false, tags, contentType: str(out, 'contentType') };
}

// ---------------------------------------------------------------------------------------------

/** The newest version's tags that are not ours: carried over to the new version. */
function foreignTags(tags: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(tags).filter(([k]) => k !== ROTATION_TAG && k !== PREVIOUS_TAG));
}

class KeyVaultDestination implements Destination {
  readonly id: string;
  readonly #secret: string;
  readonly #kv: KeyVaultClient;
  /** The version this rotation's version replaced (write learns it; retire disables it). */
  #replaced: string | undefined;

  constructor(spec: AzureKeyVaultSpec, kv: KeyVaultClient) {
    this.id = spec.id;
    this.#secret = spec.secret;
    this.#kv = kv;
  }

  /** Reads the newest version (the token may read the secret); a name held by a deleted secret is refused now. */
  async prepare(): Promise<void> {
    let newest: Newest;
    try {
      newest = await this.#kv.getSecret(this.#secret);
      if (newest === 'none' && (await this.#kv.isDeleted(this.#secret).catch(() => false))) {
        throw new UserError(
          `${this.id}: a deleted secret of this name is kept for recovery (soft delete), so no new one can be created; recover it (az keyvault secret recover) or purge it first`,
        );
      }
    } catch (error) {
      throw failure(`${this.id}: cannot read the secret`, error);
    }
    if (typeof newest === 'object' && Object.keys(foreignTags(newest.tags)).length > MAX_TAGS - 2) {
      throw new UserError(`${this.id}: the newest version has ${Object.keys(newest.tags).length} tags; the new version carries them over plus 2 of its own, and Key Vault allows ${MAX_TAGS}`);
    }
  }

  async recover({ version }: RotationRef): Promise<string | undefined> {
    const newest = await this.#kv.getSecret(this.#secret);
    return typeof newest === 'object' && newest.tags[ROTATION_TAG] === version ? newest.value : undefined;
  }

  async write(credential: Credential, { version }: RotationRef): Promise<WriteOutcome> {
    const value = credential.secret;
    const ours = (b: SecretBundle): boolean => b.tags[ROTATION_TAG] === version && b.value === value;
    try {
      const newest = await this.#kv.getSecret(this.#secret);
      if (typeof newest === 'object' && ours(newest)) {
        // A resumed rotation: the newest version is this rotation's already.
        this.#replaced = newest.tags[PREVIOUS_TAG];
        return 'unchanged';
      }
      // The version replaced: the newest, or (a newest of this rotation with another value) the one it replaced.
      const replaced = typeof newest !== 'object' ? undefined : newest.tags[ROTATION_TAG] === version ? newest.tags[PREVIOUS_TAG] : newest.version;
      await this.#kv.setSecret(this.#secret, value, {
        tags: { ...(typeof newest === 'object' ? foreignTags(newest.tags) : {}), [ROTATION_TAG]: version, ...(replaced ? { [PREVIOUS_TAG]: replaced } : {}) },
        ...(typeof newest === 'object' && newest.contentType !== undefined ? { contentType: newest.contentType } : {}),
        landed: async () => {
          const now = await this.#kv.getSecret(this.#secret);
          return typeof now === 'object' && ours(now) ? now : undefined;
        },
      });
      this.#replaced = replaced;
      return newest === 'none' ? 'created' : 'updated';
    } catch (error) {
      throw failure(`Failed to write ${this.id}`, error);
    }
  }

  async retire(): Promise<string | undefined> {
    const replaced = this.#replaced;
    if (replaced === undefined) return undefined;
    try {
      return (await this.#kv.setEnabled(this.#secret, replaced, false)) ? `disabled the replaced version ${replaced} of ${this.id}` : undefined;
    } catch (error) {
      throw failure(`${this.id}: disabling the replaced version ${replaced} failed`, error);
    }
  }
}

/** The vault's URL: the endpoint with `{vault}` replaced (inputs.ts derives it from the Entra authority's cloud, or takes azure-keyvault-endpoint). */
export function vaultUrl(endpoint: string, vault: string): string {
  return endpoint.replace('{vault}', vault).replace(/\/+$/, '');
}

/** One client per vault, with the run's Entra token for Key Vault (refreshed before it expires). */
export async function open(specs: readonly AzureKeyVaultSpec[], deps: DestinationDeps): Promise<Destination[]> {
  const access = await deps.cloud('azure');
  const endpoint = access.endpoints.keyvault;
  if (endpoint === undefined) throw new Error('azure-keyvault destinations passed input validation without a Key Vault endpoint');
  const clients = new Map<string, KeyVaultClient>();
  const client = (vault: string): KeyVaultClient => {
    let kv = clients.get(vault);
    if (!kv) {
      kv = new KeyVaultClient({ redactor: deps.redactor, log: deps.log, signal: deps.signal, stats: deps.stats, vault, vaultUrl: vaultUrl(endpoint, vault), credentials: access.credentials });
      clients.set(vault, kv);
    }
    return kv;
  };
  return specs.map((spec) => new KeyVaultDestination(spec, client(spec.vault)));
}
