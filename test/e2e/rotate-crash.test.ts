// rotate-secret crash safety: for every N, the bundle is killed (SIGKILL: no handler, no cleanup)
// when the GitHub emulator receives its Nth request — every boundary between the run's steps, the
// database statements included, sits between two of its requests — then the workflow run is
// re-run (attempt 2). After the kill, and after the re-run, the invariants of issue 5 must hold:
// - alternating-users: at every instant every destination holds a credential that logs in;
// - single-user: after the re-run, every destination holds the value that logs in, the old one
//   is dead, and a value a destination received before the crash is the value it keeps (resumed,
//   not regenerated: nothing a destination held is lost);
// - the lock is gone, the rotation recorded.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { e2e, type E2E } from '../harness/e2e.ts';
import { startGitHubEmulator, type GitHubEmulator } from '../harness/github/index.ts';
import type { RunResult } from '../harness/runner/index.ts';
import { startService, type Postgres } from '../harness/services/index.ts';

let pg: Postgres;
let dir: string;
let probe: string;
before(async () => {
  pg = await startService('postgres');
  dir = mkdtempSync(join(tmpdir(), 'rotate-crash-'));
  probe = join(dir, 'pid.mjs');
  // Loaded into the bundle's process with --import: tells the test which process to kill.
  writeFileSync(probe, "import { writeFileSync } from 'node:fs';\nif (process.env.ROTATE_PID_FILE) writeFileSync(process.env.ROTATE_PID_FILE, String(process.pid));\n");
});
after(async () => {
  await pg?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const REPO = { repo: 'octo/app' };
const ENV = { repo: 'octo/app', environment: 'production' };
const SCOPES = [REPO, ENV];
const TOKEN = 'ghs_crashMatrixToken000000000000000000000';
/** The same value on every attempt comes from derivation-key (random bytes, base64). */
const DERIVATION_KEY = 'QRVxZxktM8KL7fumV+/xHW8en20nG3IBikn3pTdg3QE=';

/** Requests of an uninterrupted second rotation (state seeded): reads, keys, lock, 2 PUTs (alternating: 4, the user beside each), the lock read back, records, unlock. */
const REQUESTS = { 'alternating-users': 14, 'single-user': 10 } as const;
/** Which of them creates the lock (POST). */
const LOCK_AT = { 'alternating-users': 6, 'single-user': 5 } as const;
type Strategy = keyof typeof REQUESTS;

interface Case {
  em: GitHubEmulator;
  h: E2E;
  user: string;
  old: string;
  run(attempt: string, pidFile?: string): Promise<RunResult>;
}

async function setup(t: TestContext, strategy: Strategy, n: number): Promise<Case> {
  const em = await startGitHubEmulator();
  t.after(() => em.close());
  em.seed.repo('octo/app');
  em.seed.environment('octo/app', 'production');
  em.seed.token(TOKEN);
  const user = `crash_${strategy === 'single-user' ? 's' : 'a'}${n}`;
  const old = `Old-${user}-0123456789`;
  if (strategy === 'alternating-users') {
    await pg.createUser(user, `Template-${user}-0001`);
    await pg.createUser(`${user}_a`, old);
    await pg.createUser(`${user}_b`, `Older-${user}-0123456789`);
    em.seed.variable(REPO, 'DB_PASSWORD_ACTIVE_USER', `${user}_a`);
  } else {
    await pg.createUser(user, old);
  }
  for (const scope of SCOPES) em.seed.secret(scope, 'DB_PASSWORD', old);
  em.seed.variable(REPO, 'DB_PASSWORD_ROTATED_AT', new Date(Date.now() - 3 * 86_400_000).toISOString());
  const h = e2e(t, { users: ['admin', user, `${user}_a`, `${user}_b`] });
  h.secret(old);
  h.secret(DERIVATION_KEY);
  h.haystack(() => em.receivedStrings());
  return {
    em,
    h,
    user,
    old,
    run: (attempt, pidFile) =>
      h.run({
        action: 'rotate-secret',
        inputs: {
          name: 'DB_PASSWORD',
          destinations: 'github:repo\ngithub:environment:production',
          target: 'postgres',
          'target-url': pg.url,
          'target-user': user,
          strategy,
          'rotate-if-older-than': '1d',
          'derivation-key': DERIVATION_KEY,
        },
        token: TOKEN,
        env: { GITHUB_API_URL: em.url, ...(pidFile ? { NODE_OPTIONS: `--import ${probe}`, ROTATE_PID_FILE: pidFile } : {}) },
        context: { repository: 'octo/app', runId: '7000', runAttempt: attempt },
      }),
  };
}

/** Runs attempt 1, killing it with SIGKILL as soon as request n reaches the emulator. True when it was killed. */
async function crashAt(c: Case, n: number): Promise<{ killed: boolean; result: RunResult }> {
  c.em.faults.inject({ route: '*', from: n, action: 'hang' });
  const pidFile = join(dir, `${c.user}.pid`);
  let finished: RunResult | undefined;
  const running = c.run('1', pidFile).then((r) => (finished = r));
  let killed = false;
  while (finished === undefined) {
    if (c.em.requests.some((r) => r.fault === 'hang')) {
      process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGKILL');
      killed = true;
      break;
    }
    await sleep(5);
  }
  const result = await running;
  c.em.faults.clear();
  return { killed, result };
}

async function logsInAsEither(user: string, password: string): Promise<boolean> {
  return (await pg.canLogin(`${user}_a`, password)) || (await pg.canLogin(`${user}_b`, password));
}

for (const strategy of Object.keys(REQUESTS) as Strategy[]) {
  describe(`crash at every request boundary, then re-run: ${strategy}`, { concurrency: 12 }, () => {
    for (let n = 1; n <= REQUESTS[strategy] + 1; n++) {
      test(`killed at request ${n}${n > REQUESTS[strategy] ? ' (past the last: no crash)' : ''}`, async (t) => {
        const c = await setup(t, strategy, n);
        const { killed, result } = await crashAt(c, n);
        assert.equal(killed, n <= REQUESTS[strategy], `the run makes ${REQUESTS[strategy]} requests`);
        if (killed) assert.equal(result.steps[0]?.signal, 'SIGKILL');
        else assert.equal(result.exitCode, 0, result.stdout);

        // After the crash: what each destination holds.
        const held = SCOPES.map((s) => c.em.secrets.get(s, 'DB_PASSWORD')!.plaintext);
        const fresh = held.filter((v) => v !== c.old);
        for (const v of fresh) c.h.secret(v);
        if (strategy === 'alternating-users') {
          for (const v of held) assert.equal(await logsInAsEither(c.user, v), true, 'every destination holds a credential that logs in, even mid-crash');
          assert.equal(await pg.canLogin(`${c.user}_a`, c.old), true, 'the active credential was never touched');
        } else {
          for (const v of fresh) assert.equal(await pg.canLogin(c.user, v), true, 'a value already distributed logs in');
        }
        if (!killed) return;
        const locked = c.em.variables.get(REPO, 'DB_PASSWORD_ROTATION_LOCK') !== undefined;
        assert.equal(locked, n > LOCK_AT[strategy], 'the lock (the resume point) outlives a crash after it was written');

        const rerun = await c.run('2');
        assert.equal(rerun.exitCode, 0, rerun.stdout);
        const final = SCOPES.map((s) => c.em.secrets.get(s, 'DB_PASSWORD')!.plaintext);
        assert.equal(final[0], final[1], 'every destination holds the same value');
        const value = final[0]!;
        for (const v of fresh) assert.equal(value, v, 'a value a destination received before the crash is kept: the rotation resumed');
        const active = c.em.variables.get(REPO, 'DB_PASSWORD_ACTIVE_USER')?.value ?? c.user;
        assert.equal(await pg.canLogin(active, value), true, 'the value everyone holds logs in');
        if (strategy === 'alternating-users') {
          assert.equal(active, `${c.user}_b`);
          assert.equal(await pg.canLogin(`${c.user}_a`, c.old), true, 'the previous credential stays valid until the next rotation');
        } else if (value !== c.old) {
          assert.equal(await pg.canLogin(c.user, c.old), false, 'single-user: the old password is retired');
        }
        assert.equal(c.em.variables.get(REPO, 'DB_PASSWORD_ROTATION_LOCK'), undefined, 'the lock is released');
        const rotatedAt = Date.parse(c.em.variables.get(REPO, 'DB_PASSWORD_ROTATED_AT')!.value);
        assert.ok(Date.now() - rotatedAt < 120_000, 'the rotation is recorded');
        assert.deepEqual(c.em.contractViolations, []);
      });
    }
  });
}
