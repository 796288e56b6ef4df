// The deploy reusable workflow, executed by the workflow-level runner as GitHub would run it:
// called from a user's workflow at a release tag (its stamped `uses:` reaching the suite's bundle
// at the source sha), and dispatched by hand to redeploy a sha.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { startHttpTarget } from '../harness/http-target.ts';
import { DEPLOY_SH, SUITE, USER_SHA, VERSION, workflowWorld } from './helpers/workflow-world.ts';

const caller = (environment: string, url: string, extra = ''): string => `name: ship
on: push
permissions:
  contents: read
jobs:
  ship:
    uses: ${SUITE}/.github/workflows/deploy.yml@v${VERSION}
    permissions:
      contents: read
      deployments: write
      id-token: write
    with:
      environment: ${environment}
      run: ./scripts/deploy.sh
      environment-url: ${url}
      health-url: ${url}/healthz
      health-json: version=\${{ github.sha }}
      health-interval: 100ms
      health-passes: '2'${extra}
`;

test('deploy.yml called at a release tag deploys the sha, one honest record, outputs forwarded', async (t) => {
  const w = await workflowWorld(t);
  const target = await startHttpTarget();
  t.after(() => target.close());
  const repo = w.userRepo({ '.github/workflows/ship.yml': caller('staging', target.url), 'scripts/deploy.sh': DEPLOY_SH });
  const r = await w.run({ repo, workflow: '.github/workflows/ship.yml', event: { name: 'push' } });
  assert.equal(r.result, 'success', r.log);
  assert.equal(target.version, USER_SHA);
  const job = r.jobs.find((j) => j.name === 'ship / deploy')!;
  assert.equal(job.result, 'success');
  assert.deepEqual(job.environment, { name: 'staging', deployment: false });
  assert.deepEqual(job.permissions, { contents: 'read', deployments: 'write', 'id-token': 'write' });
  // The stamped reference reached the bundle of the source commit, with '' for every omitted input.
  const step = job.steps.find((s) => s.id === 'deploy')!;
  assert.match(step.kind, new RegExp(`^${SUITE}/actions/deploy@[0-9a-f]{40}$`));
  assert.equal(step.with['promote-from'], '');
  assert.equal(step.with['soak-time'], '');
  const records = w.deployments('staging');
  assert.equal(records.length, 1, 'deployment: false: only the deploy action\'s record, no second one by GitHub');
  assert.equal(records[0]!.statuses.at(-1)!.state, 'success');
  const ship = r.jobs.find((j) => j.name === 'ship')!;
  assert.equal(ship.outputs['status'], 'success');
  assert.equal(ship.outputs['deployment-id'], String(records[0]!.id));
  assert.deepEqual(w.gh.contractViolations, []);
});

test('deploy.yml dispatched by hand redeploys a sha that is already live (skip-if-deployed off)', async (t) => {
  const w = await workflowWorld(t);
  const target = await startHttpTarget();
  t.after(() => target.close());
  w.gh.seed.environment('octo-org/shop', 'staging');
  // What the form leaves empty comes from the environment's own variables.
  w.gh.seed.variable({ repo: 'octo-org/shop', environment: 'staging' }, 'DEPLOY_ENVIRONMENT_URL', target.url);
  w.gh.seed.variable({ repo: 'octo-org/shop', environment: 'staging' }, 'DEPLOY_HEALTH_URL', target.healthUrl);
  // The dispatch template: the released deploy.yml, copied into the user's repository as it is.
  const released = readFileSync(join(w.suiteRelease.dir, '.github/workflows/deploy.yml'), 'utf8');
  const repo = w.userRepo({ '.github/workflows/deploy.yml': released, 'scripts/deploy.sh': DEPLOY_SH, '.github/workflows/ship.yml': caller('staging', target.url) });
  const first = await w.run({ repo, workflow: '.github/workflows/ship.yml', event: { name: 'push' } });
  assert.equal(first.result, 'success', first.log);
  const form = { environment: 'staging', ref: USER_SHA };
  const r = await w.run({ repo, workflow: '.github/workflows/deploy.yml', event: { name: 'workflow_dispatch', inputs: form } });
  assert.equal(r.result, 'success', r.log);
  const step = r.jobs[0]!.steps.find((s) => s.id === 'deploy')!;
  assert.equal(step.with['skip-if-deployed'], 'false');
  assert.equal(step.with['environment-url'], target.url);
  assert.equal(step.with['health-url'], target.healthUrl);
  assert.equal(step.outputs['status'], 'success');
  assert.deepEqual(target.deploys, [USER_SHA, USER_SHA], 'deployed again');
  assert.equal(w.deployments('staging').length, 2);
});

test('a dispatch form is checked like GitHub checks it: environment and choice values', async (t) => {
  const w = await workflowWorld(t);
  w.gh.seed.environment('octo-org/shop', 'staging');
  const released = readFileSync(join(w.suiteRelease.dir, '.github/workflows/deploy.yml'), 'utf8');
  const repo = w.userRepo({ '.github/workflows/deploy.yml': released });
  await assert.rejects(
    w.run({ repo, workflow: '.github/workflows/deploy.yml', event: { name: 'workflow_dispatch', inputs: { environment: 'nope', ref: USER_SHA } } }),
    /no environment 'nope'/,
  );
  await assert.rejects(
    w.run({ repo, workflow: '.github/workflows/deploy.yml', event: { name: 'workflow_dispatch', inputs: { environment: 'staging', ref: USER_SHA, 'log-format': 'xml' } } }),
    /'xml' is not one of/,
  );
});
