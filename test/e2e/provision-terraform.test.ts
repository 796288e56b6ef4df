// provision with Terraform, end to end: the shipped bundle through the runner emulation, against
// the GitHub emulator, with the terraform double on PATH — and, when this machine has a real
// terraform, the same tests against it (its name is in the test titles). The configurations use
// terraform_data (Terraform's built-in provider), so a real terraform needs nothing downloaded.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, test } from 'node:test';
import { binaries, binaryName, provisionWorld, REPO, summaryOf, type World } from './helpers/provision-world.ts';

const DIR = 'infra';
const KEY = 'plan-sealing-key-0f3c9a';
const DB_PASSWORD = 'Sup3r-s3cret-db-Passw0rd';

/** A configuration of terraform_data resources; `pw` is a sensitive variable one of them takes. */
function config(resources: Record<string, object>): string {
  return JSON.stringify(
    {
      variable: { pw: { type: 'string', sensitive: true, default: 'not-the-real-one' }, env: { type: 'string', default: 'dev' } },
      resource: { terraform_data: resources },
      output: { env: { value: '${var.env}' } },
    },
    null,
    2,
  );
}

const BASE = { app: { input: { name: 'shop', env: '${var.env}' } }, db: { input: { password: '${var.pw}' }, triggers_replace: ['v1'] } };

function plan(w: World, extra: Record<string, string> = {}, o: Parameters<World['provision']>[1] = {}) {
  return w.provision({ tool: 'terraform', 'working-directory': DIR, 'plan-file': 'artifacts/infra.plan', 'plan-encryption-key': KEY, vars: `pw=${DB_PASSWORD}`, ...extra }, o);
}

function apply(w: World, digest: string, extra: Record<string, string> = {}) {
  return w.provision({ tool: 'terraform', command: 'apply', 'working-directory': DIR, 'plan-file': 'artifacts/infra.plan', 'plan-digest': digest, 'plan-encryption-key': KEY, vars: `pw=${DB_PASSWORD}`, ...extra });
}

/** Resource addresses in the state, by asking the tool (show -json of the state). */
function stateAddresses(w: World): string[] {
  const doc = JSON.parse(w.terraform(DIR, ['show', '-json'])) as { values?: { root_module?: { resources?: { address: string }[] } } };
  return (doc.values?.root_module?.resources ?? []).map((r) => r.address).sort();
}

const failureOf = (r: { annotations: { level: string; message: string }[] }): string => r.annotations.find((a) => a.level === 'error')?.message ?? '';

for (const binary of binaries()) {
  describe(`provision terraform — ${binaryName(binary)}`, () => {
    test('plan → plan-digest → apply: the reviewed plan is sealed, applied as is, and no value leaves the runner', async (t) => {
      const w = await provisionWorld(t, binary);
      w.h.secret(DB_PASSWORD);
      w.write(`${DIR}/main.tf.json`, config(BASE));

      const p = await plan(w);
      assert.equal(p.exitCode, 0, p.stdout);
      assert.equal(p.outputs['changes'], 'true');
      assert.equal(p.outputs['exit-code'], '2', 'plan -detailed-exitcode 2 is a result, not a failure');
      assert.equal(p.outputs['to-add'], '2');
      assert.equal(p.outputs['failure-reason'], '');
      assert.match(p.outputs['plan-digest']!, /^hmac-sha256:[0-9a-f]{64}$/);
      const s = summaryOf(p);
      assert.equal(s.digest, p.outputs['plan-digest']);
      assert.deepEqual(s.changes.map((c) => [c.address, c.action]), [['terraform_data.app', 'create'], ['terraform_data.db', 'create']]);
      assert.equal(s.changes.find((c) => c.address === 'terraform_data.db')?.sensitive, true);
      assert.deepEqual(s.changes.find((c) => c.address === 'terraform_data.app')?.changed_paths, [['id'], ['input', 'env'], ['input', 'name'], ['output']]);
      assert.ok(p.summary.includes('| + create | terraform\\_data.db | terraform\\_data | id, input.password, output, triggers\\_replace\\[0\\] | sensitive |'), p.summary);
      // Sealed: the file holds neither the password nor any other value of the plan in clear.
      const file = readFileSync(join(w.workspace, 'artifacts/infra.plan'));
      assert.match(file.subarray(0, 40).toString(), /^actions-suite-plan 1 aes-256-gcm /);
      assert.ok(!file.includes(DB_PASSWORD) && !file.includes('shop'), 'the plan file is encrypted');
      assert.deepEqual(stateAddresses(w), [], 'a plan changes nothing');

      const a = await apply(w, p.outputs['plan-digest']!);
      assert.equal(a.exitCode, 0, a.stdout);
      assert.equal(a.outputs['exit-code'], '0');
      assert.equal(a.outputs['plan-digest'], p.outputs['plan-digest']);
      assert.deepEqual(stateAddresses(w), ['terraform_data.app', 'terraform_data.db']);
      assert.match(a.summary, /Applied: terraform\\_data\.app, terraform\\_data\.db|Applied: terraform\\_data\.db, terraform\\_data\.app/);

      // Nothing left to do: exit code 0, no changes, and the step succeeds.
      const again = await plan(w);
      assert.equal(again.exitCode, 0);
      assert.equal(again.outputs['changes'], 'false');
      assert.equal(again.outputs['exit-code'], '0');
      assert.match(again.summary, /\*\*no changes\*\*/);
      assert.equal(w.gh.requests.length, 0, 'not a pull request: no API call');
    });

    test('apply refuses what was not reviewed: another plan, another key, a missing key (plan-changed)', async (t) => {
      const w = await provisionWorld(t, binary);
      w.write(`${DIR}/main.tf.json`, config(BASE));
      const reviewed = await plan(w);
      assert.equal(reviewed.exitCode, 0, reviewed.stdout);
      // The artifact is replaced by a plan of something else (here: another configuration).
      w.write(`${DIR}/main.tf.json`, config({ ...BASE, extra: { input: 'not reviewed' } }));
      const other = await plan(w);
      assert.notEqual(other.outputs['plan-digest'], reviewed.outputs['plan-digest']);

      const swapped = await apply(w, reviewed.outputs['plan-digest']!);
      assert.equal(swapped.exitCode, 1);
      assert.equal(swapped.outputs['failure-reason'], 'plan-changed');
      assert.match(failureOf(swapped), /not the plan that was reviewed/);
      assert.match(swapped.outputs['applied'] ?? 'nothing', /nothing/);

      const wrongKey = await apply(w, other.outputs['plan-digest']!, { 'plan-encryption-key': 'another-key-entirely' });
      assert.equal(wrongKey.outputs['failure-reason'], 'plan-changed');
      assert.match(failureOf(wrongKey), /does not decrypt with plan-encryption-key/);

      const noKey = await w.provision({ tool: 'terraform', command: 'apply', 'working-directory': DIR, 'plan-file': 'artifacts/infra.plan', 'plan-digest': other.outputs['plan-digest']! });
      assert.equal(noKey.exitCode, 1);
      assert.match(failureOf(noKey), /plan file is encrypted: set plan-encryption-key/);
      assert.deepEqual(stateAddresses(w), [], 'nothing was applied');
    });

    test('the destroy guard blocks at plan (summary still published) and again at apply on the reviewed file', async (t) => {
      const w = await provisionWorld(t, binary);
      w.write(`${DIR}/main.tf.json`, config(BASE));
      const first = await plan(w);
      assert.equal((await apply(w, first.outputs['plan-digest']!)).exitCode, 0);

      // The db is replaced (new trigger) and the app removed.
      w.write(`${DIR}/main.tf.json`, config({ db: { ...BASE.db, triggers_replace: ['v2'] } }));
      const blocked = await plan(w);
      assert.equal(blocked.exitCode, 1);
      assert.equal(blocked.outputs['failure-reason'], 'destroy-blocked');
      assert.equal(blocked.outputs['to-destroy'], '1');
      assert.equal(blocked.outputs['to-replace'], '1');
      assert.match(failureOf(blocked), /2 deletions or replacements, more than max-destroy \(0\)/);
      assert.match(blocked.summary, /Destructive changes blocked/);
      assert.equal(summaryOf(blocked).guard.verdict, 'blocked');

      const protectedDb = await plan(w, { 'max-destroy': 'unlimited', 'protected-resources': 'terraform_data.db*' });
      assert.equal(protectedDb.outputs['failure-reason'], 'destroy-blocked');
      assert.match(failureOf(protectedDb), /terraform_data\.db is protected \(protected-resources\) and would be replaced/);
      assert.equal(summaryOf(protectedDb).changes.find((c) => c.address === 'terraform_data.db')?.protected, true);

      // Allowed at plan time; the apply job's workflow says 0 again: refused on the reviewed file.
      const allowed = await plan(w, { 'max-destroy': '2' });
      assert.equal(allowed.exitCode, 0, allowed.stdout);
      const refused = await apply(w, allowed.outputs['plan-digest']!);
      assert.equal(refused.outputs['failure-reason'], 'destroy-blocked');
      assert.match(failureOf(refused), /Nothing was applied/);
      assert.deepEqual(stateAddresses(w), ['terraform_data.app', 'terraform_data.db']);
      const done = await apply(w, allowed.outputs['plan-digest']!, { 'max-destroy': '2' });
      assert.equal(done.exitCode, 0, done.stdout);
      assert.deepEqual(stateAddresses(w), ['terraform_data.db']);
    });

    test('a held state lock: waited for lock-timeout, failed as state-locked with lock-info, never force-unlocked', async (t) => {
      const w = await provisionWorld(t, binary);
      // A slow creation (a local-exec provisioner) keeps another apply holding the lock until the test stops it.
      w.write(`${DIR}/main.tf.json`, config({ slow: { input: 'x', provisioner: [{ 'local-exec': { command: 'sleep 300' } }] } }));
      w.terraform(DIR, ['init', '-input=false']);
      const holder = spawn(binary.kind === 'double' ? join(w.tf.binDir, 'terraform') : binary.path, ['apply', '-auto-approve', '-input=false', '-no-color'], {
        cwd: join(w.workspace, DIR),
        env: { ...process.env, ...w.toolEnv },
        stdio: 'ignore',
      });
      const finished = new Promise((resolve) => holder.on('close', resolve));
      const lockFile = join(w.workspace, DIR, '.terraform.tfstate.lock.info');
      for (let i = 0; i < 1200 && !existsSync(lockFile); i++) await sleep(50);
      assert.ok(existsSync(lockFile), 'the other apply holds the lock');

      const r = await plan(w, { 'lock-timeout': '1s' });
      assert.equal(r.exitCode, 1);
      assert.equal(r.outputs['failure-reason'], 'state-locked');
      const info = JSON.parse(r.outputs['lock-info']!) as Record<string, string>;
      const held = JSON.parse(readFileSync(lockFile, 'utf8')) as Record<string, string>;
      assert.equal(info['ID'], held['ID']);
      assert.equal(info['Operation'], 'OperationTypeApply');
      assert.equal(info['Path'], 'terraform.tfstate');
      assert.match(info['Who']!, /@/);
      assert.match(failureOf(r), new RegExp(`force-unlock ${held['ID']}`));
      assert.ok(existsSync(lockFile), 'the lock was not forced');
      holder.kill('SIGINT');
      await finished;
      assert.ok(!existsSync(lockFile), 'the holder, interrupted, released it');
    });

    test('a plan made stale by another apply is refused (plan-stale): nothing applied', async (t) => {
      const w = await provisionWorld(t, binary);
      w.write(`${DIR}/main.tf.json`, config(BASE));
      const reviewed = await plan(w);
      // Someone applies in between (the state's serial moves on).
      w.terraform(DIR, ['apply', '-auto-approve', '-input=false', '-no-color'], { TF_VAR_pw: DB_PASSWORD });
      const r = await apply(w, reviewed.outputs['plan-digest']!);
      assert.equal(r.exitCode, 1);
      assert.equal(r.outputs['failure-reason'], 'plan-stale');
      assert.match(failureOf(r), /state changed after the plan was made/);
    });

    test('on a pull request the plan is posted once and edited in place (comment: update), or added per run (new)', async (t) => {
      const w = await provisionWorld(t, binary);
      w.h.secret(DB_PASSWORD);
      const pr = w.gh.seed.pullRequest(REPO, { title: 'infra: add the shop' });
      w.write(`${DIR}/main.tf.json`, config(BASE));
      const first = await plan(w, {}, { pullRequest: pr });
      assert.equal(first.exitCode, 0, first.stdout);
      assert.deepEqual(first.annotations.filter((a) => a.level !== 'notice').map((a) => a.message), [], 'no warning');
      const comments = () => w.comments(pr);
      assert.equal(comments().length, 1);
      assert.match(comments()[0]!.body, /^<!-- actions-suite:provision:plan [0-9a-f]{16} -->\n### provision: terraform plan — infra/);
      assert.match(comments()[0]!.body, /\*\*2 to add, 1 output change\*\*/);

      w.write(`${DIR}/main.tf.json`, config({ ...BASE, cache: { input: 'redis' } }));
      const second = await plan(w, {}, { pullRequest: pr });
      assert.equal(second.exitCode, 0);
      assert.equal(comments().length, 1, 'the same comment, edited');
      assert.match(comments()[0]!.body, /\*\*3 to add, 1 output change\*\*/);

      await plan(w, { comment: 'new' }, { pullRequest: pr });
      assert.equal(comments().length, 2, 'comment: new adds one');
      await plan(w, { comment: 'off' }, { pullRequest: pr });
      assert.equal(comments().length, 2, 'comment: off posts nothing');
      assert.deepEqual(w.gh.contractViolations, []);
    });
  });
}
