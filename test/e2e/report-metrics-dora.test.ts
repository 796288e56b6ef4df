// DORA end to end: deployments of production seeded over time as the deploy action records them
// (a marker payload, in_progress then a final status; a rolled-back one ends `failure` and says
// so), commits with committer dates for lead time; report-metrics reads them through the
// Deployments and compare APIs and the figures are checked against a hand computation.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DAY } from './helpers/metrics-history.ts';
import { metricsWorld, REPO } from './helpers/metrics-world.ts';

const iso = (t: number): string => new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
const MIN = 60_000;
const HOUR = 3_600_000;

interface Dora {
  environment: string;
  deployments: number;
  successes: number;
  failures: number;
  rolled_back: number;
  deployment_frequency_per_day: number;
  lead_time_p50_ms: number | null;
  lead_time_deployments: number;
  change_failure_rate: number | null;
  time_to_restore_p50_ms: number | null;
  restored: number;
  unrestored: number;
}

test('deployment frequency, lead time, change failure rate and time to restore from deployment records', async (t) => {
  const w = await metricsWorld(t);
  const now = Date.now();
  const commit = (ago: number, n: number): string => w.gh.seed.commit(REPO, { date: iso(now - ago), message: `change ${n}` });
  const deploy = (sha: string, at: number, run: number, statuses: { state: string; after: number; description?: string }[]): void =>
    void w.gh.seed.deployment(REPO, {
      ref: sha,
      sha,
      environment: 'production',
      createdAt: iso(at),
      payload: { 'actions-suite/deploy': { marker: `m${run}`, run_id: String(run), run_attempt: 1 } },
      statuses: statuses.map((s) => ({ state: s.state, createdAt: iso(at + s.after), ...(s.description ? { description: s.description } : {}) })),
    });
  // A run of the workflow, so the run list has something (DORA needs none).
  w.gh.seed.workflowRun(REPO, { path: '.github/workflows/ci.yml', createdAt: iso(now - DAY) });

  const c0 = commit(12 * DAY, 0);
  deploy(c0, now - 10 * DAY, 1, [{ state: 'in_progress', after: 0 }, { state: 'success', after: 5 * MIN }]); // before the window
  const c1 = commit(6.5 * DAY, 1);
  const c2 = commit(6.2 * DAY, 2);
  const d1 = now - 6 * DAY;
  deploy(c2, d1, 2, [{ state: 'in_progress', after: 0 }, { state: 'success', after: 6 * MIN }]);
  const c3 = commit(4.5 * DAY, 3);
  const d2 = now - 4 * DAY;
  deploy(c3, d2, 3, [
    { state: 'in_progress', after: 0 },
    { state: 'in_progress', after: 4 * MIN, description: `Health gate failed; rolling back to ${c2.slice(0, 7)}` },
    { state: 'failure', after: 11 * MIN, description: `Health gate failed; rolled back to ${c2.slice(0, 7)}` },
  ]);
  const c4 = commit(3.2 * DAY, 4);
  const d3 = now - 3 * DAY;
  deploy(c4, d3, 4, [{ state: 'in_progress', after: 0 }, { state: 'failure', after: 3 * MIN, description: 'Deploy script failed; not rolled back (auto-rollback is off)' }]);
  const c5 = commit(2.5 * DAY, 5);
  const d4 = now - 2 * DAY;
  deploy(c5, d4, 5, [{ state: 'in_progress', after: 0 }, { state: 'success', after: 7 * MIN }]);
  // Still running: not finished, so not counted.
  deploy(commit(HOUR, 6), now - 10 * MIN, 6, [{ state: 'in_progress', after: 0 }]);
  void c1;

  const r = await w.report({ workflow: 'ci.yml', 'dora-environments': 'production' });
  assert.equal(r.conclusion, 'success', r.stderr);
  const [dora] = JSON.parse(r.outputs['dora'] ?? '[]') as Dora[];
  assert.ok(dora);
  const median = (xs: number[]): number => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  };
  // d1 shipped c1 and c2 (since c0); d4 shipped c3, c4, c5 (since c2: the failed ones never counted as shipped).
  const lead1 = median([d1 + 6 * MIN - (now - 6.5 * DAY), d1 + 6 * MIN - (now - 6.2 * DAY)]);
  const lead4 = median([d4 + 7 * MIN - (now - 4.5 * DAY), d4 + 7 * MIN - (now - 3.2 * DAY), d4 + 7 * MIN - (now - 2.5 * DAY)]);
  const roundS = (ms: number): number => Math.round(ms / 1000) * 1000;
  assert.deepEqual(
    {
      deployments: dora.deployments,
      successes: dora.successes,
      failures: dora.failures,
      rolled_back: dora.rolled_back,
      per_day: dora.deployment_frequency_per_day,
      cfr: dora.change_failure_rate,
      restored: dora.restored,
      unrestored: dora.unrestored,
      lead_deployments: dora.lead_time_deployments,
    },
    { deployments: 4, successes: 2, failures: 2, rolled_back: 1, per_day: Math.round((2 / 7) * 1000) / 1000, cfr: 0.5, restored: 2, unrestored: 0, lead_deployments: 2 },
  );
  assert.equal(roundS(dora.lead_time_p50_ms!), roundS(median([lead1, lead4])));
  // Rolled back: restored when the rollback finished (11 min); the other: when d4 succeeded.
  assert.equal(roundS(dora.time_to_restore_p50_ms!), roundS(median([11 * MIN, d4 + 7 * MIN - d3])));
  assert.match(r.summary, /### DORA\n\n\| repository \| environment \|.*\n\|.*\n\| octo\/shop \| production \| 4 \| 0\.286 \|/);
  const points = (JSON.parse(r.outputs['metrics'] ?? '{}') as { points: { name: string; value: number; labels: Record<string, string> }[] }).points;
  assert.equal(points.find((p) => p.name === 'actions_suite_dora_change_failure_ratio')?.value, 0.5);
  assert.equal(points.find((p) => p.name === 'actions_suite_dora_deployments' && p.labels['outcome'] === 'rolled_back')?.value, 1);
  const compares = w.gh.requests.filter((q) => q.path.startsWith(`/repos/${REPO}/compare/`)).map((q) => q.path.split('/').pop());
  assert.deepEqual(compares, [`${c0}...${c2}`, `${c2}...${c5}`], 'lead time compares each success with the previous success');
  assert.deepEqual(w.gh.contractViolations, []);
});
