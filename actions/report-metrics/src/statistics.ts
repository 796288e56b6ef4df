/**
 * The statistics the regression detector stands on, written out so they can be checked line by line
 * against SciPy (test/unit/metrics-statistics.test.ts runs SciPy on the same inputs): quantiles,
 * the normal distribution, the one-sided Mann–Whitney U test (exact and asymptotic), the
 * Hodges–Lehmann shift with its confidence interval, Benjamini–Hochberg and a robust spread.
 * Pure functions over plain arrays; nothing here knows about runs or GitHub.
 * actions/report-metrics/README.md explains why these and not a ratio of medians.
 */

/** Ascending copy. */
export function sorted(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/** Linear interpolation between closest ranks (NumPy's default, Hyndman–Fan type 7); `xs` ascending. */
export function quantile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const h = (xs.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(xs.length - 1, lo + 1);
  return xs[lo]! + (h - lo) * (xs[hi]! - xs[lo]!);
}

export function median(xs: readonly number[]): number {
  return quantile(xs, 0.5);
}

export function mean(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** 1.4826 × the median absolute deviation: the standard deviation of normal data, robust to outliers. `xs` ascending. */
export function madSigma(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const m = median(xs);
  return 1.4826 * median(sorted(xs.map((x) => Math.abs(x - m))));
}

// ---- the normal distribution --------------------------------------------------------------------

/** erfc(x) with relative error < 1.2e-7 everywhere (Numerical Recipes' Chebyshev fit). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** P(Z > z) for a standard normal Z. */
export function normalSf(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** The z with P(Z ≤ z) = p (Acklam's rational approximation, relative error < 1.2e-9; a Newton step on normalCdf would only import its 1e-7). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) return p === 0 ? -Infinity : p === 1 ? Infinity : Number.NaN;
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  let x: number;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  } else if (p <= 1 - low) {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  return x;
}

// ---- Mann–Whitney U ----------------------------------------------------------------------------

export interface MannWhitney {
  /** U of `current`: the number of (current, baseline) pairs where current is larger, ties counting ½. */
  u: number;
  /** One-sided p-value for "current tends to be larger than baseline". */
  p: number;
  method: 'exact' | 'asymptotic';
}

/** The exact null distribution is used for untied samples up to this many pairs (its table grows as n·m²). */
export const EXACT_MAX_PAIRS = 1_000;

/**
 * One-sided Mann–Whitney U test that `current` is stochastically larger than `baseline` — the same
 * statistic and p-value as SciPy's `mannwhitneyu(current, baseline, alternative='greater')`:
 * exact when there are no ties and few pairs, otherwise the normal approximation with the tie and
 * continuity corrections.
 */
export function mannWhitneyGreater(baseline: readonly number[], current: readonly number[], method: 'auto' | 'exact' | 'asymptotic' = 'auto'): MannWhitney {
  const n = current.length;
  const m = baseline.length;
  if (n === 0 || m === 0) return { u: Number.NaN, p: Number.NaN, method: 'asymptotic' };
  const { rankSumFirst, tieTerm } = ranks(current, baseline);
  const u = rankSumFirst - (n * (n + 1)) / 2;
  const exact = method === 'exact' || (method === 'auto' && tieTerm === 0 && n * m <= EXACT_MAX_PAIRS);
  if (exact) return { u, p: exactSf(u, n, m), method: 'exact' };
  const N = n + m;
  const sd = Math.sqrt(((n * m) / 12) * (N + 1 - tieTerm / (N * (N - 1))));
  if (sd === 0) return { u, p: 1, method: 'asymptotic' };
  return { u, p: normalSf((u - (n * m) / 2 - 0.5) / sd), method: 'asymptotic' };
}

/** Midranks over both samples: the rank sum of `first` and Σ(t³ − t) over tie groups. */
function ranks(first: readonly number[], second: readonly number[]): { rankSumFirst: number; tieTerm: number } {
  const all: [number, number][] = [...first.map((v): [number, number] => [v, 1]), ...second.map((v): [number, number] => [v, 0])];
  all.sort((a, b) => a[0] - b[0]);
  let rankSumFirst = 0;
  let tieTerm = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j + 1 < all.length && all[j + 1]![0] === all[i]![0]) j++;
    const midrank = (i + j + 2) / 2;
    let inFirst = 0;
    for (let k = i; k <= j; k++) inFirst += all[k]![1];
    rankSumFirst += inFirst * midrank;
    const t = j - i + 1;
    tieTerm += t * t * t - t;
    i = j + 1;
  }
  return { rankSumFirst, tieTerm };
}

/**
 * P(U ≥ u) under the null, untied: the largest of the n + m values is a current one with
 * probability n/(n+m) (adding m to U) or a baseline one — Mann and Whitney's recursion, on
 * probabilities so nothing overflows.
 */
function exactSf(u: number, n: number, m: number): number {
  const dist = exactDistribution(n, m);
  let p = 0;
  for (let k = Math.ceil(u - 1e-9); k <= n * m; k++) p += dist[k]!;
  return Math.min(1, p);
}

/** P(U = k) for k = 0 … n·m; kept per size (a detector run meets few distinct sizes). */
const exactCache = new Map<string, Float64Array>();

function exactDistribution(n: number, m: number): Float64Array {
  const key = `${n},${m}`;
  const cached = exactCache.get(key);
  if (cached) return cached;
  // dist[j] = P(U = k) for samples (i, j); rolled over i.
  let prev: Float64Array[] = [];
  for (let i = 0; i <= n; i++) {
    const row: Float64Array[] = [];
    for (let j = 0; j <= m; j++) {
      const d = new Float64Array(i * j + 1);
      if (i === 0 || j === 0) d[0] = 1;
      else {
        const a = i / (i + j);
        const fromCurrent = prev[j]!; // (i-1, j), shifted by j
        const fromBaseline = row[j - 1]!; // (i, j-1)
        for (let k = 0; k < fromCurrent.length; k++) d[k + j]! += a * fromCurrent[k]!;
        for (let k = 0; k < fromBaseline.length; k++) d[k]! += (1 - a) * fromBaseline[k]!;
      }
      row.push(d);
    }
    prev = row;
  }
  const dist = prev[m]!;
  if (exactCache.size >= 256) exactCache.clear();
  exactCache.set(key, dist);
  return dist;
}

/** The smallest one-sided p-value any (untied) samples of these sizes can give: 1 / C(n+m, n). */
export function smallestP(n: number, m: number): number {
  let logC = 0;
  for (let i = 1; i <= n; i++) logC += Math.log(m + i) - Math.log(i);
  return Math.exp(-logC);
}

// ---- Hodges–Lehmann ----------------------------------------------------------------------------

export interface Shift {
  /** Median of all pairwise differences current − baseline. */
  estimate: number;
  /** Confidence interval from inverting the Mann–Whitney test (normal approximation). */
  lower: number;
  upper: number;
}

/**
 * The Hodges–Lehmann shift between two samples (both ascending): the median of the n·m
 * differences current_i − baseline_j, and its two-sided `confidence` interval, the k-th smallest
 * and k-th largest difference with k = ⌊nm/2 − z·√(nm(n+m+1)/12)⌋ (as R's wilcox.test without
 * exact quantiles). The differences are never materialised: 2,000 × 8,000 runs would be 16 million
 * of them; `kthDifference` counts instead.
 */
export function hodgesLehmann(baseline: readonly number[], current: readonly number[], confidence = 0.95): Shift {
  const n = current.length;
  const m = baseline.length;
  const total = n * m;
  if (total === 0) return { estimate: Number.NaN, lower: Number.NaN, upper: Number.NaN };
  const estimate =
    total % 2 === 1
      ? kthDifference(baseline, current, (total + 1) / 2)
      : (kthDifference(baseline, current, total / 2) + kthDifference(baseline, current, total / 2 + 1)) / 2;
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const k = Math.max(1, Math.floor(total / 2 - z * Math.sqrt((total * (n + m + 1)) / 12)));
  return { estimate, lower: kthDifference(baseline, current, k), upper: kthDifference(baseline, current, total - k + 1) };
}

/** How many differences current_i − baseline_j are ≤ d (both ascending): one merge-like pass. */
function countAtMost(baseline: readonly number[], current: readonly number[], d: number): number {
  let count = 0;
  let j = 0;
  // For ascending current, the baselines b with c − b ≤ d start at a non-decreasing index.
  for (const c of current) {
    while (j < baseline.length && c - baseline[j]! > d) j++;
    count += baseline.length - j;
  }
  return count;
}

/** The k-th smallest (1-based) of the differences current_i − baseline_j, by bisection on the value. */
export function kthDifference(baseline: readonly number[], current: readonly number[], k: number): number {
  let lo = current[0]! - baseline[baseline.length - 1]!;
  let hi = current[current.length - 1]! - baseline[0]!;
  if (countAtMost(baseline, current, lo) >= k) return lo;
  // Invariant: count(lo) < k ≤ count(hi). Halve until the interval holds one difference value.
  for (let i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, Math.abs(hi)); i++) {
    const mid = lo + (hi - lo) / 2;
    if (mid <= lo || mid >= hi) break;
    if (countAtMost(baseline, current, mid) >= k) hi = mid;
    else lo = mid;
  }
  return snap(baseline, current, hi);
}

/** The largest actual difference ≤ d (removes the bisection's last rounding): per current value, a binary search. */
function snap(baseline: readonly number[], current: readonly number[], d: number): number {
  let best = -Infinity;
  for (const c of current) {
    // The smallest baseline b ≥ c − d gives this c's largest difference c − b that is ≤ d.
    let lo = 0;
    let hi = baseline.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (c - baseline[mid]! > d) lo = mid + 1;
      else hi = mid;
    }
    if (lo < baseline.length) best = Math.max(best, c - baseline[lo]!);
  }
  return best === -Infinity ? d : best;
}

// ---- several series at once --------------------------------------------------------------------

/**
 * Benjamini–Hochberg adjusted p-values (q-values), in the input order: a series is significant at
 * false-discovery rate α when its q ≤ α. NaN entries (series that were not tested) stay NaN.
 */
export function benjaminiHochberg(ps: readonly number[]): number[] {
  const tested = ps.map((p, i) => [p, i] as const).filter(([p]) => !Number.isNaN(p));
  tested.sort((a, b) => a[0] - b[0]);
  const out = ps.map(() => Number.NaN);
  let running = 1;
  for (let r = tested.length - 1; r >= 0; r--) {
    const [p, i] = tested[r]!;
    running = Math.min(running, (p * tested.length) / (r + 1));
    out[i] = running;
  }
  return out;
}

/**
 * The smallest multiplicative slowdown a one-sided Mann–Whitney test at level α would catch with
 * probability `power`, for log-durations of spread σ and samples of n and m: the t-test's
 * detectable shift (z₁₋α + z_power)·σ·√(1/n + 1/m), divided by √(3/π), the Mann–Whitney test's
 * efficiency on normal data. Infinity when no samples of these sizes can reach α at all.
 */
export function minDetectableRatio(sigma: number, n: number, m: number, alpha: number, power = 0.8): number {
  if (n === 0 || m === 0 || !Number.isFinite(sigma) || smallestP(n, m) >= alpha) return Infinity;
  const delta = ((normalQuantile(1 - alpha) + normalQuantile(power)) * sigma * Math.sqrt(1 / n + 1 / m)) / Math.sqrt(3 / Math.PI);
  return Math.exp(delta);
}
