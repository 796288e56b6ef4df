// provision with Ansible, end to end against the real ansible-playbook (Debian's, started by the
// service manager) on 127.0.0.1 with the local connection, plus a host nobody answers on:
// check/diff as the plan, apply with the reviewed check run, idempotence, the destroy guard on a
// `state: absent` task, parity both ways, exit 2 and 4, secrets as 0600 files, no_log, and a
// run stopped part way.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startService, type Ansible } from '../harness/services/index.ts';
import { provisionWorld, summaryOf, type World } from './helpers/provision-world.ts';

const DIR = 'ops';
const UNREACHABLE = "far ansible_host=127.0.0.1 ansible_port=1 ansible_user=nobody ansible_ssh_common_args='-o ConnectTimeout=2'";

let ansible: Ansible;
let target: string;
before(async () => {
  ansible = await startService('ansible');
});
after(() => ansible?.stop());

/** A playbook of `tasks` (YAML, indented for `tasks:`) on all hosts. */
const playbook = (tasks: string): string => `- hosts: all\n  gather_facts: false\n  tasks:\n${tasks}`;

const SITE = `    - name: config directory
      ansible.builtin.file: { path: "{{ target }}/etc", state: directory, mode: "0755" }
    - name: config file
      ansible.builtin.copy: { dest: "{{ target }}/etc/app.conf", content: "port=8080\\n", mode: "0644" }
    - name: first-run stamp
      ansible.builtin.command: { cmd: "touch {{ target }}/stamp", creates: "{{ target }}/stamp" }
    - name: health check
      ansible.builtin.command: "true"
      changed_when: false
`;

async function world(t: Parameters<typeof provisionWorld>[0], tasks: string, inventory = ansible.inventoryLine): Promise<World> {
  const w = await provisionWorld(t);
  target = mkdtempSync(join(tmpdir(), 'provision-ansible-target-'));
  t.after(() => rmSync(target, { recursive: true, force: true }));
  w.write(`${DIR}/site.yml`, playbook(tasks));
  w.write(`${DIR}/inventory.ini`, `${inventory}\n`);
  return w;
}

const run = (w: World, extra: Record<string, string> = {}) =>
  w.provision({ tool: 'ansible', 'working-directory': DIR, playbook: 'site.yml', inventory: 'inventory.ini', vars: `target=${target}`, ...extra }, { env: ansible.env() });

const failureOf = (r: { annotations: { level: string; message: string }[] }): string => r.annotations.find((a) => a.level === 'error')?.message ?? '';
const recordOf = (r: { outputs: Record<string, string> }): { retries: number; attempts: number } => JSON.parse(r.outputs['record'] ?? '{}');

describe('provision ansible (real ansible-playbook)', () => {
  test('check/diff is the plan, apply runs exactly the reviewed changes, a second run changes nothing', async (t) => {
    const w = await world(t, SITE);
    const plan = await run(w, { 'plan-file': 'ops.plan' });
    assert.equal(plan.exitCode, 0, plan.stdout);
    const s = summaryOf(plan);
    assert.deepEqual(
      s.changes.map((c) => [c.address, c.action]),
      [
        ['localhost: config directory (site.yml:4)', 'update'],
        ['localhost: config file (site.yml:6)', 'update'],
        ['localhost: first-run stamp (site.yml:8)', 'update'],
        ['localhost: health check (site.yml:10)', 'unknown'],
      ],
    );
    assert.equal(s.counts['unknown'], 1, 'a command check mode cannot predict is unknown, not "no change"');
    assert.equal(s.complete, false);
    assert.equal(plan.outputs['to-change'], '3');
    assert.ok(!existsSync(join(target, 'etc')), 'check mode changed nothing');

    const applied = await run(w, { command: 'apply', 'plan-file': 'ops.plan', 'plan-digest': plan.outputs['plan-digest']! });
    assert.equal(applied.exitCode, 0, applied.stdout);
    assert.equal(readFileSync(join(target, 'etc/app.conf'), 'utf8'), 'port=8080\n');
    assert.ok(existsSync(join(target, 'stamp')));
    assert.match(applied.summary, /a check run right before the apply predicted exactly the reviewed changes/);
    assert.match(applied.summary, /Applied: localhost: config directory \(site\.yml:4\), localhost: config file \(site\.yml:6\), localhost: first-run stamp \(site\.yml:8\)/);

    const again = await run(w);
    assert.equal(again.exitCode, 0);
    assert.deepEqual(summaryOf(again).changes.map((c) => c.action), ['unknown'], 'idempotent: nothing left to change but what check mode cannot tell');
    assert.equal(again.outputs['to-change'], '0');
    const rerun = await run(w, { command: 'apply' });
    assert.equal(rerun.exitCode, 0, rerun.stdout);
    assert.match(rerun.summary, /Applied: nothing/);
  });

  test('a task with state: absent is destructive: the guard blocks it at plan and at apply', async (t) => {
    const w = await world(t, `    - name: drop the old release\n      ansible.builtin.file: { path: "{{ target }}/release-1", state: absent }\n`);
    writeFileSync(join(target, 'release-1'), 'old');
    const blocked = await run(w, { 'plan-file': 'ops.plan' });
    assert.equal(blocked.exitCode, 1);
    assert.equal(blocked.outputs['failure-reason'], 'destroy-blocked');
    assert.equal(blocked.outputs['to-destroy'], '1');
    assert.match(failureOf(blocked), /1 deletion or replacement, more than max-destroy \(0\)/);
    const allowed = await run(w, { 'plan-file': 'ops.plan', 'max-destroy': '1' });
    assert.equal(allowed.exitCode, 0, allowed.stdout);
    const refused = await run(w, { command: 'apply', 'plan-file': 'ops.plan', 'plan-digest': allowed.outputs['plan-digest']!, 'protected-resources': 'ansible.builtin.file', 'max-destroy': '1' });
    assert.equal(refused.outputs['failure-reason'], 'destroy-blocked');
    assert.match(failureOf(refused), /is protected \(protected-resources\)/);
    assert.ok(existsSync(join(target, 'release-1')), 'nothing was removed');
  });

  test('parity: apply refuses when a check run now differs from the reviewed one, and reports a change no check predicted', async (t) => {
    const w = await world(t, SITE);
    const plan = await run(w, { 'plan-file': 'ops.plan' });
    // Between review and apply, someone writes the directory by hand: the reviewed change no longer holds.
    execFileSync('mkdir', ['-p', join(target, 'etc')]);
    const refused = await run(w, { command: 'apply', 'plan-file': 'ops.plan', 'plan-digest': plan.outputs['plan-digest']! });
    assert.equal(refused.exitCode, 1);
    assert.equal(refused.outputs['failure-reason'], 'plan-changed');
    assert.match(failureOf(refused), /A check run now predicts other changes than the reviewed one \(no longer: localhost: config directory \(site\.yml:4\) update\)/);
    assert.ok(!existsSync(join(target, 'etc/app.conf')), 'nothing was applied');

    // A task check mode skips as "not in check mode" changes for real: reported after the run.
    const sneaky = await world(t, `    - name: only outside check mode\n      ansible.builtin.command: { cmd: "touch {{ target }}/sneaky" }\n      when: not ansible_check_mode\n`);
    const reviewed = await run(sneaky, { 'plan-file': 'ops.plan' });
    assert.equal(reviewed.outputs['changes'], 'false');
    const surprised = await run(sneaky, { command: 'apply', 'plan-file': 'ops.plan', 'plan-digest': reviewed.outputs['plan-digest']! });
    assert.equal(surprised.outputs['failure-reason'], 'plan-changed');
    assert.match(failureOf(surprised), /changed what the reviewed check run did not predict: localhost: only outside check mode \(site\.yml:4\)/);
  });

  test('exit 2 (a task failed) is never retried; exit 4 without a result (a parse error) neither', async (t) => {
    const w = await world(t, `    - name: refuse\n      ansible.builtin.fail: { msg: "not today" }\n`);
    const failed = await run(w, { retries: '3' });
    assert.equal(failed.exitCode, 1);
    assert.equal(failed.outputs['failure-reason'], 'plan-failed');
    assert.equal(failed.outputs['exit-code'], '2');
    assert.match(failureOf(failed), /the check run failed on localhost: refuse \(site\.yml:4\) \(exit 2; not retried\)/);
    assert.equal(recordOf(failed).retries, 0);

    w.write(`${DIR}/site.yml`, playbook(`    - name: no such module\n      not.a.real.module: {}\n`));
    const broken = await run(w, { retries: '3' });
    assert.equal(broken.outputs['failure-reason'], 'plan-failed');
    assert.equal(broken.outputs['exit-code'], '4');
    assert.match(failureOf(broken), /exited with 4 without a result/);
    assert.equal(recordOf(broken).retries, 0);
  });

  test('exit 4 with an unreachable host: retried on that host only (--limit), then unreachable', async (t) => {
    const w = await world(t, SITE, `${ansible.inventoryLine}\n${UNREACHABLE}`);
    const r = await run(w, { retries: '1' });
    assert.equal(r.exitCode, 1);
    assert.equal(r.outputs['failure-reason'], 'unreachable');
    assert.equal(r.outputs['exit-code'], '4');
    assert.equal(recordOf(r).retries, 1);
    assert.match(r.stdout, /ansible-playbook --check --diff: attempt 1\/2 failed \(unreachable hosts, retried with --limit far\)/);
    assert.match(failureOf(r), /1 host\(s\) unreachable: far after 2 attempt\(s\)/);
  });

  test('secrets: vars as a 0600 -e @file, the vault password as a file, no_log output hidden — nothing in argv or the log', async (t) => {
    const token = 'tok-9f8e7d6c5b4a-very-secret';
    const vaultPassword = 'vault-pa55-for-the-test';
    const dbPassword = 'vaulted-db-Passw0rd-42';
    const w = await world(
      t,
      `    - name: api token
      ansible.builtin.copy: { dest: "{{ target }}/token", content: "{{ api_token }}", mode: "0600" }
      no_log: true
    - name: db password from the vault
      ansible.builtin.copy: { dest: "{{ target }}/db", content: "{{ db_password }}", mode: "0600" }
      no_log: true
`,
    );
    for (const s of [token, vaultPassword, dbPassword]) w.h.secret(s);
    const passFile = join(target, '..', `vault-pass-${process.pid}`);
    writeFileSync(passFile, vaultPassword);
    t.after(() => rmSync(passFile, { force: true }));
    const vaulted = execFileSync('ansible-vault', ['encrypt_string', '--vault-password-file', passFile, '--name', 'db_password', dbPassword], { encoding: 'utf8', env: { ...process.env, ...ansible.env() } });
    w.write(`${DIR}/secrets.yml`, vaulted);
    const extra = { 'var-files': 'secrets.yml', 'vault-password': vaultPassword, vars: `target=${target}\napi_token=${token}` };
    const plan = await run(w, { ...extra, 'plan-file': 'ops.plan' });
    assert.equal(plan.exitCode, 0, plan.stdout);
    assert.equal(summaryOf(plan).changes.every((c) => c.sensitive), true, 'no_log results are marked sensitive');
    const applied = await run(w, { ...extra, command: 'apply', 'plan-file': 'ops.plan', 'plan-digest': plan.outputs['plan-digest']! });
    assert.equal(applied.exitCode, 0, applied.stdout);
    assert.equal(readFileSync(join(target, 'token'), 'utf8'), token, 'the variable reached the playbook');
    assert.equal(readFileSync(join(target, 'db'), 'utf8'), dbPassword, 'the vault was opened with the password file');
    for (const r of [plan, applied]) {
      assert.equal(r.state['temp-dir'] ?? '', '', 'the directory of secret files is gone when main ends');
      assert.ok(!r.stdout.includes(token) && !r.stdout.includes(dbPassword));
    }
  });

  test('stopped part way (timeout): one SIGINT, the run ends, the post step says hosts may be half-configured', async (t) => {
    const w = await world(t, `${SITE}    - name: long migration\n      ansible.builtin.command: sleep 120\n`);
    // Long enough for the check run before it on a busy machine; the migration outlasts it.
    const r = await run(w, { command: 'apply', timeout: '45s', 'stop-grace': '5s' });
    assert.equal(r.exitCode, 1);
    assert.equal(r.outputs['failure-reason'], 'timeout');
    assert.ok(existsSync(join(target, 'etc/app.conf')), 'the tasks before the long one ran');
    const warning = r.annotations.find((a) => a.step === 'post' && a.level === 'warning');
    assert.match(warning?.message ?? '', /ansible-playbook was stopped mid-run .* hosts may be half-configured/);
  });
});
