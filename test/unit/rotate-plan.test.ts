// rotate-secret's decisions, table-driven: resume, wait, skip, rotate or refuse (variables anyone
// with collaborator access can write are refused loudly, never a silent skip); which user; and the
// steps as the summary and dry-run describe them. The lock record's own checks: rotate-lock.test.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LEASE_MS, type RotationLock } from '../../actions/rotate-secret/src/lock.ts';
import { decide, planSteps, settingsFingerprint, userToRotate, type DecideInput } from '../../actions/rotate-secret/src/plan.ts';

const NOW = Date.parse('2026-11-29T12:00:00Z');
const iso = (ms: number): string => new Date(ms).toISOString();

const lockOf = (over: Partial<RotationLock> = {}): RotationLock => ({
  v: 2,
  owner: 'aaaaaaaaaaaaaaaa',
  run: { id: '100', attempt: 1, job: 'rotate' },
  version: '20261129T115900Z-000000000000',
  strategy: 'alternating-users',
  user: 'app_b',
  previousUser: 'app_a',
  settings: 'fp',
  value: 'derived',
  startedAt: iso(NOW - 60_000),
  leaseUntil: iso(NOW + LEASE_MS - 60_000),
  takenFrom: [],
  mac: '',
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
  variables: { lock: 'DB_PASSWORD_ROTATION_LOCK', rotatedAt: 'DB_PASSWORD_ROTATED_AT', activeUser: 'DB_PASSWORD_ACTIVE_USER' },
  ...over,
});

test('userToRotate: the inactive one of the pair; _a first; single-user is the user itself', () => {
  const cases: Array<[Parameters<typeof userToRotate>, ReturnType<typeof userToRotate>]> = [
    [['alternating-users', 'app', undefined], { user: 'app_a', previousUser: '' }],
    [['alternating-users', 'app', 'app_a'], { user: 'app_b', previousUser: 'app_a' }],
    [['alternating-users', 'app', 'app_b'], { user: 'app_a', previousUser: 'app_b' }],
    [['single-user', 'app', 'app_a'], { user: 'app', previousUser: '' }],
    [['single-user', '', undefined], { user: '', previousUser: '' }],
  ];
  for (const [args, expected] of cases) assert.deepEqual(userToRotate(...args), expected, JSON.stringify(args));
});

test('decide: the table', () => {
  const signed = (over: Partial<RotationLock> = {}) => ({ lock: lockOf(over), verified: true });
  const unsigned = (over: Partial<RotationLock> = {}) => ({ lock: lockOf(over), verified: false });
  const expired = { leaseUntil: iso(NOW - 1) };
  const cases: Array<{ why: string; in: Partial<DecideInput>; action: string; match?: RegExp; user?: string; resume?: boolean }> = [
    { why: 'nothing recorded: rotate _a', in: {}, action: 'rotate', user: 'app_a', resume: false },
    { why: 'active _a: rotate _b', in: { activeUser: 'app_a' }, action: 'rotate', user: 'app_b' },
    { why: 'active user not one of the pair: refuse, naming the variable', in: { activeUser: 'ops' }, action: 'refuse', match: /DB_PASSWORD_ACTIVE_USER names neither app_a nor app_b/ },
    { why: 'young: skip', in: { rotateIfOlderThanMs: 86_400_000, rotatedAt: iso(NOW - 3_600_000) }, action: 'skip', match: /due again at 2026-11-30T11:00:00.000Z/ },
    { why: 'old enough: rotate', in: { rotateIfOlderThanMs: 86_400_000, rotatedAt: iso(NOW - 90_000_000) }, action: 'rotate' },
    { why: 'rotated-at in the future (a forged variable suppressing rotations): refuse loudly', in: { rotateIfOlderThanMs: 86_400_000, rotatedAt: '9999-01-01T00:00:00.000Z' }, action: 'refuse', match: /DB_PASSWORD_ROTATED_AT holds a time in the future/ },
    { why: 'rotated-at a little ahead (clock skew): skip', in: { rotateIfOlderThanMs: 86_400_000, rotatedAt: iso(NOW + 60_000) }, action: 'skip' },
    { why: 'rotated-at not as this action writes it: refuse, not echoed', in: { rotateIfOlderThanMs: 86_400_000, rotatedAt: '2099-01-01 (##[stop-commands]pwn)' }, action: 'refuse', match: /DB_PASSWORD_ROTATED_AT does not hold a UTC time as this action writes it \(33 characters\)/ },
    { why: 'no rotate-if-older-than: rotate even when young', in: { rotatedAt: iso(NOW - 1000) }, action: 'rotate' },
    { why: 'live lock of another run: busy', in: { lock: signed() }, action: 'busy', match: /in progress \(run 100 attempt 1/ },
    { why: 'live unsigned lock of another run: busy too (it may be a real one)', in: { lock: unsigned() }, action: 'busy' },
    { why: 'a live lock that has blocked for over an hour: refuse loudly', in: { lock: signed({ startedAt: iso(NOW - 2 * 3_600_000) }) }, action: 'refuse', match: /has blocked rotations of DB_PASSWORD since/ },
    { why: 'live lock of the same run, same attempt (a matrix sibling): busy', in: { lock: signed({ run: { id: '200', attempt: 1, job: 'x' } }) }, action: 'busy' },
    { why: 'lock of an earlier attempt of this run: resume', in: { run: { id: '100', attempt: 2, job: 'rotate' }, lock: signed() }, action: 'rotate', user: 'app_b', resume: true },
    { why: 'unsigned lock of an earlier attempt of this run: resume (a re-run)', in: { run: { id: '100', attempt: 2, job: 'rotate' }, lock: unsigned() }, action: 'rotate', resume: true },
    { why: 'expired signed lock: resume', in: { lock: signed(expired) }, action: 'rotate', user: 'app_b', resume: true },
    { why: 'expired unsigned lock of another run: refuse, never resume what anyone could have written', in: { lock: unsigned(expired) }, action: 'refuse', match: /without derivation-key this run cannot tell it from a record someone else wrote: re-run that workflow run/ },
    { why: 'resume beats rotate-if-older-than', in: { lock: signed(expired), rotateIfOlderThanMs: 86_400_000, rotatedAt: iso(NOW - 1000) }, action: 'rotate', resume: true },
    { why: 'resume keeps the recorded user even when the active user moved on', in: { activeUser: 'app_b', lock: signed(expired) }, action: 'rotate', user: 'app_b' },
    { why: 'interrupted rotation with other settings: refuse (F11)', in: { settings: 'other', lock: signed(expired) }, action: 'refuse', match: /other settings/ },
    { why: 'interrupted rotation with another strategy: refuse', in: { strategy: 'single-user', targetUser: 'app', lock: signed(expired) }, action: 'refuse' },
    { why: 'refused lock: refuse, naming the variable and why', in: { lock: { refused: 'it is not JSON (3 characters)' } }, action: 'refuse', match: /DB_PASSWORD_ROTATION_LOCK holds something this action did not write, so it is refused: it is not JSON/ },
  ];
  for (const c of cases) {
    const d = decide(input(c.in));
    assert.equal(d.action, c.action, c.why);
    if (c.match) assert.match('message' in d ? d.message : '', c.match, c.why);
    if ('message' in d) assert.doesNotMatch(d.message, /##\[|::/, `${c.why}: no untrusted text is echoed`);
    if (d.action === 'rotate') {
      if (c.user) assert.equal(d.user, c.user, c.why);
      if (c.resume !== undefined) assert.equal(d.resume !== undefined, c.resume, c.why);
    }
  }
});

test('settingsFingerprint: changes with anything that shapes the value or the target, never includes them', () => {
  const base = { target: 'postgres', location: 'db:5432/app', targetUser: 'app', strategy: 'single-user' as const, charset: 'alphanumeric', length: 32, value: 'derived' as const, format: 'plain' };
  const fp = settingsFingerprint(base);
  assert.match(fp, /^[0-9a-f]{16}$/);
  assert.equal(settingsFingerprint({ ...base }), fp);
  for (const change of [{ target: 'mysql' }, { location: 'db:5433/app' }, { targetUser: 'x' }, { strategy: 'alternating-users' as const }, { charset: 'ascii' }, { length: 33 }, { value: 'given' as const }, { value: 'random' as const }, { format: 'json' }]) {
    assert.notEqual(settingsFingerprint({ ...base, ...change }), fp, JSON.stringify(change));
  }
});

test('planSteps: what each step will do, per strategy and target', () => {
  const rotate = (over: Partial<Extract<ReturnType<typeof decide>, { action: 'rotate' }>> = {}) => ({ action: 'rotate' as const, resume: undefined, user: 'app_b', previousUser: 'app_a', ...over });
  const common = { value: 'derived' as const, verify: true, userExists: true, keepsOldPassword: false, destinations: ['github:repo:o/r'], staged: [] };
  const alt = planSteps({ ...common, decision: rotate(), strategy: 'alternating-users', target: 'postgres' });
  assert.deepEqual(alt.map((s) => s.step), ['create', 'set', 'test', 'distribute', 'retire']);
  assert.match(alt[1]!.does, /make app_b match app \(hosts, privileges\) and set its password/);
  assert.match(alt[2]!.does, /check app_b matches app; log in/);
  assert.match(alt[4]!.does, /switch to app_b; app_a stays valid until the next rotation/);
  const created = planSteps({ ...common, userExists: false, decision: rotate({ user: 'app_a', previousUser: '' }), strategy: 'alternating-users', target: 'mysql' });
  assert.match(created[1]!.does, /create user app_a from app/);
  const redis = planSteps({ ...common, keepsOldPassword: true, decision: rotate({ user: 'app', previousUser: '' }), strategy: 'single-user', target: 'redis' });
  assert.match(redis[1]!.does, /add the new password to app/);
  assert.match(redis[4]!.does, /remove the old password of app/);
  const none = planSteps({ ...common, value: 'random', decision: rotate({ user: '', previousUser: '' }), strategy: 'single-user', target: 'none' });
  assert.match(none[0]!.does, /generate a new value/);
  assert.equal(none[1]!.does, 'no target');
  const resumed = planSteps({ ...common, verify: false, decision: rotate({ resume: { version: 'v1' } as RotationLock }), strategy: 'alternating-users', target: 'postgres' });
  assert.match(resumed[0]!.does, /resume version v1/);
  assert.doesNotMatch(resumed[1]!.does, /unless/, 'alternating users are provisioned on every run');
  assert.match(resumed[2]!.does, /login skipped \(verify: false\)/);
  const single = planSteps({ ...common, decision: rotate({ user: 'app', previousUser: '', resume: { version: 'v1' } as RotationLock }), strategy: 'single-user', target: 'postgres' });
  assert.match(single[1]!.does, /change the password of app, unless the pending value already logs in/);
});
