// Rebuilds dist/ and fails when it differs from what is committed, untracked files included
// (`git diff` alone would miss a new chunk nobody committed).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { root } from './lib/actions.ts';

execFileSync(process.execPath, [join(root, 'scripts', 'build.ts')], { cwd: root, stdio: 'inherit' });
const status = execFileSync('git', ['status', '--porcelain', '--untracked-files=all', '--', 'dist'], { cwd: root, encoding: 'utf8' });
if (status.trim()) {
  console.error('dist/ differs from a fresh build; run `npm run build` and commit dist/:');
  console.error(status);
  console.error(execFileSync('git', ['diff', '--stat', '--', 'dist'], { cwd: root, encoding: 'utf8' }));
  process.exit(1);
}
console.log('dist/ equals a fresh build');
