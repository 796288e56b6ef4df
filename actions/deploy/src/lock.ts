import type { Clock } from '../../../shared/clock.ts';
import { UserError } from '../../../shared/errors.ts';
import { formatDuration } from '../../../shared/log.ts';
import type { DeploymentInfo } from './deployments.ts';
import { ageMs, inspectEnvironment, type EnvironmentView, type Observed } from './environment.ts';
import { shortSha } from './job.ts';
import type { DeployRun } from './run-context.ts';
import { distrust, writtenBy, type Identity } from './trust.ts';

/**
 * The environment lock. There is no lock object on GitHub: another deployment of the environment
 * that is newer than the live one, still `queued`, `pending` or `in_progress` (or without a status
 * yet), and written by this suite with this token (trust.ts) holds it. This step's own earlier
 * attempt and the record GitHub writes for this very job never do; neither does a holder silent
 * for longer than a job can run (it crashed long ago), nor a record someone else wrote — a forged
 * `in_progress` record must not stop deploys for hours.
 */

export type LockMode = 'wait' | 'fail' | 'off';

export interface Holder {
  readonly id: number;
  readonly sha: string;
  readonly state: string;
  /** When it last said anything (latest status, else creation), ms since the epoch. */
  readonly since: number;
}

export type LockDecision =
  | { kind: 'proceed' }
  | { kind: 'wait'; delayMs: number; holders: Holder[] }
  | { kind: 'fail'; reason: string; holders: Holder[] };

const BUSY = new Set(['queued', 'pending', 'in_progress']);
/** GitHub stops any job after 6 hours: a deployment silent for longer was abandoned. */
export const STALE_AFTER_MS = 6 * 3_600_000;

/** Busy records of this suite (by marker) that are not this step's or this job's: what may hold the lock, before asking who wrote them. */
export function lockCandidates(view: EnvironmentView): Observed[] {
  const mine = new Set([view.ours?.id, ...view.jobRecords.map((seen) => seen.deployment.id)]);
  return view.observed.filter((seen) => !mine.has(seen.deployment.id) && seen.deployment.marker !== undefined && BUSY.has(seen.status?.state ?? 'pending'));
}

/** Who holds the lock: the candidates `trusted` takes, split into live holders and stale ones. */
export function lockHolders(candidates: readonly Observed[], now: number, trusted: (d: DeploymentInfo) => boolean): { holders: Holder[]; stale: Holder[] } {
  const holders: Holder[] = [];
  const stale: Holder[] = [];
  for (const seen of candidates) {
    if (!trusted(seen.deployment)) continue;
    const holder = toHolder(seen, seen.status?.state ?? 'pending', now);
    (now - holder.since > STALE_AFTER_MS ? stale : holders).push(holder);
  }
  return { holders, stale };
}

function toHolder(seen: Observed, state: string, now: number): Holder {
  const age = ageMs(seen.status?.createdAt ?? seen.deployment.createdAt, now) ?? 0;
  return { id: seen.deployment.id, sha: seen.deployment.sha, state, since: now - age };
}

/** Time between looks at a held lock: 1 s doubling to 30 s, and at most a quarter of the timeout. */
export function lockPollDelay(poll: number, timeoutMs: number): number {
  return Math.max(100, Math.min(30_000, 1000 * 2 ** Math.max(0, poll), Math.floor(timeoutMs / 4)));
}

export function decideLock(a: { mode: LockMode; holders: Holder[]; environment: string; now: number; deadline: number; poll: number; timeoutMs: number }): LockDecision {
  if (a.mode === 'off' || a.holders.length === 0) return { kind: 'proceed' };
  const what = a.holders.map((h) => `deployment ${h.id} (${shortSha(h.sha)}, ${h.state} since ${new Date(h.since).toISOString()})`).join(', ');
  if (a.mode === 'fail') {
    return { kind: 'fail', holders: a.holders, reason: `'${a.environment}' is busy: ${what}; lock is 'fail', so not waiting` };
  }
  const remaining = a.deadline - a.now;
  if (remaining <= 0) {
    return { kind: 'fail', holders: a.holders, reason: `'${a.environment}' is still busy after waiting lock-timeout (${formatDuration(a.timeoutMs)}): ${what}` };
  }
  return { kind: 'wait', holders: a.holders, delayMs: Math.min(lockPollDelay(a.poll, a.timeoutMs), remaining) };
}

/**
 * Waits until nobody else is deploying to the environment (or fails), looking again with
 * `inspect` after each wait. Returns the last view, which the deploy then builds on. Who the token
 * is gets asked only when some record could hold the lock.
 */
export async function acquireLock(o: {
  mode: LockMode;
  timeoutMs: number;
  first: EnvironmentView;
  inspect: () => Promise<EnvironmentView>;
  identity: () => Promise<Identity>;
  clock: Clock;
  signal?: AbortSignal;
  log: (line: string) => void;
}): Promise<{ view: EnvironmentView; waitedMs: number; polls: number }> {
  const started = o.clock.now();
  const deadline = started + o.timeoutMs;
  const told = new Set<number>();
  let view = o.first;
  for (let poll = 0; ; poll++) {
    const now = o.clock.now();
    const candidates = o.mode === 'off' ? [] : lockCandidates(view);
    const me = candidates.length > 0 ? await o.identity() : undefined;
    const trusted = (d: DeploymentInfo): boolean => me !== undefined && writtenBy(d, me);
    for (const seen of candidates) {
      if (me === undefined || trusted(seen.deployment) || told.has(seen.deployment.id)) continue;
      told.add(seen.deployment.id);
      o.log(`lock: ignoring deployment ${seen.deployment.id} (${seen.status?.state ?? 'no status'}): ${distrust(seen.deployment, me)}`);
    }
    const { holders, stale } = lockHolders(candidates, now, trusted);
    for (const h of stale) {
      if (told.has(h.id)) continue;
      told.add(h.id);
      o.log(`lock: ignoring deployment ${h.id}, ${h.state} but silent since ${new Date(h.since).toISOString()} (abandoned)`);
    }
    const decision = decideLock({ mode: o.mode, holders, environment: view.environment, now, deadline, poll, timeoutMs: o.timeoutMs });
    if (decision.kind === 'proceed') return { view, waitedMs: now - started, polls: poll };
    if (decision.kind === 'fail') throw new UserError(decision.reason);
    o.log(`lock: waiting ${formatDuration(decision.delayMs)} for ${holders.map((h) => `deployment ${h.id} (${h.state})`).join(', ')}`);
    await o.clock.sleep(decision.delayMs, o.signal);
    view = await o.inspect();
  }
}

// ---------------------------------------------------------------------------------------------
// Step

/** Waits for (or fails on) other deployments in progress, per `lock` and `lock-timeout`; returns the fresh view. */
export async function holdLock(run: DeployRun, first: EnvironmentView): Promise<EnvironmentView> {
  const { settings, summary } = run;
  return summary.phase('Lock', async () => {
    const { view, waitedMs, polls } = await acquireLock({
      mode: settings.lock,
      timeoutMs: settings.lockTimeout,
      first,
      inspect: () => inspectEnvironment(run.api, settings.environment, { marker: run.job.marker, runUrl: run.job.runUrl }),
      identity: run.identity,
      clock: run.clock,
      signal: run.ctx.signal,
      log: (line) => run.ctx.log.info(line),
    });
    const note = settings.lock === 'off' ? 'lock: off' : polls === 0 ? 'free' : `waited ${formatDuration(waitedMs)} (${polls} look${polls === 1 ? '' : 's'})`;
    summary.note('Lock', note);
    if (polls > 0) summary.tell(`Another deployment of '${settings.environment}' was in progress; deploy waited ${formatDuration(waitedMs)} for it.`);
    return view;
  });
}
