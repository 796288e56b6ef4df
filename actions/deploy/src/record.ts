import type { DeploymentInfo, FinalState } from './deployments.ts';
import { canReuse, type EnvironmentView } from './environment.ts';
import { shortSha } from './job.ts';
import type { Session } from './session.ts';

/**
 * The GitHub Deployment record of this deploy: created (or, in a workflow re-run, the earlier
 * attempt's record taken over), marked `in_progress` with the run as its log, and closed with
 * `success`, `failure` or `error`. Its id goes to the post step, which closes a record main left
 * open (cancelled job, crashed main) as `error`.
 */

export async function openRecord(s: Session, view: EnvironmentView): Promise<DeploymentInfo> {
  const { settings, job } = s;
  const reused = canReuse(view) ? view.ours : undefined;
  const deployment =
    reused ??
    (await s.api.create(
      {
        ref: s.ref,
        environment: settings.environment,
        marker: job.marker,
        runId: job.runId,
        runAttempt: job.runAttempt,
        description: `deploy ${s.sha ? shortSha(s.sha) : s.ref} to ${settings.environment} (actions-suite deploy)`,
        production: settings.production,
      },
      new Set(view.listed.map((d) => d.id)),
    ));
  s.deployment = deployment;
  s.sha = deployment.sha;
  s.report.facts.deploymentId = deployment.id;
  s.report.facts.sha = deployment.sha;
  // Saved before the first status: from here on, post closes the record if main cannot.
  s.state.save('deployment-id', deployment.id);
  s.ctx.log.info(
    reused
      ? `deployment ${deployment.id}: taking over the record of an earlier attempt of this run (no duplicate)`
      : `deployment ${deployment.id}: created for ${deployment.sha}`,
  );
  s.report.note('Record', reused ? `deployment ${deployment.id} (from run attempt before this one)` : `deployment ${deployment.id}`);
  await s.api.setStatus(deployment.id, {
    state: 'in_progress',
    description: `Deploying ${shortSha(deployment.sha)} (run ${job.runId}, attempt ${job.runAttempt})`,
    logUrl: job.runUrl,
  });
  return deployment;
}

/** Posts an intermediate status (e.g. while rolling back); the record stays open. */
export async function updateRecord(s: Session, description: string): Promise<void> {
  if (!s.deployment) return;
  await s.api.setStatus(s.deployment.id, { state: 'in_progress', description, logUrl: s.job.runUrl });
}

export async function closeRecord(s: Session, state: FinalState, description: string, environmentUrl?: string): Promise<void> {
  if (!s.deployment) return;
  await s.api.setStatus(s.deployment.id, {
    state,
    description,
    logUrl: s.job.runUrl,
    ...(environmentUrl ? { environmentUrl } : {}),
  });
  s.state.save('finished', 'true');
}
