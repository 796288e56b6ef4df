import { UserError } from '../../../../shared/errors.ts';
import type { GitHub } from '../../../../shared/github.ts';
import type { RunStats } from '../../../../shared/stats.ts';

/**
 * `max-api-calls` as one counter every collector reads: it counts what the GitHub client really
 * sent (retries included, RunStats.apiCalls), so the record, the summary and the budget agree.
 * The run list comes first and must fit; job details, deployments and comparisons share the rest.
 */
export class ApiBudget {
  readonly max: number;
  readonly #stats: RunStats;

  constructor(max: number, stats: RunStats) {
    this.max = max;
    this.#stats = stats;
  }

  get used(): number {
    return this.#stats.apiCalls;
  }

  get remaining(): number {
    return Math.max(0, this.max - this.#stats.apiCalls);
  }

  /** For the run list: it cannot be sampled, so running out is an error that says what to change. */
  requireOne(what: string): void {
    if (this.remaining > 0) return;
    throw new UserError(
      `max-api-calls (${this.max}) is spent while ${what}; the run list alone needs about one call per 100 runs. Raise max-api-calls or shorten window/baseline-window.`,
    );
  }
}

/** `owner/repo` split for route parameters. */
export function repoParams(repository: string): { owner: string; repo: string } {
  const [owner = '', repo = ''] = repository.split('/');
  return { owner, repo };
}

/** The one-call-per-repository read every collector needs: the default branch. */
export async function defaultBranch(gh: GitHub, repository: string): Promise<string> {
  const { data } = await gh.request('GET /repos/{owner}/{repo}', repoParams(repository));
  return String((data as { default_branch?: unknown }).default_branch ?? 'main');
}
