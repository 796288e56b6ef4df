export const id = 579;
export const ids = [579];
export const modules = {

/***/ 9492:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   OR: () => (/* binding */ defaultBranch),
/* harmony export */   Vt: () => (/* binding */ repoParams),
/* harmony export */   W1: () => (/* binding */ ApiBudget)
/* harmony export */ });
/* harmony import */ var _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2635);

/**
 * `max-api-calls` as one counter every collector reads: it counts what the GitHub client really
 * sent (retries included, RunStats.apiCalls), so the record, the summary and the budget agree.
 * The run list comes first and must fit; job details, deployments and comparisons share the rest.
 */
class ApiBudget {
    max;
    #stats;
    constructor(max, stats) {
        this.max = max;
        this.#stats = stats;
    }
    get used() {
        return this.#stats.apiCalls;
    }
    get remaining() {
        return Math.max(0, this.max - this.#stats.apiCalls);
    }
    /** For the run list: it cannot be sampled, so running out is an error that says what to change. */
    requireOne(what) {
        if (this.remaining > 0)
            return;
        throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`max-api-calls (${this.max}) is spent while ${what}; the run list alone needs about one call per 100 runs. Raise max-api-calls or shorten window/baseline-window.`);
    }
}
/** `owner/repo` split for route parameters. */
function repoParams(repository) {
    const [owner = '', repo = ''] = repository.split('/');
    return { owner, repo };
}
/** The one-call-per-repository read every collector needs: the default branch. */
async function defaultBranch(gh, repository) {
    const { data } = await gh.request('GET /repos/{owner}/{repo}', repoParams(repository));
    return String(data.default_branch ?? 'main');
}


/***/ }),

/***/ 5812:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $m: () => (/* binding */ isActive),
/* harmony export */   _3: () => (/* binding */ evaluate)
/* harmony export */ });
/* unused harmony export firstSlowRun */
/* harmony import */ var _statistics_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8837);

/**
 * A regression that has not recovered: what alerts act on. The verdict describes the whole window,
 * which keeps slow runs for days after a fix; recovery looks at the newest runs only.
 */
function isActive(e) {
    return e.verdict === 'regression' && !e.recovered;
}
function evaluate(series, s) {
    const theta = s.thresholdPct / 100;
    const tested = series.map((data) => {
        if (data.baseline.length < s.minBaseline || data.current.length < s.minCurrent)
            return undefined;
        const base = (0,_statistics_js__WEBPACK_IMPORTED_MODULE_0__/* .sorted */ .IP)(data.baseline.map((x) => Math.log(Math.max(1, x.value))));
        const cur = (0,_statistics_js__WEBPACK_IMPORTED_MODULE_0__/* .sorted */ .IP)(data.current.map((x) => Math.log(Math.max(1, x.value))));
        return { data, base, cur, p: (0,_statistics_js__WEBPACK_IMPORTED_MODULE_0__/* .mannWhitneyGreater */ .nK)(base, cur).p };
    });
    const q = (0,_statistics_js__WEBPACK_IMPORTED_MODULE_0__/* .benjaminiHochberg */ .Uh)(tested.map((t) => t?.p ?? Number.NaN));
    return series.map((data, i) => judge(data, tested[i], q[i], s, theta));
}
function judge(data, t, q, s, theta) {
    const baseMs = (0,_statistics_js__WEBPACK_IMPORTED_MODULE_0__/* .sorted */ .IP)(data.baseline.map((x) => x.value));
    const curMs = (0,_statistics_js__WEBPACK_IMPORTED_MODULE_0__/* .sorted */ .IP)(data.current.map((x) => x.value));
    const baseLog = (0,_statistics_js__WEBPACK_IMPORTED_MODULE_0__/* .sorted */ .IP)(baseMs.map((v) => Math.log(Math.max(1, v))));
    const sigma = baseLog.length >= 3 ? (0,_statistics_js__WEBPACK_IMPORTED_MODULE_0__/* .madSigma */ .GU)(baseLog) : Number.NaN;
    const baseMedian = baseMs.length ? (0,_statistics_js__WEBPACK_IMPORTED_MODULE_0__/* .median */ .JZ)(baseMs) : Number.NaN;
    const curMedian = curMs.length ? (0,_statistics_js__WEBPACK_IMPORTED_MODULE_0__/* .median */ .JZ)(curMs) : Number.NaN;
    const detectable = minDetectable(sigma, curMs.length, baseMs.length, s, theta, baseMedian);
    const evaluation = {
        series: data.key,
        verdict: 'insufficient-data',
        reason: '',
        baseline: {
            n: baseMs.length,
            median_ms: baseMs.length ? Math.round(baseMedian) : null,
            p95_ms: baseMs.length ? Math.round((0,_statistics_js__WEBPACK_IMPORTED_MODULE_0__/* .quantile */ .YV)(baseMs, 0.95)) : null,
            cv: Number.isFinite(sigma) ? round(Math.sqrt(Math.exp(sigma * sigma) - 1), 3) : null,
        },
        current: { n: curMs.length, median_ms: curMs.length ? Math.round(curMedian) : null, p95_ms: curMs.length ? Math.round((0,_statistics_js__WEBPACK_IMPORTED_MODULE_0__/* .quantile */ .YV)(curMs, 0.95)) : null },
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
    let hl = (0,_statistics_js__WEBPACK_IMPORTED_MODULE_0__/* .hodgesLehmann */ .i6)(t.base, t.cur);
    let effectMedian = curMedian;
    const first = Math.exp(hl.estimate) >= 1 + theta / 2 ? firstSlowRun(data) : null;
    const since = first ? data.current.findIndex((p) => p.run.id === first.id) : -1;
    if (since > 0 && data.current.length - since >= s.minCurrent) {
        const after = data.current.slice(since).map((p) => p.value);
        hl = (0,_statistics_js__WEBPACK_IMPORTED_MODULE_0__/* .hodgesLehmann */ .i6)(t.base, (0,_statistics_js__WEBPACK_IMPORTED_MODULE_0__/* .sorted */ .IP)(after.map((v) => Math.log(Math.max(1, v)))));
        effectMedian = (0,_statistics_js__WEBPACK_IMPORTED_MODULE_0__/* .median */ .JZ)((0,_statistics_js__WEBPACK_IMPORTED_MODULE_0__/* .sorted */ .IP)(after));
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
    const pct = (x) => `${x >= 1 ? '+' : ''}${Math.round((x - 1) * 100)}%`;
    const estimate = `${pct(ratio)} (95% interval ${pct(lower)} to ${pct(upper)})`;
    const runs = evaluation.measured_since_run !== null && first ? `Runs since #${first.run_number}` : 'Runs';
    if (large && significant && material) {
        evaluation.verdict = 'regression';
        evaluation.reason = `${runs} are ${estimate} slower than the baseline, beyond chance (adjusted p = ${q.toPrecision(2)}).`;
    }
    else if (ratio >= 1 + theta / 2) {
        evaluation.verdict = 'suspected';
        const missing = [
            ...(significant ? [] : [`not beyond chance (adjusted p = ${q.toPrecision(2)} ≥ ${s.alpha})`]),
            ...(upper >= 1 + theta ? [] : [`even the interval's top stays under the +${s.thresholdPct}% threshold`]),
            ...(material ? [] : [`the medians differ by ${Math.round(curMedian - baseMedian)} ms, under regression-min-delta`]),
        ];
        evaluation.reason = `${runs} look ${estimate} slower, but ${missing.join('; ')}.`;
    }
    else {
        evaluation.verdict = 'ok';
        evaluation.reason = `Change ${estimate}: under half the +${s.thresholdPct}% threshold.`;
    }
    if (evaluation.verdict !== 'ok')
        evaluation.first_slow_run = first ?? firstSlowRun(data);
    evaluation.active = isActive(evaluation);
    return evaluation;
}
/** Smallest detectable ratio: the statistics' limit, the effect gate (1 + θ/2) and the absolute floor, whichever is largest. */
function minDetectable(sigma, n, m, s, theta, baseMedian) {
    const statistical = (0,_statistics_js__WEBPACK_IMPORTED_MODULE_0__/* .minDetectableRatio */ .Xq)(Number.isFinite(sigma) ? sigma : Number.NaN, n, m, s.alpha);
    const floor = Number.isFinite(baseMedian) && baseMedian > 0 ? 1 + s.minDeltaMs / baseMedian : 1;
    return Math.max(statistical, 1 + theta / 2, floor);
}
function isRecovered(current, baseMedian, theta, confirmRuns) {
    if (current.length < confirmRuns || !Number.isFinite(baseMedian))
        return false;
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
function firstSlowRun(data) {
    const points = [...data.baseline.slice(-30), ...data.current];
    if (points.length < 4)
        return null;
    const values = points.map((p) => p.value);
    const first = bestSplit(values);
    if (first < 0)
        return null;
    const cap = (0,_statistics_js__WEBPACK_IMPORTED_MODULE_0__/* .median */ .JZ)((0,_statistics_js__WEBPACK_IMPORTED_MODULE_0__/* .sorted */ .IP)(values.slice(first)));
    const second = bestSplit(values.map((v) => Math.min(v, cap)));
    const at = settle(values, second < 0 ? first : second);
    const run = points[at].run;
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
function settle(values, split) {
    const before = (0,_statistics_js__WEBPACK_IMPORTED_MODULE_0__/* .median */ .JZ)((0,_statistics_js__WEBPACK_IMPORTED_MODULE_0__/* .sorted */ .IP)(values.slice(0, split)));
    const after = (0,_statistics_js__WEBPACK_IMPORTED_MODULE_0__/* .median */ .JZ)((0,_statistics_js__WEBPACK_IMPORTED_MODULE_0__/* .sorted */ .IP)(values.slice(split)));
    if (!(after > before))
        return split;
    const middle = Math.sqrt(before * after);
    const slow = (v) => v > middle && v <= (after * after) / before;
    let s = split;
    while (s > 2 && slow(values[s - 1]))
        s -= 1;
    while (s < values.length - 1 && values[s] <= middle)
        s += 1;
    return s;
}
/** The index s (≥ 2) maximising the Mann–Whitney z of values[s…] against values[…s−1]; −1 when too short. */
function bestSplit(values) {
    const L = values.length;
    const order = values.map((v, i) => [v, i]).sort((a, b) => a[0] - b[0]);
    const rank = new Array(L);
    for (let i = 0; i < L;) {
        let j = i;
        while (j + 1 < L && order[j + 1][0] === order[i][0])
            j++;
        for (let k = i; k <= j; k++)
            rank[order[k][1]] = (i + j + 2) / 2;
        i = j + 1;
    }
    let best = -Infinity;
    let at = -1;
    let suffix = 0;
    for (let s = L - 1; s >= 2; s--) {
        suffix += rank[s];
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
function round(x, digits) {
    const f = 10 ** digits;
    return Math.round(x * f) / f;
}


/***/ }),

/***/ 8837:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GU: () => (/* binding */ madSigma),
/* harmony export */   IP: () => (/* binding */ sorted),
/* harmony export */   JZ: () => (/* binding */ median),
/* harmony export */   Uh: () => (/* binding */ benjaminiHochberg),
/* harmony export */   Xq: () => (/* binding */ minDetectableRatio),
/* harmony export */   YV: () => (/* binding */ quantile),
/* harmony export */   i2: () => (/* binding */ mean),
/* harmony export */   i6: () => (/* binding */ hodgesLehmann),
/* harmony export */   nK: () => (/* binding */ mannWhitneyGreater)
/* harmony export */ });
/* unused harmony exports normalSf, normalCdf, normalQuantile, EXACT_MAX_PAIRS, smallestP, kthDifference */
/**
 * The statistics the regression detector stands on, written out so they can be checked line by line
 * against SciPy (test/unit/metrics-statistics.test.ts runs SciPy on the same inputs): quantiles,
 * the normal distribution, the one-sided Mann–Whitney U test (exact and asymptotic), the
 * Hodges–Lehmann shift with its confidence interval, Benjamini–Hochberg and a robust spread.
 * Pure functions over plain arrays; nothing here knows about runs or GitHub.
 * actions/report-metrics/README.md explains why these and not a ratio of medians.
 */
/** Ascending copy. */
function sorted(values) {
    return [...values].sort((a, b) => a - b);
}
/** Linear interpolation between closest ranks (NumPy's default, Hyndman–Fan type 7); `xs` ascending. */
function quantile(xs, p) {
    if (xs.length === 0)
        return Number.NaN;
    const h = (xs.length - 1) * p;
    const lo = Math.floor(h);
    const hi = Math.min(xs.length - 1, lo + 1);
    return xs[lo] + (h - lo) * (xs[hi] - xs[lo]);
}
function median(xs) {
    return quantile(xs, 0.5);
}
function mean(xs) {
    if (xs.length === 0)
        return Number.NaN;
    let s = 0;
    for (const x of xs)
        s += x;
    return s / xs.length;
}
/** 1.4826 × the median absolute deviation: the standard deviation of normal data, robust to outliers. `xs` ascending. */
function madSigma(xs) {
    if (xs.length === 0)
        return Number.NaN;
    const m = median(xs);
    return 1.4826 * median(sorted(xs.map((x) => Math.abs(x - m))));
}
// ---- the normal distribution --------------------------------------------------------------------
/** erfc(x) with relative error < 1.2e-7 everywhere (Numerical Recipes' Chebyshev fit). */
function erfc(x) {
    const z = Math.abs(x);
    const t = 1 / (1 + 0.5 * z);
    const r = t *
        Math.exp(-z * z -
            1.26551223 +
            t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
    return x >= 0 ? r : 2 - r;
}
/** P(Z > z) for a standard normal Z. */
function normalSf(z) {
    return 0.5 * erfc(z / Math.SQRT2);
}
function normalCdf(z) {
    return 0.5 * erfc(-z / Math.SQRT2);
}
/** The z with P(Z ≤ z) = p (Acklam's rational approximation, relative error < 1.2e-9; a Newton step on normalCdf would only import its 1e-7). */
function normalQuantile(p) {
    if (!(p > 0 && p < 1))
        return p === 0 ? -Infinity : p === 1 ? Infinity : Number.NaN;
    const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
    const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
    const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
    const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
    const low = 0.02425;
    let x;
    if (p < low) {
        const q = Math.sqrt(-2 * Math.log(p));
        x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    else if (p <= 1 - low) {
        const q = p - 0.5;
        const r = q * q;
        x = ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
    else {
        const q = Math.sqrt(-2 * Math.log(1 - p));
        x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    return x;
}
/** The exact null distribution is used for untied samples up to this many pairs (its table grows as n·m²). */
const EXACT_MAX_PAIRS = 1_000;
/**
 * One-sided Mann–Whitney U test that `current` is stochastically larger than `baseline` — the same
 * statistic and p-value as SciPy's `mannwhitneyu(current, baseline, alternative='greater')`:
 * exact when there are no ties and few pairs, otherwise the normal approximation with the tie and
 * continuity corrections.
 */
function mannWhitneyGreater(baseline, current, method = 'auto') {
    const n = current.length;
    const m = baseline.length;
    if (n === 0 || m === 0)
        return { u: Number.NaN, p: Number.NaN, method: 'asymptotic' };
    const { rankSumFirst, tieTerm } = ranks(current, baseline);
    const u = rankSumFirst - (n * (n + 1)) / 2;
    const exact = method === 'exact' || (method === 'auto' && tieTerm === 0 && n * m <= EXACT_MAX_PAIRS);
    if (exact)
        return { u, p: exactSf(u, n, m), method: 'exact' };
    const N = n + m;
    const sd = Math.sqrt(((n * m) / 12) * (N + 1 - tieTerm / (N * (N - 1))));
    if (sd === 0)
        return { u, p: 1, method: 'asymptotic' };
    return { u, p: normalSf((u - (n * m) / 2 - 0.5) / sd), method: 'asymptotic' };
}
/** Midranks over both samples: the rank sum of `first` and Σ(t³ − t) over tie groups. */
function ranks(first, second) {
    const all = [...first.map((v) => [v, 1]), ...second.map((v) => [v, 0])];
    all.sort((a, b) => a[0] - b[0]);
    let rankSumFirst = 0;
    let tieTerm = 0;
    for (let i = 0; i < all.length;) {
        let j = i;
        while (j + 1 < all.length && all[j + 1][0] === all[i][0])
            j++;
        const midrank = (i + j + 2) / 2;
        let inFirst = 0;
        for (let k = i; k <= j; k++)
            inFirst += all[k][1];
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
function exactSf(u, n, m) {
    const dist = exactDistribution(n, m);
    let p = 0;
    for (let k = Math.ceil(u - 1e-9); k <= n * m; k++)
        p += dist[k];
    return Math.min(1, p);
}
/** P(U = k) for k = 0 … n·m; kept per size (a detector run meets few distinct sizes). */
const exactCache = new Map();
function exactDistribution(n, m) {
    const key = `${n},${m}`;
    const cached = exactCache.get(key);
    if (cached)
        return cached;
    // dist[j] = P(U = k) for samples (i, j); rolled over i.
    let prev = [];
    for (let i = 0; i <= n; i++) {
        const row = [];
        for (let j = 0; j <= m; j++) {
            const d = new Float64Array(i * j + 1);
            if (i === 0 || j === 0)
                d[0] = 1;
            else {
                const a = i / (i + j);
                const fromCurrent = prev[j]; // (i-1, j), shifted by j
                const fromBaseline = row[j - 1]; // (i, j-1)
                for (let k = 0; k < fromCurrent.length; k++)
                    d[k + j] += a * fromCurrent[k];
                for (let k = 0; k < fromBaseline.length; k++)
                    d[k] += (1 - a) * fromBaseline[k];
            }
            row.push(d);
        }
        prev = row;
    }
    const dist = prev[m];
    if (exactCache.size >= 256)
        exactCache.clear();
    exactCache.set(key, dist);
    return dist;
}
/** The smallest one-sided p-value any (untied) samples of these sizes can give: 1 / C(n+m, n). */
function smallestP(n, m) {
    let logC = 0;
    for (let i = 1; i <= n; i++)
        logC += Math.log(m + i) - Math.log(i);
    return Math.exp(-logC);
}
/**
 * The Hodges–Lehmann shift between two samples (both ascending): the median of the n·m
 * differences current_i − baseline_j, and its two-sided `confidence` interval, the k-th smallest
 * and k-th largest difference with k = ⌊nm/2 − z·√(nm(n+m+1)/12)⌋ (as R's wilcox.test without
 * exact quantiles). The differences are never materialised: 2,000 × 8,000 runs would be 16 million
 * of them; `kthDifference` counts instead.
 */
function hodgesLehmann(baseline, current, confidence = 0.95) {
    const n = current.length;
    const m = baseline.length;
    const total = n * m;
    if (total === 0)
        return { estimate: Number.NaN, lower: Number.NaN, upper: Number.NaN };
    const estimate = total % 2 === 1
        ? kthDifference(baseline, current, (total + 1) / 2)
        : (kthDifference(baseline, current, total / 2) + kthDifference(baseline, current, total / 2 + 1)) / 2;
    const z = normalQuantile(1 - (1 - confidence) / 2);
    const k = Math.max(1, Math.floor(total / 2 - z * Math.sqrt((total * (n + m + 1)) / 12)));
    return { estimate, lower: kthDifference(baseline, current, k), upper: kthDifference(baseline, current, total - k + 1) };
}
/** How many differences current_i − baseline_j are ≤ d (both ascending): one merge-like pass. */
function countAtMost(baseline, current, d) {
    let count = 0;
    let j = 0;
    // For ascending current, the baselines b with c − b ≤ d start at a non-decreasing index.
    for (const c of current) {
        while (j < baseline.length && c - baseline[j] > d)
            j++;
        count += baseline.length - j;
    }
    return count;
}
/** The k-th smallest (1-based) of the differences current_i − baseline_j, by bisection on the value. */
function kthDifference(baseline, current, k) {
    let lo = current[0] - baseline[baseline.length - 1];
    let hi = current[current.length - 1] - baseline[0];
    if (countAtMost(baseline, current, lo) >= k)
        return lo;
    // Invariant: count(lo) < k ≤ count(hi). Halve until the interval holds one difference value.
    for (let i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, Math.abs(hi)); i++) {
        const mid = lo + (hi - lo) / 2;
        if (mid <= lo || mid >= hi)
            break;
        if (countAtMost(baseline, current, mid) >= k)
            hi = mid;
        else
            lo = mid;
    }
    return snap(baseline, current, hi);
}
/** The largest actual difference ≤ d (removes the bisection's last rounding): per current value, a binary search. */
function snap(baseline, current, d) {
    let best = -Infinity;
    for (const c of current) {
        // The smallest baseline b ≥ c − d gives this c's largest difference c − b that is ≤ d.
        let lo = 0;
        let hi = baseline.length;
        while (lo < hi) {
            const mid = (lo + hi) >> 1;
            if (c - baseline[mid] > d)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo < baseline.length)
            best = Math.max(best, c - baseline[lo]);
    }
    return best === -Infinity ? d : best;
}
// ---- several series at once --------------------------------------------------------------------
/**
 * Benjamini–Hochberg adjusted p-values (q-values), in the input order: a series is significant at
 * false-discovery rate α when its q ≤ α. NaN entries (series that were not tested) stay NaN.
 */
function benjaminiHochberg(ps) {
    const tested = ps.map((p, i) => [p, i]).filter(([p]) => !Number.isNaN(p));
    tested.sort((a, b) => a[0] - b[0]);
    const out = ps.map(() => Number.NaN);
    let running = 1;
    for (let r = tested.length - 1; r >= 0; r--) {
        const [p, i] = tested[r];
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
function minDetectableRatio(sigma, n, m, alpha, power = 0.8) {
    if (n === 0 || m === 0 || !Number.isFinite(sigma) || smallestP(n, m) >= alpha)
        return Infinity;
    const delta = ((normalQuantile(1 - alpha) + normalQuantile(power)) * sigma * Math.sqrt(1 / n + 1 / m)) / Math.sqrt(3 / Math.PI);
    return Math.exp(delta);
}


/***/ }),

/***/ 6579:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  alert: () => (/* binding */ steps_alert),
  analyse: () => (/* reexport */ analyse),
  collect: () => (/* binding */ collect),
  connect: () => (/* binding */ connect),
  report: () => (/* binding */ report)
});

// EXTERNAL MODULE: external "node:async_hooks"
var external_node_async_hooks_ = __webpack_require__(6698);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 5 modules
var core = __webpack_require__(8524);
// EXTERNAL MODULE: ./node_modules/@octokit/core/dist-src/index.js + 13 modules
var dist_src = __webpack_require__(5194);
// EXTERNAL MODULE: ./shared/clock.ts
var shared_clock = __webpack_require__(7128);
// EXTERNAL MODULE: ./shared/retry.ts + 3 modules
var shared_retry = __webpack_require__(7510);
// EXTERNAL MODULE: ./shared/version.ts + 1 modules
var version = __webpack_require__(8994);
// EXTERNAL MODULE: ./shared/http.ts
var http = __webpack_require__(9096);
// EXTERNAL MODULE: ./shared/log.ts
var shared_log = __webpack_require__(1620);
;// CONCATENATED MODULE: ./shared/github.ts








const DEFAULT_TIMEOUT_MS = 30_000;
/** Minimum time between the starts of two write requests. */
const WRITE_SPACING_MS = 1_000;
/**
 * An API call that failed for good. `status` is the HTTP status (undefined when no response came);
 * `data` is GitHub's parsed error body (e.g. `{ message, errors: [{ code: 'already_exists' }] }`).
 */
class GitHubApiError extends shared_retry/* RetryError */.J_ {
    name = 'GitHubApiError';
    method;
    path;
    data;
    constructor(inner, method, path) {
        const data = prop(prop(inner.cause, 'response'), 'data');
        super(inner.message + hintFor(inner), {
            label: inner.label,
            attempts: inner.attempts,
            verdict: {
                retry: inner.retryable,
                reason: inner.reason,
                ...(inner.status !== undefined ? { status: inner.status } : {}),
                ...(inner.requestId !== undefined ? { requestId: inner.requestId } : {}),
            },
            ...(inner.resetAt ? { resetAt: inner.resetAt } : {}),
        }, inner.cause);
        this.method = method;
        this.path = path;
        this.data = data;
    }
}
function createGitHub(opts) {
    if (typeof opts.token !== 'string' || opts.token.trim() === '') {
        throw new TypeError('createGitHub: token is empty (inputs.ts should have rejected it)');
    }
    const baseUrl = normaliseBaseUrl(opts.baseUrl ?? process.env['GITHUB_API_URL'] ?? 'https://api.github.com');
    const basePath = new URL(baseUrl).pathname.replace(/\/$/, '');
    const { stats } = opts;
    const retry = opts.retry ?? {};
    const clock = retry.clock ?? shared_clock/* realClock */.d;
    const log = retry.log ?? ((line) => core.info((0,shared_log/* inert */.tJ)(line)));
    const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
        throw new TypeError(`createGitHub: timeoutMs must be > 0, got ${timeoutMs}`);
    const judge = retry.shouldRetry ?? ((error, ctx) => (0,shared_retry/* classify */.L8)(error, { now: ctx.now }));
    const writes = new WriteGate(clock, WRITE_SPACING_MS);
    // node:http(s) by default: the global fetch would cost ~25 MiB of memory (see http.ts).
    const transport = opts.fetch ?? http/* httpFetch */.t;
    const send = async (input, init) => {
        if (stats)
            stats.apiCalls += 1;
        const response = await transport(input, init);
        const remaining = response.headers.get('x-ratelimit-remaining');
        if (stats && remaining !== null && /^\s*\d+\s*$/.test(remaining))
            stats.noteRateLimit(Number(remaining));
        return response;
    };
    const octokit = new dist_src/* Octokit */.E({
        auth: opts.token,
        baseUrl,
        userAgent: opts.userAgent ? `${version/* SUITE_NAME */.t}/${version/* SUITE_VERSION */.s} ${opts.userAgent}` : `${version/* SUITE_NAME */.t}/${version/* SUITE_VERSION */.s}`,
        request: { fetch: send },
        // withRetry logs each failed attempt itself; core's own warnings (deprecations) keep no query string.
        log: {
            debug: () => undefined,
            info: () => undefined,
            warn: (message) => log(stripQueries(message)),
            error: () => undefined,
        },
    });
    octokit.hook.wrap('request', async (request, options) => {
        const method = String(options.method ?? 'GET').toUpperCase();
        const path = pathOf(octokit.request.endpoint.parse(options).url, basePath);
        const label = `${method} ${path}`;
        const { reconcile, signal: callSignal, ...requestOptions } = (options.request ?? {});
        if (reconcile !== undefined && typeof reconcile !== 'function') {
            throw new TypeError(`${label}: request.reconcile must be a function`);
        }
        const mutation = isMutation(method, path, options);
        const isWrite = mutation || (method !== 'POST' && WRITE_METHODS.has(method));
        const signals = [retry.signal, callSignal].filter((s) => s instanceof AbortSignal);
        const signal = signals.length === 0 ? undefined : signals.length === 1 ? signals[0] : AbortSignal.any(signals);
        const state = { reconcilePending: false, lastError: undefined };
        const attemptOnce = async (attempt) => {
            if (state.reconcilePending && typeof reconcile === 'function') {
                const found = await reconcile({ method, path, attempt, error: state.lastError });
                state.reconcilePending = false;
                if (found !== undefined && found !== null) {
                    if (!isObject(found) || !('data' in found)) {
                        throw new TypeError(`${label}: request.reconcile must resolve to { data, status? } or undefined`);
                    }
                    log(`${label}: reconcile found that attempt ${attempt - 1} landed; not re-sending`);
                    const status = typeof found['status'] === 'number' ? found['status'] : 200;
                    return { status, url: `${baseUrl}${path}`, headers: { 'x-suite-reconciled': 'true' }, data: found['data'] };
                }
                log(`${label}: reconcile found no trace of attempt ${attempt - 1}; re-sending`);
            }
            if (isWrite)
                await writes.space(signal);
            const timeout = AbortSignal.timeout(timeoutMs);
            const attemptSignal = signal ? AbortSignal.any([signal, timeout]) : timeout;
            // before-after-hook binds every inner hook to this same options object (arguments passed to
            // `request` are ignored), so the per-attempt signal is set on it, as plugin-retry does.
            options.request = { ...requestOptions, signal: attemptSignal };
            try {
                return await request(options);
            }
            catch (error) {
                sanitise(error);
                state.lastError = error;
                throw error;
            }
        };
        const shouldRetry = (error, ctx) => {
            const verdict = judge(error, ctx);
            if (!verdict.retry || !mutation || verdict.notProcessed)
                return verdict;
            if (typeof reconcile !== 'function') {
                return {
                    ...verdict,
                    retry: false,
                    reason: `${verdict.reason}; not re-sent: the ${method} may have been processed and no request.reconcile was given`,
                };
            }
            state.reconcilePending = true;
            return verdict;
        };
        const run = () => (0,shared_retry/* withRetry */.bD)(label, attemptOnce, {
            ...retry,
            clock,
            log,
            shouldRetry,
            ...(signal ? { signal } : {}),
            ...(stats ? { stats } : {}),
        });
        try {
            return await (isWrite ? writes.run(run) : run());
        }
        catch (error) {
            throw error instanceof shared_retry/* RetryError */.J_ && !(error instanceof GitHubApiError) ? new GitHubApiError(error, method, path) : error;
        }
    });
    return octokit;
}
// ---------------------------------------------------------------------------------------------
const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);
const SAFE_RESPONSE_HEADERS = new Set([
    'content-type',
    'retry-after',
    'x-accepted-github-permissions',
    'x-github-request-id',
    'x-ratelimit-limit',
    'x-ratelimit-remaining',
    'x-ratelimit-reset',
    'x-ratelimit-resource',
    'x-ratelimit-used',
]);
/**
 * Writes one at a time, each send ≥ spacingMs after the previous one, on the injectable clock.
 *
 * Why not @octokit/plugin-throttling: measured with ncc 0.45 here, `@octokit/rest` bundled to
 * 179,910 bytes (123,834 minified); adding plugin-throttling (Bottleneck) makes it 233,759 (154,299
 * minified): +53,849 bytes, +30 %, for a scheduler we would have to half-disable (its onRateLimit /
 * onSecondaryRateLimit must return false so retries stay in withRetry), whose timers cannot run on a
 * fake clock, and whose retry delays do not hold back other queued writes (#629). The queue below is
 * ~30 lines and holds the write slot across a write's retries.
 */
class WriteGate {
    #clock;
    #spacingMs;
    #inside = new external_node_async_hooks_.AsyncLocalStorage();
    #tail = Promise.resolve();
    #lastSendAt = Number.NEGATIVE_INFINITY;
    constructor(clock, spacingMs) {
        this.#clock = clock;
        this.#spacingMs = spacingMs;
    }
    /** Runs `fn` once every earlier write has settled. Re-entrant: a write made inside `fn` runs at once. */
    run(fn) {
        if (this.#inside.getStore() === true)
            return fn();
        const result = this.#tail.then(() => this.#inside.run(true, fn));
        this.#tail = result.catch(() => undefined);
        return result;
    }
    /** Waits until `spacingMs` after the previous send, then marks this send. */
    async space(signal) {
        const wait = this.#lastSendAt + this.#spacingMs - this.#clock.now();
        if (wait > 0)
            await this.#clock.sleep(wait, signal);
        this.#lastSendAt = this.#clock.now();
    }
}
function normaliseBaseUrl(raw) {
    let url;
    try {
        url = new URL(raw);
    }
    catch {
        throw new TypeError(`createGitHub: baseUrl is not a URL: ${JSON.stringify(stripQueries(raw))}`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        throw new TypeError(`createGitHub: baseUrl must be http(s), got ${url.protocol}`);
    }
    if (url.username || url.password || url.search || url.hash) {
        throw new TypeError('createGitHub: baseUrl must not carry credentials, a query or a fragment');
    }
    return url.href.replace(/\/+$/, '');
}
/** The URL's path relative to the API base (GHES `/api/v3` dropped), without query or fragment. */
function pathOf(url, basePath) {
    let pathname;
    try {
        pathname = new URL(url).pathname;
    }
    catch {
        pathname = url.replace(/[?#].*$/s, '');
    }
    return basePath !== '' && pathname.startsWith(`${basePath}/`) ? pathname.slice(basePath.length) : pathname;
}
/** POSTs are non-idempotent, except GraphQL queries (POST /graphql whose document is not a mutation). */
function isMutation(method, path, options) {
    if (method !== 'POST')
        return false;
    if (!path.endsWith('/graphql'))
        return true;
    const query = options['query'];
    return typeof query !== 'string' || /^\s*(#[^\n]*\n\s*)*mutation\b/.test(query);
}
/** Strips an octokit RequestError in place of the request body, request headers and query strings. */
function sanitise(error) {
    if (!isObject(error))
        return;
    const request = error['request'];
    if (isObject(request)) {
        error['request'] = {
            method: request['method'],
            url: typeof request['url'] === 'string' ? stripQueries(request['url']) : undefined,
            headers: {},
        };
    }
    const response = error['response'];
    if (isObject(response)) {
        const headers = isObject(response['headers']) ? response['headers'] : {};
        error['response'] = {
            status: response['status'],
            url: typeof response['url'] === 'string' ? stripQueries(response['url']) : '',
            headers: Object.fromEntries(Object.entries(headers).filter(([name]) => SAFE_RESPONSE_HEADERS.has(name.toLowerCase()))),
            data: response['data'],
        };
    }
}
function hintFor(error) {
    if (error.retryable)
        return '';
    const permissions = headerValue(prop(error.cause, 'response'), 'x-accepted-github-permissions');
    switch (error.status) {
        case 401:
            return ' — the token is missing, expired or revoked';
        case 403:
            return permissions
                ? ` — the token lacks a permission; this endpoint accepts ${permissions} (grant it under the job's \`permissions:\`)`
                : " — the token lacks a permission or the resource is protected; check the job's `permissions:`";
        case 404:
            return ' — it does not exist, or the token cannot see it';
        default:
            return '';
    }
}
function headerValue(response, name) {
    const value = prop(prop(response, 'headers'), name);
    return typeof value === 'string' && value !== '' ? value : undefined;
}
function stripQueries(text) {
    return text.replace(/(\bhttps?:\/\/[^\s?#"'<>]*)[?#][^\s"'<>]*/gi, '$1');
}
function isObject(value) {
    return (typeof value === 'object' || typeof value === 'function') && value !== null;
}
function prop(value, key) {
    return isObject(value) ? value[key] : undefined;
}

// EXTERNAL MODULE: ./shared/summary.ts + 1 modules
var summary = __webpack_require__(9771);
;// CONCATENATED MODULE: ./actions/report-metrics/src/alerts/index.ts
/**
 * Alert channels, one file per kind behind AlertSender. None of them is on the start path: main
 * loads this folder after the analysis, and each kind loads only when `alert` names it
 * (issue.ts and alertmanager.ts bring the GitHub client and the HTTP client with them).
 */
async function senderFor(channel) {
    switch (channel.kind) {
        case 'annotation':
            return (await __webpack_require__.e(/* import() */ 361).then(__webpack_require__.bind(__webpack_require__, 8361))).annotationAlert;
        case 'fail':
            return (await __webpack_require__.e(/* import() */ 636).then(__webpack_require__.bind(__webpack_require__, 5636))).failAlert;
        case 'issue':
            return (await __webpack_require__.e(/* import() */ 809).then(__webpack_require__.bind(__webpack_require__, 3809))).issueAlert;
        case 'alertmanager':
            return (await __webpack_require__.e(/* import() */ 801).then(__webpack_require__.bind(__webpack_require__, 5801))).alertmanagerAlert(channel.url);
    }
}

// EXTERNAL MODULE: ./actions/report-metrics/src/detector.ts
var detector = __webpack_require__(5812);
;// CONCATENATED MODULE: ./actions/report-metrics/src/facts.ts
/**
 * What report-metrics keeps of GitHub's answers: small, validated facts about runs and jobs. API
 * objects are untrusted (a collaborator names branches, jobs and workflows), so every string is
 * checked or cleaned here, once, before anything logs, summarises or sends it; the ~7 KB run
 * objects are dropped page by page, so 10,000 runs cost a few MB.
 */
/** A collaborator-written name, made safe for logs, markdown and Mermaid: printable, single line, short. */
function cleanName(raw, max = 100) {
    const text = String(raw ?? '')
        // Control characters (newlines would let a name start a `::workflow-command::` line).
        // eslint-disable-next-line no-control-regex -- matching control characters is the point
        .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ')
        .replace(/\s+/g, ' ')
        .trim();
    return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
const SHA = /^[0-9a-f]{40}$/;
const WORD = /^[a-z_]{1,40}$/;
function time(raw) {
    const t = typeof raw === 'string' ? Date.parse(raw) : Number.NaN;
    return Number.isFinite(t) ? t : Number.NaN;
}
function word(raw) {
    return typeof raw === 'string' && WORD.test(raw) ? raw : '';
}
/** The file name of a workflow path (.github/workflows/ci.yml → ci.yml); dynamic workflows keep their path's last segment. */
function workflowFile(path) {
    const last = String(path ?? '').split('@')[0].split('/').pop() ?? '';
    return /^[A-Za-z0-9_.-]{1,100}$/.test(last) ? last : 'unknown';
}
/** A run object from GitHub's list, or undefined when it is not one we can use. */
function runFact(raw, repository, defaultBranch) {
    const id = raw['id'];
    if (typeof id !== 'number' || !Number.isSafeInteger(id))
        return undefined;
    const createdAt = time(raw['created_at']);
    if (Number.isNaN(createdAt))
        return undefined;
    const startedAt = time(raw['run_started_at']);
    const attempt = typeof raw['run_attempt'] === 'number' && raw['run_attempt'] >= 1 ? raw['run_attempt'] : 1;
    const sha = typeof raw['head_sha'] === 'string' && SHA.test(raw['head_sha']) ? raw['head_sha'] : '';
    const url = typeof raw['html_url'] === 'string' && /^https?:\/\/[^\s"'<>]+$/.test(raw['html_url']) ? raw['html_url'] : '';
    return {
        repository,
        workflow: workflowFile(raw['path']),
        id,
        runNumber: typeof raw['run_number'] === 'number' ? raw['run_number'] : 0,
        attempt,
        event: word(raw['event']) || 'unknown',
        branchClass: raw['head_branch'] === defaultBranch ? 'default' : 'other',
        status: word(raw['status']),
        conclusion: word(raw['conclusion']),
        createdAt,
        startedAt: Number.isNaN(startedAt) ? createdAt : startedAt,
        updatedAt: time(raw['updated_at']),
        headSha: sha,
        url,
    };
}
/** The duration the run series use: the latest attempt's wall time, from its start to its last update. */
function facts_runDuration(run) {
    if (run.status !== 'completed')
        return undefined;
    const d = run.updatedAt - run.startedAt;
    return Number.isFinite(d) && d >= 0 ? d : undefined;
}
function jobFact(raw, run) {
    if (raw['status'] !== 'completed')
        return undefined;
    const createdAt = time(raw['created_at']);
    const startedAt = time(raw['started_at']);
    const completedAt = time(raw['completed_at']);
    if ([createdAt, startedAt, completedAt].some(Number.isNaN))
        return undefined;
    const labels = Array.isArray(raw['labels']) ? raw['labels'] : [];
    return {
        repository: run.repository,
        workflow: run.workflow,
        runId: run.id,
        event: run.event,
        branchClass: run.branchClass,
        name: cleanName(raw['name']) || 'unnamed',
        attempt: typeof raw['run_attempt'] === 'number' ? raw['run_attempt'] : run.attempt,
        conclusion: word(raw['conclusion']),
        createdAt,
        startedAt,
        completedAt,
        runnerLabel: cleanName(labels[0], 60) || 'unknown',
        rerunArtefact: startedAt < createdAt || (run.attempt > 1 && startedAt < run.startedAt),
    };
}

// EXTERNAL MODULE: ./actions/report-metrics/src/statistics.ts
var statistics = __webpack_require__(8837);
;// CONCATENATED MODULE: ./actions/report-metrics/src/kpis.ts


/** Conclusions that rate a run: it either did its job or it did not. */
const DECIDED = new Set(['success', 'failure', 'timed_out', 'startup_failure']);
function summarise(items, jobs) {
    const conclusions = {};
    let decided = 0;
    let success = 0;
    let firstAttempt = 0;
    let reruns = 0;
    const durations = [];
    for (const x of items) {
        conclusions[x.conclusion || 'unknown'] = (conclusions[x.conclusion || 'unknown'] ?? 0) + 1;
        if (x.attempt > 1)
            reruns += 1;
        if (DECIDED.has(x.conclusion))
            decided += 1;
        if (x.conclusion === 'success') {
            success += 1;
            if (x.attempt === 1)
                firstAttempt += 1;
            if (x.durationMs !== undefined)
                durations.push(x.durationMs);
        }
    }
    const queue = queueOf(jobs);
    const d = (0,statistics/* sorted */.IP)(durations);
    const q = (0,statistics/* sorted */.IP)(queue.values);
    return {
        runs: items.length,
        conclusions,
        success_rate: ratio(success, decided),
        first_attempt_success_rate: ratio(firstAttempt, decided),
        rerun_rate: ratio(reruns, items.length),
        duration_mean_ms: d.length ? Math.round((0,statistics/* mean */.i2)(d)) : null,
        duration_p50_ms: d.length ? Math.round((0,statistics/* quantile */.YV)(d, 0.5)) : null,
        duration_p95_ms: d.length ? Math.round((0,statistics/* quantile */.YV)(d, 0.95)) : null,
        queue_p50_ms: q.length ? Math.round((0,statistics/* quantile */.YV)(q, 0.5)) : null,
        queue_p95_ms: q.length ? Math.round((0,statistics/* quantile */.YV)(q, 0.95)) : null,
        queue_samples: q.length,
        queue_dropped: queue.dropped,
    };
}
function runKpis(runs, jobs) {
    const completed = runs.filter((r) => r.status === 'completed');
    return summarise(completed.map((r) => ({ conclusion: r.conclusion, attempt: r.attempt, durationMs: facts_runDuration(r) })), jobs);
}
function jobKpis(jobs) {
    const own = jobs.filter((j) => !j.rerunArtefact);
    return summarise(own.map((j) => ({ conclusion: j.conclusion, attempt: j.attempt, durationMs: jobDuration(j) })), jobs);
}
function jobDuration(j) {
    const d = j.completedAt - j.startedAt;
    return !j.rerunArtefact && d >= 0 ? d : undefined;
}
function queueOf(jobs) {
    const values = [];
    let dropped = 0;
    for (const j of jobs) {
        const q = j.startedAt - j.createdAt;
        if (j.rerunArtefact || !(q > 0))
            dropped += 1;
        else
            values.push(q);
    }
    return { values, dropped };
}
function ratio(a, b) {
    return b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null;
}

;// CONCATENATED MODULE: ./actions/report-metrics/src/records.ts

const NOT_RATED = new Set(['skipped', 'cancelled']);
function recordKpis(records) {
    const byAction = new Map();
    for (const r of records)
        byAction.set(r.action, [...(byAction.get(r.action) ?? []), r]);
    return [...byAction.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([action, list]) => {
        const outcomes = {};
        for (const r of list)
            outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
        const rated = list.filter((r) => !NOT_RATED.has(r.outcome));
        const durations = (0,statistics/* sorted */.IP)(list.map((r) => r.duration_ms));
        const calls = (0,statistics/* sorted */.IP)(list.map((r) => r.api_calls));
        const remaining = list.map((r) => r.rate_limit_remaining).filter((x) => x !== null);
        return {
            action,
            executions: list.length,
            outcomes,
            success_rate: rated.length ? Math.round((rated.filter((r) => r.outcome === 'success').length / rated.length) * 10_000) / 10_000 : null,
            duration_p50_ms: Math.round((0,statistics/* quantile */.YV)(durations, 0.5)),
            duration_p95_ms: Math.round((0,statistics/* quantile */.YV)(durations, 0.95)),
            attempts_mean: Math.round((0,statistics/* mean */.i2)(list.map((r) => r.attempts)) * 100) / 100,
            retries: list.reduce((a, r) => a + r.retries, 0),
            api_calls: calls.reduce((a, x) => a + x, 0),
            api_calls_p95: Math.round((0,statistics/* quantile */.YV)(calls, 0.95)),
            rate_limit_remaining_min: remaining.length ? Math.min(...remaining) : null,
        };
    });
}

;// CONCATENATED MODULE: ./actions/report-metrics/src/analysis.ts





const keyOf = (k) => [k.repository, k.workflow, k.job ?? '', k.event, k.branch_class].join('\u0000');
function group(items, key) {
    const out = new Map();
    for (const x of items) {
        const k = key(x);
        const id = keyOf(k);
        const entry = out.get(id) ?? { key: k, items: [] };
        entry.items.push(x);
        out.set(id, entry);
    }
    return out;
}
const runKey = (r) => ({
    repository: r.repository,
    workflow: r.workflow,
    event: r.event,
    branch_class: r.branchClass,
});
function analyse(collected, settings, target, clock = () => performance.now()) {
    const started = clock();
    const inWindow = (t) => t >= target.window.from && t < target.window.to;
    const inBaseline = (t) => t >= target.baseline.from && t < target.baseline.to;
    const runsById = new Map(collected.runs.map((r) => [r.id, r]));
    const windowRuns = collected.runs.filter((r) => inWindow(r.createdAt));
    const jobsOf = (runs) => {
        const ids = new Set(runs.map((r) => r.id));
        return collected.jobs.filter((j) => ids.has(j.runId));
    };
    const candidates = [];
    if (settings.scope !== 'job') {
        for (const { key, items } of group(collected.runs, runKey).values()) {
            const window = items.filter((r) => inWindow(r.createdAt));
            const points = (pred) => items.filter((r) => pred(r.createdAt) && r.conclusion === 'success' && facts_runDuration(r) !== undefined).map((r) => ({ value: facts_runDuration(r), run: refOf(r) }));
            candidates.push({
                key,
                level: 'workflow',
                kpis: runKpis(window, jobsOf(window)),
                baseline: points(inBaseline),
                current: points(inWindow),
                all: items.filter((r) => r.status === 'completed').map((r) => ({ t: r.createdAt, conclusion: r.conclusion, ms: facts_runDuration(r) })),
            });
        }
    }
    if (settings.scope !== 'workflow') {
        const jobKey = (j) => ({ ...runKey(j), job: j.name });
        for (const { key, items } of group(collected.jobs, jobKey).values()) {
            const timeOf = (j) => runsById.get(j.runId)?.createdAt ?? j.createdAt;
            const own = items.filter((j) => !j.rerunArtefact);
            const points = (pred) => own
                .filter((j) => pred(timeOf(j)) && j.conclusion === 'success' && jobDuration(j) !== undefined)
                .map((j) => ({ value: jobDuration(j), run: refOf(runsById.get(j.runId)) }));
            candidates.push({
                key,
                level: 'job',
                kpis: jobKpis(items.filter((j) => inWindow(timeOf(j)))),
                baseline: points(inBaseline),
                current: points(inWindow),
                all: own.map((j) => ({ t: timeOf(j), conclusion: j.conclusion, ms: jobDuration(j) })),
            });
        }
    }
    candidates.sort((a, b) => keyOf(a.key).localeCompare(keyOf(b.key)));
    const evaluations = (0,detector/* evaluate */._3)(candidates.map((c) => ({ key: c.key, baseline: c.baseline, current: c.current })), {
        thresholdPct: settings.regressionThreshold,
        minDeltaMs: settings.regressionMinDelta,
        alpha: settings.significance,
        minBaseline: settings.minSamples.baseline,
        minCurrent: settings.minSamples.current,
        confirmRuns: settings.confirmRuns,
    });
    const span = target.window.to - target.baseline.from;
    const bucketDays = Math.max(1, Math.ceil(span / 86_400_000 / 40));
    const series = candidates.map((c, i) => ({
        key: c.key,
        level: c.level,
        kpis: c.kpis,
        evaluation: evaluations[i],
        trend: trend(c.all, target.baseline.from, target.window.to, bucketDays),
        bucket_days: bucketDays,
        band: bandOf(c.baseline),
    }));
    return {
        window: { from: iso(target.window.from), to: iso(target.window.to) },
        baseline: { from: iso(target.baseline.from), to: iso(target.baseline.to) },
        threshold_pct: settings.regressionThreshold,
        overall: runKpis(windowRuns, jobsOf(windowRuns)),
        series,
        records: recordKpis(settings.records ?? []),
        dora: [...collected.dora],
        collection: collected.collection,
        analysis_ms: Math.round((clock() - started) * 10) / 10,
    };
}
function bandOf(points) {
    if (points.length === 0)
        return null;
    const v = (0,statistics/* sorted */.IP)(points.map((p) => p.value));
    return { p25_ms: Math.round((0,statistics/* quantile */.YV)(v, 0.25)), p50_ms: Math.round((0,statistics/* quantile */.YV)(v, 0.5)), p75_ms: Math.round((0,statistics/* quantile */.YV)(v, 0.75)) };
}
function refOf(r) {
    return r ? { id: r.id, runNumber: r.runNumber, headSha: r.headSha, url: r.url, createdAt: r.createdAt } : { id: 0, runNumber: 0, headSha: '', url: '', createdAt: 0 };
}
/** Per bucket: completed runs, the median duration of the successful ones, and the success rate (as in Kpis). */
function trend(items, from, to, bucketDays) {
    const size = bucketDays * 86_400_000;
    const start = Math.floor(from / 86_400_000) * 86_400_000;
    const buckets = [];
    for (let t = start; t < to; t += size)
        buckets.push({ ms: [], ok: 0, decided: 0, n: 0 });
    for (const x of items) {
        const b = buckets[Math.floor((x.t - start) / size)];
        if (!b)
            continue;
        b.n += 1;
        if (DECIDED.has(x.conclusion))
            b.decided += 1;
        if (x.conclusion === 'success') {
            b.ok += 1;
            if (x.ms !== undefined)
                b.ms.push(x.ms);
        }
    }
    return buckets.map((b, i) => ({
        day: iso(start + i * size).slice(0, 10),
        runs: b.n,
        median_ms: b.ms.length ? Math.round((0,statistics/* median */.JZ)((0,statistics/* sorted */.IP)(b.ms))) : null,
        success_rate: b.decided ? Math.round((b.ok / b.decided) * 1000) / 1000 : null,
    }));
}
const iso = (t) => new Date(t).toISOString();

// EXTERNAL MODULE: ./actions/report-metrics/src/collect/budget.ts
var collect_budget = __webpack_require__(9492);
;// CONCATENATED MODULE: ./actions/report-metrics/src/collect/deployments.ts

const deployments_SHA = /^[0-9a-f]{40}$/;
const FINAL = new Set(['success', 'failure', 'error']);
/** Older deployments read besides the window's, to find the previous success. */
const LOOK_BEHIND = 5;
const deployments_time = (raw) => (typeof raw === 'string' ? Date.parse(raw) : Number.NaN);
function finalState(d) {
    return [...d.statuses].reverse().find((s) => FINAL.has(s.state));
}
async function readDeployments(gh, repository, environment, from, budget, reserve) {
    const params = (0,collect_budget/* repoParams */.Vt)(repository);
    const before = budget.used;
    const listed = [];
    let older = 0;
    let skipped = 0;
    for (let page = 1; budget.remaining > reserve && older < LOOK_BEHIND; page++) {
        const { data } = await gh.request('GET /repos/{owner}/{repo}/deployments', { ...params, environment, per_page: 100, page });
        const list = Array.isArray(data) ? data : [];
        for (const raw of list) {
            const id = raw['id'];
            const sha = raw['sha'];
            const createdAt = deployments_time(raw['created_at']);
            if (typeof id !== 'number' || typeof sha !== 'string' || !deployments_SHA.test(sha) || Number.isNaN(createdAt))
                continue;
            if (createdAt < from && ++older > LOOK_BEHIND)
                break;
            listed.push({ id, sha, createdAt });
        }
        if (list.length < 100)
            break;
    }
    listed.sort((a, b) => a.createdAt - b.createdAt || a.id - b.id);
    const deployments = [];
    for (const d of listed) {
        if (budget.remaining <= reserve) {
            skipped += 1;
            continue;
        }
        const { data } = await gh.request('GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', { ...params, deployment_id: d.id, per_page: 100 });
        const statuses = (Array.isArray(data) ? data : [])
            .map((s) => ({
            state: typeof s['state'] === 'string' ? s['state'] : '',
            createdAt: deployments_time(s['created_at']),
            rolledBack: typeof s['description'] === 'string' && /\brolled back to [0-9a-f]{7,40}\b/.test(s['description']),
        }))
            .filter((s) => s.state !== '' && !Number.isNaN(s.createdAt))
            .sort((a, b) => a.createdAt - b.createdAt);
        deployments.push({ id: d.id, environment, sha: d.sha, createdAt: d.createdAt, statuses, commitTimes: [] });
    }
    // Lead time: the commits between the previous successful deployment and this one.
    let previous;
    for (const d of deployments) {
        if (finalState(d)?.state !== 'success')
            continue;
        if (d.createdAt >= from) {
            if (budget.remaining <= reserve)
                skipped += 1;
            else if (previous?.sha !== d.sha)
                d.commitTimes = await commitTimes(gh, repository, previous?.sha ?? d.sha, d.sha);
        }
        previous = d;
    }
    return { environment, repository, deployments, calls: budget.used - before, skipped };
}
/**
 * Committer dates of base..head (one page of 100: a deployment rarely ships more); base = head
 * gives that commit alone. A sha GitHub does not know (force-pushed away, deployed from elsewhere)
 * answers 404: no lead time for that deployment, rather than no DORA at all.
 */
async function commitTimes(gh, repository, base, head) {
    let data;
    try {
        ({ data } = await gh.request('GET /repos/{owner}/{repo}/compare/{basehead}', { ...(0,collect_budget/* repoParams */.Vt)(repository), basehead: `${base}...${head}`, per_page: 100 }));
    }
    catch (error) {
        if (error.status === 404)
            return [];
        throw error;
    }
    const body = data;
    const dateOf = (c) => deployments_time(c?.commit?.committer?.date);
    if (base === head)
        return [dateOf(body.base_commit)].filter((t) => !Number.isNaN(t));
    return (Array.isArray(body.commits) ? body.commits : []).map(dateOf).filter((t) => !Number.isNaN(t));
}

;// CONCATENATED MODULE: ./actions/report-metrics/src/collect/jobs.ts


/** `k` items at evenly spaced positions (all of them when k ≥ length). */
function pickEvenly(items, k) {
    if (k >= items.length)
        return [...items];
    if (k <= 0)
        return [];
    const out = [];
    for (let i = 0; i < k; i++)
        out.push(items[Math.floor(((i + 0.5) * items.length) / k)]);
    return out;
}
/** Water-filling: each stratum gets min(size, fair share); what small strata leave goes to the others. */
function allocate(sizes, total) {
    const out = sizes.map(() => 0);
    let left = Math.max(0, Math.floor(total));
    let open = sizes.map((_, i) => i).filter((i) => sizes[i] > 0);
    while (left > 0 && open.length > 0) {
        const share = Math.max(1, Math.floor(left / open.length));
        const next = [];
        for (const i of open) {
            const give = Math.min(share, sizes[i] - out[i], left);
            out[i] += give;
            left -= give;
            if (out[i] < sizes[i])
                next.push(i);
            if (left === 0)
                break;
        }
        open = next;
    }
    return out;
}
async function readJobs(gh, runs, windowStart, budget, reserve) {
    const eligible = runs.filter((r) => r.status === 'completed');
    const strata = new Map();
    for (const run of eligible) {
        const key = `${run.repository} ${run.workflow} ${run.createdAt >= windowStart ? 'window' : 'baseline'}`;
        const list = strata.get(key) ?? [];
        list.push(run);
        strata.set(key, list);
    }
    const groups = [...strata.values()];
    const shares = allocate(groups.map((g) => g.length), budget.remaining - reserve);
    const chosen = groups.flatMap((g, i) => pickEvenly(g, shares[i])).sort((a, b) => a.createdAt - b.createdAt);
    const jobs = [];
    const before = budget.used;
    let sampled = 0;
    for (const run of chosen) {
        if (budget.remaining <= reserve)
            break;
        for (let page = 1;; page++) {
            const { data } = await gh.request('GET /repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}/jobs', {
                ...(0,collect_budget/* repoParams */.Vt)(run.repository),
                run_id: run.id,
                attempt_number: run.attempt,
                per_page: 100,
                page,
            });
            const body = data;
            const list = Array.isArray(body.jobs) ? body.jobs : [];
            for (const raw of list) {
                const fact = jobFact(raw, run);
                if (fact)
                    jobs.push(fact);
            }
            if (list.length < 100 || page * 100 >= Number(body.total_count) || budget.remaining <= reserve)
                break;
        }
        sampled += 1;
    }
    return { jobs, sampled, eligible: eligible.length, calls: budget.used - before };
}

;// CONCATENATED MODULE: ./actions/report-metrics/src/collect/runs.ts


/**
 * Workflow runs by date slices. GitHub's list endpoints return at most 1,000 results for a query
 * with `created` (or branch, event, status …) — pages past the tenth are empty — while
 * `total_count` still says how many match (https://docs.github.com/rest/actions/workflow-runs).
 * So each slice's first page tells its size; a slice of 1,000 or more is cut into pieces of about
 * SLICE_TARGET runs (its first page is the only call wasted) and each piece is read to its end.
 */
const PER_PAGE = 100;
const RESULT_CAP = 1_000;
/** Runs aimed for per slice: under the cap with room for an uneven rate. */
const SLICE_TARGET = 800;
/** GitHub's search-date syntax, to the second: 2026-11-01T00:00:00Z. */
function searchDate(ms) {
    return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
async function listRuns(gh, q, budget) {
    const byId = new Map();
    const out = { runs: [], listCalls: 0, slices: 0, splitCalls: 0, capped: 0 };
    const page = async (from, last, n) => {
        budget.requireOne(`listing the runs of ${q.repository} ${q.workflow}`);
        out.listCalls += 1;
        const params = {
            ...(0,collect_budget/* repoParams */.Vt)(q.repository),
            // Both ends inclusive, to the second: a slice ends one second before the next begins.
            created: `${searchDate(from)}..${searchDate(last)}`,
            per_page: PER_PAGE,
            page: n,
            exclude_pull_requests: true,
            ...(q.branch ? { branch: q.branch } : {}),
            ...(q.event ? { event: q.event } : {}),
        };
        const { data } = q.workflow === '*'
            ? await gh.request('GET /repos/{owner}/{repo}/actions/runs', params)
            : await gh.request('GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs', { ...params, workflow_id: q.workflow });
        const body = data;
        return { total: Number(body.total_count) || 0, items: Array.isArray(body.workflow_runs) ? body.workflow_runs : [] };
    };
    const keep = (items) => {
        for (const raw of items) {
            const fact = runFact(raw, q.repository, q.defaultBranch);
            if (fact && fact.createdAt >= q.from && fact.createdAt < q.to)
                byId.set(fact.id, fact);
        }
    };
    // [from, last] in ms, both inclusive at one-second resolution.
    const slice = async (from, last) => {
        const first = await page(from, last, 1);
        if (first.total >= RESULT_CAP && last - from >= 2_000) {
            out.splitCalls += 1;
            const pieces = Math.min(Math.ceil(first.total / SLICE_TARGET), Math.floor((last - from) / 1_000) + 1);
            const span = (last - from + 1_000) / pieces;
            for (let i = 0; i < pieces; i++) {
                const a = from + Math.round((i * span) / 1_000) * 1_000;
                const b = i === pieces - 1 ? last : from + Math.round(((i + 1) * span) / 1_000) * 1_000 - 1_000;
                if (b >= a)
                    await slice(a, b);
            }
            return;
        }
        out.slices += 1;
        if (first.total >= RESULT_CAP)
            out.capped += 1;
        keep(first.items);
        const pages = Math.ceil(Math.min(first.total, RESULT_CAP) / PER_PAGE);
        for (let n = 2; n <= pages; n++) {
            const next = await page(from, last, n);
            keep(next.items);
            if (next.items.length < PER_PAGE)
                break;
        }
    };
    const start = Math.ceil(q.from / 1_000) * 1_000;
    const last = Math.ceil(q.to / 1_000) * 1_000 - 1_000;
    if (last >= start)
        await slice(start, last);
    out.runs = [...byId.values()].sort((a, b) => a.createdAt - b.createdAt || a.id - b.id);
    return out;
}

;// CONCATENATED MODULE: ./actions/report-metrics/src/dora.ts


function doraReport(history, from, to) {
    const all = history.deployments;
    const inWindow = all.filter((d) => d.createdAt >= from && d.createdAt < to);
    let successes = 0;
    let failures = 0;
    let rolledBack = 0;
    const leadTimes = [];
    const restores = [];
    let unrestored = 0;
    for (const d of inWindow) {
        const last = finalState(d);
        if (!last)
            continue;
        if (last.state === 'success') {
            successes += 1;
            const lags = (0,statistics/* sorted */.IP)(d.commitTimes.map((t) => last.createdAt - t).filter((ms) => ms >= 0));
            if (lags.length > 0)
                leadTimes.push((0,statistics/* median */.JZ)(lags));
            continue;
        }
        failures += 1;
        if (last.rolledBack) {
            rolledBack += 1;
            restores.push(last.createdAt - d.createdAt);
            continue;
        }
        const next = all
            .filter((o) => o.createdAt > d.createdAt)
            .map((o) => finalState(o))
            .find((s) => s?.state === 'success' && s.createdAt >= last.createdAt);
        if (next)
            restores.push(next.createdAt - d.createdAt);
        else
            unrestored += 1;
    }
    const finished = successes + failures;
    const days = (to - from) / 86_400_000;
    return {
        repository: history.repository,
        environment: history.environment,
        deployments: finished,
        successes,
        failures,
        rolled_back: rolledBack,
        deployment_frequency_per_day: days > 0 ? round(successes / days, 3) : 0,
        lead_time_p50_ms: leadTimes.length ? Math.round((0,statistics/* median */.JZ)((0,statistics/* sorted */.IP)(leadTimes))) : null,
        lead_time_deployments: leadTimes.length,
        change_failure_rate: finished ? round(failures / finished, 4) : null,
        time_to_restore_p50_ms: restores.length ? Math.round((0,statistics/* median */.JZ)((0,statistics/* sorted */.IP)(restores))) : null,
        restored: restores.length,
        unrestored,
        skipped: history.skipped,
    };
}
function round(x, digits) {
    const f = 10 ** digits;
    return Math.round(x * f) / f;
}

;// CONCATENATED MODULE: ./actions/report-metrics/src/charts.ts
/**
 * Mermaid charts for the job summary, drawn by GitHub itself when it renders the markdown: no
 * outside chart service that could go away or leak data, and nothing to download. `xychart-beta`
 * has no gaps and no legend, so a bucket without runs repeats the previous value and the caption
 * names the lines.
 */
/** Keeps a collaborator-written name from breaking the chart's syntax. */
function mermaidText(text) {
    return text.replace(/[^A-Za-z0-9 ._/()+›:-]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 80);
}
function filled(values, fallback) {
    let last = fallback;
    return values.map((v) => (v === null ? last : (last = v)));
}
const axis = (s) => `x-axis [${s.trend.map((b) => `"${b.day.slice(5)}"`).join(', ')}]`;
const round1 = (x) => Math.round(x * 10) / 10;
/** Median duration per bucket against the baseline's interquartile band and the threshold. */
function durationChart(s, title, thresholdPct) {
    const band = s.band;
    if (!band || s.trend.every((b) => b.median_ms === null))
        return undefined;
    const medians = filled(s.trend.map((b) => (b.median_ms === null ? null : round1(b.median_ms / 1000))), round1(band.p50_ms / 1000));
    const flat = (ms) => `[${s.trend.map(() => round1(ms / 1000)).join(', ')}]`;
    const top = Math.max(...medians, (band.p50_ms * (1 + thresholdPct / 100)) / 1000) * 1.1;
    return [
        '```mermaid',
        'xychart-beta',
        `  title "${mermaidText(title)}: median duration (s) per ${s.bucket_days === 1 ? 'day' : `${s.bucket_days} days`}"`,
        `  ${axis(s)}`,
        `  y-axis "seconds" 0 --> ${Math.ceil(top)}`,
        `  line [${medians.join(', ')}]`,
        `  line ${flat(band.p25_ms)}`,
        `  line ${flat(band.p75_ms)}`,
        `  line ${flat(band.p50_ms * (1 + thresholdPct / 100))}`,
        '```',
        `<sub>Lines: the median of successful runs; the baseline's middle half (p25 and p75); the threshold (baseline median +${thresholdPct}%).</sub>`,
    ].join('\n');
}
/** Success rate per bucket, as bars (0–100 %). */
function successChart(s, title) {
    if (s.trend.every((b) => b.success_rate === null))
        return undefined;
    const rates = filled(s.trend.map((b) => (b.success_rate === null ? null : Math.round(b.success_rate * 100))), 100);
    return [
        '```mermaid',
        'xychart-beta',
        `  title "${mermaidText(title)}: success rate (%) per ${s.bucket_days === 1 ? 'day' : `${s.bucket_days} days`}"`,
        `  ${axis(s)}`,
        '  y-axis "%" 0 --> 100',
        `  bar [${rates.join(', ')}]`,
        '```',
    ].join('\n');
}

;// CONCATENATED MODULE: ./actions/report-metrics/src/job-summary.ts


/**
 * The job summary: what was measured and with how many calls, a table per workflow (one row per
 * population, and per job at job scope), what the detector concluded and why, charts for the
 * series that matter most, DORA and the suite's own records. Every collaborator-written name goes
 * through `cell()`; the whole text is scrubbed by appendSummary.
 */
const MAX_CHARTED = 6;
const VERDICT_MARK = {
    regression: '🔴 regression',
    suspected: '🟡 suspected',
    ok: '🟢 ok',
    'insufficient-data': '⚪ insufficient data',
};
function renderSummary(analysis, alerts) {
    const lines = [];
    const counts = new Map();
    for (const s of analysis.series)
        counts.set(s.evaluation.verdict, (counts.get(s.evaluation.verdict) ?? 0) + 1);
    const c = analysis.collection;
    lines.push(`## report-metrics: ${analysis.window.from.slice(0, 16)} → ${analysis.window.to.slice(0, 16)} (baseline from ${analysis.baseline.from.slice(0, 10)})`, '', `**${counts.get('regression') ?? 0} regression(s)**, ${counts.get('suspected') ?? 0} suspected, ${counts.get('ok') ?? 0} ok, ${counts.get('insufficient-data') ?? 0} with too little data — threshold +${analysis.threshold_pct}%.`, '', `Collected ${c.runs_listed} runs from ${c.repositories} repositor${c.repositories === 1 ? 'y' : 'ies'} with ${c.list_calls} list call(s) over ${c.slices} date slice(s)` +
        (c.split_calls ? ` (${c.split_calls} call(s) spent splitting at GitHub's 1,000-result cap)` : '') +
        `; jobs of ${c.job_runs_sampled} of ${c.job_runs_eligible} completed runs (${c.job_calls} call(s))` +
        (c.job_runs_sampled < c.job_runs_eligible ? `, **sampled evenly in time: max-api-calls (${c.max_api_calls}) is short of one call per run**` : '') +
        `; ${c.api_calls} API call(s) in all.` +
        (c.capped_slices ? ` ⚠️ ${c.capped_slices} slice(s) still hit the 1,000-result cap: some runs are missing.` : ''), '');
    const byWorkflow = new Map();
    for (const s of analysis.series)
        byWorkflow.set(`${s.key.repository} ${s.key.workflow}`, [...(byWorkflow.get(`${s.key.repository} ${s.key.workflow}`) ?? []), s]);
    for (const [workflow, series] of byWorkflow) {
        lines.push(`### ${(0,summary/* cell */.H)(workflow)}`, '', '| population | job | runs | success | first attempt | re-runs | mean | p50 | p95 | queue p50 | queue p95 | verdict |', '|---|---|---|---|---|---|---|---|---|---|---|---|');
        for (const s of series)
            lines.push(row(s));
        lines.push('');
        for (const s of series.filter((x) => x.evaluation.verdict === 'regression' || x.evaluation.verdict === 'suspected' || x.evaluation.verdict === 'insufficient-data')) {
            const e = s.evaluation;
            const first = e.first_slow_run ? ` First slow run: [#${e.first_slow_run.run_number}](${e.first_slow_run.url}), commit \`${e.first_slow_run.head_sha.slice(0, 12)}\`.` : '';
            lines.push(`- ${VERDICT_MARK[e.verdict]} ${(0,summary/* cell */.H)(population(s))}${s.key.job !== undefined ? ` › ${(0,summary/* cell */.H)(s.key.job)}` : ''}: ${(0,summary/* cell */.H)(e.reason)}${first}`);
        }
        lines.push('');
    }
    const charted = [...analysis.series]
        .filter((s) => s.level === 'workflow' || s.evaluation.verdict === 'regression')
        .sort((a, b) => rank(a) - rank(b) || b.kpis.runs - a.kpis.runs)
        .slice(0, MAX_CHARTED);
    if (charted.length)
        lines.push('### Trends', '');
    for (const s of charted) {
        const title = `${s.key.workflow}${s.key.job !== undefined ? ` › ${s.key.job}` : ''} ${population(s)}`;
        const d = durationChart(s, title, analysis.threshold_pct);
        const r = successChart(s, title);
        if (d)
            lines.push(d, '');
        if (r)
            lines.push(r, '');
    }
    if (analysis.dora.length) {
        lines.push('### DORA', '', '| repository | environment | deployments | per day | lead time p50 | change failure rate | time to restore p50 | rolled back |', '|---|---|---|---|---|---|---|---|');
        for (const d of analysis.dora) {
            lines.push(`| ${(0,summary/* cell */.H)(d.repository)} | ${(0,summary/* cell */.H)(d.environment)} | ${d.deployments} | ${d.deployment_frequency_per_day} | ${duration(d.lead_time_p50_ms)} | ${d.change_failure_rate === null ? '–' : `${Math.round(d.change_failure_rate * 100)}%`} | ${duration(d.time_to_restore_p50_ms)} | ${d.rolled_back} |`);
        }
        lines.push('');
    }
    if (analysis.records.length) {
        lines.push("### The suite's own executions", '', '| action | executions | success | p50 | p95 | attempts (mean) | retries | API calls | lowest rate limit left |', '|---|---|---|---|---|---|---|---|---|');
        for (const r of analysis.records) {
            lines.push(`| ${r.action} | ${r.executions} | ${rate(r.success_rate)} | ${duration(r.duration_p50_ms)} | ${duration(r.duration_p95_ms)} | ${r.attempts_mean} | ${r.retries} | ${r.api_calls} | ${r.rate_limit_remaining_min ?? '–'} |`);
        }
        lines.push('');
    }
    const done = alerts.flatMap((a) => a.actions.map((x) => `- ${a.channel}: ${(0,summary/* cell */.H)(x)}`));
    if (done.length)
        lines.push('### Alerts', '', ...done, '');
    return lines.join('\n');
}
function rank(s) {
    return { regression: 0, suspected: 1, ok: 2, 'insufficient-data': 3 }[s.evaluation.verdict];
}
function population(s) {
    return `${s.key.event} · ${s.key.branch_class === 'default' ? 'default branch' : 'other branches'}`;
}
function row(s) {
    const k = s.kpis;
    return `| ${(0,summary/* cell */.H)(population(s))} | ${s.key.job === undefined ? '(run)' : (0,summary/* cell */.H)(s.key.job)} | ${k.runs} | ${rate(k.success_rate)} | ${rate(k.first_attempt_success_rate)} | ${rate(k.rerun_rate)} | ${duration(k.duration_mean_ms)} | ${duration(k.duration_p50_ms)} | ${duration(k.duration_p95_ms)} | ${duration(k.queue_p50_ms)} | ${duration(k.queue_p95_ms)} | ${VERDICT_MARK[s.evaluation.verdict]} |`;
}
function rate(x) {
    return x === null ? '–' : `${(x * 100).toFixed(1)}%`;
}
function duration(ms) {
    if (ms === null)
        return '–';
    if (ms < 1000)
        return `${ms} ms`;
    const s = ms / 1000;
    if (s < 120)
        return `${s.toFixed(1)} s`;
    if (s < 7200)
        return `${(s / 60).toFixed(1)} min`;
    return `${(s / 3600).toFixed(1)} h`;
}

;// CONCATENATED MODULE: ./actions/report-metrics/src/metric-model.ts

const SERIES = ['repository', 'workflow', 'event', 'branch_class'];
const JOB = [...SERIES, 'job'];
/** Every metric the model can emit, with its labels: what sinks and dashboards can rely on. */
const METRICS = {
    actions_suite_workflow_run_duration_seconds: { kind: 'sample', help: "A completed run's duration (latest attempt, start to last update)", labels: [...SERIES, 'conclusion'], otel: 'cicd.pipeline.run.duration' },
    actions_suite_job_run_duration_seconds: { kind: 'sample', help: "A completed job's duration (completed_at − started_at)", labels: [...JOB, 'conclusion', 'runner_label'] },
    actions_suite_job_run_queue_seconds: { kind: 'sample', help: "A job's queue time (started_at − created_at)", labels: [...JOB, 'runner_label'] },
    actions_suite_workflow_runs: { kind: 'gauge', help: 'Completed runs in the window, by conclusion', labels: [...SERIES, 'conclusion'] },
    actions_suite_workflow_success_ratio: { kind: 'gauge', help: 'success ÷ (success + failure + timed_out + startup_failure) in the window', labels: SERIES },
    actions_suite_workflow_first_attempt_success_ratio: { kind: 'gauge', help: 'Runs that succeeded on their first attempt ÷ decided runs', labels: SERIES },
    actions_suite_workflow_rerun_ratio: { kind: 'gauge', help: 'Runs with more than one attempt ÷ completed runs', labels: SERIES },
    actions_suite_workflow_duration_seconds: { kind: 'gauge', help: 'Duration of successful runs in the window, by quantile (0.5, 0.95)', labels: [...SERIES, 'quantile'] },
    actions_suite_workflow_duration_mean_seconds: { kind: 'gauge', help: 'Mean duration of successful runs in the window', labels: SERIES },
    actions_suite_workflow_queue_seconds: { kind: 'gauge', help: "Queue time of the runs' jobs in the window, by quantile", labels: [...SERIES, 'quantile'] },
    actions_suite_job_runs: { kind: 'gauge', help: 'Completed jobs in the window, by conclusion', labels: [...JOB, 'conclusion'] },
    actions_suite_job_success_ratio: { kind: 'gauge', help: 'Job success rate in the window', labels: JOB },
    actions_suite_job_duration_seconds: { kind: 'gauge', help: 'Duration of successful jobs in the window, by quantile', labels: [...JOB, 'quantile'] },
    actions_suite_job_queue_seconds: { kind: 'gauge', help: 'Queue time of the jobs in the window, by quantile', labels: [...JOB, 'quantile'] },
    actions_suite_duration_regression: { kind: 'gauge', help: "1 for the series' current verdict (regression, suspected, ok, insufficient-data), 0 for the others", labels: ['repository', 'workflow', 'job', 'event', 'branch_class', 'verdict'] },
    actions_suite_duration_change_ratio: { kind: 'gauge', help: 'Hodges–Lehmann ratio of window to baseline durations', labels: ['repository', 'workflow', 'job', 'event', 'branch_class'] },
    actions_suite_duration_min_detectable_ratio: { kind: 'gauge', help: 'Smallest slowdown ratio the data could show', labels: ['repository', 'workflow', 'job', 'event', 'branch_class'] },
    actions_suite_dora_deployments: { kind: 'gauge', help: 'Deployments that finished in the window, by outcome (success, failure, rolled_back)', labels: ['repository', 'environment', 'outcome'] },
    actions_suite_dora_deployment_frequency_per_day: { kind: 'gauge', help: 'Successful deployments per day', labels: ['repository', 'environment'] },
    actions_suite_dora_lead_time_seconds: { kind: 'gauge', help: 'Median lead time for changes (commit to successful deployment)', labels: ['repository', 'environment'] },
    actions_suite_dora_change_failure_ratio: { kind: 'gauge', help: 'Failed deployments ÷ finished deployments', labels: ['repository', 'environment'] },
    actions_suite_dora_time_to_restore_seconds: { kind: 'gauge', help: 'Median time from a failed deployment to a good version live again', labels: ['repository', 'environment'] },
    actions_suite_action_executions: { kind: 'gauge', help: "The suite's own executions (records input), by action and outcome", labels: ['action', 'outcome'] },
    actions_suite_action_duration_seconds: { kind: 'gauge', help: "The suite's executions' duration, by quantile", labels: ['action', 'quantile'] },
    actions_suite_action_retries: { kind: 'gauge', help: 'Retries summed over the executions', labels: ['action'] },
    actions_suite_action_api_calls: { kind: 'gauge', help: 'GitHub API calls summed over the executions', labels: ['action'] },
    actions_suite_action_rate_limit_remaining: { kind: 'gauge', help: 'Lowest API rate-limit remainder the executions saw', labels: ['action'] },
};
const VERDICTS = ['regression', 'suspected', 'ok', 'insufficient-data'];
function seriesLabels(k) {
    return { repository: k.repository, workflow: k.workflow, event: k.event, branch_class: k.branch_class, ...(k.job !== undefined ? { job: k.job } : {}) };
}
/** The window's figures as gauges. */
function gauges(analysis) {
    const out = [];
    const g = (name, value, labels) => {
        if (value === null || value === undefined || !Number.isFinite(value))
            return;
        out.push({ name, kind: 'gauge', value, labels });
    };
    for (const s of analysis.series)
        kpiGauges(s, g);
    for (const s of analysis.series) {
        const labels = { ...seriesLabels(s.key), job: s.key.job ?? '' };
        for (const v of VERDICTS)
            g('actions_suite_duration_regression', s.evaluation.verdict === v ? 1 : 0, { ...labels, verdict: v });
        g('actions_suite_duration_change_ratio', s.evaluation.ratio_hl, labels);
        const detectable = s.evaluation.min_detectable_pct;
        g('actions_suite_duration_min_detectable_ratio', detectable === null ? null : 1 + detectable / 100, labels);
    }
    for (const d of analysis.dora) {
        const labels = { repository: d.repository, environment: d.environment };
        g('actions_suite_dora_deployments', d.successes, { ...labels, outcome: 'success' });
        g('actions_suite_dora_deployments', d.failures - d.rolled_back, { ...labels, outcome: 'failure' });
        g('actions_suite_dora_deployments', d.rolled_back, { ...labels, outcome: 'rolled_back' });
        g('actions_suite_dora_deployment_frequency_per_day', d.deployment_frequency_per_day, labels);
        g('actions_suite_dora_lead_time_seconds', seconds(d.lead_time_p50_ms), labels);
        g('actions_suite_dora_change_failure_ratio', d.change_failure_rate, labels);
        g('actions_suite_dora_time_to_restore_seconds', seconds(d.time_to_restore_p50_ms), labels);
    }
    for (const r of analysis.records) {
        for (const [outcome, n] of Object.entries(r.outcomes))
            g('actions_suite_action_executions', n, { action: r.action, outcome });
        g('actions_suite_action_duration_seconds', seconds(r.duration_p50_ms), { action: r.action, quantile: '0.5' });
        g('actions_suite_action_duration_seconds', seconds(r.duration_p95_ms), { action: r.action, quantile: '0.95' });
        g('actions_suite_action_retries', r.retries, { action: r.action });
        g('actions_suite_action_api_calls', r.api_calls, { action: r.action });
        g('actions_suite_action_rate_limit_remaining', r.rate_limit_remaining_min, { action: r.action });
    }
    return out;
}
function kpiGauges(s, g) {
    const labels = seriesLabels(s.key);
    const level = s.level === 'job' ? 'job' : 'workflow';
    const k = s.kpis;
    for (const [conclusion, n] of Object.entries(k.conclusions))
        g(`actions_suite_${level}_runs`, n, { ...labels, conclusion });
    g(`actions_suite_${level}_success_ratio`, k.success_rate, labels);
    if (level === 'workflow') {
        g('actions_suite_workflow_first_attempt_success_ratio', k.first_attempt_success_rate, labels);
        g('actions_suite_workflow_rerun_ratio', k.rerun_rate, labels);
        g('actions_suite_workflow_duration_mean_seconds', seconds(k.duration_mean_ms), labels);
    }
    g(`actions_suite_${level}_duration_seconds`, seconds(k.duration_p50_ms), { ...labels, quantile: '0.5' });
    g(`actions_suite_${level}_duration_seconds`, seconds(k.duration_p95_ms), { ...labels, quantile: '0.95' });
    g(`actions_suite_${level}_queue_seconds`, seconds(k.queue_p50_ms), { ...labels, quantile: '0.5' });
    g(`actions_suite_${level}_queue_seconds`, seconds(k.queue_p95_ms), { ...labels, quantile: '0.95' });
}
/** One timestamped sample per completed run and job (at its completion). */
function samples(runs, jobs) {
    const out = [];
    for (const r of runs) {
        const d = runDuration(r);
        if (d === undefined)
            continue;
        out.push({
            name: 'actions_suite_workflow_run_duration_seconds',
            kind: 'sample',
            value: d / 1000,
            timestamp: r.updatedAt,
            labels: { repository: r.repository, workflow: r.workflow, event: r.event, branch_class: r.branchClass, conclusion: r.conclusion || 'unknown' },
        });
    }
    for (const j of jobs) {
        if (j.rerunArtefact)
            continue;
        const labels = { repository: j.repository, workflow: j.workflow, event: j.event, branch_class: j.branchClass, job: j.name };
        out.push({ name: 'actions_suite_job_run_duration_seconds', kind: 'sample', value: (j.completedAt - j.startedAt) / 1000, timestamp: j.completedAt, labels: { ...labels, conclusion: j.conclusion || 'unknown', runner_label: j.runnerLabel } });
        if (j.startedAt > j.createdAt) {
            out.push({ name: 'actions_suite_job_run_queue_seconds', kind: 'sample', value: (j.startedAt - j.createdAt) / 1000, timestamp: j.startedAt, labels: { ...labels, runner_label: j.runnerLabel } });
        }
    }
    return out;
}
const seconds = (ms) => (ms === null ? null : ms / 1000);

;// CONCATENATED MODULE: ./actions/report-metrics/src/outputs.ts



/** The step's outputs, all from the analysis (window figures pooled over every run analysed). */
/** GitHub keeps at most 1 MB of outputs per job; `metrics` leaves room for the others. */
const METRICS_LIMIT = 512 * 1024;
function writeOutputs(analysis, alerts, redactor) {
    const o = analysis.overall;
    const set = (name, value) => core.setOutput(name, redactor.scrub(value));
    const num = (x) => (x === null ? '' : String(x));
    set('success-rate', num(o.success_rate));
    set('first-attempt-success-rate', num(o.first_attempt_success_rate));
    set('rerun-rate', num(o.rerun_rate));
    set('duration-p50-ms', num(o.duration_p50_ms));
    set('duration-p95-ms', num(o.duration_p95_ms));
    set('queue-p50-ms', num(o.queue_p50_ms));
    set('queue-p95-ms', num(o.queue_p95_ms));
    set('runs', String(o.runs));
    const evaluations = analysis.series.map((s) => ({ ...s.evaluation, level: s.level }));
    set('regressed', String(evaluations.some(detector/* isActive */.$m)));
    set('regressions', JSON.stringify(evaluations));
    set('dora', JSON.stringify(analysis.dora));
    set('metrics', metricsJson(analysis, alerts));
}
function metricsJson(analysis, alerts) {
    const base = {
        window: analysis.window,
        baseline: analysis.baseline,
        threshold_pct: analysis.threshold_pct,
        overall: analysis.overall,
        series: analysis.series.map((s) => ({ ...s.key, level: s.level, kpis: s.kpis, verdict: s.evaluation.verdict })),
        records: analysis.records,
        dora: analysis.dora,
        collection: analysis.collection,
        alerts: alerts.map((a) => ({ channel: a.channel, actions: a.actions })),
        analysis_ms: analysis.analysis_ms,
    };
    const full = JSON.stringify({ ...base, points: gauges(analysis) });
    return full.length <= METRICS_LIMIT ? full : JSON.stringify({ ...base, points: null, points_omitted: 'over the output size limit' });
}

;// CONCATENATED MODULE: ./actions/report-metrics/src/steps.ts











/**
 * The steps main.ts runs, loaded after input validation (the GitHub client, the collectors and the
 * analysis are not on the start path).
 */
/** Calls kept back from job sampling for DORA (per environment and repository). */
const DORA_RESERVE = 40;
function connect(ctx, settings) {
    return createGitHub({ token: settings.githubToken, stats: ctx.stats, retry: { signal: ctx.signal, log: (line) => ctx.log.info(line) } });
}
async function collect(ctx, gh, settings, target) {
    const budget = new collect_budget/* ApiBudget */.W1(settings.maxApiCalls, ctx.stats);
    const runs = [];
    const listing = { list_calls: 0, slices: 0, split_calls: 0, capped_slices: 0 };
    const branches = new Map();
    for (const repository of target.repositories) {
        budget.requireOne(`reading ${repository}`);
        const branch = await (0,collect_budget/* defaultBranch */.OR)(gh, repository);
        branches.set(repository, branch);
        for (const workflow of target.workflows) {
            const l = await listRuns(gh, { repository, workflow, from: target.baseline.from, to: target.window.to, defaultBranch: branch, branch: settings.branch, event: settings.event }, budget);
            runs.push(...l.runs);
            listing.list_calls += l.listCalls;
            listing.slices += l.slices;
            listing.split_calls += l.splitCalls;
            listing.capped_slices += l.capped;
        }
    }
    ctx.log.info(`listed ${runs.length} runs with ${listing.list_calls} call(s) in ${listing.slices} slice(s)${listing.split_calls ? `, ${listing.split_calls} spent on splitting` : ''}`);
    if (listing.capped_slices)
        ctx.log.warning(`${listing.capped_slices} date slice(s) still hit GitHub's 1,000-result cap: some runs are missing from the analysis.`);
    const environments = settings.doraEnvironments ?? [];
    const reserve = Math.min(Math.floor(budget.remaining / 2), environments.length * target.repositories.length * DORA_RESERVE);
    const jobs = await readJobs(gh, runs, target.window.from, budget, reserve);
    if (jobs.sampled < jobs.eligible) {
        ctx.log.info(`jobs read for ${jobs.sampled} of ${jobs.eligible} completed runs, sampled evenly in time: max-api-calls (${settings.maxApiCalls}) is short of one call per run`);
    }
    const dora = [];
    const doraBefore = budget.used;
    for (const repository of target.repositories) {
        for (const environment of environments) {
            const history = await readDeployments(gh, repository, environment, target.window.from, budget, 0);
            dora.push(doraReport(history, target.window.from, target.window.to));
        }
    }
    return {
        runs,
        jobs: jobs.jobs,
        dora,
        collection: {
            repositories: target.repositories.length,
            runs_listed: runs.length,
            ...listing,
            job_runs_sampled: jobs.sampled,
            job_runs_eligible: jobs.eligible,
            job_calls: jobs.calls,
            dora_calls: budget.used - doraBefore,
            api_calls: budget.used,
            max_api_calls: settings.maxApiCalls,
        },
    };
}

async function steps_alert(ctx, settings, target, analysis, github, now) {
    const outcomes = [];
    for (const channel of settings.alert) {
        const sender = await senderFor(channel);
        const outcome = await sender.deliver({ ctx, settings, target, analysis, github, now });
        for (const line of outcome.actions)
            ctx.log.info(`${settings.dryRun && channel.kind !== 'annotation' && channel.kind !== 'fail' ? 'dry-run, not done: ' : ''}${outcome.channel}: ${line}`);
        outcomes.push(outcome);
    }
    return outcomes;
}
async function report(ctx, analysis, alerts) {
    writeOutputs(analysis, alerts, ctx.redactor);
    await (0,summary/* appendSummary */.f)(ctx.redactor, renderSummary(analysis, alerts));
}


/***/ }),

/***/ 7128:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   d: () => (/* binding */ realClock)
/* harmony export */ });
/**
 * Time as a seam: everything that waits (retry backoff, write spacing) takes a Clock, so unit tests
 * inject a fake one and never really sleep.
 */
const realClock = Object.freeze({
    now: () => Date.now(),
    sleep: (ms, signal) => new Promise((resolve, reject) => {
        if (signal?.aborted) {
            reject(signal.reason);
            return;
        }
        const onAbort = () => {
            clearTimeout(timer);
            reject(signal?.reason);
        };
        const timer = setTimeout(() => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
        }, Math.max(0, ms));
        signal?.addEventListener('abort', onAbort, { once: true });
    }),
});


/***/ }),

/***/ 9096:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   t: () => (/* binding */ httpFetch)
/* harmony export */ });
const MAX_REDIRECTS = 5;
const DEFAULT_MAX_BODY = 50 * 1024 * 1024;
const httpFetch = async (input, init = {}) => {
    let url = new URL(String(input));
    let method = (init.method ?? 'GET').toUpperCase();
    let body = init.body ?? undefined;
    let headers = { ...init.headers };
    for (let hop = 0;; hop++) {
        const response = await once(url, method, headers, body, init);
        const location = response.headers.get('location');
        if (!isRedirect(response.status) || !location || init.redirect === 'manual')
            return hop === 0 ? response : { ...response, redirected: true };
        if (init.redirect === 'error')
            throw new TypeError('fetch failed', { cause: new Error(`unexpected redirect to ${new URL(location, url).origin}`) });
        if (hop >= MAX_REDIRECTS)
            throw new TypeError('fetch failed', { cause: new Error('too many redirects') });
        const next = new URL(location, url);
        // Credentials never follow a redirect to another origin (fetch drops Authorization likewise).
        if (next.origin !== url.origin)
            headers = withoutAuthorization(headers);
        if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
            method = 'GET';
            body = undefined;
        }
        url = next;
    }
};
function once(url, method, headers, body, init) {
    const signal = init.signal ?? undefined;
    if (signal?.aborted)
        return Promise.reject(signal.reason);
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
        return Promise.reject(new TypeError('fetch failed', { cause: new Error(`unsupported scheme ${url.protocol}`) }));
    // Loaded on first use: https (and TLS) only for https URLs.
    const client = process.getBuiltinModule(url.protocol === 'https:' ? 'node:https' : 'node:http');
    const limit = init.maxBodyBytes ?? DEFAULT_MAX_BODY;
    return new Promise((resolve, reject) => {
        const outgoing = { ...headers };
        if (body !== undefined && !Object.keys(outgoing).some((k) => k.toLowerCase() === 'content-length'))
            outgoing['content-length'] = String(Buffer.byteLength(body));
        const req = client.request(url, { method, headers: outgoing });
        const onAbort = () => {
            req.destroy();
            reject(signal?.reason);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        const settle = () => signal?.removeEventListener('abort', onAbort);
        req.on('error', (error) => {
            settle();
            reject(new TypeError('fetch failed', { cause: error }));
        });
        req.on('response', (res) => {
            const chunks = [];
            let size = 0;
            let truncated = false;
            res.on('data', (chunk) => {
                if (truncated)
                    return;
                const room = limit - size;
                chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
                size += Math.min(chunk.length, room);
                if (size >= limit) {
                    truncated = true;
                    res.destroy();
                }
            });
            res.on('error', (error) => {
                if (truncated)
                    return;
                settle();
                reject(new TypeError('fetch failed', { cause: error }));
            });
            const finish = () => {
                settle();
                resolve(toResponse(url, res, Buffer.concat(chunks)));
            };
            res.on('end', finish);
            res.on('close', () => {
                if (truncated)
                    finish();
                else if (!res.complete) {
                    settle();
                    reject(new TypeError('fetch failed', { cause: Object.assign(new Error('terminated: the connection closed before the response was complete'), { code: 'ECONNRESET' }) }));
                }
            });
        });
        req.end(body);
    });
}
function toResponse(url, res, bytes) {
    const pairs = [];
    for (const [name, value] of Object.entries(res.headers)) {
        if (value !== undefined)
            pairs.push([name, Array.isArray(value) ? value.join(', ') : value]);
    }
    const lookup = new Map(pairs);
    const status = res.statusCode ?? 0;
    const text = () => Promise.resolve(bytes.toString('utf8'));
    return {
        status,
        statusText: res.statusMessage ?? '',
        ok: status >= 200 && status < 300,
        url: url.href,
        redirected: false,
        headers: { get: (name) => lookup.get(name.toLowerCase()) ?? null, [Symbol.iterator]: () => pairs[Symbol.iterator]() },
        text,
        json: async () => JSON.parse(await text()),
        arrayBuffer: () => Promise.resolve(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)),
    };
}
const isRedirect = (status) => [301, 302, 303, 307, 308].includes(status);
function withoutAuthorization(headers) {
    return Object.fromEntries(Object.entries(headers).filter(([k]) => !['authorization', 'cookie', 'proxy-authorization'].includes(k.toLowerCase())));
}


/***/ }),

/***/ 7510:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  J_: () => (/* reexport */ RetryError),
  L8: () => (/* reexport */ classify),
  bD: () => (/* binding */ withRetry)
});

// UNUSED EXPORTS: DEFAULT_RETRY_POLICY, RATE_LIMIT_FALLBACK_MS, backoffCap, backoffDelay, formatDelay, parseRetryAfter, realClock, resolvePolicy, untilReset

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 5 modules
var core = __webpack_require__(8524);
// EXTERNAL MODULE: ./node_modules/p-retry/index.js + 1 modules
var p_retry = __webpack_require__(4995);
// EXTERNAL MODULE: ./shared/clock.ts
var shared_clock = __webpack_require__(7128);
// EXTERNAL MODULE: ./shared/errors.ts
var errors = __webpack_require__(2635);
;// CONCATENATED MODULE: ./shared/retry-after.ts
/**
 * How long the server asked us to wait: `Retry-After` and `x-ratelimit-reset` turned into a delay in ms.
 * Kept apart from classification because these are pure header parsers with their own edge cases
 * (HTTP-dates, epoch seconds, garbage), tested on their own; every path ends in a usable wait.
 */
/** Wait when the server rate-limits us without saying for how long, or says it unintelligibly. */
const RATE_LIMIT_FALLBACK_MS = 60_000;
/**
 * `Retry-After` as a wait in ms: delay-seconds or an HTTP-date. Zero, negative, past, fractional
 * or unparsable values give RATE_LIMIT_FALLBACK_MS — never NaN, never 0 (which would hammer the API).
 */
function parseRetryAfter(value, now = Date.now()) {
    const text = value.trim();
    if (/^\d+$/.test(text)) {
        const ms = Number(text) * 1000;
        return Number.isFinite(ms) && ms > 0 ? ms : RATE_LIMIT_FALLBACK_MS;
    }
    // Date.parse accepts bare numbers ("-5" is a year), so require the letters of a day or month name.
    if (/[a-z]{3}/i.test(text)) {
        // HTTP-dates are GMT; the asctime form carries no zone and Date.parse would read it as local time.
        const zoned = /\b(GMT|UTC|UT)\b|[+-]\d{4}$|Z$/i.test(text) ? text : `${text} GMT`;
        const at = Date.parse(zoned);
        if (Number.isFinite(at) && at > now)
            return at - now;
    }
    return RATE_LIMIT_FALLBACK_MS;
}
/** `x-ratelimit-reset` (epoch seconds) as a wait in ms: until the reset plus 1 s, at least 1 s. */
function untilReset(reset, now = Date.now()) {
    const seconds = Number(reset?.trim());
    if (reset === undefined || reset.trim() === '' || !Number.isFinite(seconds) || seconds <= 0)
        return RATE_LIMIT_FALLBACK_MS;
    return Math.max(1000, seconds * 1000 - now + 1000);
}

;// CONCATENATED MODULE: ./shared/retry-error.ts
/**
 * The error a failed `withRetry` call rejects with (InputError and UserError pass through unchanged).
 * The original failure is its `cause`; the message says how many attempts were made.
 */
class RetryError extends Error {
    name = 'RetryError';
    label;
    attempts;
    /** The verdict's reason for the last failure, e.g. "status 502" or "ECONNRESET". */
    reason;
    /** Whether the last failure was of a retryable kind (false: it was not retried). */
    retryable;
    status;
    requestId;
    /** When a rate limit resets, if the call gave up rather than wait past its deadline. */
    resetAt;
    constructor(message, details, cause) {
        super(message, { cause });
        this.label = details.label;
        this.attempts = details.attempts;
        this.reason = details.verdict.reason;
        this.retryable = details.verdict.retry;
        this.status = details.verdict.status;
        this.requestId = details.verdict.requestId;
        this.resetAt = details.resetAt;
    }
}

;// CONCATENATED MODULE: ./shared/retry-classify.ts
/**
 * Failure classification (docs/faults.md, "What is retried"; docs/rate-limits.md): is a failure worth retrying, is it safe to re-send,
 * and did the server say how long to wait. Separate from the retry loop so the loop stays about
 * timing and this file stays about what GitHub, undici and Node put on an error.
 */



const NETWORK_CODES = new Set([
    'ECONNRESET',
    'ECONNREFUSED',
    'ECONNABORTED',
    'ETIMEDOUT',
    'ESOCKETTIMEDOUT',
    'EAI_AGAIN',
    'EPIPE',
    'ENETUNREACH',
    'ENETDOWN',
    'EHOSTUNREACH',
    'EHOSTDOWN',
]);
/** Failures that prove nothing reached the server. */
const NOT_SENT_CODES = new Set([
    'ECONNREFUSED',
    'EAI_AGAIN',
    'ENOTFOUND',
    'ENETUNREACH',
    'ENETDOWN',
    'EHOSTUNREACH',
    'EHOSTDOWN',
    'UND_ERR_CONNECT_TIMEOUT',
]);
/** undici codes that are programming errors, not the network. */
const UNDICI_BUGS = new Set([
    'UND_ERR_INVALID_ARG',
    'UND_ERR_NOT_SUPPORTED',
    'UND_ERR_INVALID_RETURN_VALUE',
    'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH',
    'UND_ERR_ABORTED',
]);
const TLS_CODE = /^(CERT_|ERR_TLS_|ERR_SSL_|UNABLE_TO_(GET|VERIFY|DECRYPT)|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|HOSTNAME_MISMATCH|INVALID_CA|INVALID_PURPOSE)/;
const SECONDARY_LIMIT = /secondary rate limit|abuse detection/i;
/**
 * What to do about a failure. `now` (ms since epoch) is used to turn an HTTP-date or
 * `x-ratelimit-reset` into a wait.
 */
function classify(error, options = {}) {
    const now = options.now ?? Date.now();
    if (error instanceof RetryError) {
        return withIds(error, { retry: false, reason: `already retried: ${error.reason}` });
    }
    if (error instanceof errors/* InputError */.dz || error instanceof errors/* UserError */.yo)
        return { retry: false, reason: error.name };
    if (error instanceof errors/* TransientError */.N_) {
        const wait = error.retryAfterMs;
        return {
            retry: true,
            reason: 'transient error',
            ...(wait !== undefined && Number.isFinite(wait) && wait > 0 ? { waitMs: wait } : {}),
        };
    }
    const status = statusOf(error);
    // octokit reports a transport failure as status 500 with the fetch error as `cause` and no response.
    if (status !== undefined && (isObject(prop(error, 'response')) || prop(error, 'cause') === undefined)) {
        return classifyStatus(error, status, now);
    }
    const network = classifyTransport(error);
    if (network)
        return network;
    if (status !== undefined) {
        return { retry: false, reason: `request failed before any response (${nameOf(prop(error, 'cause'))})` };
    }
    return { retry: false, reason: `not a transient failure (${nameOf(error)})` };
}
function classifyStatus(error, status, now) {
    const requestId = headerOf(error, 'x-github-request-id');
    const ids = { status, ...(requestId ? { requestId } : {}) };
    if (status === 429 || status === 403) {
        const retryAfter = headerOf(error, 'retry-after');
        const remaining = headerOf(error, 'x-ratelimit-remaining');
        const secondary = SECONDARY_LIMIT.test(messageText(error));
        const primary = remaining?.trim() === '0';
        if (status === 429 || secondary || primary || retryAfter !== undefined) {
            const kind = secondary ? 'secondary rate limit' : primary ? 'primary rate limit exhausted' : 'rate limited';
            const reason = `${kind}, status ${status}`;
            if (retryAfter !== undefined)
                return { retry: true, reason, waitMs: parseRetryAfter(retryAfter, now), notProcessed: true, ...ids };
            if (primary) {
                return { retry: true, reason, waitMs: untilReset(headerOf(error, 'x-ratelimit-reset'), now), notProcessed: true, ...ids };
            }
            return { retry: true, reason, waitMs: RATE_LIMIT_FALLBACK_MS, escalate: true, notProcessed: true, ...ids };
        }
        return { retry: false, reason: `status ${status}`, ...ids };
    }
    if (status >= 500 && status !== 501 && status !== 505) {
        const retryAfter = headerOf(error, 'retry-after');
        return {
            retry: true,
            reason: `status ${status}`,
            ...(retryAfter !== undefined ? { waitMs: parseRetryAfter(retryAfter, now) } : {}),
            ...ids,
        };
    }
    return { retry: false, reason: `status ${status}`, ...ids };
}
/** Network, DNS, TLS and timeout failures, found anywhere in the `cause` chain. */
function classifyTransport(error) {
    const chain = causesOf(error);
    for (const e of chain) {
        const code = prop(e, 'code');
        if (typeof code === 'string' && TLS_CODE.test(code)) {
            return { retry: false, reason: `TLS certificate error ${code}` };
        }
    }
    for (const e of chain) {
        const code = prop(e, 'code');
        if (typeof code !== 'string')
            continue;
        if (code === 'ENOTFOUND') {
            const host = hostnameOf(e);
            return { retry: true, reason: `ENOTFOUND${host ? ` ${host}` : ''}`, maxRetries: 1, notProcessed: true };
        }
        if (NETWORK_CODES.has(code) || (code.startsWith('UND_ERR_') && !UNDICI_BUGS.has(code))) {
            return { retry: true, reason: code, ...(NOT_SENT_CODES.has(code) ? { notProcessed: true } : {}) };
        }
    }
    for (const e of chain) {
        const name = prop(e, 'name');
        if (name === 'TimeoutError' || name === 'AbortError')
            return { retry: true, reason: 'attempt timed out' };
    }
    for (const e of chain) {
        if (e instanceof TypeError && /^(fetch failed|terminated)$/i.test(e.message)) {
            return { retry: true, reason: `network error (${e.message})` };
        }
    }
    return undefined;
}
// ---------------------------------------------------------------------------------------------
// Reading what octokit, fetch and undici put on an error
function withIds(error, verdict) {
    return {
        ...verdict,
        ...(error.status !== undefined ? { status: error.status } : {}),
        ...(error.requestId !== undefined ? { requestId: error.requestId } : {}),
    };
}
function isObject(value) {
    return (typeof value === 'object' || typeof value === 'function') && value !== null;
}
function prop(value, key) {
    return isObject(value) ? value[key] : undefined;
}
function nameOf(value) {
    const name = prop(value, 'name');
    return typeof name === 'string' && name !== '' ? name : typeof value;
}
function statusOf(error) {
    for (const candidate of [prop(error, 'status'), prop(prop(error, 'response'), 'status')]) {
        if (typeof candidate === 'number' && Number.isInteger(candidate) && candidate >= 100 && candidate <= 599) {
            return candidate;
        }
    }
    return undefined;
}
/** A response header from an octokit error (`response.headers`, a lower-cased record) or a fetch Headers. */
function headerOf(error, name) {
    const headers = prop(prop(error, 'response'), 'headers') ?? prop(error, 'headers');
    if (headers instanceof Headers)
        return headers.get(name) ?? undefined;
    if (!isObject(headers))
        return undefined;
    for (const [key, value] of Object.entries(headers)) {
        if (key.toLowerCase() !== name)
            continue;
        if (typeof value === 'string')
            return value;
        if (typeof value === 'number')
            return String(value);
    }
    return undefined;
}
/** The error's message plus the response body's `message`, for the secondary-limit test. */
function messageText(error) {
    const own = prop(error, 'message');
    const body = prop(prop(prop(error, 'response'), 'data'), 'message');
    return `${typeof own === 'string' ? own : ''}\n${typeof body === 'string' ? body : ''}`;
}
function causesOf(error) {
    const out = [];
    const queue = [error];
    const seen = new Set();
    while (queue.length > 0 && out.length < 16) {
        const next = queue.shift();
        if (next === undefined || next === null || seen.has(next))
            continue;
        seen.add(next);
        out.push(next);
        queue.push(prop(next, 'cause'));
        if (next instanceof AggregateError)
            queue.push(...next.errors);
    }
    return out;
}
function hostnameOf(error) {
    const host = prop(error, 'hostname');
    if (typeof host === 'string' && host !== '')
        return host;
    const match = /ENOTFOUND\s+([^\s:/]+)/.exec((0,errors/* messageOf */.bD)(error));
    return match?.[1];
}

// EXTERNAL MODULE: ./shared/log.ts
var shared_log = __webpack_require__(1620);
;// CONCATENATED MODULE: ./shared/retry.ts







/**
 * The suite's one retry wrapper, and the only module that knows p-retry.
 *
 * - p-retry drives the attempt loop: the attempt cap, abort handling, and its own real-time
 *   `maxRetryTime` as a safety net. Its delay is switched off (minTimeout = maxTimeout = 0) because
 *   its `randomize` is a multiplicative factor, not Full Jitter, and its timer cannot be faked; we
 *   sleep ourselves, through the injected Clock, from `onFailedAttempt`.
 * - Every call is bounded: an attempt cap, a per-delay cap and a total-time cap are always set
 *   (p-retry's defaults would allow ~17 minutes of sleeping).
 * - `classify` (retry-classify.ts) decides what is worth retrying (docs/faults.md, "What is retried") and how
 *   long the server asked us to wait; server-requested waits are never cut short and never sleep
 *   past the deadline — when a wait would pass it, the call fails at once and says when the limit
 *   resets.
 * - One log line per retried attempt: label, attempt n/m, status or error code, request id, delay.
 *   Never headers, bodies or URLs.
 */

// Classification and Retry-After parsing live next door; re-exported so this stays the one import.



/** 5 attempts, delays capped at 1 s, 2 s, 4 s, 8 s (30 s max), at most 5 minutes per call. */
const DEFAULT_RETRY_POLICY = Object.freeze({
    retries: 4,
    minDelayMs: 1_000,
    maxDelayMs: 30_000,
    maxRetryTimeMs: 300_000,
});
/** Runs `fn` until it succeeds, fails for good, runs out of attempts or time, or is aborted. */
async function withRetry(label, fn, opts = {}) {
    const policy = resolvePolicy(opts.policy);
    const clock = opts.clock ?? shared_clock/* realClock */.d;
    const random = opts.random ?? Math.random;
    const log = opts.log ?? ((line) => core.info((0,shared_log/* inert */.tJ)(line)));
    const judge = opts.shouldRetry ?? ((error, ctx) => classify(error, { now: ctx.now }));
    const { signal } = opts;
    const maxAttempts = policy.retries + 1;
    const startedAt = clock.now();
    const deadline = Math.min(opts.deadline ?? Number.POSITIVE_INFINITY, startedAt + policy.maxRetryTimeMs);
    const state = { attempts: 0, last: undefined, stop: undefined, seen: new Map() };
    const final = (verdict, error, extra = '', resetAt) => {
        const n = state.attempts;
        const message = `${label}: failed after ${n} attempt${n === 1 ? '' : 's'} (${describe(verdict)})${extra}: ` + shortMessage(error);
        return new RetryError(message, { label, attempts: n, verdict, ...(resetAt ? { resetAt } : {}) }, error);
    };
    /** The delay before the next attempt, or a RetryError when waiting is pointless or too long. */
    const plan = (attempt, verdict, error) => {
        const count = state.seen.get(verdict.reason) ?? 0;
        if (verdict.maxRetries !== undefined && count >= verdict.maxRetries) {
            return final(verdict, error, `; still failing after ${count} retr${count === 1 ? 'y' : 'ies'}`);
        }
        state.seen.set(verdict.reason, count + 1);
        const now = clock.now();
        const remaining = deadline - now;
        if (verdict.waitMs !== undefined) {
            const wait = verdict.escalate ? verdict.waitMs * 2 ** count : verdict.waitMs;
            if (wait > remaining) {
                const resetAt = new Date(now + wait);
                const what = /rate limit/i.test(verdict.reason) ? 'the rate limit resets at' : 'the server asked to wait until';
                const extra = `; ${what} ${resetAt.toISOString()}, after this call's retry deadline ${isoTime(deadline)}, so not waiting`;
                return final(verdict, error, extra, resetAt);
            }
            return wait;
        }
        if (remaining <= 0)
            return final(verdict, error, '; retry time budget spent');
        return Math.min(backoffDelay(policy, attempt - 1, random), remaining);
    };
    try {
        return await (0,p_retry/* default */.Ay)(async (attempt) => {
            state.attempts = attempt;
            try {
                return await fn(attempt);
            }
            catch (error) {
                if (signal?.aborted)
                    throw new p_retry/* AbortError */.lc(asError(error));
                const verdict = judge(error, { attempt, now: clock.now() });
                state.last = { error, verdict };
                if (!verdict.retry)
                    throw new p_retry/* AbortError */.lc(asError(error));
                throw new AttemptFailed(error, verdict);
            }
        }, {
            retries: policy.retries,
            factor: 1,
            minTimeout: 0,
            maxTimeout: 0,
            randomize: false,
            maxRetryTime: policy.maxRetryTimeMs,
            signal,
            onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
                if (!(error instanceof AttemptFailed) || retriesLeft <= 0)
                    return;
                const delay = plan(attemptNumber, error.verdict, error.original);
                if (delay instanceof RetryError) {
                    state.stop = delay;
                    throw delay;
                }
                log(`${label}: attempt ${attemptNumber}/${maxAttempts} failed (${describe(error.verdict)}); ` +
                    `retrying in ${formatDelay(delay)}`);
                if (opts.stats)
                    opts.stats.retries += 1;
                await clock.sleep(delay, signal);
            },
        });
    }
    catch (thrown) {
        if (signal?.aborted)
            throw signal.reason;
        if (state.stop !== undefined && thrown === state.stop)
            throw thrown;
        const last = state.last;
        if (last === undefined)
            throw thrown;
        const { error, verdict } = last;
        if (!verdict.retry) {
            if (error instanceof errors/* InputError */.dz || error instanceof errors/* UserError */.yo)
                throw error;
            if (error instanceof RetryError && state.attempts === 1)
                throw error;
        }
        throw final(verdict, error);
    }
}
/** Full Jitter (Brooker): uniform in [0, min(maxDelayMs, minDelayMs·2^retryIndex)]. */
function backoffDelay(policy, retryIndex, random = Math.random) {
    const cap = backoffCap(policy, retryIndex);
    const r = random();
    const unit = Number.isFinite(r) ? Math.min(1, Math.max(0, r)) : 0;
    return Math.round(unit * cap);
}
/** The upper bound of the retryIndex-th backoff delay (0-based). Non-decreasing in retryIndex. */
function backoffCap(policy, retryIndex) {
    return Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** Math.max(0, retryIndex));
}
/** Merges over the defaults and rejects anything unbounded or not a number. */
function resolvePolicy(policy = {}) {
    const merged = { ...DEFAULT_RETRY_POLICY };
    for (const key of Object.keys(DEFAULT_RETRY_POLICY)) {
        const value = policy[key];
        if (value === undefined)
            continue;
        if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
            throw new TypeError(`retry policy ${key} must be a finite number ≥ 0, got ${String(value)}`);
        }
        merged[key] = value;
    }
    if (!Number.isInteger(merged.retries))
        throw new TypeError(`retry policy retries must be an integer, got ${merged.retries}`);
    if (merged.maxDelayMs < merged.minDelayMs) {
        throw new TypeError(`retry policy maxDelayMs (${merged.maxDelayMs}) is below minDelayMs (${merged.minDelayMs})`);
    }
    return merged;
}
/** "1.2s", "30.0s", "2m00s". */
function formatDelay(ms) {
    if (ms < 60_000)
        return `${(ms / 1000).toFixed(1)}s`;
    const seconds = Math.round(ms / 1000);
    return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}
// ---------------------------------------------------------------------------------------------
// Helpers
/** Carries a retryable failure through p-retry, whatever was thrown (p-retry special-cases TypeError). */
class AttemptFailed extends Error {
    name = 'AttemptFailed';
    original;
    verdict;
    constructor(original, verdict) {
        super(verdict.reason);
        this.original = original;
        this.verdict = verdict;
    }
}
function describe(verdict) {
    return verdict.requestId ? `${verdict.reason}, request id ${verdict.requestId}` : verdict.reason;
}
/** The first line of a failure's message, without URL query strings, at most 300 characters. */
function shortMessage(error) {
    const line = ((0,errors/* messageOf */.bD)(error).split('\n')[0] ?? '').replace(/(\bhttps?:\/\/[^\s?#"'<>]*)[?#][^\s"'<>]*/gi, '$1');
    return line.length > 300 ? `${line.slice(0, 299)}…` : line;
}
function isoTime(ms) {
    return Number.isFinite(ms) ? new Date(ms).toISOString() : 'none';
}
function asError(error) {
    return error instanceof Error ? error : new Error((0,errors/* messageOf */.bD)(error));
}


/***/ })

};
