import {
  benjaminiHochberg,
  hodgesLehmann,
  madSigma,
  mannWhitneyGreater,
  median,
  minDetectableRatio,
  quantile,
  sorted,
} from './statistics.ts';

/**
 * The duration-regression detector. Per series, the successful runs of the window are compared
 * with those of the baseline on log durations, and a slowdown is a `regression` only when it is
 * - large: the Hodges–Lehmann ratio is at least 1 + θ/2 and its 95 % interval reaches 1 + θ (the
 *   data are consistent with a slowdown of the threshold θ; a point estimate compared with θ alone
 *   would catch a true θ only half the time);
 * - significant: one-sided Mann–Whitney, Benjamini–Hochberg adjusted across every series tested
 *   in this evaluation, below `significance`;
 * - material: the medians differ by at least `regression-min-delta`.
 * Too few runs give `insufficient-data`; every verdict carries the smallest slowdown the data could
 * detect. A slowdown that is large but not proven is `suspected` (reported, never alerted).
 * actions/report-metrics/README.md has the reasoning and the Monte Carlo figures.
 */

export type Verdict = 'regression' | 'suspected' | 'ok' | 'insufficient-data';

export interface RunRef {
  id: number;
  runNumber: number;
  headSha: string;
  url: string;
  createdAt: number;
}

export interface Point {
  value: number;
  run: RunRef;
}

export interface DetectorSettings {
  thresholdPct: number;
  minDeltaMs: number;
  alpha: number;
  minBaseline: number;
  minCurrent: number;
  confirmRuns: number;
}

/** Baseline and window points of one series, each oldest first. */
export interface SeriesData<K> {
  key: K;
  baseline: readonly Point[];
  current: readonly Point[];
}

export interface Evaluation<K> {
  series: K;
  verdict: Verdict;
  /** One sentence in plain words. */
  reason: string;
  baseline: { n: number; median_ms: number | null; p95_ms: number | null; cv: number | null };
  current: { n: number; median_ms: number | null; p95_ms: number | null };
  ratio_median: number | null;
  ratio_hl: number | null;
  ratio_hl_ci95: [number, number] | null;
  p_value: number | null;
  /** Benjamini–Hochberg adjusted p-value. */
  q_value: number | null;
  /** Median difference (ms) of the runs the ratio was measured on and the baseline. */
  delta_ms: number | null;
  /** Set when the slowdown began inside the window: the ratio is measured on runs from this one on. */
  measured_since_run: number | null;
  threshold_pct: number;
  /** Smallest slowdown (percent) these samples would reliably show; null when none could. */
  min_detectable_pct: number | null;
  first_slow_run: { id: number; run_number: number; head_sha: string; previous_head_sha: string | null; url: string; created_at: string } | null;
  /** The newest `confirm-runs` runs are all back under baseline median × (1 + θ/2). */
  recovered: boolean;
  /** A regression that has not recovered: what alerts, `regressed` and `fail` act on. */
  active: boolean;
}

/**
 * A regression that has not recovered: what alerts act on. The verdict describes the whole window,
 * which keeps slow runs for days after a fix; recovery looks at the newest runs only.
 */
export function isActive(e: { verdict: Verdict; recovered: boolean }): boolean {
  return e.verdict === 'regression' && !e.recovered;
}

interface Tested<K> {
  data: SeriesData<K>;
  base: number[];
  cur: number[];
  p: number;
}

export function evaluate<K>(series: readonly SeriesData<K>[], s: DetectorSettings): Evaluation<K>[] {
  const theta = s.thresholdPct / 100;
  const tested: (Tested<K> | undefined)[] = series.map((data) => {
    if (data.baseline.length < s.minBaseline || data.current.length < s.minCurrent) return undefined;
    const base = sorted(data.baseline.map((x) => Math.log(Math.max(1, x.value))));
    const cur = sorted(data.current.map((x) => Math.log(Math.max(1, x.value))));
    return { data, base, cur, p: mannWhitneyGreater(base, cur).p };
  });
  const q = benjaminiHochberg(tested.map((t) => t?.p ?? Number.NaN));
  return series.map((data, i) => judge(data, tested[i], q[i]!, s, theta));
}

function judge<K>(data: SeriesData<K>, t: Tested<K> | undefined, q: number, s: DetectorSettings, theta: number): Evaluation<K> {
  const baseMs = sorted(data.baseline.map((x) => x.value));
  const curMs = sorted(data.current.map((x) => x.value));
  const baseLog = sorted(baseMs.map((v) => Math.log(Math.max(1, v))));
  const sigma = baseLog.length >= 3 ? madSigma(baseLog) : Number.NaN;
  const baseMedian = baseMs.length ? median(baseMs) : Number.NaN;
  const curMedian = curMs.length ? median(curMs) : Number.NaN;
  const detectable = minDetectable(sigma, curMs.length, baseMs.length, s, theta, baseMedian);
  const evaluation: Evaluation<K> = {
    series: data.key,
    verdict: 'insufficient-data',
    reason: '',
    baseline: {
      n: baseMs.length,
      median_ms: baseMs.length ? Math.round(baseMedian) : null,
      p95_ms: baseMs.length ? Math.round(quantile(baseMs, 0.95)) : null,
      cv: Number.isFinite(sigma) ? round(Math.sqrt(Math.exp(sigma * sigma) - 1), 3) : null,
    },
    current: { n: curMs.length, median_ms: curMs.length ? Math.round(curMedian) : null, p95_ms: curMs.length ? Math.round(quantile(curMs, 0.95)) : null },
    ratio_median: baseMs.length && curMs.length ? round(curMedian / baseMedian, 3) : null,
    ratio_hl: null,
    ratio_hl_ci95: null,
    p_value: null,
    q_value: null,
    delta_ms: baseMs.length && curMs.length ? Math.round(curMedian - baseMedian) : null,
    measured_since_run: null,
    threshold_pct: s.thresholdPct,
    min_detectable_pct: Number.isFinite(detectable) ? Math.round((detectable - 1) * 100) : null,
    first_slow_run: null,
    recovered: isRecovered(data.current, baseMedian, theta, s.confirmRuns),
    active: false,
  };
  if (!t) {
    const what = detectable === Infinity ? 'no slowdown could be shown yet' : `the smallest slowdown these runs could show is +${evaluation.min_detectable_pct}%`;
    evaluation.reason = `${curMs.length} run(s) in the window and ${baseMs.length} in the baseline; at least ${s.minCurrent} and ${s.minBaseline} are needed (${what}).`;
    return evaluation;
  }
  // A slowdown that began inside the window is measured on the runs since it began: the runs
  // before it would dilute a real +40 % into +30 %. Significance is still tested on the whole
  // window, so picking the start cannot manufacture a false alarm.
  let hl = hodgesLehmann(t.base, t.cur);
  let effectMedian = curMedian;
  const first = Math.exp(hl.estimate) >= 1 + theta / 2 ? firstSlowRun(data) : null;
  const since = first ? data.current.findIndex((p) => p.run.id === first.id) : -1;
  if (since > 0 && data.current.length - since >= s.minCurrent) {
    const after = data.current.slice(since).map((p) => p.value);
    hl = hodgesLehmann(t.base, sorted(after.map((v) => Math.log(Math.max(1, v)))));
    effectMedian = median(sorted(after));
    evaluation.measured_since_run = first?.id ?? null;
  }
  const ratio = Math.exp(hl.estimate);
  const lower = Math.exp(hl.lower);
  const upper = Math.exp(hl.upper);
  evaluation.ratio_hl = round(ratio, 3);
  evaluation.ratio_hl_ci95 = [round(lower, 3), round(upper, 3)];
  evaluation.p_value = t.p;
  evaluation.q_value = q;
  evaluation.delta_ms = Math.round(effectMedian - baseMedian);
  const large = ratio >= 1 + theta / 2 && upper >= 1 + theta;
  const significant = q < s.alpha;
  const material = effectMedian - baseMedian >= s.minDeltaMs;
  const pct = (x: number): string => `${x >= 1 ? '+' : ''}${Math.round((x - 1) * 100)}%`;
  const estimate = `${pct(ratio)} (95% interval ${pct(lower)} to ${pct(upper)})`;
  const runs = evaluation.measured_since_run !== null && first ? `Runs since #${first.run_number}` : 'Runs';
  if (large && significant && material) {
    evaluation.verdict = 'regression';
    evaluation.reason = `${runs} are ${estimate} slower than the baseline, beyond chance (adjusted p = ${q.toPrecision(2)}).`;
  } else if (ratio >= 1 + theta / 2) {
    evaluation.verdict = 'suspected';
    const missing = [
      ...(significant ? [] : [`not beyond chance (adjusted p = ${q.toPrecision(2)} ≥ ${s.alpha})`]),
      ...(upper >= 1 + theta ? [] : [`even the interval's top stays under the +${s.thresholdPct}% threshold`]),
      ...(material ? [] : [`the medians differ by ${Math.round(curMedian - baseMedian)} ms, under regression-min-delta`]),
    ];
    evaluation.reason = `${runs} look ${estimate} slower, but ${missing.join('; ')}.`;
  } else {
    evaluation.verdict = 'ok';
    evaluation.reason = `Change ${estimate}: under half the +${s.thresholdPct}% threshold.`;
  }
  if (evaluation.verdict !== 'ok') evaluation.first_slow_run = first ?? firstSlowRun(data);
  evaluation.active = isActive(evaluation);
  return evaluation;
}

/** Smallest detectable ratio: the statistics' limit, the effect gate (1 + θ/2) and the absolute floor, whichever is largest. */
function minDetectable(sigma: number, n: number, m: number, s: DetectorSettings, theta: number, baseMedian: number): number {
  const statistical = minDetectableRatio(Number.isFinite(sigma) ? sigma : Number.NaN, n, m, s.alpha);
  const floor = Number.isFinite(baseMedian) && baseMedian > 0 ? 1 + s.minDeltaMs / baseMedian : 1;
  return Math.max(statistical, 1 + theta / 2, floor);
}

function isRecovered(current: readonly Point[], baseMedian: number, theta: number, confirmRuns: number): boolean {
  if (current.length < confirmRuns || !Number.isFinite(baseMedian)) return false;
  return current.slice(-confirmRuns).every((p) => p.value < baseMedian * (1 + theta / 2));
}

/**
 * Where the slowdown began: over the baseline's last runs and the window's, the split after which
 * runs are most significantly slower (the largest Mann–Whitney z of "after" against "before"),
 * found twice — the second time with every value capped at the first split's "after" median, so
 * that an outlier run just before the change (a cold cache at 3×) cannot pull the start earlier.
 * An estimate: on simulated CI data with a +40 % step it is exact for about 8 in 10 steps at
 * CV 10 % and within one run for 9 in 10 (actions/report-metrics/README.md).
 */
export function firstSlowRun<K>(data: SeriesData<K>): Evaluation<K>['first_slow_run'] {
  const points = [...data.baseline.slice(-30), ...data.current];
  if (points.length < 4) return null;
  const values = points.map((p) => p.value);
  const first = bestSplit(values);
  if (first < 0) return null;
  const cap = median(sorted(values.slice(first)));
  const second = bestSplit(values.map((v) => Math.min(v, cap)));
  const at = settle(values, second < 0 ? first : second);
  const run = points[at]!.run;
  const before = points[at - 1];
  return {
    id: run.id,
    run_number: run.runNumber,
    head_sha: run.headSha,
    previous_head_sha: before?.run.headSha ?? null,
    url: run.url,
    created_at: new Date(run.createdAt).toISOString(),
  };
}

/**
 * Moves a split onto the boundary: runs next to it go to the level (before or after median, in
 * log) they are nearer to; a run far above the slow level is an outlier and stops the walk.
 */
function settle(values: readonly number[], split: number): number {
  const before = median(sorted(values.slice(0, split)));
  const after = median(sorted(values.slice(split)));
  if (!(after > before)) return split;
  const middle = Math.sqrt(before * after);
  const slow = (v: number): boolean => v > middle && v <= (after * after) / before;
  let s = split;
  while (s > 2 && slow(values[s - 1]!)) s -= 1;
  while (s < values.length - 1 && values[s]! <= middle) s += 1;
  return s;
}

/** The index s (≥ 2) maximising the Mann–Whitney z of values[s…] against values[…s−1]; −1 when too short. */
function bestSplit(values: readonly number[]): number {
  const L = values.length;
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const rank = new Array<number>(L);
  for (let i = 0; i < L; ) {
    let j = i;
    while (j + 1 < L && order[j + 1]![0] === order[i]![0]) j++;
    for (let k = i; k <= j; k++) rank[order[k]![1]] = (i + j + 2) / 2;
    i = j + 1;
  }
  let best = -Infinity;
  let at = -1;
  let suffix = 0;
  for (let s = L - 1; s >= 2; s--) {
    suffix += rank[s]!;
    const na = L - s;
    const nb = s;
    const u = suffix - (na * (na + 1)) / 2;
    const z = (u - (na * nb) / 2) / Math.sqrt((na * nb * (L + 1)) / 12);
    if (z > best) {
      best = z;
      at = s;
    }
  }
  return at;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
