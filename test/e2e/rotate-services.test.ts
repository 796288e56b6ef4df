// rotate-secret on real MariaDB and Redis (ACL users), both strategies: what GitHub stores logs
// in; alternating users are created from the template with its privileges; and, with a reader
// looping on the destinations during the rotation (F7), Redis single-user and alternating-users
// never show a destination holding a dead credential.
import assert from 'node:assert/strict';
import { after, before, describe, test, type TestContext } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { e2e, type E2E } from '../harness/e2e.ts';
import { startGitHubEmulator, type GitHubEmulator } from '../harness/github/index.ts';
import type { RunResult } from '../harness/runner/index.ts';
import { startService, type MariaDb, type Redis } from '../harness/services/index.ts';

let maria: MariaDb;
let redis: Redis;
before(async () => {
  [maria, redis] = await Promise.all([startService('mariadb'), startService('redis')]);
});
after(async () => {
  await Promise.all([maria?.stop(), redis?.stop()]);
});

const REPO = { repo: 'octo/app' };
const ENV = { repo: 'octo/app', environment: 'production' };
const SCOPES = [REPO, ENV];

interface World {
  em: GitHubEmulator;
  h: E2E;
  run(inputs: Record<string, string>, runAttempt?: string): Promise<RunResult>;
  stored(): string[];
}

let serial = 0;
async function world(t: TestContext, users: string[]): Promise<World> {
  const em = await startGitHubEmulator();
  t.after(() => em.close());
  em.seed.repo('octo/app');
  em.seed.environment('octo/app', 'production');
  const token = `ghs_services${++serial}${'0'.repeat(40)}`.slice(0, 40);
  em.seed.token(token);
  const h = e2e(t, { users: ['admin', ...users] });
  h.haystack(() => em.receivedStrings());
  return {
    em,
    h,
    run: (inputs, runAttempt = '1') =>
      h.run({
        action: 'rotate-secret',
        inputs: { name: 'DB_PASSWORD', destinations: 'github:repo\ngithub:environment:production', ...inputs },
        token,
        env: { GITHUB_API_URL: em.url },
        context: { repository: 'octo/app', runId: String(9000 + serial), runAttempt },
      }),
    stored: () =>
      SCOPES.map((s) => {
        const v = em.secrets.get(s, 'DB_PASSWORD')?.plaintext ?? '';
        if (v.length >= 4) h.secret(v);
        return v;
      }),
  };
}

/** Runs the rotation while a reader checks, again and again, that every destination's value logs in. */
async function withReader(w: World, canLogin: (value: string) => Promise<boolean>, run: () => Promise<RunResult>): Promise<{ r: RunResult; reads: number }> {
  let done = false;
  let reads = 0;
  const failures: string[] = [];
  const reader = (async () => {
    while (!done) {
      for (const [i, v] of w.stored().entries()) {
        reads++;
        // Refused, and the destination still holds that value afterwards: it held a dead credential
        // (a value replaced between our read and our login is a reader holding a stale copy).
        if (!(await canLogin(v)) && w.stored()[i] === v) failures.push(`destination #${i} held a dead credential after ${reads} reads`);
      }
      await sleep(20);
    }
  })();
  const r = await run();
  done = true;
  await reader;
  assert.deepEqual(failures, [], 'a reader never met a dead credential');
  return { r, reads };
}

describe('rotate-secret on MariaDB and Redis', { concurrency: 4 }, () => {
  test('MariaDB alternating-users: _a created from the template with its grants, then _b; the previous account stays valid', async (t) => {
    const w = await world(t, ['shop', 'shop_a', 'shop_b']);
    await maria.createUser('shop', 'Template-Pass-0001');
    await maria.query("CREATE DATABASE shopdb; CREATE TABLE shopdb.items (x INT); INSERT INTO shopdb.items VALUES (7); GRANT SELECT ON shopdb.* TO 'shop'@'%';");
    const inputs = { target: 'mysql', 'target-url': maria.url, 'target-user': 'shop', strategy: 'alternating-users', charset: 'ascii', length: '48' };
    const first = await w.run(inputs);
    assert.equal(first.exitCode, 0, first.stdout);
    const [a, aEnv] = w.stored();
    assert.equal(aEnv, a);
    assert.equal(await maria.canLogin('shop_a', a!), true);
    assert.deepEqual(await maria.query('SELECT x FROM shopdb.items', { user: 'shop_a', password: a! }), [['7']], '_a has the template grants');

    const { r: second } = await withReader(
      w,
      async (v) => (await maria.canLogin('shop_a', v)) || (await maria.canLogin('shop_b', v)),
      () => w.run(inputs),
    );
    assert.equal(second.exitCode, 0, second.stdout);
    const [b, bEnv] = w.stored();
    assert.equal(bEnv, b);
    assert.notEqual(b, a);
    assert.equal(second.outputs['active-user'], 'shop_b');
    assert.equal(await maria.canLogin('shop_b', b!), true);
    assert.equal(await maria.canLogin('shop_a', a!), true, 'the previous credential stays valid until the next rotation');
    assert.deepEqual(w.em.contractViolations, []);
  });

  test('MariaDB single-user with every quoting hazard (ascii charset): the old password stops working, the new one logs in', async (t) => {
    const w = await world(t, ['orders']);
    const old = w.h.secret("Old'Pass\\word-0001");
    await maria.createUser('orders', old);
    const r = await w.run({ target: 'mysql', 'target-url': maria.url, 'target-user': 'orders', charset: 'ascii', length: '64', 'current-value': old });
    assert.equal(r.exitCode, 0, r.stdout);
    const [v, vEnv] = w.stored();
    assert.equal(vEnv, v);
    assert.equal(await maria.canLogin('orders', v!), true);
    assert.equal(await maria.canLogin('orders', old), false);
  });

  test('Redis alternating-users: _a created from the template ACL, then _b, with a reader that never fails', async (t) => {
    const w = await world(t, ['cache', 'cache_a', 'cache_b']);
    await redis.createUser('cache', 'Template-Pass-0001');
    const inputs = { target: 'redis', 'target-url': redis.url, 'target-user': 'cache', strategy: 'alternating-users' };
    const first = await w.run(inputs);
    assert.equal(first.exitCode, 0, first.stdout);
    const [a] = w.stored();
    assert.equal(await redis.canLogin('cache_a', a!), true);
    assert.equal(await redis.command(['SET', 'k', 'v'], { user: 'cache_a', password: a! }), 'OK', '_a has the template rules (~* +@all)');
    const { r: second, reads } = await withReader(
      w,
      async (v) => (await redis.canLogin('cache_a', v)) || (await redis.canLogin('cache_b', v)),
      () => w.run(inputs),
    );
    assert.equal(second.exitCode, 0, second.stdout);
    assert.ok(reads > 20, `the reader read ${reads} times`);
    const [b] = w.stored();
    assert.equal(await redis.canLogin('cache_b', b!), true);
    assert.equal(await redis.canLogin('cache_a', a!), true, 'the previous credential stays valid');
    assert.match(second.annotations.map((x) => x.message).join('\n'), /ACL SAVE failed .* only in memory/, 'a server without an ACL file is called out');
  });

  test('Redis single-user: the new password is added, distributed, and only then the old one retired — no dead window', async (t) => {
    const w = await world(t, ['sessions']);
    const old = w.h.secret('Old-Sessions-Pass-0001');
    await redis.createUser('sessions', old);
    for (const s of SCOPES) w.em.seed.secret(s, 'DB_PASSWORD', old);
    const { r, reads } = await withReader(w, (v) => redis.canLogin('sessions', v), () =>
      w.run({ target: 'redis', 'target-url': redis.url, 'target-user': 'sessions' }),
    );
    assert.equal(r.exitCode, 0, r.stdout);
    assert.ok(reads > 20, `the reader read ${reads} times`);
    const [v] = w.stored();
    assert.equal(await redis.canLogin('sessions', v!), true);
    assert.equal(await redis.canLogin('sessions', old), false, 'the old password is retired at the end');
    assert.match(r.summary, /\| retire \| done \| removed 1 old password\(s\) of sessions/);
    const acl = (await redis.command(['ACL', 'GETUSER', 'sessions'])) as unknown[];
    const passwords = acl[acl.findIndex((x) => String(x) === 'passwords') + 1] as unknown[];
    assert.equal(passwords.length, 1, 'exactly one password left');
  });

  test('Redis single-user: a write that may have landed (applied, then 502 on every attempt) is never revoked; the lock stays and a re-run completes', async (t) => {
    const w = await world(t, ['cache']);
    const old = w.h.secret('Old-Cache-Pass-0001');
    await redis.createUser('cache', old);
    w.em.seed.secret(REPO, 'DB_PASSWORD', old);
    const inputs = { destinations: 'github:repo', target: 'redis', 'target-url': redis.url, 'target-user': 'cache' };
    // GitHub stores the secret, and every answer to the PUT is lost to a 502: the action cannot tell it landed.
    w.em.faults.inject({ route: 'PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}', action: 'apply-then-status', status: 502 });
    const first = await w.run(inputs);
    assert.equal(first.exitCode, 1, first.stdout);
    const held = w.h.secret(w.em.secrets.get(REPO, 'DB_PASSWORD')!.plaintext);
    assert.notEqual(held, old, 'GitHub took the new value');
    // Before: the write counted as "not written", so the new password was removed from Redis and the secret held a dead one.
    assert.equal(await redis.canLogin('cache', held), true, 'what the destination may hold still logs in: nothing was revoked');
    assert.equal(await redis.canLogin('cache', old), true, 'the old password too, until a rotation completes');
    const error = first.annotations.find((a) => a.level === 'error')?.message ?? '';
    assert.match(error, /the write to github:repo:octo\/app failed after it was sent, so it may hold the new value: nothing was revoked/);
    // Issue 14.8: the message says what the re-run will really do (no derivation-key: a new value everywhere).
    assert.match(error, /the lock DB_PASSWORD_ROTATION_LOCK stays: re-run this workflow run to complete the rotation with a new value \(no derivation-key, and no destination keeps this one\): it sets it and rewrites every destination/);
    assert.doesNotMatch(error, /no destination was changed|removed the new password/);
    assert.deepEqual(JSON.parse(first.outputs['destinations']!).map((d: { destination: string; result: string }) => [d.destination, d.result]), [['github:repo:octo/app', 'uncertain']]);
    assert.ok(w.em.variables.get(REPO, 'DB_PASSWORD_ROTATION_LOCK'), 'the lock is kept for the re-run');

    w.em.faults.clear();
    const rerun = await w.run(inputs, '2');
    assert.equal(rerun.exitCode, 0, rerun.stdout);
    const [final] = w.stored();
    assert.equal(await redis.canLogin('cache', final!), true, 'the re-run leaves a secret that logs in');
    assert.notEqual(final, held, 'as the message said, the re-run drew a new value and rewrote the destination');
    assert.equal(await redis.canLogin('cache', held), false, 'the value of the failed run is retired with the old one');
    assert.equal(await redis.canLogin('cache', old), false, 'and retires the old password');
    assert.equal(w.em.variables.get(REPO, 'DB_PASSWORD_ROTATION_LOCK'), undefined, 'the lock is released');
  });
});
