// rotate-secret into HashiCorp Vault, AWS Secrets Manager, Azure Key Vault and Google Cloud Secret
// Manager, end to end: the shipped bundle run as
// the runner runs it (step debug on), credentials from the GitHub emulator's OIDC token exchanged
// with the clouds' emulators (which verify the JWT's signature, issuer, audience and subject),
// a real PostgreSQL as the target. Each test asserts that what the cloud stores is what logs in.
// The leak scan after each test covers every JWT and cloud credential handed out and every value.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import { e2e, type E2E } from '../harness/e2e.ts';
import type { RunResult } from '../harness/runner/index.ts';
import { repoRoot } from '../harness/runner/index.ts';
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
before(async () => {
  pg = await startService('postgres');
});
after(() => pg?.stop());

const TOKEN = 'ghs_rotateCloudE2E00000000000000000000000';
const WRITES = /^(POST|PUT|PATCH|DELETE) /;
/** Text only the cloud code has: none of it may be in the entry a run without cloud loads. */
const CLOUD_MARKERS = [
  'X-Amz-Target',
  'AWSPENDING',
  'x-vault-token',
  'revoke-self',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
  'check-and-set',
  'class VaultKvDestination',
  'class SecretsManagerDestination',
  'class KeyVaultDestination',
  'class SecretManagerDestination',
  'dataCrc32c',
];

interface World {
  f: CloudFixture;
  h: E2E;
  user: string;
  run(inputs: Record<string, string>, opts?: { runId?: string; actionDir?: string }): Promise<RunResult>;
  /** Registers what the clouds and GitHub's token service handed out so far, for the scan. */
  issued(): void;
  githubWrites(): string[];
}

let serial = 0;
async function world(t: TestContext, label: string): Promise<World> {
  const f = await cloudFixture();
  t.after(() => f.closeAll());
  f.github.seed.token(TOKEN);
  const user = `${label}${++serial}`;
  const h = e2e(t, { users: ['admin', user, `${user}_a`, `${user}_b`] });
  h.haystack(() => f.github.receivedStrings());
  return {
    f,
    h,
    user,
    run: (inputs, opts = {}) =>
      h.run({
        ...(opts.actionDir ? { actionDir: opts.actionDir } : { action: 'rotate-secret' }),
        inputs: { name: 'DB_PASSWORD', ...inputs },
        token: TOKEN,
        env: { GITHUB_API_URL: f.github.url, ...f.oidcEnv, ACTIONS_STEP_DEBUG: 'true' },
        context: { repository: REPO, runId: opts.runId ?? String(5000 + serial), runAttempt: '1' },
        debug: true,
      }),
    issued() {
      for (const s of f.allSecrets()) h.secret(s);
      h.secret(f.github.oidc.requestUrl);
    },
    githubWrites: () => f.github.requests.filter((r) => WRITES.test(r.route)).map((r) => `${r.route} ${r.status}`),
  };
}

const errorOf = (r: RunResult): string => r.annotations.find((a) => a.level === 'error')?.message ?? '';
const pgTarget = (user: string, extra: Record<string, string> = {}): Record<string, string> => ({ target: 'postgres', 'target-url': pg.url, 'target-user': user, ...extra });
const vaultInputs = (f: CloudFixture, extra: Record<string, string> = {}): Record<string, string> => ({
  destinations: 'vault:secret/app/db#password',
  cloud: 'vault',
  'vault-url': f.vault.url,
  'vault-role': VAULT_ROLE,
  'vault-audience': 'https://github.com/octo-org',
  ...extra,
});
const awsInputs = (f: CloudFixture, extra: Record<string, string> = {}): Record<string, string> => ({
  destinations: 'aws-secretsmanager:app/db\ngithub:repo',
  cloud: 'aws',
  'aws-role-arn': AWS_ROLE,
  'aws-region': 'us-east-1',
  'aws-sts-endpoint': f.aws.url, 'allow-custom-endpoints': 'true',
  'aws-secretsmanager-endpoint': f.aws.url,
  ...extra,
});

const keyVaultInputs = (f: CloudFixture, extra: Record<string, string> = {}): Record<string, string> => ({
  destinations: `azure-keyvault:${AZURE_VAULT}/db-password`,
  cloud: 'azure',
  'azure-client-id': AZURE_CLIENT,
  'azure-tenant-id': AZURE_TENANT,
  'azure-authority-host': f.azure.url,
  'allow-custom-endpoints': 'true',
  'azure-keyvault-endpoint': f.azure.vaultUrl('{vault}'),
  ...extra,
});
const secretManagerInputs = (f: CloudFixture, extra: Record<string, string> = {}): Record<string, string> => ({
  destinations: `gcp-secretmanager:${GCP_PROJECT}/db-password\ngithub:repo`,
  cloud: 'gcp',
  'gcp-workload-identity-provider': GCP_PROVIDER,
  'gcp-service-account': GCP_SERVICE_ACCOUNT,
  'gcp-sts-endpoint': f.gcp.url,
  'gcp-iam-credentials-endpoint': f.gcp.url,
  'allow-custom-endpoints': 'true',
  'gcp-secretmanager-endpoint': f.gcp.url,
  ...extra,
});

describe('rotate-secret into the clouds', { concurrency: 6 }, () => {
  test('Vault, alternating-users on PostgreSQL: each rotation is a KV version that logs in, recorded in the metadata; the token is revoked', async (t) => {
    const w = await world(t, 'vaultalt');
    await pg.createUser(w.user, 'Template-Pass-0001');
    // Every value of the KV secret is masked when read (the action reads them to keep them): no user name here.
    w.f.vault.seed.kv('secret', 'app/db', { host: 'db.internal', password: 'Template-Pass-0001' });
    w.h.secret('Template-Pass-0001');
    const inputs = { ...vaultInputs(w.f), ...pgTarget(w.user, { strategy: 'alternating-users' }) };

    const first = await w.run(inputs);
    w.issued();
    assert.equal(first.exitCode, 0, first.stdout);
    const kv = () => w.f.vault.kv('secret', 'app/db')!;
    const a = w.h.secret(String(kv().versions.at(-1)!.data!['password']));
    assert.equal(await pg.canLogin(`${w.user}_a`, a), true, 'the stored value logs in as _a');
    assert.equal(kv().versions.at(-1)!.data!['host'], 'db.internal', 'the other keys are kept');
    assert.deepEqual(JSON.parse(first.outputs['destinations']!), [{ destination: 'vault:secret/app/db#password', result: 'updated' }]);

    const second = await w.run(inputs);
    w.issued();
    assert.equal(second.exitCode, 0, second.stdout);
    const b = w.h.secret(String(kv().versions.at(-1)!.data!['password']));
    assert.notEqual(b, a);
    assert.equal(await pg.canLogin(`${w.user}_b`, b), true, 'the new value logs in as _b');
    assert.equal(await pg.canLogin(`${w.user}_a`, kv().versions[1]!.data!['password'] as string), true, 'the previous KV version still logs in (as _a) until the next rotation');
    assert.equal(kv().versions.length, 3, 'one KV version per rotation');
    assert.equal(kv().customMetadata['rotate-secret:password:version'], second.outputs['version']);
    assert.equal(kv().customMetadata['rotate-secret:password:kv-version'], '3');
    assert.equal(second.outputs['active-user'], `${w.user}_b`);
    assert.deepEqual(w.f.vault.tokens().map((x) => x.revoked), [true, true], 'each run revoked its Vault token');
    // Per rotation: login, metadata, read, check-and-set write, metadata patch, revoke.
    assert.deepEqual(w.f.vault.requests.slice(6).map((r) => r.operation), ['auth:login', 'kv:read-metadata', 'kv:read', 'kv:write', 'kv:patch-metadata', 'token:revoke-self']);
    assert.match(second.log, /Logged in to Vault with role deploy/);
    assert.deepEqual(w.f.github.contractViolations, []);
  });

  test('AWS Secrets Manager and a GitHub secret, single-user on PostgreSQL: AWSCURRENT logs in, AWSPREVIOUS keeps the old value', async (t) => {
    const w = await world(t, 'awssingle');
    const old = w.h.secret(`Old-${w.user}-0123456789`);
    await pg.createUser(w.user, old);
    w.f.aws.seed.secret('app/db', old);
    const r = await w.run({ ...awsInputs(w.f), ...pgTarget(w.user) });
    w.issued();
    assert.equal(r.exitCode, 0, r.stdout);
    const versions = w.f.aws.secret('app/db')!.versions;
    const current = w.h.secret(versions.find((v) => v.stages.includes('AWSCURRENT'))!.secretString);
    assert.equal(await pg.canLogin(w.user, current), true, 'AWSCURRENT logs in');
    assert.equal(await pg.canLogin(w.user, old), false, 'single-user: the old password is dead');
    assert.deepEqual(versions.map((v) => [v.secretString === old ? 'old' : 'new', v.stages.join(',')]), [['old', 'AWSPREVIOUS'], ['new', 'AWSCURRENT']]);
    assert.equal(versions[1]!.versionId, `rotate-secret-${r.outputs['version']}`);
    assert.equal(w.f.github.secrets.get({ repo: REPO }, 'DB_PASSWORD')?.plaintext, current, 'the GitHub secret holds the same value');
    assert.deepEqual(JSON.parse(r.outputs['destinations']!), [
      { destination: 'aws-secretsmanager:app/db', result: 'updated' },
      { destination: `github:repo:${REPO}`, result: 'created' },
    ]);
    assert.deepEqual(
      w.f.aws.requests.map((x) => x.operation.replace(/^\w+:/, '')),
      ['AssumeRoleWithWebIdentity', 'DescribeSecret', 'PutSecretValue', 'DescribeSecret', 'UpdateSecretVersionStage', 'DescribeSecret', 'UpdateSecretVersionStage', 'DescribeSecret'],
    );
    assert.match(r.summary, /\| create \| done \| .*stored as pending at aws-secretsmanager:app\/db/);
    for (const [k, v] of Object.entries(r.outputs)) assert.ok(!v.includes(current), `output ${k} does not carry the secret`);
    const debug = r.debug.map((d) => d.message).join('\n');
    assert.match(debug, /Got an OIDC token for audience 'sts\.amazonaws\.com': sub=repo:octo-org\/app:ref:refs\/heads\/main/);
    assert.deepEqual(w.f.github.contractViolations, []);
  });

  test('a Vault role bound to another audience refuses the token: a clear error, nothing changed anywhere', async (t) => {
    const w = await world(t, 'vaultaud');
    const old = w.h.secret(`Old-${w.user}-0123456789`);
    await pg.createUser(w.user, old);
    w.f.vault.seed.kv('secret', 'app/db', { password: old });
    const r = await w.run({ ...vaultInputs(w.f, { 'vault-audience': 'https://vault.example.com' }), ...pgTarget(w.user) });
    w.issued();
    assert.equal(r.exitCode, 1);
    assert.match(errorOf(r), /^rotate-secret: .*Vault.*invalid audience \(aud\) claim/);
    assert.deepEqual(w.githubWrites(), [], 'no lock, no variable, no secret');
    assert.equal(await pg.canLogin(w.user, old), true, 'the target was not changed');
    assert.equal(w.f.vault.kv('secret', 'app/db')!.versions.length, 1);
    assert.deepEqual(w.f.vault.requests.map((x) => `${x.operation} ${x.status}`), ['auth:login 400']);
  });

  test('an IAM role whose trust policy wants another subject refuses the token after one STS attempt: nothing changed', async (t) => {
    const w = await world(t, 'awssub');
    const old = w.h.secret(`Old-${w.user}-0123456789`);
    await pg.createUser(w.user, old);
    w.f.aws.seed.secret('app/db', old);
    const tagsOnly = 'arn:aws:iam::123456789012:role/tags-only';
    w.f.aws.seed.role({ arn: tagsOnly, trust: { aud: 'sts.amazonaws.com', sub: 'repo:octo-org/app:ref:refs/tags/*' } });
    const r = await w.run({ ...awsInputs(w.f, { 'aws-role-arn': tagsOnly }), ...pgTarget(w.user) });
    w.issued();
    assert.equal(r.exitCode, 1);
    assert.match(errorOf(r), /AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity.*sub 'repo:octo-org\/app:ref:refs\/heads\/main' and aud 'sts\.amazonaws\.com'/);
    assert.deepEqual(w.f.aws.requests.map((x) => `${x.operation} ${x.status}`), ['sts:AssumeRoleWithWebIdentity 403']);
    assert.deepEqual(w.githubWrites(), []);
    assert.equal(await pg.canLogin(w.user, old), true);
    assert.equal(w.f.aws.secret('app/db')!.versions.length, 1);
  });

  test('Azure Key Vault, alternating-users on PostgreSQL: each rotation a tagged version that logs in; the replaced version disabled, not deleted', async (t) => {
    const w = await world(t, 'kvalt');
    await pg.createUser(w.user, 'Template-Pass-0001');
    w.h.secret('Template-Pass-0001');
    const seeded = w.f.azure.seed.secret(AZURE_VAULT, 'db-password', 'Template-Pass-0001', { tags: { owner: 'team-db' } });
    // A Key Vault secret holds one value: with alternating users it is {"user","password"} (value-format: json).
    const inputs = { ...keyVaultInputs(w.f, { 'value-format': 'json' }), ...pgTarget(w.user, { strategy: 'alternating-users' }) };
    const versions = () => w.f.azure.keyVaultSecret(AZURE_VAULT, 'db-password')!;
    const newest = (user: string): string => {
      const pair = JSON.parse(versions().at(-1)!.value) as { user: string; password: string };
      assert.equal(pair.user, user, 'the secret names the user its password belongs to');
      w.h.secret(pair.password);
      return versions().at(-1)!.value;
    };
    const password = (stored: string): string => (JSON.parse(stored) as { password: string }).password;

    const first = await w.run(inputs);
    w.issued();
    assert.equal(first.exitCode, 0, first.stdout);
    const a = newest(`${w.user}_a`);
    assert.equal(await pg.canLogin(`${w.user}_a`, password(a)), true, 'the newest version logs in as _a');
    assert.equal(first.outputs['active-user'], `${w.user}_a`, 'the user name in the stored pair is not masked (outputs are scrubbed)');
    assert.deepEqual(JSON.parse(first.outputs['destinations']!), [{ destination: `azure-keyvault:${AZURE_VAULT}/db-password`, result: 'updated' }]);

    const second = await w.run(inputs);
    w.issued();
    assert.equal(second.exitCode, 0, second.stdout);
    const b = newest(`${w.user}_b`);
    assert.equal(await pg.canLogin(`${w.user}_b`, password(b)), true, 'the new value logs in as _b');
    assert.equal(await pg.canLogin(`${w.user}_a`, password(a)), true, 'the previous user stays valid until the next rotation');
    assert.deepEqual(
      versions().map((v) => [v.value === b ? 'b' : v.value === a ? 'a' : 'seeded', v.enabled, v.tags['owner'], v.tags['rotate-secret-rotation'] ?? '']),
      [
        ['seeded', false, 'team-db', ''],
        ['a', false, 'team-db', first.outputs['version']],
        ['b', true, 'team-db', second.outputs['version']],
      ],
      'one version per rotation, tagged with it; each replaced version disabled at retire; tags carried over',
    );
    assert.equal(versions()[1]!.tags['rotate-secret-previous'], seeded);
    assert.equal(second.outputs['active-user'], `${w.user}_b`);
    assert.match(second.summary, /\| retire \| done \| .*disabled the replaced version [0-9a-f]{32} of azure-keyvault:app-vault\/db-password/);
    // Per rotation: Entra token (for Key Vault's scope); read (preflight); read and set (distribute); disable the replaced one (retire).
    assert.deepEqual(w.f.azure.requests.slice(5).map((r) => r.operation), ['token', 'keyvault:get', 'keyvault:get', 'keyvault:set', 'keyvault:update']);
    assert.ok(w.f.azure.requests.filter((r) => r.operation !== 'token').every((r) => r.principal === `app/${AZURE_CLIENT}`));
    assert.deepEqual(w.f.github.contractViolations, []);
  });

  test('Google Cloud Secret Manager and a GitHub secret, single-user on PostgreSQL: latest logs in, the old version disabled; labels name the rotation', async (t) => {
    const w = await world(t, 'gsmsingle');
    const old = w.h.secret(`Old-${w.user}-0123456789`);
    await pg.createUser(w.user, old);
    w.f.gcp.seed.secret({ project: GCP_PROJECT, secret: 'db-password', values: [old] });
    const r = await w.run({ ...secretManagerInputs(w.f), ...pgTarget(w.user) });
    w.issued();
    assert.equal(r.exitCode, 0, r.stdout);
    const secret = w.f.gcp.secretManagerSecret(GCP_PROJECT, 'db-password')!;
    const latest = w.h.secret(secret.versions.at(-1)!.value!);
    assert.equal(await pg.canLogin(w.user, latest), true, 'latest logs in');
    assert.equal(await pg.canLogin(w.user, old), false, 'single-user: the old password is dead');
    assert.deepEqual(secret.versions.map((v) => [v.version, v.state, v.value === old ? 'old' : 'new']), [[1, 'DISABLED', 'old'], [2, 'ENABLED', 'new']]);
    assert.deepEqual(secret.labels, { 'rotate-secret-rotation': r.outputs['version']!.toLowerCase(), 'rotate-secret-replaces': '1' });
    assert.equal(w.f.github.secrets.get({ repo: REPO }, 'DB_PASSWORD')?.plaintext, latest, 'the GitHub secret holds the same value');
    assert.deepEqual(JSON.parse(r.outputs['destinations']!), [
      { destination: `gcp-secretmanager:${GCP_PROJECT}/db-password`, result: 'updated' },
      { destination: `github:repo:${REPO}`, result: 'created' },
    ]);
    const debug = r.debug.map((d) => d.message).join('\n');
    assert.match(debug, /Got an OIDC token for audience 'https:\/\/iam\.googleapis\.com\/projects\/123456789\/locations\/global\/workloadIdentityPools\/github\/providers\/actions'/);
    assert.match(debug, /Impersonating deploy@my-project\.iam\.gserviceaccount\.com/);
    for (const [k, v] of Object.entries(r.outputs)) assert.ok(!v.includes(latest), `output ${k} does not carry the secret`);
    assert.deepEqual(w.f.github.contractViolations, []);
  });

  test('a Key Vault the app has no role on, and a Secret Manager secret that does not exist: refused before anything changed', async (t) => {
    const w = await world(t, 'storeno');
    const old = w.h.secret(`Old-${w.user}-0123456789`);
    await pg.createUser(w.user, old);
    w.f.azure.seed.vault({ name: 'locked-vault', access: {} });
    const kv = await w.run({ ...keyVaultInputs(w.f, { destinations: 'azure-keyvault:locked-vault/db' }), ...pgTarget(w.user) });
    assert.equal(kv.exitCode, 1);
    assert.match(errorOf(kv), /^rotate-secret: azure-keyvault:locked-vault\/db: cannot read the secret: Key Vault locked-vault: get db was denied \(Forbidden\/ForbiddenByRbac: .*'Key Vault Secrets Officer'/);
    const sm = await w.run({ ...secretManagerInputs(w.f, { destinations: `gcp-secretmanager:${GCP_PROJECT}/missing` }), ...pgTarget(w.user) });
    w.issued();
    assert.equal(sm.exitCode, 1);
    assert.match(errorOf(sm), /gcp-secretmanager:my-project\/missing: the secret does not exist, or the identity cannot see it\. Create it first/);
    assert.deepEqual(w.githubWrites(), [], 'no lock, no variable, no secret');
    assert.equal(await pg.canLogin(w.user, old), true, 'the target was not changed');
  });

  test('a vault: line without cloud: vault is an input error naming both inputs, before any request', async (t) => {
    const w = await world(t, 'nocloud');
    const r = await w.run({ destinations: 'github:repo\nvault:secret/app/db#password', target: 'none' });
    assert.equal(r.exitCode, 1);
    assert.match(errorOf(r), /^rotate-secret: Input 'destinations' has value "vault:secret\/app\/db#password"; expected a destination this run has credentials for: it needs the input 'cloud: vault' \(with vault-url and vault-role\), and the input 'cloud' is none\.$/);
    assert.deepEqual([w.f.github.requests.length, w.f.vault.requests.length, w.f.aws.requests.length], [0, 0, 0]);
    const kv = await w.run({ destinations: `azure-keyvault:${AZURE_VAULT}/db`, target: 'none', cloud: 'gcp', 'gcp-workload-identity-provider': GCP_PROVIDER });
    assert.match(errorOf(kv), /Input 'destinations' has value "azure-keyvault:app-vault\/db"; expected a destination this run has credentials for: it needs the input 'cloud: azure' \(with azure-client-id and azure-tenant-id\)/);
    const bad = await w.run({ destinations: 'gcp-secretmanager:my-project/db.password', target: 'none' });
    assert.match(errorOf(bad), /Input 'destinations' has value "gcp-secretmanager:my-project\/db\.password"; expected gcp-secretmanager:PROJECT\/SECRET .*\(the secret id 'db\.password' is not 1–255 letters, digits, _ and -\)/);
    assert.deepEqual([w.f.github.requests.length, w.f.azure.requests.length, w.f.gcp.requests.length], [0, 0, 0]);
  });

  test('a run without cloud destinations needs none of the cloud code: the entry has none of it, and the run succeeds with those chunks deleted', async (t) => {
    const w = await world(t, 'lean');
    const dist = join(repoRoot, 'dist', 'rotate-secret', 'main');
    const index = readFileSync(join(dist, 'index.js'), 'utf8');
    for (const marker of CLOUD_MARKERS) assert.ok(!index.includes(marker), `${marker} is not in the entry`);
    const lean = mkdtempSync(join(tmpdir(), 'rotate-lean-'));
    t.after(() => rmSync(lean, { recursive: true, force: true }));
    mkdirSync(join(lean, 'actions', 'rotate-secret'), { recursive: true });
    cpSync(join(repoRoot, 'actions', 'rotate-secret', 'action.yml'), join(lean, 'actions', 'rotate-secret', 'action.yml'));
    cpSync(dist, join(lean, 'dist', 'rotate-secret', 'main'), { recursive: true });
    const removed = readdirSync(dist).filter((n) => /^\d+\.index\.js$/.test(n) && CLOUD_MARKERS.some((m) => readFileSync(join(dist, n), 'utf8').includes(m)));
    assert.ok(removed.length >= 3, `cloud chunks: ${removed.join(', ')}`);
    for (const n of removed) rmSync(join(lean, 'dist', 'rotate-secret', 'main', n));
    const r = await w.run({ destinations: 'github:repo', target: 'none' }, { actionDir: join(lean, 'actions', 'rotate-secret') });
    assert.equal(r.exitCode, 0, r.stdout + r.stderr);
    w.h.secret(w.f.github.secrets.get({ repo: REPO }, 'DB_PASSWORD')!.plaintext);
    assert.deepEqual([w.f.vault.requests.length, w.f.aws.requests.length, w.f.azure.requests.length, w.f.gcp.requests.length], [0, 0, 0, 0]);
    assert.ok(!w.f.github.requests.some((x) => x.route.includes('oidc')), 'no OIDC token requested');
  });
});
