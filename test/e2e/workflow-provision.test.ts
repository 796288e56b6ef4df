// provision-plan.yml → provision-apply.yml executed by the workflow-level runner with the real
// ansible-playbook (local connection): the plan job publishes the check run and uploads the plan
// with its digest, the apply job waits for the environment's reviewers, downloads the artifact and
// applies exactly what was reviewed. Dispatched, provision-plan looks for drift now.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { startAnsible } from '../harness/services/index.ts';
import { SUITE, USER_REPO, VERSION, workflowWorld } from './helpers/workflow-world.ts';

// Runs in full either way; while provision is the placeholder on main it reports as todo, saying why.
test('provision-plan → reviewed → provision-apply with the plan artifact and digest; drift by hand', async (t) => {
  const ansible = await startAnsible();
  t.after(() => ansible.stop());
  const w = await workflowWorld(t);
  w.gh.seed.environment(USER_REPO, 'infra');
  await w.requireReviewers('infra');
  const marker = join(ansible.dir, 'provisioned.txt');
  const caller = `on: push
permissions:
  contents: read
jobs:
  plan:
    uses: ${SUITE}/.github/workflows/provision-plan.yml@v${VERSION}
    permissions: { contents: read, pull-requests: write, issues: write, id-token: write }
    with:
      tool: ansible
      working-directory: infra
      playbook: site.yml
      inventory: inventory.ini
  apply:
    needs: plan
    if: needs.plan.outputs.changes == 'true'
    uses: ${SUITE}/.github/workflows/provision-apply.yml@v${VERSION}
    permissions: { contents: read, id-token: write }
    with:
      environment: infra
      tool: ansible
      working-directory: infra
      playbook: site.yml
      inventory: inventory.ini
      plan-artifact: \${{ needs.plan.outputs.plan-artifact }}
      plan-digest: \${{ needs.plan.outputs.plan-digest }}
`;
  const released = readFileSync(join(w.suiteRelease.dir, '.github/workflows/provision-plan.yml'), 'utf8');
  const repo = w.userRepo({
    '.github/workflows/infra.yml': caller,
    '.github/workflows/provision-plan.yml': released,
    'infra/inventory.ini': `${ansible.inventoryLine}\n`,
    'infra/site.yml': `- hosts: all\n  gather_facts: false\n  tasks:\n    - name: marker\n      ansible.builtin.copy:\n        dest: ${marker}\n        content: "provisioned\\n"\n`,
  });
  const runnerEnv = { ...ansible.env(), PATH: `${join(ansible.playbookBin, '..')}:${process.env['PATH'] ?? ''}` };
  const waiting = await w.run({ repo, workflow: '.github/workflows/infra.yml', event: { name: 'push' }, runnerEnv });
  assert.equal(waiting.jobs.find((j) => j.name === 'plan')!.result, 'success', waiting.log);
  assert.match(waiting.jobs.find((j) => j.name === 'apply / apply')!.error ?? '', /waiting for a required reviewer of 'infra'/);
  assert.ok(!existsSync(marker), 'nothing applied before the review');
  const plan = waiting.jobs.find((j) => j.name === 'plan')!.outputs;
  assert.equal(plan['changes'], 'true');
  assert.match(plan['plan-digest'] ?? '', /\S{16,}/);
  assert.equal(plan['plan-artifact'], 'provision-plan');

  const r = await w.run({ repo, workflow: '.github/workflows/infra.yml', event: { name: 'push' }, runnerEnv, approvals: { infra: 'approve' }, runId: '6060' });
  assert.equal(r.result, 'success', r.log);
  const apply = r.jobs.find((j) => j.name === 'apply / apply')!;
  assert.equal(apply.steps.find((s) => s.id === 'provision')!.with['plan-digest'], r.jobs.find((j) => j.name === 'plan')!.outputs['plan-digest']);
  assert.equal(readFileSync(marker, 'utf8'), 'provisioned\n');

  const drift = await w.run({ repo, workflow: '.github/workflows/provision-plan.yml', event: { name: 'workflow_dispatch', inputs: { tool: 'ansible', 'working-directory': 'infra', playbook: 'site.yml', inventory: 'inventory.ini' } }, runnerEnv, runId: '6161' });
  const step = drift.jobs[0]!.steps.find((s) => s.id === 'provision')!;
  assert.equal(step.with['command'], 'drift');
  assert.equal(step.with['plan-file'], '');
  assert.equal(drift.result, 'success', drift.log);
  assert.equal(drift.jobs[0]!.steps.find((s) => s.id === 'upload')!.outcome, 'skipped', 'drift uploads no plan');
});
