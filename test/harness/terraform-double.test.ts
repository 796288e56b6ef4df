// Keeping the terraform double honest. Its output is held to the real thing three ways:
// 1. Format: every key path of the double's `show -json` documents (data maps and values
//    collapsed) occurs, with the same JSON type, in real plan JSON of the same format major — the
//    MPL fixtures of hashicorp/terraform-json and opentofu/opentofu, and what terraform 1.11.4
//    printed for this repository's scenarios (test/fixtures/terraform, see its README).
// 2. Stream: every line of its -json UI stream follows the documented machine-readable UI
//    (message types, common keys, the resource object, action words), and each message type has
//    the keys the recorded real stream has.
// 3. Behaviour: the provision parser reads the same summary and computes the same digest from the
//    double's plans as from the recorded real ones — and, where this machine has a terraform, from
//    a live run of it on the same configurations.
// Plus the double's own contract: exit codes, the lock, stale plans, the two-signal shutdown.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, describe, test } from 'node:test';
import { planDigest } from '../../actions/provision/src/digest.ts';
import { parseShow } from '../../actions/provision/src/tf-show.ts';
import { findRealBinary, installTerraformDouble } from './terraform/install.ts';
import { SCENARIOS, V1, V2 } from './terraform/scenarios.ts';

const root = mkdtempSync(join(tmpdir(), 'tf-double-test-'));
after(() => rmSync(root, { recursive: true, force: true }));
const double = installTerraformDouble(join(root, 'tools'));
const real = findRealBinary('terraform');
const cliConfig = join(root, 'terraformrc');
writeFileSync(cliConfig, '');

type Bin = { name: string; path: string; env: Record<string, string> };
const DOUBLE: Bin = { name: 'double', path: join(double.binDir, 'terraform'), env: double.env() };
const REAL: Bin | undefined = real ? { name: 'real terraform', path: real, env: { CHECKPOINT_DISABLE: '1' } } : undefined;

let dirs = 0;
function workdir(config: object): string {
  const dir = join(root, `w${++dirs}`);
  spawnSync('mkdir', ['-p', dir]);
  writeFileSync(join(dir, 'main.tf.json'), JSON.stringify(config));
  return dir;
}

function tf(bin: Bin, dir: string, args: string[], env: Record<string, string> = {}): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(bin.path, args, { cwd: dir, env: { ...process.env, TF_CLI_CONFIG_FILE: cliConfig, TF_IN_AUTOMATION: '1', ...bin.env, ...env }, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** init, then plan -json -out, then show -json: the stream lines, the exit code and the plan document. */
function planIn(bin: Bin, dir: string, extra: string[] = [], env: Record<string, string> = {}): { code: number; lines: Record<string, unknown>[]; show: unknown } {
  if (!existsSync(join(dir, '.terraform'))) assert.equal(tf(bin, dir, ['init', '-input=false', '-no-color']).code, 0);
  const p = tf(bin, dir, ['plan', '-input=false', '-no-color', '-json', '-detailed-exitcode', '-out=p.tfplan', ...extra], env);
  const lines = p.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  const show = JSON.parse(tf(bin, dir, ['show', '-json', 'p.tfplan']).stdout);
  return { code: p.code, lines, show };
}

// ------------------------------------------------------------------------------------------------
// Format skeletons

/** Keys whose values are data (resource attributes, expressions): compared as "a value", not walked. */
const VALUE_KEYS = new Set(['before', 'after', 'after_unknown', 'before_sensitive', 'after_sensitive', 'values', 'sensitive_values', 'constant_value', 'value', 'default', 'importing', 'before_identity', 'after_identity', 'identity']);
/** Objects whose keys are names chosen by the configuration. */
const DATA_MAPS = new Set(['variables', 'output_changes', 'outputs', 'provider_config', 'expressions']);

function skeleton(doc: unknown, out = new Map<string, Set<string>>(), path = ''): Map<string, Set<string>> {
  // resource_drift has the shape of resource_changes (the same ResourceChange type in jsonplan).
  if (path === '.resource_drift') path = '.resource_changes';
  const type = doc === null ? 'null' : Array.isArray(doc) ? 'array' : typeof doc;
  const add = (p: string, t: string): void => {
    if (!out.has(p)) out.set(p, new Set());
    out.get(p)!.add(t);
  };
  add(path || '$', type);
  const last = path.split('.').pop()!.replace(/\[\]$/, '');
  if (VALUE_KEYS.has(last)) return out;
  if (Array.isArray(doc)) for (const x of doc) skeleton(x, out, `${path}[]`);
  else if (type === 'object') {
    for (const [k, v] of Object.entries(doc as Record<string, unknown>)) skeleton(v, out, `${path}.${DATA_MAPS.has(last) ? '*' : k}`);
  }
  return out;
}

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'terraform');
function realSkeleton(): Map<string, Set<string>> {
  const all = new Map<string, Set<string>>();
  for (const source of ['terraform-json', 'opentofu', 'recorded']) {
    for (const f of readdirSync(join(FIXTURES, source)).filter((x) => x.endsWith('.json') && x !== 'invalid.json')) {
      const doc = JSON.parse(readFileSync(join(FIXTURES, source, f), 'utf8')) as { format_version?: string };
      if (!doc.format_version?.startsWith('1.')) continue;
      for (const [p, types] of skeleton(doc)) for (const t of types) (all.get(p) ?? all.set(p, new Set()).get(p)!).add(t);
    }
  }
  return all;
}

function assertConforms(doc: unknown, label: string, reference = realSkeleton()): void {
  const problems: string[] = [];
  for (const [p, types] of skeleton(doc)) {
    const known = reference.get(p);
    if (!known) problems.push(`${p}: no real plan has it`);
    else for (const t of types) if (!known.has(t)) problems.push(`${p}: ${t}, real plans have ${[...known].join('|')}`);
  }
  assert.deepEqual(problems, [], `${label} is not shaped like real plan JSON`);
}

describe('the double against real plan JSON (format)', () => {
  test('create, update, replace, delete, drift and sensitive plans are shaped like real ones', () => {
    const dir = workdir(V1);
    const first = planIn(DOUBLE, dir);
    assertConforms(first.show, 'a create plan');
    assert.equal(tf(DOUBLE, dir, ['apply', '-input=false', '-json', 'p.tfplan']).code, 0);
    writeFileSync(join(dir, 'main.tf.json'), JSON.stringify(V2));
    const second = planIn(DOUBLE, dir);
    assertConforms(second.show, 'an update/replace/delete plan');
    const file = workdir({ resource: { local_file: { f: { filename: 'out.txt', content: 'hi\n' } } } });
    planIn(DOUBLE, file);
    assert.equal(tf(DOUBLE, file, ['apply', '-input=false', 'p.tfplan']).code, 0);
    writeFileSync(join(file, 'out.txt'), 'changed\n');
    const drift = planIn(DOUBLE, file, ['-refresh-only']);
    assert.equal(drift.code, 2, 'refresh-only -detailed-exitcode: 2 = drift');
    assertConforms(drift.show, 'a refresh-only plan with drift');
  });

  test('the check can fail: a key real plans never have is caught', () => {
    assert.throws(() => assertConforms({ format_version: '1.2', resource_changes: [{ address: 'x', change: { actions: ['create'] }, invented: true }] }, 'a made-up plan'), /resource_changes\[\]\.invented: no real plan has it/);
    assert.throws(() => assertConforms({ format_version: '1.2', complete: 'yes' }, 'a mistyped plan'), /complete: string, real plans have boolean/);
  });
});

// ------------------------------------------------------------------------------------------------
// The documented machine-readable UI

const MESSAGE_TYPES = new Set(['version', 'log', 'diagnostic', 'resource_drift', 'planned_change', 'change_summary', 'outputs', 'apply_start', 'apply_progress', 'apply_complete', 'apply_errored', 'provision_start', 'provision_progress', 'provision_complete', 'provision_errored', 'refresh_start', 'refresh_complete', 'state_lock_acquire']);
const CHANGE_ACTIONS = new Set(['noop', 'create', 'read', 'update', 'replace', 'delete', 'move', 'remove', 'import']);
const RESOURCE_KEYS = ['addr', 'implied_provider', 'module', 'resource', 'resource_key', 'resource_name', 'resource_type'];

function assertStreamLine(m: Record<string, unknown>, module: string): void {
  const where = JSON.stringify(m).slice(0, 200);
  for (const k of ['@level', '@message', '@module', '@timestamp', 'type']) assert.ok(k in m, `${k} in ${where}`);
  assert.equal(m['@module'], module, where);
  assert.ok(['info', 'warn', 'error'].includes(String(m['@level'])), where);
  assert.ok(!Number.isNaN(Date.parse(String(m['@timestamp']))), where);
  assert.ok(MESSAGE_TYPES.has(String(m['type'])), `documented type: ${where}`);
  const resourceOk = (r: unknown): void => assert.deepEqual(Object.keys(r as object).sort(), RESOURCE_KEYS, where);
  switch (m['type']) {
    case 'version':
      assert.equal(m['ui'], '1.2');
      break;
    case 'planned_change':
    case 'resource_drift': {
      const c = m['change'] as { resource: unknown; action: string };
      resourceOk(c.resource);
      assert.ok(CHANGE_ACTIONS.has(c.action), where);
      if (m['type'] === 'resource_drift') assert.ok(['update', 'delete'].includes(c.action), where);
      break;
    }
    case 'apply_start':
    case 'apply_complete':
    case 'apply_errored':
    case 'refresh_start':
    case 'refresh_complete':
    case 'provision_start':
    case 'provision_progress':
    case 'provision_complete':
    case 'provision_errored':
      resourceOk((m['hook'] as { resource: unknown }).resource);
      break;
    case 'change_summary':
      assert.deepEqual(Object.keys(m['changes'] as object).sort(), ['add', 'change', 'import', 'operation', 'remove']);
      break;
    case 'diagnostic': {
      const d = m['diagnostic'] as Record<string, unknown>;
      assert.ok(['error', 'warning'].includes(String(d['severity'])) && typeof d['summary'] === 'string' && typeof d['detail'] === 'string', where);
      break;
    }
    default:
      break;
  }
}

/** For each message type of the recorded real streams: its key paths (hook and change objects walked). */
function streamSkeleton(lines: Record<string, unknown>[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const m of lines) {
    const type = String(m['type']);
    const keys = out.get(type) ?? out.set(type, new Set()).get(type)!;
    const walk = (v: unknown, path: string): void => {
      keys.add(path);
      if (v && typeof v === 'object' && !Array.isArray(v) && !['changes', 'outputs', 'diagnostic'].includes(path)) for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k);
    };
    for (const [k, v] of Object.entries(m)) walk(v, k);
  }
  return out;
}

function recordedStreams(): Map<string, Set<string>> {
  const dir = join(FIXTURES, 'recorded');
  const lines = readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>));
  return streamSkeleton(lines);
}

describe('the double against the documented -json UI stream', () => {
  test('plan and apply streams, tofu flavour included', () => {
    for (const [flavour, module] of [['terraform', 'terraform.ui'], ['tofu', 'tofu.ui']] as const) {
      const bin = { ...DOUBLE, path: join(double.binDir, flavour) };
      const dir = workdir(V1);
      const p = planIn(bin, dir);
      assert.equal(p.lines[0]?.['type'], 'version');
      assert.equal(p.lines[0]?.[flavour], flavour === 'tofu' ? '1.9.0' : '1.11.4');
      for (const m of p.lines) assertStreamLine(m, module);
      const a = tf(bin, dir, ['apply', '-input=false', '-json', 'p.tfplan']);
      for (const line of a.stdout.split('\n').filter(Boolean)) assertStreamLine(JSON.parse(line), module);
      assert.match(a.stdout, /"type":"apply_start"/);
    }
  });

  test('each message type has the keys terraform 1.11.4 printed for the same scenarios', () => {
    const dir = workdir(V1);
    const lines = planIn(DOUBLE, dir).lines;
    lines.push(...tf(DOUBLE, dir, ['apply', '-input=false', '-json', 'p.tfplan']).stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>));
    writeFileSync(join(dir, 'main.tf.json'), JSON.stringify(V2));
    lines.push(...planIn(DOUBLE, dir).lines);
    lines.push(...tf(DOUBLE, dir, ['apply', '-input=false', '-json', 'p.tfplan']).stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>));
    const real = recordedStreams();
    const ours = streamSkeleton(lines);
    const problems: string[] = [];
    for (const [type, keys] of ours) {
      const theirs = real.get(type);
      if (!theirs) continue; // types the recordings do not have are checked against the documentation above
      for (const k of keys) if (!theirs.has(k)) problems.push(`${type}: ${k}`);
      for (const k of theirs) if (!keys.has(k)) problems.push(`${type}: missing ${k}`);
    }
    assert.deepEqual(problems, []);
    assert.ok(['version', 'planned_change', 'change_summary', 'apply_start', 'apply_complete', 'refresh_start', 'outputs'].every((t) => real.has(t) && ours.has(t)));
  });
});

// ------------------------------------------------------------------------------------------------
// Behaviour against the real binary

function summariesOf(bin: Bin): ReturnType<typeof summaryOf>[] {
  const dir = workdir(V1);
  const out: ReturnType<typeof summaryOf>[] = [];
  for (const s of SCENARIOS) {
    writeFileSync(join(dir, 'main.tf.json'), JSON.stringify(s.config));
    const p = planIn(bin, dir, s.planArgs);
    out.push(summaryOf(p.show, p.code));
    if (s.apply) assert.equal(tf(bin, dir, ['apply', '-input=false', '-json', 'p.tfplan']).code, 0);
  }
  return out;
}

function summaryOf(show: unknown, code?: number) {
  const s = parseShow(show);
  return { ...(code === undefined ? {} : { code }), changes: s.changes, drift: s.drift, outputs: s.outputs, digest: planDigest(s.changeSet), complete: s.complete, errored: s.errored, format: s.formatVersion };
}

describe('the double against terraform (same configurations, same summary and digest)', () => {
  test('the recorded plans of terraform 1.11.4 (test/fixtures/terraform/recorded)', () => {
    const ours = summariesOf(DOUBLE).map(({ code: _code, ...rest }) => rest);
    const theirs = SCENARIOS.map((s) => summaryOf(JSON.parse(readFileSync(join(FIXTURES, 'recorded', `${s.name}.json`), 'utf8'))));
    SCENARIOS.forEach((s, i) => assert.deepEqual(ours[i], theirs[i], s.name));
  });

  test(REAL ? `a live run of the real terraform on this machine (${real})` : 'a live run of a real terraform: none on PATH on this machine', { skip: REAL ? false : 'no terraform binary on PATH here; the recorded plans above still hold the double to one' }, () => {
    assert.deepEqual(summariesOf(DOUBLE), summariesOf(REAL!));
  });
});

// ------------------------------------------------------------------------------------------------
// The double's own contract

describe("the double's CLI contract", () => {
  test('exit codes: plan -detailed-exitcode 0 / 2 / 1, a stale saved plan, an unknown command', () => {
    const dir = workdir(V1);
    assert.equal(planIn(DOUBLE, dir).code, 2);
    writeFileSync(join(dir, 'main.tf.json'), '{ not json');
    assert.equal(tf(DOUBLE, dir, ['plan', '-input=false', '-detailed-exitcode']).code, 1);
    writeFileSync(join(dir, 'main.tf.json'), JSON.stringify(V1));
    assert.equal(tf(DOUBLE, dir, ['apply', '-input=false', 'p.tfplan']).code, 0);
    assert.equal(planIn(DOUBLE, dir).code, 0, 'no changes');
    const stale = tf(DOUBLE, dir, ['apply', '-input=false', '-json', 'p.tfplan']);
    writeFileSync(join(dir, 'main.tf.json'), JSON.stringify(V2));
    planIn(DOUBLE, dir);
    tf(DOUBLE, dir, ['apply', '-auto-approve', '-input=false']);
    const r = tf(DOUBLE, dir, ['apply', '-input=false', '-json', 'p.tfplan']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /"summary":"Saved plan is stale","detail":"The given plan file can no longer be applied because the state was changed by another operation after the plan was created\."/);
    assert.equal(stale.code, 0, 'a plan with no changes applies (nothing to do)');
    assert.equal(tf(DOUBLE, dir, ['frobnicate']).code, 1);
  });

  test('the first signal stops after the operation in flight and releases the lock; a second exits at once and leaves it', async () => {
    const dir = workdir({ resource: { terraform_data: { a: { input: 1 }, b: { input: 2, depends_on: ['terraform_data.a'] } } } });
    planIn(DOUBLE, dir);
    const lock = join(dir, '.terraform.tfstate.lock.info');
    const run = async (slowMs: number, signals: NodeJS.Signals[]): Promise<{ code: number | null; out: string }> => {
      double.setFaults({ slow: { 'terraform_data.a': slowMs, 'terraform_data.b': slowMs } });
      const child = spawn(DOUBLE.path, ['apply', '-input=false', '-json', 'p.tfplan'], { cwd: dir, env: { ...process.env, ...DOUBLE.env } });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      const done = new Promise<number | null>((resolve) => child.on('close', resolve));
      while (!out.includes('"apply_start"')) await sleep(20);
      for (const s of signals) {
        child.kill(s);
        await sleep(200);
      }
      return { code: await done, out };
    };
    const graceful = await run(5000, ['SIGINT']);
    assert.equal(graceful.code, 1);
    assert.match(graceful.out, /Interrupt received\.\\nPlease wait for Terraform to exit or data loss may occur/);
    assert.match(graceful.out, /terraform_data\.a: Creation complete/, 'the operation in flight finished');
    assert.doesNotMatch(graceful.out, /terraform_data\.b: Creating/, 'nothing new started');
    assert.ok(!existsSync(lock), 'the lock was released');

    planIn(DOUBLE, dir);
    const fatal = await run(30_000, ['SIGINT', 'SIGTERM']);
    assert.equal(fatal.code, 1);
    assert.match(fatal.out, /Two interrupts received\. Exiting immediately\. Note that data loss may have occurred\./);
    assert.ok(existsSync(lock), 'a second signal leaves the lock behind');
    double.setFaults({});
  });
});
