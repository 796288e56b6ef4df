// rotate-secret's module graph, read from the sources: no import cycle (static, dynamic or type
// imports), and the start path — what index.ts loads before input validation is done — holds only
// the input parsers: no destination client, no target driver, no engine, no heavy package.
import assert from 'node:assert/strict';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { importCycles, startPath } from './helpers/module-graph.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const src = join(root, 'actions/rotate-secret/src');


test('rotate-secret has no import cycle (static, type or dynamic imports)', () => {
  const { cycles, files } = importCycles(src, root);
  assert.deepEqual(cycles, []);
  assert.ok(files > 20, 'the graph was read');
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
