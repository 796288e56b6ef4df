// rotate-secret's decisions, table-driven: resume, wait, skip or rotate; which user; the lock
// record's parsing; and the steps as the summary and dry-run describe them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LEASE_MS, newVersion, parseLock, type RotationLock } from '../../actions/rotate-secret/src/lock.ts';
import { decide, planSteps, settingsFingerprint, userToRotate, type DecideInput } from '../../actions/rotate-secret/src/plan.ts';

const NOW = Date.parse('2026-11-29T12:00:00Z');
const iso = (ms: number): string => new Date(ms).toISOString();

const lockOf = (over: Partial<RotationLock> = {}): RotationLock => ({
  v: 1,
  owner: 'aaaaaaaaaaaaaaaa',
  run: { id: '100', attempt: 1, job: 'rotate' },
  version: '20261129T115900Z-000000000000',
  strategy: 'alternating-users',
  user: 'app_b',
  previousUser: 'app_a',
  settings: 'fp',
  derived: true,
  startedAt: iso(NOW - 60_000),
  leaseUntil: iso(NOW + LEASE_MS - 60_000),
  ...over,
});

const input = (over: Partial<DecideInput> = {}): DecideInput => ({
  now: NOW,
  run: { id: '200', attempt: 1, job: 'rotate' },
  name: 'DB_PASSWORD',
  strategy: 'alternating-users',
  targetUser: 'app',
  settings: 'fp',
  rotateIfOlderThanMs: undefined,
  rotatedAt: undefined,
  activeUser: undefined,
  lock: undefined,
  lockVariable: 'DB_PASSWORD_ROTATION_LOCK',
  ...over,
});

test('userToRotate: the inactive one of the pair; _a first; single-user is the user itself', () => {
  const cases: Array<[Parameters<typeof userToRotate>, ReturnType<typeof userToRotate>]> = [
    [['alternating-users', 'app', undefined], { user: 'app_a', previousUser: '' }],
    [['alternating-users', 'app', 'app_a'], { user: 'app_b', previousUser: 'app_a' }],
    [['alternating-users', 'app', 'app_b'], { user: 'app_a', previousUser: 'app_b' }],
    [['alternating-users', 'app', 'someone_else'], { user: 'app_a', previousUser: '' }],
    [['single-user', 'app', 'app_a'], { user: 'app', previousUser: '' }],
    [['single-user', '', undefined], { user: '', previousUser: '' }],
  ];
  for (const [args, expected] of cases) assert.deepEqual(userToRotate(...args), expected, JSON.stringify(args));
});

test('decide: the table', () => {
  const cases: Array<{ why: string; in: Partial<DecideInput>; action: string; match?: RegExp; user?: string; resume?: boolean }> = [
    { why: 'nothing recorded: rotate _a', in: {}, action: 'rotate', user: 'app_a', resume: false },
    { why: 'active _a: rotate _b', in: { activeUser: 'app_a' }, action: 'rotate', user: 'app_b' },
    { why: 'young: skip', in: { rotateIfOlderThanMs: 86_400_000, rotatedAt: iso(NOW - 3_600_000) }, action: 'skip', match: /due again at 2026-11-30T11:00:00.000Z/ },
    { why: 'old enough: rotate', in: { rotateIfOlderThanMs: 86_400_000, rotatedAt: iso(NOW - 90_000_000) }, action: 'rotate' },
    { why: 'unparseable rotated-at: rotate', in: { rotateIfOlderThanMs: 86_400_000, rotatedAt: 'yesterday' }, action: 'rotate' },
    { why: 'no rotate-if-older-than: rotate even when young', in: { rotatedAt: iso(NOW - 1000) }, action: 'rotate' },
    { why: 'live lock of another run: busy', in: { lock: { lock: lockOf() } }, action: 'busy', match: /in progress \(run 100 attempt 1/ },
    { why: 'live lock of the same run, same attempt (a matrix sibling): busy', in: { lock: { lock: lockOf({ run: { id: '200', attempt: 1, job: 'x' } }) } }, action: 'busy' },
    { why: 'lock of an earlier attempt of this run: resume', in: { run: { id: '100', attempt: 2, job: 'rotate' }, lock: { lock: lockOf() } }, action: 'rotate', user: 'app_b', resume: true },
    { why: 'expired lock: resume', in: { lock: { lock: lockOf({ leaseUntil: iso(NOW - 1) }) } }, action: 'rotate', user: 'app_b', resume: true },
    { why: 'resume beats rotate-if-older-than', in: { lock: { lock: lockOf({ leaseUntil: iso(NOW - 1) }) }, rotateIfOlderThanMs: 86_400_000, rotatedAt: iso(NOW - 1000) }, action: 'rotate', resume: true },
    { why: 'resume keeps the recorded user even when the active user moved on', in: { activeUser: 'app_b', lock: { lock: lockOf({ leaseUntil: iso(NOW - 1) }) } }, action: 'rotate', user: 'app_b' },
    { why: 'interrupted rotation with other settings: refuse (F11)', in: { settings: 'other', lock: { lock: lockOf({ leaseUntil: iso(NOW - 1) }) } }, action: 'refuse', match: /other settings/ },
    { why: 'interrupted rotation with another strategy: refuse', in: { strategy: 'single-user', lock: { lock: lockOf({ leaseUntil: iso(NOW - 1) }) } }, action: 'refuse' },
    { why: 'corrupt lock: refuse, naming the variable', in: { lock: { corrupt: 'not JSON' } }, action: 'refuse', match: /DB_PASSWORD_ROTATION_LOCK/ },
  ];
  for (const c of cases) {
    const d = decide(input(c.in));
    assert.equal(d.action, c.action, c.why);
    if (c.match) assert.match('message' in d ? d.message : '', c.match, c.why);
    if (d.action === 'rotate') {
      if (c.user) assert.equal(d.user, c.user, c.why);
      if (c.resume !== undefined) assert.equal(d.resume !== undefined, c.resume, c.why);
    }
  }
});

test('parseLock: round trip, and anything else is corrupt (never guessed at)', () => {
  assert.deepEqual(parseLock(JSON.stringify(lockOf())), { lock: lockOf() });
  for (const text of ['', 'x', '{}', '[]', 'null', JSON.stringify({ ...lockOf(), v: 2 }), JSON.stringify({ ...lockOf(), run: null }), JSON.stringify({ ...lockOf(), strategy: 'x' })]) {
    assert.ok(parseLock(text) && 'corrupt' in parseLock(text)!, text);
  }
});

test('newVersion: sortable time, then randomness', () => {
  assert.equal(newVersion(NOW, () => Buffer.from('0123456789ab', 'hex')), '20261129T120000Z-0123456789ab');
  assert.notEqual(newVersion(NOW), newVersion(NOW));
  assert.ok(newVersion(NOW) < newVersion(NOW + 1000));
});

test('settingsFingerprint: changes with anything that shapes the value or the target, never includes them', () => {
  const base = { target: 'postgres', location: 'db:5432/app', targetUser: 'app', strategy: 'single-user' as const, charset: 'alphanumeric', length: 32, valueGiven: false };
  const fp = settingsFingerprint(base);
  assert.match(fp, /^[0-9a-f]{16}$/);
  assert.equal(settingsFingerprint({ ...base }), fp);
  for (const change of [{ target: 'mysql' }, { location: 'db:5433/app' }, { targetUser: 'x' }, { strategy: 'alternating-users' as const }, { charset: 'ascii' }, { length: 33 }, { valueGiven: true }]) {
    assert.notEqual(settingsFingerprint({ ...base, ...change }), fp, JSON.stringify(change));
  }
});

test('planSteps: what each step will do, per strategy and target', () => {
  const rotate = (over: Partial<Extract<ReturnType<typeof decide>, { action: 'rotate' }>> = {}) => ({ action: 'rotate' as const, resume: undefined, user: 'app_b', previousUser: 'app_a', ...over });
  const common = { valueGiven: false, derived: true, verify: true, userExists: true, keepsOldPassword: false, destinations: ['github:repo:o/r'], staged: [] };
  const alt = planSteps({ ...common, decision: rotate(), strategy: 'alternating-users', target: 'postgres' });
  assert.deepEqual(alt.map((s) => s.step), ['create', 'set', 'test', 'distribute', 'retire']);
  assert.match(alt[1]!.does, /change the password of app_b/);
  assert.match(alt[4]!.does, /switch to app_b; app_a stays valid until the next rotation/);
  const created = planSteps({ ...common, userExists: false, decision: rotate({ user: 'app_a', previousUser: '' }), strategy: 'alternating-users', target: 'mysql' });
  assert.match(created[1]!.does, /create user app_a from app/);
  const redis = planSteps({ ...common, keepsOldPassword: true, decision: rotate({ user: 'app', previousUser: '' }), strategy: 'single-user', target: 'redis' });
  assert.match(redis[1]!.does, /add the new password to app/);
  assert.match(redis[4]!.does, /remove the old password of app/);
  const none = planSteps({ ...common, derived: false, decision: rotate({ user: '', previousUser: '' }), strategy: 'single-user', target: 'none' });
  assert.match(none[0]!.does, /generate a new value/);
  assert.equal(none[1]!.does, 'no target');
  const resumed = planSteps({ ...common, verify: false, decision: rotate({ resume: { version: 'v1' } as RotationLock }), strategy: 'alternating-users', target: 'postgres' });
  assert.match(resumed[0]!.does, /resume version v1/);
  assert.match(resumed[1]!.does, /unless the pending value already logs in/);
  assert.match(resumed[2]!.does, /skipped \(verify: false\)/);
});
