// rotate-secret over TLS to real PostgreSQL, MariaDB and Redis servers that refuse plaintext (hostssl
// only, require_secure_transport=ON, a TLS-only port), with a CA and server certificates openssl made
// for this run (the certificate names 127.0.0.1 only). Through the bundle, as the runner runs it:
// each kind rotates over verified TLS with target-ca — the admin connection and the test login alike
// (plaintext would be refused) — and a wrong CA, a wrong host name or plaintext fail before anything
// changed: no lock, no variable, no secret, the old password still logs in.
import assert from 'node:assert/strict';
import { after, before, describe, test, type TestContext } from 'node:test';
import { e2e, type E2E } from '../harness/e2e.ts';
import { startGitHubEmulator, type GitHubEmulator } from '../harness/github/index.ts';
import type { RunResult } from '../harness/runner/index.ts';
import { makeTestCa, startService, type MariaDb, type Postgres, type Redis, type TestCa } from '../harness/services/index.ts';

let ca: TestCa;
let otherCa: TestCa;
let pg: Postgres;
let maria: MariaDb;
let redis: Redis;
before(async () => {
  [ca, otherCa] = await Promise.all([makeTestCa(), makeTestCa('another test CA')]);
  const tls = await ca.server({ ip: ['127.0.0.1'] });
  [pg, maria, redis] = await Promise.all([startService('postgres', { tls }), startService('mariadb', { tls }), startService('redis', { tls })]);
});
after(async () => {
  await Promise.all([pg?.stop(), maria?.stop(), redis?.stop()]);
});

const WRITES = /^(POST|PUT|PATCH|DELETE) /;

interface World {
  em: GitHubEmulator;
  h: E2E;
  run(inputs: Record<string, string>): Promise<RunResult>;
  stored(): string | undefined;
  writes(): string[];
}

let serial = 0;
async function world(t: TestContext, users: string[]): Promise<World> {
  const em = await startGitHubEmulator();
  t.after(() => em.close());
  em.seed.repo('octo/app');
  const token = `ghs_tls${++serial}${'0'.repeat(40)}`.slice(0, 40);
  em.seed.token(token);
  const h = e2e(t, { users: ['admin', ...users] });
  h.haystack(() => em.receivedStrings());
  return {
    em,
    h,
    run: (inputs) =>
      h.run({
        action: 'rotate-secret',
        inputs: { name: 'DB_PASSWORD', destinations: 'github:repo', ...inputs },
        token,
        env: { GITHUB_API_URL: em.url },
        context: { repository: 'octo/app', runId: String(9500 + serial) },
      }),
    stored() {
      const v = em.secrets.get({ repo: 'octo/app' }, 'DB_PASSWORD')?.plaintext;
      if (v !== undefined && v.length >= 4) h.secret(v);
      return v;
    },
    writes: () => em.requests.filter((r) => WRITES.test(r.route)).map((r) => r.route),
  };
}

const errorOf = (r: RunResult): string => r.annotations.find((a) => a.level === 'error')?.message ?? '';
const warningsOf = (r: RunResult): string[] => r.annotations.filter((a) => a.level === 'warning').map((a) => a.message);
/** The URL with another host and a query. */
const at = (url: string, host: string, query = ''): string => {
  const u = new URL(url);
  u.hostname = host;
  u.search = query;
  return u.href;
};

type Kind = 'postgres' | 'mysql' | 'redis';
const KINDS: { kind: Kind; label: string; url: () => string; verify: string; canLogin: (user: string, password: string) => Promise<boolean>; createUser: (user: string, password: string) => Promise<void> }[] = [
  { kind: 'postgres', label: 'PostgreSQL', url: () => pg.url, verify: '?sslmode=verify-full', canLogin: (u, p) => pg.canLogin(u, p), createUser: (u, p) => pg.createUser(u, p) },
  { kind: 'mysql', label: 'MariaDB', url: () => maria.url, verify: '?ssl-mode=VERIFY_IDENTITY', canLogin: (u, p) => maria.canLogin(u, p), createUser: (u, p) => maria.createUser(u, p) },
  { kind: 'redis', label: 'Redis', url: () => redis.url, verify: '', canLogin: (u, p) => redis.canLogin(u, p), createUser: (u, p) => redis.createUser(u, p) },
];

describe('rotate-secret over TLS', { concurrency: 4 }, () => {
  for (const k of KINDS) {
    test(`${k.label}: rotates over verified TLS with target-ca (the admin connection and the test login); the summary says how it connected`, async (t) => {
      const user = `tls_${k.kind}_ok`;
      const w = await world(t, [user]);
      const old = w.h.secret(`Old-${user}-0123456789`);
      await k.createUser(user, old);
      const r = await w.run({ target: k.kind, 'target-url': at(k.url(), '127.0.0.1', k.verify), 'target-user': user, 'target-ca': ca.cert, ...(k.kind === 'redis' ? {} : { 'current-value': old }) });
      assert.equal(r.exitCode, 0, r.stdout);
      const value = w.stored()!;
      assert.equal(await k.canLogin(user, value), true, 'the new value logs in');
      assert.equal(await k.canLogin(user, old), false, 'the old one is retired');
      const mode = k.kind === 'postgres' ? 'sslmode=verify-full' : k.kind === 'mysql' ? 'ssl-mode=VERIFY_IDENTITY' : 'rediss://';
      assert.match(r.summary, new RegExp(`\\| target \\| ${k.kind}, user ${user}, TLS verify-full \\(${mode.replace(/[/.]/g, '\\$&')}\\) \\|`));
      assert.match(r.summary, /\| test \| done \| logged in as /);
      assert.deepEqual(warningsOf(r).filter((m) => /TLS|plaintext/.test(m)), [], 'nothing to warn about TLS');
    });

    test(`${k.label}: a certificate from another CA fails before anything changed`, async (t) => {
      const user = `tls_${k.kind}_ca`;
      const w = await world(t, [user]);
      const old = w.h.secret(`Old-${user}-0123456789`);
      await k.createUser(user, old);
      const r = await w.run({ target: k.kind, 'target-url': at(k.url(), '127.0.0.1', k.verify), 'target-user': user, 'target-ca': otherCa.cert });
      assert.equal(r.exitCode, 1);
      assert.match(errorOf(r), new RegExp(`Could not connect to the ${k.kind} target at 127\\.0\\.0\\.1:\\d+ as 'admin': the server was not accepted: its TLS certificate does not chain to a CA this run trusts .*check target-ca is the CA that signed it`));
      assert.deepEqual(w.writes(), [], 'no lock, no variable, no secret');
      assert.equal(await k.canLogin(user, old), true, 'the target was not changed');
    });

    test(`${k.label}: a host name the certificate does not hold fails before anything changed`, async (t) => {
      const user = `tls_${k.kind}_host`;
      const w = await world(t, [user]);
      const old = w.h.secret(`Old-${user}-0123456789`);
      await k.createUser(user, old);
      const r = await w.run({ target: k.kind, 'target-url': at(k.url(), 'localhost', k.verify), 'target-user': user, 'target-ca': ca.cert });
      assert.equal(r.exitCode, 1);
      assert.match(errorOf(r), /the server was not accepted: its TLS certificate does not name the host of target-url .*connect to a name the certificate holds/);
      assert.deepEqual(w.writes(), []);
      assert.equal(await k.canLogin(user, old), true, 'the target was not changed');
    });
  }

  test('PostgreSQL: verify-ca checks the chain, not the name (localhost passes); require checks nothing and says so in the summary', async (t) => {
    const w = await world(t, ['tls_pg_modes']);
    const old = w.h.secret('Old-tls_pg_modes-0123456789');
    await pg.createUser('tls_pg_modes', old);
    const byChain = await w.run({ target: 'postgres', 'target-url': at(pg.url, 'localhost', '?sslmode=verify-ca'), 'target-user': 'tls_pg_modes', 'target-ca': ca.cert });
    assert.equal(byChain.exitCode, 0, byChain.stdout);
    assert.equal(await pg.canLogin('tls_pg_modes', w.stored()!), true);
    const unchecked = await w.run({ target: 'postgres', 'target-url': at(pg.url, '127.0.0.1', '?sslmode=require'), 'target-user': 'tls_pg_modes' });
    assert.equal(unchecked.exitCode, 0, unchecked.stdout);
    assert.equal(await pg.canLogin('tls_pg_modes', w.stored()!), true);
    const warning = /target-url asks for TLS without verification \(sslmode=require\): anyone on the path to 127\.0\.0\.1 can pose as the server/;
    assert.ok(warningsOf(unchecked).some((m) => warning.test(m)), warningsOf(unchecked).join('\n'));
    assert.match(unchecked.summary, /> \*\*Warning:\*\* target-url asks for TLS without verification/);
  });

  test('PostgreSQL and MariaDB: plaintext (the loopback default) to a server that insists on TLS fails, saying to ask for TLS', async (t) => {
    const w = await world(t, ['tls_plain']);
    const old = w.h.secret('Old-tls_plain-0123456789');
    await pg.createUser('tls_plain', old);
    await maria.createUser('tls_plain', old);
    const postgres = await w.run({ target: 'postgres', 'target-url': pg.url, 'target-user': 'tls_plain' });
    assert.equal(postgres.exitCode, 1);
    assert.match(errorOf(postgres), /the server accepts only TLS connections and target-url connects without \(default for a loopback host\); ask for TLS in target-url/);
    // MariaDB does not say why it refuses a plaintext login: the message says what it may mean.
    const mysql = await w.run({ target: 'mysql', 'target-url': maria.url, 'target-user': 'tls_plain' });
    assert.equal(mysql.exitCode, 1);
    assert.match(errorOf(mysql), /the admin credential of target-url was rejected \(a server that requires TLS refuses a plaintext login so too: then ask for TLS with ssl-mode in target-url\)/);
    assert.deepEqual(w.writes(), []);
    assert.equal(await pg.canLogin('tls_plain', old), true);
  });
});
