import { createHash } from 'node:crypto';
import type { LockState, RotationLock, RunId, Strategy } from './lock.ts';

/**
 * What a run should do, decided from what the variables hold (ledger.ts) — pure, so every branch
 * is unit-tested: resume an interrupted rotation, wait for a concurrent one, skip a young secret,
 * or start a new rotation; which user is rotated; and the steps in words.
 */

export interface DecideInput {
  now: number;
  run: RunId;
  name: string;
  strategy: Strategy;
  /** `target-user` ('' without a target). */
  targetUser: string;
  settings: string;
  rotateIfOlderThanMs: number | undefined;
  rotatedAt: string | undefined;
  activeUser: string | undefined;
  lock: LockState;
  lockVariable: string;
}

/** A run that rotates: the interrupted rotation it completes (if any), and the users. */
export interface Rotate {
  readonly action: 'rotate';
  readonly resume: RotationLock | undefined;
  readonly user: string;
  readonly previousUser: string;
}

export type Decision =
  | { readonly action: 'busy'; readonly message: string }
  | { readonly action: 'refuse'; readonly message: string }
  | { readonly action: 'skip'; readonly rotatedAt: string; readonly nextAt: string; readonly message: string }
  | Rotate;

export function alternatingUsers(base: string): [string, string] {
  return [`${base}_a`, `${base}_b`];
}

/** The user a new rotation sets: the target user, or the one of the pair that is not active. */
export function userToRotate(strategy: Strategy, targetUser: string, activeUser: string | undefined): { user: string; previousUser: string } {
  if (strategy === 'single-user' || targetUser === '') return { user: targetUser, previousUser: '' };
  const [a, b] = alternatingUsers(targetUser);
  if (activeUser === a) return { user: b, previousUser: a };
  if (activeUser === b) return { user: a, previousUser: b };
  // No rotation recorded yet (or a value we did not write): start with _a.
  return { user: a, previousUser: '' };
}

function describeHolder(lock: RotationLock): string {
  return `run ${lock.run.id} attempt ${lock.run.attempt} (job ${lock.run.job}), started ${lock.startedAt}`;
}

export function decide(i: DecideInput): Decision {
  if (i.lock && 'corrupt' in i.lock) {
    return {
      action: 'refuse',
      message:
        `the lock variable ${i.lockVariable} holds something this action did not write (${i.lock.corrupt}). ` +
        'If no rotation is running, delete the variable and run again.',
    };
  }
  const lock = i.lock?.lock;
  if (lock) {
    const sameRunEarlierAttempt = lock.run.id === i.run.id && lock.run.attempt < i.run.attempt;
    const expired = Date.parse(lock.leaseUntil) <= i.now || Number.isNaN(Date.parse(lock.leaseUntil));
    if (!sameRunEarlierAttempt && !expired) {
      return {
        action: 'busy',
        message:
          `another rotation of ${i.name} is in progress (${describeHolder(lock)}); nothing was changed. ` +
          `If that run failed, re-run it to complete its rotation, or run again after ${lock.leaseUntil} (its lock then expires).`,
      };
    }
    if (lock.settings !== i.settings || lock.strategy !== i.strategy) {
      return {
        action: 'refuse',
        message:
          `an interrupted rotation of ${i.name} (${describeHolder(lock)}) used other settings (target, user, strategy, charset or length); ` +
          `re-run it with the inputs it had to complete it, or delete the variable ${i.lockVariable} to abandon it ` +
          '(destinations it already wrote would then keep its value until the next rotation rewrites them).',
      };
    }
    return { action: 'rotate', resume: lock, user: lock.user, previousUser: lock.previousUser };
  }
  if (i.rotateIfOlderThanMs !== undefined && i.rotatedAt !== undefined) {
    const last = Date.parse(i.rotatedAt);
    if (Number.isFinite(last) && i.now - last < i.rotateIfOlderThanMs) {
      const nextAt = new Date(last + i.rotateIfOlderThanMs).toISOString();
      return { action: 'skip', rotatedAt: i.rotatedAt, nextAt, message: `${i.name} was rotated at ${i.rotatedAt}; it is due again at ${nextAt}` };
    }
  }
  return { action: 'rotate', resume: undefined, ...userToRotate(i.strategy, i.targetUser, i.activeUser) };
}

/**
 * Fingerprint of the settings an interrupted rotation must be resumed with: target kind and
 * location (host, port, database — never the credential), user, strategy, value shape.
 */
export function settingsFingerprint(s: {
  target: string;
  location: string;
  targetUser: string;
  strategy: Strategy;
  charset: string;
  length: number;
  valueGiven: boolean;
}): string {
  const text = JSON.stringify([s.target, s.location, s.targetUser, s.strategy, s.charset, s.length, s.valueGiven]);
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

export type StepName = 'create' | 'set' | 'test' | 'distribute' | 'retire';

export interface StepPlan {
  readonly step: StepName;
  readonly does: string;
}

/** The five steps as this run will take them, in words (dry-run and the job summary). */
export function planSteps(p: {
  decision: Rotate;
  strategy: Strategy;
  target: string;
  valueGiven: boolean;
  derived: boolean;
  verify: boolean;
  userExists: boolean;
  keepsOldPassword: boolean;
  destinations: readonly string[];
  /** Destinations that store the value as pending before the target changes (AWS Secrets Manager). */
  staged: readonly string[];
}): StepPlan[] {
  const { decision: d, staged } = p;
  const none = p.target === 'none';
  let source = p.valueGiven ? 'take the given value' : p.derived ? 'derive a new value (re-derivable on resume)' : 'generate a new value';
  if (d.resume && !p.valueGiven && staged.length > 0) source = `take the value stored as pending, else ${source}`;
  const stage = staged.length > 0 ? `; store it as pending at ${staged.join(', ')}` : '';
  const steps: StepPlan[] = [
    {
      step: 'create',
      does: (d.resume ? `resume version ${d.resume.version}: ${source}` : `record the rotation in the lock variable, then ${source}`) + stage,
    },
  ];
  if (none) {
    steps.push({ step: 'set', does: 'no target' }, { step: 'test', does: 'no target' });
  } else {
    const how = !p.userExists
      ? `create user ${d.user} from ${d.user.replace(/_[ab]$/, '')}`
      : p.strategy === 'single-user' && p.keepsOldPassword
        ? `add the new password to ${d.user} (the old one keeps working)`
        : `change the password of ${d.user}`;
    steps.push({ step: 'set', does: d.resume ? `${how}, unless the pending value already logs in` : how });
    steps.push({ step: 'test', does: p.verify ? `log in to the ${p.target} target as ${d.user} with the new value` : 'skipped (verify: false)' });
  }
  steps.push({ step: 'distribute', does: `write to ${p.destinations.length} destination(s): ${p.destinations.join(', ')}` });
  const retire = none
    ? 'record the rotation time'
    : p.strategy === 'alternating-users'
      ? `switch to ${d.user}; ${d.previousUser || 'the previous user'} stays valid until the next rotation`
      : p.keepsOldPassword
        ? `remove the old password of ${d.user}`
        : 'record the rotation time (the old password stopped working at set)';
  steps.push({ step: 'retire', does: retire });
  return steps;
}
