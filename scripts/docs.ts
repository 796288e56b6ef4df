// Regenerates each action.yml's cloud-credential inputs (from shared/oidc/spec.ts), then from each
// action.yml: the inputs/outputs tables in actions/<name>/README.md and actions/<name>/src/metadata.ts.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { discoverActions, loadAction } from './lib/actions.ts';
import { withCloudInputs } from './lib/cloud-inputs.ts';
import { withReference } from './lib/docs.ts';
import { metadataPath, writeMetadata } from './lib/metadata.ts';

for (const found of discoverActions()) {
  const ymlPath = join(found.dir, 'action.yml');
  const yml = readFileSync(ymlPath, 'utf8');
  if (withCloudInputs(yml) !== yml) {
    writeFileSync(ymlPath, withCloudInputs(yml));
    console.log(`updated ${ymlPath}`);
  }
  const action = loadAction(found.name);
  if (writeMetadata(action)) console.log(`updated ${metadataPath(action)}`);
  const path = join(action.dir, 'README.md');
  const before = existsSync(path) ? readFileSync(path, 'utf8') : `# ${action.name}\n\n${action.yml.description}\n`;
  const after = withReference(before, action);
  if (after !== before) {
    writeFileSync(path, after);
    console.log(`updated ${path}`);
  }
}
