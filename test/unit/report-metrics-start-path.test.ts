// report-metrics' start path, read from the sources: what main (index.ts) and post (post.ts) load
// before they have validated anything holds the input parsers, the point model and the export
// step — never a sink, an encoder, the delivery rules or the code that spawns the sampler. Each
// sink is loaded by sinks/open.ts when an `export` line names it.
import assert from 'node:assert/strict';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { importsOf, startPath } from './helpers/module-graph.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const src = join(root, 'actions/report-metrics/src');
const LAZY = /^sinks\/(?!parse\.ts|open\.ts|model\.ts|types\.ts)|^sampler\/(process|readings)\.ts$|^resources\.ts$/;
const HEAVY = ['node:child_process', 'node:dgram', 'node:crypto', 'node:http', 'node:https', 'node:net'];

const ours = (files: Set<string>): string[] => [...files].filter((f) => f.startsWith(src)).map((f) => relative(src, f)).sort();

test('main: the inputs, the point model and the export step; every sink, encoder and the sampler load lazily', () => {
  const { files, packages } = startPath(join(src, 'index.ts'));
  assert.deepEqual(ours(files), ['export.ts', 'index.ts', 'inputs.ts', 'main.ts', 'metadata.ts', 'points.ts', 'sinks/model.ts', 'sinks/open.ts', 'sinks/parse.ts']);
  assert.ok(!files.has(join(root, 'shared/exec.ts')));
  for (const heavy of HEAVY) assert.ok(!packages.has(heavy), `${heavy} is not on main's start path`);
  assert.ok(packages.has('@actions/core'), 'the walk reached the shared modules');
});

test('post: what stopping and reporting the sampler needs, but not the code that starts it, nor any sink', () => {
  const { files, packages } = startPath(join(src, 'post.ts'));
  const loaded = ours(files);
  assert.deepEqual(loaded.filter((f) => LAZY.test(f) && f !== 'resources.ts'), []);
  assert.ok(loaded.includes('sampler/control.ts') && loaded.includes('sampler/charts.ts'));
  assert.ok(!files.has(join(root, 'shared/exec.ts')), 'shared/exec.ts (child_process) loads only when main starts the sampler');
  for (const heavy of HEAVY) assert.ok(!packages.has(heavy), `${heavy} is not on post's start path`);
});

test('every sink kind is a lazy import of sinks/open.ts, and each sink file exists', () => {
  const lazy = importsOf(join(src, 'sinks/open.ts')).filter((e) => e.kind === 'dynamic').map((e) => relative(src, e.to));
  assert.deepEqual(lazy.sort(), ['sinks/datadog.ts', 'sinks/elasticsearch.ts', 'sinks/file.ts', 'sinks/influx.ts', 'sinks/otlp.ts', 'sinks/prometheus-remote-write.ts', 'sinks/pushgateway.ts', 'sinks/splunk-hec.ts', 'sinks/statsd.ts']);
  for (const file of lazy) assert.ok(importsOf(join(src, file)).length > 0, file);
});
