// Comparing two commits of a repository's seeded linear history (DORA lead time reads the
// committer dates of the commits a deployment shipped).
import { fail } from '../errors.ts';
import { actor, ok, paginate } from '../handler.ts';
import type { Handler, RouteTable } from '../handler.ts';
import type { RepoRec } from '../store.ts';

function indexOf(repo: RepoRec, ref: string): number {
  const sha = /^[0-9a-f]{40}$/i.test(ref) ? ref.toLowerCase() : repo.branches.get(ref)?.sha;
  return sha === undefined ? -1 : repo.commits.findIndex((c) => c.sha === sha);
}

const compare: Handler = (ctx) => {
    actor(ctx);
    const repo = ctx.store.repo(ctx.params, ctx.docs);
    // The last path segment, whichever way the description names it ({basehead} or {base}...{head}).
    const basehead = decodeURIComponent(ctx.path.split('/').pop() ?? '');
    const m = /^(.+?)\.\.\.?(.+)$/.exec(basehead);
    const base = m ? indexOf(repo, m[1]!) : -1;
    const head = m ? indexOf(repo, m[2]!) : -1;
    if (base < 0 || head < 0) fail(404, 'Not Found', ctx.docs);
    const ahead = repo.commits.slice(base + 1, head + 1);
    const mergeBase = Math.min(base, head);
    const render = (i: number) => ctx.render.commit(repo, repo.commits[i]!, repo.commits[i - 1]);
    // Without page/per_page GitHub lists up to 250 commits; with them it pages (per_page ≤ 100).
    const paged = ctx.query.has('page') || ctx.query.has('per_page');
    const page = paged ? paginate(ctx, ahead) : { items: ahead.slice(0, 250), headers: {} };
    const url = `${ctx.render.repoUrl(repo)}/compare/${basehead}`;
    const html = `https://github.com/${repo.fullName}/compare/${basehead}`;
    return ok(
      {
        url,
        html_url: html,
        permalink_url: html,
        diff_url: `${html}.diff`,
        patch_url: `${html}.patch`,
        base_commit: render(base),
        merge_base_commit: render(mergeBase),
        status: head === base ? 'identical' : head > base ? 'ahead' : 'behind',
        ahead_by: Math.max(0, head - base),
        behind_by: Math.max(0, base - head),
        total_commits: Math.max(0, head - base),
        commits: page.items.map((c) => ctx.render.commit(repo, c, repo.commits[repo.commits.indexOf(c) - 1])),
      },
      page.headers,
    );
};

// The description names the operation `repos/compare-commits` (older copies: `…-with-basehead`).
export const commitRoutes: RouteTable = {
  'repos/compare-commits': compare,
  'repos/compare-commits-with-basehead': compare,
};
