import type { GitHub, Reconcile } from '../../../shared/github.ts';

/**
 * `alert: issue` for drift: one issue per (repository, working directory, workspace), found again
 * by a hidden marker in its body. Drift found: the issue is opened, or updated with the latest
 * findings. No drift: an open issue gets a comment saying so and is closed as completed.
 */

const PAGES = 10;

export interface IssueTarget {
  owner: string;
  repo: string;
}

interface Found {
  number: number;
  html_url: string;
}

async function findOpen(gh: GitHub, t: IssueTarget, marker: string, signal: AbortSignal): Promise<Found | undefined> {
  for (let page = 1; page <= PAGES; page++) {
    const { data } = await gh.request('GET /repos/{owner}/{repo}/issues', { owner: t.owner, repo: t.repo, state: 'open', per_page: 100, page, request: { signal } });
    const hit = data.find((i) => !i.pull_request && typeof i.body === 'string' && i.body.includes(marker));
    if (hit) return { number: hit.number, html_url: hit.html_url };
    if (data.length < 100) break;
  }
  return undefined;
}

export type IssueAction = { action: 'opened' | 'updated' | 'closed'; number: number; url: string } | { action: 'none' };

export async function syncDriftIssue(
  gh: GitHub,
  t: IssueTarget,
  o: { marker: string; title: string; body: string; drift: boolean; goneText: string; signal: AbortSignal },
): Promise<IssueAction> {
  const open = await findOpen(gh, t, o.marker, o.signal);
  if (!o.drift) {
    if (!open) return { action: 'none' };
    await gh.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
      owner: t.owner,
      repo: t.repo,
      issue_number: open.number,
      body: o.goneText,
      request: {
        signal: o.signal,
        // A lost answer: the comment landed if it is the newest one with this text.
        reconcile: (async () => {
          const { data } = await gh.request('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner: t.owner, repo: t.repo, issue_number: open.number, per_page: 100, request: { signal: o.signal } });
          const last = data.at(-1);
          return last && last.body === o.goneText ? { data: last, status: 201 } : undefined;
        }) satisfies Reconcile,
      },
    });
    await gh.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', { owner: t.owner, repo: t.repo, issue_number: open.number, state: 'closed', state_reason: 'completed', request: { signal: o.signal } });
    return { action: 'closed', number: open.number, url: open.html_url };
  }
  if (open) {
    await gh.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', { owner: t.owner, repo: t.repo, issue_number: open.number, title: o.title, body: o.body, request: { signal: o.signal } });
    return { action: 'updated', number: open.number, url: open.html_url };
  }
  const reconcile: Reconcile = async () => {
    const found = await findOpen(gh, t, o.marker, o.signal);
    return found ? { data: found, status: 201 } : undefined;
  };
  const { data } = await gh.request('POST /repos/{owner}/{repo}/issues', { owner: t.owner, repo: t.repo, title: o.title, body: o.body, request: { signal: o.signal, reconcile } });
  return { action: 'opened', number: data.number, url: data.html_url };
}
