// promote.yml and the example pipeline (examples/workflows/deploy-pipeline.yml), executed by the
// workflow-level runner: one sha through dev → staging → production, each promotion waiting for its
// soak (deploy's soak-wait) instead of being refused, production behind required reviewers.
//
// Soak times: the shipped files are run as they are; the soak comes from each environment's
// variables (what a team sets in Settings → Environments), here 2 s, so the waits are real but short.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { root } from '../../scripts/lib/actions.ts';
import { startCloudEmulators } from '../harness/cloud/index.ts';
import { startHttpTarget, type HttpTarget } from '../harness/http-target.ts';
import { startProxy } from '../harness/proxy.ts';
import { createTestCa, startTlsFront } from '../harness/test-ca.ts';
import { DEPLOY_SH, SOURCE_SHA, SUITE, USER_REPO, USER_SHA, VERSION, workflowWorld, type WorkflowWorld } from './helpers/workflow-world.ts';

const ENVS = ['dev', 'staging', 'production'] as const;

async function environments(t: Parameters<typeof workflowWorld>[0], w: WorkflowWorld, prefix: string): Promise<Record<string, HttpTarget>> {
  const targets: Record<string, HttpTarget> = {};
  for (const e of ENVS) {
    const target = await startHttpTarget();
    t.after(() => target.close());
    targets[e] = target;
    w.gh.seed.environment(USER_REPO, e);
    w.gh.seed.variable({ repo: USER_REPO, environment: e }, `${prefix}HEALTH_URL`, target.healthUrl);
    w.gh.seed.variable({ repo: USER_REPO, environment: e }, `${prefix}ENVIRONMENT_URL`, target.url);
  }
  await w.requireReviewers('production');
  return targets;
}

test('promote.yml called at a release: the sha reaches production through both soaks, behind production reviewers', async (t) => {
  const w = await workflowWorld(t);
  const targets = await environments(t, w, 'DEPLOY_');
  const caller = `on: push
permissions:
  contents: read
jobs:
  promote:
    uses: ${SUITE}/.github/workflows/promote.yml@v${VERSION}
    permissions: { contents: read, deployments: write, id-token: write }
    with:
      run: ./scripts/deploy.sh
      health-json: version=\${{ github.sha }}
      health-interval: 200ms
      health-passes: '2'
      staging-soak-time: 2s
      production-soak-time: 2s
`;
  const repo = w.userRepo({ '.github/workflows/ship.yml': caller, 'scripts/deploy.sh': DEPLOY_SH });
  const waiting = await w.run({ repo, workflow: '.github/workflows/ship.yml', event: { name: 'push' } });
  assert.match(waiting.jobs.find((j) => j.name === 'promote / production')!.error ?? '', /waiting for a required reviewer/);
  assert.equal(targets.production!.version, undefined, 'nothing reaches production without approval');

  const r = await w.run({ repo, workflow: '.github/workflows/ship.yml', event: { name: 'push' }, approvals: { production: 'approve' }, runId: '5151' });
  assert.equal(r.result, 'success', r.log);
  for (const e of ENVS) assert.equal(targets[e]!.version, USER_SHA, e);
  assert.deepEqual(r.jobs.map((j) => [j.name, j.result]), [['promote / dev', 'success'], ['promote / staging', 'success'], ['promote / production', 'success'], ['promote', 'success']]);
  assert.equal(r.jobs.at(-1)!.outputs['production-status'], 'success');
  assert.equal(r.jobs.at(-1)!.outputs['sha'], USER_SHA);
  assert.equal(r.jobs.at(-1)!.outputs['dev-status'], 'skipped', 'the second run found the sha live in dev');
  const production = r.jobs.find((j) => j.name === 'promote / production')!.steps.find((s) => s.id === 'deploy')!;
  assert.deepEqual([production.with['health-interval'], production.with['health-passes'], production.with['retries']], ['200ms', '2', ''], 'tuning forwarded, omitted inputs as empty');
  // deployment: false: every record is the deploy action's (its marker in the payload), none is GitHub's
  // own record for the job; dev and staging were deployed once (the second run found the sha live).
  for (const e of ENVS) {
    const records = w.deployments(e);
    assert.equal(records.length, 1, `${e}: one record`);
    assert.ok(typeof records[0]!.payload === 'object' && 'actions-suite/deploy' in records[0]!.payload, `${e}: the deploy action's record, not GitHub's`);
  }
  assert.deepEqual(w.gh.contractViolations, []);
});

test('promote.yml dispatched: a given sha, the soak waits on by default', async (t) => {
  const w = await workflowWorld(t);
  const targets = await environments(t, w, 'DEPLOY_');
  const released = readFileSync(join(w.suiteRelease.dir, '.github/workflows/promote.yml'), 'utf8');
  const repo = w.userRepo({ '.github/workflows/promote.yml': released, 'scripts/deploy.sh': DEPLOY_SH });
  const form = { sha: USER_SHA, 'staging-soak-time': '1s', 'production-soak-time': '1s' };
  const r = await w.run({ repo, workflow: '.github/workflows/promote.yml', event: { name: 'workflow_dispatch', inputs: form }, approvals: { production: 'approve' } });
  assert.equal(r.result, 'success', r.log);
  assert.equal(r.jobs.find((j) => j.name === 'staging')!.steps.find((s) => s.id === 'deploy')!.with['soak-wait'], 'true');
  assert.equal(targets.production!.version, USER_SHA);
});

test('examples/workflows/deploy-pipeline.yml, as shipped, reaches production (soak waits, reviewers, AWS over OIDC)', async (t) => {
  const w = await workflowWorld(t);
  const targets = await environments(t, w, '');
  for (const e of ['staging', 'production']) w.gh.seed.variable({ repo: USER_REPO, environment: e }, 'SOAK_TIME', '2s');
  const cloud = await startCloudEmulators({ issuer: w.gh.oidc.issuer });
  t.after(() => cloud.close());
  const role = 'arn:aws:iam::123456789012:role/deploy-production';
  cloud.aws.seed.role({ arn: role, trust: { aud: 'sts.amazonaws.com', sub: `repo:${USER_REPO}:environment:production` } });
  for (const [k, v] of Object.entries({ AWS_ROLE_ARN: role, AWS_REGION: 'eu-west-1' })) w.gh.seed.variable({ repo: USER_REPO, environment: 'production' }, k, v);
  // The example keeps AWS's own STS host (no AWS_STS_ENDPOINT, no allow-custom-endpoints): the runner
  // reaches it through its proxy, which here hands sts.eu-west-1.amazonaws.com to the AWS emulator
  // behind a TLS front with a certificate for that name from a throw-away CA — as a runner with a
  // company proxy and CA would. Everything on 127.0.0.1 (GitHub, OIDC, the apps) goes direct.
  const ca = createTestCa();
  const front = await startTlsFront(ca.issue(['sts.eu-west-1.amazonaws.com']), Number(new URL(cloud.aws.url).port));
  const proxy = await startProxy({ hosts: { 'sts.eu-west-1.amazonaws.com': front.port } });
  t.after(async () => {
    await proxy.close();
    await front.close();
    ca.remove();
  });
  const runnerEnv = { HTTPS_PROXY: proxy.url, NO_PROXY: '127.0.0.1,localhost', NODE_EXTRA_CA_CERTS: ca.caFile };
  const repo = w.userRepo({
    '.github/workflows/deploy.yml': readFileSync(join(root, 'examples/workflows/deploy-pipeline.yml'), 'utf8'),
    'scripts/deploy.sh': `${DEPLOY_SH}test -n "\${AWS_ACCESS_KEY_ID:-}" || [ "$DEPLOY_ENVIRONMENT" != production ]\n`,
    'scripts/rollback.sh': DEPLOY_SH,
  });
  // The example names the suite as OWNER/REPO/actions/deploy@v1: here that is the source commit.
  const r = await w.run({
    repo,
    workflow: '.github/workflows/deploy.yml',
    event: { name: 'push' },
    approvals: { production: 'approve' },
    remotes: [{ fullName: 'OWNER/REPO', sha: SOURCE_SHA, refs: ['v1'], dir: root }],
    runnerEnv,
  });
  for (const s of cloud.issuedSecrets()) w.h.secret(s);
  assert.equal(r.result, 'success', r.log);
  assert.deepEqual(r.jobs.map((j) => [j.name, j.result]), [['dev', 'success'], ['staging', 'success'], ['production', 'success']]);
  for (const e of ENVS) assert.equal(targets[e]!.version, USER_SHA, `${e} runs the sha`);
  const staging = r.jobs[1]!.steps.find((s) => s.kind.startsWith('OWNER/REPO/actions/deploy'))!;
  assert.equal(staging.with['soak-time'], '2s');
  assert.equal(staging.with['soak-wait'], 'true');
  assert.ok(cloud.aws.issued().length >= 1, 'production got AWS credentials over OIDC');
  assert.ok(proxy.log.length >= 1 && proxy.log.every((e) => e.method === 'CONNECT' && e.target === 'sts.eu-west-1.amazonaws.com:443'), JSON.stringify(proxy.log));
  assert.equal(r.jobs[2]!.steps.find((s) => s.kind.startsWith('OWNER/REPO/actions/deploy'))!.with['aws-sts-endpoint'], '');
  for (const e of ENVS) {
    const records = w.deployments(e);
    assert.equal(records.length, 1, `${e}: exactly one deployment record`);
    assert.equal(records[0]!.statuses.at(-1)!.state, 'success');
  }
  assert.deepEqual(w.gh.contractViolations, []);
});
