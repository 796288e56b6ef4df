import { TransientError, UserError } from '../../../shared/errors.ts';
import type { GitHub, Reconcile } from '../../../shared/github.ts';
import type { Redactor } from '../../../shared/redact.ts';
import type { RunStats } from '../../../shared/stats.ts';

/**
 * The GitHub API as deploy uses it: deployments (list, latest status, create reconciled by marker,
 * statuses reconciled by reading the latest one), whom the token acts as, and whether a commit is
 * reachable from a branch. The Octokit client is loaded lazily, so the bundle's start path (input
 * validation) never pays for it; the client keeps every call within the `api-timeout` budget.
 */

/** An account, in the fields deploy compares (the id never changes; the login may). */
export interface Account {
  readonly id: number;
  readonly login: string;
}

/** A deployment record, in the few fields deploy reads. */
export interface DeploymentInfo {
  readonly id: number;
  readonly sha: string;
  readonly ref: string;
  readonly environment: string;
  readonly createdAt: string;
  /** This suite's marker, when the payload carries one (anyone can write a payload: see trust.ts). */
  readonly marker: string | undefined;
  /** Who created the record (GitHub sets it from the token; it cannot be forged). */
  readonly creator: Account | undefined;
}

export interface StatusInfo {
  readonly state: string;
  readonly createdAt: string;
  readonly description: string;
  readonly logUrl: string;
  readonly environmentUrl: string;
}

export type FinalState = 'success' | 'failure' | 'error';
export type StatusState = FinalState | 'in_progress' | 'queued' | 'inactive';

export interface NewDeployment {
  readonly ref: string;
  readonly environment: string;
  readonly marker: string;
  readonly runId: string;
  readonly runAttempt: number;
  readonly description: string;
  readonly production: boolean;
}

export interface NewStatus {
  readonly state: StatusState;
  readonly description: string;
  readonly logUrl: string;
  readonly environmentUrl?: string;
}

/** How `head` relates to `base` (compare's `status`), or `unknown` when GitHub knows no such commit or no common history. */
export type Relation = 'ahead' | 'behind' | 'identical' | 'diverged' | 'unknown';

export interface DeploymentsApi {
  /** Newest first; at most 100 (one request). */
  list(environment: string): Promise<DeploymentInfo[]>;
  latestStatus(id: number): Promise<StatusInfo | undefined>;
  /**
   * Creates a record. An ambiguous failure — a 5xx or reset after sending, or a 2xx whose body is
   * not the record — is reconciled by finding the marker on a record not in `known` that `accept`
   * takes (created by this token); found, it is used and nothing is sent again.
   */
  create(deployment: NewDeployment, known: ReadonlySet<number>, accept: (found: DeploymentInfo) => Promise<boolean>): Promise<DeploymentInfo>;
  setStatus(id: number, status: NewStatus): Promise<void>;
  /** Whom the token acts as (GraphQL `viewer`: REST's GET /user refuses app installation tokens such as GITHUB_TOKEN). */
  viewer(): Promise<Account>;
  /** compare/{base}...{head}: `ahead` or `identical` means `base` is reachable from `head`. */
  relation(base: string, head: string): Promise<Relation>;
}

/** Where the marker lives in the deployment payload. */
export const PAYLOAD_KEY = 'actions-suite/deploy';
/** GitHub refuses status descriptions over 140 characters. */
export const DESCRIPTION_LIMIT = 140;
const PAGE = 100;

export async function connectDeployments(o: {
  token: string;
  owner: string;
  repo: string;
  stats: RunStats;
  redactor: Redactor;
  apiTimeoutMs: number;
  signal?: AbortSignal;
  log?: (line: string) => void;
}): Promise<DeploymentsApi> {
  const [{ createGitHub }, { withRetry }] = await Promise.all([import('../../../shared/github.ts'), import('../../../shared/retry.ts')]);
  const retry = { ...(o.signal ? { signal: o.signal } : {}), ...(o.log ? { log: o.log } : {}) };
  const octokit = createGitHub({ token: o.token, stats: o.stats, retry, apiTimeoutMs: o.apiTimeoutMs });
  // A 2xx whose body is not what GitHub documents (an HTML error page, truncated JSON) is asked again.
  const again: AskAgain = <T,>(label: string, fn: () => Promise<T | typeof UNREADABLE>) =>
    withRetry<T>(
      label,
      async () => {
        const value = await fn();
        if (value === UNREADABLE) throw new TransientError('GitHub answered 2xx with a body that is not what it documents');
        return value;
      },
      { ...retry, stats: o.stats, policy: { retries: 2 } },
    );
  // GitHub.com serves GraphQL at /graphql beside the REST root; GHES at /api/graphql beside /api/v3 (as @octokit/graphql does).
  const rest = process.env['GITHUB_API_URL'] ?? '';
  const graphqlBase = /\/api\/v3\/?$/.test(rest) ? rest.replace(/\/api\/v3\/?$/, '/api') : undefined;
  return deploymentsApi(octokit, { owner: o.owner, repo: o.repo, redactor: o.redactor, again, ...(graphqlBase ? { graphqlBase } : {}) });
}

/** An answer that was not the documented shape. */
export const UNREADABLE = Symbol('unreadable');
export type AskAgain = <T>(label: string, fn: () => Promise<T | typeof UNREADABLE>) => Promise<T>;

/** Without retries (tests): an unreadable answer fails. */
const askOnce: AskAgain = async (label, fn) => {
  const value = await fn();
  if (value === UNREADABLE) throw new Error(`${label}: GitHub answered 2xx with a body that is not what it documents`);
  return value;
};

export function deploymentsApi(
  octokit: GitHub,
  o: { owner: string; repo: string; redactor: Redactor; again?: AskAgain; graphqlBase?: string },
): DeploymentsApi {
  const { owner, repo, redactor } = o;
  const again = o.again ?? askOnce;
  const where = { owner, repo };
  const text = (value: string): string => clip(redactor.scrub(value), DESCRIPTION_LIMIT);

  const list = (environment: string): Promise<DeploymentInfo[]> =>
    again(`GET /repos/${owner}/${repo}/deployments`, async () => {
      const { data } = await octokit.request('GET /repos/{owner}/{repo}/deployments', { ...where, environment, per_page: PAGE });
        return Array.isArray(data) ? data.map((d) => toDeployment(d)) : UNREADABLE;
      });

  const latestStatus = (id: number): Promise<StatusInfo | undefined> =>
    again(`GET /repos/${owner}/${repo}/deployments/${id}/statuses`, async () => {
      const { data } = await octokit.request('GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', { ...where, deployment_id: id, per_page: 1 });
        if (!Array.isArray(data)) return UNREADABLE;
        const status = data[0];
        return status === undefined ? undefined : toStatus(status);
      });

  /** The new record with our marker, if the create landed (and was made with this token). */
  const findCreated = async (wanted: NewDeployment, known: ReadonlySet<number>, accept: (found: DeploymentInfo) => Promise<boolean>): Promise<DeploymentInfo | undefined> => {
    for (const found of await list(wanted.environment)) {
      if (found.marker === wanted.marker && !known.has(found.id) && (await accept(found))) return found;
    }
    return undefined;
  };

  const createOnce = async (wanted: NewDeployment, known: ReadonlySet<number>, accept: (found: DeploymentInfo) => Promise<boolean>): Promise<DeploymentInfo | typeof UNREADABLE> => {
    const reconcile: Reconcile = async () => {
      const found = await findCreated(wanted, known, accept);
      return found ? { data: { reconciled: found }, status: 201 } : undefined;
      };
      const response = await octokit.request('POST /repos/{owner}/{repo}/deployments', {
        ...where,
        ref: wanted.ref,
        environment: wanted.environment,
        task: 'deploy',
        // Deploy exactly this ref: never merge the default branch into it, and leave gating on
        // checks to the workflow (`needs:`), not to every commit status of the sha.
        auto_merge: false,
        required_contexts: [],
        transient_environment: false,
        ...(wanted.production ? { production_environment: true } : {}),
        description: text(wanted.description),
        payload: { [PAYLOAD_KEY]: { marker: wanted.marker, run_id: wanted.runId, run_attempt: wanted.runAttempt } },
        request: { reconcile },
      });
      const data = response.data as unknown;
      const reconciled = prop(data, 'reconciled');
      if (reconciled !== undefined) return reconciled as DeploymentInfo;
      if (isObject(data) && typeof data['id'] === 'number' && typeof data['sha'] === 'string') return toDeployment(data as DeploymentData);
      // GitHub said why it created nothing (e.g. 202 "Auto-merged main into …"): a plain answer, not a lost one.
      const message = prop(data, 'message');
      if (typeof message === 'string') throw new UserError(`Failed to create a deployment of ${JSON.stringify(wanted.ref)}: GitHub did not create one (status ${response.status}: ${clip(message, 200)})`);
      // A 2xx whose body is not the record (cut, HTML): the create may well have landed.
      const found = await findCreated(wanted, known, accept);
      return found ?? UNREADABLE;
  };

  return {
    list,
    latestStatus,

    create: (wanted, known, accept) => again(`POST /repos/${owner}/${repo}/deployments`, () => createOnce(wanted, known, accept)),

    async setStatus(id, wanted) {
      const description = text(wanted.description);
      const reconcile: Reconcile = async () => {
        const latest = await latestStatus(id);
        return latest && latest.state === wanted.state && latest.description === description ? { data: latest, status: 201 } : undefined;
      };
      await octokit.request('POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', {
        ...where,
        deployment_id: id,
        state: wanted.state,
        description,
        log_url: wanted.logUrl,
        ...(wanted.environmentUrl ? { environment_url: wanted.environmentUrl } : {}),
        request: { reconcile },
      });
    },

    viewer: () =>
      again('POST /graphql (viewer)', async () => {
        const { data } = await octokit.request('POST /graphql', {
          query: 'query { viewer { login databaseId } }',
          ...(o.graphqlBase ? { baseUrl: o.graphqlBase } : {}),
          });
          const viewer = prop(prop(data, 'data'), 'viewer');
          const id = prop(viewer, 'databaseId');
          const login = prop(viewer, 'login');
          if (typeof id === 'number' && typeof login === 'string') return { id, login };
          const error = prop(prop(data, 'errors'), '0');
          if (typeof prop(error, 'message') === 'string') throw new Error(`GitHub's GraphQL API could not say whom the token acts as: ${clip(String(prop(error, 'message')), 200)}`);
          return UNREADABLE;
        }),

    relation: (base, head) =>
      again(`GET /repos/${owner}/${repo}/compare`, async () => {
        try {
          const { data } = await octokit.request('GET /repos/{owner}/{repo}/compare/{basehead}', { ...where, basehead: `${base}...${head}`, per_page: 1 });
          const status = prop(data, 'status');
          return status === 'ahead' || status === 'behind' || status === 'identical' || status === 'diverged' ? status : UNREADABLE;
        } catch (error) {
          // No such commit or branch here, or no history in common: not reachable.
          if (prop(error, 'status') === 404) return 'unknown';
          throw error;
        }
      }),
  };
}

type DeploymentData = { id: number | bigint; sha: string; ref: string; environment?: string; created_at: string; payload: unknown; creator?: unknown };

function toDeployment(data: DeploymentData): DeploymentInfo {
  const creatorId = prop(data.creator, 'id');
  const creatorLogin = prop(data.creator, 'login');
  return {
    id: Number(data.id),
    sha: data.sha,
    ref: data.ref,
    environment: data.environment ?? '',
    createdAt: data.created_at,
    marker: markerOf(data.payload),
    creator: typeof creatorId === 'number' && typeof creatorLogin === 'string' ? { id: creatorId, login: creatorLogin } : undefined,
  };
}

function toStatus(status: { state: string; created_at: string; description?: string | null; log_url?: string; target_url?: string; environment_url?: string }): StatusInfo {
  return {
    state: status.state,
    createdAt: status.created_at,
    description: status.description ?? '',
    logUrl: status.log_url || status.target_url || '',
    environmentUrl: status.environment_url ?? '',
  };
}

/** The marker in a payload (an object, or JSON text as GitHub sometimes returns it), if any. */
export function markerOf(payload: unknown): string | undefined {
  let value = payload;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      return undefined;
    }
  }
  const marker = prop(prop(value, PAYLOAD_KEY), 'marker');
  return typeof marker === 'string' ? marker : undefined;
}

export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

// The same two helpers live privately in shared/github.ts; one shared home is due once shared/ offers one.
function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function prop(value: unknown, key: string): unknown {
  return isObject(value) ? value[key] : undefined;
}
