// Workflow runs and their jobs (seeded through the seed API; read-only over REST).
import { fail } from '../errors.ts';
import { actor, intParam, newestFirst, ok, paginate } from '../handler.ts';
import type { Ctx, RouteTable } from '../handler.ts';
import type { RepoRec, RunRec } from '../store.ts';

function findRun(ctx: Ctx, repo: RepoRec): RunRec {
  const id = intParam(ctx, 'run_id');
  return repo.runs.find((r) => r.id === id) ?? fail(404, 'Not Found', ctx.docs);
}

export const runRoutes: RouteTable = {
  'actions/list-workflow-runs-for-repo': (ctx) => {
    actor(ctx);
    const repo = ctx.store.repo(ctx.params, ctx.docs);
    const q = ctx.query;
    const status = q.get('status');
    const runs = newestFirst(repo.runs).filter(
      (r) =>
        (!q.get('actor') || r.actor.login === q.get('actor')) &&
        (!q.get('branch') || r.headBranch === q.get('branch')) &&
        (!q.get('event') || r.event === q.get('event')) &&
        (!q.get('head_sha') || r.headSha === q.get('head_sha')) &&
        // GitHub's `status` filter accepts a status or a conclusion.
        (!status || r.status === status || r.conclusion === status),
    );
    const page = paginate(ctx, runs);
    return ok(
      { total_count: runs.length, workflow_runs: page.items.map((r) => ctx.render.workflowRun(repo, r)) },
      page.headers,
    );
  },

  'actions/get-workflow-run': (ctx) => {
    actor(ctx);
    const repo = ctx.store.repo(ctx.params, ctx.docs);
    return ok(ctx.render.workflowRun(repo, findRun(ctx, repo)));
  },

  'actions/list-jobs-for-workflow-run': (ctx) => {
    actor(ctx);
    const repo = ctx.store.repo(ctx.params, ctx.docs);
    const run = findRun(ctx, repo);
    // filter=latest (default) shows the latest attempt's jobs, filter=all every attempt's.
    const jobs = ctx.query.get('filter') === 'all' ? run.jobs : run.jobs.filter((j) => j.runAttempt === run.runAttempt);
    const page = paginate(ctx, jobs);
    return ok({ total_count: jobs.length, jobs: page.items.map((j) => ctx.render.job(repo, run, j)) }, page.headers);
  },

  'actions/get-job-for-workflow-run': (ctx) => {
    actor(ctx);
    const repo = ctx.store.repo(ctx.params, ctx.docs);
    const id = intParam(ctx, 'job_id');
    for (const run of repo.runs) {
      const job = run.jobs.find((j) => j.id === id);
      if (job) return ok(ctx.render.job(repo, run, job));
    }
    fail(404, 'Not Found', ctx.docs);
  },
};
