import type { GitHub } from '../../../../shared/github.ts';
import type { RetryOptions } from '../../../../shared/retry.ts';
import { interner, runFact, RUN_FIELDS, type RunFact } from '../facts.ts';
import { repoParams, type ApiBudget } from './budget.ts';
import { fetchListPage, type Field } from './list-page.ts';

/**
 * Workflow runs by date slices. GitHub's list endpoints return at most 1,000 results for a query
 * with `created` (or branch, event, status …) — pages past the tenth are empty — while
 * `total_count` still says how many match (https://docs.github.com/rest/actions/workflow-runs).
 * So each slice's first page tells its size; a slice of 1,000 or more is cut into pieces of about
 * SLICE_TARGET runs (its first page is the only call wasted) and each piece is read to its end.
 *
 * Pages are taken as bytes (octokit's `parseSuccessResponseBody: false`) and only the fields a
 * RunFact needs are read out of them (list-page.ts), page by page: nothing of a response outlives
 * its page. A page that is not a JSON list (cut, a proxy's HTML) is asked for again.
 */

export const PER_PAGE = 100;
export const RESULT_CAP = 1_000;
/** Runs aimed for per slice: under the cap with room for an uneven rate. */
export const SLICE_TARGET = 800;

export interface RunListing {
  runs: RunFact[];
  /** List requests made. */
  listCalls: number;
  /** Slices read to the end. */
  slices: number;
  /** First pages thrown away because their slice was over the cap (the slicing overhead). */
  splitCalls: number;
  /** Slices still at the cap after splitting down to one second (runs may be missing; said so). */
  capped: number;
}

export interface ListQuery {
  repository: string;
  /** A workflow file name or id, or '*' for every workflow. */
  workflow: string;
  from: number;
  to: number;
  defaultBranch: string;
  branch?: string | undefined;
  event?: string | undefined;
}

/** GitHub's search-date syntax, to the second: 2026-11-01T00:00:00Z. */
export function searchDate(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export async function listRuns(gh: GitHub, q: ListQuery, budget: ApiBudget, retry: Partial<RetryOptions> = {}): Promise<RunListing> {
  const byId = new Map<number, RunFact>();
  const intern = interner();
  const out: RunListing = { runs: [], listCalls: 0, slices: 0, splitCalls: 0, capped: 0 };

  const page = (from: number, last: number, n: number): Promise<{ total: number; items: Record<string, Field>[] }> => {
    const params = {
      ...repoParams(q.repository),
      // Both ends inclusive, to the second: a slice ends one second before the next begins.
      created: `${searchDate(from)}..${searchDate(last)}`,
      per_page: PER_PAGE,
      page: n,
      exclude_pull_requests: true,
      ...(q.branch ? { branch: q.branch } : {}),
      ...(q.event ? { event: q.event } : {}),
      request: { parseSuccessResponseBody: false },
    };
    const send = async (): Promise<unknown> => {
      budget.requireOne(`listing the runs of ${q.repository} ${q.workflow}`);
      out.listCalls += 1;
      const { data } =
        q.workflow === '*'
          ? await gh.request('GET /repos/{owner}/{repo}/actions/runs', params)
          : await gh.request('GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs', { ...params, workflow_id: q.workflow });
      return data;
    };
    return fetchListPage(`reading page ${n} of the runs of ${q.repository} ${q.workflow}`, send, 'workflow_runs', RUN_FIELDS, retry);
  };

  const keep = (items: Record<string, Field>[]): void => {
    for (const raw of items) {
      const fact = runFact(raw, q.repository, q.defaultBranch, intern);
      if (fact && fact.createdAt >= q.from && fact.createdAt < q.to) byId.set(fact.id, fact);
    }
  };

  // [from, last] in ms, both inclusive at one-second resolution.
  const slice = async (from: number, last: number): Promise<void> => {
    const first = await page(from, last, 1);
    if (first.total >= RESULT_CAP && last - from >= 2_000) {
      out.splitCalls += 1;
      const pieces = Math.min(Math.ceil(first.total / SLICE_TARGET), Math.floor((last - from) / 1_000) + 1);
      const span = (last - from + 1_000) / pieces;
      for (let i = 0; i < pieces; i++) {
        const a = from + Math.round((i * span) / 1_000) * 1_000;
        const b = i === pieces - 1 ? last : from + Math.round(((i + 1) * span) / 1_000) * 1_000 - 1_000;
        if (b >= a) await slice(a, b);
      }
      return;
    }
    out.slices += 1;
    if (first.total >= RESULT_CAP) out.capped += 1;
    keep(first.items);
    const pages = Math.ceil(Math.min(first.total, RESULT_CAP) / PER_PAGE);
    for (let n = 2; n <= pages; n++) {
      const next = await page(from, last, n);
      keep(next.items);
      if (next.items.length < PER_PAGE) break;
    }
  };

  const start = Math.ceil(q.from / 1_000) * 1_000;
  const last = Math.ceil(q.to / 1_000) * 1_000 - 1_000;
  if (last >= start) await slice(start, last);
  out.runs = [...byId.values()].sort((a, b) => a.createdAt - b.createdAt || a.id - b.id);
  return out;
}
