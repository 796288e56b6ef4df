import type { GitHub } from '../../../../shared/github.ts';
import type { Logger } from '../../../../shared/log.ts';
import type { ProviderConfig } from '../../../../shared/oidc/spec.ts';
import type { CredentialProvider, CredentialsOf } from '../../../../shared/oidc/types.ts';
import type { Redactor } from '../../../../shared/redact.ts';
import type { RunStats } from '../../../../shared/stats.ts';

/**
 * Where a rotated value is distributed: one folder, one interface, one file per kind.
 *
 * - On the start path: `parse.ts` only — every kind's line syntax, turned into the final
 *   `DestinationSpec` objects the `destinations` input holds (pure: no I/O, no heavy import).
 * - Loaded lazily, when a line of that kind is used: one file per kind (`github-secrets.ts`,
 *   `vault-kv.ts`, `aws-secretsmanager.ts`, `azure-keyvault.ts`, `gcp-secretmanager.ts`), each
 *   exporting `open` (see `DestinationModule`); its client, and for kinds with a `cloud` the OIDC
 *   module, load with it. `open.ts` maps kinds to files.
 *
 * The engine calls, in this order:
 *   prepare (read-only, before anything changes)
 *   → [resume only] recover — the value an interrupted run left at the destination
 *   → stage — write-ahead, before the target changes; readers still get the old value
 *   → (set and test on the target)
 *   → write — the commit: readers get the new value
 *   → retire — every destination holds the new value: what the old one left is retired
 *   → [abandoned rotation only] discard — drops what stage left.
 * Only `prepare` and `write` are required; a kind without a pending state (GitHub secrets, Vault
 * KV, Key Vault, Secret Manager) implements neither stage nor discard.
 */

interface SpecBase {
  /** Canonical text, e.g. `github:environment:production:octo/app` (de-duplication, messages, outputs). */
  readonly id: string;
  /** Where the value is stored; two lines with the same place but different ids contradict each other. */
  readonly place: string;
}

/** Repository, environment and organisation Actions secrets, repository Dependabot secrets. */
export type GitHubSecretSpec = SpecBase & { readonly kind: 'github' } & (
    | { readonly scope: 'repo'; readonly app: 'actions' | 'dependabot'; readonly owner: string; readonly repo: string }
    | { readonly scope: 'environment'; readonly owner: string; readonly repo: string; readonly environment: string }
    | { readonly scope: 'org'; readonly org: string; readonly visibility: OrgVisibility | undefined; readonly selected: readonly string[] }
  );

export type OrgVisibility = 'all' | 'private' | 'selected';

/** One key of a HashiCorp Vault KV version 2 secret. */
export type VaultKvSpec = SpecBase & { readonly kind: 'vault'; readonly mount: string; readonly path: string; readonly key: string };

/** An AWS Secrets Manager secret, by name or ARN. */
export type AwsSecretsManagerSpec = SpecBase & {
  readonly kind: 'aws-secretsmanager';
  readonly secretId: string;
  /** The region of an ARN; undefined for a name (the `aws-region` input's). */
  readonly region: string | undefined;
};

/** An Azure Key Vault secret: `azure-keyvault:VAULT/SECRET`. */
export type AzureKeyVaultSpec = SpecBase & {
  readonly kind: 'azure-keyvault';
  /** The vault's name, lower-cased (DNS is case-insensitive). */
  readonly vault: string;
  readonly secret: string;
};

/** A Google Cloud Secret Manager secret: `gcp-secretmanager:PROJECT/SECRET`. */
export type GcpSecretManagerSpec = SpecBase & { readonly kind: 'gcp-secretmanager'; readonly project: string; readonly secret: string };

/** What one `destinations:` line is, parsed once (parse.ts); nothing parses it again. */
export type DestinationSpec = GitHubSecretSpec | VaultKvSpec | AwsSecretsManagerSpec | AzureKeyVaultSpec | GcpSecretManagerSpec;

export type DestinationKind = DestinationSpec['kind'];

/** The clouds destinations can need credentials of (the `cloud` input). */
export type DestinationCloud = 'aws' | 'vault' | 'azure' | 'gcp';

/** What a kind gets from `cloud()`: the validated cloud inputs and credentials that stay fresh. */
export interface CloudAccess<P extends DestinationCloud = DestinationCloud> {
  /** The cloud inputs, validated (region, Vault address and namespace, the Key Vault token scope…). */
  readonly config: Extract<ProviderConfig, { provider: P }>;
  /** Asked before every request: refreshed over OIDC before they expire, shared by the run. */
  readonly credentials: CredentialProvider<CredentialsOf<P>>;
  /**
   * Service endpoints, by service: the inputs' (`aws-secretsmanager-endpoint`, `gcp-secretmanager-endpoint`)
   * or what inputs.ts derived (`keyvault`: a URL with `{vault}` standing for the vault's name).
   */
  readonly endpoints: Readonly<{ secretsmanager?: string; keyvault?: string; secretmanager?: string }>;
}

export interface DestinationDeps {
  /** The secret's name at the destination. */
  readonly name: string;
  /** The suite's GitHub client, created on first use. */
  github(): Promise<GitHub>;
  /**
   * Credentials of the action's `cloud` input, obtained over OIDC on first use (the OIDC module is
   * loaded then, not before). Input validation guarantees `cloud` is `provider` when a kind that
   * needs `provider` has lines.
   */
  cloud<P extends DestinationCloud>(provider: P): Promise<CloudAccess<P>>;
  readonly redactor: Redactor;
  readonly log: Logger;
  readonly signal: AbortSignal;
  readonly stats: RunStats;
}

/** `unchanged`: the destination already held the value (a resumed rotation). */
export type WriteOutcome = 'created' | 'updated' | 'unchanged';

/** The rotation a call belongs to: its version is stable across a resumed rotation. */
export interface RotationRef {
  readonly version: string;
}

/** What a destination stores. */
export interface Credential {
  /** The secret's value: the password, or `{"user","password"}` as JSON (`value-format: json`). */
  readonly secret: string;
  /**
   * With alternating users and `value-format: plain`, the user the password belongs to, stored
   * beside it (each kind says where); undefined otherwise.
   */
  readonly user: string | undefined;
}

export interface Destination {
  /** The spec's canonical id. */
  readonly id: string;
  /**
   * Read-only checks before anything changes anywhere: the destination exists, the caller can see
   * it, and whatever a write needs is fetched and cached (a public key, repository ids). A problem
   * here fails the run while nothing has been changed.
   */
  prepare(): Promise<void>;
  /**
   * Resume only: the secret this destination holds for `version` (staged or written by the
   * interrupted run), or undefined. The engine prefers it to deriving or drawing a value again, so
   * a value that reached a durable store is never replaced by another.
   */
  recover?(rotation: RotationRef): Promise<string | undefined>;
  /**
   * The write-ahead: stores the secret as pending for `version` before the target changes, where
   * readers do not get it yet (AWS: a version labelled AWSPENDING). Idempotent per version.
   */
  stage?(credential: Credential, rotation: RotationRef): Promise<void>;
  /**
   * Stores the credential (after the target accepted it and it logged in): readers get it from now
   * on. Idempotent: writing the same value again is harmless (resumed rotations do). `version` is
   * stable across a resumed rotation: a store with idempotency tokens or versions (AWS
   * ClientRequestToken, Vault check-and-set and metadata) keys the write with it.
   */
  write(credential: Credential, rotation: RotationRef): Promise<WriteOutcome>;
  /**
   * Every destination holds the new value and it logged in: retires what the previous value left
   * here (Key Vault, Secret Manager: the version it replaced is disabled, not deleted). Returns
   * what it retired, in words (undefined: nothing). Idempotent (a resumed rotation calls it again);
   * the engine reports a failure as a warning — the rotation itself stands.
   */
  retire?(rotation: RotationRef): Promise<string | undefined>;
  /** The rotation was abandoned (nothing left to finish): drops what `stage` left. Best effort. */
  discard?(rotation: RotationRef): Promise<void>;
}

/** What each kind's lazily loaded file exports. */
export interface DestinationModule<S extends DestinationSpec> {
  /** Opens this kind's specs (one call per kind, so a kind can share a client and caches). */
  open(specs: readonly S[], deps: DestinationDeps): Promise<Destination[]>;
}
