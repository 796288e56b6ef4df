// The regression detector: a seeded Monte Carlo holds its false-alarm and detection rates to the
// figures promised (≤ 2 % false alarms on CI-like noise with outlier runs; a real +40 % caught in
// ≥ 90 % of cases with ≥ 10 current runs at typical CI noise, CV ≤ 20 %), plus its verdict rules.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluate, firstSlowRun, type DetectorSettings, type Point } from '../../actions/report-metrics/src/detector.ts';
import { durations, prng } from './helpers/ci-durations.ts';

const SETTINGS: DetectorSettings = { thresholdPct: 40, minDeltaMs: 30_000, alpha: 0.01, minBaseline: 20, minCurrent: 5, confirmRuns: 3 };
const BASELINE = 30;
const TRIALS = 1000;

let serial = 0;
const points = (values: readonly number[]): Point[] =>
  values.map((value) => {
    serial += 1;
    return { value, run: { id: serial, runNumber: serial, headSha: serial.toString(16).padStart(40, '0'), url: `https://github.com/o/r/actions/runs/${serial}`, createdAt: serial * 1000 } };
  });

/** Share of trials (in %) flagged `regression`, baseline of 30 runs, 5 % outlier runs ×2–4. */
function alertRate(sigma: number, n: number, shift: number, seed: number): number {
  const random = prng(seed);
  let alerts = 0;
  for (let i = 0; i < TRIALS; i++) {
    const [e] = evaluate(
      [{ key: 'ci', baseline: points(durations(random, BASELINE, { medianMs: 600_000, sigma })), current: points(durations(random, n, { medianMs: 600_000, sigma }, shift)) }],
      SETTINGS,
    );
    if (e!.verdict === 'regression') alerts += 1;
  }
  return (100 * alerts) / TRIALS;
}

describe('Monte Carlo (seeded): false alarms and detection of +40 %', () => {
  const table: string[] = [];
  for (const sigma of [0.15, 0.2, 0.3, 0.45]) {
    for (const n of [5, 10, 20]) {
      test(`CV ≈ ${Math.round(sigma * 100)} %, ${n} current runs`, (t) => {
        const seed = 1000 + Math.round(sigma * 100) * 31 + n;
        const falseAlarms = alertRate(sigma, n, 1, seed);
        const detected = alertRate(sigma, n, 1.4, seed + 1);
        table.push(`| ${Math.round(sigma * 100)} % | ${n} | ${falseAlarms.toFixed(1)} % | ${detected.toFixed(1)} % |`);
        t.diagnostic(`false alarms ${falseAlarms.toFixed(1)} %, +40 % detected ${detected.toFixed(1)} %`);
        assert.ok(falseAlarms <= 2, `false alarms ${falseAlarms} % > 2 %`);
        if (sigma <= 0.2 && n >= 10) assert.ok(detected >= 90, `+40 % detected only ${detected} % of the time`);
      });
    }
  }
  test('the table', (t) => {
    t.diagnostic(['| CV | current runs | false alarms | +40 % detected |', ...table].join('\n'));
    assert.equal(table.length, 12);
  });

  test('a +40 % slowdown that began a quarter into the window (CV 15 %, 20 runs) is caught, measured from its start', (t) => {
    const random = prng(777);
    let caught = 0;
    let measuredFromStart = 0;
    for (let i = 0; i < TRIALS; i++) {
      const noise = { medianMs: 600_000, sigma: 0.15 };
      const [e] = evaluate([{ key: 'ci', baseline: points(durations(random, BASELINE, noise)), current: points([...durations(random, 5, noise), ...durations(random, 15, noise, 1.4)]) }], SETTINGS);
      if (e!.verdict === 'regression') caught += 1;
      if (e!.measured_since_run !== null) measuredFromStart += 1;
    }
    t.diagnostic(`caught ${(100 * caught) / TRIALS} %, measured since the first slow run in ${(100 * measuredFromStart) / TRIALS} %`);
    assert.ok(caught / TRIALS >= 0.9, `caught ${caught} of ${TRIALS}`);
  });

  test('fifty unchanged series evaluated together: Benjamini–Hochberg keeps whole evaluations quiet', () => {
    const random = prng(4242);
    let noisy = 0;
    const evaluations = 200;
    for (let i = 0; i < evaluations; i++) {
      const series = Array.from({ length: 50 }, (_, k) => ({ key: k, baseline: points(durations(random, BASELINE, { medianMs: 300_000, sigma: 0.3 })), current: points(durations(random, 10, { medianMs: 300_000, sigma: 0.3 })) }));
      if (evaluate(series, SETTINGS).some((e) => e.verdict === 'regression')) noisy += 1;
    }
    assert.ok(noisy / evaluations <= 0.02, `${noisy} of ${evaluations} evaluations raised a false alarm`);
  });
});

describe('verdict rules', () => {
  const steady = (seed: number, n: number, shift = 1, sigma = 0.1, medianMs = 600_000): number[] => durations(prng(seed), n, { medianMs, sigma, outliers: 0 }, shift);

  test('too few runs: insufficient-data, with the smallest slowdown the data could show', () => {
    const [few, none] = evaluate(
      [
        { key: 'few', baseline: points(steady(1, 30)), current: points(steady(2, 3, 2)) },
        { key: 'none', baseline: points(steady(3, 4)), current: points([]) },
      ],
      SETTINGS,
    );
    assert.equal(few!.verdict, 'insufficient-data');
    assert.ok(few!.min_detectable_pct !== null && few!.min_detectable_pct >= 20, `detectable +${few!.min_detectable_pct}%`);
    assert.match(few!.reason, /3 run\(s\) in the window and 30 in the baseline; at least 5 and 20/);
    assert.equal(none!.verdict, 'insufficient-data');
    assert.equal(none!.min_detectable_pct, null, 'no runs: nothing could be shown');
    assert.match(none!.reason, /no slowdown could be shown yet/);
  });

  test('a large, clear slowdown of a short job stays quiet under regression-min-delta', () => {
    const [e] = evaluate([{ key: 'short', baseline: points(steady(4, 30, 1, 0.1, 10_000)), current: points(steady(5, 12, 1.4, 0.1, 10_000)) }], SETTINGS);
    assert.equal(e!.verdict, 'suspected');
    assert.match(e!.reason, /under regression-min-delta/);
    assert.equal(e!.active, false);
  });

  test('a significant but small slowdown (its interval stays under the threshold) is not a regression', () => {
    const [e] = evaluate([{ key: 'small', baseline: points(steady(6, 300, 1, 0.05)), current: points(steady(7, 300, 1.22, 0.05)) }], SETTINGS);
    assert.ok(e!.ratio_hl! > 1.2 && e!.ratio_hl_ci95![1] < 1.4, JSON.stringify(e!.ratio_hl_ci95));
    assert.ok(e!.q_value! < 1e-6);
    assert.equal(e!.verdict, 'suspected');
  });

  test('a regression names its first slow run and the commit before it; recovery needs confirm-runs fast runs', () => {
    const base = points(steady(8, 30));
    const slow = points(steady(9, 12, 1.5));
    const [e] = evaluate([{ key: 'ci', baseline: base, current: slow }], SETTINGS);
    assert.equal(e!.verdict, 'regression');
    assert.equal(e!.first_slow_run?.id, slow[0]!.run.id);
    assert.equal(e!.first_slow_run?.previous_head_sha, base.at(-1)!.run.headSha);
    assert.equal(e!.recovered, false);
    assert.equal(e!.active, true);

    const fixed = [...slow, ...points(steady(10, 3))];
    const [later] = evaluate([{ key: 'ci', baseline: base, current: fixed }], SETTINGS);
    assert.equal(later!.verdict, 'regression', 'the window still holds the slow runs');
    assert.equal(later!.recovered, true, 'the newest 3 runs are back under the baseline');
    assert.equal(later!.active, false, 'so nothing alerts');
    const [notYet] = evaluate([{ key: 'ci', baseline: base, current: [...slow, ...points(steady(11, 2))] }], SETTINGS);
    assert.equal(notYet!.recovered, false, 'two fast runs are not three');
  });

  test('first slow run on a step change inside the window', () => {
    const before = points(steady(12, 40));
    const after = points(steady(13, 15, 1.6));
    const found = firstSlowRun({ key: 'x', baseline: before.slice(0, 30), current: [...before.slice(30), ...after] });
    assert.equal(found?.id, after[0]!.run.id);
  });
});
