// The rotation engine in-process, against the GitHub emulator, with a scripted target at the
// TargetDriver seam: the failure paths a real database will not produce on demand —
// F2 (the target refuses the new password), F4 (the new password fails its test), distribution
// failing before or after the first destination — and what each leaves behind: which revert ran,
// whether the lock stays (a re-run completes with the same value) or goes (nothing to finish).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import { UserError } from '../../shared/errors.ts';
import { createLogger, type LogSink } from '../../shared/log.ts';
import { Redactor } from '../../shared/redact.ts';
import type { ActionContext } from '../../shared/run-action.ts';
import { RunStats } from '../../shared/stats.ts';
import { rotate } from '../../actions/rotate-secret/src/main.ts';
import { readSettings } from '../../actions/rotate-secret/src/inputs.ts';
import type { TargetDriver } from '../../actions/rotate-secret/src/targets/types.ts';
import { startGitHubEmulator, type GitHubEmulator } from '../harness/github/index.ts';
import { withActionDefaults } from './helpers/action-inputs.ts';

let dir: string;
before(() => {
  // core.setOutput writes here (outputs are not what these tests look at).
  dir = mkdtempSync(join(tmpdir(), 'rotate-rotation-'));
  process.env['GITHUB_OUTPUT'] = join(dir, 'output');
  writeFileSync(process.env['GITHUB_OUTPUT'], '');
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** A target that behaves like a database, with knobs for what a real one does rarely. */
class ScriptedTarget implements TargetDriver {
  readonly kind = 'postgres' as const;
  readonly adminUser = 'admin';
  readonly where = 'scripted:5432';
  readonly keepsOldPassword: boolean;
  readonly users = new Map<string, string[]>();
  /** setPassword/createUser refuse (a password policy). */
  refuseSet = false;
  /** Logins succeed only with these passwords (the new one "lacks a permission"). */
  acceptOnly: Set<string> | undefined;
  constructor(keepsOldPassword = false) {
    this.keepsOldPassword = keepsOldPassword;
  }
  async existing(users: readonly string[]) {
    return new Set(users.filter((u) => this.users.has(u)));
  }
  async checkUsers() {}
  async provisionUser(user: string, _template: string, password: string) {
    if (this.refuseSet) throw Object.assign(new Error('password does not meet the requirements'), { code: '22023' });
    this.users.set(user, [password]);
    return [];
  }
  async compareUser() {
    return [];
  }
  async setPassword(user: string, password: string, how: 'replace' | 'add') {
    if (this.refuseSet) throw Object.assign(new Error('password does not meet the requirements'), { code: '22023' });
    this.users.set(user, how === 'add' ? [...(this.users.get(user) ?? []), password] : [password]);
  }
  async removePassword(user: string, password: string) {
    this.users.set(user, (this.users.get(user) ?? []).filter((p) => p !== password));
  }
  async retireOtherPasswords(user: string, keep: string) {
    const before = this.users.get(user) ?? [];
    this.users.set(user, before.filter((p) => p === keep));
    return before.length - 1;
  }
  async canLogin(user: string, password: string) {
    return (this.users.get(user) ?? []).includes(password) && (this.acceptOnly?.has(password) ?? true);
  }
  async close() {}
}

interface Harness {
  em: GitHubEmulator;
  target: ScriptedTarget;
  lines: string[];
  run(inputs: Record<string, string>, attempt?: number): Promise<unknown>;
  writes(): string[];
  lock(): string | undefined;
}

const REPO = { repo: 'octo/app' };
const ENV = { repo: 'octo/app', environment: 'production' };
const TOKEN = 'ghs_rotationEngine00000000000000000000000';
/** 32 random bytes, base64: what `openssl rand -base64 32` prints. */
const DERIVATION_KEY = 'm0D0aqW7zQ9nDq3r2l0D0c9c5eUo0Yl8Q3ZK6H8yU2A=';

async function harness(t: TestContext, target: ScriptedTarget): Promise<Harness> {
  const em = await startGitHubEmulator();
  t.after(() => em.close());
  em.seed.repo('octo/app');
  em.seed.environment('octo/app', 'production');
  em.seed.token(TOKEN);
  const lines: string[] = [];
  const sink: LogSink = {
    debug: () => {},
    info: (m) => lines.push(m),
    warning: (m) => lines.push(`warning: ${m}`),
    error: (m) => lines.push(`error: ${m}`),
    startGroup: () => {},
    endGroup: () => {},
  };
  return {
    em,
    target,
    lines,
    async run(inputs, attempt = 1) {
      const values: Record<string, string> = {
        name: 'DB_PASSWORD', destinations: 'github:repo\ngithub:environment:production', length: '32', charset: 'alphanumeric',
        target: 'postgres', 'target-url': 'postgres://admin:Admin-Pass-0001@scripted:5432/app', 'target-user': 'app',
        strategy: 'single-user', verify: 'true', 'dry-run': 'false', 'github-token': TOKEN, ...inputs,
      };
      const redactor = new Redactor(() => {});
      const ctx: ActionContext = { action: 'rotate-secret', redactor, log: createLogger({ redactor, sink }), stats: new RunStats(), signal: new AbortController().signal };
      const settings = readSettings(redactor, withActionDefaults('rotate-secret', values), 'octo/app');
      return rotate(ctx, settings, { openTarget: async () => target, apiUrl: em.url }, { repository: 'octo/app', run: { id: '42', attempt, job: 'rotate' }, now: () => Date.now() });
    },
    writes: () => em.requests.filter((r) => /^(POST|PUT|PATCH|DELETE) /.test(r.route)).map((r) => `${r.method} ${r.path.replace(/^\/repos\/octo\/app/, '')} ${r.status}`),
    lock: () => em.variables.get(REPO, 'DB_PASSWORD_ROTATION_LOCK')?.value,
  };
}

const rejects = async (p: Promise<unknown>, pattern: RegExp): Promise<Error> => {
  let caught: unknown;
  await p.then(
    () => assert.fail('expected a failure'),
    (e: unknown) => (caught = e),
  );
  assert.ok(caught instanceof UserError, `a user-facing error, not a bug: ${String(caught)}`);
  assert.match(caught.message, pattern);
  return caught;
};

describe('rotation failures and what they leave', { concurrency: 6 }, () => {
  test('F4 single-user: the new value fails its test → reverted to current-value, nothing distributed, lock released', async (t) => {
    const target = new ScriptedTarget();
    target.users.set('app', ['Current-Pass-0001']);
    target.acceptOnly = new Set(['Current-Pass-0001']);
    const h = await harness(t, target);
    await rejects(
      h.run({ 'current-value': 'Current-Pass-0001' }),
      /the new value does not log in as 'app'.*reverted app to current-value, which logs in again.*no destination was changed/,
    );
    assert.deepEqual(target.users.get('app'), ['Current-Pass-0001']);
    assert.deepEqual(h.writes(), ['POST /actions/variables 201', 'DELETE /actions/variables/DB_PASSWORD_ROTATION_LOCK 204']);
    assert.equal(h.lock(), undefined);
  });

  test('F4 single-user without current-value: says it cannot revert and what is now dead', async (t) => {
    const target = new ScriptedTarget();
    target.users.set('app', ['Current-Pass-0001']);
    target.acceptOnly = new Set(['Current-Pass-0001']);
    const h = await harness(t, target);
    await rejects(h.run({}), /app could not be reverted \(no current-value given\).*destinations not written yet hold the old value, which no longer works/);
    assert.equal(h.lock(), undefined, 'a re-run could not do better: the lock is released');
  });

  test('F4 single-user where the target keeps two passwords (Redis): the new one is removed, the old one never stopped working', async (t) => {
    const target = new ScriptedTarget(true);
    target.users.set('app', ['Current-Pass-0001']);
    target.acceptOnly = new Set(['Current-Pass-0001']);
    const h = await harness(t, target);
    await rejects(h.run({}), /removed the new password from app; its old password still works/);
    assert.deepEqual(target.users.get('app'), ['Current-Pass-0001']);
  });

  test('F4 alternating-users: the inactive user failed its test; destinations and the active user untouched', async (t) => {
    const target = new ScriptedTarget();
    target.users.set('app_a', ['Active-Pass-0001']);
    target.users.set('app_b', ['Older-Pass-0001']);
    target.acceptOnly = new Set(['Active-Pass-0001']);
    const h = await harness(t, target);
    for (const s of [REPO, ENV]) h.em.seed.secret(s, 'DB_PASSWORD', 'Active-Pass-0001');
    h.em.seed.variable(REPO, 'DB_PASSWORD_ACTIVE_USER', 'app_a');
    await rejects(h.run({ strategy: 'alternating-users' }), /does not log in as 'app_b'.*the destinations still use app_a/);
    for (const s of [REPO, ENV]) assert.equal(h.em.secrets.get(s, 'DB_PASSWORD')?.plaintext, 'Active-Pass-0001');
    assert.equal(h.em.variables.get(REPO, 'DB_PASSWORD_ACTIVE_USER')?.value, 'app_a');
    assert.equal(h.lock(), undefined);
  });

  test('F2: the target refuses the new password → nothing changed anywhere, reported as the target\'s answer', async (t) => {
    const target = new ScriptedTarget();
    target.users.set('app', ['Current-Pass-0001']);
    target.refuseSet = true;
    const h = await harness(t, target);
    await rejects(h.run({}), /setting the password of app on the postgres target at scripted:5432 failed: password does not meet the requirements.*no destination was changed/);
    assert.deepEqual(target.users.get('app'), ['Current-Pass-0001']);
    assert.equal(h.lock(), undefined);
    assert.equal(h.writes().filter((w) => w.startsWith('PUT')).length, 0);
  });

  test('distribution refused before any destination was written → single-user target reverted, lock released', async (t) => {
    const target = new ScriptedTarget();
    target.users.set('app', ['Current-Pass-0001']);
    const h = await harness(t, target);
    h.em.faults.inject({ route: 'PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}', statuses: [403], message: 'Resource not accessible by integration' });
    h.em.faults.inject({ route: 'PUT /repos/{owner}/{repo}/environments/{environment_name}/secrets/{secret_name}', statuses: [403], message: 'Resource not accessible by integration' });
    await rejects(h.run({ 'current-value': 'Current-Pass-0001' }), /2 of 2 destination\(s\) could not be written.*github-token cannot write.*reverted app to current-value/);
    assert.deepEqual(target.users.get('app'), ['Current-Pass-0001']);
    assert.equal(h.lock(), undefined);
  });

  test('distribution fails after a destination was written → lock kept; with derivation-key the re-run completes with the same value', async (t) => {
    const target = new ScriptedTarget();
    target.users.set('app', ['Current-Pass-0001']);
    const h = await harness(t, target);
    const inputs = { 'current-value': 'Current-Pass-0001', 'derivation-key': DERIVATION_KEY };
    h.em.faults.inject({ route: 'PUT /repos/{owner}/{repo}/environments/{environment_name}/secrets/{secret_name}', statuses: [404] });
    await rejects(h.run(inputs), /1 of 2 destination\(s\) could not be written.*the lock DB_PASSWORD_ROTATION_LOCK stays: re-run this workflow run to complete the rotation with the same value/);
    const written = h.em.secrets.get(REPO, 'DB_PASSWORD')!.plaintext;
    assert.deepEqual(target.users.get('app'), [written], 'not reverted: a destination already holds the new value');
    assert.match(h.lock() ?? '', /"mac":"[0-9a-f]{64}"/, 'the lock is signed with derivation-key');
    h.em.faults.clear();
    await h.run(inputs, 2);
    assert.equal(h.em.secrets.get(REPO, 'DB_PASSWORD')!.plaintext, written);
    assert.equal(h.em.secrets.get(ENV, 'DB_PASSWORD')!.plaintext, written);
    assert.equal(h.lock(), undefined);
    assert.ok(h.lines.some((l) => /already logs in with the pending value/.test(l)), 'the re-run found the target already set');
  });

  test('the same failure without derivation-key: the message says the re-run makes a new value, and the re-run does exactly that', async (t) => {
    const target = new ScriptedTarget();
    target.users.set('app', ['Current-Pass-0001']);
    const h = await harness(t, target);
    h.em.faults.inject({ route: 'PUT /repos/{owner}/{repo}/environments/{environment_name}/secrets/{secret_name}', statuses: [404] });
    const error = await rejects(h.run({}), /the lock DB_PASSWORD_ROTATION_LOCK stays: re-run this workflow run to complete the rotation with a new value \(no derivation-key, and no destination keeps this one\): it sets it and rewrites every destination/);
    assert.doesNotMatch(error.message, /same value/);
    const first = h.em.secrets.get(REPO, 'DB_PASSWORD')!.plaintext;
    h.em.faults.clear();
    await h.run({}, 2);
    const second = h.em.secrets.get(REPO, 'DB_PASSWORD')!.plaintext;
    assert.notEqual(second, first, 'a new value, as the message said');
    assert.equal(h.em.secrets.get(ENV, 'DB_PASSWORD')!.plaintext, second, 'every destination rewritten');
    assert.deepEqual(target.users.get('app'), [second], 'the target has it');
    assert.ok(h.lines.some((l) => /cannot be made again \(no derivation-key, and no destination stored it\): a new value is used and every destination is rewritten/.test(l)));
    assert.equal(h.lock(), undefined);
  });
});
