import type { DeploymentInfo, FinalState } from './deployments.ts';
import { canReuse, type EnvironmentView } from './environment.ts';
import { shortSha } from './job.ts';
import type { DeployRun } from './run-context.ts';
import { writtenBy, type Identity } from './trust.ts';

/**
 * The GitHub Deployment record of this deploy: created (or, in a workflow re-run, the earlier
 * attempt's record taken over), marked `in_progress` with the run as its log, and closed with
 * `success`, `failure` or `error`. Its id goes to the post step, which closes a record main left
 * open (cancelled job, crashed main, GitHub's API out of reach) as `error`.
 */

export interface OpenedRecord {
  readonly deployment: DeploymentInfo;
  /** Taken over from an earlier attempt of this run. */
  readonly reused: boolean;
  /** Whom the token acts as: the record's creator (trust.ts). */
  readonly writer: Identity;
}

export async function openRecord(run: DeployRun, view: EnvironmentView, what: { ref: string; sha: string | undefined }): Promise<OpenedRecord> {
  const { settings, job, summary, ctx } = run;
  return summary.phase('Record', async () => {
    // An earlier attempt's record is taken over only if this token wrote it (its marker can be copied).
    const earlier = canReuse(view) ? view.ours : undefined;
    const reused = earlier !== undefined && writtenBy(earlier, await run.identity()) ? earlier : undefined;
    const deployment =
      reused ??
      (await run.api.create(
        {
          ref: what.ref,
          environment: settings.environment,
          marker: job.marker,
          runId: job.runId,
          runAttempt: job.runAttempt,
          description: `deploy ${what.sha ? shortSha(what.sha) : what.ref} to ${settings.environment} (actions-suite deploy)`,
          production: settings.production,
        },
        new Set(view.listed.map((d) => d.id)),
        async (found) => writtenBy(found, await run.identity()),
      ));
    // Saved before the first status: from here on, post closes the record if main cannot.
    run.state.save('deployment-id', deployment.id);
    ctx.log.info(
      reused ? `deployment ${deployment.id}: taking over the record of an earlier attempt of this run (no duplicate)` : `deployment ${deployment.id}: created for ${deployment.sha}`,
    );
    summary.note('Record', reused ? `deployment ${deployment.id} (from run attempt before this one)` : `deployment ${deployment.id}`);
    await run.api.setStatus(deployment.id, {
      state: 'in_progress',
      description: `Deploying ${shortSha(deployment.sha)} (run ${job.runId}, attempt ${job.runAttempt})`,
      logUrl: job.runUrl,
    });
    return { deployment, reused: reused !== undefined, writer: deployment.creator ?? (await run.identity()) };
  });
}

/** Posts an intermediate status (e.g. while rolling back); the record stays open. */
export async function noteOnRecord(run: DeployRun, record: OpenedRecord, description: string): Promise<void> {
  await run.api.setStatus(record.deployment.id, { state: 'in_progress', description, logUrl: run.job.runUrl });
}

export async function closeRecord(run: DeployRun, record: OpenedRecord, state: FinalState, description: string, environmentUrl?: string): Promise<void> {
  await run.api.setStatus(record.deployment.id, {
    state,
    description,
    logUrl: run.job.runUrl,
    ...(environmentUrl ? { environmentUrl } : {}),
  });
  run.state.save('finished', 'true');
}
