import { TransientError } from '../../../shared/errors.ts';
import type { GitHub, Reconcile } from '../../../shared/github.ts';
import type { Redactor } from '../../../shared/redact.ts';
import type { RunStats } from '../../../shared/stats.ts';

/**
 * The GitHub Deployments API as deploy uses it: list, latest status, create (reconciled by marker),
 * post a status (reconciled by reading the latest one). The Octokit client is loaded lazily, so the
 * bundle's start path (input validation) never pays for it.
 */

/** A deployment record, in the few fields deploy reads. */
export interface DeploymentInfo {
  id: number;
  sha: string;
  ref: string;
  environment: string;
  createdAt: string;
  /** This suite's marker, when the record was written by deploy. */
  marker: string | undefined;
}

export interface StatusInfo {
  state: string;
  createdAt: string;
  description: string;
  logUrl: string;
  environmentUrl: string;
}

export type FinalState = 'success' | 'failure' | 'error';
export type StatusState = FinalState | 'in_progress' | 'queued' | 'inactive';

export interface NewDeployment {
  ref: string;
  environment: string;
  marker: string;
  runId: string;
  runAttempt: number;
  description: string;
  production: boolean;
}

export interface NewStatus {
  state: StatusState;
  description: string;
  logUrl: string;
  environmentUrl?: string;
}

export interface DeploymentsApi {
  /** Newest first; at most 100 (one request). */
  list(environment: string): Promise<DeploymentInfo[]>;
  latestStatus(id: number): Promise<StatusInfo | undefined>;
  /** Creates a record; an ambiguous failure is reconciled by finding the marker on a record not in `known`. */
  create(deployment: NewDeployment, known: ReadonlySet<number>): Promise<DeploymentInfo>;
  setStatus(id: number, status: NewStatus): Promise<void>;
}

/** Where the marker lives in the deployment payload. */
export const PAYLOAD_KEY = 'actions-suite/deploy';
/** GitHub refuses status descriptions over 140 characters. */
export const DESCRIPTION_LIMIT = 140;
const PAGE = 100;

export async function connectDeployments(opts: {
  token: string;
  owner: string;
  repo: string;
  stats: RunStats;
  redactor: Redactor;
  signal?: AbortSignal;
  log?: (line: string) => void;
}): Promise<DeploymentsApi> {
  const [{ createGitHub }, { withRetry }] = await Promise.all([import('../../../shared/github.ts'), import('../../../shared/retry.ts')]);
  const retry = { ...(opts.signal ? { signal: opts.signal } : {}), ...(opts.log ? { log: opts.log } : {}) };
  const octokit = createGitHub({ token: opts.token, stats: opts.stats, retry });
  // A 200 whose body is not what GitHub documents (an HTML error page, truncated JSON) is read again.
  const read: ReadRetry = <T,>(label: string, fn: () => Promise<T | typeof MALFORMED>) =>
    withRetry<T>(
      label,
      async () => {
        const value = await fn();
        if (value === MALFORMED) throw new TransientError('GitHub answered 200 with a body that is not the documented list');
        return value;
      },
      { ...retry, stats: opts.stats, policy: { retries: 2 } },
    );
  return deploymentsApi(octokit, opts.owner, opts.repo, opts.redactor, read);
}

/** A read's answer was not the documented shape. */
export const MALFORMED = Symbol('malformed');
export type ReadRetry = <T>(label: string, fn: () => Promise<T | typeof MALFORMED>) => Promise<T>;

/** Without retries (tests): a malformed answer fails. */
const readOnce: ReadRetry = async (label, fn) => {
  const value = await fn();
  if (value === MALFORMED) throw new Error(`${label}: GitHub answered 200 with a body that is not the documented list`);
  return value;
};

export function deploymentsApi(octokit: GitHub, owner: string, repo: string, redactor: Redactor, read: ReadRetry = readOnce): DeploymentsApi {
  const where = { owner, repo };
  const text = (s: string): string => clip(redactor.scrub(s), DESCRIPTION_LIMIT);

  const list = (environment: string): Promise<DeploymentInfo[]> =>
    read(`GET /repos/${owner}/${repo}/deployments`, async () => {
      const { data } = await octokit.request('GET /repos/{owner}/{repo}/deployments', { ...where, environment, per_page: PAGE });
      return Array.isArray(data) ? data.map(toDeployment) : MALFORMED;
    });

  const latestStatus = (id: number): Promise<StatusInfo | undefined> =>
    read(`GET /repos/${owner}/${repo}/deployments/${id}/statuses`, async () => {
      const { data } = await octokit.request('GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', { ...where, deployment_id: id, per_page: 1 });
      if (!Array.isArray(data)) return MALFORMED;
      const s = data[0];
      return s === undefined ? undefined : toStatus(s);
    });

  return {
    list,
    latestStatus,

    async create(d, known) {
      const reconcile: Reconcile = async () => {
        const found = (await list(d.environment)).find((x) => x.marker === d.marker && !known.has(x.id));
        return found ? { data: { ...found, reconciled: true }, status: 201 } : undefined;
      };
      const response = await octokit.request('POST /repos/{owner}/{repo}/deployments', {
        ...where,
        ref: d.ref,
        environment: d.environment,
        task: 'deploy',
        // Deploy exactly this ref: never merge the default branch into it, and leave gating on
        // checks to the workflow (`needs:`), not to every commit status of the sha.
        auto_merge: false,
        required_contexts: [],
        transient_environment: false,
        ...(d.production ? { production_environment: true } : {}),
        description: text(d.description),
        payload: { [PAYLOAD_KEY]: { marker: d.marker, run_id: d.runId, run_attempt: d.runAttempt } },
        request: { reconcile },
      });
      const data = response.data as unknown;
      if (isObject(data) && data['reconciled'] === true) return data as unknown as DeploymentInfo;
      if (!isObject(data) || typeof data['id'] !== 'number') {
        const message = isObject(data) && typeof data['message'] === 'string' ? data['message'] : `status ${response.status}`;
        throw new Error(`Failed to create a deployment of ${JSON.stringify(d.ref)}: GitHub did not create one (${message})`);
      }
      return toDeployment(data as Parameters<typeof toDeployment>[0]);
    },

    async setStatus(id, s) {
      const description = text(s.description);
      const reconcile: Reconcile = async () => {
        const latest = await latestStatus(id);
        return latest && latest.state === s.state && latest.description === description ? { data: latest, status: 201 } : undefined;
      };
      await octokit.request('POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', {
        ...where,
        deployment_id: id,
        state: s.state,
        description,
        log_url: s.logUrl,
        ...(s.environmentUrl ? { environment_url: s.environmentUrl } : {}),
        request: { reconcile },
      });
    },
  };
}

function toDeployment(d: { id: number | bigint; sha: string; ref: string; environment?: string; created_at: string; payload: unknown }): DeploymentInfo {
  return { id: Number(d.id), sha: d.sha, ref: d.ref, environment: d.environment ?? '', createdAt: d.created_at, marker: markerOf(d.payload) };
}

function toStatus(s: { state: string; created_at: string; description?: string | null; log_url?: string; target_url?: string; environment_url?: string }): StatusInfo {
  return {
    state: s.state,
    createdAt: s.created_at,
    description: s.description ?? '',
    logUrl: s.log_url || s.target_url || '',
    environmentUrl: s.environment_url ?? '',
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
  const ours = isObject(value) ? value[PAYLOAD_KEY] : undefined;
  const marker = isObject(ours) ? ours['marker'] : undefined;
  return typeof marker === 'string' ? marker : undefined;
}

export function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
