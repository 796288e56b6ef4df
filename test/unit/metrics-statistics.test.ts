// report-metrics' statistics against an independent oracle: SciPy and NumPy from Debian's
// python3-scipy, run by Debian's python3 (the service manager installs it), on the same inputs.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  benjaminiHochberg,
  hodgesLehmann,
  kthDifference,
  madSigma,
  mannWhitneyGreater,
  minDetectableRatio,
  normalCdf,
  normalQuantile,
  quantile,
  smallestP,
  sorted,
} from '../../actions/report-metrics/src/statistics.ts';
import { startService, type Scipy } from '../harness/services/index.ts';
import { durations, prng } from './helpers/ci-durations.ts';

let scipy: Scipy;
before(async () => {
  scipy = await startService('scipy');
});
after(() => scipy?.stop());

const close = (actual: number, expected: number, rel: number, what: string): void => {
  const tolerance = Math.max(rel * Math.abs(expected), 1e-12);
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} vs SciPy ${expected} (relative tolerance ${rel})`);
};

/** Sample pairs: untied small ones (exact), tied ones (durations rounded to seconds), large ones. */
function cases(): { base: number[]; cur: number[] }[] {
  const random = prng(20261201);
  const out: { base: number[]; cur: number[] }[] = [];
  for (const [m, n, shift, sigma, roundTo] of [
    [5, 4, 1.3, 0.2, 0],
    [8, 6, 1.0, 0.3, 0],
    [20, 8, 1.4, 0.15, 0],
    [30, 10, 1.2, 0.3, 0],
    [25, 25, 1.0, 0.45, 0],
    [30, 10, 1.4, 0.3, 60_000],
    [12, 7, 1.1, 0.2, 30_000],
    [200, 60, 1.1, 0.3, 0],
    [400, 120, 1.05, 0.2, 1000],
  ] as const) {
    const r = (x: number): number => (roundTo ? Math.round(x / roundTo) * roundTo : x);
    out.push({ base: durations(random, m, { medianMs: 600_000, sigma }).map(r), cur: durations(random, n, { medianMs: 600_000, sigma }, shift).map(r) });
  }
  return out;
}

describe('statistics against SciPy (Debian python3-scipy)', () => {
  test('Mann–Whitney U, one-sided greater: exact and asymptotic p-values and U', async () => {
    const input = cases().map(({ base, cur }) => ({ base, cur }));
    const expected = await scipy.evaluate<{ u: number; exact: number | null; asymptotic: number }[]>(
      `
import json, sys
from scipy.stats import mannwhitneyu
out = []
for c in json.load(sys.stdin):
    a = mannwhitneyu(c['cur'], c['base'], alternative='greater', method='asymptotic')
    tied = len(set(c['cur'] + c['base'])) < len(c['cur'] + c['base'])
    e = None if tied or len(c['cur']) * len(c['base']) > 1000 else mannwhitneyu(c['cur'], c['base'], alternative='greater', method='exact').pvalue
    out.append({'u': float(a.statistic), 'exact': None if e is None else float(e), 'asymptotic': float(a.pvalue)})
print(json.dumps(out))
`,
      input,
    );
    let exactCases = 0;
    input.forEach(({ base, cur }, i) => {
      const want = expected[i]!;
      const asym = mannWhitneyGreater(base, cur, 'asymptotic');
      assert.equal(asym.u, want.u, `case ${i}: U`);
      close(asym.p, want.asymptotic, 1e-6, `case ${i}: asymptotic p`);
      if (want.exact !== null) {
        exactCases += 1;
        const exact = mannWhitneyGreater(base, cur, 'exact');
        close(exact.p, want.exact, 1e-9, `case ${i}: exact p`);
        assert.equal(mannWhitneyGreater(base, cur).method, 'exact', `case ${i}: auto picks exact for small untied samples`);
      } else {
        assert.equal(mannWhitneyGreater(base, cur).method, 'asymptotic', `case ${i}: auto picks asymptotic with ties or many pairs`);
      }
    });
    assert.ok(exactCases >= 4, 'several cases exercise the exact distribution');
  });

  test('normal cdf and quantile, quantiles (NumPy linear), MAD (SciPy median_abs_deviation, normal scale)', async () => {
    const zs = [-6, -3.1, -2.326, -1, -0.2, 0, 0.5, 1.645, 2.576, 4, 7.5];
    const ps = [1e-10, 1e-4, 0.001, 0.01, 0.025, 0.2, 0.5, 0.8, 0.975, 0.99, 0.9999];
    const random = prng(7);
    const xs = durations(random, 57, { medianMs: 300_000, sigma: 0.4 });
    const qs = [0, 0.05, 0.25, 0.5, 0.75, 0.95, 1];
    const want = await scipy.evaluate<{ cdf: number[]; ppf: number[]; q: number[]; mad: number }>(
      `
import json, sys, numpy as np
from scipy.stats import norm, median_abs_deviation
d = json.load(sys.stdin)
print(json.dumps({'cdf': [float(norm.cdf(z)) for z in d['zs']], 'ppf': [float(norm.ppf(p)) for p in d['ps']],
  'q': [float(np.percentile(d['xs'], 100 * q)) for q in d['qs']], 'mad': float(median_abs_deviation(np.log(d['xs']), scale='normal'))}))
`,
      { zs, ps, xs, qs },
    );
    zs.forEach((z, i) => close(normalCdf(z), want.cdf[i]!, 1e-6, `cdf(${z})`));
    ps.forEach((p, i) => close(normalQuantile(p), want.ppf[i]!, 1e-8, `ppf(${p})`));
    const s = sorted(xs);
    qs.forEach((q, i) => close(quantile(s, q), want.q[i]!, 1e-12, `percentile ${q}`));
    // SciPy's normal scale is 1/Φ⁻¹(3/4) = 1.482602…; ours rounds it to 1.4826.
    close(madSigma(sorted(xs.map(Math.log))), want.mad, 2e-6, 'MAD σ');
  });

  test('Hodges–Lehmann: point estimate, interval and k-th differences against NumPy over all pairs', async () => {
    const input = cases().map(({ base, cur }) => ({ base: base.map(Math.log), cur: cur.map(Math.log) }));
    const want = await scipy.evaluate<{ hl: number; lower: number; upper: number; kth: number[] }[]>(
      `
import json, sys, math, numpy as np
from scipy.stats import norm
out = []
for c in json.load(sys.stdin):
    d = np.sort(np.subtract.outer(np.array(c['cur']), np.array(c['base'])).ravel())
    n, m = len(c['cur']), len(c['base'])
    k = max(1, math.floor(n * m / 2 - norm.ppf(0.975) * math.sqrt(n * m * (n + m + 1) / 12)))
    out.append({'hl': float(np.median(d)), 'lower': float(d[k - 1]), 'upper': float(d[n * m - k]),
                'kth': [float(d[i]) for i in [0, len(d) // 3, len(d) - 1]]})
print(json.dumps(out))
`,
      input,
    );
    input.forEach(({ base, cur }, i) => {
      const b = sorted(base);
      const c = sorted(cur);
      const hl = hodgesLehmann(b, c);
      close(hl.estimate, want[i]!.hl, 1e-9, `case ${i}: HL`);
      close(hl.lower, want[i]!.lower, 1e-9, `case ${i}: lower`);
      close(hl.upper, want[i]!.upper, 1e-9, `case ${i}: upper`);
      const total = b.length * c.length;
      [1, Math.floor(total / 3) + 1, total].forEach((k, j) => close(kthDifference(b, c, k), want[i]!.kth[j]!, 1e-9, `case ${i}: ${k}-th difference`));
    });
  });

  test('Benjamini–Hochberg against the step-up procedure written in NumPy', async () => {
    const random = prng(99);
    const ps = Array.from({ length: 40 }, (_, i) => (i < 5 ? random() * 0.001 : random()));
    const want = await scipy.evaluate<number[]>(
      `
import json, sys, numpy as np
p = np.array(json.load(sys.stdin))
order = np.argsort(p)
ranked = p[order] * len(p) / np.arange(1, len(p) + 1)
q = np.minimum.accumulate(ranked[::-1])[::-1]
out = np.empty_like(q); out[order] = np.minimum(q, 1)
print(json.dumps(out.tolist()))
`,
      ps,
    );
    benjaminiHochberg(ps).forEach((q, i) => close(q, want[i]!, 1e-12, `q ${i}`));
    assert.deepEqual(benjaminiHochberg([0.01, Number.NaN, 0.04]).map((x) => (Number.isNaN(x) ? 'NaN' : x)), [0.02, 'NaN', 0.04], 'untested series stay out of the count');
  });
});

describe('statistics without an oracle', () => {
  test('the smallest attainable p and the detectable shift', () => {
    assert.equal(smallestP(2, 5), 1 / 21);
    assert.equal(minDetectableRatio(0.2, 2, 5, 0.01), Infinity, 'two runs can never reach p < 0.01 against five');
    const r10 = minDetectableRatio(0.15, 10, 30, 0.01);
    const r40 = minDetectableRatio(0.15, 40, 30, 0.01);
    assert.ok(r10 > 1.15 && r10 < 1.35, `σ 0.15, n 10: ${r10}`);
    assert.ok(r40 < r10, 'more runs detect smaller slowdowns');
    assert.ok(minDetectableRatio(0.45, 10, 30, 0.01) > r10, 'more noise needs a larger slowdown');
  });
});
