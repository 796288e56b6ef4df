import { createGitHub, type GitHub } from '../../../shared/github.ts';
import type { ActionContext } from '../../../shared/run-action.ts';
import { appendSummary } from '../../../shared/summary.ts';
import { senderFor } from './alerts/index.ts';
import type { AlertOutcome } from './alerts/types.ts';
import { analyse, type Analysis, type Collected } from './analysis.ts';
import { ApiBudget, defaultBranch } from './collect/budget.ts';
import { readDeployments } from './collect/deployments.ts';
import { readJobs } from './collect/jobs.ts';
import { listRuns } from './collect/runs.ts';
import { doraReport, type DoraReport } from './dora.ts';
import type { JobFact, RunFact } from './facts.ts';
import type { ReportSettings } from './inputs.ts';
import { renderSummary } from './job-summary.ts';
import { writeOutputs } from './outputs.ts';
import type { Target } from './target.ts';

/**
 * The steps main.ts runs, loaded after input validation (the GitHub client, the collectors and the
 * analysis are not on the start path).
 */

/** Calls kept back from job sampling for DORA (per environment and repository). */
const DORA_RESERVE = 40;

export function connect(ctx: ActionContext, settings: ReportSettings): GitHub {
  // One client for the whole step (collect and alert), so api-timeout bounds all its GitHub time.
  return createGitHub({
    token: settings.githubToken,
    tokenInput: 'github-token',
    apiTimeoutMs: settings.apiTimeout,
    stats: ctx.stats,
    retry: { signal: ctx.signal, log: (line) => ctx.log.info(line) },
  });
}

export async function collect(ctx: ActionContext, gh: GitHub, settings: ReportSettings, target: Target): Promise<Collected> {
  const budget = new ApiBudget(settings.maxApiCalls, ctx.stats);
  // For pages that come back unreadable (the client retries failed requests with the same options).
  const retry = { signal: ctx.signal, log: (line: string) => ctx.log.info(line), stats: ctx.stats };
  const runs: RunFact[] = [];
  const listing = { list_calls: 0, slices: 0, split_calls: 0, capped_slices: 0 };
  const branches = new Map<string, string>();
  for (const repository of target.repositories) {
    budget.requireOne(`reading ${repository}`);
    const branch = await defaultBranch(gh, repository);
    branches.set(repository, branch);
    for (const workflow of target.workflows) {
      const l = await listRuns(gh, { repository, workflow, from: target.baseline.from, to: target.window.to, defaultBranch: branch, branch: settings.branch, event: settings.event }, budget, retry);
      runs.push(...l.runs);
      listing.list_calls += l.listCalls;
      listing.slices += l.slices;
      listing.split_calls += l.splitCalls;
      listing.capped_slices += l.capped;
    }
  }
  ctx.log.info(`listed ${runs.length} runs with ${listing.list_calls} call(s) in ${listing.slices} slice(s)${listing.split_calls ? `, ${listing.split_calls} spent on splitting` : ''}`);
  if (listing.capped_slices) ctx.log.warning(`${listing.capped_slices} date slice(s) still hit GitHub's 1,000-result cap: some runs are missing from the analysis.`);

  const environments = settings.doraEnvironments ?? [];
  const reserve = Math.min(Math.floor(budget.remaining / 2), environments.length * target.repositories.length * DORA_RESERVE);
  const jobs = await readJobs(gh, runs, target.window.from, budget, reserve, retry);
  if (jobs.sampled < jobs.eligible) {
    ctx.log.info(`jobs read for ${jobs.sampled} of ${jobs.eligible} completed runs, sampled evenly in time: max-api-calls (${settings.maxApiCalls}) is short of one call per run`);
  }

  const dora: DoraReport[] = [];
  const doraBefore = budget.used;
  for (const repository of target.repositories) {
    for (const environment of environments) {
      const history = await readDeployments(gh, repository, environment, target.window.from, budget, 0);
      dora.push(doraReport(history, target.window.from, target.window.to));
    }
  }
  return {
    runs,
    jobs: jobs.jobs as JobFact[],
    dora,
    collection: {
      repositories: target.repositories.length,
      runs_listed: runs.length,
      ...listing,
      job_runs_sampled: jobs.sampled,
      job_runs_eligible: jobs.eligible,
      job_calls: jobs.calls,
      dora_calls: budget.used - doraBefore,
      api_calls: budget.used,
      max_api_calls: settings.maxApiCalls,
    },
  };
}

export { analyse };

export async function alert(ctx: ActionContext, settings: ReportSettings, target: Target, analysis: Analysis, github: () => Promise<GitHub>, now: number): Promise<AlertOutcome[]> {
  const outcomes: AlertOutcome[] = [];
  for (const channel of settings.alert) {
    const sender = await senderFor(channel);
    const outcome = await sender.deliver({ ctx, settings, target, analysis, github, now });
    for (const line of outcome.actions) ctx.log.info(`${settings.dryRun && channel.kind !== 'annotation' && channel.kind !== 'fail' ? 'dry-run, not done: ' : ''}${outcome.channel}: ${line}`);
    outcomes.push(outcome);
  }
  return outcomes;
}

export async function report(ctx: ActionContext, analysis: Analysis, alerts: readonly AlertOutcome[]): Promise<void> {
  writeOutputs(analysis, alerts, ctx.redactor);
  await appendSummary(ctx.redactor, renderSummary(analysis, alerts));
}
