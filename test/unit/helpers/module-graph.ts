// An action's module graph read from its sources (no build): what each file imports, statically,
// as types only, or with a dynamic import(). The start-path tests walk it.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export interface Edge {
  to: string;
  kind: 'static' | 'type' | 'dynamic';
}

/** Imports of one file: relative ones resolved to files, packages and node: modules as written. */
export function importsOf(file: string): Edge[] {
  const text = readFileSync(file, 'utf8');
  const edges: Edge[] = [];
  const add = (spec: string, kind: Edge['kind']): void => {
    edges.push({ to: spec.startsWith('.') ? resolve(dirname(file), spec) : spec, kind });
  };
  for (const m of text.matchAll(/^(import|export)\s+(type\s+)?[^;]*?\sfrom\s+'([^']+)'/gms)) add(m[3]!, m[2] ? 'type' : 'static');
  for (const m of text.matchAll(/^import\s+'([^']+)'/gm)) add(m[1]!, 'static');
  for (const m of text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)) add(m[1]!, 'dynamic');
  return edges;
}

export function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourcesUnder(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** Every file and package an entry loads before anything runs: its static imports, transitively. */
export function startPath(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const walk = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    for (const e of importsOf(file)) {
      if (e.kind !== 'static') continue;
      if (e.to.startsWith('/')) walk(e.to);
      else packages.add(e.to);
    }
  };
  walk(entry);
  return { files, packages };
}

/** Import cycles among the sources under `dir` (static, type or dynamic), each as `a → b → a` with paths relative to `base`; and how many files were read. */
export function importCycles(dir: string, base: string): { cycles: string[]; files: number } {
  const files = sourcesUnder(dir);
  const graph = new Map(files.map((f) => [f, importsOf(f).filter((e) => e.to.startsWith(dir)).map((e) => e.to)]));
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (file: string, path: string[]): void => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'open') {
      cycles.push([...path.slice(path.indexOf(file)), file].map((f) => relative(base, f)).join(' → '));
      return;
    }
    state.set(file, 'open');
    for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
    state.set(file, 'done');
  };
  for (const f of files) visit(f, []);
  return { cycles, files: graph.size };
}
