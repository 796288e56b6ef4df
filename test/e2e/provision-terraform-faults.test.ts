// provision with Terraform under faults, on the terraform double (its fault injection and its
// signal log are what make these scenarios happen and observable): transient failures retried with
// the shared policy, an apply retried with the same plan when it touched nothing and resumed from a
// re-plan when what is left is the rest of the reviewed plan, partial applies reported as such,
// and the stop policy — one SIGINT, stop-grace, then the process group — with the post step saying
// whether a state lock was left behind.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { provisionWorld, summaryOf, type World } from './helpers/provision-world.ts';

const DIR = 'infra';

function config(env = '${var.env}', extra: Record<string, object> = {}): string {
  return JSON.stringify({
    variable: { env: { type: 'string', default: 'dev' } },
    resource: { terraform_data: { a: { input: `a-${env}` }, b: { input: `b-${env}`, depends_on: ['terraform_data.a'] }, c: { input: `c-${env}`, depends_on: ['terraform_data.b'] }, ...extra } },
  });
}

const inputs = (extra: Record<string, string> = {}): Record<string, string> => ({ tool: 'terraform', 'working-directory': DIR, 'plan-file': 'infra.plan', ...extra });

async function reviewed(w: World, extra: Record<string, string> = {}): Promise<string> {
  const p = await w.provision(inputs(extra));
  assert.equal(p.exitCode, 0, p.stdout);
  return p.outputs['plan-digest']!;
}

const apply = (w: World, digest: string, extra: Record<string, string> = {}, o: Parameters<World['provision']>[1] = {}) =>
  w.provision(inputs({ command: 'apply', 'plan-digest': digest, ...extra }), o);

const stateOf = (w: World): Record<string, string> => {
  const doc = JSON.parse(readFileSync(join(w.workspace, DIR, 'terraform.tfstate'), 'utf8')) as { resources: { name: string; instances: { attributes: { input: { value: string } } }[] }[] };
  return Object.fromEntries(doc.resources.map((r) => [r.name, r.instances[0]!.attributes.input.value]));
};
const recordOf = (r: { outputs: Record<string, string> }): { retries: number; attempts: number; outcome: string } => JSON.parse(r.outputs['record'] ?? '{}');
const failureOf = (r: { annotations: { level: string; message: string }[] }): string => r.annotations.find((a) => a.level === 'error')?.message ?? '';

describe('provision terraform — faults (double)', () => {
  test('transient registry and provider failures in init and plan are retried with the shared policy', async (t) => {
    const w = await provisionWorld(t);
    w.write(`${DIR}/main.tf.json`, config());
    w.tf.setFaults({ rules: [{ command: 'init', kind: 'registry', times: 1 }, { command: 'plan', kind: 'throttle', times: 1 }] });
    const r = await w.provision(inputs());
    assert.equal(r.exitCode, 0, r.stdout);
    assert.equal(recordOf(r).retries, 2);
    assert.match(r.stdout, /terraform init: attempt 1\/3 failed \(a transient provider or registry failure\)/);
    assert.match(r.stdout, /terraform plan: attempt 1\/3 failed/);
    assert.ok(w.tf.faults().rules!.every((x) => x.times === 0), 'both faults fired');
  });

  test('a failure that is not transient is not retried', async (t) => {
    const w = await provisionWorld(t);
    w.write(`${DIR}/main.tf.json`, config());
    w.tf.setFaults({ rules: [{ command: 'plan', kind: 'auth', times: 1 }] });
    const r = await w.provision(inputs());
    assert.equal(r.exitCode, 1);
    assert.equal(r.outputs['failure-reason'], 'plan-failed');
    assert.match(failureOf(r), /AccessDenied/);
    assert.equal(recordOf(r).retries, 0);
  });

  test('an apply that failed before touching anything is run again with the same plan file', async (t) => {
    const w = await provisionWorld(t);
    w.write(`${DIR}/main.tf.json`, config());
    const digest = await reviewed(w);
    w.tf.setFaults({ rules: [{ command: 'apply', kind: 'unavailable', at: 0, times: 1 }] });
    const r = await apply(w, digest);
    assert.equal(r.exitCode, 0, r.stdout);
    assert.match(r.summary, /failed before changing anything and was run again with the same plan file/);
    assert.deepEqual(stateOf(w), { a: 'a-dev', b: 'b-dev', c: 'c-dev' });
    assert.equal(recordOf(r).attempts, 2);
  });

  test('an apply that failed part way resumes from a re-plan that is the rest of the reviewed plan', async (t) => {
    const w = await provisionWorld(t);
    w.write(`${DIR}/main.tf.json`, config());
    const digest = await reviewed(w);
    w.tf.setFaults({ rules: [{ command: 'apply', kind: 'throttle', at: 2, times: 1 }] });
    const r = await apply(w, digest);
    assert.equal(r.exitCode, 0, r.stdout);
    assert.match(r.stdout, /the saved plan is stale now, so planning again/);
    assert.match(r.summary, /a new plan held only the rest of the reviewed plan \(2 change\(s\)\), which was applied/);
    assert.deepEqual(stateOf(w), { a: 'a-dev', b: 'b-dev', c: 'c-dev' });
  });

  test('when the rest is not what was reviewed, it is not applied: partial-apply, with what was and was not applied', async (t) => {
    const w = await provisionWorld(t);
    w.write(`${DIR}/main.tf.json`, config());
    const digest = await reviewed(w, { vars: 'env=dev' });
    w.tf.setFaults({ rules: [{ command: 'apply', kind: 'throttle', at: 2, times: 1 }] });
    // The apply job runs with other variables: the saved plan still applies what was reviewed, a re-plan would not.
    const r = await apply(w, digest, { vars: 'env=prod' });
    assert.equal(r.exitCode, 1);
    assert.equal(r.outputs['failure-reason'], 'partial-apply');
    assert.match(failureOf(r), /what is left is not just the rest of the reviewed plan \(terraform_data\.a, terraform_data\.b, terraform_data\.c differ\)/);
    assert.match(r.summary, /Applied: terraform\\_data\.a/);
    assert.match(r.summary, /Not applied: terraform\\_data\.b, terraform\\_data\.c/);
    assert.deepEqual(stateOf(w), { a: 'a-dev' });
  });

  test('a failure after the apply started that is not transient: apply-failed, not retried, what was applied listed', async (t) => {
    const w = await provisionWorld(t);
    w.write(`${DIR}/main.tf.json`, config());
    const digest = await reviewed(w);
    w.tf.setFaults({ rules: [{ command: 'apply', kind: 'auth', at: 3, times: 1 }] });
    const r = await apply(w, digest);
    assert.equal(r.outputs['failure-reason'], 'apply-failed');
    assert.match(failureOf(r), /failed after changing 2 resource\(s\)/);
    assert.match(r.summary, /Not applied: terraform\\_data\.c/);
    assert.equal(recordOf(r).retries, 0);
  });

  test('stopped during apply (timeout): exactly one SIGINT, the change in flight finishes and is written, the lock is released', async (t) => {
    const w = await provisionWorld(t);
    w.write(`${DIR}/main.tf.json`, config());
    const digest = await reviewed(w);
    // The change of `a` takes 16 s; each tool run may take 8 s: the apply is stopped while `a` is in flight.
    w.tf.setFaults({ slow: { 'terraform_data.a': 16_000 } });
    const r = await apply(w, digest, { timeout: '8s', 'stop-grace': '30s' });
    assert.equal(r.exitCode, 1);
    assert.equal(r.outputs['failure-reason'], 'timeout');
    assert.deepEqual(w.tf.signals(), ['SIGINT'], 'one signal: a second would make terraform exit at once');
    assert.deepEqual(stateOf(w), { a: 'a-dev' }, 'the change in flight finished and was written; nothing after it started');
    assert.ok(!existsSync(join(w.workspace, DIR, '.terraform.tfstate.lock.info')), 'lock released');
    const post = r.steps.find((s) => s.entry === 'post');
    assert.match(post?.stdout ?? '', /was stopped; it released the state lock/);
  });

  test('a cancelled job: the running tool gets one SIGINT at most, nothing new starts, no lock is left', async (t) => {
    const w = await provisionWorld(t);
    w.write(`${DIR}/main.tf.json`, config());
    const digest = await reviewed(w);
    w.tf.setFaults({ slow: { 'terraform_data.a': 6000 } });
    // Wherever the cancellation lands (init, show, or the apply), the outcome must be the same.
    const r = await apply(w, digest, { 'stop-grace': '30s' }, { cancelAfterMs: 3000 });
    assert.equal(r.cancelled, true);
    assert.equal(r.outputs['failure-reason'], 'cancelled');
    assert.ok(w.tf.signals().length <= 1, `signals: ${w.tf.signals().join(', ')}`);
    assert.ok(['{}', '{"a":"a-dev"}'].includes(JSON.stringify(existsSync(join(w.workspace, DIR, 'terraform.tfstate')) ? stateOf(w) : {})), 'at most the change in flight');
    assert.ok(!existsSync(join(w.workspace, DIR, '.terraform.tfstate.lock.info')), 'no lock left');
  });

  test('timed out and still busy after stop-grace: the group is terminated, and the post step reports the lock left behind', async (t) => {
    const w = await provisionWorld(t);
    w.write(`${DIR}/main.tf.json`, config());
    const digest = await reviewed(w);
    // Each tool run may take 8 s (init and the rest finish well within it); the change of `a` takes a minute.
    w.tf.setFaults({ slow: { 'terraform_data.a': 60_000 } });
    const r = await apply(w, digest, { timeout: '8s', 'stop-grace': '1s' });
    assert.equal(r.exitCode, 1);
    assert.equal(r.outputs['failure-reason'], 'timeout');
    assert.deepEqual(w.tf.signals(), ['SIGINT', 'SIGTERM'], 'SIGINT to terraform, then (after stop-grace) SIGTERM to its group');
    const lock = JSON.parse(readFileSync(join(w.workspace, DIR, '.terraform.tfstate.lock.info'), 'utf8')) as { ID: string };
    const warning = r.annotations.find((a) => a.step === 'post' && a.level === 'warning');
    assert.ok(warning, JSON.stringify(r.annotations));
    assert.match(warning.message, new RegExp(`state lock is still held: ID ${lock.ID}, OperationTypeApply`));
    assert.match(warning.message, new RegExp(`terraform force-unlock ${lock.ID}`));
    assert.match(warning.message, /never unlocks by itself/);
  });

  test('OpenTofu: the same plan and apply with tool: tofu', async (t) => {
    const w = await provisionWorld(t);
    w.write(`${DIR}/main.tf.json`, config());
    const p = await w.provision(inputs({ tool: 'tofu' }));
    assert.equal(p.exitCode, 0, p.stdout);
    assert.match(p.stdout, /tofu 1\.9\.0/);
    const a = await w.provision(inputs({ tool: 'tofu', command: 'apply', 'plan-digest': p.outputs['plan-digest']! }));
    assert.equal(a.exitCode, 0, a.stdout);
    assert.equal(summaryOf(a).changes.length, 3);
    const wrongTool = await w.provision(inputs({ command: 'apply', 'plan-digest': p.outputs['plan-digest']! }));
    assert.equal(wrongTool.outputs['failure-reason'], 'plan-changed');
    assert.match(failureOf(wrongTool), /made for another target \(tool tofu, not terraform\)/);
  });

  test("a setup-terraform wrapper on PATH is bypassed: its terraform-bin runs (the wrapper would turn exit 2 into 1)", async (t) => {
    const w = await provisionWorld(t);
    w.write(`${DIR}/main.tf.json`, config());
    const shim = join(w.workspace, '..', 'shim');
    mkdirSync(shim);
    writeFileSync(join(shim, 'terraform'), '#!/bin/sh\necho "wrapper: not the real terraform" >&2\nexit 1\n');
    chmodSync(join(shim, 'terraform'), 0o755);
    symlinkSync(join(w.tf.binDir, 'terraform'), join(shim, 'terraform-bin'));
    const r = await w.provision(inputs(), { env: { PATH: `${shim}:${w.toolEnv['PATH']}` } });
    assert.equal(r.exitCode, 0, r.stdout);
    assert.match(r.stdout, /using .*shim\/terraform-bin, not the setup-terraform wrapper/);
    assert.equal(r.outputs['exit-code'], '2');
  });
});

describe('provision — a GitHub that does not answer (double)', () => {
  test('api-timeout bounds the time spent on GitHub: a plan still succeeds and says the comment was not posted; a drift issue fails the step, the drift published', async (t) => {
    const w = await provisionWorld(t);
    w.write(`${DIR}/main.tf.json`, config());
    w.gh.faults.inject({ route: 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments', action: 'hang' });
    const pr = w.gh.seed.pullRequest('octo/infra', { title: 'infra' });
    const p = await w.provision(inputs({ 'api-timeout': '10s' }), { pullRequest: pr });
    assert.equal(p.exitCode, 0, 'the plan itself is done: only its comment is missing');
    assert.equal(p.outputs['changes'], 'true');
    const warning = p.annotations.find((a) => a.level === 'warning' && /could not post the plan/.test(a.message));
    assert.ok(warning, JSON.stringify(p.annotations));
    assert.match(warning.message, /^could not post the plan to pull request #\d+: GitHub API did not answer GET \/repos\/octo\/infra\/issues\/\d+\/comments within (9\.\d|10\.0)s \(1 attempt\): api-timeout \(10\.0s, the total time this step may spend waiting on GitHub's API\) ran out/);
    assert.deepEqual(w.comments(pr), []);

    // Drift with alert: issue, while GitHub hangs on the issues list.
    w.write(`${DIR}/main.tf.json`, JSON.stringify({ resource: { local_file: { motd: { filename: 'out/motd.txt', content: 'welcome\n' } } } }));
    w.terraform(DIR, ['init', '-input=false']);
    w.terraform(DIR, ['apply', '-auto-approve', '-input=false']);
    w.write(`${DIR}/out/motd.txt`, 'edited by hand\n');
    w.gh.faults.inject({ route: 'GET /repos/{owner}/{repo}/issues', action: 'hang' });
    const d = await w.provision({ tool: 'terraform', command: 'drift', 'working-directory': DIR, alert: 'issue', 'api-timeout': '10s' });
    assert.equal(d.exitCode, 1);
    assert.equal(d.outputs['drift'], 'true', 'the drift is published although the issue could not be');
    assert.match(failureOf(d), /^provision: Failed to update the drift issue \(the drift is in the outputs and the summary above\): GitHub API did not answer GET \/repos\/octo\/infra\/issues within (9\.\d|10\.0)s \(1 attempt\): api-timeout \(10\.0s/);
    assert.deepEqual(w.issues().filter((i) => i.title.startsWith('Drift')), [], 'no drift issue');
  });
});
