// `npm test`: every tier. Installs the Debian packages the service tests need (once, up front),
// then runs all test files on Node 24; each test file starts the services it uses and stops them.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { root } from './lib/actions.ts';

const install = spawnSync(process.execPath, [join(root, 'scripts', 'services.ts'), 'install'], { cwd: root, stdio: 'inherit' });
if (install.status !== 0) process.exit(install.status ?? 1);

const args = ['--test', '--test-reporter=spec', '--test-concurrency=2', '--test-timeout=600000'];
const patterns = process.argv.slice(2);
const r = spawnSync(process.execPath, [...args, ...(patterns.length ? patterns : ['test/**/*.test.ts'])], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
