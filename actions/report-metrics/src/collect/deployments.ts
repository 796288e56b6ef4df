import type { GitHub } from '../../../../shared/github.ts';
import { repoParams, type ApiBudget } from './budget.ts';

/**
 * What DORA needs from GitHub, per environment: the deployments of the window (and the last one
 * before it, for the first lead time), each with its statuses, and for each successful one the
 * committer dates of the commits it shipped (compare with the previous success:
 * https://docs.github.com/rest/commits/commits#compare-two-commits). Calls: one list page per 100
 * deployments, one status list per deployment, one compare per success — within the budget;
 * what the budget cut is counted, not guessed.
 */

export interface StatusFact {
  state: string;
  createdAt: number;
  /** From the suite's deploy action: "…; rolled back to abc1234" (read with a pattern, never printed). */
  rolledBack: boolean;
}

export interface DeploymentFact {
  id: number;
  environment: string;
  sha: string;
  createdAt: number;
  /** Oldest first. */
  statuses: StatusFact[];
  /** Committer dates of the commits this deployment shipped (empty when unknown or none). */
  commitTimes: number[];
}

export interface DeploymentHistory {
  environment: string;
  repository: string;
  /** Oldest first; may start with deployments from before the window (for lead time). */
  deployments: DeploymentFact[];
  calls: number;
  /** Deployments or comparisons skipped because the budget ran out. */
  skipped: number;
}

const SHA = /^[0-9a-f]{40}$/;
const FINAL = new Set(['success', 'failure', 'error']);
/** Older deployments read besides the window's, to find the previous success. */
const LOOK_BEHIND = 5;

const time = (raw: unknown): number => (typeof raw === 'string' ? Date.parse(raw) : Number.NaN);

export function finalState(d: DeploymentFact): StatusFact | undefined {
  return [...d.statuses].reverse().find((s) => FINAL.has(s.state));
}

export async function readDeployments(gh: GitHub, repository: string, environment: string, from: number, budget: ApiBudget, reserve: number): Promise<DeploymentHistory> {
  const params = repoParams(repository);
  const before = budget.used;
  const listed: { id: number; sha: string; createdAt: number }[] = [];
  let older = 0;
  let skipped = 0;
  for (let page = 1; budget.remaining > reserve && older < LOOK_BEHIND; page++) {
    const { data } = await gh.request('GET /repos/{owner}/{repo}/deployments', { ...params, environment, per_page: 100, page });
    const list = Array.isArray(data) ? (data as Record<string, unknown>[]) : [];
    for (const raw of list) {
      const id = raw['id'];
      const sha = raw['sha'];
      const createdAt = time(raw['created_at']);
      if (typeof id !== 'number' || typeof sha !== 'string' || !SHA.test(sha) || Number.isNaN(createdAt)) continue;
      if (createdAt < from && ++older > LOOK_BEHIND) break;
      listed.push({ id, sha, createdAt });
    }
    if (list.length < 100) break;
  }
  listed.sort((a, b) => a.createdAt - b.createdAt || a.id - b.id);

  const deployments: DeploymentFact[] = [];
  for (const d of listed) {
    if (budget.remaining <= reserve) {
      skipped += 1;
      continue;
    }
    const { data } = await gh.request('GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', { ...params, deployment_id: d.id, per_page: 100 });
    const statuses = (Array.isArray(data) ? (data as Record<string, unknown>[]) : [])
      .map((s) => ({
        state: typeof s['state'] === 'string' ? s['state'] : '',
        createdAt: time(s['created_at']),
        rolledBack: typeof s['description'] === 'string' && /\brolled back to [0-9a-f]{7,40}\b/.test(s['description']),
      }))
      .filter((s) => s.state !== '' && !Number.isNaN(s.createdAt))
      .sort((a, b) => a.createdAt - b.createdAt);
    deployments.push({ id: d.id, environment, sha: d.sha, createdAt: d.createdAt, statuses, commitTimes: [] });
  }

  // Lead time: the commits between the previous successful deployment and this one.
  let previous: DeploymentFact | undefined;
  for (const d of deployments) {
    if (finalState(d)?.state !== 'success') continue;
    if (d.createdAt >= from) {
      if (budget.remaining <= reserve) skipped += 1;
      else if (previous?.sha !== d.sha) d.commitTimes = await commitTimes(gh, repository, previous?.sha ?? d.sha, d.sha);
    }
    previous = d;
  }
  return { environment, repository, deployments, calls: budget.used - before, skipped };
}

/**
 * Committer dates of base..head (one page of 100: a deployment rarely ships more); base = head
 * gives that commit alone. A sha GitHub does not know (force-pushed away, deployed from elsewhere)
 * answers 404: no lead time for that deployment, rather than no DORA at all.
 */
async function commitTimes(gh: GitHub, repository: string, base: string, head: string): Promise<number[]> {
  let data: unknown;
  try {
    ({ data } = await gh.request('GET /repos/{owner}/{repo}/compare/{basehead}', { ...repoParams(repository), basehead: `${base}...${head}`, per_page: 100 }));
  } catch (error) {
    if ((error as { status?: unknown }).status === 404) return [];
    throw error;
  }
  const body = data as { commits?: unknown; base_commit?: unknown };
  const dateOf = (c: unknown): number => time((c as { commit?: { committer?: { date?: unknown } } })?.commit?.committer?.date);
  if (base === head) return [dateOf(body.base_commit)].filter((t) => !Number.isNaN(t));
  return (Array.isArray(body.commits) ? body.commits : []).map(dateOf).filter((t) => !Number.isNaN(t));
}
