import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

/** What scripts and tests need to know about an action, read from its action.yml (never listed by hand). */
export interface ActionMeta {
  name: string;
  dir: string;
  yml: {
    name: string;
    description: string;
    author?: string;
    branding?: { icon?: string; color?: string };
    inputs?: Record<string, { description?: string; required?: boolean; default?: string }>;
    outputs?: Record<string, { description?: string }>;
    runs: { using: string; main: string; pre?: string; post?: string; 'pre-if'?: string; 'post-if'?: string };
  };
  /**
   * What the build bundles: the runner's entries (pre, main, post from action.yml), then any
   * helper process an entry starts (`src/<name>/process.ts` → dist/<action>/<name>/index.js, e.g.
   * report-metrics' detached resource sampler).
   */
  entries: Array<{ entry: 'pre' | 'main' | 'post' | 'process'; name: string; source: string; bundle: string }>;
}

export const root = resolve(import.meta.dirname, '..', '..');

const SOURCE = { main: 'index.ts', pre: 'pre.ts', post: 'post.ts' } as const;

export function discoverActions(): ActionMeta[] {
  const actionsDir = join(root, 'actions');
  return readdirSync(actionsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(actionsDir, d.name, 'action.yml')))
    .map((d) => loadAction(d.name))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function loadAction(name: string): ActionMeta {
  const dir = join(root, 'actions', name);
  const yml = parse(readFileSync(join(dir, 'action.yml'), 'utf8')) as ActionMeta['yml'];
  const entries = (['pre', 'main', 'post'] as const)
    .filter((entry) => yml.runs[entry] !== undefined)
    .map((entry) => {
      const expected = `../../dist/${name}/${entry}/index.js`;
      if (yml.runs[entry] !== expected) {
        throw new Error(`actions/${name}/action.yml: runs.${entry} is '${yml.runs[entry]}', expected '${expected}'`);
      }
      return { entry, name: entry as string, source: join(dir, 'src', SOURCE[entry]), bundle: join(root, 'dist', name, entry, 'index.js') };
    });
  const src = join(dir, 'src');
  const processes = readdirSync(src, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(src, d.name, 'process.ts')))
    .map((d) => ({ entry: 'process' as const, name: d.name, source: join(src, d.name, 'process.ts'), bundle: join(root, 'dist', name, d.name, 'index.js') }));
  return { name, dir, yml, entries: [...entries, ...processes] };
}
