import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { messageOf } from '../../../../shared/errors.ts';
import { currentSeries, exposition } from './encode/exposition.ts';
import { countSamples, partitionByTime, sortedLabels } from './model.ts';
import type { DeliveryResult, MetricPoint, Sink } from './types.ts';

/**
 * A file in the workspace, for an artifact or a later step, in the format its extension names:
 * - `.jsonl` / `.ndjson`: JSON lines, one per sample, run identity included (appended);
 * - `.prom`: Prometheus text format, current values only (node_exporter's textfile collector
 *   reads it; it refuses timestamps);
 * - anything else: OpenMetrics 1.0 text with every sample at its timestamp, ending in `# EOF`
 *   (`promtool tsdb create-blocks-from openmetrics` backfills it).
 * The text formats replace the file: each is one exposition.
 */

export const sink: Sink = {
  kind: 'file',
  async deliver(points, target, ctx): Promise<DeliveryResult> {
    // Relative to the workspace; the parser refused absolute paths and `..`.
    const path = resolve(ctx.workspace, target.path ?? '');
    const format = /\.(jsonl|ndjson)$/i.test(path) ? 'jsonl' : /\.prom$/i.test(path) ? 'prom' : 'openmetrics';
    let body: string;
    let samples: number;
    let skipped = 0;
    if (format === 'jsonl') {
      body = jsonLines(points, ctx.now);
      samples = countSamples(points);
    } else if (format === 'prom') {
      body = exposition(points, 'prometheus', ctx.now);
      samples = currentSeries(points);
      skipped = countSamples(partitionByTime(points).timed);
    } else {
      body = exposition(points, 'openmetrics', ctx.now);
      samples = countSamples(points);
    }
    const extra = skipped ? { skipped, note: 'a .prom file holds current values only (use .om or .jsonl for per-run samples)' } : {};
    if (ctx.dryRun) {
      ctx.log.info(`dry-run: ${target.label}: ${Buffer.byteLength(body)} bytes\n${ctx.redactor.scrub(body)}`);
      return { sink: target.label, status: 'dry-run', points: samples, ...extra };
    }
    try {
      mkdirSync(dirname(path), { recursive: true });
      if (format === 'jsonl') appendFileSync(path, body);
      else writeFileSync(path, body);
      return { sink: target.label, status: samples ? 'ok' : 'nothing-to-send', points: samples, ...extra };
    } catch (error) {
      return { sink: target.label, status: 'failed', points: 0, ...extra, error: ctx.redactor.scrub(`could not write the file: ${messageOf(error)}`) };
    }
  },
};

function jsonLines(points: readonly MetricPoint[], now: number): string {
  let out = '';
  for (const p of points) {
    const labels = Object.fromEntries(sortedLabels(p.labels));
    for (const s of p.samples) {
      out += `${JSON.stringify({
        time: new Date(s.timestampMs ?? now).toISOString(),
        metric: p.name,
        type: p.type,
        unit: p.unit,
        value: s.value,
        labels,
        ...(s.run ? { run: s.run } : {}),
        ...(s.timestampMs === undefined ? { current: true } : {}),
      })}\n`;
    }
  }
  return out;
}
