// The metric model sinks consume: every point is a catalogued metric with its catalogued labels,
// and nothing high-cardinality (run ids, shas, actors) becomes a label.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyse } from '../../actions/report-metrics/src/analysis.ts';
import type { JobFact, RunFact } from '../../actions/report-metrics/src/facts.ts';
import { readSettings } from '../../actions/report-metrics/src/inputs.ts';
import { gauges, kpiPoints, METRICS, samples } from '../../actions/report-metrics/src/metric-model.ts';
import { conform, countSamples } from '../../actions/report-metrics/src/sinks/model.ts';
import { readTarget } from '../../actions/report-metrics/src/target.ts';
import { Redactor } from '../../shared/redact.ts';
import { withActionDefaults } from './helpers/action-inputs.ts';
import { durations, prng } from './helpers/ci-durations.ts';

const DAY = 86_400_000;

function history(now: number): { runs: RunFact[]; jobs: JobFact[] } {
  const random = prng(3);
  const runs: RunFact[] = [];
  const jobs: JobFact[] = [];
  const values = durations(random, 120, { medianMs: 300_000, sigma: 0.2 });
  values.forEach((ms, i) => {
    const createdAt = now - 34 * DAY + i * 0.28 * DAY;
    const run: RunFact = { repository: 'o/r', workflow: 'ci.yml', id: 1000 + i, runNumber: i + 1, attempt: i % 17 === 0 ? 2 : 1, event: i % 5 === 0 ? 'pull_request' : 'push', branchClass: i % 5 === 0 ? 'other' : 'default', status: 'completed', conclusion: i % 11 === 0 ? 'failure' : 'success', createdAt, startedAt: createdAt + 1000, updatedAt: createdAt + 1000 + ms, headSha: 'a'.repeat(40), url: `https://github.com/o/r/actions/runs/${1000 + i}` };
    runs.push(run);
    jobs.push({ repository: 'o/r', workflow: 'ci.yml', runId: run.id, event: run.event, branchClass: run.branchClass, name: 'test (node 22)', attempt: run.attempt, conclusion: run.conclusion, createdAt: run.startedAt, startedAt: run.startedAt + 4000, completedAt: run.updatedAt, runnerLabel: 'ubuntu-latest', rerunArtefact: false });
  });
  return { runs, jobs };
}

function analysed(now: number) {
  const settings = readSettings(new Redactor(), withActionDefaults('report-metrics', { scope: 'both', 'github-token': 'ghs_0000000000000000000000000000000000000', records: '{"action":"deploy","outcome":"success","duration_ms":5,"attempts":1,"retries":0,"api_calls":3,"rate_limit_remaining":900,"started_at":"2026-11-30T00:00:00.000Z"}' }));
  const target = readTarget(settings, { GITHUB_REPOSITORY: 'o/r', GITHUB_WORKFLOW_REF: 'o/r/.github/workflows/ci.yml@refs/heads/main' }, now);
  const { runs, jobs } = history(now);
  const analysis = analyse({ runs, jobs, dora: [], collection: { repositories: 1, runs_listed: runs.length, list_calls: 2, slices: 1, split_calls: 0, capped_slices: 0, job_runs_sampled: runs.length, job_runs_eligible: runs.length, job_calls: runs.length, dora_calls: 0, api_calls: 123, max_api_calls: 300 } }, settings, target);
  return { settings, analysis, runs, jobs };
}

test('every point is catalogued, with catalogued labels only', () => {
  const now = Date.parse('2026-12-01T00:00:00Z');
  const { settings, analysis, runs, jobs } = analysed(now);
  const points = [...gauges(analysis), ...samples(runs, jobs)];
  assert.ok(points.length > 50);
  const names = new Set(points.map((p) => p.name));
  for (const expected of ['actions_suite_workflow_success_ratio', 'actions_suite_workflow_duration_seconds', 'actions_suite_job_queue_seconds', 'actions_suite_duration_regression', 'actions_suite_workflow_run_duration_seconds', 'actions_suite_job_run_queue_seconds', 'actions_suite_action_executions']) {
    assert.ok(names.has(expected), expected);
  }
  for (const p of points) {
    const info = METRICS[p.name];
    assert.ok(info, `${p.name} is catalogued`);
    assert.equal(p.kind, info.kind, p.name);
    for (const label of Object.keys(p.labels)) assert.ok(info.labels.includes(label), `${p.name}: label ${label} is catalogued`);
    assert.ok(Number.isFinite(p.value), `${p.name} has a number`);
    assert.equal(p.kind === 'sample', typeof p.timestamp === 'number', `${p.name}: samples, and only samples, carry timestamps`);
    for (const v of Object.values(p.labels)) assert.ok(!/^[0-9a-f]{40}$/.test(v) && !/^\d{4,}$/.test(v), `${p.name}: no sha or id as a label value (${v})`);
  }
  for (const info of Object.values(METRICS)) for (const l of info.labels) assert.ok(!/id|sha|actor|url/.test(l), `high-cardinality label ${l}`);
  assert.ok(analysis.analysis_ms >= 0);
  assert.ok(settings.records?.length === 1);
});

test('kpiPoints: the same values as series the sinks take — nothing dropped by the model, run identity on the samples, never a label', () => {
  const now = Date.parse('2026-12-01T00:00:00Z');
  const { analysis, runs, jobs } = analysed(now);
  const inWindow = runs.filter((r) => r.createdAt >= Date.parse(analysis.window.from));
  const values = [...gauges(analysis), ...samples(inWindow, jobs.filter((j) => inWindow.some((r) => r.id === j.runId)))];
  const points = kpiPoints(analysis, { runs, jobs });
  const { points: kept, problems } = conform(points);
  assert.deepEqual(problems, []);
  assert.equal(countSamples(kept), values.length, 'every value is one sample');
  const run = points.find((p) => p.name === 'actions_suite_workflow_run_duration_seconds' && p.labels['event'] === 'push' && p.labels['conclusion'] === 'success');
  assert.equal(run?.type, 'histogram');
  assert.equal(run?.unit, 'seconds');
  assert.equal(run?.help, METRICS['actions_suite_workflow_run_duration_seconds']?.help);
  assert.ok((run?.samples.length ?? 0) > 10 && (run?.samples.length ?? 0) < runs.length / 2, 'one series, one sample per run of the window (the baseline\'s were exported by earlier evaluations)');
  const first = inWindow.find((r) => r.event === 'push' && r.conclusion === 'success')!;
  assert.deepEqual(run?.samples[0], { value: (first.updatedAt - first.startedAt) / 1000, timestampMs: first.updatedAt, run: { id: String(first.id), attempt: first.attempt, sha: first.headSha, url: first.url } });
  const ratio = points.find((p) => p.name === 'actions_suite_workflow_success_ratio' && p.labels['event'] === 'push');
  assert.equal(ratio?.type, 'gauge');
  assert.deepEqual(ratio?.samples.map((s) => Object.keys(s)), [['value']], 'a window gauge has no timestamp');
  assert.ok(points.some((p) => p.name === 'actions_suite_job_duration_seconds' && p.labels['workflow_job'] === 'test (node 22)'), 'the job is workflow_job, never job');
  assert.ok(points.every((p) => !('job' in p.labels)));
});
