// rotate-secret's control plane is untrusted: anyone with collaborator access (or a token with
// `variables: write`) can write the repository variables it keeps its lock and rotation time in.
// Each test writes what such a person could, runs the shipped bundle as the runner does, and checks
// the run fails loudly — naming the variable, echoing nothing, changing nothing — instead of
// resuming, skipping or printing what it was given. Also: a derived value reveals nothing about the
// admin credential, and a new organisation secret is never readable by every repository by default.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test, type TestContext } from 'node:test';
import { e2e, SECRET_INPUT_PATTERN, type E2E } from '../harness/e2e.ts';
import { startGitHubEmulator, type GitHubEmulator } from '../harness/github/index.ts';
import type { RunResult } from '../harness/runner/index.ts';
import { startService, type Postgres, type Redis } from '../harness/services/index.ts';

let pg: Postgres;
let redis: Redis;
before(async () => {
  [pg, redis] = await Promise.all([startService('postgres'), startService('redis')]);
});
after(async () => {
  await Promise.all([pg?.stop(), redis?.stop()]);
});

const REPO = { repo: 'octo/app' };
const ENV = { repo: 'octo/app', environment: 'production' };
const LOCK = 'DB_PASSWORD_ROTATION_LOCK';
const WRITES = /^(POST|PUT|PATCH|DELETE) /;
const RUN_ID = '4242';

interface World {
  em: GitHubEmulator;
  h: E2E;
  user: string;
  run(inputs: Record<string, string>, opts?: { attempt?: string }): Promise<RunResult>;
  writes(): string[];
}

let serial = 0;
async function world(t: TestContext, label: string, opts: { secretInputs?: RegExp } = {}): Promise<World> {
  const em = await startGitHubEmulator();
  t.after(() => em.close());
  em.seed.org('octo');
  em.seed.repo('octo/app');
  em.seed.environment('octo/app', 'production');
  const token = `ghs_sec${label}${'0'.repeat(40)}`.slice(0, 40);
  em.seed.token(token);
  const user = `sec${label}${++serial}`;
  const h = e2e(t, { users: ['admin', 'ops', user, `${user}_a`, `${user}_b`], ...opts });
  h.haystack(() => em.receivedStrings());
  return {
    em,
    h,
    user,
    run: (inputs, opts = {}) =>
      h.run({
        action: 'rotate-secret',
        inputs: { name: 'DB_PASSWORD', destinations: 'github:repo\ngithub:environment:production', ...inputs },
        token,
        env: { GITHUB_API_URL: em.url },
        context: { repository: 'octo/app', runId: RUN_ID, runAttempt: opts.attempt ?? '1' },
      }),
    writes: () => em.requests.filter((r) => WRITES.test(r.route)).map((r) => `${r.route} ${r.status}`),
  };
}

/** A lock record as this action writes it (unsigned), with whatever a collaborator changes. */
function forgedLock(user: string, over: Record<string, unknown> = {}): string {
  const now = Date.now();
  return JSON.stringify({
    v: 2,
    owner: '0123456789abcdef',
    run: { id: RUN_ID, attempt: 1, job: 'rotate' },
    version: '20261201T000000Z-0123456789ab',
    strategy: 'alternating-users',
    user: `${user}_a`,
    previousUser: `${user}_b`,
    settings: '0123456789abcdef',
    value: 'random',
    startedAt: new Date(now - 60_000).toISOString(),
    leaseUntil: new Date(now - 1_000).toISOString(),
    takenFrom: [],
    mac: '',
    ...over,
  });
}

const errorOf = (r: RunResult): string => r.annotations.find((a) => a.level === 'error')?.message ?? '';
const processed = (r: RunResult): string[] => r.transcript.flatMap((l) => (l.command ? [l.command.name] : []));

describe('rotate-secret refuses what a collaborator can write into its variables', { concurrency: 6 }, () => {
  test('a forged lock whose run id would stop workflow commands: refused loudly, nothing of it printed, nothing changed', async (t) => {
    const w = await world(t, 'inject');
    await pg.createUser(w.user, 'Template-Pass-0001');
    await pg.createUser(`${w.user}_a`, w.h.secret('Active-Pass-0001'));
    w.em.seed.variable(REPO, 'DB_PASSWORD_ACTIVE_USER', `${w.user}_a`);
    w.em.seed.variable(REPO, LOCK, forgedLock(w.user, { run: { id: '7\n::stop-commands::pwned\n', attempt: 1, job: 'rotate' } }));
    const r = await w.run({ target: 'postgres', 'target-url': pg.url, 'target-user': w.user, strategy: 'alternating-users' }, { attempt: '2' });
    assert.equal(r.exitCode, 1);
    assert.match(errorOf(r), /the lock variable DB_PASSWORD_ROTATION_LOCK holds something this action did not write, so it is refused: run\.id is not a number of up to 20 digits\. If no rotation is running, delete the variable/);
    assert.ok(!processed(r).includes('stop-commands'), 'no workflow command was issued by the variable');
    assert.doesNotMatch(r.stdout + r.stderr, /pwned/);
    assert.deepEqual(w.writes(), [], 'nothing was written');
    assert.equal(await pg.canLogin(`${w.user}_a`, 'Active-Pass-0001'), true, 'the active user was not touched');
  });

  test('a rotated-at with a comment Date.parse accepts, and one in the future: refused naming the variable, not echoed, never a green skip', async (t) => {
    const w = await world(t, 'rotatedat');
    const cases: Array<[string, RegExp]> = [
      ['2099-01-01 (##[stop-commands]pwn)', /the variable DB_PASSWORD_ROTATED_AT does not hold a UTC time as this action writes it \(33 characters\)/],
      ['9999-12-31T00:00:00.000Z', /the variable DB_PASSWORD_ROTATED_AT holds a time in the future \(9999-12-31T00:00:00\.000Z\), which would suppress every rotation until then/],
    ];
    for (const [value, why] of cases) {
      w.em.seed.variable(REPO, 'DB_PASSWORD_ROTATED_AT', value);
      const r = await w.run({ 'rotate-if-older-than': '7d' });
      assert.equal(r.exitCode, 1, value);
      assert.match(errorOf(r), why);
      assert.ok(!processed(r).includes('stop-commands'), value);
      assert.doesNotMatch(r.stdout + r.stderr, /##\[/);
      assert.equal(JSON.parse(r.outputs['record'] ?? '{}').outcome, 'failure');
    }
    assert.deepEqual(w.writes(), []);
  });

  test('a lock leased until 9999 fails the run naming the variable, instead of blocking rotations silently', async (t) => {
    const w = await world(t, 'lease');
    w.em.seed.variable(REPO, LOCK, forgedLock('', { strategy: 'single-user', user: '', previousUser: '', run: { id: '1', attempt: 1, job: 'x' }, leaseUntil: '9999-12-31T00:00:00.000Z' }));
    const r = await w.run({});
    assert.equal(r.exitCode, 1);
    assert.match(errorOf(r), /DB_PASSWORD_ROTATION_LOCK holds something this action did not write, so it is refused: leaseUntil lies further in the future than a lease lasts/);
    assert.deepEqual(w.writes(), []);
  });

  test('a lock naming an operator account (Redis): refused; the operator keeps its password and privileges', async (t) => {
    const w = await world(t, 'ops');
    const template = `cache${serial}`;
    await redis.createUser(template, 'Template-Pass-0001');
    await redis.command(['ACL', 'SETUSER', 'ops', 'on', `>${w.h.secret('Operator-Pass-0001')}`, '~*', '&*', '+@all']);
    const before = await redis.command(['ACL', 'GETUSER', 'ops']);
    // An earlier attempt of this very run, as a re-run would find it: the user is all that is forged.
    w.em.seed.variable(REPO, LOCK, forgedLock(template, { user: 'ops', previousUser: '' }));
    const r = await w.run({ target: 'redis', 'target-url': redis.url, 'target-user': template, strategy: 'alternating-users' }, { attempt: '2' });
    assert.equal(r.exitCode, 1);
    assert.match(errorOf(r), /so it is refused: user is not a user this rotation can set/);
    assert.doesNotMatch(errorOf(r), /\bops\b/, 'the forged user is not echoed');
    assert.equal(await redis.canLogin('ops', 'Operator-Pass-0001'), true);
    assert.deepEqual(await redis.command(['ACL', 'GETUSER', 'ops']), before, 'its ACL is unchanged');
    assert.deepEqual(w.writes(), []);
  });

  test('with derivation-key: a well-formed record this key did not sign is refused, even as an earlier attempt of this run', async (t) => {
    const w = await world(t, 'signed');
    await pg.createUser(w.user, 'Template-Pass-0001');
    await pg.createUser(`${w.user}_a`, w.h.secret('Active-Pass-0001'));
    await pg.createUser(`${w.user}_b`, w.h.secret('Older-Pass-0001'));
    w.em.seed.variable(REPO, 'DB_PASSWORD_ACTIVE_USER', `${w.user}_a`);
    const key = w.h.secret(randomBytes(32).toString('base64'));
    const inputs = { target: 'postgres', 'target-url': pg.url, 'target-user': w.user, strategy: 'alternating-users', 'derivation-key': key };
    // Forged to rotate the ACTIVE user (_a): every consumer would lose its working credential.
    for (const mac of ['', 'ab'.repeat(32)]) {
      w.em.seed.variable(REPO, LOCK, forgedLock(w.user, { mac }));
      const r = await w.run(inputs, { attempt: '2' });
      assert.equal(r.exitCode, 1, mac);
      assert.match(errorOf(r), mac ? /its signature does not match derivation-key/ : /it is not signed, and this run has derivation-key/);
      assert.equal(await pg.canLogin(`${w.user}_a`, 'Active-Pass-0001'), true, 'the active user was not touched');
    }
    assert.deepEqual(w.writes(), []);
  });

  test('the new value is derived from derivation-key, never from the admin credential: a resume after the admin password changed keeps the value', async (t) => {
    const w = await world(t, 'adminpw');
    const admin = `rotadmin${serial}`;
    const first = w.h.secret('First-Admin-Pass-0001');
    const second = w.h.secret('Second-Admin-Pass-0002');
    await pg.query(`CREATE ROLE ${admin} LOGIN CREATEROLE PASSWORD '${first}';`);
    await pg.createUser(w.user, w.h.secret('Old-Pass-0001'));
    await pg.query(`GRANT ${w.user} TO ${admin} WITH ADMIN OPTION;`);
    const url = (password: string): string => {
      const u = new URL(pg.url);
      u.username = admin;
      u.password = password;
      return u.href;
    };
    const key = w.h.secret(randomBytes(32).toString('base64'));
    const inputs = (password: string) => ({ target: 'postgres', 'target-url': url(password), 'target-user': w.user, 'derivation-key': key });
    w.em.faults.inject({ route: 'PUT /repos/{owner}/{repo}/environments/{environment_name}/secrets/{secret_name}', statuses: [404] });
    const failed = await w.run(inputs(first));
    assert.equal(failed.exitCode, 1);
    assert.match(errorOf(failed), /stays: re-run this workflow run to complete the rotation with the same value/);
    const value = w.em.secrets.get(REPO, 'DB_PASSWORD')!.plaintext;
    w.h.secret(value);
    w.em.faults.clear();
    await pg.query(`ALTER ROLE ${admin} PASSWORD '${second}';`);
    const resumed = await w.run(inputs(second), { attempt: '2' });
    assert.equal(resumed.exitCode, 0, resumed.stdout);
    assert.equal(w.em.secrets.get(ENV, 'DB_PASSWORD')!.plaintext, value, 'the same value, whatever the admin password');
    assert.equal(await pg.canLogin(w.user, value), true);
    assert.doesNotMatch(resumed.summary, /\| version \| \d{8}T/, 'no version row in the summary (the output keeps it)');
  });
});

describe('organisation secrets', { concurrency: 2 }, () => {
  test('a new organisation secret without its access said is refused before anything changes; with selected repositories it is created for them only', async (t) => {
    const w = await world(t, 'org');
    const refused = await w.run({ destinations: 'github:org:octo' });
    assert.equal(refused.exitCode, 1);
    assert.match(errorOf(refused), /github:org:octo: the organisation secret DB_PASSWORD does not exist yet, and a new one needs its access said: write github:org:octo:selected=REPO,REPO/);
    assert.deepEqual(w.writes(), [], 'nothing written, not even the lock');
    const created = await w.run({ destinations: 'github:org:octo:selected=app' });
    assert.equal(created.exitCode, 0, created.stdout);
    const stored = w.em.secrets.get({ org: 'octo' }, 'DB_PASSWORD')!;
    w.h.secret(stored.plaintext);
    assert.equal(stored.visibility, 'selected');
    assert.equal(stored.selectedRepositoryIds?.length, 1);
    // Once it exists, the short form keeps its access.
    const again = await w.run({ destinations: 'github:org:octo' });
    assert.equal(again.exitCode, 0, again.stdout);
    w.h.secret(w.em.secrets.get({ org: 'octo' }, 'DB_PASSWORD')!.plaintext);
    assert.equal(w.em.secrets.get({ org: 'octo' }, 'DB_PASSWORD')!.visibility, 'selected');
  });
});

describe('paths and endpoints a workflow input could steer', { concurrency: 2 }, () => {
  test('dot segments and encoded forms in store paths are refused before any request (S13)', async (t) => {
    const w = await world(t, 'paths');
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ destinations: 'vault:secret/app/../admin#password', cloud: 'vault', 'vault-url': 'https://vault.example.com', 'vault-role': 'r' }, /Input 'destinations' has value "vault:secret\/app\/\.\.\/admin#password"; .*'\.' or '\.\.' segment/],
      [{ destinations: 'vault:../sys#password', cloud: 'vault', 'vault-url': 'https://vault.example.com', 'vault-role': 'r' }, /Input 'destinations' has value "vault:\.\.\/sys#password"/],
      [{ destinations: 'vault:secret/app%2f..%2fadmin#password', cloud: 'vault', 'vault-url': 'https://vault.example.com', 'vault-role': 'r' }, /Input 'destinations' has value "vault:secret\/app%2f\.\.%2fadmin#password"/],
      [{ destinations: 'azure-keyvault:app-vault/..', cloud: 'azure', 'azure-client-id': '00000000-0000-0000-0000-000000000001', 'azure-tenant-id': '00000000-0000-0000-0000-000000000002' }, /Input 'destinations' has value "azure-keyvault:app-vault\/\.\."/],
      [{ destinations: 'gcp-secretmanager:proj/%2e%2e', cloud: 'gcp', 'gcp-workload-identity-provider': 'projects/123456789/locations/global/workloadIdentityPools/github/providers/actions' }, /Input 'destinations' has value "gcp-secretmanager:proj\/%2e%2e"/],
    ];
    for (const [inputs, expected] of cases) {
      const r = await w.run(inputs);
      assert.equal(r.exitCode, 1, JSON.stringify(inputs));
      assert.match(errorOf(r), expected);
    }
    assert.equal(w.em.requests.length, 0, 'nothing was asked of GitHub, not even an OIDC token');
  });

  test('a store endpoint off its provider\'s official hosts needs allow-custom-endpoints: the OIDC-derived token is never sent there (S11)', async (t) => {
    // The store endpoints are no secrets, though their names say "secret": the leak scan must not take them for ones.
    const w = await world(t, 'endpoints', { secretInputs: new RegExp(`^(?!.*-endpoint$)(${SECRET_INPUT_PATTERN.source})`, 'i') });
    const azure = { cloud: 'azure', 'azure-client-id': '00000000-0000-0000-0000-000000000001', 'azure-tenant-id': '00000000-0000-0000-0000-000000000002' };
    const gcp = { cloud: 'gcp', 'gcp-workload-identity-provider': 'projects/123456789/locations/global/workloadIdentityPools/github/providers/actions' };
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ destinations: 'aws-secretsmanager:app/db', cloud: 'aws', 'aws-role-arn': 'arn:aws:iam::123456789012:role/r', 'aws-region': 'us-east-1', 'aws-secretsmanager-endpoint': 'https://sm.attacker.example' }, /Input 'aws-secretsmanager-endpoint' has value "https:\/\/sm\.attacker\.example\/"; expected an AWS Secrets Manager endpoint .*another host only with allow-custom-endpoints: true/],
      [{ destinations: 'azure-keyvault:app-vault/db', ...azure, 'azure-keyvault-endpoint': 'https://{vault}.vault.attacker.example' }, /Input 'azure-keyvault-endpoint' has value "https:\/\/\{vault\}\.vault\.attacker\.example"; expected an Azure Key Vault endpoint .*another host only with allow-custom-endpoints: true/],
      [{ destinations: 'gcp-secretmanager:proj/db', ...gcp, 'gcp-secretmanager-endpoint': 'https://gsm.attacker.example' }, /Input 'gcp-secretmanager-endpoint' has value "https:\/\/gsm\.attacker\.example\/"; expected a Google Cloud endpoint .*another host only with allow-custom-endpoints: true/],
    ];
    for (const [inputs, expected] of cases) {
      const r = await w.run(inputs);
      assert.equal(r.exitCode, 1, JSON.stringify(inputs));
      assert.match(errorOf(r), expected);
    }
    assert.equal(w.em.requests.length, 0, 'nothing was asked of GitHub, not even an OIDC token');
  });
});
