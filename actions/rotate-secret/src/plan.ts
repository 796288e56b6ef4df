import { createHash, randomBytes } from 'node:crypto';

/**
 * What a run should do, decided from what the ledger holds (ledger.ts) — pure, so every branch is
 * unit-tested: resume an interrupted rotation, wait for a concurrent one, skip a young secret, or
 * start a new rotation; and which user is rotated.
 */

export const LEASE_MS = 10 * 60_000;

export type Strategy = 'single-user' | 'alternating-users';

/** The write-ahead record of a rotation in progress (the lock variable's value). No secret in it. */
export interface Wal {
  v: 1;
  /** Random id of the run that holds the lock. */
  owner: string;
  run: RunId;
  /** The rotation's version; with the admin credential it re-derives the pending value. */
  version: string;
  strategy: Strategy;
  /** The user whose password this rotation sets ('' without a target). */
  user: string;
  /** The user the destinations held before (alternating-users), '' when none. */
  previousUser: string;
  /** Fingerprint of the settings that shape the value and the target (F11: no resume with others). */
  settings: string;
  /** Whether the pending value can be re-derived on resume (false: a fresh value is drawn). */
  derived: boolean;
  startedAt: string;
  leaseUntil: string;
}

export interface RunId {
  id: string;
  attempt: number;
  job: string;
}

export type LockState = { wal: Wal } | { corrupt: string } | undefined;

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

export type Decision =
  | { action: 'busy'; wal: Wal | undefined; message: string }
  | { action: 'refuse'; message: string }
  | { action: 'skip'; rotatedAt: string; nextAt: string; message: string }
  | {
      action: 'rotate';
      /** The interrupted rotation this run completes, if any. */
      resume: Wal | undefined;
      user: string;
      previousUser: string;
    };

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

function describeHolder(wal: Wal): string {
  return `run ${wal.run.id} attempt ${wal.run.attempt} (job ${wal.run.job}), started ${wal.startedAt}`;
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
  const wal = i.lock?.wal;
  if (wal) {
    const sameRunEarlierAttempt = wal.run.id === i.run.id && wal.run.attempt < i.run.attempt;
    const expired = Date.parse(wal.leaseUntil) <= i.now || Number.isNaN(Date.parse(wal.leaseUntil));
    if (!sameRunEarlierAttempt && !expired) {
      return {
        action: 'busy',
        wal,
        message:
          `another rotation of ${i.name} is in progress (${describeHolder(wal)}); nothing was changed. ` +
          `If that run failed, re-run it to complete its rotation, or run again after ${wal.leaseUntil} (its lock then expires).`,
      };
    }
    if (wal.settings !== i.settings || wal.strategy !== i.strategy) {
      return {
        action: 'refuse',
        message:
          `an interrupted rotation of ${i.name} (${describeHolder(wal)}) used other settings (target, user, strategy, charset or length); ` +
          `re-run it with the inputs it had to complete it, or delete the variable ${i.lockVariable} to abandon it ` +
          '(destinations it already wrote would then keep its value until the next rotation rewrites them).',
      };
    }
    return { action: 'rotate', resume: wal, user: wal.user, previousUser: wal.previousUser };
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

/** Parses a lock variable's value; anything else is reported as corrupt, never guessed at. */
export function parseWal(text: string): LockState {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return { corrupt: 'not JSON' };
  }
  const w = v as Partial<Wal> | null;
  const ok =
    w !== null &&
    typeof w === 'object' &&
    w.v === 1 &&
    typeof w.owner === 'string' &&
    typeof w.version === 'string' &&
    typeof w.user === 'string' &&
    typeof w.previousUser === 'string' &&
    typeof w.settings === 'string' &&
    typeof w.derived === 'boolean' &&
    typeof w.startedAt === 'string' &&
    typeof w.leaseUntil === 'string' &&
    (w.strategy === 'single-user' || w.strategy === 'alternating-users') &&
    typeof w.run === 'object' &&
    w.run !== null &&
    typeof w.run.id === 'string' &&
    typeof w.run.attempt === 'number' &&
    typeof w.run.job === 'string';
  return ok ? { wal: w as Wal } : { corrupt: 'not a rotation record of version 1' };
}

/** A version id: sortable by time, unique by its random part. */
export function newVersion(now: number, random: () => Buffer = () => randomBytes(6)): string {
  const stamp = new Date(now).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${random().toString('hex')}`;
}

export function newOwner(): string {
  return randomBytes(8).toString('hex');
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

export interface StepPlan {
  step: 'create' | 'set' | 'test' | 'distribute' | 'retire';
  does: string;
}

/** The five steps as this run will take them, in words (dry-run and the job summary). */
export function planSteps(p: {
  decision: Extract<Decision, { action: 'rotate' }>;
  strategy: Strategy;
  target: string;
  valueGiven: boolean;
  derived: boolean;
  verify: boolean;
  userExists: boolean;
  keepsOldPassword: boolean;
  destinations: readonly string[];
  /** Destinations that store the value as pending before the target changes (AWS Secrets Manager). */
  staged?: readonly string[];
}): StepPlan[] {
  const { decision: d } = p;
  const none = p.target === 'none';
  let source = p.valueGiven ? 'take the given value' : p.derived ? 'derive a new value (re-derivable on resume)' : 'generate a new value';
  if (d.resume && !p.valueGiven && (p.staged ?? []).length > 0) source = `take the value stored as pending, else ${source}`;
  const stage = (p.staged ?? []).length > 0 ? `; store it as pending at ${p.staged!.join(', ')}` : '';
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
