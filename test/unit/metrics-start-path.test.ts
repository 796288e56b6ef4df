// report-metrics' module graph, read from the sources: no import cycle (static, dynamic or type
// imports), and the start path — what index.ts loads before input validation is done — holds only
// the input parsers: no GitHub client, no collector, no statistics, no alert channel.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const src = join(root, 'actions/report-metrics/src');

interface Edge {
  to: string;
  kind: 'static' | 'type' | 'dynamic';
}

/** Imports of one file: relative ones resolved to files, packages and node: modules as written. */
function importsOf(file: string): Edge[] {
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

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourcesUnder(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

const name = (file: string): string => relative(root, file);

test('report-metrics has no import cycle (static, type or dynamic imports)', () => {
  const files = sourcesUnder(src);
  const graph = new Map(files.map((f) => [f, importsOf(f).filter((e) => e.to.startsWith(src)).map((e) => e.to)]));
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (file: string, path: string[]): void => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'open') {
      cycles.push([...path.slice(path.indexOf(file)), file].map(name).join(' → '));
      return;
    }
    state.set(file, 'open');
    for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
    state.set(file, 'done');
  };
  for (const f of files) visit(f, []);
  assert.deepEqual(cycles, []);
  assert.ok(graph.size > 15, 'the graph was read');
});

test('the start path holds the inputs only: the GitHub client, collectors, analysis and alerts load lazily', () => {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const walk = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const e of importsOf(file)) {
      if (e.kind !== 'static') continue;
      if (e.to.startsWith('/')) walk(e.to);
      else packages.add(e.to);
    }
  };
  walk(join(src, 'index.ts'));
  const ours = [...seen].filter((f) => f.startsWith(src)).map((f) => relative(src, f)).sort();
  assert.deepEqual(ours, ['index.ts', 'inputs.ts', 'main.ts', 'metadata.ts', 'target.ts']);
  for (const heavy of ['node:crypto', '@octokit/core', 'p-retry', 'node:http', 'node:https']) {
    assert.ok(!packages.has(heavy), `${heavy} is not on the start path`);
  }
  assert.ok(packages.has('@actions/core'), 'the walk reached the shared modules');
});
