// provision's inputs as the bundle sees them: every problem named (input, value, expected form)
// before anything runs — no tool started, no file written, no GitHub call — and secrets never echoed.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { provisionWorld } from './helpers/provision-world.ts';

const errorOf = (r: { annotations: { level: string; message: string }[] }): string => r.annotations.find((a) => a.level === 'error')?.message ?? '';

test('missing and invalid inputs fail before anything runs, each one named', async (t) => {
  const w = await provisionWorld(t);
  const missing = await w.provision({});
  assert.equal(missing.exitCode, 1);
  assert.match(errorOf(missing), /Input 'tool' has value ""; expected one of terraform, tofu, ansible \(this input is required\)/);

  const key = w.h.secret('backend-secret-AKIA0000SECRET');
  const bad = await w.provision({ tool: 'terraform', command: 'apply', 'working-directory': 'infra', 'backend-config': `bucket=state\naccess_key ${key}`, 'max-destroy': '-1' });
  assert.equal(bad.exitCode, 1);
  const message = errorOf(bad);
  assert.match(message, /Input 'backend-config' has value \*\*\*; expected each line to be KEY=value/);
  assert.match(message, /Input 'max-destroy' has value "-1"/);
  assert.ok(!message.includes(key));
  assert.equal(JSON.parse(bad.outputs['record'] ?? '{}').outcome, 'failure');
  assert.equal(w.gh.requests.length, 0, 'no GitHub call');
  assert.deepEqual(w.tf.signals(), []);
});

test('paths are checked before any tool runs: the working directory, the plan file to apply', async (t) => {
  const w = await provisionWorld(t);
  const noDir = await w.provision({ tool: 'terraform', 'working-directory': 'infra' });
  assert.match(errorOf(noDir), /Input 'working-directory' has value "infra"; expected an existing directory in the workspace \(did the job check out the repository\?\)/);
  w.write('infra/main.tf.json', '{}');
  const noPlan = await w.provision({ tool: 'terraform', command: 'apply', 'working-directory': 'infra', 'plan-file': 'infra.plan', 'plan-digest': `sha256:${'0'.repeat(64)}` });
  assert.match(errorOf(noPlan), /Input 'plan-file' has value "infra\.plan"; expected the plan file the plan step wrote, relative to the workspace \(download the artifact before this step\)/);
  assert.ok(!existsSync(join(w.workspace, 'infra', '.terraform')), 'terraform never ran');
  assert.deepEqual(readdirSync(join(w.workspace, 'infra')), ['main.tf.json']);
});

test('a working directory that leads out of the workspace through a symbolic link is refused', async (t) => {
  const w = await provisionWorld(t);
  const outside = mkdtempSync(join(tmpdir(), 'outside-workspace-'));
  t.after(() => rmSync(outside, { recursive: true, force: true }));
  symlinkSync(outside, join(w.workspace, 'infra'));
  const r = await w.provision({ tool: 'terraform', 'working-directory': 'infra' });
  assert.equal(r.exitCode, 1);
  assert.match(errorOf(r), /Input 'working-directory' has value "infra"; expected a directory inside the workspace \(it resolves outside through a symbolic link\)/);
  assert.deepEqual(readdirSync(outside), [], 'nothing was written there');
});
