// deploy with cloud credentials over OIDC (issue 6), end to end: the shipped bundle through the
// runner emulation, against the GitHub emulator (deployments and the OIDC token service) and the
// cloud emulators, which verify its JWTs for real. Each script attempt — retries and the rollback
// too — gets working credentials in its own environment, refreshed when near expiry; the gcloud
// token file is 0600 under RUNNER_TEMP and removed; Vault's token is revoked; refusals come before
// any GitHub call; a run without cloud needs none of the OIDC code. Leak-scanned after every test,
// with step debug logging on. Each test has its own repository, so the tests run concurrently.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import { e2e, runHaystacks, type E2E } from '../harness/e2e.ts';
import { scanForLeaks } from '../harness/leaks/index.ts';
import { node24, repoRoot, runAction, type RunActionOptions, type RunResult } from '../harness/runner/index.ts';
import { AWS_ROLE, GCP_PROVIDER, GCP_SERVICE_ACCOUNT, VAULT_ROLE, cloudFixture, type CloudFixture } from '../harness/cloud/testing.ts';

const A = 'a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1';
const B = 'b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2';
/** Prints the cloud variables it sees, proves they work (signed Secrets Manager call, Vault read), checks the gcloud token file, and prints a credential carelessly. */
const CHILD = join(repoRoot, 'test', 'fixtures', 'actions', 'oidc-cloud', 'child.mjs');
const RUN_CHILD = '"$NODE24" "$CHILD"';
/** A line per attempt: which attempt, and a fingerprint of the AWS key it was given (the key itself is masked). */
const AWS_ATTEMPT = 'echo "attempt=$DEPLOY_ATTEMPT rollback=$DEPLOY_ROLLBACK sha=$DEPLOY_SHA key=$(printf %s "$AWS_ACCESS_KEY_ID" | sha256sum | cut -c1-16)"';
const GCP_INPUTS = {
  cloud: 'gcp',
  'gcp-workload-identity-provider': GCP_PROVIDER,
  'gcp-service-account': GCP_SERVICE_ACCOUNT,
  'gcp-project-id': 'my-project',
};

let f: CloudFixture;
let n = 0;
let runs = 0;

before(async () => {
  f = await cloudFixture();
  f.aws.seed.secret('app/e2e', 'aws-secret-value-0001');
  f.vault.seed.kv('secret', 'app/e2e', { password: 'vault-secret-value-0001' });
});
after(() => f.closeAll());

interface World {
  h: E2E;
  repo: string;
  token: string;
  deploy(inputs: Record<string, string>, o?: Partial<RunActionOptions>): Promise<RunResult>;
  /** Requests the GitHub emulator got for this test's repository (the OIDC token service aside). */
  githubCalls(): number;
  records(): { sha: string; statuses: { state: string; description: string }[] }[];
}

/** A repository and token of its own; the OIDC token still names octo-org/app (the fixture's trust setup). */
function world(t: TestContext): World {
  const h = e2e(t);
  const repo = `octo-org/shop-${++n}`;
  const token = `ghs_deployCloud${String(n).padStart(4, '0')}Token00000000000000`;
  f.github.seed.repo(repo);
  f.github.seed.token(token);
  f.github.seed.commits(repo, 'main', [A, B]);
  h.haystack(() => f.github.receivedStrings());
  /** Every JWT and credential handed out so far, and the token request's URL and bearer: what the scan looks for. */
  const secretsSoFar = (): void => {
    for (const s of f.allSecrets()) h.secret(s);
    h.secret(f.github.oidc.requestUrl);
  };
  return {
    h,
    repo,
    token,
    deploy: async (inputs, o = {}) => {
      const r = await h.run({
        ...(o.actionDir ? {} : { action: 'deploy' }),
        inputs: { environment: 'staging', ref: A, ...inputs },
        token,
        debug: true,
        ...o,
        env: {
          GITHUB_API_URL: f.github.url,
          ...f.oidcEnv,
          ACTIONS_STEP_DEBUG: 'true',
          NODE24: node24(),
          CHILD,
          CHILD_SM_ENDPOINT: f.aws.url,
          CHILD_SECRET_ID: 'app/e2e',
          ...o.env,
        },
        context: { repository: repo, runId: String(7000 + ++runs), ...o.context },
      });
      secretsSoFar();
      return r;
    },
    githubCalls: () => f.github.requests.filter((q) => q.path.startsWith(`/repos/${repo}/`)).length,
    records: () => {
      const found = (f.github.state()['repos'] as { fullName: string; deployments: ReturnType<World['records']> }[]).find((r) => r.fullName === repo);
      return found?.deployments ?? [];
    },
  };
}

const stdoutOf = (r: RunResult, entry = 'main'): string => r.steps.find((s) => s.entry === entry)?.stdout ?? '';
const errorOf = (r: RunResult): string => r.annotations.find((a) => a.level === 'error')?.message ?? '';
const fingerprint = (key: string): string => createHash('sha256').update(key).digest('hex').slice(0, 16);
const count = (text: string, re: RegExp): number => text.match(new RegExp(re.source, 'g'))?.length ?? 0;

describe('deploy (e2e): cloud credentials over OIDC', { concurrency: true }, () => {
  test('aws: the script uses its credentials; a retry and the rollback get fresh ones, refreshed before each attempt', async (t) => {
    const w = world(t);
    const good = await w.deploy({ cloud: 'aws', 'aws-role-arn': AWS_ROLE, 'aws-region': 'us-east-1', 'aws-sts-endpoint': f.aws.url, 'allow-custom-endpoints': 'true', run: `${RUN_CHILD}\n${AWS_ATTEMPT}` });
    assert.equal(good.exitCode, 0, good.stdout);
    const out = stdoutOf(good);
    assert.match(out, /child env: AWS_ACCESS_KEY_ID AWS_CREDENTIAL_EXPIRATION AWS_DEFAULT_REGION AWS_REGION AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN/);
    assert.match(out, /child: DescribeSecret app\/e2e -> 200/, 'the credentials work (SigV4 verified by the emulator)');
    assert.match(out, /careless: AWS_SECRET_ACCESS_KEY=\*\*\* token=\*\*\*/, 'what the script printed was scrubbed');
    assert.match(good.log, /Obtained AWS credentials, valid until/);
    assert.deepEqual(good.env, {}, 'nothing exported without export-credentials');
    assert.equal(good.outputs['status'], 'success');

    // Six-second credentials: refreshed once half their life has passed (shared/oidc's margin), so
    // each attempt after a 3.5 s sleep gets new ones, and each still has ≥ 3 s for its call.
    f.aws.setCredentialTtl(6);
    t.after(() => f.aws.setCredentialTtl(undefined));
    const issuedBefore = f.aws.issued().length;
    const bad = await w.deploy({
      cloud: 'aws',
      'aws-role-arn': AWS_ROLE,
      'aws-region': 'us-east-1',
      'aws-sts-endpoint': f.aws.url, 'allow-custom-endpoints': 'true',
      ref: B,
      retries: '1',
      'retry-on-exit-codes': '75',
      run: `${RUN_CHILD}\n${AWS_ATTEMPT}\nif [ "$DEPLOY_ROLLBACK" = false ]; then sleep 3.5; exit 75; fi`,
    });
    assert.equal(bad.exitCode, 1, bad.stdout);
    assert.equal(bad.outputs['status'], 'rolled-back');
    const attempts = [...stdoutOf(bad).matchAll(/^attempt=(\d) rollback=(\w+) sha=(\w+) key=(\w+)$/gm)].map((m) => ({ attempt: m[1], rollback: m[2], sha: m[3], key: m[4]! }));
    assert.deepEqual(
      attempts.map((a) => [a.attempt, a.rollback, a.sha]),
      [['1', 'false', B], ['2', 'false', B], ['1', 'true', A]],
      'two attempts of the deploy, then the rollback to the last good sha',
    );
    assert.equal(count(stdoutOf(bad), /child: DescribeSecret app\/e2e -> 200/), 3, 'each attempt had working credentials');
    const issued = f.aws.issued().slice(issuedBefore).map((c) => fingerprint(c.accessKeyId));
    for (const a of attempts) assert.ok(issued.includes(a.key), `attempt ${a.attempt} (rollback ${a.rollback}) used credentials STS issued for this run`);
    assert.equal(new Set(attempts.map((a) => a.key)).size, 3, 'the retry and the rollback each ran with refreshed credentials');
    assert.match(bad.log, /Refreshed AWS credentials, valid until/);
  });

  test('gcp: the gcloud token file is 0600 under RUNNER_TEMP while the script runs, and gone when main ends', async (t) => {
    const w = world(t);
    const r = await w.deploy(
      { ...GCP_INPUTS, 'gcp-sts-endpoint': f.gcp.url, 'allow-custom-endpoints': 'true', 'gcp-iam-credentials-endpoint': f.gcp.url, run: RUN_CHILD },
      { keepTemp: true },
    );
    t.after(() => {
      rmSync(r.runnerTemp, { recursive: true, force: true });
      rmSync(r.workspace, { recursive: true, force: true });
    });
    assert.equal(r.exitCode, 0, r.stdout);
    const out = stdoutOf(r);
    assert.match(out, /child env: CLOUDSDK_AUTH_ACCESS_TOKEN_FILE CLOUDSDK_CORE_PROJECT CLOUDSDK_PROJECT GOOGLE_CLOUD_PROJECT GOOGLE_OAUTH_ACCESS_TOKEN/);
    assert.match(out, /child: token file mode 600, under RUNNER_TEMP true, in workspace false, holds the token true/);
    const written = r.debug.map((d) => d.message.match(/wrote the gcloud access-token file (\S+)/)?.[1]).filter((p) => p !== undefined);
    assert.equal(written.length, 1, 'one token file');
    assert.ok(written[0]!.startsWith(`${r.runnerTemp}/actions-suite-credentials-`), written[0]);
    assert.equal(existsSync(written[0]!), false, 'removed by main once the deploy was over (not exported)');
    assert.equal(r.state['credential-files'], '[]', 'state lists only files still on disk — paths, never contents');
    assert.doesNotMatch(stdoutOf(r, 'post'), /removed \d+ credential file/, 'nothing left for post');
    assert.deepEqual(readdirSync(r.workspace), [], 'nothing written to the workspace');
    assert.deepEqual(r.env, {});
  });

  test('gcp with export-credentials: later steps get the variables and the file, which post removes at the end of the job', async (t) => {
    // Not through e2e()'s run: exported credentials are meant to be in GITHUB_ENV, which its scan reads.
    const w = world(t);
    const r = await runAction({
      action: 'deploy',
      inputs: {
        environment: 'staging',
        ref: A,
        ...GCP_INPUTS,
        'gcp-sts-endpoint': f.gcp.url, 'allow-custom-endpoints': 'true',
        'gcp-iam-credentials-endpoint': f.gcp.url,
        'export-credentials': 'true',
        run: RUN_CHILD,
      },
      token: w.token,
      debug: true,
      keepTemp: true,
      env: { GITHUB_API_URL: f.github.url, ...f.oidcEnv, NODE24: node24(), CHILD, CHILD_SM_ENDPOINT: f.aws.url, CHILD_SECRET_ID: 'app/e2e' },
      context: { repository: w.repo, runId: String(7000 + ++runs) },
    });
    t.after(() => {
      rmSync(r.runnerTemp, { recursive: true, force: true });
      rmSync(r.workspace, { recursive: true, force: true });
    });
    assert.equal(r.exitCode, 0, r.stdout);
    assert.match(stdoutOf(r), /child: token file mode 600, under RUNNER_TEMP true, in workspace false, holds the token true/);
    assert.deepEqual(Object.keys(r.env).sort(), ['CLOUDSDK_AUTH_ACCESS_TOKEN_FILE', 'CLOUDSDK_CORE_PROJECT', 'CLOUDSDK_PROJECT', 'GOOGLE_CLOUD_PROJECT', 'GOOGLE_OAUTH_ACCESS_TOKEN']);
    const token = r.env['GOOGLE_OAUTH_ACCESS_TOKEN']!;
    assert.deepEqual([f.gcp.tokenInfo(token)?.kind, f.gcp.tokenInfo(token)?.serviceAccount], ['service-account', GCP_SERVICE_ACCOUNT], 'a live token of the service account');
    assert.ok(r.masks.includes(token), 'masked for the later steps that receive it');
    const file = r.env['CLOUDSDK_AUTH_ACCESS_TOKEN_FILE']!;
    assert.ok(file.startsWith(`${r.runnerTemp}/actions-suite-credentials-`), file);
    assert.deepEqual(JSON.parse(r.state['credential-files'] ?? '[]'), [file], 'the exported file stays listed for post');
    assert.match(stdoutOf(r), /^exported GOOGLE_OAUTH_ACCESS_TOKEN, CLOUDSDK_AUTH_ACCESS_TOKEN_FILE, .* to later steps of the job \(export-credentials: true\); valid until \S+; the token file is removed at the end of the job$/m);
    assert.match(stdoutOf(r, 'post'), /deploy \(post\): removed 1 credential file\(s\)/);
    assert.equal(existsSync(file), false, 'removed by post');
    // The leak scan, everywhere but GITHUB_ENV.
    const haystacks = [...runHaystacks(r, 'export run').filter((x) => !x.where.includes('GITHUB_ENV')), ...f.github.receivedStrings()];
    assert.deepEqual(scanForLeaks([...f.allSecrets(), w.token, ...r.masks.filter((m) => m.length >= 4)], haystacks), []);
  });

  test('gcp: when main is killed mid-script, post removes the token file it left (and closes the record)', async (t) => {
    const w = world(t);
    const r = await w.deploy(
      { ...GCP_INPUTS, 'gcp-sts-endpoint': f.gcp.url, 'allow-custom-endpoints': 'true', 'gcp-iam-credentials-endpoint': f.gcp.url, run: `${RUN_CHILD}\nsleep 0.5\nkill -KILL $PPID; sleep 5` },
      { keepTemp: true },
    );
    t.after(() => {
      rmSync(r.runnerTemp, { recursive: true, force: true });
      rmSync(r.workspace, { recursive: true, force: true });
    });
    assert.notEqual(r.exitCode, 0);
    assert.match(stdoutOf(r), /child: token file mode 600, under RUNNER_TEMP true/);
    const files = JSON.parse(r.state['credential-files'] ?? '[]') as string[];
    assert.equal(files.length, 1, 'main saved the path before the script ran');
    assert.equal(existsSync(files[0]!), false, 'removed by post');
    assert.match(stdoutOf(r, 'post'), /deploy \(post\): removed 1 credential file\(s\)/);
    assert.deepEqual(w.records().at(-1)?.statuses.map((s) => s.state), ['in_progress', 'error']);
    assert.equal(r.annotations.filter((a) => a.level === 'error' && a.step === 'post').length, 0, 'post never fails the job');
  });

  test('vault: the script reads KV with its token, which is revoked when main ends', async (t) => {
    const w = world(t);
    const r = await w.deploy({ cloud: 'vault', 'vault-url': f.vault.url, 'vault-role': VAULT_ROLE, 'vault-audience': 'https://github.com/octo-org', run: RUN_CHILD });
    assert.equal(r.exitCode, 0, r.stdout);
    const out = stdoutOf(r);
    assert.match(out, /child env: VAULT_ADDR VAULT_TOKEN/);
    assert.match(out, /careless: VAULT_TOKEN=\*\*\*/);
    assert.match(out, /child: vault read app\/e2e -> 200/);
    const tokens = f.vault.tokens().filter((x) => x.role === VAULT_ROLE);
    assert.ok(tokens.length >= 1);
    assert.ok(tokens.every((x) => x.revoked), 'revoked (not exported)');
  });

  test('missing id-token permission: fails at once with the permission hint, before any GitHub call', async (t) => {
    const w = world(t);
    const r = await w.deploy(
      { cloud: 'aws', 'aws-role-arn': AWS_ROLE, 'aws-region': 'us-east-1', 'aws-sts-endpoint': f.aws.url, 'allow-custom-endpoints': 'true', run: `${RUN_CHILD}` },
      { env: { ACTIONS_ID_TOKEN_REQUEST_URL: '', ACTIONS_ID_TOKEN_REQUEST_TOKEN: '' } },
    );
    assert.equal(r.exitCode, 1);
    const errors = r.annotations.filter((a) => a.level === 'error').map((a) => a.message);
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.match(errors[0]!, /^deploy: Cannot request an OIDC token: ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set\. Add `permissions: id-token: write`/);
    assert.equal(w.githubCalls(), 0, 'no GitHub call');
    assert.deepEqual(w.records(), [], 'no deployment record');
    assert.equal(JSON.parse(r.outputs['record'] ?? '{}').api_calls, 0);
    assert.doesNotMatch(stdoutOf(r), /child env/, 'the script never ran');
  });

  test('AccessDenied: a trust policy that does not match fails after one STS attempt, naming sub and aud, before any GitHub call', async (t) => {
    const w = world(t);
    const role = 'arn:aws:iam::123456789012:role/tags-only';
    f.aws.seed.role({ arn: role, trust: { aud: 'sts.amazonaws.com', sub: 'repo:octo-org/app:ref:refs/tags/*' } });
    const r = await w.deploy({ cloud: 'aws', 'aws-role-arn': role, 'aws-region': 'us-east-1', 'aws-sts-endpoint': f.aws.url, 'allow-custom-endpoints': 'true', run: RUN_CHILD });
    assert.equal(r.exitCode, 1);
    assert.match(
      errorOf(r),
      /^deploy: .*AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity.*:sub and .*:aud must match this token: sub 'repo:octo-org\/app:ref:refs\/heads\/main' and aud 'sts\.amazonaws\.com'/,
    );
    assert.equal(f.aws.requests.filter((q) => q.operation === 'sts:AssumeRoleWithWebIdentity' && q.status === 403).length, 1, 'AccessDenied is not retried');
    assert.equal(w.githubCalls(), 0, 'no GitHub call');
    assert.deepEqual(w.records(), []);
  });

  test('no cloud: the run needs none of the OIDC and provider chunks; the script gets no OIDC request variables', async (t) => {
    // The bundle as shipped, minus every lazily loaded chunk holding shared/oidc code beyond spec.ts.
    const lean = mkdtempSync(join(tmpdir(), 'deploy-lean-'));
    t.after(() => rmSync(lean, { recursive: true, force: true }));
    mkdirSync(join(lean, 'actions', 'deploy'), { recursive: true });
    cpSync(join(repoRoot, 'actions', 'deploy', 'action.yml'), join(lean, 'actions', 'deploy', 'action.yml'));
    cpSync(join(repoRoot, 'dist', 'deploy'), join(lean, 'dist', 'deploy'), { recursive: true });
    // One string of each module: token.ts, source.ts, env.ts, aws.ts, gcp.ts, azure.ts, vault.ts, files.ts.
    const markers = ['Cannot request an OIDC token', 'credentials were already disposed of', 'AWS_CREDENTIAL_EXPIRATION', 'IDPCommunicationError', 'generateAccessToken', 'AADSTS', 'revoke-self', 'actions-suite-credentials-'];
    const removed: string[] = [];
    for (const entry of ['main', 'post']) {
      const dir = join(lean, 'dist', 'deploy', entry);
      const index = readFileSync(join(dir, 'index.js'), 'utf8');
      for (const m of markers) assert.ok(!index.includes(m), `${entry}/index.js holds no '${m}'`);
      for (const chunk of readdirSync(dir).filter((c) => /^\d+\.index\.js$/.test(c))) {
        const text = readFileSync(join(dir, chunk), 'utf8');
        if (markers.some((m) => text.includes(m))) {
          rmSync(join(dir, chunk));
          removed.push(`${entry}/${chunk}`);
        }
      }
    }
    assert.ok(removed.filter((c) => c.startsWith('main/')).length >= 5, `OIDC chunks of main: ${removed.join(', ')}`);
    assert.ok(removed.some((c) => c.startsWith('post/')), `the credential-file chunk of post: ${removed.join(', ')}`);

    const w = world(t);
    const r = await w.deploy(
      { run: `${RUN_CHILD}\n[ -z "$ACTIONS_ID_TOKEN_REQUEST_URL" ] && [ -z "$ACTIONS_ID_TOKEN_REQUEST_TOKEN" ] && echo "oidc request variables: not passed"` },
      { actionDir: join(lean, 'actions', 'deploy') },
    );
    assert.equal(r.exitCode, 0, r.stdout + r.stderr);
    assert.match(stdoutOf(r), /child env: \(none\)/);
    assert.match(stdoutOf(r), /oidc request variables: not passed/, 'only with script-oidc: true (deploy-security.test.ts)');
    assert.equal(r.outputs['status'], 'success');
    assert.equal(r.state['credential-files'], undefined);
  });
});
