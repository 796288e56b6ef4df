import type { DeploymentInfo, DeploymentsApi, StatusInfo } from './deployments.ts';
import { isThisRun, shortSha } from './job.ts';
import type { DeployRun } from './run-context.ts';

/**
 * What an environment looks like right now, read with as few calls as possible: one list (newest
 * first), then the latest status of each deployment from the newest down to the first successful
 * one that this step did not write — the environment's live deployment, and what a rollback would
 * return to. On the happy path that is one status read. Whether a record can be trusted is not
 * decided here (trust.ts): the view holds what GitHub says, whoever wrote it.
 */

export interface Observed {
  readonly deployment: DeploymentInfo;
  /** Latest status; undefined when the deployment has none yet. */
  readonly status: StatusInfo | undefined;
}

export interface EnvironmentView {
  readonly environment: string;
  /** Every deployment listed (newest first, at most 100). */
  readonly listed: readonly DeploymentInfo[];
  /** The ones whose latest status was read, newest first. */
  readonly observed: readonly Observed[];
  /** The newest deployment whose latest status is success: what is live. */
  readonly active: Observed | undefined;
  /** The newest successful deployment not written by this step (this run's earlier attempts excluded): the rollback candidate. */
  readonly previous: Observed | undefined;
  /** This step's own record from an earlier attempt of the run (found by marker). */
  readonly ours: DeploymentInfo | undefined;
  /** Records GitHub wrote for this very job (its `environment:` key), recognised by a status linking to this run. */
  readonly jobRecords: readonly Observed[];
  /** True when the walk stopped at its read limit before finding a successful deployment. */
  readonly truncated: boolean;
}

export const MAX_STATUS_READS = 20;

export async function inspectEnvironment(
  api: Pick<DeploymentsApi, 'list' | 'latestStatus'>,
  environment: string,
  o: { marker?: string; runUrl: string; maxReads?: number },
): Promise<EnvironmentView> {
  const listed = await api.list(environment);
  const maxReads = o.maxReads ?? MAX_STATUS_READS;
  const observed: Observed[] = [];
  let active: Observed | undefined;
  let previous: Observed | undefined;
  let truncated = false;
  for (const deployment of listed) {
    if (observed.length >= maxReads) {
      truncated = true;
      break;
    }
    const seen: Observed = { deployment, status: await api.latestStatus(deployment.id) };
    observed.push(seen);
    if (seen.status?.state !== 'success') continue;
    active ??= seen;
    if (o.marker === undefined || deployment.marker !== o.marker) {
      previous = seen;
      break;
    }
  }
  const ours = o.marker === undefined ? undefined : listed.find((d) => d.marker === o.marker);
  // GitHub's record for a job with `environment:` links to this run and carries no deploy marker
  // (records written by deploy steps of this run do, and another step's record may hold the lock).
  const jobRecords = observed.filter((seen) => seen.deployment.marker === undefined && isThisRun(seen.status?.logUrl, o.runUrl));
  return { environment, listed, observed, active, previous, ours, jobRecords, truncated };
}

/** True when the record of an earlier attempt can carry this attempt too: nobody else deployed since. */
export function canReuse(view: EnvironmentView): boolean {
  const ours = view.ours;
  if (ours === undefined) return false;
  const jobIds = new Set(view.jobRecords.map((seen) => seen.deployment.id));
  return !view.listed.some((d) => d.id > ours.id && !jobIds.has(d.id));
}

/** Milliseconds since an ISO time, or undefined when it does not parse. */
export function ageMs(iso: string | undefined, now: number): number | undefined {
  const at = iso === undefined ? Number.NaN : Date.parse(iso);
  return Number.isFinite(at) ? now - at : undefined;
}

// ---------------------------------------------------------------------------------------------
// Step

/** Reads the target environment: what is live, the rollback candidate, and GitHub's own record for this job. */
export async function readEnvironment(run: DeployRun): Promise<EnvironmentView> {
  const { settings, summary, ctx } = run;
  return summary.phase('Read environment', async () => {
    const view = await inspectEnvironment(run.api, settings.environment, { marker: run.job.marker, runUrl: run.job.runUrl });
    const live = view.active ? `deployment ${view.active.deployment.id} (${shortSha(view.active.deployment.sha)})` : 'nothing';
    ctx.log.info(`'${settings.environment}': ${view.listed.length} deployment(s) listed; live: ${live}`);
    summary.note('Read environment', `live: ${live}`);
    if (view.jobRecords.length > 0) warnDuplicate(run, view.jobRecords);
    if (view.truncated) ctx.log.info(`'${settings.environment}': no successful deployment among the ${view.observed.length} newest; there is nothing to roll back to`);
    return view;
  });
}

/**
 * GitHub's docs describe the opt-out ("Using environments without deployments":
 * https://docs.github.com/en/actions/how-tos/deploy/configure-and-manage-deployments/control-deployments).
 */
function warnDuplicate(run: DeployRun, jobRecords: readonly Observed[]): void {
  const env = run.settings.environment;
  const ids = jobRecords.map((seen) => seen.deployment.id).join(', ');
  run.ctx.log.warning(
    `This job declares \`environment: ${env}\`, so GitHub also recorded deployment ${ids} for it. ` +
      `To keep one record per deploy, declare \`environment: { name: ${env}, deployment: false }\` ` +
      '(GitHub: "Using environments without deployments"; linters older than that key may flag it). See the deploy README.',
    undefined,
    { title: 'deploy: two deployment records for one job' },
  );
  run.summary.tell(`GitHub also recorded deployment ${ids} for this job (its environment: key); deploy ignored it for the lock and the rollback target.`);
}
