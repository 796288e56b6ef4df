import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { root } from '../../scripts/lib/actions.ts';

import { actionlint } from './helpers/actionlint.ts';

// Our own workflows, and the examples users copy (which call this suite as OWNER/REPO/actions/…).
const dirs = [join(root, '.github', 'workflows'), join(root, 'examples', 'workflows')];
const workflows = dirs.flatMap((dir) => readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).map((f) => join(dir, f)));
const OUR_ACTIONS = /^OWNER\/REPO\/actions\/[a-z-]+@v\d+$/;
/** On a branch our reusable workflows name the suite's actions locally; releases stamp them (scripts/lib/stamp.ts). */
const LOCAL_ACTION = /^\.\/actions\/[a-z-]+$/;

test('actionlint flags the known-bad fixture (the check can fail)', async () => {
  const path = join(root, 'test', 'fixtures', 'workflows', 'injection.yml');
  const { problems } = await actionlint(readFileSync(path, 'utf8'), path);
  assert.ok(problems.some((p) => p.kind === 'expression' && /untrusted/.test(p.message)), JSON.stringify(problems));
});

for (const path of workflows) {
  const file = path.slice(root.length + 1);
  test(`${file}: actionlint finds nothing`, async () => {
    const source = readFileSync(path, 'utf8');
    assert.deepEqual((await actionlint(source, file)).problems, []);
  });

  test(`${file}: least privilege, pinned actions, no persisted credentials`, () => {
    const source = readFileSync(path, 'utf8');
    const wf = parse(source) as { permissions?: unknown; jobs: Record<string, { steps?: Array<{ uses?: string; with?: Record<string, unknown>; run?: string }> }> };
    assert.ok(
      JSON.stringify(wf.permissions) === '{"contents":"read"}' || JSON.stringify(wf.permissions) === '{}',
      `top-level permissions must be contents: read or {}, got ${JSON.stringify(wf.permissions)}`,
    );
    for (const [job, def] of Object.entries(wf.jobs)) {
      for (const step of def.steps ?? []) {
        if (step.uses?.startsWith('./')) assert.match(step.uses, LOCAL_ACTION, `${job}: a local action is one of ours (./actions/<name>)`);
        if (step.uses && !step.uses.startsWith('./') && !OUR_ACTIONS.test(step.uses)) {
          assert.match(step.uses, /^[^@]+@[0-9a-f]{40}$/, `${job}: ${step.uses} is pinned to a full SHA`);
          assert.match(source, new RegExp(`${step.uses}\\s+# v\\d`), `${job}: ${step.uses} has a version comment`);
        }
        if (step.uses?.startsWith('actions/checkout@')) assert.equal(step.with?.['persist-credentials'], false, `${job}: checkout persist-credentials: false`);
        assert.ok(!/\$\{\{\s*github\.event\./.test(step.run ?? ''), `${job}: no github.event expressions inside run:`);
      }
    }
  });
}

test('the deployment: false exception is only that key (the check can still fail on it elsewhere)', async () => {
  const bad = 'on: push\npermissions: {}\njobs:\n  j:\n    runs-on: ubuntu-24.04\n    environment: { name: x, deploymnt: false }\n    steps:\n      - run: "true"\n';
  assert.equal((await actionlint(bad, 'bad.yml')).problems.length, 1);
  const good = bad.replace('deploymnt', 'deployment');
  const r = await actionlint(good, 'good.yml');
  assert.deepEqual(r.problems, []);
  assert.equal(r.overruled.length, 1);
});

// Reusable workflows: callable and dispatchable; every action.yml input they forward exists.
const reusable = workflows.filter((p) => p.includes(`.github${'/'}workflows`) && 'workflow_call' in ((parse(readFileSync(p, 'utf8')) as { on: object }).on ?? {}));
test('the suite ships the reusable workflows issue 15 names', () => {
  const names = reusable.map((p) => p.split('/').pop()).sort();
  assert.deepEqual(names, ['deploy.yml', 'promote.yml', 'provision-apply.yml', 'provision-plan.yml', 'report-metrics.yml', 'rotate-secret.yml']);
});
/** Reusable workflows that wrap one action whole: every input forwarded, every output exposed ("the same inputs as the actions"). promote.yml takes a chosen subset (each environment supplies its URLs and role). */
const WHOLE = new Set(['deploy.yml', 'rotate-secret.yml', 'report-metrics.yml', 'provision-plan.yml', 'provision-apply.yml']);
/**
 * What a wrapper leaves out on purpose. Inputs: provision-plan checks no reviewed plan (plan-digest),
 * provision-apply applies the reviewed plan whole (no targets) and posts no plan (comment, alert);
 * both act with the job's own token and the permissions their jobs declare (github-token).
 * Outputs: paths on the runner of a job that has ended mean nothing to the caller.
 */
const LEFT_OUT: Record<string, string[]> = {
  'provision-plan.yml': ['plan-digest', 'stop-grace', 'github-token'],
  'provision-apply.yml': ['comment', 'alert', 'targets', 'github-token'],
};
const RUNNER_PATHS = ['plan-file', 'summary-file'];
for (const path of reusable) {
  const file = path.slice(root.length + 1);
  const base = file.split('/').pop()!;
  test(`${file}: callable and dispatchable, jobs declare their permissions, forwards only inputs the action has`, () => {
    const wf = parse(readFileSync(path, 'utf8')) as {
      on: Record<string, unknown>;
      jobs: Record<string, { permissions?: object; steps?: Array<{ uses?: string; with?: Record<string, unknown> }> }>;
    };
    assert.ok('workflow_dispatch' in wf.on || file.includes('provision-apply'), 'a workflow_dispatch entry point (provision-apply runs only on a reviewed plan)');
    for (const [id, job] of Object.entries(wf.jobs)) {
      assert.ok(job.permissions, `${id}: job-level permissions`);
      for (const step of job.steps ?? []) {
        if (!step.uses?.startsWith('./')) continue;
        const name = step.uses.replace('./actions/', '');
        const yml = parse(readFileSync(join(root, 'actions', name, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown> };
        const unknown = Object.keys(step.with ?? {}).filter((k) => !(k in yml.inputs));
        assert.deepEqual(unknown, [], `${file} forwards inputs actions/${name}/action.yml does not have (unknown inputs fail the step)`);
      }
    }
  });
  if (!WHOLE.has(base)) continue;
  test(`${file}: forwards every input of its action and exposes every output`, () => {
    const wf = parse(readFileSync(path, 'utf8')) as {
      on: { workflow_call: { outputs?: Record<string, unknown> } };
      jobs: Record<string, { steps?: Array<{ uses?: string; with?: Record<string, unknown> }> }>;
    };
    const steps = Object.values(wf.jobs).flatMap((j) => j.steps ?? []).filter((s) => s.uses?.startsWith('./actions/'));
    assert.equal(steps.length, 1, 'one step of our action');
    const step = steps[0]!;
    const yml = parse(readFileSync(join(root, step.uses!.slice(2), 'action.yml'), 'utf8')) as { inputs: Record<string, unknown>; outputs?: Record<string, unknown> };
    const missing = Object.keys(yml.inputs).filter((k) => !(k in (step.with ?? {})) && !(LEFT_OUT[base] ?? []).includes(k));
    assert.deepEqual(missing, [], `${file} does not forward these inputs of ${step.uses}`);
    const hidden = Object.keys(yml.outputs ?? {}).filter((k) => !(k in (wf.on.workflow_call.outputs ?? {})) && !RUNNER_PATHS.includes(k));
    assert.deepEqual(hidden, [], `${file} does not expose these outputs of ${step.uses}`);
  });
}

// The manual entry points: what a person picks from a list is a choice, what they switch is a
// boolean (a text box taking 'ture' would fail only at run time), and every form has at least one.
for (const path of reusable.filter((p) => !p.endsWith('provision-apply.yml'))) {
  const file = path.slice(root.length + 1);
  test(`${file}: the dispatch form offers choices and switches, typed like the action's inputs`, () => {
    const wf = parse(readFileSync(path, 'utf8')) as {
      on: { workflow_dispatch: { inputs: Record<string, { type: string; options?: string[]; default?: unknown }> } };
      jobs: Record<string, { steps?: Array<{ uses?: string }> }>;
    };
    const form = wf.on.workflow_dispatch.inputs;
    assert.ok(Object.values(form).some((i) => i.type === 'choice' || i.type === 'boolean'), 'at least one choice or boolean input');
    const uses = Object.values(wf.jobs).flatMap((j) => j.steps ?? []).find((s) => s.uses?.startsWith('./actions/'))!.uses!;
    const yml = parse(readFileSync(join(root, uses.slice(2), 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> };
    for (const [name, input] of Object.entries(form)) {
      const d = yml.inputs[name]?.default;
      if (d === 'true' || d === 'false') assert.equal(input.type, 'boolean', `${name} is a switch in action.yml`);
      if (input.type === 'choice') assert.ok(input.options?.includes(String(input.default)), `${name}: its default is one of its options`);
    }
  });
}
