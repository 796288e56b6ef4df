import type { Clock } from '../../../shared/clock.ts';
import { UserError } from '../../../shared/errors.ts';
import { formatDuration } from '../../../shared/log.ts';
import { ageMs, inspectEnvironment, observe, type EnvironmentView, type Observed } from './environment.ts';
import { shortSha } from './job.ts';
import type { Session } from './session.ts';

/**
 * The environment lock. There is no lock object on GitHub: another deployment of the environment
 * that is newer than the live one and still `queued`, `pending` or `in_progress` (or has no status
 * yet) holds it. This step's own earlier attempt and the record GitHub writes for this very job
 * never do; neither does a holder silent for longer than a job can run (it crashed long ago).
 */

export type LockMode = 'wait' | 'fail' | 'off';

export interface Holder {
  id: number;
  sha: string;
  state: string;
  /** When it last said anything (latest status, else creation), ms since the epoch. */
  since: number;
}

export type LockDecision =
  | { kind: 'proceed' }
  | { kind: 'wait'; delayMs: number; holders: Holder[] }
  | { kind: 'fail'; reason: string; holders: Holder[] };

const BUSY = new Set(['queued', 'pending', 'in_progress']);
/** GitHub stops any job after 6 hours: a deployment silent for longer was abandoned. */
export const STALE_AFTER_MS = 6 * 3_600_000;

export function lockHolders(view: EnvironmentView, now: number): { holders: Holder[]; stale: Holder[] } {
  const mine = new Set([view.ours?.id, ...view.jobRecords.map((o) => o.deployment.id)]);
  const holders: Holder[] = [];
  const stale: Holder[] = [];
  for (const o of view.observed) {
    if (mine.has(o.deployment.id)) continue;
    const state = o.status?.state ?? 'pending';
    if (!BUSY.has(state)) continue;
    const holder = toHolder(o, state, now);
    (now - holder.since > STALE_AFTER_MS ? stale : holders).push(holder);
  }
  return { holders, stale };
}

function toHolder(o: Observed, state: string, now: number): Holder {
  const age = ageMs(o.status?.createdAt ?? o.deployment.createdAt, now) ?? 0;
  return { id: o.deployment.id, sha: o.deployment.sha, state, since: now - age };
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
 * `inspect` after each wait. Returns the last view, which the deploy then builds on.
 */
export async function acquireLock(opts: {
  mode: LockMode;
  timeoutMs: number;
  first: EnvironmentView;
  inspect: () => Promise<EnvironmentView>;
  clock: Clock;
  signal?: AbortSignal;
  log: (line: string) => void;
}): Promise<{ view: EnvironmentView; waitedMs: number; polls: number }> {
  const started = opts.clock.now();
  const deadline = started + opts.timeoutMs;
  let view = opts.first;
  for (let poll = 0; ; poll++) {
    const now = opts.clock.now();
    const { holders, stale } = lockHolders(view, now);
    for (const h of stale) opts.log(`lock: ignoring deployment ${h.id}, ${h.state} but silent since ${new Date(h.since).toISOString()} (abandoned)`);
    const decision = decideLock({ mode: opts.mode, holders, environment: view.environment, now, deadline, poll, timeoutMs: opts.timeoutMs });
    if (decision.kind === 'proceed') return { view, waitedMs: now - started, polls: poll };
    if (decision.kind === 'fail') throw new UserError(decision.reason);
    opts.log(`lock: waiting ${formatDuration(decision.delayMs)} for ${holders.map((h) => `deployment ${h.id} (${h.state})`).join(', ')}`);
    await opts.clock.sleep(decision.delayMs, opts.signal);
    view = await opts.inspect();
  }
}

// ---------------------------------------------------------------------------------------------
// Step

/** Waits for (or fails on) other deployments in progress, per `lock` and `lock-timeout`; returns the fresh view. */
export async function holdLock(s: Session, first: EnvironmentView): Promise<EnvironmentView> {
  const { view, waitedMs, polls } = await acquireLock({
    mode: s.settings.lock,
    timeoutMs: s.settings.lockTimeout,
    first,
    inspect: () => inspectEnvironment(s.api, s.settings.environment, { marker: s.job.marker, runUrl: s.job.runUrl }),
    clock: s.clock,
    signal: s.ctx.signal,
    log: (line) => s.ctx.log.info(line),
  });
  observe(s, view);
  const note = s.settings.lock === 'off' ? 'lock: off' : polls === 0 ? 'free' : `waited ${formatDuration(waitedMs)} (${polls} look${polls === 1 ? '' : 's'})`;
  s.report.note('Lock', note);
  if (polls > 0) s.report.tell(`Another deployment of '${s.settings.environment}' was in progress; deploy waited ${formatDuration(waitedMs)} for it.`);
  return view;
}
