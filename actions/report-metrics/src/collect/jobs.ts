import type { GitHub } from '../../../../shared/github.ts';
import type { RetryOptions } from '../../../../shared/retry.ts';
import { interner, JOB_FIELDS, jobFact, type JobFact, type RunFact } from '../facts.ts';
import { repoParams, type ApiBudget } from './budget.ts';
import { fetchListPage } from './list-page.ts';

/**
 * Jobs cost one call per run (the run list has none of their timings), so they are read within
 * `max-api-calls`: the calls left are shared fairly between workflows and between the window and
 * the baseline (a small stratum gets all it has, the rest is split among the others), and inside
 * each share runs are picked evenly in time. The jobs of a run's latest attempt come from
 * GET …/runs/{id}/attempts/{n}/jobs; jobs copied from an earlier attempt are marked, not timed.
 * Job pages are read for their few fields only, like run pages (list-page.ts).
 */

export interface JobSample {
  jobs: JobFact[];
  /** Runs whose jobs were read. */
  sampled: number;
  /** Completed runs that could have been read. */
  eligible: number;
  calls: number;
}

/** `k` items at evenly spaced positions (all of them when k ≥ length). */
export function pickEvenly<T>(items: readonly T[], k: number): T[] {
  if (k >= items.length) return [...items];
  if (k <= 0) return [];
  const out: T[] = [];
  for (let i = 0; i < k; i++) out.push(items[Math.floor(((i + 0.5) * items.length) / k)]!);
  return out;
}

/** Water-filling: each stratum gets min(size, fair share); what small strata leave goes to the others. */
export function allocate(sizes: readonly number[], total: number): number[] {
  const out = sizes.map(() => 0);
  let left = Math.max(0, Math.floor(total));
  let open = sizes.map((_, i) => i).filter((i) => sizes[i]! > 0);
  while (left > 0 && open.length > 0) {
    const share = Math.max(1, Math.floor(left / open.length));
    const next: number[] = [];
    for (const i of open) {
      const give = Math.min(share, sizes[i]! - out[i]!, left);
      out[i]! += give;
      left -= give;
      if (out[i]! < sizes[i]!) next.push(i);
      if (left === 0) break;
    }
    open = next;
  }
  return out;
}

export async function readJobs(gh: GitHub, runs: readonly RunFact[], windowStart: number, budget: ApiBudget, reserve: number, retry: Partial<RetryOptions> = {}): Promise<JobSample> {
  const eligible = runs.filter((r) => r.status === 'completed');
  const strata = new Map<string, RunFact[]>();
  for (const run of eligible) {
    const key = `${run.repository} ${run.workflow} ${run.createdAt >= windowStart ? 'window' : 'baseline'}`;
    const list = strata.get(key) ?? [];
    list.push(run);
    strata.set(key, list);
  }
  const groups = [...strata.values()];
  const shares = allocate(groups.map((g) => g.length), budget.remaining - reserve);
  const chosen = groups.flatMap((g, i) => pickEvenly(g, shares[i]!)).sort((a, b) => a.createdAt - b.createdAt);
  const jobs: JobFact[] = [];
  const intern = interner();
  const before = budget.used;
  let sampled = 0;
  for (const run of chosen) {
    if (budget.remaining <= reserve) break;
    for (let page = 1; ; page++) {
      const send = async (): Promise<unknown> => {
        const { data } = await gh.request('GET /repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}/jobs', {
          ...repoParams(run.repository),
          run_id: run.id,
          attempt_number: run.attempt,
          per_page: 100,
          page,
          request: { parseSuccessResponseBody: false },
        });
        return data;
      };
      const { total, items } = await fetchListPage(`reading the jobs of run ${run.id}`, send, 'jobs', JOB_FIELDS, retry);
      for (const raw of items) {
        const fact = jobFact(raw, run, intern);
        if (fact) jobs.push(fact);
      }
      if (items.length < 100 || page * 100 >= total || budget.remaining <= reserve) break;
    }
    sampled += 1;
  }
  return { jobs, sampled, eligible: eligible.length, calls: budget.used - before };
}
