// Alternating users on MariaDB are made statement by statement (one account per host, then the
// template's grants), so a run killed between two statements leaves a half-made user. For every N,
// the bundle is killed (SIGKILL) when its Nth statement reaches the server — a proxy in front of
// MariaDB holds it — and the workflow run is re-run. After the kill the half-made user is never
// active; after the re-run it has exactly the template's hosts and privileges (read back from
// mysql.user and information_schema, not through the action's own code), logs in with what GitHub
// holds, and only then is active. A user a failed GRANT left short is repaired the same way.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test, type TestContext } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { e2e, type E2E } from '../harness/e2e.ts';
import { startGitHubEmulator, type GitHubEmulator } from '../harness/github/index.ts';
import type { RunResult } from '../harness/runner/index.ts';
import { startService } from '../harness/services/index.ts';
import { startStatementProxy, type StatementProxy } from '../harness/services/statement-proxy.ts';

const maria = await startService('mariadb');
const dir = mkdtempSync(join(tmpdir(), 'rotate-mysql-crash-'));
const probe = join(dir, 'pid.mjs');
// Loaded into the bundle's process with --import: tells the test which process to kill.
writeFileSync(probe, "import { writeFileSync } from 'node:fs';\nif (process.env.ROTATE_PID_FILE) writeFileSync(process.env.ROTATE_PID_FILE, String(process.pid));\n");
after(async () => {
  await maria.stop();
  rmSync(dir, { recursive: true, force: true });
});

const REPO = { repo: 'octo/app' };
const TOKEN = 'ghs_mysqlCrashMatrix000000000000000000000';
const DERIVATION_KEY = 'n7c0YkJ5dC2hWm9qT4rL1xVb8zE3sA6gPuFoQiNeK0M=';
const HOSTS = ['%', '127.0.0.1'];

interface Case {
  em: GitHubEmulator;
  h: E2E;
  proxy: StatementProxy;
  user: string;
  run(attempt: string, pidFile?: string): Promise<RunResult>;
}

/** A template with two hosts and different grants on each (schema, table, grant option). */
async function template(user: string): Promise<void> {
  await maria.query(
    `CREATE DATABASE IF NOT EXISTS ${user}db; CREATE TABLE IF NOT EXISTS ${user}db.t (x INT); INSERT INTO ${user}db.t VALUES (1);` +
      `CREATE USER '${user}'@'%' IDENTIFIED BY 'Template-Pass-0001'; CREATE USER '${user}'@'127.0.0.1' IDENTIFIED BY 'Template-Pass-0001';` +
      `GRANT SELECT ON ${user}db.* TO '${user}'@'%'; GRANT SELECT, INSERT ON ${user}db.t TO '${user}'@'127.0.0.1' WITH GRANT OPTION;` +
      `GRANT UPDATE ON ${user}db.* TO '${user}'@'127.0.0.1';`,
  );
}

async function setup(t: TestContext, user: string): Promise<Case> {
  const em = await startGitHubEmulator();
  t.after(() => em.close());
  em.seed.repo('octo/app');
  em.seed.token(TOKEN);
  const proxy = await startStatementProxy(maria.port);
  t.after(() => proxy.close());
  await template(user);
  const url = new URL(maria.url);
  url.port = String(proxy.port);
  const h = e2e(t, { users: ['admin', user, `${user}_a`, `${user}_b`] });
  h.secret(DERIVATION_KEY);
  h.haystack(() => em.receivedStrings());
  return {
    em,
    h,
    proxy,
    user,
    run: (attempt, pidFile) =>
      h.run({
        action: 'rotate-secret',
        inputs: {
          name: 'DB_PASSWORD',
          destinations: 'github:repo',
          target: 'mysql',
          'target-url': url.href,
          'target-user': user,
          strategy: 'alternating-users',
          'derivation-key': DERIVATION_KEY,
        },
        token: TOKEN,
        env: { GITHUB_API_URL: em.url, ...(pidFile ? { NODE_OPTIONS: `--import ${probe}`, ROTATE_PID_FILE: pidFile } : {}) },
        context: { repository: 'octo/app', runId: '7300', runAttempt: attempt },
      }),
  };
}

/** What MariaDB itself says a user has, per host: its accounts and every privilege, written without the user's name. */
async function privileges(user: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  const hosts = (await maria.query(`SELECT Host FROM mysql.user WHERE User = '${user}' ORDER BY Host`)).map(([h]) => h!);
  for (const host of hosts) {
    const grantee = `'${user}'@'${host}'`;
    const rows = await maria.query(
      `SELECT 'global', PRIVILEGE_TYPE, IS_GRANTABLE FROM information_schema.USER_PRIVILEGES WHERE GRANTEE = "${grantee}"
       UNION ALL SELECT TABLE_SCHEMA, PRIVILEGE_TYPE, IS_GRANTABLE FROM information_schema.SCHEMA_PRIVILEGES WHERE GRANTEE = "${grantee}"
       UNION ALL SELECT CONCAT(TABLE_SCHEMA, '.', TABLE_NAME), PRIVILEGE_TYPE, IS_GRANTABLE FROM information_schema.TABLE_PRIVILEGES WHERE GRANTEE = "${grantee}"`,
    );
    out[host] = rows.map((r) => r.join(' ')).sort();
  }
  return out;
}

/** Runs attempt 1 and kills it (SIGKILL) when its statement n reaches the proxy. True when it was killed. */
async function crashAt(c: Case, n: number): Promise<{ killed: boolean; result: RunResult }> {
  c.proxy.holdFrom(n);
  const pidFile = join(dir, `${c.user}.pid`);
  let finished: RunResult | undefined;
  const running = c.run('1', pidFile).then((r) => (finished = r));
  let killed = false;
  while (finished === undefined) {
    if (c.proxy.held()) {
      process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGKILL');
      killed = true;
      break;
    }
    await sleep(5);
  }
  const result = await running;
  c.proxy.clear();
  return { killed, result };
}

// The statements of one uninterrupted rotation that creates <user>_a, counted on a reference run.
const reference = await (async () => {
  const em = await startGitHubEmulator();
  em.seed.repo('octo/app');
  em.seed.token(TOKEN);
  const proxy = await startStatementProxy(maria.port);
  try {
    await template('mcref');
    const url = new URL(maria.url);
    url.port = String(proxy.port);
    const { runAction } = await import('../harness/runner/index.ts');
    const r = await runAction({
      action: 'rotate-secret',
      inputs: { name: 'DB_PASSWORD', destinations: 'github:repo', target: 'mysql', 'target-url': url.href, 'target-user': 'mcref', strategy: 'alternating-users', 'derivation-key': DERIVATION_KEY },
      token: TOKEN,
      env: { GITHUB_API_URL: em.url },
      context: { repository: 'octo/app', runId: '7299' },
    });
    if (r.exitCode !== 0) throw new Error(`the reference rotation failed: ${r.stdout}`);
    return { statements: [...proxy.statements], privileges: await privileges('mcref_a'), template: await privileges('mcref') };
  } finally {
    await proxy.close();
    await em.close();
  }
})();

describe('MariaDB alternating users: killed between every two statements, then re-run', { concurrency: 6 }, () => {
  test('the reference rotation made <user>_a with exactly the template\'s hosts and privileges, hashes only', () => {
    assert.deepEqual(Object.keys(reference.template).sort(), [...HOSTS].sort());
    assert.deepEqual(reference.privileges, reference.template);
    const made = reference.statements.filter((s) => /^(CREATE USER|GRANT|REVOKE|ALTER USER|DROP USER)/.test(s));
    assert.ok(made.length >= 4, made.join('\n'));
    assert.ok(made.filter((s) => /IDENTIFIED/.test(s)).every((s) => /IDENTIFIED BY PASSWORD '\*[0-9A-F]{40}'/.test(s)), made.join('\n'));
  });

  for (let n = 1; n <= reference.statements.length + 1; n++) {
    const last = n > reference.statements.length;
    test(`killed at statement ${n}${last ? ' (past the last: no crash)' : ` (${reference.statements[n - 1]!.slice(0, 40).replace(/mcref/g, 'USER')}…)`}`, async (t) => {
      const c = await setup(t, `mc${n}`);
      const { killed, result } = await crashAt(c, n);
      assert.equal(killed, !last, `the rotation sends ${reference.statements.length} statements`);
      if (!killed) assert.equal(result.exitCode, 0, result.stdout);

      // After the kill: a user that does not (yet) match the template is never the active one.
      const active = c.em.variables.get(REPO, 'DB_PASSWORD_ACTIVE_USER')?.value;
      if (active !== undefined) assert.deepEqual(await privileges(active), await privileges(c.user), 'an active user always matches the template');
      else assert.equal(c.em.secrets.get(REPO, 'DB_PASSWORD'), undefined, 'nothing was distributed before the user was complete');
      if (!killed) return;

      const rerun = await c.run('2');
      assert.equal(rerun.exitCode, 0, rerun.stdout);
      assert.deepEqual(await privileges(`${c.user}_a`), await privileges(c.user), 'exactly the template\'s hosts and privileges');
      const value = c.h.secret(c.em.secrets.get(REPO, 'DB_PASSWORD')!.plaintext);
      assert.equal(await maria.canLogin(`${c.user}_a`, value), true, 'logs in with what GitHub holds');
      assert.deepEqual(await maria.query(`SELECT x FROM ${c.user}db.t`, { user: `${c.user}_a`, password: value }), [['1']], 'and can do what the template can');
      assert.equal(c.em.variables.get(REPO, 'DB_PASSWORD_ACTIVE_USER')?.value, `${c.user}_a`);
      assert.equal(c.em.variables.get(REPO, 'DB_PASSWORD_ROTATION_LOCK'), undefined);
    });
  }

  test('a user left short by a GRANT that failed (no crash), and with a host too many: repaired before it is activated', async (t) => {
    const c = await setup(t, 'mcshort');
    // _a exists on one host of the template with USAGE only, and on a host the template has not.
    await maria.query(
      "CREATE USER 'mcshort_a'@'%' IDENTIFIED BY 'Stale-Pass-0001'; CREATE USER 'mcshort_a'@'10.0.0.1' IDENTIFIED BY 'Stale-Pass-0001';" +
        "GRANT DELETE ON mcshortdb.* TO 'mcshort_a'@'%';",
    );
    const r = await c.run('1');
    assert.equal(r.exitCode, 0, r.stdout);
    assert.match(r.summary, /dropped mcshort_a@10\.0\.0\.1.*created mcshort_a@127\.0\.0\.1/);
    assert.deepEqual(await privileges('mcshort_a'), await privileges('mcshort'));
    const value = c.h.secret(c.em.secrets.get(REPO, 'DB_PASSWORD')!.plaintext);
    assert.equal(await maria.canLogin('mcshort_a', value), true);
    assert.equal(c.em.variables.get(REPO, 'DB_PASSWORD_ACTIVE_USER')?.value, 'mcshort_a');
  });
});
