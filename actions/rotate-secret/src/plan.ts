import { createHash } from 'node:crypto';
import { SKEW_MS, strictTime, type LockState, type RotationLock, type RunId, type Strategy, type ValueSource } from './lock.ts';

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
  /** `<NAME>_ROTATED_AT` as the variable holds it (untrusted). */
  rotatedAt: string | undefined;
  /** `<NAME>_ACTIVE_USER` as the variable holds it (untrusted). */
  activeUser: string | undefined;
  lock: LockState;
  variables: { lock: string; rotatedAt: string; activeUser: string };
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

/** A lock this old that still blocks is not a rotation in progress: it fails the run rather than skipping it. */
export const STALE_LOCK_MS = 60 * 60_000;

export function decide(i: DecideInput): Decision {
  const v = i.variables;
  const refuse = (message: string): Decision => ({ action: 'refuse', message });
  if (i.lock && 'refused' in i.lock) {
    return refuse(`the lock variable ${v.lock} holds something this action did not write, so it is refused: ${i.lock.refused}. If no rotation is running, delete the variable and run again.`);
  }
  if (i.strategy === 'alternating-users' && i.activeUser !== undefined && !alternatingUsers(i.targetUser).includes(i.activeUser)) {
    return refuse(`the variable ${v.activeUser} names neither ${alternatingUsers(i.targetUser).join(' nor ')}; this action writes only those. Delete it (the next rotation starts with ${alternatingUsers(i.targetUser)[0]}) or set it to the user the destinations hold.`);
  }
  const lock = i.lock?.lock;
  if (lock) {
    const sameRunEarlierAttempt = lock.run.id === i.run.id && lock.run.attempt < i.run.attempt;
    const expired = strictTime(lock.leaseUntil) <= i.now;
    if (!sameRunEarlierAttempt && !expired) {
      if (i.now - strictTime(lock.startedAt) > STALE_LOCK_MS) {
        return refuse(
          `the lock variable ${v.lock} has blocked rotations of ${i.name} since ${lock.startedAt} (${describeHolder(lock)}), longer than a rotation takes. If no rotation is running, delete the variable and run again.`,
        );
      }
      return {
        action: 'busy',
        message:
          `another rotation of ${i.name} is in progress (${describeHolder(lock)}); nothing was changed. ` +
          `If that run failed, re-run it to complete its rotation, or run again after ${lock.leaseUntil} (its lock then expires).`,
      };
    }
    if (!sameRunEarlierAttempt && !i.lock?.verified) {
      return refuse(
        `an interrupted rotation of ${i.name} (${describeHolder(lock)}) holds the lock variable ${v.lock}, and without derivation-key this run cannot tell it from a record someone else wrote: ` +
          `re-run that workflow run to complete it, or delete the variable to abandon it (pass derivation-key to let any run take over an interrupted rotation).`,
      );
    }
    if (lock.settings !== i.settings || lock.strategy !== i.strategy) {
      return refuse(
        `an interrupted rotation of ${i.name} (${describeHolder(lock)}) used other settings (target, user, strategy, charset, length or value source); ` +
          `re-run it with the inputs it had to complete it, or delete the variable ${v.lock} to abandon it ` +
          '(destinations it already wrote would then keep its value until the next rotation rewrites them).',
      );
    }
    return { action: 'rotate', resume: lock, user: lock.user, previousUser: lock.previousUser };
  }
  if (i.rotateIfOlderThanMs !== undefined && i.rotatedAt !== undefined) {
    const last = strictTime(i.rotatedAt);
    if (Number.isNaN(last)) return refuse(`the variable ${v.rotatedAt} does not hold a UTC time as this action writes it (${i.rotatedAt.length} characters); delete it or set it to one, e.g. 2026-01-31T12:00:00.000Z`);
    if (last > i.now + SKEW_MS) return refuse(`the variable ${v.rotatedAt} holds a time in the future (${i.rotatedAt}), which would suppress every rotation until then; delete it or set it to when the secret was last rotated`);
    if (i.now - last < i.rotateIfOlderThanMs) {
      const nextAt = new Date(last + i.rotateIfOlderThanMs).toISOString();
      return { action: 'skip', rotatedAt: i.rotatedAt, nextAt, message: `${i.name} was rotated at ${i.rotatedAt}; it is due again at ${nextAt}` };
    }
  }
  return { action: 'rotate', resume: undefined, ...userToRotate(i.strategy, i.targetUser, i.activeUser) };
}

/**
 * Fingerprint of the settings an interrupted rotation must be resumed with: target kind and
 * location (host, port, database — never the credential), user, strategy, value shape, source and format.
 */
export function settingsFingerprint(s: {
  target: string;
  location: string;
  targetUser: string;
  strategy: Strategy;
  charset: string;
  length: number;
  value: ValueSource;
  format: string;
}): string {
  const text = JSON.stringify([s.target, s.location, s.targetUser, s.strategy, s.charset, s.length, s.value, s.format]);
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

export type StepName = 'create' | 'set' | 'test' | 'distribute' | 'retire';

export interface StepPlan {
  readonly step: StepName;
  /** What the step will do, as a verb phrase ("change the password of app"); why not, when skipped. */
  readonly does: string;
  /** The step has nothing to do in this run (no target; no login with verify: false). */
  readonly skipped?: boolean;
}

/** The five steps as this run will take them, in words (dry-run and the job summary). */
export function planSteps(p: {
  decision: Rotate;
  strategy: Strategy;
  target: string;
  value: ValueSource;
  verify: boolean;
  userExists: boolean;
  keepsOldPassword: boolean;
  destinations: readonly string[];
  /** Destinations that store the value as pending before the target changes (AWS Secrets Manager). */
  staged: readonly string[];
}): StepPlan[] {
  const { decision: d, staged } = p;
  const none = p.target === 'none';
  let source = { given: 'take the given value', derived: 'derive a new value from derivation-key (derived again on resume)', random: 'generate a new value' }[p.value];
  if (d.resume && p.value !== 'given' && staged.length > 0) source = `take the value stored as pending, else ${source}`;
  const stage = staged.length > 0 ? `; store it as pending at ${staged.join(', ')}` : '';
  const steps: StepPlan[] = [
    {
      step: 'create',
      does: (d.resume ? `resume version ${d.resume.version}: ${source}` : `record the rotation in the lock variable, then ${source}`) + stage,
    },
  ];
  if (none) {
    steps.push({ step: 'set', does: 'no target', skipped: true }, { step: 'test', does: 'no target', skipped: true });
  } else {
    const base = d.user.replace(/_[ab]$/, '');
    const how =
      p.strategy === 'alternating-users'
        ? p.userExists
          ? `make ${d.user} match ${base} (hosts, privileges) and set its password`
          : `create user ${d.user} from ${base}`
        : p.keepsOldPassword
          ? `add the new password to ${d.user} (the old one keeps working)`
          : `change the password of ${d.user}`;
    steps.push({ step: 'set', does: d.resume && p.strategy === 'single-user' ? `${how}, unless the pending value already logs in` : how });
    const login = p.verify ? `log in to the ${p.target} target as ${d.user} with the new value` : 'login skipped (verify: false)';
    steps.push(p.strategy === 'alternating-users' ? { step: 'test', does: `check ${d.user} matches ${base}; ${login}` } : { step: 'test', does: login, skipped: !p.verify });
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
