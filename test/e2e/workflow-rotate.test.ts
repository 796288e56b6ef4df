// rotate-secret.yml executed by the workflow-level runner: called on a schedule it rotates once and
// then respects rotate-if-older-than; dispatched by hand ("rotate now") it rotates whatever
// rotate-if-older-than says. The token that writes the secret is a GitHub App's, minted in the job.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { SUITE, USER_REPO, VERSION, workflowWorld } from './helpers/workflow-world.ts';

const KEY = '-----BEGIN PRIVATE KEY-----\nMIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQC7rotatorAppKey0\n-----END PRIVATE KEY-----\n';

const caller = `on:
  schedule:
    - cron: '17 3 * * 1'
permissions:
  contents: read
jobs:
  rotate:
    uses: ${SUITE}/.github/workflows/rotate-secret.yml@v${VERSION}
    permissions: { contents: read, id-token: write }
    with:
      name: SERVICE_API_KEY
      destinations: github:repo
      rotate-if-older-than: 30d
      app-id: \${{ vars.ROTATOR_APP_ID }}
    secrets:
      APP_PRIVATE_KEY: \${{ secrets.ROTATOR_APP_PRIVATE_KEY }}
`;

test('rotate-secret.yml: a scheduled call rotates, the next one skips (rotate-if-older-than), a manual run rotates now', async (t) => {
  const w = await workflowWorld(t);
  w.h.secret(KEY.split('\n')[1]!);
  w.gh.seed.secret({ repo: USER_REPO }, 'ROTATOR_APP_PRIVATE_KEY', KEY);
  w.gh.seed.variable({ repo: USER_REPO }, 'ROTATOR_APP_ID', '4711');
  const released = readFileSync(join(w.suiteRelease.dir, '.github/workflows/rotate-secret.yml'), 'utf8');
  const repo = w.userRepo({ '.github/workflows/rotate.yml': caller, '.github/workflows/rotate-secret.yml': released });

  const first = await w.run({ repo, workflow: '.github/workflows/rotate.yml', event: { name: 'schedule' } });
  assert.equal(first.result, 'success', first.log);
  const call = first.jobs.find((j) => j.name === 'rotate')!;
  assert.equal(call.outputs['rotated'], 'true');
  const secret = w.gh.secrets.get({ repo: USER_REPO }, 'SERVICE_API_KEY');
  assert.ok(secret && secret.plaintext.length === 32, 'a 32-character value was distributed');
  w.h.secret(secret.plaintext);
  const step = first.jobs[0]!.steps.find((s) => s.id === 'rotate')!;
  assert.equal(step.with['rotate-if-older-than'], '30d');
  assert.equal(first.jobs[0]!.steps.find((s) => s.id === 'app-token')!.outcome, 'success');

  const second = await w.run({ repo, workflow: '.github/workflows/rotate.yml', event: { name: 'schedule' }, runId: '4343' });
  assert.equal(second.result, 'success', second.log);
  assert.equal(second.jobs.find((j) => j.name === 'rotate')!.outputs['rotated'], 'false', 'younger than 30 days: skipped');
  assert.equal(w.gh.secrets.get({ repo: USER_REPO }, 'SERVICE_API_KEY')!.plaintext, secret.plaintext);

  // Rotate now: the released workflow copied into the repository, dispatched with its defaults.
  const manual = await w.run({
    repo,
    workflow: '.github/workflows/rotate-secret.yml',
    event: { name: 'workflow_dispatch', inputs: { name: 'SERVICE_API_KEY', 'app-id': '4711' } },
    runId: '4444',
  });
  // Dispatched, the App key is read from the repository secret of the same name.
  assert.match(manual.jobs[0]!.error ?? manual.log, /APP_PRIVATE_KEY|private/i);
  w.gh.seed.secret({ repo: USER_REPO }, 'APP_PRIVATE_KEY', KEY);
  const now = await w.run({
    repo,
    workflow: '.github/workflows/rotate-secret.yml',
    event: { name: 'workflow_dispatch', inputs: { name: 'SERVICE_API_KEY', 'app-id': '4711', 'rotate-if-older-than': '' } as Record<string, string> },
    runId: '4545',
  }).catch((e: Error) => e);
  assert.ok(now instanceof Error && /Unexpected inputs provided/.test(now.message), 'rotate-if-older-than is not a manual input: a manual run always rotates');
  const forced = await w.run({ repo, workflow: '.github/workflows/rotate-secret.yml', event: { name: 'workflow_dispatch', inputs: { name: 'SERVICE_API_KEY', 'app-id': '4711' } }, runId: '4646' });
  assert.equal(forced.result, 'success', forced.log);
  assert.equal(forced.jobs[0]!.steps.find((s) => s.id === 'rotate')!.with['rotate-if-older-than'], '');
  assert.equal(forced.jobs[0]!.outputs['rotated'], 'true');
  const rotated = w.gh.secrets.get({ repo: USER_REPO }, 'SERVICE_API_KEY')!.plaintext;
  w.h.secret(rotated);
  assert.notEqual(rotated, secret.plaintext);
});
