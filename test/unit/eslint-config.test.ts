// The lint configuration itself: an import cycle fails lint (eslint.config.js, import-x/no-cycle).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { ESLint } from 'eslint';
import { root } from '../../scripts/lib/actions.ts';

const fixtures = join(root, 'test', 'fixtures', 'lint-cycle');

test('an import cycle is a lint error; a type-only import is not', async () => {
  // The fixtures are ignored by `npm run lint` (they are meant to fail); lint them here on purpose.
  const eslint = new ESLint({ cwd: root, ignore: false });
  const results = await eslint.lintFiles([join(fixtures, 'a.ts'), join(fixtures, 'b.ts'), join(fixtures, 'type-only.ts')]);
  const cycles = results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'import-x/no-cycle').map((m) => `${r.filePath.slice(fixtures.length + 1)}:${m.line} ${m.severity}`));
  assert.deepEqual(cycles.sort(), ['a.ts:2 2', 'b.ts:2 2']);
});
