import type { GitHub, Reconcile } from '../../../shared/github.ts';

/**
 * The plan as a pull request comment. `update` keeps one comment per (tool, directory, workspace),
 * found again by a hidden marker and edited in place; `new` adds one per run (its marker names the
 * run, which is also how an ambiguous POST is reconciled instead of posted twice).
 */

const PAGES = 30;

export interface CommentTarget {
  owner: string;
  repo: string;
  issue: number;
}

async function findMarked(gh: GitHub, t: CommentTarget, marker: string, signal: AbortSignal): Promise<{ id: number; html_url: string } | undefined> {
  let found: { id: number; html_url: string } | undefined;
  for (let page = 1; page <= PAGES; page++) {
    const { data } = await gh.request('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner: t.owner, repo: t.repo, issue_number: t.issue, per_page: 100, page, request: { signal } });
    // The newest match wins, should there be more than one.
    for (const c of data) if (typeof c.body === 'string' && c.body.includes(marker)) found = { id: Number(c.id), html_url: c.html_url };
    if (data.length < 100) break;
  }
  return found;
}

export async function postComment(
  gh: GitHub,
  t: CommentTarget,
  o: { marker: string; body: string; mode: 'update' | 'new'; signal: AbortSignal },
): Promise<{ action: 'created' | 'updated'; url: string }> {
  if (o.mode === 'update') {
    const existing = await findMarked(gh, t, o.marker, o.signal);
    if (existing) {
      const { data } = await gh.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', { owner: t.owner, repo: t.repo, comment_id: existing.id, body: o.body, request: { signal: o.signal } });
      return { action: 'updated', url: data.html_url };
    }
  }
  const reconcile: Reconcile = async () => {
    const found = await findMarked(gh, t, o.marker, o.signal);
    return found ? { data: found, status: 201 } : undefined;
  };
  const { data } = await gh.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner: t.owner, repo: t.repo, issue_number: t.issue, body: o.body, request: { signal: o.signal, reconcile } });
  return { action: 'created', url: data.html_url };
}
