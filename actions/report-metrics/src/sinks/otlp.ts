import { SUITE_VERSION } from '../../../../shared/version.ts';
import { resultOf, sendChunks, type Accepted } from './delivery.ts';
import { METRICS } from '../metric-model.ts';
import { ProtoWriter } from './encode/protobuf.ts';
import { sortedLabels } from './model.ts';
import type { MetricPoint, MetricUnit, Sink } from './types.ts';

/**
 * OTLP/HTTP metrics (protobuf), with the OpenTelemetry CI/CD semantic-convention names where one
 * exists (`cicd.pipeline.run.duration`, `cicd.pipeline.name`, `cicd.pipeline.result`…) and
 * `actions_suite.*` otherwise. Hand-encoded from opentelemetry-proto (collector/metrics/v1 and
 * metrics/v1) instead of an SDK in the bundle; the tests decode it with the official .proto files
 * and compare it with what the official JS exporter encodes.
 * - gauge → Gauge (one data point per sample), counter → monotonic cumulative Sum,
 *   histogram (observations) → one delta Histogram point per attribute set over the export's samples.
 * - A 200 may carry `partial_success` (rejected points): reported as a partial delivery.
 * https://opentelemetry.io/docs/specs/otlp/#otlphttp
 * https://opentelemetry.io/docs/specs/semconv/cicd/cicd-metrics/
 */

const MAX_POINTS = 1_000;
const MAX_BYTES = 1024 * 1024;

/** The attributes that say which part of a semantic-convention metric ours is (the names come from the metric model's `otel`). */
const SEMCONV_ATTRIBUTES: Record<string, Record<string, string>> = {
  actions_suite_workflow_run_duration_seconds: { 'cicd.pipeline.run.state': 'executing' },
};

const ATTRIBUTE: Record<string, string> = {
  workflow: 'cicd.pipeline.name',
  workflow_job: 'cicd.pipeline.task.name',
  conclusion: 'cicd.pipeline.result',
  repository: 'vcs.repository.name',
};

/** GitHub's conclusions as cicd.pipeline.result values. */
const RESULT: Record<string, string> = {
  success: 'success',
  failure: 'failure',
  cancelled: 'cancellation',
  timed_out: 'timeout',
  skipped: 'skip',
  startup_failure: 'error',
  action_required: 'error',
  stale: 'error',
  neutral: 'success',
};

const UCUM: Record<MetricUnit, string> = { seconds: 's', bytes: 'By', ratio: '1', percent: '%', bytes_per_second: 'By/s', '': '' };

/** Bucket bounds: CI durations span seconds to hours; other units get the SDK's defaults. */
const BOUNDS: Partial<Record<MetricUnit, number[]>> = { seconds: [1, 5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 14400] };
const DEFAULT_BOUNDS = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

export const SCOPE = 'actions-suite/report-metrics';

export const sink: Sink = {
  kind: 'otlp',
  async deliver(points, target, ctx) {
    const url = target.url ?? new URL('http://invalid');
    const outcome = await sendChunks<MetricPoint>(
      {
        url: () => url,
        units: points,
        count: (p) => (p.type === 'histogram' ? 1 : p.samples.length),
        maxUnits: MAX_POINTS,
        maxBytes: MAX_BYTES,
        encode: (units) => ({
          body: exportRequest(units, ctx.now),
          contentType: 'application/x-protobuf',
          preview: JSON.stringify(metricsView(units, ctx.now), null, 1),
        }),
        accept: async (response, _text, units) =>
          /protobuf/.test(response.headers.get('content-type') ?? '') ? partialSuccess(new Uint8Array(await response.arrayBuffer()), units) : { rejected: 0 },
      },
      target,
      ctx,
    );
    return resultOf(target, ctx, outcome);
  },
};

type Attributes = Array<[string, string]>;

interface OtlpDataPoint {
  attributes: Attributes;
  start: number;
  time: number;
  value?: number;
  histogram?: { count: number; sum: number; min: number; max: number; bounds: number[]; counts: number[] };
}

interface OtlpMetric {
  name: string;
  description: string;
  unit: string;
  kind: 'gauge' | 'sum' | 'histogram';
  points: OtlpDataPoint[];
}

/** Our points as OTLP metrics: names, attributes and aggregation as the module comment says. */
export function metricsView(points: readonly MetricPoint[], now: number): OtlpMetric[] {
  const metrics = new Map<string, OtlpMetric>();
  for (const p of points) {
    const otel = Object.hasOwn(METRICS, p.name) ? METRICS[p.name]?.otel : undefined;
    const semconv = otel === undefined ? undefined : { name: otel, attributes: SEMCONV_ATTRIBUTES[p.name] ?? {} };
    const name = semconv?.name ?? otelName(p);
    const kind = p.type === 'histogram' ? 'histogram' : p.type === 'counter' ? 'sum' : 'gauge';
    const metric = metrics.get(`${name}/${kind}`) ?? { name, description: p.help, unit: UCUM[p.unit], kind, points: [] };
    const attributes = attributesOf(p, semconv?.attributes ?? {});
    if (kind === 'histogram') {
      const values = p.samples.map((s) => s.value);
      const times = p.samples.map((s) => s.timestampMs ?? now);
      const bounds = BOUNDS[p.unit] ?? DEFAULT_BOUNDS;
      const counts = new Array<number>(bounds.length + 1).fill(0);
      for (const v of values) {
        const i = bounds.findIndex((b) => v <= b);
        counts[i === -1 ? bounds.length : i] = (counts[i === -1 ? bounds.length : i] ?? 0) + 1;
      }
      metric.points.push({
        attributes,
        start: Math.min(...times),
        time: Math.max(...times),
        histogram: { count: values.length, sum: values.reduce((a, b) => a + b, 0), min: Math.min(...values), max: Math.max(...values), bounds, counts },
      });
    } else {
      for (const s of p.samples) {
        const time = s.timestampMs ?? now;
        metric.points.push({ attributes, start: time, time, value: s.value });
      }
    }
    metrics.set(`${name}/${kind}`, metric);
  }
  return [...metrics.values()];
}

/** `actions_suite_runner_cpu_utilization_ratio` → `actions_suite.runner.cpu.utilization` (the unit moves to `unit`). */
function otelName(p: MetricPoint): string {
  const bare = p.name.replace(/_total$/, '').replace(new RegExp(`_${p.unit}$`), '');
  return `actions_suite.${bare.slice('actions_suite_'.length).replace(/_/g, '.')}`;
}

function attributesOf(p: MetricPoint, extra: Record<string, string>): Attributes {
  const out: Record<string, string> = { ...extra };
  for (const [key, value] of sortedLabels(p.labels)) {
    const name = ATTRIBUTE[key] ?? `actions_suite.${key}`;
    out[name] = key === 'conclusion' ? (RESULT[value] ?? value) : value;
  }
  return Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

const nanos = (ms: number): bigint => BigInt(Math.round(ms)) * 1_000_000n;

/**
 * ExportMetricsServiceRequest { repeated ResourceMetrics resource_metrics = 1; }
 * ResourceMetrics { Resource resource = 1; repeated ScopeMetrics scope_metrics = 2; }
 * Resource { repeated KeyValue attributes = 1; }  ScopeMetrics { InstrumentationScope scope = 1; repeated Metric metrics = 2; }
 * Metric { name = 1; description = 2; unit = 3; Gauge gauge = 5; Sum sum = 7; Histogram histogram = 9; }
 * NumberDataPoint { fixed64 start_time_unix_nano = 2; fixed64 time_unix_nano = 3; double as_double = 4; repeated KeyValue attributes = 7; }
 * HistogramDataPoint { start = 2; time = 3; fixed64 count = 4; double sum = 5; repeated fixed64 bucket_counts = 6;
 *   repeated double explicit_bounds = 7; repeated KeyValue attributes = 9; double min = 11; double max = 12; }
 */
export function exportRequest(points: readonly MetricPoint[], now: number): Uint8Array {
  const keyValue = (w: ProtoWriter, field: number, key: string, value: string): void => {
    w.message(field, (kv) => kv.string(1, key).message(2, (v) => v.string(1, value)));
  };
  const w = new ProtoWriter();
  w.message(1, (rm) => {
    rm.message(1, (resource) => {
      keyValue(resource, 1, 'service.name', 'actions-suite');
      keyValue(resource, 1, 'service.version', SUITE_VERSION);
      resource.varint(2, 0); // dropped_attributes_count, written as the official exporter writes it
    });
    rm.message(2, (sm) => {
      sm.message(1, (scope) => scope.string(1, SCOPE).string(2, SUITE_VERSION));
      for (const metric of metricsView(points, now)) {
        sm.message(2, (m) => {
          m.string(1, metric.name);
          if (metric.description) m.string(2, metric.description);
          if (metric.unit) m.string(3, metric.unit);
          const field = metric.kind === 'gauge' ? 5 : metric.kind === 'sum' ? 7 : 9;
          m.message(field, (data) => {
            for (const dp of metric.points) {
              data.message(1, (d) => {
                d.fixed64(2, nanos(dp.start)).fixed64(3, nanos(dp.time));
                if (dp.histogram) {
                  const h = dp.histogram;
                  d.fixed64(4, BigInt(h.count)).double(5, h.sum).packedFixed64(6, h.counts.map(BigInt)).packedDoubles(7, h.bounds);
                  for (const [k, v] of dp.attributes) keyValue(d, 9, k, v);
                  d.double(11, h.min).double(12, h.max);
                } else {
                  d.double(4, dp.value ?? 0);
                  for (const [k, v] of dp.attributes) keyValue(d, 7, k, v);
                }
              });
            }
            // AggregationTemporality: 1 delta (our histograms: the export's observations), 2 cumulative (sums).
            if (metric.kind === 'sum') data.varint(2, 2).bool(3, true);
            if (metric.kind === 'histogram') data.varint(2, 1);
          });
        });
      }
    });
  });
  return w.finish();
}

/**
 * ExportMetricsServiceResponse { ExportMetricsPartialSuccess partial_success = 1; }
 * ExportMetricsPartialSuccess { int64 rejected_data_points = 1; string error_message = 2; }
 */
export function partialSuccess(bytes: Uint8Array, units: readonly MetricPoint[]): Accepted {
  const outer = fields(bytes).find((f) => f.field === 1 && f.bytes);
  if (!outer?.bytes) return { rejected: 0 };
  const inner = fields(outer.bytes);
  const rejected = Number(inner.find((f) => f.field === 1)?.varint ?? 0n);
  const message = Buffer.from(inner.find((f) => f.field === 2)?.bytes ?? new Uint8Array()).toString('utf8');
  if (rejected <= 0 && !message) return { rejected: 0 };
  const total = units.reduce((n, p) => n + (p.type === 'histogram' ? 1 : p.samples.length), 0);
  return { rejected: Math.min(rejected, total), error: `the collector rejected ${rejected} data point(s)${message ? `: ${message.slice(0, 200)}` : ''}` };
}

/** The top-level fields of a protobuf message (varint and length-delimited; others skipped). */
function fields(bytes: Uint8Array): Array<{ field: number; varint?: bigint; bytes?: Uint8Array }> {
  const out: Array<{ field: number; varint?: bigint; bytes?: Uint8Array }> = [];
  let i = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const b = bytes[i++];
      if (b === undefined) throw new Error('truncated protobuf');
      result |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return result;
      shift += 7n;
    }
  };
  while (i < bytes.length) {
    const tag = Number(varint());
    const field = tag >> 3;
    const wire = tag & 7;
    if (wire === 0) out.push({ field, varint: varint() });
    else if (wire === 2) {
      const length = Number(varint());
      out.push({ field, bytes: bytes.subarray(i, i + length) });
      i += length;
    } else if (wire === 1) i += 8;
    else if (wire === 5) i += 4;
    else throw new Error(`unsupported protobuf wire type ${wire}`);
  }
  return out;
}
