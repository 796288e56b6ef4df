// report-metrics' module graph, read from the sources: no import cycle (static, dynamic or type
// imports), and the start paths — what main (index.ts) and post (post.ts) load before they have
// validated anything — hold the input parsers only: no GitHub client, collector, statistics or
// alert channel, and never a sink, an encoder, the delivery rules or the code that spawns the
// sampler. Each sink is loaded by sinks/open.ts when an `export` line names it.
import assert from 'node:assert/strict';
import { join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { importCycles, importsOf, startPath } from './helpers/module-graph.ts';

const root = resolve(import.meta.dirname, '../..');
const src = join(root, 'actions/report-metrics/src');
const ours = (files: Set<string>): string[] => [...files].filter((f) => f.startsWith(src)).map((f) => relative(src, f)).sort();
const HEAVY = ['node:child_process', 'node:dgram', 'node:crypto', 'node:http', 'node:https', 'node:net', '@octokit/core', 'p-retry'];
/** Files only a used sink, a started sampler or an export may load. */
const LAZY = /^sinks\/(?!parse\.ts|types\.ts)|^sampler\/(process|readings)\.ts$|^(export|metric-model|steps|analysis)\.ts$/;

test('report-metrics has no import cycle (static, type or dynamic imports)', () => {
  const { cycles, files } = importCycles(src, root);
  assert.deepEqual(cycles, []);
  assert.ok(files > 15, 'the graph was read');
});

test('main: the inputs (with the sinks\' line syntax) only; the GitHub client, collectors, analysis, alerts, every sink and the sampler load lazily', () => {
  const { files, packages } = startPath(join(src, 'index.ts'));
  assert.deepEqual(ours(files), ['index.ts', 'inputs.ts', 'main.ts', 'metadata.ts', 'sinks/parse.ts', 'target.ts']);
  assert.ok(!files.has(join(root, 'shared/exec.ts')));
  for (const heavy of HEAVY) assert.ok(!packages.has(heavy), `${heavy} is not on main's start path`);
  assert.ok(packages.has('@actions/core'), 'the walk reached the shared modules');
});

test('post: what stopping and reporting the sampler needs, but not the code that starts it, nor any sink or the export step', () => {
  const { files, packages } = startPath(join(src, 'post.ts'));
  const loaded = ours(files);
  assert.deepEqual(loaded.filter((f) => LAZY.test(f)), []);
  assert.ok(loaded.includes('sampler/control.ts') && loaded.includes('sampler/resource-charts.ts'), loaded.join(', '));
  assert.ok(!files.has(join(root, 'shared/exec.ts')), 'shared/exec.ts (child_process) loads only when main starts the sampler');
  for (const heavy of HEAVY) assert.ok(!packages.has(heavy), `${heavy} is not on post's start path`);
});

test('every sink kind is a lazy import of sinks/open.ts, and each sink file exists', () => {
  const lazy = importsOf(join(src, 'sinks/open.ts')).filter((e) => e.kind === 'dynamic').map((e) => relative(src, e.to));
  assert.deepEqual(lazy.sort(), ['sinks/datadog.ts', 'sinks/elasticsearch.ts', 'sinks/file.ts', 'sinks/influx.ts', 'sinks/otlp.ts', 'sinks/prometheus-remote-write.ts', 'sinks/pushgateway.ts', 'sinks/splunk-hec.ts', 'sinks/statsd.ts']);
  for (const file of lazy) assert.ok(importsOf(join(src, file)).length > 0, file);
});
