// report-metrics' job sampling: the budget shared fairly between strata, runs picked evenly in time.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allocate, pickEvenly } from '../../actions/report-metrics/src/collect/jobs.ts';
import { searchDate } from '../../actions/report-metrics/src/collect/runs.ts';

test('allocate: small strata get all they have, the rest is shared; never more than the budget', () => {
  const cases: [number[], number, number[]][] = [
    [[10, 10], 100, [10, 10]],
    [[5, 200, 200], 105, [5, 50, 50]],
    [[0, 50, 3], 20, [0, 17, 3]],
    [[100, 100, 100], 10, [4, 3, 3]],
    [[7], 0, [0]],
  ];
  for (const [sizes, total, want] of cases) {
    const got = allocate(sizes, total);
    assert.deepEqual(got, want, `${JSON.stringify(sizes)} / ${total}`);
    assert.ok(got.reduce((a, b) => a + b, 0) <= total);
  }
});

test('pickEvenly: evenly spaced, first and last halves alike', () => {
  const items = Array.from({ length: 100 }, (_, i) => i);
  assert.deepEqual(pickEvenly(items, 4), [12, 37, 62, 87]);
  assert.deepEqual(pickEvenly(items, 0), []);
  assert.equal(pickEvenly(items, 500).length, 100);
});

test('searchDate: whole seconds in UTC, as the created filter takes them', () => {
  assert.equal(searchDate(Date.parse('2026-11-01T10:20:30.456Z')), '2026-11-01T10:20:30Z');
});
