// Public types of the GitHub emulator, shared by its modules and by the tests that drive it.

export type SecretApp = 'actions' | 'dependabot';
export type Visibility = 'all' | 'private' | 'selected';

/** Where a secret, variable or public key lives. `app` defaults to 'actions'. */
export type ScopeRef =
  | { repo: string; environment?: string; app?: SecretApp }
  | { org: string; app?: SecretApp };

export interface SecretView {
  name: string;
  /** The opened sealed box: what the client encrypted. */
  plaintext: string;
  createdAt: string;
  updatedAt: string;
  /** The key id the client said it used (the one that opened the box). */
  keyId: string;
  visibility?: Visibility;
  selectedRepositoryIds?: number[];
}

export interface VariableView {
  name: string;
  value: string;
  createdAt: string;
  updatedAt: string;
  visibility?: Visibility;
  selectedRepositoryIds?: number[];
}

export interface TokenOptions {
  /** Primary budget per hour (GitHub: 5000 for a PAT, 1000 for GITHUB_TOKEN). */
  hourlyLimit?: number;
  /** false behaves like the workflow GITHUB_TOKEN: 403 on secret, variable and environment writes. */
  canWriteSecrets?: boolean;
  login?: string;
  type?: 'User' | 'Bot';
}

/** The effects a fault can have; see README.md for the exact semantics of each. */
export type FaultAction =
  | 'reset-before-body'
  | 'reset-after-body'
  | 'hang'
  | 'truncated-json'
  | 'reset-mid-response'
  | 'html'
  | 'apply-then-status';

export interface FaultRule {
  /** "METHOD /template" (e.g. "POST /repos/{owner}/{repo}/deployments"), an operationId, "oidc/token", or "*". */
  route: string;
  /** First matching request affected, 1-based (default 1). */
  from?: number;
  /** Last matching request affected, inclusive (default: end of `statuses`, else unbounded). */
  to?: number;
  /** Successive affected requests get these statuses with a GitHub error body; the last one repeats. */
  statuses?: number[];
  /** Message of the error body for `statuses` (default: GitHub's text for the status). */
  message?: string;
  /** Whole JSON body for `statuses`, replacing the default error body. */
  body?: unknown;
  /** Added to every affected response (overrides the emulator's own, e.g. x-ratelimit-*). */
  headers?: Record<string, string>;
  /** Delay before answering (the request is still processed afterwards unless another effect says otherwise). */
  latencyMs?: number;
  action?: FaultAction;
  /** Status for `html` (default 502) and `apply-then-status` (default 502). */
  status?: number;
}

export interface RequestLogEntry {
  seq: number;
  method: string;
  /** Path without the query string. */
  path: string;
  /** Raw query string without '?', '' if none. */
  query: string;
  /** "METHOD /template" for known routes, "METHOD /raw/path" otherwise. */
  route: string;
  operationId: string | null;
  /** Status sent; 0 when the connection was reset or never answered. */
  status: number;
  /** Which fault (if any) shaped this exchange. */
  fault?: string;
  /** Request headers as received, authorization redacted. */
  headers: Record<string, string>;
  /** Request body text as received ('' when none was read). */
  body: string;
}

export interface ReceivedString {
  where: string;
  text: string;
}

export interface OidcInfo {
  requestUrl: string;
  requestToken: string;
  issuer: string;
  jwksUrl: string;
}

export interface LimitsConfig {
  concurrency: number;
  contentPerMinute: number;
  contentPerHour: number;
  pointsPerMinute: number;
}

export interface EmulatorOptions {
  /** 60 => a minute of rate-limit windows passes in one real second. */
  timeScale?: number;
  /** Status for rate-limit rejections: GitHub uses 403 or 429 (default 403). */
  rateLimitStatus?: 403 | 429;
  /** Override secondary limits (defaults are GitHub's documented numbers). */
  limits?: Partial<LimitsConfig>;
}
