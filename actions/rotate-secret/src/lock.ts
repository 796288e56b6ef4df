import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The lock variable's value, `<NAME>_ROTATION_LOCK`: the lock of a rotation in progress and its
 * write-ahead record — what a resumed run needs to finish the same rotation. Never a secret.
 *
 * Anyone with write access to the repository's variables can write it (collaborators, any token
 * with `variables: write`), so it is untrusted input: every field has a strict shape, the user can
 * only be `target-user` or its `_a`/`_b`, times may not lie in the future beyond a small skew, and
 * anything else is refused — never repaired, never echoed (a field is named, its value is not).
 * With `derivation-key` the record is signed (HMAC-SHA256 with a key derived from it, which a
 * collaborator does not hold), and a record without a valid signature is refused.
 */

export const LEASE_MS = 10 * 60_000;
/** How far a clock may be ahead of ours (GitHub's, another runner's). */
export const SKEW_MS = 5 * 60_000;
/** Take-overs recorded in one lock (each leaves a marker variable to delete at the end). */
const MAX_TAKEOVERS = 10;

export type Strategy = 'single-user' | 'alternating-users';

/** How the pending value is made: the `value` input, derived from `derivation-key`, or drawn at random. */
export type ValueSource = 'given' | 'derived' | 'random';

export interface RunId {
  readonly id: string;
  readonly attempt: number;
  readonly job: string;
}

export interface RotationLock {
  readonly v: 2;
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
  readonly value: ValueSource;
  readonly startedAt: string;
  readonly leaseUntil: string;
  /** Owners this rotation was taken over from, oldest first: their marker variables are deleted at the end. */
  readonly takenFrom: readonly string[];
  /** HMAC-SHA256 of the other fields, keyed from `derivation-key`; '' when the run had none. */
  readonly mac: string;
}

/** What a run expects a lock to hold; a record with anything else is refused. */
export interface LockExpectation {
  readonly now: number;
  /** Users a rotation of these settings can set, and have set before. */
  readonly users: ReadonlySet<string>;
  readonly previousUsers: ReadonlySet<string>;
  /** The signing key (from `derivation-key`), if the run has one. */
  readonly key: Buffer | undefined;
}

/** The variable holds a valid, authentic record; or a reason to refuse it (never its content). */
export type LockState = { readonly lock: RotationLock; readonly verified: boolean } | { readonly refused: string } | undefined;

const HEX16 = /^[0-9a-f]{16}$/;
const VERSION = /^\d{8}T\d{6}Z-[0-9a-f]{12}$/;
const RUN_ID = /^\d{1,20}$/;
const JOB = /^[A-Za-z0-9_-]{1,100}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const KEYS = ['v', 'owner', 'run', 'version', 'strategy', 'user', 'previousUser', 'settings', 'value', 'startedAt', 'leaseUntil', 'takenFrom', 'mac'];

/** A UTC time as this action writes it (`Date.prototype.toISOString`), else NaN. */
export function strictTime(text: string): number {
  return ISO.test(text) ? Date.parse(text) : Number.NaN;
}

/** The signing key of the lock of secret `name`, derived from `derivation-key`. */
export function lockKey(derivationKey: Buffer, name: string): Buffer {
  return Buffer.from(hkdfSync('sha256', derivationKey, Buffer.from('actions-suite/rotate-secret', 'utf8'), Buffer.from(`lock\0${name}`, 'utf8'), 32));
}

/** The fields in a fixed order, without the signature: what the signature covers. */
function canonical(lock: Omit<RotationLock, 'mac'>): string {
  const { v, owner, run, version, strategy, user, previousUser, settings, value, startedAt, leaseUntil, takenFrom } = lock;
  return JSON.stringify([v, owner, run.id, run.attempt, run.job, version, strategy, user, previousUser, settings, value, startedAt, leaseUntil, takenFrom]);
}

function macOf(lock: Omit<RotationLock, 'mac'>, key: Buffer): string {
  return createHmac('sha256', key).update(canonical(lock)).digest('hex');
}

/** The record with its signature (none without a key), as the variable's value. */
export function signLock(lock: Omit<RotationLock, 'mac'>, key: Buffer | undefined): RotationLock {
  return { ...lock, mac: key ? macOf(lock, key) : '' };
}

/** Parses and checks a lock variable's value against what this run expects. */
export function parseLock(text: string, expect: LockExpectation): LockState {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return { refused: `it is not JSON (${text.length} characters)` };
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return { refused: 'it is not a JSON object' };
  const w = v as Record<string, unknown>;
  if (w['v'] !== 2) return { refused: 'it is not a rotation record of version 2' };
  const extra = Object.keys(w).filter((k) => !KEYS.includes(k));
  if (extra.length > 0) return { refused: `it has ${extra.length} field(s) a rotation record does not have` };
  const run = w['run'] as Record<string, unknown> | null;
  const problems: Array<[string, boolean]> = [
    ['owner is not 16 hex digits', typeof w['owner'] === 'string' && HEX16.test(w['owner'])],
    ['run is not an object', typeof run === 'object' && run !== null && !Array.isArray(run) && Object.keys(run).every((k) => ['id', 'attempt', 'job'].includes(k))],
    ['run.id is not a number of up to 20 digits', typeof run?.['id'] === 'string' && RUN_ID.test(run['id'])],
    ['run.attempt is not an integer from 1 to 100', Number.isSafeInteger(run?.['attempt']) && (run?.['attempt'] as number) >= 1 && (run?.['attempt'] as number) <= 100],
    ['run.job is not a job id', typeof run?.['job'] === 'string' && JOB.test(run['job'])],
    ['version is not a rotation version', typeof w['version'] === 'string' && VERSION.test(w['version'])],
    ['strategy is not single-user or alternating-users', w['strategy'] === 'single-user' || w['strategy'] === 'alternating-users'],
    ['user is not a user this rotation can set', typeof w['user'] === 'string' && expect.users.has(w['user'])],
    ['previousUser is not a user this rotation can have set before', typeof w['previousUser'] === 'string' && expect.previousUsers.has(w['previousUser']) && (w['previousUser'] === '' || w['previousUser'] !== w['user'])],
    ['settings is not 16 hex digits', typeof w['settings'] === 'string' && HEX16.test(w['settings'])],
    ['value is not given, derived or random', w['value'] === 'given' || w['value'] === 'derived' || w['value'] === 'random'],
    ['startedAt is not a UTC time', typeof w['startedAt'] === 'string' && Number.isFinite(strictTime(w['startedAt']))],
    ['leaseUntil is not a UTC time', typeof w['leaseUntil'] === 'string' && Number.isFinite(strictTime(w['leaseUntil']))],
    [
      `takenFrom is not a list of up to ${MAX_TAKEOVERS} owners`,
      Array.isArray(w['takenFrom']) && w['takenFrom'].length <= MAX_TAKEOVERS && w['takenFrom'].every((o) => typeof o === 'string' && HEX16.test(o)),
    ],
    ['mac is not empty or 64 hex digits', typeof w['mac'] === 'string' && /^([0-9a-f]{64})?$/.test(w['mac'])],
  ];
  const failed = problems.filter(([, ok]) => !ok).map(([why]) => why);
  if (failed.length > 0) return { refused: failed.join('; ') };
  const lock = w as unknown as RotationLock;
  const started = strictTime(lock.startedAt);
  const lease = strictTime(lock.leaseUntil);
  if (started > expect.now + SKEW_MS) return { refused: 'startedAt lies in the future' };
  if (lease > expect.now + LEASE_MS + SKEW_MS) return { refused: `leaseUntil lies further in the future than a lease lasts (${LEASE_MS / 60_000} minutes)` };
  if (lease < started) return { refused: 'leaseUntil lies before startedAt' };
  if (!expect.key) return { lock, verified: false };
  if (lock.mac === '') return { refused: 'it is not signed, and this run has derivation-key (it was written by someone else, or by a run without derivation-key)' };
  const mac = Buffer.from(macOf(lock, expect.key), 'hex');
  if (!timingSafeEqual(mac, Buffer.from(lock.mac, 'hex'))) return { refused: 'its signature does not match derivation-key (it was written by someone else, or with another key)' };
  return { lock, verified: true };
}

/** A version id: sortable by time, unique by its random part. */
export function newVersion(now: number, random: () => Buffer = () => randomBytes(6)): string {
  const stamp = new Date(now).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${random().toString('hex')}`;
}

export function newOwner(): string {
  return randomBytes(8).toString('hex');
}
