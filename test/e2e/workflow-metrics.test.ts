// report-metrics.yml executed by the workflow-level runner over a seeded history of workflow runs:
// called from a scheduled workflow and dispatched by hand. The KPIs come from report-metrics
// (issue 12); this checks the workflow's wiring: inputs reach the action, outputs come back.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { SUITE, USER_REPO, VERSION, workflowWorld } from './helpers/workflow-world.ts';

test('report-metrics.yml: a history of 12 runs (10 green) reported through the reusable workflow and by hand', async (t) => {
  const w = await workflowWorld(t);
  const now = Date.now();
  for (let i = 0; i < 12; i++) {
    const created = new Date(now - (i + 1) * 3600_000);
    w.gh.seed.workflowRun(USER_REPO, {
      name: 'deploy',
      path: '.github/workflows/deploy.yml',
      event: 'push',
      status: 'completed',
      conclusion: i < 2 ? 'failure' : 'success',
      headBranch: 'main',
      createdAt: created.toISOString(),
      updatedAt: new Date(created.getTime() + 300_000 + i * 1000).toISOString(),
    });
  }
  const caller = `on:
  schedule:
    - cron: '0 6 * * *'
permissions:
  contents: read
jobs:
  metrics:
    uses: ${SUITE}/.github/workflows/report-metrics.yml@v${VERSION}
    permissions: { contents: read, actions: read, deployments: read, issues: write }
    with:
      workflow: deploy.yml
      window: 7d
`;
  const released = readFileSync(join(w.suiteRelease.dir, '.github/workflows/report-metrics.yml'), 'utf8');
  const repo = w.userRepo({ '.github/workflows/metrics.yml': caller, '.github/workflows/report-metrics.yml': released });
  const r = await w.run({ repo, workflow: '.github/workflows/metrics.yml', event: { name: 'schedule' } });
  assert.equal(r.result, 'success', r.log);
  const out = r.jobs.find((j) => j.name === 'metrics')!.outputs;
  assert.equal(out['runs'], '12');
  assert.ok(Math.abs(Number(out['success-rate']) - 10 / 12) < 0.01, `success-rate ${out['success-rate']}`);

  const manual = await w.run({ repo, workflow: '.github/workflows/report-metrics.yml', event: { name: 'workflow_dispatch', inputs: { workflow: 'deploy.yml', 'dry-run': 'true' } } });
  assert.equal(manual.result, 'success', manual.log);
  const step = manual.jobs[0]!.steps.find((s) => s.id === 'report')!;
  assert.equal(step.with['dry-run'], 'true');
  assert.equal(step.with['scope'], 'workflow');
  assert.equal(manual.jobs[0]!.outputs['runs'], '12');
});
