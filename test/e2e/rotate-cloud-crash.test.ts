// rotate-secret into Vault, AWS Secrets Manager, Azure Key Vault and Google Cloud Secret Manager,
// killed at every boundary. The idea of
// rotate-crash.test.ts extended to the clouds: the bundle is SIGKILLed (no handler, no cleanup) when
// the Nth request of the run reaches the GitHub emulator, or the Nth reaches the cloud emulator —
// every request the action makes, in both, so every boundary between two of them (the database
// statements included) is a kill point — then the workflow run is re-run (attempt 2).
//
// AWS Secrets Manager (single-user on PostgreSQL): after the kill, a password the target holds is
// held by a labelled version (AWSPENDING or AWSCURRENT): the new value is never lost, and AWSCURRENT
// is the old value or one that logs in. After the re-run: AWSCURRENT logs in, AWSPREVIOUS is the old
// value, no AWSPENDING is left, exactly one version was added, and a version staged before the kill
// is the value the re-run finished with (taken from AWS, not made again).
// Vault (alternating-users on PostgreSQL): at every instant the latest KV version logs in; after the
// re-run it logs in as the new user, the previous one still works, the resume added no KV version,
// and the metadata names the rotation.
// Azure Key Vault (single-user on PostgreSQL): the newest version is always the old value or one
// that logs in; after the re-run it logs in, the old password is retired, exactly one version was
// added, tagged with the rotation, a value Key Vault received before the kill is kept, and the
// replaced version is disabled (not deleted).
// Google Cloud Secret Manager (alternating-users on PostgreSQL, random values, value-format json):
// `latest` always logs in (as _a or _b); after the re-run it logs in as the new user, the previous one still works, one
// version was added (the labels are written before it, so a value that reached Secret Manager is the
// one the re-run finishes with), the one before it is disabled, and the labels name the rotation.
// All: the lock is the resume point while the rotation is unfinished, and is released at the end.
//
// The GitHub emulator also serves the OIDC discovery document and JWKS the clouds fetch to verify
// the token; those are the cloud's requests, not the action's, so they are not kill points (a kill
// while the cloud verifies is the kill at the cloud request itself).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { e2e, type E2E } from '../harness/e2e.ts';
import type { RunResult } from '../harness/runner/index.ts';
import {
  AWS_ROLE,
  AZURE_CLIENT,
  AZURE_TENANT,
  AZURE_VAULT,
  GCP_PROJECT,
  GCP_PROVIDER,
  GCP_SERVICE_ACCOUNT,
  REPO,
  VAULT_ROLE,
  cloudFixture,
  type CloudFixture,
} from '../harness/cloud/testing.ts';
import { startService, type Postgres } from '../harness/services/index.ts';

let pg: Postgres;
let dir: string;
let probe: string;
before(async () => {
  pg = await startService('postgres');
  dir = mkdtempSync(join(tmpdir(), 'rotate-cloud-crash-'));
  probe = join(dir, 'pid.mjs');
  // Loaded into the bundle's process with --import: tells the test which process to kill.
  writeFileSync(probe, "import { writeFileSync } from 'node:fs';\nif (process.env.ROTATE_PID_FILE) writeFileSync(process.env.ROTATE_PID_FILE, String(process.pid));\n");
});
after(async () => {
  await pg?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const TOKEN = 'ghs_cloudCrashMatrix00000000000000000000';
const VAR = (name: string): string => `DB_PASSWORD_${name}`;
const ROUTES = {
  variable: 'GET /repos/{owner}/{repo}/actions/variables/{name}',
  create: 'POST /repos/{owner}/{repo}/actions/variables',
  update: 'PATCH /repos/{owner}/{repo}/actions/variables/{name}',
  unlock: 'DELETE /repos/{owner}/{repo}/actions/variables/{name}',
};

type Kind = 'aws' | 'vault' | 'azure' | 'gcp';
/** The requests of an uninterrupted rotation, as each emulator sees them (the protocol per rotation). */
const PLAN: Record<Kind, { github: string[]; cloud: string[] }> = {
  aws: {
    // lock and rotated-at read; OIDC token; (the cloud fetches discovery and JWKS); lock; the lock read back; rotated-at; unlock.
    github: [ROUTES.variable, ROUTES.variable, 'oidc/token', 'oidc/discovery', 'oidc/jwks', ROUTES.create, ROUTES.variable, ROUTES.create, ROUTES.unlock],
    // STS; describe (preflight); AWSPENDING (before the target changes); promote: describe, move AWSCURRENT, describe, drop AWSPENDING, describe.
    cloud: [
      'sts:AssumeRoleWithWebIdentity',
      'secretsmanager:DescribeSecret',
      'secretsmanager:PutSecretValue',
      'secretsmanager:DescribeSecret',
      'secretsmanager:UpdateSecretVersionStage',
      'secretsmanager:DescribeSecret',
      'secretsmanager:UpdateSecretVersionStage',
      'secretsmanager:DescribeSecret',
    ],
  },
  vault: {
    // lock, rotated-at and active-user read; OIDC token; (discovery, JWKS); lock; the lock read back; rotated-at; active user (it exists); unlock.
    github: [ROUTES.variable, ROUTES.variable, ROUTES.variable, 'oidc/token', 'oidc/discovery', 'oidc/jwks', ROUTES.create, ROUTES.variable, ROUTES.create, ROUTES.update, ROUTES.unlock],
    // login; metadata (preflight); read, check-and-set write, metadata patch (distribute); revoke (after the lock is released).
    cloud: ['auth:login', 'kv:read-metadata', 'kv:read', 'kv:write', 'kv:patch-metadata', 'token:revoke-self'],
  },
  azure: {
    // As aws: lock and rotated-at read; OIDC token; (Entra fetches discovery and JWKS); lock; the lock read back; rotated-at; unlock.
    github: [ROUTES.variable, ROUTES.variable, 'oidc/token', 'oidc/discovery', 'oidc/jwks', ROUTES.create, ROUTES.variable, ROUTES.create, ROUTES.unlock],
    // Entra token; read (preflight); read and set (distribute); disable the replaced version (retire).
    cloud: ['token', 'keyvault:get', 'keyvault:get', 'keyvault:set', 'keyvault:update'],
  },
  gcp: {
    // As vault: lock, rotated-at and active-user read; OIDC token; (discovery, JWKS); lock; the lock read back; rotated-at; active user; unlock.
    github: [ROUTES.variable, ROUTES.variable, ROUTES.variable, 'oidc/token', 'oidc/discovery', 'oidc/jwks', ROUTES.create, ROUTES.variable, ROUTES.create, ROUTES.update, ROUTES.unlock],
    // STS, impersonation; the secret and the permissions (preflight); latest, the labels recording the rotation, then the version (distribute); disable the replaced one (retire).
    cloud: [
      'sts:token',
      'iamcredentials:generateAccessToken',
      'secretmanager:secrets.get',
      'secretmanager:secrets.testIamPermissions',
      'secretmanager:versions.access',
      'secretmanager:secrets.get',
      'secretmanager:secrets.patch',
      'secretmanager:versions.add',
      'secretmanager:versions.disable',
    ],
  },
};

/** The cloud requests made before the lock is taken (preflight), and the GitHub one that takes it. */
const BEFORE_LOCK: Record<Kind, { cloud: number; github: number }> = {
  aws: { cloud: 2, github: 6 },
  vault: { cloud: 2, github: 7 },
  azure: { cloud: 2, github: 6 },
  gcp: { cloud: 4, github: 7 },
};

interface KillPoint {
  server: 'github' | 'cloud';
  n: number;
  label: string;
}

function killPoints(kind: Kind): KillPoint[] {
  const points: KillPoint[] = [];
  PLAN[kind].github.forEach((route, i) => {
    if (!/^oidc\/(discovery|jwks)$/.test(route)) points.push({ server: 'github', n: i + 1, label: `GitHub request ${i + 1} (${route})` });
  });
  PLAN[kind].cloud.forEach((op, i) => points.push({ server: 'cloud', n: i + 1, label: `${kind} request ${i + 1} (${op})` }));
  return points;
}

interface Case {
  f: CloudFixture;
  h: E2E;
  user: string;
  old: string;
  run(attempt: string, pidFile?: string): Promise<RunResult>;
}

async function setup(t: TestContext, kind: Kind, label: string, opts: { target?: boolean } = {}): Promise<Case> {
  const f = await cloudFixture();
  t.after(() => f.closeAll());
  f.github.seed.token(TOKEN);
  const user = `cc_${kind}_${label}`;
  const old = `Old-${user}-0123456789`;
  const withTarget = opts.target ?? true;
  const alternating = kind === 'vault' || kind === 'gcp';
  if (alternating) {
    await pg.createUser(user, `Template-${user}-0001`);
    await pg.createUser(`${user}_a`, old);
    await pg.createUser(`${user}_b`, `Older-${user}-0123456789`);
    f.github.seed.variable({ repo: REPO }, VAR('ACTIVE_USER'), `${user}_a`);
  } else if (withTarget) {
    await pg.createUser(user, old);
  }
  if (kind === 'vault') f.vault.seed.kv('secret', 'app/db', { password: old });
  if (kind === 'aws') f.aws.seed.secret('app/db', old);
  if (kind === 'azure') f.azure.seed.secret(AZURE_VAULT, 'db-password', old);
  if (kind === 'gcp') f.gcp.seed.secret({ project: GCP_PROJECT, secret: 'db-password', values: [old] });
  const h = e2e(t, { users: ['admin', user, `${user}_a`, `${user}_b`] });
  h.secret(old);
  h.haystack(() => f.github.receivedStrings());
  const cloudInputs: Record<Kind, Record<string, string>> = {
    aws: { destinations: 'aws-secretsmanager:app/db', cloud: 'aws', 'aws-role-arn': AWS_ROLE, 'aws-region': 'us-east-1', 'aws-sts-endpoint': f.aws.url, 'allow-custom-endpoints': 'true', 'aws-secretsmanager-endpoint': f.aws.url },
    vault: {
      destinations: 'vault:secret/app/db#password',
      cloud: 'vault',
      'vault-url': f.vault.url,
      'vault-role': VAULT_ROLE,
      'vault-audience': 'https://github.com/octo-org',
      // KV holds no pending value: a kill between the write and the metadata record is resumed by deriving the value again.
      'derivation-key': h.secret('Ohn4v0m8d1xq0kJ3Zb9r2L6sT5aY7wQe1cF0pHgUiKo='),
    },
    azure: {
      destinations: `azure-keyvault:${AZURE_VAULT}/db-password`,
      cloud: 'azure',
      'azure-client-id': AZURE_CLIENT,
      'azure-tenant-id': AZURE_TENANT,
      'azure-authority-host': f.azure.url,
      'allow-custom-endpoints': 'true',
      'azure-keyvault-endpoint': f.azure.vaultUrl('{vault}'),
    },
    gcp: {
      destinations: `gcp-secretmanager:${GCP_PROJECT}/db-password`,
      cloud: 'gcp',
      'gcp-workload-identity-provider': GCP_PROVIDER,
      'gcp-service-account': GCP_SERVICE_ACCOUNT,
      'gcp-sts-endpoint': f.gcp.url,
      'allow-custom-endpoints': 'true',
      'gcp-iam-credentials-endpoint': f.gcp.url,
      'gcp-secretmanager-endpoint': f.gcp.url,
      // One value per version: with alternating users the user goes in it ({"user","password"}).
      'value-format': 'json',
    },
  };
  const target: Record<string, string> = withTarget
    ? { target: 'postgres', 'target-url': pg.url, 'target-user': user, strategy: alternating ? 'alternating-users' : 'single-user' }
    : { target: 'none' };
  return {
    f,
    h,
    user,
    old,
    run: (attempt, pidFile) =>
      h.run({
        action: 'rotate-secret',
        inputs: { name: 'DB_PASSWORD', ...cloudInputs[kind], ...target },
        token: TOKEN,
        env: { GITHUB_API_URL: f.github.url, ...f.oidcEnv, ...(pidFile ? { NODE_OPTIONS: `--import ${probe}`, ROTATE_PID_FILE: pidFile } : {}) },
        context: { repository: REPO, runId: '8000', runAttempt: attempt },
      }),
  };
}

/** Runs attempt 1 with request n of one emulator hanging, and kills it with SIGKILL the moment that request arrives. */
async function crashAt(c: Case, kind: Kind, point: KillPoint | undefined): Promise<{ killed: boolean; result: RunResult }> {
  const cloud = c.f[kind];
  if (point?.server === 'github') c.f.github.faults.inject({ route: '*', from: point.n, action: 'hang' });
  if (point?.server === 'cloud') cloud.faults.inject({ operation: '*', from: point.n, action: 'hang' });
  const pidFile = join(dir, `${c.user}.pid`);
  let finished: RunResult | undefined;
  const running = c.run('1', pidFile).then((r) => (finished = r));
  let killed = false;
  while (finished === undefined) {
    if (c.f.github.requests.some((r) => r.fault === 'hang') || cloud.requests.some((r) => r.fault === 'hang')) {
      process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGKILL');
      killed = true;
      break;
    }
    await sleep(5);
  }
  const result = await running;
  c.f.github.faults.clear();
  cloud.faults.clear();
  return { killed, result };
}

/** The GitHub emulator's log: REST routes, and the OIDC endpoints by name. */
const githubRoutes = (c: Case): string[] => c.f.github.requests.map((r) => (r.operationId?.startsWith('oidc/') ? r.operationId : r.route));
const lockOf = (c: Case): string | undefined => c.f.github.variables.get({ repo: REPO }, VAR('ROTATION_LOCK'))?.value;
const recorded = (c: Case): boolean => c.f.github.variables.get({ repo: REPO }, VAR('ROTATED_AT')) !== undefined;

function awsState(c: Case): { current: string; pending: string | undefined; previous: string | undefined; versions: number } {
  const versions = c.f.aws.secret('app/db')!.versions;
  const by = (label: string) => versions.find((v) => v.stages.includes(label))?.secretString;
  const current = by('AWSCURRENT')!;
  const pending = by('AWSPENDING');
  for (const v of [current, pending]) if (v !== undefined) c.h.secret(v);
  return { current, pending, previous: by('AWSPREVIOUS'), versions: versions.length };
}

describe('AWS Secrets Manager, single-user on PostgreSQL: killed at every request, then re-run', { concurrency: 8 }, () => {
  const points: (KillPoint | undefined)[] = [...killPoints('aws'), undefined];
  points.forEach((point, i) => {
    test(point ? `killed at ${point.label}` : 'not killed: the requests of one rotation', async (t) => {
      const c = await setup(t, 'aws', String(i));
      const { killed, result } = await crashAt(c, 'aws', point);
      assert.equal(killed, point !== undefined);
      if (!point) {
        assert.equal(result.exitCode, 0, result.stdout);
        assert.deepEqual(githubRoutes(c), PLAN.aws.github);
        assert.deepEqual(c.f.aws.requests.map((r) => r.operation), PLAN.aws.cloud);
      }

      // After the kill: the new value is never lost, and AWSCURRENT never holds a value nobody set.
      const after = awsState(c);
      assert.ok(after.current === c.old || (await pg.canLogin(c.user, after.current)), 'AWSCURRENT is the old value or one that logs in');
      if (!(await pg.canLogin(c.user, c.old))) {
        const held = [after.pending, after.current].filter((v): v is string => v !== undefined && v !== c.old);
        assert.ok((await Promise.all(held.map((v) => pg.canLogin(c.user, v)))).some(Boolean), 'the password the target holds is held by a labelled version');
      }
      if (!killed) return;
      const lockTaken = point!.server === 'cloud' ? point!.n > BEFORE_LOCK.aws.cloud : point!.n > BEFORE_LOCK.aws.github;
      assert.equal(lockOf(c) !== undefined, lockTaken, 'the lock (the resume point) outlives a kill after it was written');

      const rerun = await c.run('2');
      assert.equal(rerun.exitCode, 0, rerun.stdout);
      const final = awsState(c);
      assert.equal(await pg.canLogin(c.user, final.current), true, 'AWSCURRENT logs in');
      assert.equal(await pg.canLogin(c.user, c.old), false, 'single-user: the old password is retired');
      assert.equal(final.previous, c.old, 'AWSPREVIOUS keeps the last good value');
      assert.equal(final.pending, undefined, 'no AWSPENDING left');
      assert.equal(final.versions, 2, 'exactly one version was added');
      const stagedBefore = after.pending ?? (after.current !== c.old ? after.current : undefined);
      if (stagedBefore !== undefined) {
        assert.equal(final.current, stagedBefore, 'the value staged before the kill is the one the re-run finished with');
        assert.match(rerun.stdout, /the value the interrupted run stored at aws-secretsmanager:app\/db \(resumed with, not made again\)/);
      }
      assert.equal(lockOf(c), undefined, 'the lock is released');
      assert.ok(recorded(c), 'the rotation is recorded');
      assert.deepEqual(c.f.github.contractViolations, []);
    });
  });

  test('F1 without a target (a random value nothing can derive): killed right after AWSPENDING was stored, the re-run finishes with that value', async (t) => {
    const c = await setup(t, 'aws', 'random', { target: false });
    const { killed } = await crashAt(c, 'aws', { server: 'cloud', n: 4, label: 'after PutSecretValue' });
    assert.ok(killed);
    const staged = awsState(c).pending!;
    assert.ok(staged, 'the pending version survived the kill');
    const rerun = await c.run('2');
    assert.equal(rerun.exitCode, 0, rerun.stdout);
    const final = awsState(c);
    assert.equal(final.current, staged, 'the value made before the kill, not a second one');
    assert.equal(final.previous, c.old);
    assert.equal(final.versions, 2);
    assert.doesNotMatch(rerun.stdout, /cannot be made again/);
  });
});

describe('Vault, alternating-users on PostgreSQL: killed at every request, then re-run', { concurrency: 8 }, () => {
  const points: (KillPoint | undefined)[] = [...killPoints('vault'), undefined];
  points.forEach((point, i) => {
    test(point ? `killed at ${point.label}` : 'not killed: the requests of one rotation', async (t) => {
      const c = await setup(t, 'vault', String(i));
      const { killed, result } = await crashAt(c, 'vault', point);
      assert.equal(killed, point !== undefined);
      if (!point) {
        assert.equal(result.exitCode, 0, result.stdout);
        assert.deepEqual(githubRoutes(c), PLAN.vault.github);
        assert.deepEqual(c.f.vault.requests.map((r) => r.operation), PLAN.vault.cloud);
      }
      const kv = () => c.f.vault.kv('secret', 'app/db')!;
      const latest = (): string => c.h.secret(String(kv().versions.at(-1)!.data!['password']));

      // After the kill: the latest version logs in (as _a, the active user, or _b once written).
      const held = latest();
      const logsIn = (await pg.canLogin(`${c.user}_a`, held)) || (await pg.canLogin(`${c.user}_b`, held));
      assert.ok(logsIn, 'at every instant the latest KV version holds a credential that logs in');
      assert.equal(await pg.canLogin(`${c.user}_a`, c.old), true, 'the active credential was never touched');
      const completed = lockOf(c) === undefined && recorded(c);
      if (!killed || completed) {
        // Not killed, or killed after the rotation completed (revoking the token is the last request).
        assert.equal(kv().versions.length, 2);
        assert.equal(await pg.canLogin(`${c.user}_b`, held), true);
        assert.equal(c.f.github.variables.get({ repo: REPO }, VAR('ACTIVE_USER'))?.value, `${c.user}_b`);
        return;
      }
      const lockTaken = point!.server === 'cloud' ? point!.n > BEFORE_LOCK.vault.cloud : point!.n > BEFORE_LOCK.vault.github;
      assert.equal(lockOf(c) !== undefined, lockTaken, 'the lock (the resume point) outlives a kill after it was written');

      const rerun = await c.run('2');
      assert.equal(rerun.exitCode, 0, rerun.stdout);
      const value = latest();
      assert.equal(await pg.canLogin(`${c.user}_b`, value), true, 'the latest version logs in as the new user');
      assert.equal(await pg.canLogin(`${c.user}_a`, c.old), true, 'the previous user stays valid until the next rotation');
      assert.equal(kv().versions.length, 2, 'one KV version for the rotation, however often it was resumed');
      if (held !== c.old) assert.equal(value, held, 'a value Vault received before the kill is kept');
      assert.equal(kv().customMetadata['rotate-secret:password:version'], rerun.outputs['version'], 'the metadata names the rotation');
      assert.equal(c.f.github.variables.get({ repo: REPO }, VAR('ACTIVE_USER'))?.value, `${c.user}_b`);
      assert.equal(lockOf(c), undefined, 'the lock is released');
      assert.deepEqual(c.f.github.contractViolations, []);
    });
  });
});

function keyVaultState(c: Case): { newest: string; versions: { value: string; enabled: boolean; rotation: string | undefined }[] } {
  const versions = c.f.azure.keyVaultSecret(AZURE_VAULT, 'db-password')!.map((v) => ({ value: c.h.secret(v.value), enabled: v.enabled, rotation: v.tags['rotate-secret-rotation'] }));
  return { newest: versions.at(-1)!.value, versions };
}

describe('Azure Key Vault, single-user on PostgreSQL: killed at every request, then re-run', { concurrency: 8 }, () => {
  const points: (KillPoint | undefined)[] = [...killPoints('azure'), undefined];
  points.forEach((point, i) => {
    test(point ? `killed at ${point.label}` : 'not killed: the requests of one rotation', async (t) => {
      const c = await setup(t, 'azure', String(i));
      const { killed, result } = await crashAt(c, 'azure', point);
      assert.equal(killed, point !== undefined);
      if (!point) {
        assert.equal(result.exitCode, 0, result.stdout);
        assert.deepEqual(githubRoutes(c), PLAN.azure.github);
        assert.deepEqual(c.f.azure.requests.map((r) => r.operation), PLAN.azure.cloud);
      }

      // After the kill: the newest version is the old value or one that logs in (never a value nobody set).
      const after = keyVaultState(c);
      assert.ok(after.newest === c.old || (await pg.canLogin(c.user, after.newest)), 'the newest version is the old value or one that logs in');
      assert.ok(after.versions.length <= 2, 'at most one version added');
      if (killed) {
        const lockTaken = point!.server === 'cloud' ? point!.n > BEFORE_LOCK.azure.cloud : point!.n > BEFORE_LOCK.azure.github;
        assert.equal(lockOf(c) !== undefined, lockTaken, 'the lock (the resume point) outlives a kill after it was written');
        const rerun = await c.run('2');
        assert.equal(rerun.exitCode, 0, rerun.stdout);
        if (after.newest !== c.old) assert.match(rerun.stdout, /the value the interrupted run stored at azure-keyvault:app-vault\/db-password \(resumed with, not made again\)/);
      }
      const final = keyVaultState(c);
      assert.equal(await pg.canLogin(c.user, final.newest), true, 'the newest version logs in');
      assert.equal(await pg.canLogin(c.user, c.old), false, 'single-user: the old password is retired');
      assert.deepEqual(final.versions.map((v) => [v.value === c.old, v.enabled]), [[true, false], [false, true]], 'exactly one version added; the replaced one disabled, not deleted');
      assert.match(final.versions[1]!.rotation ?? '', /^\d{8}T\d{6}Z-[0-9a-f]{12}$/, 'tagged with the rotation');
      if (after.newest !== c.old) assert.equal(final.newest, after.newest, 'a value Key Vault received before the kill is kept');
      assert.equal(lockOf(c), undefined, 'the lock is released');
      assert.ok(recorded(c), 'the rotation is recorded');
      assert.deepEqual(c.f.github.contractViolations, []);
    });
  });
});

function secretManagerState(c: Case): { latest: string; latestUser: string | undefined; versions: { value: string | undefined; state: string }[]; labels: Record<string, string> } {
  const s = c.f.gcp.secretManagerSecret(GCP_PROJECT, 'db-password')!;
  // The seeded version is the plain old password; each rotation stores {"user","password"} (value-format: json).
  const pair = (raw: string): { user: string | undefined; password: string } => {
    if (raw === c.old) return { user: undefined, password: raw };
    const v = JSON.parse(raw) as { user: string; password: string };
    assert.deepEqual(Object.keys(v), ['user', 'password']);
    return { user: v.user, password: c.h.secret(v.password) };
  };
  const versions = s.versions.map((v) => ({ value: v.value === undefined ? undefined : pair(v.value).password, state: v.state }));
  const latest = pair(s.versions.at(-1)!.value!);
  return { latest: latest.password, latestUser: latest.user, versions, labels: s.labels };
}

describe('Google Cloud Secret Manager, alternating-users on PostgreSQL: killed at every request, then re-run', { concurrency: 8 }, () => {
  const points: (KillPoint | undefined)[] = [...killPoints('gcp'), undefined];
  points.forEach((point, i) => {
    test(point ? `killed at ${point.label}` : 'not killed: the requests of one rotation', async (t) => {
      const c = await setup(t, 'gcp', String(i));
      const { killed, result } = await crashAt(c, 'gcp', point);
      assert.equal(killed, point !== undefined);
      if (!point) {
        assert.equal(result.exitCode, 0, result.stdout);
        assert.deepEqual(githubRoutes(c), PLAN.gcp.github);
        assert.deepEqual(c.f.gcp.requests.map((r) => r.operation), PLAN.gcp.cloud);
      }

      // After the kill: latest logs in (as _a, the active user, or _b once written); _a was never touched.
      const after = secretManagerState(c);
      const logsIn = (await pg.canLogin(`${c.user}_a`, after.latest)) || (await pg.canLogin(`${c.user}_b`, after.latest));
      assert.ok(logsIn, 'at every instant latest holds a credential that logs in');
      assert.equal(await pg.canLogin(`${c.user}_a`, c.old), true, 'the active credential was never touched');
      let version = result.outputs['version'];
      if (killed) {
        const lockTaken = point!.server === 'cloud' ? point!.n > BEFORE_LOCK.gcp.cloud : point!.n > BEFORE_LOCK.gcp.github;
        assert.equal(lockOf(c) !== undefined, lockTaken, 'the lock (the resume point) outlives a kill after it was written');
        const rerun = await c.run('2');
        assert.equal(rerun.exitCode, 0, rerun.stdout);
        version = rerun.outputs['version'];
      }
      const final = secretManagerState(c);
      assert.equal(await pg.canLogin(`${c.user}_b`, final.latest), true, 'latest logs in as the new user');
      assert.equal(final.latestUser, `${c.user}_b`, 'latest names the user its password belongs to');
      assert.equal(await pg.canLogin(`${c.user}_a`, c.old), true, 'the previous user stays valid until the next rotation');
      assert.deepEqual(final.versions.map((v) => [v.value === c.old, v.state]), [[true, 'DISABLED'], [false, 'ENABLED']], 'one version for the rotation; the one before disabled, not destroyed');
      if (after.latest !== c.old) assert.equal(final.latest, after.latest, 'a value Secret Manager received before the kill is kept');
      assert.deepEqual(final.labels, { 'rotate-secret-rotation': version!.toLowerCase(), 'rotate-secret-replaces': '1' }, 'the labels name the rotation and the version it replaced');
      assert.equal(c.f.github.variables.get({ repo: REPO }, VAR('ACTIVE_USER'))?.value, `${c.user}_b`);
      assert.equal(lockOf(c), undefined, 'the lock is released');
      assert.deepEqual(c.f.github.contractViolations, []);
    });
  });
});
