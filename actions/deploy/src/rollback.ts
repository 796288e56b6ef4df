import type { MainResult } from '../../../shared/run-action.ts';
import { gate, retarget } from './health.ts';
import { shortSha } from './job.ts';
import { failed } from './outcome.ts';
import { closeRecord, updateRecord } from './record.ts';
import { runFor } from './script.ts';
import type { Session } from './session.ts';

/**
 * After the script or the health gate failed: return the environment to its last successful
 * deployment — `rollback-run` (or `run` again) for that sha, then the health gate again, expecting
 * that sha where the expectations named the failed one. The record ends `failure` (rolled back) or
 * `error` (the rollback failed too: the environment's state is unknown). The step fails either way.
 */

export type RollbackPlan = { kind: 'off' } | { kind: 'nothing' } | { kind: 'roll-back'; to: string; deploymentId: number };

/** Pure: whether and where to roll back. */
export function planRollback(autoRollback: boolean, previous: { sha: string; id: number } | undefined): RollbackPlan {
  if (!autoRollback) return { kind: 'off' };
  if (!previous) return { kind: 'nothing' };
  return { kind: 'roll-back', to: previous.sha, deploymentId: previous.id };
}

/** `label` is short (for the deployment's description), `failure` says why in full (for the log, summary and error). */
export async function recover(s: Session, label: string, failure: string): Promise<MainResult> {
  const env = s.settings.environment;
  const failedSha = s.sha ?? '';
  const previous = s.previous;
  s.report.tell(`${shortSha(failedSha)} failed in '${env}': ${failure}.`);
  const plan = planRollback(s.settings.autoRollback, previous && { sha: previous.deployment.sha, id: previous.deployment.id });

  if (plan.kind !== 'roll-back' || !previous) {
    const why = plan.kind === 'off' ? 'auto-rollback is off' : `'${env}' has no earlier successful deployment to roll back to`;
    s.report.skip('Rollback', why);
    s.report.tell(`No rollback: ${why}.`);
    await s.report.phase('Final status', () => closeRecord(s, 'failure', `${label}; not rolled back (${why})`));
    return failed(s, 'failure', `${failure}. Not rolled back: ${why}.`);
  }

  const to = plan.to;
  s.ctx.log.info(`rolling back '${env}' to ${to} (deployment ${plan.deploymentId})`);
  await updateRecord(s, `${label}; rolling back to ${shortSha(to)}`);
  const script = await s.report.phase('Rollback', () => runFor(s, { to: previous, failedSha }), (r) => r.ok);
  s.report.note('Rollback', script.ok ? `${shortSha(to)} redeployed (${script.attempts} attempt${script.attempts === 1 ? '' : 's'})` : (script.error ?? 'failed'));
  let healthy = script.ok;
  if (script.ok && s.health) healthy = (await gate(s, 'Rollback health gate', retarget(s.health, failedSha, to))).passed;

  if (healthy) {
    s.report.tell(`Rolled back to ${shortSha(to)} (deployment ${plan.deploymentId}), which ${s.health ? 'passed its health gate' : 'redeployed cleanly'}; it remains the live deployment of '${env}'.`);
    await s.report.phase('Final status', () => closeRecord(s, 'failure', `${label}; rolled back to ${shortSha(to)}`));
    return failed(s, 'rolled-back', `${failure}. Rolled back to ${to} (deployment ${plan.deploymentId}), which is live again.`);
  }
  const why = script.ok ? 'it did not pass the health gate' : `the rollback script failed (${script.error ?? 'unknown'})`;
  s.report.tell(`The rollback to ${shortSha(to)} failed too: ${why}. '${env}' needs attention.`);
  await s.report.phase('Final status', () => closeRecord(s, 'error', `${label}; rollback to ${shortSha(to)} failed too`));
  return failed(s, 'failure', `${failure}. The rollback to ${to} failed too: ${why}; '${env}' needs attention.`);
}
