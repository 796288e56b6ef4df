import assert from 'node:assert/strict';
import { test } from 'node:test';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Spec } from '../../shared/inputs.ts';
import { commonSpec } from '../../shared/run-action.ts';
import { discoverActions } from '../../scripts/lib/actions.ts';
import { withReference } from '../../scripts/lib/docs.ts';
import { withCloudInputs } from '../../scripts/lib/cloud-inputs.ts';
import { metadataPath, metadataSource } from '../../scripts/lib/metadata.ts';
import { defaultSource, type ActionMetadata } from '../../shared/input-env.ts';

// Defaults live in action.yml only; this keeps the code and the metadata saying the same thing.
const EXPRESSION_SAMPLES: Record<string, string> = {
  '${{ github.token }}': 'ghs_000000000000000000000000000000000000',
  '${{ github.sha }}': '0123456789abcdef0123456789abcdef01234567',
};

const actions = discoverActions();

test('there are the four actions', () => {
  assert.deepEqual(actions.map((a) => a.name), ['deploy', 'provision', 'report-metrics', 'rotate-secret']);
});

for (const action of actions) {
  test(`${action.name}: action.yml is complete`, () => {
    const y = action.yml;
    assert.ok(y.name && y.description && y.author, 'name, description and author');
    assert.ok(y.branding?.icon && y.branding.color, 'branding icon and color');
    assert.equal(y.runs.using, 'node24');
    for (const [name, i] of Object.entries(y.inputs ?? {})) {
      assert.ok(i.description, `input ${name} has a description`);
      assert.ok(!(i.required && i.default !== undefined), `input ${name} is required and has a default`);
    }
    for (const [name, o] of Object.entries(y.outputs ?? {})) assert.ok(o.description, `output ${name} has a description`);
    assert.ok(y.outputs?.record, 'every action outputs its execution record');
    for (const e of action.entries) assert.ok(existsSync(e.source), `${e.entry} source ${e.source}`);
  });

  test(`${action.name}: code and action.yml agree on inputs and defaults`, async () => {
    const { spec } = (await import(`../../actions/${action.name}/src/inputs.ts`)) as { spec: Spec };
    const all: Spec = { ...spec, ...commonSpec };
    const yml = action.yml.inputs ?? {};
    assert.deepEqual(Object.keys(all).sort(), Object.keys(yml).sort(), 'the same inputs');
    for (const [name, meta] of Object.entries(yml)) {
      const field = all[name]!;
      const alwaysPresent = meta.required === true || meta.default !== undefined;
      assert.equal(field.required, alwaysPresent, `${name}: required in code exactly when action.yml requires it or gives a default`);
      if (meta.default === undefined) continue;
      const raw = EXPRESSION_SAMPLES[meta.default] ?? meta.default;
      assert.ok(!raw.includes('${{'), `${name}: unknown expression default ${meta.default}`);
      assert.doesNotThrow(() => field.parse(raw, name), `${name}: the action.yml default '${meta.default}' is valid`);
    }
  });

  test(`${action.name}: generated cloud inputs match shared/oidc/spec.ts (npm run docs)`, () => {
    const yml = readFileSync(join(action.dir, 'action.yml'), 'utf8');
    assert.equal(yml, withCloudInputs(yml));
  });

  test(`${action.name}: src/metadata.ts is generated from action.yml and says the same (npm run docs)`, async () => {
    assert.equal(readFileSync(metadataPath(action), 'utf8'), metadataSource(action), 'regenerate with npm run docs');
    const { metadata } = (await import(`../../actions/${action.name}/src/metadata.ts`)) as { metadata: ActionMetadata };
    assert.equal(metadata.action, action.name);
    const yml = action.yml.inputs ?? {};
    assert.deepEqual(Object.keys(metadata.inputs), Object.keys(yml));
    for (const [name, meta] of Object.entries(yml)) {
      assert.equal(metadata.inputs[name], meta.default ?? null, name);
      if (meta.default !== undefined) assert.doesNotThrow(() => defaultSource(meta.default!), `${name}: its default can be resolved at run time`);
    }
  });

  test(`${action.name}: README reference tables match action.yml (npm run docs)`, () => {
    const readme = readFileSync(join(action.dir, 'README.md'), 'utf8');
    assert.equal(readme, withReference(readme, action));
  });
}
