import assert from 'node:assert/strict';
import { test } from 'node:test';
import { globRegExp, guard } from '../../actions/provision/src/guard.ts';
import type { Change } from '../../actions/provision/src/summary.ts';

const change = (address: string, action: Change['action'], type = address.split('.').at(-2) ?? ''): Change => ({
  address,
  kind: 'resource',
  action,
  actions: [],
  changed_paths: [],
  sensitive: false,
  destructive: action === 'delete' || action === 'replace' || action === 'forget',
  protected: false,
  type,
});

test('globs: * stays within a part of the address, ** crosses parts, ? is one character, the rest is literal', () => {
  const cases: [string, string, boolean][] = [
    ['aws_db_instance', 'aws_db_instance', true],
    ['aws_*', 'aws_db_instance', true],
    ['aws_*', 'aws_db_instance.main', false],
    ['module.data.**', 'module.data.module.inner.aws_s3_bucket.logs', true],
    ['module.*.aws_s3_bucket.logs', 'module.data.aws_s3_bucket.logs', true],
    ['module.*.aws_s3_bucket.logs', 'module.a.module.b.aws_s3_bucket.logs', false],
    ['aws_instance.web[?]', 'aws_instance.web[3]', true],
    ['aws_instance.web[*]', 'aws_instance.web["a"]', true],
    ['a.b', 'aXb', false],
    ['ansible.builtin.*', 'ansible.builtin.user', true],
  ];
  for (const [glob, text, expected] of cases) assert.equal(globRegExp(glob).test(text), expected, `${glob} vs ${text}`);
});

test('max-destroy counts deletes, replaces and forgets; creates and updates never block', () => {
  const changes = [change('a.x', 'create'), change('a.y', 'update'), change('a.z', 'delete'), change('b.z', 'replace'), change('c.z', 'forget')];
  assert.deepEqual(guard(changes, { maxDestroy: 3, protectedResources: [] }).report, { max_destroy: 3, destroy: 3, protected_hits: [], verdict: 'ok', reasons: [] });
  const blocked = guard(changes, { maxDestroy: 2, protectedResources: [] }).report;
  assert.equal(blocked.verdict, 'blocked');
  assert.deepEqual(blocked.reasons, ['3 deletions or replacements, more than max-destroy (2)']);
  assert.equal(guard(changes, { maxDestroy: Number.POSITIVE_INFINITY, protectedResources: [] }).report.max_destroy, 'unlimited');
  assert.equal(guard([change('a.x', 'create')], { maxDestroy: 0, protectedResources: [] }).report.verdict, 'ok');
});

test('a protected match blocks a destructive change whatever max-destroy says, by address or by type', () => {
  const changes = [change('module.db.aws_db_instance.main', 'replace', 'aws_db_instance'), change('aws_s3_bucket.logs', 'update', 'aws_s3_bucket')];
  const r = guard(changes, { maxDestroy: Number.POSITIVE_INFINITY, protectedResources: ['aws_db_instance', 'aws_s3_bucket.*'] });
  assert.equal(r.report.verdict, 'blocked');
  assert.deepEqual(r.report.protected_hits, ['module.db.aws_db_instance.main']);
  assert.deepEqual(r.report.reasons, ['module.db.aws_db_instance.main is protected (protected-resources) and would be replaced']);
  assert.deepEqual(r.changes.map((c) => c.protected), [true, true], 'both match; only the destructive one blocks');
});
