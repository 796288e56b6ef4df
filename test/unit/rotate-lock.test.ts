// The lock variable's record is untrusted input (anyone with `variables: write` can write it): every
// field has a strict shape, users are only the configured one or its _a/_b, times may not lie in the
// future, and with derivation-key only a record signed with it is accepted. Refusals name the
// field, never echo its value.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { LEASE_MS, lockKey, newVersion, parseLock, signLock, type LockExpectation, type RotationLock } from '../../actions/rotate-secret/src/lock.ts';

const NOW = Date.parse('2026-11-29T12:00:00Z');
const iso = (ms: number): string => new Date(ms).toISOString();
const KEY = lockKey(randomBytes(32), 'DB_PASSWORD');

const record = (over: Partial<Omit<RotationLock, 'mac'>> = {}): Omit<RotationLock, 'mac'> => ({
  v: 2,
  owner: '0123456789abcdef',
  run: { id: '100', attempt: 1, job: 'rotate' },
  version: '20261129T115900Z-0123456789ab',
  strategy: 'alternating-users',
  user: 'app_b',
  previousUser: 'app_a',
  settings: 'fedcba9876543210',
  value: 'derived',
  startedAt: iso(NOW - 60_000),
  leaseUntil: iso(NOW + LEASE_MS - 60_000),
  takenFrom: [],
  ...over,
});

// `null`: no key (a default parameter would turn an explicit undefined into KEY).
const expect = (key: Buffer | null = KEY): LockExpectation => ({ now: NOW, users: new Set(['app_a', 'app_b']), previousUsers: new Set(['', 'app_a', 'app_b']), key: key ?? undefined });
const text = (over: Partial<Omit<RotationLock, 'mac'>> = {}, key: Buffer | null = KEY): string => JSON.stringify(signLock(record(over), key ?? undefined));
const refusal = (value: string, key: Buffer | null = KEY): string => {
  const state = parseLock(value, expect(key));
  assert.ok(state && 'refused' in state, `refused: ${value}`);
  return state.refused;
};

test('a record this action signed round-trips and is verified; unsigned without a key is accepted but not verified', () => {
  assert.deepEqual(parseLock(text(), expect()), { lock: signLock(record(), KEY), verified: true });
  assert.deepEqual(parseLock(text({}, null), expect(null)), { lock: { ...record(), mac: '' }, verified: false });
  assert.match(JSON.parse(text()).mac, /^[0-9a-f]{64}$/);
});

test('with derivation-key: an unsigned, re-signed or altered record is refused', () => {
  assert.match(refusal(text({}, null)), /not signed, and this run has derivation-key/);
  assert.match(refusal(text({}, lockKey(randomBytes(32), 'DB_PASSWORD'))), /signature does not match derivation-key/);
  assert.match(refusal(JSON.stringify(signLock(record(), lockKey(randomBytes(32), 'OTHER')))), /signature does not match/);
  const altered = { ...JSON.parse(text()), user: 'app_a', previousUser: 'app_b' };
  assert.match(refusal(JSON.stringify(altered)), /signature does not match/, 'a collaborator flipping the users');
  const relabelled = { ...JSON.parse(text()), run: { id: '101', attempt: 1, job: 'rotate' } };
  assert.match(refusal(JSON.stringify(relabelled)), /signature does not match/, 'a collaborator claiming another run');
});

test('every field has a strict shape; the refusal names it and never echoes the value', () => {
  const injected = '7\n::stop-commands::pwned\n##[stop-commands]x';
  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    ['run.id', { run: { id: injected, attempt: 1, job: 'rotate' } }, /run\.id is not a number/],
    ['run.attempt', { run: { id: '1', attempt: 0, job: 'rotate' } }, /run\.attempt is not an integer from 1 to 100/],
    ['run.job', { run: { id: '1', attempt: 1, job: injected } }, /run\.job is not a job id/],
    ['run extra', { run: { id: '1', attempt: 1, job: 'j', x: 1 } }, /run is not an object/],
    ['owner', { owner: 'ZZZZ' }, /owner is not 16 hex digits/],
    ['version', { version: `v${injected}` }, /version is not a rotation version/],
    ['strategy', { strategy: 'x' }, /strategy is not/],
    ['user outside the pair (an operator account)', { user: 'ops' }, /user is not a user this rotation can set/],
    ['user: the template itself with alternating users', { user: 'app' }, /user is not a user this rotation can set/],
    ['previousUser', { previousUser: 'root' }, /previousUser is not/],
    ['previousUser equal to user', { previousUser: 'app_b' }, /previousUser is not/],
    ['settings', { settings: 'fp' }, /settings is not 16 hex digits/],
    ['value', { value: 'admin' }, /value is not given, derived or random/],
    ['startedAt with a comment Date.parse would accept', { startedAt: '2026-11-29 (##[stop-commands]pwn)' }, /startedAt is not a UTC time/],
    ['leaseUntil', { leaseUntil: 'soon' }, /leaseUntil is not a UTC time/],
    ['takenFrom', { takenFrom: [injected] }, /takenFrom is not a list/],
    ['mac', { mac: 'x' }, /mac is not empty or 64 hex digits/],
  ];
  for (const [what, over, why] of cases) {
    const reason = refusal(JSON.stringify({ ...record(), mac: '', ...over }), null);
    assert.match(reason, why, what);
    assert.doesNotMatch(reason, /stop-commands|::|##\[|ops|root|admin/, `${what}: the value is not echoed`);
  }
  assert.match(refusal('{"v":2,"extra":1}', null), /field\(s\) a rotation record does not have/);
  for (const bad of ['', 'x', '[]', 'null', JSON.stringify({ ...record(), v: 1 })]) assert.ok(refusal(bad, null), bad);
});

test('times: a lease or a start in the future beyond a small skew is refused (a forged lock cannot block rotations for long)', () => {
  assert.match(refusal(text({ leaseUntil: '9999-12-31T00:00:00.000Z' })), /leaseUntil lies further in the future than a lease lasts/);
  assert.match(refusal(text({ leaseUntil: iso(NOW + LEASE_MS + 6 * 60_000) })), /leaseUntil lies further in the future/);
  assert.ok(parseLock(text({ leaseUntil: iso(NOW + LEASE_MS + 60_000) }), expect()), 'a minute of skew is fine');
  assert.match(refusal(text({ startedAt: iso(NOW + 3_600_000), leaseUntil: iso(NOW + LEASE_MS) })), /startedAt lies in the future/);
  assert.match(refusal(text({ startedAt: iso(NOW), leaseUntil: iso(NOW - 1000) })), /leaseUntil lies before startedAt/);
});

test('single-user and no-target rotations accept only their own user', () => {
  const single: LockExpectation = { now: NOW, users: new Set(['app']), previousUsers: new Set(['']), key: undefined };
  const ok = JSON.stringify(signLock(record({ strategy: 'single-user', user: 'app', previousUser: '' }), undefined));
  assert.ok(parseLock(ok, single) && 'lock' in parseLock(ok, single)!);
  for (const user of ['app_a', 'admin', '']) {
    const state = parseLock(JSON.stringify(signLock(record({ strategy: 'single-user', user, previousUser: '' }), undefined)), single);
    assert.ok(state && 'refused' in state, user);
  }
});

test('newVersion: sortable time, then randomness', () => {
  assert.equal(newVersion(NOW, () => Buffer.from('0123456789ab', 'hex')), '20261129T120000Z-0123456789ab');
  assert.notEqual(newVersion(NOW), newVersion(NOW));
  assert.ok(newVersion(NOW) < newVersion(NOW + 1000));
});
