// The emulator's routes for report-metrics: `created` in GitHub's search-date syntax, the
// 1,000-result cap with the real total_count, workflow-scoped run lists, attempts and their jobs,
// seedable timings and runner names, deployment statuses over time, and compare.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createdRange } from './github/routes/runs.ts';
import { fixture, type Fixture, type OctokitError } from './github/testing.ts';

const fail = (p: Promise<unknown>) => p.then(() => assert.fail('expected a rejection'), (e: unknown) => e as OctokitError);
const T0 = Date.parse('2026-11-01T00:00:00Z');
const iso = (t: number): string => new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');

describe('createdRange: GitHub search-date syntax', () => {
  const cases: [string, [number, number] | undefined][] = [
    ['2026-11-01', [T0, T0 + 86_400_000]],
    ['>=2026-11-01', [T0, Infinity]],
    ['>2026-11-01', [T0 + 86_400_000, Infinity]],
    ['<2026-11-01', [-Infinity, T0]],
    ['<=2026-11-01', [-Infinity, T0 + 86_400_000]],
    ['2026-11-01..2026-11-02', [T0, T0 + 2 * 86_400_000]],
    ['2026-11-01T00:00:00Z..2026-11-01T00:00:09Z', [T0, T0 + 10_000]],
    ['2026-11-01T01:00:00+01:00..*', [T0, Infinity]],
    ['*..2026-11-01T00:00', [-Infinity, T0 + 1000]],
    ['yesterday', undefined],
    ['2026-13-45', undefined],
  ];
  for (const [raw, want] of cases) it(raw, () => assert.deepEqual(createdRange(raw), want));
});

describe('GitHub emulator: runs for report-metrics', () => {
  let f: Fixture;
  let rerunId: number;
  before(async () => {
    f = await fixture();
    // 1,205 runs of ci.yml, one every 10 minutes from T0; and 3 of deploy.yml.
    for (let i = 0; i < 1205; i++) f.em.seed.workflowRun('octo-org/app', { name: 'CI', path: '.github/workflows/ci.yml', createdAt: iso(T0 + i * 600_000) });
    for (let i = 0; i < 3; i++) f.em.seed.workflowRun('octo-org/app', { name: 'Deploy', path: '.github/workflows/deploy.yml', event: 'workflow_dispatch', createdAt: iso(T0 + i * 3_600_000) });
    rerunId = f.em.seed.workflowRun('octo-org/app', {
      name: 'Release',
      path: '.github/workflows/release.yml',
      createdAt: '2026-11-20T10:00:00Z',
      runStartedAt: '2026-11-20T10:30:00Z',
      updatedAt: '2026-11-20T10:40:00Z',
      attempts: [{ conclusion: 'failure', runStartedAt: '2026-11-20T10:00:05Z', updatedAt: '2026-11-20T10:09:00Z' }],
      jobs: [
        { name: 'build', runAttempt: 1, conclusion: 'failure', createdAt: '2026-11-20T10:00:05Z', startedAt: '2026-11-20T10:00:20Z', completedAt: '2026-11-20T10:09:00Z' },
        { name: 'build', createdAt: '2026-11-20T10:30:00Z', startedAt: '2026-11-20T10:30:12Z', completedAt: '2026-11-20T10:40:00Z', runnerName: 'big-runner-7', runnerGroupName: 'large', labels: ['self-hosted', 'x64'] },
      ],
    });
  });
  after(async () => {
    const violations = [...f.em.contractViolations];
    await f.em.close();
    assert.deepEqual(violations, []);
  });

  it('`created` filters by date range; past 1,000 results pages are empty while total_count stays real', async () => {
    const list = (page: number, created?: string) =>
      f.octokit.request('GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs', { owner: f.owner, repo: f.repo, workflow_id: 'ci.yml', per_page: 100, page, ...(created ? { created } : {}) });
    const day = await list(1, '2026-11-01');
    assert.equal(day.data.total_count, 144, 'a bare date is its whole day');
    const capped10 = await list(10, '>=2026-11-01');
    const capped11 = await list(11, '>=2026-11-01');
    assert.equal(capped10.data.total_count, 1205);
    assert.equal(capped10.data.workflow_runs.length, 100);
    assert.equal(capped11.data.total_count, 1205, 'the real count');
    assert.equal(capped11.data.workflow_runs.length, 0, 'nothing past the cap');
    const uncapped = await list(13);
    assert.equal(uncapped.data.workflow_runs.length, 5, 'no capping filter: every page is served');
    const range = await list(1, '2026-11-01T00:00:00Z..2026-11-01T00:59:59Z');
    assert.deepEqual(range.data.workflow_runs.map((r) => r.created_at).sort(), ['00:00', '00:10', '00:20', '00:30', '00:40', '00:50'].map((m) => `2026-11-01T${m}:00Z`));
    const bad = await fail(list(1, 'last week'));
    assert.equal(bad.status, 422);
  });

  it('the workflow list takes a file name or an id; an unknown workflow is 404', async () => {
    const byName = await f.octokit.request('GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs', { owner: f.owner, repo: f.repo, workflow_id: 'deploy.yml' });
    assert.equal(byName.data.total_count, 3);
    const id = byName.data.workflow_runs[0]!.workflow_id;
    const byId = await f.octokit.request('GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs', { owner: f.owner, repo: f.repo, workflow_id: id });
    assert.equal(byId.data.total_count, 3);
    assert.equal((await fail(f.octokit.request('GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs', { owner: f.owner, repo: f.repo, workflow_id: 'nope.yml' }))).status, 404);
  });

  it('attempts: the run as it was, and each attempt’s jobs with their own times and runner', async () => {
    const latest = await f.octokit.request('GET /repos/{owner}/{repo}/actions/runs/{run_id}', { owner: f.owner, repo: f.repo, run_id: rerunId });
    assert.equal(latest.data.run_attempt, 2);
    assert.equal(latest.data.run_started_at, '2026-11-20T10:30:00Z');
    assert.equal(latest.data.previous_attempt_url, `${f.em.url}/repos/octo-org/app/actions/runs/${rerunId}/attempts/1`);
    const first = await f.octokit.request('GET /repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}', { owner: f.owner, repo: f.repo, run_id: rerunId, attempt_number: 1 });
    assert.deepEqual([first.data.run_attempt, first.data.conclusion, first.data.run_started_at, first.data.previous_attempt_url], [1, 'failure', '2026-11-20T10:00:05Z', null]);
    const jobs = await f.octokit.request('GET /repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}/jobs', { owner: f.owner, repo: f.repo, run_id: rerunId, attempt_number: 2 });
    assert.equal(jobs.data.total_count, 1);
    const job = jobs.data.jobs[0]!;
    assert.deepEqual([job.created_at, job.started_at, job.completed_at, job.runner_name, job.runner_group_name, job.labels], ['2026-11-20T10:30:00Z', '2026-11-20T10:30:12Z', '2026-11-20T10:40:00Z', 'big-runner-7', 'large', ['self-hosted', 'x64']]);
    assert.equal((await fail(f.octokit.request('GET /repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}', { owner: f.owner, repo: f.repo, run_id: rerunId, attempt_number: 3 }))).status, 404);
  });

  it('deployment statuses over time, and compare between two commits', async () => {
    const c = [0, 1, 2, 3].map((i) => f.em.seed.commit('octo-org/app', { date: `2026-11-0${i + 1}T12:00:00Z`, message: `c${i}` }));
    f.em.seed.deployment('octo-org/app', { ref: c[1]!, sha: c[1]!, environment: 'production', createdAt: '2026-11-02T13:00:00Z', statuses: [{ state: 'in_progress', createdAt: '2026-11-02T13:00:01Z' }, { state: 'success', createdAt: '2026-11-02T13:05:00Z' }] });
    const [d] = (await f.octokit.request('GET /repos/{owner}/{repo}/deployments', { owner: f.owner, repo: f.repo, environment: 'production' })).data;
    assert.equal(d!.created_at, '2026-11-02T13:00:00Z');
    const statuses = await f.octokit.request('GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', { owner: f.owner, repo: f.repo, deployment_id: Number(d!.id) });
    assert.deepEqual(statuses.data.map((s) => [s.state, s.created_at]), [['success', '2026-11-02T13:05:00Z'], ['in_progress', '2026-11-02T13:00:01Z']]);
    const cmp = await f.octokit.request('GET /repos/{owner}/{repo}/compare/{basehead}', { owner: f.owner, repo: f.repo, basehead: `${c[0]}...${c[3]}` });
    assert.deepEqual([cmp.data.status, cmp.data.ahead_by, cmp.data.total_commits], ['ahead', 3, 3]);
    assert.deepEqual(cmp.data.commits.map((x) => x.commit.committer?.date), ['2026-11-02T12:00:00Z', '2026-11-03T12:00:00Z', '2026-11-04T12:00:00Z']);
    const same = await f.octokit.request('GET /repos/{owner}/{repo}/compare/{basehead}', { owner: f.owner, repo: f.repo, basehead: `${c[2]}...${c[2]}` });
    assert.deepEqual([same.data.status, same.data.commits.length, same.data.base_commit.commit.committer?.date], ['identical', 0, '2026-11-03T12:00:00Z']);
    assert.equal((await fail(f.octokit.request('GET /repos/{owner}/{repo}/compare/{basehead}', { owner: f.owner, repo: f.repo, basehead: `${c[0]}...${'f'.repeat(40)}` }))).status, 404);
  });
});
