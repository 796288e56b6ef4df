import type { Labels, MetricPoint, Sample } from './types.ts';

/**
 * The metric model (docs/metrics-model.md), enforced once before any sink sees a point: names in
 * the `actions_suite_` namespace with their unit as suffix, labels from a short list of
 * low-cardinality names only. A run id, a sha or an actor as a label would create a new series per
 * run in every time-series store it reaches (the bill and the dashboards both suffer), so such
 * labels are dropped and reported; run identity travels as a sample's `run` reference instead,
 * which only event stores (Elasticsearch, JSON lines) keep.
 */

const METRIC_PREFIX = 'actions_suite_';

/** Every label a point may carry. `workflow_job`, not `job`: Prometheus reserves `job` for the scrape target. */
const MODEL_LABELS: ReadonlySet<string> = new Set([
  'repository',
  'workflow',
  'workflow_job',
  'event',
  'branch_class',
  'conclusion',
  'runner_os',
  'runner_arch',
  'runner_label',
  'population',
  'verdict',
  'action',
  'outcome',
  'environment',
  'quantile',
  'stat',
]);

const NAME = /^actions_suite_[a-z0-9_]*[a-z0-9]$/;
const MAX_LABEL_VALUE = 200;
const UNIT_SUFFIX: Record<string, string> = {
  seconds: '_seconds',
  bytes: '_bytes',
  ratio: '_ratio',
  percent: '_percent',
  bytes_per_second: '_bytes_per_second',
};

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
    const reason = nameProblem(point);
    if (reason) {
      problems.add(`metric '${point.name.slice(0, 80)}' dropped: ${reason}`);
      continue;
    }
    const labels: Record<string, string> = {};
    for (const [key, value] of Object.entries(point.labels)) {
      if (!MODEL_LABELS.has(key)) {
        problems.add(`label '${key.slice(0, 40)}' dropped from ${point.name}: not a label of the metric model (run ids, shas and actors never are: they make a series per run)`);
      } else if (value === '' || value.length > MAX_LABEL_VALUE) {
        problems.add(`label '${key}' dropped from ${point.name}: its value must be 1 to ${MAX_LABEL_VALUE} characters`);
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

function nameProblem(point: MetricPoint): string | undefined {
  if (!NAME.test(point.name)) return `names are ${METRIC_PREFIX}<what> in lower snake case`;
  if (point.type === 'counter' && !point.name.endsWith('_total')) return 'a counter name ends with _total';
  const suffix = UNIT_SUFFIX[point.unit];
  if (suffix && !point.name.replace(/_total$/, '').endsWith(suffix)) return `a metric in ${point.unit} ends with ${suffix}`;
  return undefined;
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
