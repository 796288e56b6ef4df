import type { DeploymentInfo, DeploymentsApi, StatusInfo } from './deployments.ts';
import { isThisRun, shortSha } from './job.ts';
import type { Session } from './session.ts';

/**
 * What an environment looks like right now, read with as few calls as possible: one list (newest
 * first), then the latest status of each deployment from the newest down to the first successful
 * one — the environment's active deployment. On the happy path that is one status read.
 */

export interface Observed {
  deployment: DeploymentInfo;
  /** Latest status; undefined when the deployment has none yet. */
  status: StatusInfo | undefined;
}

export interface EnvironmentView {
  environment: string;
  /** Every deployment listed (newest first, at most 100). */
  listed: DeploymentInfo[];
  /** The ones whose latest status was read, newest first. */
  observed: Observed[];
  /** The newest deployment whose latest status is success: what is live. */
  active: Observed | undefined;
  /** The newest successful deployment not written by this step (this run's earlier attempts excluded): what a rollback returns to. */
  previous: Observed | undefined;
  /** This step's own record from an earlier attempt of the run (found by marker). */
  ours: DeploymentInfo | undefined;
  /** Records GitHub wrote for this very job (its `environment:` key), recognised by a status linking to this run. */
  jobRecords: Observed[];
  /** True when the walk stopped at its read limit before finding a successful deployment. */
  truncated: boolean;
}

export const MAX_STATUS_READS = 20;

export async function inspectEnvironment(
  api: Pick<DeploymentsApi, 'list' | 'latestStatus'>,
  environment: string,
  opts: { marker?: string; runUrl: string; maxReads?: number },
): Promise<EnvironmentView> {
  const listed = await api.list(environment);
  const maxReads = opts.maxReads ?? MAX_STATUS_READS;
  const observed: Observed[] = [];
  let active: Observed | undefined;
  let previous: Observed | undefined;
  let truncated = false;
  for (const deployment of listed) {
    if (observed.length >= maxReads) {
      truncated = true;
      break;
    }
    const o: Observed = { deployment, status: await api.latestStatus(deployment.id) };
    observed.push(o);
    if (o.status?.state !== 'success') continue;
    active ??= o;
    if (opts.marker === undefined || deployment.marker !== opts.marker) {
      previous = o;
      break;
    }
  }
  const ours = opts.marker === undefined ? undefined : listed.find((d) => d.marker === opts.marker);
  // GitHub's record for a job with `environment:` links to this run and carries no deploy marker
  // (records written by deploy steps of this run do, and another step's record may hold the lock).
  const jobRecords = observed.filter((o) => o.deployment.marker === undefined && isThisRun(o.status?.logUrl, opts.runUrl));
  return { environment, listed, observed, active, previous, ours, jobRecords, truncated };
}

/** True when the record of an earlier attempt can carry this attempt too: nobody else deployed since. */
export function canReuse(view: EnvironmentView): boolean {
  const ours = view.ours;
  if (ours === undefined) return false;
  const jobIds = new Set(view.jobRecords.map((o) => o.deployment.id));
  return !view.listed.some((d) => d.id > ours.id && !jobIds.has(d.id));
}

/** Milliseconds since an ISO time, or undefined when it does not parse. */
export function ageMs(iso: string | undefined, now: number): number | undefined {
  const at = iso === undefined ? Number.NaN : Date.parse(iso);
  return Number.isFinite(at) ? now - at : undefined;
}

// ---------------------------------------------------------------------------------------------
// Step

/** Reads the target environment and notes what is live, what a rollback would return to, and GitHub's own job record. */
export async function readEnvironment(s: Session): Promise<EnvironmentView> {
  const view = await inspectEnvironment(s.api, s.settings.environment, { marker: s.job.marker, runUrl: s.job.runUrl });
  observe(s, view);
  const live = view.active ? `deployment ${view.active.deployment.id} (${shortSha(view.active.deployment.sha)})` : 'nothing';
  s.ctx.log.info(`'${s.settings.environment}': ${view.listed.length} deployment(s) listed; live: ${live}`);
  s.report.note('Read environment', `live: ${live}`);
  if (view.jobRecords.length > 0) {
    const ids = view.jobRecords.map((o) => o.deployment.id).join(', ');
    s.ctx.log.warning(
      `This job declares \`environment: ${s.settings.environment}\`, so GitHub also recorded deployment ${ids} for it. ` +
        `To keep one record per deploy, declare \`environment: { name: ${s.settings.environment}, deployment: false }\` (see the deploy README).`,
      undefined,
      { title: 'deploy: two deployment records for one job' },
    );
    s.report.tell(`GitHub also recorded deployment ${ids} for this job (its environment: key); deploy ignored it for the lock and the rollback target.`);
  }
  if (view.truncated) s.ctx.log.info(`'${s.settings.environment}': no successful deployment among the ${view.observed.length} newest; there is nothing to roll back to`);
  return view;
}

/** Records what a view says about the previous deployment. */
export function observe(s: Session, view: EnvironmentView): void {
  s.previous = view.previous;
  s.report.facts.previousSha = view.previous?.deployment.sha;
}
