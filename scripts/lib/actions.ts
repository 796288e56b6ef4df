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
  entries: Array<{ entry: 'pre' | 'main' | 'post'; source: string; bundle: string }>;
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
      return { entry, source: join(dir, 'src', SOURCE[entry]), bundle: join(root, 'dist', name, entry, 'index.js') };
    });
  return { name, dir, yml, entries };
}
