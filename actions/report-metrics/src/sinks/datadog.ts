import { resultOf, sendChunks } from './delivery.ts';
import { sortedLabels } from './model.ts';
import type { Sink } from './types.ts';

/**
 * Datadog's v1 series API (`POST /api/v1/series`, `DD-API-KEY` header from export-headers): one
 * series per name and label set, points as [unix seconds, value], labels as `key:value` tags.
 * Datadog refuses points more than an hour old, so older per-run facts are skipped (and counted).
 * Payloads stay under 3.2 MB (the API's limit; int128/datadog-actions-metrics#521 met the 413).
 * https://docs.datadoghq.com/api/latest/metrics/#submit-metrics
 */

const MAX_AGE_MS = 3_600_000;
const MAX_SERIES = 500;
const MAX_BYTES = 3_000_000;

interface Series {
  readonly metric: string;
  readonly type: 'gauge' | 'count';
  readonly points: Array<[number, number]>;
  readonly tags: string[];
}

export const sink: Sink = {
  kind: 'datadog',
  async deliver(points, target, ctx) {
    let skipped = 0;
    const series: Series[] = [];
    for (const p of points) {
      const fresh: Array<[number, number]> = [];
      for (const s of p.samples) {
        const at = s.timestampMs ?? ctx.now;
        if (ctx.now - at > MAX_AGE_MS) skipped++;
        else fresh.push([Math.floor(at / 1000), s.value]);
      }
      if (fresh.length === 0) continue;
      fresh.sort((a, b) => a[0] - b[0]);
      series.push({
        metric: p.name,
        // Our counters are totals over the window, not deltas: a gauge is what they are to Datadog.
        type: 'gauge',
        points: fresh,
        tags: sortedLabels(p.labels).map(([k, v]) => `${k}:${v}`),
      });
    }
    const url = target.url ?? new URL('http://invalid');
    const outcome = await sendChunks<Series>(
      {
        url: () => url,
        units: series,
        count: (s) => s.points.length,
        maxUnits: MAX_SERIES,
        maxBytes: MAX_BYTES,
        encode: (units) => {
          const body = JSON.stringify({ series: units });
          return { body, contentType: 'application/json', preview: JSON.stringify({ series: units }, null, 1) };
        },
      },
      target,
      ctx,
    );
    return resultOf(target, ctx, outcome, skipped ? { skipped, note: 'Datadog refuses points more than an hour old' } : {});
  },
};
