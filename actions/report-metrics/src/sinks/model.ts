import { METRICS } from '../metric-model.ts';
import type { Labels, MetricPoint, Sample } from './types.ts';

/**
 * The metric model (metric-model.ts, docs/metrics-model.md), enforced once before any sink sees a
 * point: a name from its catalogue, and only the labels the catalogue gives that name. A run id, a
 * sha or an actor as a label would create a new series per run in every time-series store it
 * reaches (the bill and the dashboards both suffer), so such labels are dropped and reported; run
 * identity travels as a sample's `run` reference instead, which only event stores keep.
 */

const MAX_LABEL_VALUE = 200;

export interface Conformed {
  readonly points: MetricPoint[];
  /** One line per distinct problem, for a warning: what was dropped and why. */
  readonly problems: string[];
}

/** Drops what breaks the model (with a reason each) and returns the points every sink may send. */
export function conform(points: readonly MetricPoint[]): Conformed {
  const problems = new Set<string>();
  const out: MetricPoint[] = [];
  for (const point of points) {
    const info = Object.hasOwn(METRICS, point.name) ? METRICS[point.name] : undefined;
    if (!info) {
      problems.add(`metric '${point.name.slice(0, 80)}' dropped: not in the metric model`);
      continue;
    }
    const labels: Record<string, string> = {};
    for (const [key, value] of Object.entries(point.labels)) {
      if (value === '') {
        // Prometheus reads an empty label as an absent one; every sink leaves it out alike.
      } else if (!info.labels.includes(key)) {
        problems.add(`label '${key.slice(0, 40)}' dropped from ${point.name}: not a label of this metric in the model (run ids, shas and actors never are: they make a series per run)`);
      } else if (value.length > MAX_LABEL_VALUE) {
        problems.add(`label '${key}' dropped from ${point.name}: its value must be at most ${MAX_LABEL_VALUE} characters`);
      } else {
        labels[key] = value;
      }
    }
    const samples = point.samples.filter((s) => Number.isFinite(s.value) && (s.timestampMs === undefined || Number.isFinite(s.timestampMs)));
    if (samples.length < point.samples.length) problems.add(`${point.samples.length - samples.length} sample(s) of ${point.name} dropped: not finite numbers`);
    if (samples.length > 0) out.push({ ...point, labels, samples });
  }
  return { points: out, problems: [...problems] };
}

/** Labels in a stable order (remote-write wants them sorted; every encoder benefits from determinism). */
export function sortedLabels(labels: Labels): Array<[string, string]> {
  return Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Number of samples in a list of points. */
export function countSamples(points: readonly MetricPoint[]): number {
  return points.reduce((n, p) => n + p.samples.length, 0);
}

/** Splits points into those with only current values and those with timestamped samples. */
export function partitionByTime(points: readonly MetricPoint[]): { current: MetricPoint[]; timed: MetricPoint[] } {
  const current: MetricPoint[] = [];
  const timed: MetricPoint[] = [];
  for (const p of points) {
    const now: Sample[] = p.samples.filter((s) => s.timestampMs === undefined);
    const at: Sample[] = p.samples.filter((s) => s.timestampMs !== undefined);
    if (now.length > 0) current.push({ ...p, samples: now });
    if (at.length > 0) timed.push({ ...p, samples: at });
  }
  return { current, timed };
}
