// report-metrics end to end: the shipped bundle, run as the runner runs it, against the GitHub
// emulator seeded with a CI history of a few hundred runs (log-normal durations, outliers,
// failures, re-runs, matrix jobs) in which one workflow became 40 % slower and another only
// noisier. Every test scans for leaks and holds the emulator to GitHub's OpenAPI description.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DAY, seedHistory, type SeededRun } from './helpers/metrics-history.ts';
import { metricsWorld, REPO } from './helpers/metrics-world.ts';
import type { RunResult } from '../harness/runner/index.ts';

interface Evaluation {
  series: { repository: string; workflow: string; job?: string; event: string; branch_class: string };
  level: string;
  verdict: string;
  ratio_hl: number | null;
  q_value: number | null;
  min_detectable_pct: number | null;
  first_slow_run: { id: number; head_sha: string; url: string } | null;
  active: boolean;
}

const evaluations = (r: RunResult): Evaluation[] => JSON.parse(r.outputs['regressions'] ?? '[]') as Evaluation[];
const find = (r: RunResult, workflow: string, job?: string, event = 'push'): Evaluation | undefined =>
  evaluations(r).find((e) => e.series.workflow === workflow && e.series.job === job && e.series.event === event && e.series.branch_class === (event === 'push' ? 'default' : 'other'));
const record = (r: RunResult): { api_calls: number; outcome: string } => JSON.parse(r.outputs['record'] ?? '{}') as { api_calls: number; outcome: string };

function plans(now: number) {
  return [
    // Became 40 % slower 6.5 days ago (inside the 7-day window). A steady build (CV 8 %, plus the
    // outlier runs): where the noise is larger the first slow run is named within a run or two.
    { file: 'build.yml', name: 'Build', pushPerDay: 5, prPerDay: 2, medianMs: 600_000, sigma: 0.08, slowFrom: now - 6.5 * DAY, slowdown: 1.4, matrix: ['node 20', 'node 22'] },
    // Only noisier: σ 0.10 → 0.30 over the window, same median.
    { file: 'lint.yml', name: 'Lint', pushPerDay: 4, medianMs: 240_000, sigma: 0.1, noisierFrom: now - 7 * DAY, noisierSigma: 0.3 },
  ];
}

function seed(w: Awaited<ReturnType<typeof metricsWorld>>, now: number): SeededRun[] {
  return seedHistory(w.gh, REPO, plans(now), { from: now - 35 * DAY, to: now - 60_000, seed: 7 });
}

describe('report-metrics: analysis of a seeded history', { concurrency: 2 }, () => {
  test('the 40 % slower workflow is flagged with its first slow run; the noisier one is not; KPIs match the history', async (t) => {
    const w = await metricsWorld(t);
    const now = Date.now();
    const runs = seed(w, now);
    assert.ok(runs.length > 300, `a few hundred runs (${runs.length})`);
    const r = await w.report({ workflow: 'build.yml\nlint.yml', 'regression-threshold': '40', scope: 'both', 'max-api-calls': '1000' });
    assert.equal(r.conclusion, 'success', r.stderr);

    const build = find(r, 'build.yml');
    const firstSlow = runs.find((x) => x.file === 'build.yml' && x.event === 'push' && x.slow && x.conclusion === 'success');
    assert.equal(build?.verdict, 'regression', JSON.stringify(build));
    assert.ok(build.ratio_hl! >= 1.25 && build.ratio_hl! <= 1.6, `ratio ${build.ratio_hl}`);
    assert.equal(build.first_slow_run?.id, firstSlow?.id, 'names the first slow run');
    assert.equal(build.first_slow_run?.head_sha, firstSlow?.headSha, 'and its commit');
    assert.equal(build.first_slow_run?.url, `https://github.com/${REPO}/actions/runs/${firstSlow?.id}`);
    assert.equal(find(r, 'build.yml', 'test (node 20)')?.verdict, 'regression', 'the matrix job that carries the slowdown');
    const lint = find(r, 'lint.yml');
    assert.ok(lint && lint.verdict !== 'regression', `noisier is not slower: ${JSON.stringify(lint)}`);
    for (const e of evaluations(r).filter((x) => x.series.workflow === 'lint.yml')) assert.notEqual(e.verdict, 'regression', `lint ${e.series.job ?? 'run'}`);
    assert.equal(r.outputs['regressed'], 'true');

    // KPIs of the window, recomputed from the seeded history.
    const window = runs.filter((x) => x.createdAt >= now - 7 * DAY);
    assert.equal(Number(r.outputs['runs']), window.length);
    const decided = window.filter((x) => x.conclusion === 'success' || x.conclusion === 'failure');
    const ok = decided.filter((x) => x.conclusion === 'success');
    assert.equal(Number(r.outputs['success-rate']), Math.round((ok.length / decided.length) * 10_000) / 10_000);
    assert.equal(Number(r.outputs['rerun-rate']), Math.round((window.filter((x) => x.attempt > 1).length / window.length) * 10_000) / 10_000);
    assert.equal(Number(r.outputs['first-attempt-success-rate']), Math.round((ok.filter((x) => x.attempt === 1).length / decided.length) * 10_000) / 10_000);
    const sortedDurations = ok.map((x) => x.durationMs).sort((a, b) => a - b);
    const h = (sortedDurations.length - 1) * 0.5;
    const p50 = sortedDurations[Math.floor(h)]! + (h - Math.floor(h)) * (sortedDurations[Math.ceil(h)]! - sortedDurations[Math.floor(h)]!);
    assert.equal(Number(r.outputs['duration-p50-ms']), Math.round(p50));
    assert.ok(Number(r.outputs['queue-p50-ms']) > 1000 && Number(r.outputs['queue-p95-ms']) >= Number(r.outputs['queue-p50-ms']));

    // Re-run artefacts (jobs copied from attempt 1) are left out of queue time and counted.
    const metrics = JSON.parse(r.outputs['metrics'] ?? '{}') as { overall: { queue_dropped: number }; collection: Record<string, number>; points: { name: string; labels: Record<string, string> }[] };
    assert.ok(metrics.overall.queue_dropped > 0, 'copied jobs were dropped from queue time');
    assert.equal(metrics.collection['runs_listed'], runs.length);
    assert.ok(metrics.points.some((p) => p.name === 'actions_suite_duration_regression' && p.labels['verdict'] === 'regression'));
    for (const p of metrics.points) for (const label of Object.keys(p.labels)) assert.ok(!/run_id|sha|actor/.test(label), `no high-cardinality label: ${p.name} ${label}`);

    // The run's page: a warning per regressed series, a table per workflow, offline charts.
    const warnings = r.annotations.filter((a) => a.level === 'warning');
    assert.ok(warnings.some((a) => a.message.includes('build.yml (push, default branch) is +')), warnings.map((a) => a.message).join('\n'));
    assert.ok(!warnings.some((a) => a.message.includes('lint.yml')));
    assert.match(r.summary, /### octo\/shop build\.yml/);
    assert.match(r.summary, /### octo\/shop lint\.yml/);
    assert.match(r.summary, /```mermaid\nxychart-beta\n {2}title "build\.yml push default branch: median duration/);
    assert.match(r.summary, /success rate \(%\)/);
    assert.ok(!/https?:\/\/(?!github\.com)[^\s)]*\.(png|svg)/.test(r.summary), 'no outside chart service');

    assert.deepEqual(w.gh.contractViolations, []);
    assert.equal(record(r).api_calls, w.gh.requests.length, 'the record counts every call GitHub saw');
    assert.equal(record(r).outcome, 'regressed');
  });

  test('a small API budget: jobs are sampled evenly and the summary says so; the budget holds', async (t) => {
    const w = await metricsWorld(t);
    const now = Date.now();
    const runs = seed(w, now);
    const r = await w.report({ workflow: 'build.yml\nlint.yml', 'regression-threshold': '40', 'max-api-calls': '60' });
    assert.equal(r.conclusion, 'success', r.stderr);
    assert.ok(w.gh.requests.length <= 60, `${w.gh.requests.length} calls for a budget of 60`);
    const c = (JSON.parse(r.outputs['metrics'] ?? '{}') as { collection: Record<string, number> }).collection;
    assert.equal(c['runs_listed'], runs.length, 'the run list is complete');
    assert.ok(c['job_runs_sampled']! > 20 && c['job_runs_sampled']! < runs.length);
    assert.match(r.summary, /sampled evenly in time: max-api-calls \(60\) is short of one call per run/);
    // Both workflows, and both the window and the baseline, got jobs read.
    const jobRuns = new Set(w.gh.requests.filter((q) => q.route.endsWith('/attempts/{attempt_number}/jobs')).map((q) => Number(q.path.split('/')[6])));
    const sampled = runs.filter((x) => jobRuns.has(x.id));
    for (const file of ['build.yml', 'lint.yml']) {
      assert.ok(sampled.some((x) => x.file === file && x.createdAt >= now - 7 * DAY), `${file} window sampled`);
      assert.ok(sampled.some((x) => x.file === file && x.createdAt < now - 7 * DAY), `${file} baseline sampled`);
    }
    assert.equal(find(r, 'build.yml')?.verdict, 'regression', 'run-level detection needs no job calls');
    assert.deepEqual(w.gh.contractViolations, []);
  });

  test("runs over GitHub's 1,000-result cap: date slices, nothing lost, the overhead reported", async (t) => {
    const w = await metricsWorld(t);
    const now = Date.now();
    // 2,450 runs over 35 days of one workflow.
    const runs = seedHistory(w.gh, REPO, [{ file: 'busy.yml', name: 'Busy', pushPerDay: 70, medianMs: 300_000, sigma: 0.2, rerunRate: 0, failureRate: 0.02 }], { from: now - 35 * DAY, to: now - 60_000, seed: 11 });
    const r = await w.report({ workflow: 'busy.yml', 'max-api-calls': '200' });
    assert.equal(r.conclusion, 'success', r.stderr);
    const c = (JSON.parse(r.outputs['metrics'] ?? '{}') as { collection: Record<string, number> }).collection;
    assert.equal(c['runs_listed'], runs.length, 'every run was listed');
    assert.equal(c['capped_slices'], 0);
    const lists = w.gh.requests.filter((q) => q.route === 'GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs');
    assert.equal(lists.length, c['list_calls']);
    assert.ok(lists.every((q) => Number(new URLSearchParams(q.query).get('page')) <= 10), 'no page past the cap');
    assert.ok(c['split_calls']! >= 1, 'the first slice was split');
    assert.ok(lists.length <= Math.ceil(runs.length / 100) + c['slices']! + c['split_calls']!, `${lists.length} list calls for ${runs.length} runs`);
    assert.deepEqual(w.gh.contractViolations, []);
  });

  test('several repositories, every workflow: series stay apart by repository', async (t) => {
    const w = await metricsWorld(t);
    const now = Date.now();
    w.gh.seed.repo('octo/api');
    seedHistory(w.gh, REPO, [plans(now)[1]!], { from: now - 35 * DAY, to: now - 60_000, seed: 3 });
    seedHistory(w.gh, 'octo/api', [{ file: 'ci.yml', name: 'CI', pushPerDay: 3, medianMs: 420_000, sigma: 0.15 }], { from: now - 35 * DAY, to: now - 60_000, seed: 4 });
    const r = await w.report({ repositories: 'octo/shop\nocto/api', 'max-api-calls': '150' });
    assert.equal(r.conclusion, 'success', r.stderr);
    const repos = new Set(evaluations(r).map((e) => `${e.series.repository} ${e.series.workflow}`));
    assert.deepEqual([...repos].sort(), ['octo/api ci.yml', 'octo/shop lint.yml']);
    assert.ok(w.gh.requests.some((q) => q.path === '/repos/octo/api/actions/runs'), 'every workflow: the repository-wide list');
    assert.deepEqual(w.gh.contractViolations, []);
  });

  test('execution records of the other actions: KPIs per action', async (t) => {
    const w = await metricsWorld(t);
    const now = Date.now();
    seed(w, now);
    const rec = (action: string, outcome: string, ms: number, retries: number, calls: number, remaining: number | null) =>
      JSON.stringify({ action, version: '0.1.0', outcome, duration_ms: ms, attempts: 1 + retries, retries, api_calls: calls, rate_limit_remaining: remaining, correlation_id: '1/1/deploy', started_at: '2026-11-30T10:00:00.000Z' });
    const records = [rec('deploy', 'success', 60_000, 0, 9, 990), rec('deploy', 'rolled-back', 180_000, 1, 14, 970), rec('deploy', 'skipped', 2_000, 0, 3, 960), rec('rotate-secret', 'success', 9_000, 2, 12, null)].join('\n');
    const r = await w.report({ workflow: 'lint.yml', records });
    assert.equal(r.conclusion, 'success', r.stderr);
    const m = JSON.parse(r.outputs['metrics'] ?? '{}') as { records: { action: string; executions: number; success_rate: number; retries: number; api_calls: number; rate_limit_remaining_min: number | null }[] };
    const deploy = m.records.find((x) => x.action === 'deploy');
    assert.deepEqual({ executions: deploy?.executions, success_rate: deploy?.success_rate, retries: deploy?.retries, api_calls: deploy?.api_calls, low: deploy?.rate_limit_remaining_min }, { executions: 3, success_rate: 0.5, retries: 1, api_calls: 26, low: 960 });
    assert.match(r.summary, /### The suite's own executions/);
    assert.match(r.summary, /\| rotate-secret \| 1 \| 100\.0% \|/);
  });

  test('alert: fail fails the step after the outputs, summary and record are written; dry-run writes no issue', async (t) => {
    const w = await metricsWorld(t);
    seed(w, Date.now());
    const r = await w.report({ workflow: 'build.yml', 'regression-threshold': '40', alert: 'fail\nissue', 'dry-run': 'true' });
    assert.equal(r.conclusion, 'failure');
    assert.match(r.annotations.find((a) => a.level === 'error')?.message ?? '', /report-metrics: \d+ duration regression\(s\): .*octo\/shop build\.yml \(push, default branch\) \+\d+%/);
    assert.equal(r.outputs['regressed'], 'true');
    assert.match(r.summary, /### Alerts/);
    assert.match(r.stdout, /dry-run, not done: issue: open an issue: octo\/shop build\.yml \(push, default branch\)/);
    assert.equal(w.issues().length, 0, 'dry-run: nothing written');
    assert.ok(!w.gh.requests.some((q) => q.method !== 'GET'));
    assert.equal(record(r).outcome, 'regressed');
  });

  test('a 502 burst on the run list and a reset on a job read are retried; nothing is lost', async (t) => {
    const w = await metricsWorld(t);
    const runs = seed(w, Date.now());
    w.gh.faults.inject({ route: 'GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs', statuses: [502, 503], from: 2, to: 3 });
    w.gh.faults.inject({ route: 'GET /repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}/jobs', action: 'reset-mid-response', from: 5, to: 5 });
    const r = await w.report({ workflow: 'build.yml\nlint.yml', 'regression-threshold': '40' });
    assert.equal(r.conclusion, 'success', r.stderr);
    const c = (JSON.parse(r.outputs['metrics'] ?? '{}') as { collection: Record<string, number> }).collection;
    assert.equal(c['runs_listed'], runs.length);
    const rec = JSON.parse(r.outputs['record'] ?? '{}') as { retries: number; api_calls: number };
    assert.equal(rec.retries, 3);
    assert.equal(rec.api_calls, w.gh.requests.length);
    assert.equal(find(r, 'build.yml')?.verdict, 'regression');
  });

  test('a job read that never answers is reported as a hang within api-timeout, not as a bug', async (t) => {
    const w = await metricsWorld(t);
    seed(w, Date.now());
    const JOBS = 'GET /repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}/jobs';
    w.gh.faults.inject({ route: JOBS, action: 'hang', from: 3 });
    const r = await w.report({ workflow: 'build.yml', 'api-timeout': '10s' });
    assert.equal(r.conclusion, 'failure', r.stdout);
    const error = r.annotations.find((a) => a.level === 'error')?.message ?? '';
    const hang = /^report-metrics: .*GitHub API did not answer GET \/repos\/octo\/shop\/actions\/runs\/\d+\/attempts\/\d+\/jobs within (\d+(?:\.\d+)?)s \(\d+ attempts?\): api-timeout \(10\.0s, the total time this step may spend waiting on GitHub's API\) ran out — GitHub may be degraded \(https:\/\/www\.githubstatus\.com\); re-run the job, or raise api-timeout$/.exec(error);
    assert.ok(hang, error);
    assert.ok(Number(hang[1]) <= 10, `waited within api-timeout: ${hang[1]}s`);
    assert.doesNotMatch(error, /bug in the actions suite/);
    // Nothing was sent after the budget ran out: the hung read was the last request.
    const last = w.gh.requests.at(-1);
    assert.match(`${last?.method} ${last?.path}`, /^GET \/repos\/octo\/shop\/actions\/runs\/\d+\/attempts\/\d+\/jobs/);
    const rec = JSON.parse(r.outputs['record'] ?? '{}') as { outcome: string; api_calls: number };
    assert.equal(rec.outcome, 'failure');
    assert.equal(rec.api_calls, w.gh.requests.length);
  });
});

describe('report-metrics: inputs are checked before any call', { concurrency: 4 }, () => {
  const cases: [string, Record<string, string>, RegExp][] = [
    ['a sink line with a bad scheme, its credentials hidden', { export: 'influx=ftp://ci:hunter22secret@influx.example.com/write?db=ci' }, /Input 'export' has value "influx=ftp:\/\/\*\*\*@influx\.example\.com\/write\?db=ci"; expected influx=URL with scheme http or https/],
    ['an alert channel with a bad URL, its credentials hidden', { alert: 'alertmanager=ftp://ops:hunter22secret@am.example.com' }, /Input 'alert' has value "alertmanager=ftp:\/\/\*\*\*@am\.example\.com"; expected each item to be annotation, issue, fail or alertmanager=URL/],
    ['min-samples out of range', { 'min-samples': '20,1' }, /Input 'min-samples' has value "20,1"; expected BASELINE,CURRENT run counts/],
    ['a significance that is not a probability', { significance: '5%' }, /Input 'significance' has value "5%"/],
    ['a record line that is not JSON', { records: '{"action":"deploy","outcome":"success","duration_ms":1,"attempts":1,"retries":0,"api_calls":1,"rate_limit_remaining":null,"started_at":"2026-11-30T10:00:00.000Z"}\nnot json' }, /Input 'records' has value "not json"; expected line 2 of records to be one JSON object/],
    ['a scope that does not exist', { scope: 'step' }, /Input 'scope' has value "step"; expected one of workflow, job, both/],
    ['* with other workflows', { workflow: '*\nci.yml' }, /Input 'workflow' .*expected \* alone/s],
  ];
  for (const [what, inputs, message] of cases) {
    test(what, async (t) => {
      const w = await metricsWorld(t);
      const r = await w.report(inputs);
      assert.equal(r.conclusion, 'failure');
      assert.match(r.annotations.find((a) => a.level === 'error')?.message ?? '', message);
      assert.equal(w.gh.requests.length, 0, 'no GitHub call before validation');
    });
  }
});
