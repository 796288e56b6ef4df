import { resultOf, sendChunks } from './delivery.ts';
import { sortedLabels } from './model.ts';
import type { Sink } from './types.ts';

/**
 * InfluxDB line protocol, to the v1 (`/write?db=`) or v2 (`/api/v2/write?org=&bucket=`) write API
 * (and to anything that speaks it: VictoriaMetrics, Telegraf's influx listener). One line per
 * sample: the metric name as measurement, labels as tags, one `value` field, a millisecond timestamp.
 * https://docs.influxdata.com/influxdb/v1/write_protocols/line_protocol_reference/
 * https://docs.influxdata.com/influxdb/v2/api/#operation/PostWrite
 * Influx advises batches of 5,000 lines.
 */

const MAX_LINES = 5_000;
const MAX_BYTES = 10 * 1024 * 1024;

export const sink: Sink = {
  kind: 'influx',
  async deliver(points, target, ctx) {
    const lines: string[] = [];
    for (const p of points) {
      const tags = sortedLabels(p.labels).map(([k, v]) => `,${escapeKey(k)}=${escapeKey(v)}`).join('');
      for (const s of p.samples) lines.push(`${escapeMeasurement(p.name)}${tags} value=${s.value} ${Math.round(s.timestampMs ?? ctx.now)}`);
    }
    const url = new URL(target.url ?? 'http://invalid');
    url.searchParams.set('precision', 'ms');
    const outcome = await sendChunks<string>(
      {
        url: () => url,
        units: lines,
        count: () => 1,
        maxUnits: MAX_LINES,
        maxBytes: MAX_BYTES,
        encode: (units) => {
          const body = `${units.join('\n')}\n`;
          return { body, contentType: 'text/plain; charset=utf-8', preview: body };
        },
      },
      target,
      ctx,
    );
    return resultOf(target, ctx, outcome);
  },
};

function escapeMeasurement(name: string): string {
  return name.replace(/[, ]/g, (c) => `\\${c}`);
}

/** Tag keys, tag values and field keys escape commas, equals signs and spaces. */
function escapeKey(text: string): string {
  return text.replace(/[,= ]/g, (c) => `\\${c}`).replace(/\n/g, ' ');
}
