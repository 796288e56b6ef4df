// Workflow runs/jobs, issues/comments, /rate_limit and GET /repos/{owner}/{repo}.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fixture, type Fixture, type OctokitError } from './github/testing.ts';

const fail = (p: Promise<unknown>) => p.then(() => assert.fail('expected a rejection'), (e: unknown) => e as OctokitError);

describe('GitHub emulator: workflow runs and jobs', () => {
  let f: Fixture;
  let runId: number;
  before(async () => {
    f = await fixture();
    for (let i = 0; i < 4; i++) {
      f.em.seed.workflowRun('octo-org/app', { name: 'CI', conclusion: i === 2 ? 'failure' : 'success', jobs: [{ name: 'build' }] });
    }
    f.em.seed.workflowRun('octo-org/app', { name: 'Deploy', event: 'workflow_dispatch', status: 'in_progress', headBranch: 'main' });
    runId = f.em.seed.workflowRun('octo-org/app', {
      name: 'Release',
      runAttempt: 2,
      createdAt: '2024-05-01T10:00:00Z',
      updatedAt: '2024-05-01T10:07:30Z',
      jobs: [
        { name: 'build', runAttempt: 1, conclusion: 'failure', startedAt: '2024-05-01T10:00:10Z', completedAt: '2024-05-01T10:02:00Z' },
        {
          name: 'build',
          startedAt: '2024-05-01T10:04:00Z',
          completedAt: '2024-05-01T10:06:00Z',
          steps: [{ name: 'Checkout' }, { name: 'Test', conclusion: 'success' }],
        },
        { name: 'publish', startedAt: '2024-05-01T10:06:05Z', completedAt: '2024-05-01T10:07:30Z' },
      ],
    });
  });
  after(async () => {
    assert.deepEqual(f.em.contractViolations, []);
    await f.em.close();
  });

  it('lists runs newest first with filters and pagination', async () => {
    const all = await f.octokit.actions.listWorkflowRunsForRepo({ owner: f.owner, repo: f.repo });
    assert.equal(all.data.total_count, 6);
    assert.equal(all.data.workflow_runs[0]?.id, runId);
    const failed = await f.octokit.actions.listWorkflowRunsForRepo({ owner: f.owner, repo: f.repo, status: 'failure' });
    assert.equal(failed.data.total_count, 1);
    const dispatched = await f.octokit.actions.listWorkflowRunsForRepo({ owner: f.owner, repo: f.repo, event: 'workflow_dispatch' });
    assert.deepEqual(dispatched.data.workflow_runs.map((r) => [r.name, r.status, r.conclusion]), [['Deploy', 'in_progress', null]]);
    const page = await f.octokit.actions.listWorkflowRunsForRepo({ owner: f.owner, repo: f.repo, per_page: 4, page: 2 });
    assert.equal(page.data.workflow_runs.length, 2);
    assert.match(page.headers.link ?? '', /page=1>; rel="prev"/);
    assert.match(page.headers.link ?? '', /rel="first"/);
    assert.doesNotMatch(page.headers.link ?? '', /rel="next"/);
    const paged = await f.octokit.paginate(f.octokit.actions.listWorkflowRunsForRepo, { owner: f.owner, repo: f.repo, per_page: 4 });
    assert.equal(paged.length, 6);
  });

  it('gets a run and lists the latest attempt jobs (or all attempts)', async () => {
    const run = await f.octokit.actions.getWorkflowRun({ owner: f.owner, repo: f.repo, run_id: runId });
    assert.equal(run.data.run_attempt, 2);
    assert.equal(run.data.previous_attempt_url, `${f.em.url}/repos/octo-org/app/actions/runs/${runId}/attempts/1`);
    const latest = await f.octokit.actions.listJobsForWorkflowRun({ owner: f.owner, repo: f.repo, run_id: runId });
    assert.deepEqual(latest.data.jobs.map((j) => [j.name, j.started_at, j.completed_at]), [
      ['build', '2024-05-01T10:04:00Z', '2024-05-01T10:06:00Z'],
      ['publish', '2024-05-01T10:06:05Z', '2024-05-01T10:07:30Z'],
    ]);
    assert.deepEqual(latest.data.jobs[0]?.steps?.map((s) => [s.number, s.name, s.conclusion]), [
      [1, 'Checkout', 'success'],
      [2, 'Test', 'success'],
    ]);
    const every = await f.octokit.actions.listJobsForWorkflowRun({ owner: f.owner, repo: f.repo, run_id: runId, filter: 'all' });
    assert.equal(every.data.total_count, 3);
    const job = await f.octokit.actions.getJobForWorkflowRun({ owner: f.owner, repo: f.repo, job_id: latest.data.jobs[1]!.id });
    assert.equal(job.data.name, 'publish');
    assert.equal((await fail(f.octokit.actions.getWorkflowRun({ owner: f.owner, repo: f.repo, run_id: 1 }))).status, 404);
  });
});

describe('GitHub emulator: issues, comments, repository and rate_limit', () => {
  let f: Fixture;
  before(async () => {
    f = await fixture();
  });
  after(async () => {
    assert.deepEqual(f.em.contractViolations, []);
    await f.em.close();
  });

  it('creates, lists, filters, updates and closes issues', async () => {
    const o = { owner: f.owner, repo: f.repo };
    const a = await f.octokit.issues.create({ ...o, title: 'Deploy failed', body: 'details', labels: ['deploy', { name: 'bug' }], assignees: ['octocat'] });
    assert.equal(a.status, 201);
    assert.equal(a.data.number, 1);
    assert.deepEqual(a.data.labels.map((l) => (typeof l === 'string' ? l : l.name)), ['deploy', 'bug']);
    assert.equal(a.data.assignee?.login, 'octocat');
    assert.equal(a.headers.location, `${f.em.url}/repos/octo-org/app/issues/1`);
    await f.octokit.issues.create({ ...o, title: 'Other', labels: ['deploy'] });
    const deploy = await f.octokit.issues.listForRepo({ ...o, labels: 'deploy,bug' });
    assert.deepEqual(deploy.data.map((i) => i.number), [1]);
    const closed = await f.octokit.issues.update({ ...o, issue_number: 1, state: 'closed', title: 'Deploy failed (fixed)' });
    assert.equal(closed.data.state, 'closed');
    assert.equal(closed.data.state_reason, 'completed');
    assert.ok(closed.data.closed_at);
    assert.deepEqual((await f.octokit.issues.listForRepo(o)).data.map((i) => i.number), [2]);
    assert.deepEqual((await f.octokit.issues.listForRepo({ ...o, state: 'all', direction: 'asc' })).data.map((i) => i.number), [1, 2]);
    const reopened = await f.octokit.issues.update({ ...o, issue_number: 1, state: 'open' });
    assert.equal(reopened.data.state_reason, 'reopened');
    assert.equal((await f.octokit.issues.get({ ...o, issue_number: 1 })).data.title, 'Deploy failed (fixed)');
    assert.equal((await fail(f.octokit.issues.get({ ...o, issue_number: 99 }))).status, 404);
  });

  it('creates, lists, updates and deletes comments', async () => {
    const o = { owner: f.owner, repo: f.repo };
    const n = f.em.seed.issue('octo-org/app', { title: 'Seeded' });
    const c1 = await f.octokit.issues.createComment({ ...o, issue_number: n, body: '<!-- marker:abc --> first' });
    assert.equal(c1.status, 201);
    f.em.seed.issueComment('octo-org/app', n, 'second', { user: 'someone' });
    const list = await f.octokit.issues.listComments({ ...o, issue_number: n });
    assert.deepEqual(list.data.map((c) => [c.body, c.user?.login]), [
      ['<!-- marker:abc --> first', 'emulator-user'],
      ['second', 'someone'],
    ]);
    const edited = await f.octokit.issues.updateComment({ ...o, comment_id: c1.data.id, body: '<!-- marker:abc --> edited' });
    assert.equal(edited.data.body, '<!-- marker:abc --> edited');
    assert.equal((await f.octokit.issues.get({ ...o, issue_number: n })).data.comments, 2);
    const repoWide = await f.octokit.issues.listCommentsForRepo(o);
    assert.equal(repoWide.data.length, 2);
    const huge = await fail(f.octokit.issues.createComment({ ...o, issue_number: n, body: 'x'.repeat(65_537) }));
    assert.equal(huge.status, 422);
    assert.equal((await f.octokit.issues.deleteComment({ ...o, comment_id: c1.data.id })).status, 204);
    assert.equal((await fail(f.octokit.issues.getComment({ ...o, comment_id: c1.data.id }))).status, 404);
  });

  it('serves the full repository and 404 for unknown ones', async () => {
    const r = await f.octokit.repos.get({ owner: f.owner, repo: f.repo });
    assert.equal(r.data.full_name, 'octo-org/app');
    assert.equal(r.data.id, f.repoId);
    assert.equal(r.data.owner.type, 'Organization');
    assert.equal(r.data.default_branch, 'main');
    const missing = await fail(f.octokit.repos.get({ owner: f.owner, repo: 'missing' }));
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.response?.data, {
      message: 'Not Found',
      documentation_url: 'https://docs.github.com/rest/repos/repos#get-a-repository',
      status: '404',
    });
  });

  it('reports the core budget on /rate_limit without spending it', async () => {
    const before = await f.octokit.rateLimit.get();
    const again = await f.octokit.rateLimit.get();
    assert.equal(before.data.resources.core.limit, 5000);
    assert.equal(again.data.resources.core.used, before.data.resources.core.used);
    assert.equal(again.data.rate.remaining, before.data.rate.remaining);
    await f.octokit.repos.get({ owner: f.owner, repo: f.repo });
    const after = await f.octokit.rateLimit.get();
    assert.equal(after.data.resources.core.used, before.data.resources.core.used + 1);
  });
});
