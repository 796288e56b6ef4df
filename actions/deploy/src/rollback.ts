import type { EnvironmentView, Observed } from './environment.ts';
import { closeRecord, noteOnRecord, type OpenedRecord } from './deployment-record.ts';
import { retarget } from './health-check.ts';
import { gate } from './health.ts';
import { shortSha } from './job.ts';
import type { Ending, Progress } from './outcome.ts';
import type { DeployRun } from './run-context.ts';
import { runFor } from './script.ts';
import { distrust, reachability, writtenBy, type Identity, type Reachability } from './trust.ts';

/**
 * After the script or the health gate failed: return the environment to its last successful
 * deployment — `rollback-run` (or `run` again) for that sha, then the health gate again, expecting
 * that sha where the expectations named the failed one. Only to a deployment this suite recorded
 * with this token, of a commit in the history of the workflow's branch or the default branch
 * (trust.ts): a hand-made "success" record never becomes the target. The record ends `failure`
 * (rolled back, or not) or `error` (the rollback failed too: the environment's state is unknown).
 * The step fails either way.
 */

export type RollbackCandidate = { kind: 'none' } | { kind: 'untrusted'; why: string } | { kind: 'trusted'; to: Observed };

export type RollbackPlan = { kind: 'off' } | { kind: 'nothing'; why: string } | { kind: 'roll-back'; to: Observed };

/** The environment's last successful deployment before this one, and whether it can be trusted. */
export function rollbackCandidate(view: EnvironmentView | undefined, writer: Identity): RollbackCandidate {
  const previous = view?.previous;
  if (previous === undefined) return { kind: 'none' };
  return writtenBy(previous.deployment, writer) ? { kind: 'trusted', to: previous } : { kind: 'untrusted', why: distrust(previous.deployment, writer) };
}

/** Pure: whether and where to roll back. `reach` is asked only for a trusted candidate. */
export function planRollback(environment: string, autoRollback: boolean, candidate: RollbackCandidate, reach: Reachability | undefined): RollbackPlan {
  if (!autoRollback) return { kind: 'off' };
  if (candidate.kind === 'none') return { kind: 'nothing', why: `'${environment}' has no earlier successful deployment to roll back to` };
  if (candidate.kind === 'untrusted') return { kind: 'nothing', why: `its last successful deployment cannot be trusted: ${candidate.why}` };
  if (reach && !reach.reachable) {
    return { kind: 'nothing', why: `its last successful deployment, ${candidate.to.deployment.sha}, ${reach.why} (a rollback deploys only commits from the workflow's branch or the default branch)` };
  }
  return { kind: 'roll-back', to: candidate.to };
}

/** `label` is short (for the deployment's description), `failure` says why in full (for the log, summary and error). */
export async function recover(run: DeployRun, progress: Progress & { record: OpenedRecord }, view: EnvironmentView, label: string, failure: string): Promise<Ending> {
  const { settings, summary, ctx } = run;
  const env = settings.environment;
  const record = progress.record;
  const failedSha = record.deployment.sha;
  const url = settings.environmentUrl;
  summary.tell(`${shortSha(failedSha)} failed in '${env}': ${failure}.`);
  const candidate = rollbackCandidate(view, record.writer);
  const reach = settings.autoRollback && candidate.kind === 'trusted' ? await reachability(run.api, candidate.to.deployment.sha, run.job.trustedBranches) : undefined;
  const plan = planRollback(env, settings.autoRollback, candidate, reach);

  if (plan.kind !== 'roll-back') {
    const why = plan.kind === 'off' ? 'auto-rollback is off' : plan.why;
    if (plan.kind === 'nothing' && candidate.kind !== 'none') ctx.log.warning(`deploy: not rolling back '${env}': ${why}`, undefined, { title: 'deploy: no rollback' });
    summary.skip('Rollback', why);
    summary.tell(`No rollback: ${why}.`);
    await summary.phase('Final status', () => closeRecord(run, record, 'failure', `${label}; not rolled back (${why})`));
    return { status: 'failure', progress, failure: `${failure}. Not rolled back: ${why}.`, deploymentId: record.deployment.id, environmentUrl: url };
  }

  const to = plan.to.deployment;
  ctx.log.info(`rolling back '${env}' to ${to.sha} (deployment ${to.id})`);
  await noteOnRecord(run, record, `${label}; rolling back to ${shortSha(to.sha)}`);
  const script = await summary.phase('Rollback', () => runFor(run, { deploymentId: record.deployment.id, ref: to.sha, sha: to.sha, previousSha: to.sha }, { failedSha }), (r) => r.ok);
  summary.note('Rollback', script.ok ? `${shortSha(to.sha)} redeployed (${script.attempts} attempt${script.attempts === 1 ? '' : 's'})` : (script.error ?? 'failed'));
  let healthy = script.ok;
  if (script.ok && settings.health) healthy = (await gate(run, 'Rollback health gate', retarget(settings.health, failedSha, to.sha))).passed;
  // The live deployment is the one rolled back to: its URL, as skipped() reports a live one's.
  const rolledBackUrl = plan.to.status?.environmentUrl || url;

  if (healthy) {
    summary.tell(`Rolled back to ${shortSha(to.sha)} (deployment ${to.id}), which ${settings.health ? 'passed its health gate' : 'redeployed cleanly'}; it remains the live deployment of '${env}'.`);
    await summary.phase('Final status', () => closeRecord(run, record, 'failure', `${label}; rolled back to ${shortSha(to.sha)}`));
    return { status: 'rolled-back', progress, failure: `${failure}. Rolled back to ${to.sha} (deployment ${to.id}), which is live again.`, deploymentId: record.deployment.id, environmentUrl: rolledBackUrl };
  }
  const why = script.ok ? 'it did not pass the health gate' : `the rollback script failed (${script.error ?? 'unknown'})`;
  summary.tell(`The rollback to ${shortSha(to.sha)} failed too: ${why}. '${env}' needs attention.`);
  await summary.phase('Final status', () => closeRecord(run, record, 'error', `${label}; rollback to ${shortSha(to.sha)} failed too`));
  return { status: 'failure', progress, failure: `${failure}. The rollback to ${to.sha} failed too: ${why}; '${env}' needs attention.`, deploymentId: record.deployment.id, environmentUrl: rolledBackUrl };
}
