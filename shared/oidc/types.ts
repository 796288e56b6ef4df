/**
 * Types shared by the OIDC token request, the four exchanges, the refreshing credential source and
 * the child-environment helpers. Type-only: importing this file loads nothing.
 */
import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import type { Redactor } from '../redact.ts';
import type { RetryPolicy } from '../retry.ts';
import type { RunStats } from '../stats.ts';
import type { Fetch } from '../http.ts';

export type CloudProvider = 'aws' | 'gcp' | 'azure' | 'vault';

/** The claims of a GitHub Actions OIDC token that help people fix trust policies (none is secret). */
export interface IdTokenClaims {
  iss?: string;
  sub?: string;
  aud?: string | string[];
  repository?: string;
  ref?: string;
  environment?: string;
  job_workflow_ref?: string;
  exp?: number;
  iat?: number;
  [claim: string]: unknown;
}

/** A GitHub Actions OIDC token (masked the moment it was received). */
export interface IdToken {
  /** The JWT. */
  readonly value: string;
  /** Its payload, decoded (not verified: the cloud verifies it). */
  readonly claims: IdTokenClaims;
  /** The audience it was requested for (undefined: GitHub's default, the repository owner's URL). */
  readonly audience: string | undefined;
  /** `exp` in ms since the epoch (NaN when the token carries none). */
  readonly expiresAt: number;
}

interface CredentialsBase {
  /** When the credentials stop working, in ms since the epoch. */
  readonly expiresAt: number;
}

export interface AwsCredentials extends CredentialsBase {
  readonly provider: 'aws';
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly region: string;
  /** `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION` (not secret). */
  readonly assumedRoleArn?: string;
}

export interface GcpCredentials extends CredentialsBase {
  readonly provider: 'gcp';
  /** An OAuth 2 access token: the service account's when impersonating, else the federated one. */
  readonly accessToken: string;
  readonly serviceAccount?: string;
  readonly projectId?: string;
}

export interface AzureCredentials extends CredentialsBase {
  readonly provider: 'azure';
  readonly accessToken: string;
  readonly clientId: string;
  readonly tenantId: string;
  readonly subscriptionId?: string;
}

export interface VaultCredentials extends CredentialsBase {
  readonly provider: 'vault';
  readonly token: string;
  readonly accessor?: string;
  /** The Vault server, e.g. https://vault.example.com:8200 (no trailing slash). */
  readonly address: string;
  readonly namespace?: string;
  readonly renewable: boolean;
  readonly policies: readonly string[];
}

export type Credentials = AwsCredentials | GcpCredentials | AzureCredentials | VaultCredentials;

export type CredentialsOf<P extends CloudProvider> = Extract<Credentials, { provider: P }>;

/** What every network call of this module needs; all but `redactor` have working defaults. */
export interface CallDeps {
  /** Every token and credential component is registered here the moment it exists. */
  redactor: Redactor;
  /** Debug lines (non-secret claims, endpoints) and one line per retried attempt. Default: @actions/core. */
  log?: Logger;
  /** Backoff sleeps and expiry decisions. Default: the real clock. */
  clock?: Clock;
  /** Cancels waits and requests (the job's cancellation). */
  signal?: AbortSignal;
  /** Injected transport (tests). Default: shared/http.ts (node:http; the global fetch costs ~25 MiB). */
  fetch?: Fetch;
  /** Retry policy for each call. Default: shared/retry.ts DEFAULT_RETRY_POLICY. */
  retry?: Partial<RetryPolicy>;
  /** Uniform in [0, 1), for deterministic jitter in tests. */
  random?: () => number;
  /** Per-attempt timeout in ms. Default 30 000. */
  timeoutMs?: number;
  stats?: RunStats;
}

/**
 * Where a client gets its credentials for each request. A CredentialSource is one (it refreshes
 * before expiry); `invalidate` lets the client report credentials the cloud rejected as expired, so
 * the next `get()` refreshes them.
 */
export interface CredentialProvider<C> {
  get(): Promise<C>;
  invalidate?(credentials: C): void;
}
