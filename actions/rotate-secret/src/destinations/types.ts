import type { GitHub } from '../../../../shared/github.ts';
import type { Logger } from '../../../../shared/log.ts';
import type { AwsConfig, VaultConfig } from '../../../../shared/oidc/spec.ts';
import type { CredentialProvider, CredentialsOf } from '../../../../shared/oidc/types.ts';
import type { Redactor } from '../../../../shared/redact.ts';
import type { RunStats } from '../../../../shared/stats.ts';

/**
 * Where a rotated value is distributed. One file per kind (github.ts, vault.ts,
 * aws-secretsmanager.ts), each exporting a `DestinationKind`, listed once in index.ts.
 *
 * A kind parses its own line syntax (pure, no I/O: it runs during input validation), then opens
 * the parsed specs into `Destination`s; opening is where a kind loads its client lazily.
 *
 * The engine (rotation.ts) calls, in this order:
 *   prepare (read-only, before anything changes)
 *   → [resume only] recover — the value an interrupted run left at the destination
 *   → stage — write-ahead, before the target changes; readers still get the old value
 *   → (set and test on the target)
 *   → write — the commit: readers get the new value
 *   → [abandoned rotation only] discard — drops what stage left.
 * Only `prepare` and `write` are required; a kind without a pending state (GitHub secrets, Vault
 * KV) implements neither stage nor discard.
 */

/** What parsing one `destinations:` line gives; `id` is the canonical form (used to de-duplicate). */
export interface DestinationSpec {
  readonly kind: string;
  readonly id: string;
  /** Where the value is stored; two lines with the same place but different ids contradict each other. */
  readonly place: string;
}

/** Environment a line is resolved against (e.g. `github:repo` means GITHUB_REPOSITORY). */
export interface ParseContext {
  /** OWNER/REPO of the workflow run, when known. */
  repository: string | undefined;
}

/** The clouds destinations can need credentials of (the `cloud` input). */
export type DestinationCloud = 'aws' | 'vault';

/** What a kind gets from `cloud()`: the validated cloud inputs and credentials that stay fresh. */
export interface CloudAccess<P extends DestinationCloud = DestinationCloud> {
  /** The cloud inputs, validated (region, Vault address and namespace…). */
  readonly config: P extends 'aws' ? AwsConfig : VaultConfig;
  /** Asked before every request: refreshed over OIDC before they expire, shared by the run. */
  readonly credentials: CredentialProvider<CredentialsOf<P>>;
  /** Service endpoints the inputs override (`aws-secretsmanager-endpoint`), by service. */
  readonly endpoints: Readonly<{ secretsmanager?: string }>;
}

export interface DestinationDeps {
  /** The secret's name at the destination. */
  readonly name: string;
  /** The suite's GitHub client, created on first use. */
  github(): Promise<GitHub>;
  /**
   * Credentials of the action's `cloud` input, obtained over OIDC on first use (the OIDC module is
   * loaded then, not before). Input validation guarantees `cloud` is `provider` when a kind with
   * `cloud: provider` has lines.
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

export interface Destination {
  /** Canonical text, e.g. `github:environment:production:octo/app`. */
  readonly id: string;
  /**
   * Read-only checks before anything changes anywhere: the destination exists, the caller can see
   * it, and whatever a write needs is fetched and cached (a public key, repository ids). A problem
   * here fails the run while nothing has been changed.
   */
  prepare(): Promise<void>;
  /**
   * Resume only: the value this destination holds for `version` (staged or written by the
   * interrupted run), or undefined. The engine prefers it to deriving or drawing a value again, so
   * a value that reached a durable store is never replaced by another.
   */
  recover?(rotation: RotationRef): Promise<string | undefined>;
  /**
   * The write-ahead: stores `value` as pending for `version` before the target changes, where
   * readers do not get it yet (AWS: a version labelled AWSPENDING). Idempotent per version.
   */
  stage?(value: string, rotation: RotationRef): Promise<void>;
  /**
   * Stores `value` (after the target accepted it and it logged in): readers get it from now on.
   * Idempotent: writing the same value again is harmless (resumed rotations do). `version` is the
   * rotation's version, stable across a resumed rotation: a kind whose store has idempotency tokens
   * or versions (AWS ClientRequestToken, Vault CAS and metadata) keys the write with it.
   */
  write(value: string, rotation: RotationRef): Promise<WriteOutcome>;
  /** The rotation was abandoned (nothing left to finish): drops what `stage` left. Best effort. */
  discard?(rotation: RotationRef): Promise<void>;
}

export interface DestinationKind<S extends DestinationSpec = DestinationSpec> {
  /** The line prefix this kind owns, e.g. `github`. */
  readonly prefix: string;
  /** The `cloud` input its lines need (credentials over OIDC); absent: none. */
  readonly cloud?: DestinationCloud;
  /** Accepted forms, for error messages and docs. */
  readonly syntax: string;
  /** The accepted forms as one whole-line pattern (input validation, before any side effect). */
  readonly pattern: RegExp;
  /** Parses a line starting with `${prefix}:`; throws an Error saying what is wrong. */
  parse(line: string, context: ParseContext): S;
  /** Opens specs of this kind (one call per kind, so a kind can share a client and caches). */
  open(specs: readonly S[], deps: DestinationDeps): Promise<Destination[]>;
}
