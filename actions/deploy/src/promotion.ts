import { UserError } from '../../../shared/errors.ts';
import { formatDuration } from '../../../shared/log.ts';
import type { DeploymentInfo, DeploymentsApi } from './deployments.ts';
import { ageMs, inspectEnvironment, type EnvironmentView, type Observed } from './environment.ts';
import { shortSha } from './job.ts';
import type { DeployRun } from './run-context.ts';
import { distrust, reachability, writtenBy, type Identity } from './trust.ts';

/**
 * Promotion: deploy to `target` only what is live in `source` — the same sha, the environment's
 * active (newest successful) deployment, recorded there by this suite with this token, live for
 * at least `soak-time`. The sha promoted is the one recorded in `source`, so a branch or tag that
 * moved since cannot slip a different build through (and when `ref` names a branch, that sha must
 * still be in the branch's history). With `soak-wait`, a deployment still soaking is waited for —
 * at most SOAK_WAIT_LIMIT_MS, looking again now and then in case it is replaced meanwhile.
 */

export type PromotionDecision =
  | { kind: 'go'; sha: string; deploymentId: number; liveForMs: number }
  | { kind: 'soaking'; sha: string; deploymentId: number; liveForMs: number; remainingMs: number; reason: string }
  | { kind: 'refuse'; reason: string };

/** What a promotion settled: the sha to deploy, where it was live, how long deploy waited for it to soak. */
export interface Promotion {
  readonly source: string;
  readonly sha: string;
  readonly deploymentId: number;
  readonly liveForMs: number;
  readonly waitedMs: number;
}

export interface PromotionQuery {
  readonly source: string;
  readonly target: string;
  /** A full sha, or undefined when `ref` is a branch or tag (then the source's deployment of that ref is promoted). */
  readonly sha: string | undefined;
  readonly ref: string;
  readonly soakMs: number;
  readonly now: number;
}

/** GitHub stops a job on its hosted runners after 6 hours; a longer wait could never end well. */
export const SOAK_WAIT_LIMIT_MS = 6 * 3_600_000;
/** While waiting for a soak, the source is read again at least this often. */
export const SOAK_LOOK_EVERY_MS = 5 * 60_000;

export function describeWhat(q: Pick<PromotionQuery, 'sha' | 'ref'>): string {
  return q.sha ? `sha ${shortSha(q.sha)}` : `ref ${JSON.stringify(q.ref)}`;
}

export function matches(q: Pick<PromotionQuery, 'sha' | 'ref'>, d: DeploymentInfo): boolean {
  return q.sha ? d.sha.toLowerCase() === q.sha : d.ref === q.ref;
}

/**
 * Decides from the source environment's view, who the token is, and — when the live deployment is
 * not the one asked for — the newest deployment of it there (with its latest status).
 */
export function decidePromotion(q: PromotionQuery, view: EnvironmentView, me: Identity | undefined, candidate?: Observed): PromotionDecision {
  const refusal = (why: string): string => `Refusing to promote ${describeWhat(q)} from '${q.source}' to '${q.target}': ${why}`;
  const refuse = (why: string): PromotionDecision => ({ kind: 'refuse', reason: refusal(why) });
  const active = view.active;
  const live = active ? ` ('${q.source}' runs ${shortSha(active.deployment.sha)}, deployment ${active.deployment.id})` : ` ('${q.source}' has no successful deployment)`;

  if (active && matches(q, active.deployment)) {
    if (me === undefined) return refuse('whom the token acts as is not known');
    if (!writtenBy(active.deployment, me)) return refuse(`${distrust(active.deployment, me)}, so it does not vouch for the sha`);
    const liveForMs = Math.max(0, ageMs(active.status?.createdAt, q.now) ?? 0);
    const settled = { sha: active.deployment.sha.toLowerCase(), deploymentId: active.deployment.id, liveForMs };
    if (liveForMs >= q.soakMs) return { kind: 'go', ...settled };
    const remainingMs = q.soakMs - liveForMs;
    const reason = refusal(
      `it has been live in '${q.source}' for ${formatDuration(liveForMs)}, less than soak-time ${formatDuration(q.soakMs)} (it can be promoted from ${new Date(q.now + remainingMs).toISOString()})`,
    );
    return { kind: 'soaking', ...settled, remainingMs, reason };
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

/** Reads the source environment (one list and usually one status) and decides. */
export async function checkPromotion(api: Pick<DeploymentsApi, 'list' | 'latestStatus'>, q: PromotionQuery, runUrl: string, identity: () => Promise<Identity>): Promise<PromotionDecision> {
  const view = await inspectEnvironment(api, q.source, { runUrl });
  let candidate: Observed | undefined;
  if (!(view.active && matches(q, view.active.deployment))) {
    const d = view.listed.find((x) => matches(q, x));
    if (d) candidate = view.observed.find((seen) => seen.deployment.id === d.id) ?? { deployment: d, status: await api.latestStatus(d.id) };
  }
  // Who the token is matters only when the live deployment is the one asked for.
  const me = view.active && matches(q, view.active.deployment) ? await identity() : undefined;
  return decidePromotion(q, view, me, candidate);
}

// ---------------------------------------------------------------------------------------------
// Step

/** Checks `promote-from` (waiting for the soak with `soak-wait`) and settles the sha to deploy. */
export async function promote(run: DeployRun, source: string, asked: { ref: string; sha: string | undefined }): Promise<Promotion> {
  const { settings, summary, clock, ctx } = run;
  return summary.phase('Promotion check', async () => {
    const started = clock.now();
    for (;;) {
      const now = clock.now();
      const q: PromotionQuery = { source, target: settings.environment, sha: asked.sha, ref: asked.ref, soakMs: settings.soakTime, now };
      const decision = await checkPromotion(run.api, q, run.job.runUrl, run.identity);
      if (decision.kind === 'refuse') throw new UserError(decision.reason);
      const waitedMs = now - started;
      if (decision.kind === 'soaking') {
        if (!settings.soakWait) throw new UserError(`${decision.reason}. With soak-wait: true, deploy waits for it instead.`);
        if (waitedMs + decision.remainingMs > SOAK_WAIT_LIMIT_MS) {
          throw new UserError(`${decision.reason}; that is more than soak-wait's limit of ${formatDuration(SOAK_WAIT_LIMIT_MS)} (waited ${formatDuration(waitedMs)} so far)`);
        }
        const nap = Math.min(decision.remainingMs, SOAK_LOOK_EVERY_MS);
        ctx.log.info(`promotion: ${shortSha(decision.sha)} has been live in '${source}' for ${formatDuration(decision.liveForMs)}; waiting ${formatDuration(nap)} of the ${formatDuration(decision.remainingMs)} left of soak-time ${formatDuration(settings.soakTime)} (soak-wait)`);
        await clock.sleep(nap, ctx.signal);
        continue;
      }
      // A branch or tag ref named what to promote: the sha recorded in the source must be in its history.
      if (asked.sha === undefined) {
        const reach = await reachability(run.api, decision.sha, [asked.ref]);
        if (!reach.reachable) throw new UserError(`Refusing to promote ref ${JSON.stringify(asked.ref)} from '${source}': the sha live there, ${decision.sha}, ${reach.why}`);
      }
      const waited = waitedMs > 0 ? `; waited ${formatDuration(waitedMs)} for it to soak (soak-wait)` : '';
      summary.note('Promotion check', `${shortSha(decision.sha)} is live in '${source}' (deployment ${decision.deploymentId}) for ${formatDuration(decision.liveForMs)}${waited}`);
      if (waitedMs > 0) summary.tell(`Deploy waited ${formatDuration(waitedMs)} for ${shortSha(decision.sha)} to soak in '${source}' for soak-time ${formatDuration(settings.soakTime)} (soak-wait).`);
      ctx.log.info(`promotion: ${decision.sha} is live in '${source}' for ${formatDuration(decision.liveForMs)} (soak-time ${formatDuration(settings.soakTime)})`);
      return { source, sha: decision.sha, deploymentId: decision.deploymentId, liveForMs: decision.liveForMs, waitedMs };
    }
  });
}
