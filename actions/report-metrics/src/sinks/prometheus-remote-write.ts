import { resultOf, sendChunks } from './delivery.ts';
import { ProtoWriter } from './encode/protobuf.ts';
import { snappyBlock } from './encode/snappy.ts';
import { sortedLabels } from './model.ts';
import type { MetricPoint, MetricType, Sink } from './types.ts';

/**
 * Prometheus remote-write 1.0: every sample at its own timestamp (per-run facts, resource
 * readings; current values at the export time), so dashboards compute their own percentiles.
 * A `prometheus.WriteRequest` protobuf, snappy block-compressed, hand-encoded (protobuf.ts).
 * https://prometheus.io/docs/concepts/remote_write_spec/
 *
 * How far back a receiver takes samples (docs/metrics-model.md, "How far back"): without
 * out-of-order ingestion, Prometheus refuses a sample more than an hour older than the newest it
 * holds ("out of bounds", a 400) and rolls back the whole request with it. So samples of the last
 * RECENT_MS (and the current values) travel in requests of their own, first: a stock receiver
 * still takes them, and the older ones fail alone, reported with what to configure.
 */

interface Series {
  readonly labels: Array<[string, string]>;
  readonly samples: Array<{ value: number; at: number }>;
  readonly point: MetricPoint;
}

/** Under the hour Prometheus keeps open behind its newest sample, with room for clock skew. */
const RECENT_MS = 50 * 60_000;
/** How Prometheus ("out of bounds", "too old sample", "out of order sample") and Mimir ("…timestamp is too old") refuse past samples. */
const TOO_OLD = /out of bounds|too old|out of order/i;

/** Prometheus' own sender sends at most 2,000 samples per request (queue_config.max_samples_per_send default 500–2,000). */
const MAX_SERIES = 2_000;
const MAX_BYTES = 4 * 1024 * 1024;

const METRIC_TYPE: Record<MetricType, number> = { counter: 1, gauge: 2, histogram: 2 };

export const sink: Sink = {
  kind: 'prometheus-remote-write',
  async deliver(points, target, ctx) {
    const recentFrom = ctx.now - RECENT_MS;
    const series = splitByAge(toSeries(points, ctx.now), recentFrom);
    const url = target.url ?? new URL('http://invalid');
    const outcome = await sendChunks<Series>(
      {
        url: () => url,
        units: series,
        count: (s) => s.samples.length,
        maxUnits: MAX_SERIES,
        maxBytes: MAX_BYTES,
        separate: (s) => ((s.samples[0]?.at ?? 0) >= recentFrom ? 'recent' : 'older'),
        encode: (units) => ({
          body: snappyBlock(writeRequest(units)),
          contentType: 'application/x-protobuf',
          headers: { 'content-encoding': 'snappy', 'x-prometheus-remote-write-version': '0.1.0' },
          preview: JSON.stringify({ timeseries: units.map((s) => ({ labels: Object.fromEntries(s.labels), samples: s.samples })) }, null, 1),
        }),
      },
      target,
      ctx,
    );
    const tooOld = outcome.failed > 0 && outcome.errors.some((e) => TOO_OLD.test(e));
    return resultOf(target, ctx, outcome, tooOld ? { note: 'the receiver refused past samples as too old: it needs out-of-order ingestion as far back as `window` (Prometheus: storage.tsdb.out_of_order_time_window)' } : {});
  },
};

/** Each series cut in two where needed: its samples since `recentFrom`, and the older ones. */
function splitByAge(series: readonly Series[], recentFrom: number): Series[] {
  return series.flatMap((s) => {
    const recent = s.samples.filter((x) => x.at >= recentFrom);
    const older = s.samples.filter((x) => x.at < recentFrom);
    if (recent.length === 0 || older.length === 0) return [s];
    return [{ ...s, samples: recent }, { ...s, samples: older }];
  });
}

/** One series per name and label set, samples in time order (receivers reject them out of order). */
export function toSeries(points: readonly MetricPoint[], now: number): Series[] {
  const byKey = new Map<string, Series>();
  for (const point of points) {
    const labels = sortedLabels({ ...point.labels, __name__: point.name });
    const key = JSON.stringify(labels);
    const series = byKey.get(key) ?? { labels, samples: [], point };
    for (const s of point.samples) series.samples.push({ value: s.value, at: Math.round(s.timestampMs ?? now) });
    byKey.set(key, series);
  }
  for (const s of byKey.values()) {
    s.samples.sort((a, b) => a.at - b.at);
    // One sample per timestamp: a receiver refuses a second, different value as a duplicate.
    for (let i = s.samples.length - 1; i > 0; i--) if (s.samples[i]?.at === s.samples[i - 1]?.at) s.samples.splice(i - 1, 1);
  }
  return [...byKey.values()];
}

/**
 * prometheus.WriteRequest { repeated TimeSeries timeseries = 1; repeated MetricMetadata metadata = 3; }
 * TimeSeries { repeated Label labels = 1; repeated Sample samples = 2; }
 * Label { string name = 1; string value = 2; }  Sample { double value = 1; int64 timestamp = 2; }
 * MetricMetadata { MetricType type = 1; string metric_family_name = 2; string help = 4; string unit = 5; }
 * (prometheus/prompb/remote.proto and types.proto)
 */
function writeRequest(series: readonly Series[]): Uint8Array {
  const w = new ProtoWriter();
  for (const s of series) {
    w.message(1, (ts) => {
      for (const [name, value] of s.labels) ts.message(1, (l) => l.string(1, name).string(2, value));
      for (const sample of s.samples) ts.message(2, (m) => m.double(1, sample.value).varint(2, sample.at));
    });
  }
  const families = new Map<string, MetricPoint>();
  for (const s of series) families.set(s.point.name, s.point);
  for (const [name, p] of families) {
    w.message(3, (m) => {
      m.varint(1, METRIC_TYPE[p.type]).string(2, name).string(4, p.help);
      if (p.unit) m.string(5, p.unit);
    });
  }
  return w.finish();
}
