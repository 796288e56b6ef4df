import { randomBytes } from 'node:crypto';

/**
 * The lock variable's value, `<NAME>_ROTATION_LOCK`: the lock of a rotation in progress and its
 * write-ahead record — what a resumed run needs to finish the same rotation. Never a secret.
 */

export const LEASE_MS = 10 * 60_000;

export type Strategy = 'single-user' | 'alternating-users';

export interface RunId {
  readonly id: string;
  readonly attempt: number;
  readonly job: string;
}

export interface RotationLock {
  readonly v: 1;
  /** Random id of the run that holds the lock. */
  readonly owner: string;
  readonly run: RunId;
  /** The rotation's version: with the same inputs it makes the same pending value again. */
  readonly version: string;
  readonly strategy: Strategy;
  /** The user whose password this rotation sets ('' without a target). */
  readonly user: string;
  /** The user the destinations held before (alternating-users), '' when none. */
  readonly previousUser: string;
  /** Fingerprint of the settings that shape the value and the target: no resume with others. */
  readonly settings: string;
  /** Whether the pending value can be made again on resume (false: a fresh value is drawn). */
  readonly derived: boolean;
  readonly startedAt: string;
  readonly leaseUntil: string;
}

export type LockState = { lock: RotationLock } | { corrupt: string } | undefined;

/** Parses a lock variable's value; anything else is reported as corrupt, never guessed at. */
export function parseLock(text: string): LockState {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return { corrupt: 'not JSON' };
  }
  const w = v as Partial<RotationLock> | null;
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
  return ok ? { lock: w as RotationLock } : { corrupt: 'not a rotation record of version 1' };
}

/** A version id: sortable by time, unique by its random part. */
export function newVersion(now: number, random: () => Buffer = () => randomBytes(6)): string {
  const stamp = new Date(now).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${random().toString('hex')}`;
}

export function newOwner(): string {
  return randomBytes(8).toString('hex');
}
