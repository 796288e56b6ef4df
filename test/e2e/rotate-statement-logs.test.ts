// The new password never reaches a server's log in clear. The real servers log every statement
// (PostgreSQL log_statement = all, with password_encryption = md5 so the server would happily hash
// a plaintext; MariaDB's general query log; Redis MONITOR and a slow log of every command),
// rotations run through the shipped bundle with both strategies and the charset with every quoting
// hazard, and the leak scanner reads the logs for every form of every value GitHub now holds. Each
// test also checks the log did record the rotation's statements, so an empty log cannot pass.
// (Redis 7 leaves administrative commands out of MONITOR and redacts ACL SETUSER's arguments in the
// slow log, so there the server guards its logs itself; the scan still covers both.)
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test, type TestContext } from 'node:test';
import { e2e, type E2E } from '../harness/e2e.ts';
import { startGitHubEmulator, type GitHubEmulator } from '../harness/github/index.ts';
import type { RunResult } from '../harness/runner/index.ts';
import { startService, type MariaDb, type Postgres, type Redis } from '../harness/services/index.ts';

let pg: Postgres;
let maria: MariaDb;
let redis: Redis;
let pgLog: () => string;
let mariaLog: () => string;
let monitor: { lines(): string[]; stop(): void };
let slowlog: () => Promise<string[]>;
before(async () => {
  [pg, maria, redis] = await Promise.all([startService('postgres'), startService('mariadb'), startService('redis')]);
  // A server that stores md5 would hash a plaintext it is sent: the action must not send one.
  await pg.query("ALTER SYSTEM SET password_encryption = 'md5'; SELECT pg_reload_conf();");
  [pgLog, mariaLog, monitor, slowlog] = await Promise.all([pg.logStatements(), maria.logStatements(), redis.monitor(), redis.slowlog()]);
});
after(async () => {
  monitor?.stop();
  await Promise.all([pg?.stop(), maria?.stop(), redis?.stop()]);
});

const REPO = { repo: 'octo/app' };

interface World {
  h: E2E;
  run(inputs: Record<string, string>): Promise<RunResult>;
  stored(): string;
}

let serial = 0;
async function world(t: TestContext, users: string[], log: { where: string; read: () => string | Promise<string> }): Promise<World> {
  const em: GitHubEmulator = await startGitHubEmulator();
  t.after(() => em.close());
  em.seed.repo('octo/app');
  const token = `ghs_statementLog${++serial}${'0'.repeat(40)}`.slice(0, 40);
  em.seed.token(token);
  const h = e2e(t, { users: ['admin', ...users] });
  h.haystack(() => em.receivedStrings());
  h.haystack(async () => [{ where: log.where, text: await log.read() }]);
  return {
    h,
    run: (inputs) =>
      h.run({
        action: 'rotate-secret',
        inputs: { name: 'DB_PASSWORD', destinations: 'github:repo', charset: 'ascii', length: '40', ...inputs },
        token,
        env: { GITHUB_API_URL: em.url },
        context: { repository: 'octo/app', runId: String(7100 + serial) },
      }),
    stored: () => h.secret(em.secrets.get(REPO, 'DB_PASSWORD')!.plaintext),
  };
}

describe('statement logs on: no plaintext password in them', { concurrency: 6 }, () => {
  for (const strategy of ['single-user', 'alternating-users'] as const) {
    test(`PostgreSQL (password_encryption = md5), ${strategy}: SCRAM verifiers only, and they log in`, async (t) => {
      const user = `stmtpg${strategy === 'single-user' ? 's' : 'a'}`;
      const w = await world(t, [user, `${user}_a`, `${user}_b`], { where: 'postgres statement log', read: () => pgLog() });
      await pg.query(`CREATE ROLE ${user} LOGIN;`);
      const inputs = { target: 'postgres', 'target-url': pg.url, 'target-user': user, strategy };
      for (let round = 0; round < 2; round++) {
        const r = await w.run(inputs);
        assert.equal(r.exitCode, 0, r.stdout);
        const active = r.outputs['active-user']!;
        assert.equal(await pg.canLogin(active, w.stored()), true, `${active} logs in with what GitHub holds`);
      }
      const statements = pgLog().split('\n').filter((l) => new RegExp(`statement: (ALTER|CREATE) ROLE "${user}`).test(l));
      assert.ok(statements.length >= 2, `the log recorded the rotation: ${statements.length} statement(s)`);
      assert.ok(statements.every((l) => /PASSWORD 'SCRAM-SHA-256\$4096:/.test(l)), statements.join('\n'));
    });

    test(`MariaDB general log, ${strategy}: mysql_native_password hashes only, and they log in`, async (t) => {
      const user = `stmtmy${strategy === 'single-user' ? 's' : 'a'}`;
      const w = await world(t, [user, `${user}_a`, `${user}_b`], { where: 'mariadb general log', read: () => mariaLog() });
      await maria.query(`CREATE USER '${user}'@'%'; CREATE USER '${user}'@'127.0.0.1'; GRANT SELECT ON mysql.db TO '${user}'@'%';`);
      const inputs = { target: 'mysql', 'target-url': maria.url, 'target-user': user, strategy };
      for (let round = 0; round < 2; round++) {
        const r = await w.run(inputs);
        assert.equal(r.exitCode, 0, r.stdout);
        const active = r.outputs['active-user']!;
        assert.equal(await maria.canLogin(active, w.stored()), true, `${active} logs in with what GitHub holds`);
      }
      const statements = mariaLog().split('\n').filter((l) => l.includes(`'${user}`) && /(ALTER|CREATE) USER .*IDENTIFIED/.test(l));
      assert.ok(statements.length >= 2, `the log recorded the rotation: ${statements.length} statement(s)`);
      assert.ok(statements.every((l) => /IDENTIFIED BY PASSWORD '\*[0-9A-F]{40}'/.test(l)), statements.join('\n'));
    });

    test(`Redis MONITOR, ${strategy}: SHA-256 hashes only, and they log in`, async (t) => {
      const user = `stmtrd${strategy === 'single-user' ? 's' : 'a'}`;
      const w = await world(t, [user, `${user}_a`, `${user}_b`], { where: 'redis MONITOR and slow log', read: async () => [...monitor.lines(), ...(await slowlog())].join('\n') });
      await redis.command(['ACL', 'SETUSER', user, 'on', 'nopass', '~cache:*', '+get', '+set']);
      const inputs = { target: 'redis', 'target-url': redis.url, 'target-user': user, strategy };
      let active = '';
      for (let round = 0; round < 2; round++) {
        const r = await w.run(inputs);
        assert.equal(r.exitCode, 0, r.stdout);
        active = r.outputs['active-user']!;
        assert.equal(await redis.canLogin(active, w.stored()), true, `${active} logs in with what GitHub holds`);
      }
      const entries = await slowlog();
      assert.ok(entries.filter((l) => /^ACL SETUSER/i.test(l)).length >= 2, 'the slow log recorded the rotation\'s ACL SETUSER commands');
      assert.ok(monitor.lines().filter((l) => l.includes('"AUTH" "(redacted)"')).length >= 2, 'MONITOR saw the logins (their AUTH, redacted by Redis)');
      // What the ACL holds is the SHA-256 of what GitHub holds: the form the action sends.
      const acl = (await redis.command(['ACL', 'GETUSER', active])) as unknown[];
      const hashes = acl[acl.findIndex((x) => String(x) === 'passwords') + 1] as string[];
      assert.deepEqual(hashes, [createHash('sha256').update(w.stored()).digest('hex')]);
    });
  }
});
