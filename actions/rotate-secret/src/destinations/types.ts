import type { GitHub } from '../../../../shared/github.ts';
import type { Logger } from '../../../../shared/log.ts';
import type { Redactor } from '../../../../shared/redact.ts';

/**
 * Where a rotated value is distributed. One file per kind (github.ts today; Vault and AWS Secrets
 * Manager later), each exporting a `DestinationKind`, listed once in index.ts.
 *
 * A kind parses its own line syntax (pure, no I/O: it runs during input validation), then opens
 * the parsed specs into `Destination`s; opening is where a kind loads its client lazily.
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

export interface DestinationDeps {
  /** The secret's name at the destination. */
  readonly name: string;
  /** The suite's GitHub client, created on first use. */
  github(): Promise<GitHub>;
  readonly redactor: Redactor;
  readonly log: Logger;
  readonly signal: AbortSignal;
}

export type WriteOutcome = 'created' | 'updated';

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
   * Stores `value`. Idempotent: writing the same value again is harmless (resumed rotations do).
   * `version` is the rotation's version, stable across a resumed rotation: a kind whose store has
   * idempotency tokens or versions (AWS ClientRequestToken, Vault CAS) keys the write with it.
   */
  write(value: string, write: { version: string }): Promise<WriteOutcome>;
}

export interface DestinationKind<S extends DestinationSpec = DestinationSpec> {
  /** The line prefix this kind owns, e.g. `github`. */
  readonly prefix: string;
  /** Accepted forms, for error messages and docs. */
  readonly syntax: string;
  /** The accepted forms as one whole-line pattern (input validation, before any side effect). */
  readonly pattern: RegExp;
  /** Parses a line starting with `${prefix}:`; throws an Error saying what is wrong. */
  parse(line: string, context: ParseContext): S;
  /** Opens specs of this kind (one call per kind, so a kind can share a client and caches). */
  open(specs: readonly S[], deps: DestinationDeps): Promise<Destination[]>;
}
