import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ProvisionFailure } from '../../actions/provision/src/failure.ts';
import { readPlanFile, writePlanFile, type PlanMeta } from '../../actions/provision/src/plan-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'plan-file-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const meta: PlanMeta = { tool: 'terraform', working_directory: 'infra', workspace: 'prod', digest: 'sha256:x', created_at: '2026-01-01T00:00:00.000Z' };
const plan = Buffer.from('PK\x03\x04 a plan holding db_password=hunter2-in-clear');
const reason = (r: string) => (e: unknown) => e instanceof ProvisionFailure && e.reason === r;

test('sealed: AES-256-GCM, nothing in clear, 0600; opens with the key', () => {
  const path = join(dir, 'sealed.plan');
  writePlanFile(path, meta, plan, 'the-key');
  const raw = readFileSync(path);
  assert.match(raw.subarray(0, 90).toString(), /^actions-suite-plan 1 aes-256-gcm [A-Za-z0-9+/=]+ [A-Za-z0-9+/=]+\n/);
  assert.ok(!raw.includes('hunter2') && !raw.includes('infra') && !raw.includes('prod'));
  assert.equal(statSync(path).mode & 0o777, 0o600);
  const opened = readPlanFile(path, 'the-key');
  assert.deepEqual(opened.meta, meta);
  assert.deepEqual(opened.plan, plan);
  assert.equal(opened.encrypted, true);
});

test('sealed: the wrong key, a flipped bit, or a missing key are refused', () => {
  const path = join(dir, 'tamper.plan');
  writePlanFile(path, meta, plan, 'the-key');
  assert.throws(() => readPlanFile(path, 'another-key'), reason('plan-changed'));
  const raw = readFileSync(path);
  raw[raw.length - 20]! ^= 1;
  writeFileSync(path, raw);
  assert.throws(() => readPlanFile(path, 'the-key'), /does not decrypt with plan-encryption-key/);
  writePlanFile(join(dir, 'again.plan'), meta, plan, 'the-key');
  assert.throws(() => readPlanFile(join(dir, 'again.plan'), undefined), /plan file is encrypted: set plan-encryption-key/);
});

test('plain: readable without a key; refused when a key says it should have been sealed; foreign files refused', () => {
  const path = join(dir, 'plain.plan');
  writePlanFile(path, meta, plan, undefined);
  assert.deepEqual(readPlanFile(path, undefined).plan, plan);
  assert.throws(() => readPlanFile(path, 'the-key'), /not encrypted, but plan-encryption-key is set/);
  writeFileSync(join(dir, 'native.tfplan'), plan);
  assert.throws(() => readPlanFile(join(dir, 'native.tfplan'), undefined), /not one this action wrote/);
});

test('standard AES-256-GCM with an HKDF-SHA-256 key: node:crypto opens what the action seals', async () => {
  const { createDecipheriv, hkdfSync } = await import('node:crypto');
  const path = join(dir, 'interop.plan');
  writePlanFile(path, meta, plan, 'the-key');
  const raw = readFileSync(path);
  const eol = raw.indexOf(0x0a);
  const [, , , salt, iv] = raw.subarray(0, eol).toString().split(' ');
  const key = Buffer.from(hkdfSync('sha256', 'the-key', Buffer.from(salt!, 'base64'), 'actions-suite provision plan-file v1', 32));
  const d = createDecipheriv('aes-256-gcm', key, Buffer.from(iv!, 'base64'));
  d.setAAD(raw.subarray(0, eol + 1));
  const body = raw.subarray(eol + 1);
  d.setAuthTag(body.subarray(body.length - 16));
  const payload = Buffer.concat([d.update(body.subarray(0, body.length - 16)), d.final()]);
  assert.ok(payload.includes(plan));
});
