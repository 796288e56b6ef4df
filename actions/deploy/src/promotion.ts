import { UserError } from '../../../shared/errors.ts';
import { formatDuration } from '../../../shared/log.ts';
import type { DeploymentInfo, DeploymentsApi } from './deployments.ts';
import { ageMs, inspectEnvironment, type EnvironmentView, type Observed } from './environment.ts';
import { shortSha } from './job.ts';
import type { Session } from './session.ts';

/**
 * Promotion: deploy to `target` only what is live in `source` — the same sha, the environment's
 * active (newest successful) deployment, live for at least `soak-time`. The sha promoted is the one
 * recorded in `source`, so a branch or tag that moved since cannot slip a different build through.
 */

export type PromotionDecision =
  | { ok: true; sha: string; deploymentId: number; liveForMs: number }
  | { ok: false; reason: string };

export interface PromotionQuery {
  source: string;
  target: string;
  /** A full sha, or undefined when `ref` is a branch or tag (then the source's deployment of that ref is promoted). */
  sha: string | undefined;
  ref: string;
  soakMs: number;
  now: number;
}

export function describeWhat(q: Pick<PromotionQuery, 'sha' | 'ref'>): string {
  return q.sha ? `sha ${shortSha(q.sha)}` : `ref ${JSON.stringify(q.ref)}`;
}

export function matches(q: Pick<PromotionQuery, 'sha' | 'ref'>, d: DeploymentInfo): boolean {
  return q.sha ? d.sha.toLowerCase() === q.sha : d.ref === q.ref;
}

/**
 * Decides from the source environment's view and, when the live deployment is not the one asked
 * for, the newest deployment of it there (with its latest status).
 */
export function decidePromotion(q: PromotionQuery, view: EnvironmentView, candidate?: Observed): PromotionDecision {
  const refuse = (why: string): PromotionDecision => ({
    ok: false,
    reason: `Refusing to promote ${describeWhat(q)} from '${q.source}' to '${q.target}': ${why}`,
  });
  const active = view.active;
  const live = active ? ` ('${q.source}' runs ${shortSha(active.deployment.sha)}, deployment ${active.deployment.id})` : ` ('${q.source}' has no successful deployment)`;

  if (active && matches(q, active.deployment)) {
    const liveFor = ageMs(active.status?.createdAt, q.now) ?? 0;
    if (liveFor < q.soakMs) {
      const readyAt = new Date(q.now + (q.soakMs - liveFor)).toISOString();
      return refuse(
        `it has been live in '${q.source}' for ${formatDuration(Math.max(0, liveFor))}, less than soak-time ${formatDuration(q.soakMs)} (it can be promoted from ${readyAt})`,
      );
    }
    return { ok: true, sha: active.deployment.sha, deploymentId: active.deployment.id, liveForMs: liveFor };
  }
  if (candidate === undefined) {
    const among = view.listed.length >= 100 ? ' among its 100 newest deployments' : '';
    return refuse(`it has no deployment in '${q.source}'${among}; deploy it there first${live}`);
  }
  const id = candidate.deployment.id;
  const state = candidate.status?.state ?? 'pending';
  switch (state) {
    case 'success':
    case 'inactive':
      return refuse(`its deployment ${id} in '${q.source}' is no longer active: a newer deployment replaced it${live}`);
    case 'queued':
    case 'pending':
    case 'in_progress':
      return refuse(`its deployment ${id} in '${q.source}' is still ${state}; wait for it to succeed and soak${live}`);
    default:
      return refuse(`its deployment ${id} in '${q.source}' ended '${state}'; only a successful, active deployment can be promoted${live}`);
  }
}

/** Reads the source environment (one list and usually one status) and decides; throws the refusal. */
export async function checkPromotion(
  api: Pick<DeploymentsApi, 'list' | 'latestStatus'>,
  q: PromotionQuery,
  runUrl: string,
): Promise<Extract<PromotionDecision, { ok: true }>> {
  const view = await inspectEnvironment(api, q.source, { runUrl });
  let candidate: Observed | undefined;
  if (!(view.active && matches(q, view.active.deployment))) {
    const d = view.listed.find((x) => matches(q, x));
    if (d) candidate = view.observed.find((o) => o.deployment.id === d.id) ?? { deployment: d, status: await api.latestStatus(d.id) };
  }
  const decision = decidePromotion(q, view, candidate);
  if (!decision.ok) throw new UserError(decision.reason);
  return decision;
}

// ---------------------------------------------------------------------------------------------
// Step

/** Checks `promote-from` and pins the deploy to the sha live there. */
export async function promote(s: Session, source: string): Promise<void> {
  const decision = await checkPromotion(
    s.api,
    { source, target: s.settings.environment, sha: s.sha, ref: s.ref, soakMs: s.settings.soakTime, now: s.clock.now() },
    s.job.runUrl,
  );
  s.sha = decision.sha;
  s.ref = decision.sha;
  s.report.facts.sha = decision.sha;
  s.report.facts.promotedFrom = `${source} (deployment ${decision.deploymentId}, live for ${formatDuration(decision.liveForMs)})`;
  s.report.note('Promotion check', `${shortSha(decision.sha)} is live in '${source}' (deployment ${decision.deploymentId}) for ${formatDuration(decision.liveForMs)}`);
  s.ctx.log.info(`promotion: ${decision.sha} is live in '${source}' for ${formatDuration(decision.liveForMs)} (soak-time ${formatDuration(s.settings.soakTime)})`);
}
