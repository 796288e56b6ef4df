// rotate-secret's ledger against the GitHub emulator: taking a lock over is exclusive (a marker
// variable created with POST, 409 for the loser), and a run whose lock was taken over neither
// releases nor completes it — the new holder's lock stays.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test, type TestContext } from 'node:test';
import { Ledger } from '../../actions/rotate-secret/src/ledger.ts';
import { LEASE_MS, lockKey, newOwner, type RotationLock } from '../../actions/rotate-secret/src/lock.ts';
import { createGitHub } from '../../shared/github.ts';
import { startGitHubEmulator } from '../harness/github/index.ts';

const TOKEN = 'ghs_rotateLedgerUnit00000000000000000000';
const REPO = { repo: 'octo/app' };
const KEY = lockKey(randomBytes(32), 'DB_PASSWORD');

async function ledgers(t: TestContext, n: number) {
  const em = await startGitHubEmulator();
  t.after(() => em.close());
  em.seed.repo('octo/app');
  em.seed.token(TOKEN);
  const gh = createGitHub({ token: TOKEN, baseUrl: em.url, retry: { log: () => undefined } });
  const make = () => new Ledger(async () => gh, { owner: 'octo', repo: 'app' }, 'DB_PASSWORD', new AbortController().signal, KEY);
  return { em, all: Array.from({ length: n }, make) };
}

const record = (over: Partial<RotationLock> = {}): Omit<RotationLock, 'mac'> => ({
  v: 2,
  owner: newOwner(),
  run: { id: '1', attempt: 1, job: 'rotate' },
  version: '20261201T000000Z-0123456789ab',
  strategy: 'single-user',
  user: 'app',
  previousUser: '',
  settings: '0123456789abcdef',
  value: 'derived',
  startedAt: new Date().toISOString(),
  leaseUntil: new Date(Date.now() + LEASE_MS).toISOString(),
  takenFrom: [],
  ...over,
});

test('two runs taking over the same lock: exactly one wins the marker; the marker goes with the lock', async (t) => {
  const { em, all } = await ledgers(t, 3);
  const [first, a, b] = all as [Ledger, Ledger, Ledger];
  const dead = (await first.acquire(record()))!;
  assert.ok(dead);
  const previous = dead.lock;
  const [x, y] = await Promise.all([a.takeOver(previous, record({ takenFrom: [previous.owner] })), b.takeOver(previous, record({ takenFrom: [previous.owner] }))]);
  const won = [x, y].filter((h) => h !== undefined);
  assert.equal(won.length, 1, 'exactly one took over');
  assert.equal(em.requests.filter((r) => r.route === 'POST /repos/{owner}/{repo}/actions/variables' && r.status === 409).length, 1);
  assert.equal(JSON.parse(em.variables.get(REPO, 'DB_PASSWORD_ROTATION_LOCK')!.value).owner, won[0]!.lock.owner);
  assert.deepEqual(em.variables.list(REPO).filter((n) => n.includes('TAKEOVER')), [`DB_PASSWORD_ROTATION_TAKEOVER_${previous.owner.toUpperCase()}`]);
  await won[0]!.release();
  assert.deepEqual(em.variables.list(REPO), [], 'lock and marker are gone');
});

test('a run whose lock was taken over neither releases nor completes it: the new holder keeps it', async (t) => {
  const { em, all } = await ledgers(t, 2);
  const [slow, fast] = all as [Ledger, Ledger];
  const mine = (await slow.acquire(record()))!;
  const theirs = (await fast.takeOver(mine.lock, record({ takenFrom: [mine.lock.owner] })))!;
  assert.ok(theirs);
  await assert.rejects(mine.release(), /no longer held by this run/);
  await assert.rejects(mine.complete(new Date().toISOString(), undefined, { rotatedAt: undefined, activeUser: undefined, lock: undefined }), /no longer held by this run/);
  assert.equal(JSON.parse(em.variables.get(REPO, 'DB_PASSWORD_ROTATION_LOCK')!.value).owner, theirs.lock.owner, 'their lock is intact');
  assert.equal(em.variables.get(REPO, 'DB_PASSWORD_ROTATED_AT'), undefined, 'and nothing was recorded in their name');
});
