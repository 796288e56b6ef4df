import { VaultKv, type KvMetadata } from '../../../../shared/destinations/vault.ts';
import { messageOf } from '../../../../shared/errors.ts';
import { failure } from '../failure.ts';
import type { Destination, DestinationDeps, RotationRef, WriteOutcome } from './types.ts';
import { metadataKeys, type VaultSpec } from './vault.ts';

/** The Vault KV v2 destination (vault.ts explains the protocol); loaded by `vaultKind.open`. */

class VaultKvDestination implements Destination {
  readonly id: string;
  readonly #spec: VaultSpec;
  readonly #kv: VaultKv;
  readonly #keys: { version: string; kvVersion: string };
  #metadata: KvMetadata | undefined;

  readonly #warn: (line: string) => void;

  constructor(spec: VaultSpec, kv: VaultKv, warn: (line: string) => void) {
    this.id = spec.id;
    this.#spec = spec;
    this.#kv = kv;
    this.#keys = metadataKeys(spec.key);
    this.#warn = warn;
  }

  get #where(): string {
    return `${this.#spec.mount}/${this.#spec.path}`;
  }

  /** Logs in (first use of the credentials) and reads the metadata: the token may read this secret. */
  async prepare(): Promise<void> {
    try {
      this.#metadata = await this.#kv.readMetadata(this.#spec.path);
    } catch (error) {
      throw failure(`${this.id}: cannot read the metadata of ${this.#where}`, error);
    }
  }

  async recover({ version }: RotationRef): Promise<string | undefined> {
    const meta = await this.#kv.readMetadata(this.#spec.path);
    const custom = meta?.customMetadata ?? {};
    const kvVersion = Number(custom[this.#keys.kvVersion]);
    if (custom[this.#keys.version] !== version || !Number.isSafeInteger(kvVersion) || kvVersion < 1) return undefined;
    const value = (await this.#kv.read(this.#spec.path, { version: kvVersion }))?.data[this.#spec.key];
    return typeof value === 'string' ? value : undefined;
  }

  async write(value: string, { version }: RotationRef): Promise<WriteOutcome> {
    const { path, key } = this.#spec;
    let outcome: WriteOutcome;
    let kvVersion: number;
    try {
      const latest = await this.#kv.read(path);
      if (latest && latest.data[key] === value) {
        // A resumed rotation (or the same `value` again): the latest version holds it already.
        outcome = 'unchanged';
        kvVersion = latest.metadata.version;
        const custom = latest.metadata.customMetadata ?? {};
        if (custom[this.#keys.version] === version && custom[this.#keys.kvVersion] === String(kvVersion)) return outcome;
      } else {
        // Check-and-set on the version just read; without a readable latest version the secret is
        // new (cas 0: only if it still does not exist) or its latest version was deleted.
        const existed = latest !== undefined || this.#metadata !== undefined;
        const cas = latest ? latest.metadata.version : existed ? ((await this.#kv.readMetadata(path))?.currentVersion ?? 0) : 0;
        kvVersion = (await this.#kv.write(path, { ...(latest?.data ?? {}), [key]: value }, { cas })).version;
        outcome = existed ? 'updated' : 'created';
      }
    } catch (error) {
      throw failure(`Failed to write ${this.id}`, error);
    }
    // After the data: metadata naming this rotation always points at a version that holds its value.
    // The value is in Vault either way, so a refused record is a warning, not a failed write (the
    // engine must count this destination as holding the new value); only a resume loses the record.
    try {
      await this.#kv.writeCustomMetadata(path, { [this.#keys.version]: version, [this.#keys.kvVersion]: String(kvVersion) }, { merge: true });
    } catch (error) {
      this.#warn(`${this.id}: the value is written (KV version ${kvVersion}), but recording the rotation in the secret's custom metadata failed: ${messageOf(error)}`);
    }
    return outcome;
  }
}

/** One client per KV mount, with the run's Vault credentials (login on first use). */
export async function openVault(specs: readonly VaultSpec[], deps: DestinationDeps): Promise<Destination[]> {
  const access = await deps.cloud('vault');
  const clients = new Map<string, VaultKv>();
  const client = (mount: string): VaultKv => {
    let kv = clients.get(mount);
    if (!kv) {
      kv = new VaultKv({
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
