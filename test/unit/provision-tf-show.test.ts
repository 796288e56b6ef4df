// The provision parser, summary and digest over REAL plan JSON: the MPL-licensed fixtures of
// hashicorp/terraform-json and opentofu/opentofu (test/fixtures/terraform, see its README), and the
// Terraform 0.12.6 plans Debian's golang-github-hashicorp-terraform-json-dev installs (read in place;
// the service manager installs the package). Expectations are written from each document by hand.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { planDigest } from '../../actions/provision/src/digest.ts';
import { canonicalChangeSet, parseShow } from '../../actions/provision/src/tf-show.ts';
import { countChanges } from '../../actions/provision/src/summary.ts';
import { startService, type TerraformJson } from '../harness/services/index.ts';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'terraform');
const load = (name: string): unknown => JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8'));
const summarise = (doc: unknown) => {
  const p = parseShow(doc);
  return { ...p, counts: countChanges(p.changes, p.drift, p.outputs) };
};
const byAddress = (p: ReturnType<typeof summarise>, address: string) => {
  const c = p.changes.find((x) => x.address === address);
  assert.ok(c, `${address} in ${p.changes.map((x) => x.address).join(', ')}`);
  return c;
};

describe('MPL fixtures (terraform-json, opentofu)', () => {
  test('requires-replace: a replace, its replace_paths and reason, counted as a replace only', () => {
    const p = summarise(load('opentofu/requires-replace'));
    const c = byAddress(p, 'test_instance.test');
    assert.equal(c.action, 'replace');
    assert.deepEqual(c.actions, ['delete', 'create']);
    assert.deepEqual(c.replace_paths, [['ami']]);
    assert.equal(c.reason, 'replace_because_cannot_update');
    assert.equal(c.destructive, true);
    assert.deepEqual(c.changed_paths, [['ami'], ['id']]);
    assert.equal(p.counts.replace, 1);
    assert.equal(p.counts.add + p.counts.destroy, 0);
    assert.equal(p.formatVersion, '1.0');
  });

  test('drift: resource_drift kept apart from the pending changes', () => {
    const p = summarise(load('opentofu/drift'));
    assert.deepEqual(p.drift, [{ address: 'test_instance.should_refresh', type: 'test_instance', action: 'update', changed_paths: [['ami']] }]);
    assert.deepEqual(p.changes.map((c) => [c.address, c.action]), [['test_instance.no_refresh', 'update'], ['test_instance.should_refresh', 'update']]);
    assert.equal(p.counts.drift, 1);
    assert.equal(p.counts.change, 2);
  });

  test('moved-drift: a moved resource that also drifted', () => {
    const p = summarise(load('opentofu/moved-drift'));
    assert.equal(p.drift[0]?.address, 'test_instance.should_refresh_with_move');
    const moved = byAddress(p, 'test_instance.should_refresh_with_move');
    assert.equal(moved.previous_address, 'test_instance.should_refresh');
    assert.equal(moved.action, 'update');
    assert.equal(p.counts.move, 1);
  });

  test('moved_block (terraform 1.5): a no-op move is a move, not "no change" and not nothing', () => {
    const p = summarise(load('terraform-json/moved_block'));
    assert.deepEqual(p.changes.map((c) => [c.address, c.action, c.previous_address]), [['random_id.test2', 'move', 'random_id.test']]);
    assert.equal(p.counts.move, 1);
    assert.equal(canonicalChangeSet(load('terraform-json/moved_block')).resources.length, 1);
  });

  test('sensitive values: flagged, and no value is in the summary or its JSON', () => {
    const tofu = summarise(load('opentofu/sensitive-values'));
    const c = byAddress(tofu, 'test_instance.test');
    assert.equal(c.sensitive, true);
    assert.deepEqual(c.changed_paths, [['ami'], ['id']]);
    assert.ok(!JSON.stringify(tofu.changes).includes('boop'), 'the sensitive value "boop" is not in the summary');
    const tf = summarise(load('terraform-json/110_sensitive_values'));
    assert.equal(tf.formatVersion, '0.2');
    assert.equal(tf.counts.add, 7);
  });

  test('plan-error: an errored plan is errored and incomplete, with nothing to apply', () => {
    const p = summarise(load('opentofu/plan-error'));
    assert.equal(p.errored, true);
    assert.equal(p.complete, false);
    assert.deepEqual(p.changes, []);
  });

  test('action_reason (terraform 1.15): the replace of a tainted resource, complete: true', () => {
    const p = summarise(load('terraform-json/action_reason'));
    const c = byAddress(p, 'null_resource.example');
    assert.equal(c.action, 'replace');
    assert.equal(c.reason, 'replace_because_tainted');
    assert.equal(c.replace_paths, undefined);
    assert.equal(p.complete, true);
    assert.equal(p.toolVersion, '1.15.0');
  });

  test('identity (terraform 1.13): an import by identity with an update', () => {
    const p = summarise(load('terraform-json/identity'));
    const c = byAddress(p, 'corner_user_identity.user');
    assert.equal(c.action, 'update');
    assert.equal(c.importing, true);
    assert.deepEqual(c.changed_paths, [['age'], ['name']]);
    assert.equal(p.counts.import, 1);
  });

  test('format versions 0.2, 1.0, 1.1, 1.2 all read; modules and indexes kept in addresses', () => {
    for (const [name, version] of [['terraform-json/110_sensitive_values', '0.2'], ['terraform-json/110_basic', '1.0'], ['terraform-json/120_basic', '1.1'], ['terraform-json/has_checks', '1.2']] as const) {
      assert.equal(parseShow(load(name)).formatVersion, version, name);
    }
    const p = summarise(load('opentofu/modules'));
    assert.deepEqual(p.changes.map((c) => c.address), ['module.module_test_bar.test_instance.test', 'module.module_test_foo.test_instance.test[0]', 'module.module_test_foo.test_instance.test[1]', 'module.module_test_foo.test_instance.test[2]']);
    assert.equal(p.changes[1]?.module, 'module.module_test_foo');
  });

  test('deletes, updates and no-ops: basic-delete, basic-update, multi-resource-update', () => {
    const del = summarise(load('opentofu/basic-delete'));
    assert.deepEqual(del.changes.map((c) => [c.address, c.action, c.reason ?? '']), [['test_instance.test', 'update', ''], ['test_instance.test-delete', 'delete', 'delete_because_no_resource_config']]);
    assert.deepEqual(byAddress(del, 'test_instance.test-delete').changed_paths, [], 'a delete lists no attribute paths');
    assert.equal(summarise(load('opentofu/basic-update')).changes.length, 0, 'a no-op is not a change');
    const multi = summarise(load('opentofu/multi-resource-update'));
    assert.deepEqual(multi.changes.map((c) => [c.address, c.action]), [['test_instance.test[0]', 'move'], ['test_instance.test[1]', 'create']]);
  });

  test('a refresh-only plan (conditions) has no resource changes', () => {
    const p = summarise(load('opentofu/conditions-refresh-only'));
    assert.deepEqual(p.changes, []);
    assert.deepEqual(p.outputs, [{ name: 'foo_id', action: 'create', sensitive: false }]);
  });

  test('a document that is not a plan is refused clearly; so is an unknown major version', () => {
    assert.throws(() => JSON.parse(readFileSync(join(FIXTURES, 'terraform-json/invalid.json'), 'utf8')), SyntaxError);
    assert.throws(() => parseShow({ format_version: '2.0' }), /format_version "2\.0"; this action reads 0\.x and 1\.x/);
    assert.throws(() => parseShow([]), /not an object/);
  });

  test('deferred changes (written from the documented field list: no MPL fixture has them) make the plan incomplete', () => {
    const doc = {
      format_version: '1.2',
      resource_changes: [],
      deferred_changes: [{ reason: 'provider_config_unknown', resource_change: { address: 'aws_instance.web', mode: 'managed', type: 'aws_instance', change: { actions: ['create'] } } }],
      applyable: false,
      complete: false,
    };
    const p = parseShow(doc);
    assert.deepEqual(p.deferred, [{ address: 'aws_instance.web', reason: 'provider_config_unknown' }]);
    assert.equal(p.complete, false);
  });
});

describe('the digest over real plans', () => {
  test('the same plan twice: the same digest; keyed digests differ by key', () => {
    const a = canonicalChangeSet(load('opentofu/requires-replace'));
    const b = canonicalChangeSet(load('opentofu/requires-replace'));
    assert.equal(planDigest(a), planDigest(b));
    assert.match(planDigest(a), /^sha256:[0-9a-f]{64}$/);
    assert.match(planDigest(a, 'key-one'), /^hmac-sha256:[0-9a-f]{64}$/);
    assert.notEqual(planDigest(a, 'key-one'), planDigest(a, 'key-two'));
    assert.notEqual(planDigest(a, 'key-one'), planDigest(a));
  });

  test('refresh noise on attributes that do not change leaves the digest alone; a changed value does not', () => {
    const doc = load('opentofu/basic-delete') as { resource_changes: { change: { before: Record<string, unknown>; after: Record<string, unknown> } }[]; timestamp?: string; prior_state?: unknown };
    const base = planDigest(canonicalChangeSet(doc));
    const noisy = structuredClone(doc);
    // A computed attribute refreshed to a new value on both sides (unchanged by the plan), another timestamp, other prior state.
    noisy.resource_changes[0]!.change.before['etag'] = 'v2';
    noisy.resource_changes[0]!.change.after['etag'] = 'v2';
    noisy.timestamp = '2030-01-01T00:00:00Z';
    noisy.prior_state = { format_version: '1.0', values: { root_module: {} } };
    assert.equal(planDigest(canonicalChangeSet(noisy)), base);
    const changed = structuredClone(doc);
    changed.resource_changes[0]!.change.after['ami'] = 'other';
    assert.notEqual(planDigest(canonicalChangeSet(changed)), base);
    const reordered = structuredClone(doc);
    reordered.resource_changes.reverse();
    assert.equal(planDigest(canonicalChangeSet(reordered)), base, 'resource order does not matter');
  });

  test('a list that shrinks is a change the digest sees', () => {
    const doc = (after: string[]) => ({ format_version: '1.2', resource_changes: [{ address: 'x.y', change: { actions: ['update'], before: { l: ['a', 'b'] }, after: { l: after }, after_unknown: {} } }] });
    assert.notEqual(planDigest(canonicalChangeSet(doc(['a']))), planDigest(canonicalChangeSet(doc(['a', 'b', 'c']))));
    assert.notEqual(planDigest(canonicalChangeSet(doc(['a']))), planDigest(canonicalChangeSet(doc(['b']))));
  });
});

describe("Debian's golang-github-hashicorp-terraform-json-dev (Terraform 0.12.6, read in place)", () => {
  let fixtures: TerraformJson;
  before(async () => {
    fixtures = await startService('terraform-json');
  });
  const plan = (name: string) => summarise(JSON.parse(readFileSync(fixtures.plans[name]!, 'utf8')));

  test('all ten plans parse as format 0.1', () => {
    assert.equal(Object.keys(fixtures.plans).length, 10);
    for (const name of Object.keys(fixtures.plans)) assert.equal(plan(name).formatVersion, '0.1', name);
  });

  test('basic: creates counted, the data source read is not a change', () => {
    const p = plan('basic');
    assert.equal(p.counts.add, 7);
    assert.ok(!p.changes.some((c) => c.address.startsWith('data.')));
    assert.equal(p.counts.outputs, 8);
  });

  test('config_resource_depends_on: a replace and a no-op', () => {
    const p = plan('config_resource_depends_on');
    assert.deepEqual(p.changes.map((c) => [c.address, c.action]), [['null_resource.bar', 'replace']]);
  });

  test('has_changes: only output changes — changes to apply, though no resource changes', () => {
    const p = plan('has_changes');
    assert.deepEqual(p.changes, []);
    assert.equal(p.outputs.length, 8);
  });

  test('deep_module and registry_module keep their module paths', () => {
    assert.equal(plan('deep_module').changes[0]?.module, 'module.foo.module.bar');
    assert.equal(plan('registry_module').changes[0]?.address, 'module.module.null_resource.resource');
  });
});
