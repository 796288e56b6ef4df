// rotate-secret's module graph, read from the sources: no import cycle (static, dynamic or type
// imports), and the start path — what index.ts loads before input validation is done — holds only
// the input parsers: no destination client, no target driver, no engine, no heavy package.
import assert from 'node:assert/strict';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { importsOf, sourcesUnder, startPath } from './helpers/module-graph.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const src = join(root, 'actions/rotate-secret/src');

const name = (file: string): string => relative(root, file);

test('rotate-secret has no import cycle (static, type or dynamic imports)', () => {
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
  assert.ok(graph.size > 20, 'the graph was read');
});

test('the start path holds the input parsers only: clients, drivers, the engine and heavy packages load lazily', () => {
  const { files: seen, packages } = startPath(join(src, 'index.ts'));
  const ours = [...seen].filter((f) => f.startsWith(src)).map((f) => relative(src, f)).sort();
  assert.deepEqual(ours, ['destinations/parse.ts', 'index.ts', 'inputs.ts', 'main.ts', 'metadata.ts', 'targets/saslprep.ts', 'targets/url.ts']);
  for (const heavy of ['node:crypto', 'pg', 'mysql2/promise', '@redis/client', 'aws4', '@octokit/core', '@noble/ciphers/salsa.js', '@noble/hashes/blake2.js']) {
    assert.ok(!packages.has(heavy), `${heavy} is not on the start path`);
  }
  assert.ok(packages.has('@actions/core'), 'the walk reached the shared modules');
});
