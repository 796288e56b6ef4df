// Regenerates the inputs/outputs tables in each actions/<name>/README.md from its action.yml.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { discoverActions } from './lib/actions.ts';
import { withReference } from './lib/docs.ts';

for (const action of discoverActions()) {
  const path = join(action.dir, 'README.md');
  const before = existsSync(path) ? readFileSync(path, 'utf8') : `# ${action.name}\n\n${action.yml.description}\n`;
  const after = withReference(before, action);
  if (after !== before) {
    writeFileSync(path, after);
    console.log(`updated ${path}`);
  }
}
