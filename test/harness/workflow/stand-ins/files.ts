// Helpers the artifact and attestation stand-ins share: the files a `path:` / `subject-path:` names
// (one per line; a directory means every file under it; `*` and `**` globs), and the root the
// upload-artifact action stores them under (their least common ancestor directory).

import { existsSync, globSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';

/** Absolute paths of the files named by the patterns (relative to `root`) → contents, sorted. */
export function collectFiles(root: string, patterns: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const add = (file: string): void => void out.set(file, readFileSync(file));
  for (const line of patterns.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const matches = /[*?[]/.test(line) ? globSync(line, { cwd: root }).map((p) => resolve(root, p)) : existsSync(resolve(root, line)) ? [resolve(root, line)] : [];
    for (const m of matches) {
      if (!statSync(m).isDirectory()) add(m);
      else for (const f of globSync('**/*', { cwd: m })) if (statSync(join(m, f)).isFile()) add(join(m, f));
    }
  }
  return new Map([...out.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** The deepest directory holding all the files. */
export function commonRoot(files: string[]): string {
  let rootDir = dirname(files[0] ?? '/');
  while (!files.every((f) => f.startsWith(rootDir + sep))) rootDir = dirname(rootDir);
  return rootDir;
}
