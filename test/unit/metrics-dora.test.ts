// DORA measures from deployment histories (pure): each definition on a small, hand-checked case.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DeploymentFact } from '../../actions/report-metrics/src/collect/deployments.ts';
import { doraReport } from '../../actions/report-metrics/src/dora.ts';

const H = 3_600_000;
const d = (id: number, at: number, final: string, extra: Partial<DeploymentFact> = {}, rolledBack = false): DeploymentFact => ({
  id,
  environment: 'production',
  sha: String(id).padStart(40, '0'),
  createdAt: at,
  statuses: [
    { state: 'in_progress', createdAt: at, rolledBack: false },
    { state: final, createdAt: at + H / 4, rolledBack },
  ],
  commitTimes: [],
  ...extra,
});

test('a failure without rollback is restored by the next success; one still failing is counted as unrestored', () => {
  const history = {
    repository: 'o/r',
    environment: 'production',
    calls: 0,
    skipped: 0,
    deployments: [d(1, 10 * H, 'success', { commitTimes: [8 * H, 9 * H] }), d(2, 20 * H, 'failure'), d(3, 26 * H, 'success', { commitTimes: [24 * H] }), d(4, 30 * H, 'error')],
  };
  const r = doraReport(history, 0, 48 * H);
  assert.deepEqual(
    [r.deployments, r.successes, r.failures, r.change_failure_rate, r.restored, r.unrestored, r.deployment_frequency_per_day],
    [4, 2, 2, 0.5, 1, 1, 1],
  );
  // Lead: d1 median(2.25 h, 1.25 h) = 1.75 h; d3: 2.25 h → median 2 h.
  assert.equal(r.lead_time_p50_ms, 2 * H);
  // Restore: d2 started at 20 h, d3 succeeded at 26.25 h.
  assert.equal(r.time_to_restore_p50_ms, 6.25 * H);
});

test('a rolled-back deployment is a failure restored when its rollback finished', () => {
  const history = { repository: 'o/r', environment: 'production', calls: 0, skipped: 0, deployments: [d(1, 1 * H, 'failure', {}, true)] };
  const r = doraReport(history, 0, 24 * H);
  assert.deepEqual([r.failures, r.rolled_back, r.restored, r.time_to_restore_p50_ms, r.change_failure_rate], [1, 1, 1, H / 4, 1]);
  assert.equal(r.lead_time_p50_ms, null);
});

test('deployments before the window or still running are not counted', () => {
  const running: DeploymentFact = { ...d(3, 20 * H, 'success'), statuses: [{ state: 'in_progress', createdAt: 20 * H, rolledBack: false }] };
  const history = { repository: 'o/r', environment: 'production', calls: 0, skipped: 0, deployments: [d(1, -5 * H, 'success'), d(2, 2 * H, 'success'), running] };
  const r = doraReport(history, 0, 24 * H);
  assert.deepEqual([r.deployments, r.successes], [1, 1]);
});
