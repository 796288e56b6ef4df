import { resultOf, sendChunks } from './delivery.ts';
import { sortedLabels } from './model.ts';
import type { MetricPoint, Sink } from './types.ts';

/**
 * Splunk HTTP Event Collector, as metric events: `{"time", "event": "metric", "source", "fields":
 * {dimensions…, "metric_name:<name>": value…}}` — the multiple-metric JSON format, one event per
 * timestamp and label set, events concatenated in one body. The token goes in export-headers as
 * `Authorization: Splunk <token>`; `?index=` on the URL sets the events' index.
 * https://docs.splunk.com/Documentation/Splunk/latest/Metrics/GetMetricsInOther
 * https://docs.splunk.com/Documentation/Splunk/latest/Data/FormateventsforHTTPEventCollector
 * Bodies stay under 1 MB, the collector's usual max_content_length.
 */

const MAX_EVENTS = 1_000;
const MAX_BYTES = 1_000_000;

interface HecEvent {
  readonly samples: number;
  readonly json: Record<string, unknown>;
}

export const sink: Sink = {
  kind: 'splunk-hec',
  async deliver(points, target, ctx) {
    // parse.ts appended /services/collector and checked ?index=, which moves into each event.
    const url = new URL(target.url ?? 'http://invalid');
    const index = url.searchParams.get('index') ?? undefined;
    url.searchParams.delete('index');
    const outcome = await sendChunks<HecEvent>(
      {
        url: () => url,
        units: events(points, ctx.now, index),
        count: (e) => e.samples,
        maxUnits: MAX_EVENTS,
        maxBytes: MAX_BYTES,
        encode: (units) => {
          const body = units.map((e) => JSON.stringify(e.json)).join('\n');
          return { body, contentType: 'application/json', preview: body };
        },
      },
      target,
      ctx,
    );
    return resultOf(target, ctx, outcome);
  },
};

export function events(points: readonly MetricPoint[], now: number, index: string | undefined): HecEvent[] {
  const byKey = new Map<string, { samples: number; at: number; fields: Record<string, string | number> }>();
  for (const p of points) {
    const labels = Object.fromEntries(sortedLabels(p.labels));
    for (const s of p.samples) {
      const at = s.timestampMs ?? now;
      const key = JSON.stringify([at, labels]);
      const event = byKey.get(key) ?? { samples: 0, at, fields: { ...labels } };
      event.fields[`metric_name:${p.name}`] = s.value;
      event.samples++;
      byKey.set(key, event);
    }
  }
  return [...byKey.values()].map((e) => ({
    samples: e.samples,
    json: { time: Number((e.at / 1000).toFixed(3)), event: 'metric', source: 'actions-suite', ...(index ? { index } : {}), fields: e.fields },
  }));
}
