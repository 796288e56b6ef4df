// Workflow runs and their jobs (seeded through the seed API; read-only over REST): the repository
// and workflow lists with GitHub's filters (`created` in its search-date syntax) and its
// 1,000-result cap, single runs, earlier attempts, and jobs per run or per attempt.
import { fail, invalid } from '../errors.ts';
import { actor, intParam, newestFirst, ok, paginate } from '../handler.ts';
import type { Ctx, RouteTable } from '../handler.ts';
import type { RepoRec, RunRec } from '../store.ts';

function findRun(ctx: Ctx, repo: RepoRec): RunRec {
  const id = intParam(ctx, 'run_id');
  return repo.runs.find((r) => r.id === id) ?? fail(404, 'Not Found', ctx.docs);
}

/** The workflow file name of a run (its path's last segment), as `workflow_id` accepts it. */
function fileOf(run: RunRec): string {
  return run.path.split('/').pop() ?? run.path;
}

/**
 * GitHub's search-date syntax for `created` (https://docs.github.com/search-github/getting-started-with-searching-on-github/understanding-the-search-syntax#query-for-dates):
 * `>D`, `>=D`, `<D`, `<=D`, `A..B`, `A..*`, `*..B` or `D`, where a date is YYYY-MM-DD or
 * YYYY-MM-DDTHH:MM:SS with an optional Z or ±HH:MM (UTC when absent). A bare date covers its
 * whole day: `<=2026-11-01` and `..2026-11-01` include that day, `>2026-11-01` starts the next.
 * Returns [from, to) in ms, or undefined when the value is not in the syntax.
 */
export function createdRange(raw: string): [number, number] | undefined {
  const DAY = 86_400_000;
  const parse = (text: string): { start: number; end: number } | undefined => {
    const date = /^(\d{4}-\d{2}-\d{2})$/.exec(text);
    if (date) {
      const start = Date.parse(`${date[1]}T00:00:00Z`);
      return Number.isNaN(start) ? undefined : { start, end: start + DAY };
    }
    const time = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?)(Z|[+-]\d{2}:\d{2})?$/.exec(text);
    if (!time) return undefined;
    const start = Date.parse(`${time[1]}${time[2] ?? 'Z'}`);
    return Number.isNaN(start) ? undefined : { start, end: start + 1000 };
  };
  const value = raw.trim();
  const range = /^(.+?)\.\.(.+)$/.exec(value);
  if (range) {
    const a = range[1] === '*' ? { start: -Infinity, end: -Infinity } : parse(range[1]!);
    const b = range[2] === '*' ? { start: Infinity, end: Infinity } : parse(range[2]!);
    return a && b ? [a.start, b.end] : undefined;
  }
  const op = /^(>=|<=|>|<)(.+)$/.exec(value);
  if (op) {
    const d = parse(op[2]!);
    if (!d) return undefined;
    if (op[1] === '>=') return [d.start, Infinity];
    if (op[1] === '>') return [d.end, Infinity];
    if (op[1] === '<') return [-Infinity, d.start];
    return [-Infinity, d.end];
  }
  const d = parse(value);
  return d ? [d.start, d.end] : undefined;
}

/** Parameters with which GitHub returns at most 1,000 results (the endpoints' own description says so). */
const CAPPING = ['actor', 'branch', 'check_suite_id', 'created', 'event', 'head_sha', 'status'];
export const RUN_RESULT_CAP = 1000;

function listRuns(ctx: Ctx, repo: RepoRec, runs: RunRec[]) {
  const q = ctx.query;
  const status = q.get('status');
  const created = q.get('created');
  const range = created ? (createdRange(created) ?? invalid(`Invalid value for created: ${created}`, ctx.docs)) : undefined;
  const checkSuite = q.get('check_suite_id');
  const matches = newestFirst(runs).filter((r) => {
    const t = Date.parse(r.createdAt);
    return (
      (!q.get('actor') || r.actor.login === q.get('actor')) &&
      (!q.get('branch') || r.headBranch === q.get('branch')) &&
      (!q.get('event') || r.event === q.get('event')) &&
      (!q.get('head_sha') || r.headSha === q.get('head_sha')) &&
      (!checkSuite || String(r.id + 500_000) === checkSuite) &&
      // GitHub's `status` filter accepts a status or a conclusion.
      (!status || r.status === status || r.conclusion === status) &&
      (!range || (t >= range[0] && t < range[1]))
    );
  });
  // Past the cap the pages are empty, while total_count still tells the real number.
  const capped = CAPPING.some((p) => q.has(p)) ? matches.slice(0, RUN_RESULT_CAP) : matches;
  const page = paginate(ctx, capped);
  return ok({ total_count: matches.length, workflow_runs: page.items.map((r) => ctx.render.workflowRun(repo, r)) }, page.headers);
}

export const runRoutes: RouteTable = {
  'actions/list-workflow-runs-for-repo': (ctx) => {
    actor(ctx);
    const repo = ctx.store.repo(ctx.params, ctx.docs);
    return listRuns(ctx, repo, repo.runs);
  },

  'actions/list-workflow-runs': (ctx) => {
    actor(ctx);
    const repo = ctx.store.repo(ctx.params, ctx.docs);
    const id = ctx.params['workflow_id'] ?? '';
    const runs = repo.runs.filter((r) => (/^\d+$/.test(id) ? r.workflowId === Number(id) : fileOf(r) === id));
    // The emulator knows a workflow by its runs; GitHub answers 404 for a workflow it does not have.
    if (runs.length === 0) fail(404, 'Not Found', ctx.docs);
    return listRuns(ctx, repo, runs);
  },

  'actions/get-workflow-run': (ctx) => {
    actor(ctx);
    const repo = ctx.store.repo(ctx.params, ctx.docs);
    return ok(ctx.render.workflowRun(repo, findRun(ctx, repo)));
  },

  'actions/get-workflow-run-attempt': (ctx) => {
    actor(ctx);
    const repo = ctx.store.repo(ctx.params, ctx.docs);
    const run = findRun(ctx, repo);
    const n = intParam(ctx, 'attempt_number');
    if (n === run.runAttempt) return ok(ctx.render.workflowRun(repo, run));
    const attempt = run.attempts?.find((a) => a.number === n) ?? fail(404, 'Not Found', ctx.docs);
    return ok(ctx.render.workflowRunAttempt(repo, run, attempt));
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

  'actions/list-jobs-for-workflow-run-attempt': (ctx) => {
    actor(ctx);
    const repo = ctx.store.repo(ctx.params, ctx.docs);
    const run = findRun(ctx, repo);
    const n = intParam(ctx, 'attempt_number');
    if (n < 1 || n > run.runAttempt) fail(404, 'Not Found', ctx.docs);
    const jobs = run.jobs.filter((j) => j.runAttempt === n);
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
