// Cloud credentials end to end: a fixture action wired the way every action will be (cloudSpec,
// lazy `import()` of shared/oidc), bundled with ncc and run by the runner emulation against the
// GitHub and cloud emulators. Leak-scanned after every test, with step debug logging on.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { e2e } from '../harness/e2e.ts';
import { binDir, node24, repoRoot } from '../harness/runner/index.ts';
import { AWS_ROLE, GCP_PROVIDER, GCP_SERVICE_ACCOUNT, VAULT_ROLE, cloudFixture, type CloudFixture } from '../harness/cloud/testing.ts';

const fixtureDir = join(repoRoot, 'test', 'fixtures', 'actions', 'oidc-cloud');
const child = join(fixtureDir, 'child.mjs');

let bundleDir: string;
let f: CloudFixture;

before(async () => {
  bundleDir = mkdtempSync(join(tmpdir(), 'oidc-cloud-'));
  const r = spawnSync(node24(), [join(binDir, 'ncc'), 'build', join(fixtureDir, 'src', 'index.ts'), '-o', join(bundleDir, 'dist'), '--quiet'], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(r.status, 0, `ncc build failed:\n${r.stdout}\n${r.stderr}`);
  copyFileSync(join(fixtureDir, 'action.yml'), join(bundleDir, 'action.yml'));
  f = await cloudFixture();
  f.aws.seed.secret('app/e2e', 'aws-secret-value-0001');
  f.vault.seed.kv('secret', 'app/e2e', { password: 'vault-secret-value-0001' });
});
after(async () => {
  rmSync(bundleDir, { recursive: true, force: true });
  await f.closeAll();
});

/** Registers every secret the emulators handed out so far (and the request bearer) for the automatic scan. */
function secretsOf(h: ReturnType<typeof e2e>): void {
  for (const s of f.allSecrets()) h.secret(s);
  h.secret(f.github.oidc.requestUrl);
}

const env = (): Record<string, string> => ({ ...f.oidcEnv, CHILD_SM_ENDPOINT: f.aws.url, CHILD_SECRET_ID: 'app/e2e' });
const stdoutOf = (r: { steps: { entry: string; stdout: string }[] }, entry = 'main'): string => r.steps.find((s) => s.entry === entry)?.stdout ?? '';

describe('oidc-cloud fixture action', () => {
  test('S11: an endpoint outside the provider\'s hosts is refused before any OIDC token is requested, unless allow-custom-endpoints', async (t) => {
    const h = e2e(t);
    const requestsBefore = f.aws.requests.length;
    const tokensBefore = f.github.oidc.issuedTokens().length;
    const r = await h.run({
      actionDir: bundleDir,
      // An attacker-chosen host (here the local emulator, standing in for one) fed into the endpoint input.
      inputs: { cloud: 'aws', 'aws-role-arn': AWS_ROLE, 'aws-region': 'us-east-1', 'aws-sts-endpoint': f.aws.url, child },
      env: env(),
    });
    secretsOf(h);
    assert.equal(r.exitCode, 1);
    const error = r.annotations.find((a) => a.level === 'error')?.message ?? '';
    assert.match(error, new RegExp(`Input 'aws-sts-endpoint' has value "${f.aws.url.replace(/[.:/]/g, '\\$&')}/?"; expected an AWS STS endpoint .*; another host only with allow-custom-endpoints: true`));
    assert.equal(f.aws.requests.length, requestsBefore, 'the endpoint was never contacted');
    assert.equal(f.github.oidc.issuedTokens().length, tokensBefore, 'no OIDC token was requested');
  });

  test('aws: the child process gets working credentials in its environment only; nothing leaks, debug on (C8)', async (t) => {
    const h = e2e(t);
    const r = await h.run({
      actionDir: bundleDir,
      inputs: { cloud: 'aws', 'aws-role-arn': AWS_ROLE, 'aws-region': 'us-east-1', 'aws-sts-endpoint': f.aws.url, 'allow-custom-endpoints': 'true', child },
      env: env(),
      debug: true,
    });
    secretsOf(h);
    assert.equal(r.exitCode, 0, r.stdout + r.stderr);
    const out = stdoutOf(r);
    assert.match(out, /child env: AWS_ACCESS_KEY_ID AWS_CREDENTIAL_EXPIRATION AWS_DEFAULT_REGION AWS_REGION AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN/);
    assert.match(out, /child: DescribeSecret app\/e2e -> 200/);
    assert.match(out, /careless: AWS_SECRET_ACCESS_KEY=\*\*\* token=\*\*\*/, 'the redactor scrubbed what user code printed');
    assert.deepEqual(r.env, {}, 'nothing exported to later steps without export-credentials');
    const issued = f.aws.issued().at(-1)!;
    for (const part of [issued.accessKeyId, issued.secretAccessKey, issued.sessionToken]) assert.ok(r.masks.includes(part), 'masked with the runner');
    const debug = r.debug.map((d) => d.message).join('\n');
    assert.match(debug, /Got an OIDC token for audience 'sts\.amazonaws\.com': sub=repo:octo-org\/app:ref:refs\/heads\/main aud=sts\.amazonaws\.com .*repository=octo-org\/app ref=refs\/heads\/main/);
    assert.match(r.log, /Obtained AWS credentials, valid until/);
  });

  test('gcp with impersonation: the gcloud token file is 0600 under RUNNER_TEMP, never in the workspace, and removed in post (C10)', async (t) => {
    const h = e2e(t);
    const r = await h.run({
      actionDir: bundleDir,
      inputs: {
        cloud: 'gcp',
        'gcp-workload-identity-provider': GCP_PROVIDER,
        'gcp-service-account': GCP_SERVICE_ACCOUNT,
        'gcp-project-id': 'my-project',
        'gcp-sts-endpoint': f.gcp.url, 'allow-custom-endpoints': 'true',
        'gcp-iam-credentials-endpoint': f.gcp.url,
        child,
      },
      env: env(),
      debug: true,
      keepTemp: true,
    });
    t.after(() => {
      rmSync(r.runnerTemp, { recursive: true, force: true });
      rmSync(r.workspace, { recursive: true, force: true });
    });
    secretsOf(h);
    assert.equal(r.exitCode, 0, r.stdout + r.stderr);
    assert.match(stdoutOf(r), /child env: CLOUDSDK_AUTH_ACCESS_TOKEN_FILE CLOUDSDK_CORE_PROJECT CLOUDSDK_PROJECT GOOGLE_CLOUD_PROJECT GOOGLE_OAUTH_ACCESS_TOKEN/);
    assert.match(stdoutOf(r), /child: token file mode 600, under RUNNER_TEMP true, in workspace false, holds the token true/);
    const files = JSON.parse(r.state['credential-files'] ?? '[]') as string[];
    assert.equal(files.length, 1);
    assert.ok(files[0]!.startsWith(r.runnerTemp), 'state holds the path (not the value)');
    assert.equal(existsSync(files[0]!), false, 'removed by post');
    assert.match(stdoutOf(r, 'post'), /Removed 1 credential file\(s\)/);
    assert.deepEqual(readdirSync(r.workspace), [], 'nothing written to the workspace');
  });

  test('vault: the child reads KV with its token; the token is revoked when the action is done', async (t) => {
    const h = e2e(t);
    const r = await h.run({
      actionDir: bundleDir,
      inputs: { cloud: 'vault', 'vault-url': f.vault.url, 'vault-role': VAULT_ROLE, 'vault-audience': 'https://github.com/octo-org', child },
      env: env(),
      debug: true,
    });
    secretsOf(h);
    assert.equal(r.exitCode, 0, r.stdout + r.stderr);
    assert.match(stdoutOf(r), /child env: VAULT_ADDR VAULT_TOKEN/);
    assert.match(stdoutOf(r), /careless: VAULT_TOKEN=\*\*\*/);
    assert.match(stdoutOf(r), /child: vault read app\/e2e -> 200/);
    const token = f.vault.tokens().at(-1)!;
    assert.equal(token.revoked, true);
  });

  test('missing id-token permission: fails at once saying what to add, without a request (C1)', async (t) => {
    const h = e2e(t);
    const before = { github: f.github.requests.length, aws: f.aws.requests.length };
    const r = await h.run({
      actionDir: bundleDir,
      inputs: { cloud: 'aws', 'aws-role-arn': AWS_ROLE, 'aws-region': 'us-east-1', 'aws-sts-endpoint': f.aws.url, 'allow-custom-endpoints': 'true', child },
      env: { CHILD_SM_ENDPOINT: f.aws.url, CHILD_SECRET_ID: 'app/e2e' },
    });
    assert.equal(r.exitCode, 1);
    const errors = r.annotations.filter((a) => a.level === 'error').map((a) => a.message);
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /^oidc-fixture: Cannot request an OIDC token: ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set\. Add `permissions: id-token: write`/);
    assert.deepEqual([f.github.requests.length, f.aws.requests.length], [before.github, before.aws]);
    assert.doesNotMatch(stdoutOf(r), /child env/, 'no fallback: the child never ran');
  });

  test('a trust-policy mismatch fails after one STS attempt, naming sub and aud (C6)', async (t) => {
    const h = e2e(t);
    f.aws.seed.role({ arn: 'arn:aws:iam::123456789012:role/tags-only', trust: { aud: 'sts.amazonaws.com', sub: 'repo:octo-org/app:ref:refs/tags/*' } });
    const before = f.aws.requests.length;
    const r = await h.run({
      actionDir: bundleDir,
      inputs: { cloud: 'aws', 'aws-role-arn': 'arn:aws:iam::123456789012:role/tags-only', 'aws-region': 'us-east-1', 'aws-sts-endpoint': f.aws.url, 'allow-custom-endpoints': 'true', child },
      env: env(),
      debug: true,
    });
    secretsOf(h);
    assert.equal(r.exitCode, 1);
    assert.equal(f.aws.requests.length - before, 1);
    const error = r.annotations.find((a) => a.level === 'error')?.message ?? '';
    assert.match(error, /AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity.*:sub and .*:aud must match this token: sub 'repo:octo-org\/app:ref:refs\/heads\/main' and aud 'sts\.amazonaws\.com'/);
  });

  test('no cloud: the run needs none of the lazily loaded chunks (the OIDC and provider code stay off the start path)', async (t) => {
    const lean = mkdtempSync(join(tmpdir(), 'oidc-lean-'));
    t.after(() => rmSync(lean, { recursive: true, force: true }));
    cpSync(bundleDir, lean, { recursive: true });
    const chunks = readdirSync(join(lean, 'dist')).filter((n) => /^\d+\.index\.js$/.test(n));
    assert.ok(chunks.length >= 4, `lazy chunks: ${chunks.join(', ')}`);
    const index = readFileSync(join(lean, 'dist', 'index.js'), 'utf8');
    for (const marker of ['IDPCommunicationError', 'generateAccessToken', 'AADSTS', 'revoke-self', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN']) {
      assert.ok(!index.includes(marker), `${marker} is not in index.js`);
    }
    for (const c of chunks) rmSync(join(lean, 'dist', c));
    const h = e2e(t);
    const r = await h.run({ actionDir: lean, inputs: { child }, env: env() });
    assert.equal(r.exitCode, 0, r.stdout + r.stderr);
    assert.match(stdoutOf(r), /child env: \(none\)/);
  });
});
