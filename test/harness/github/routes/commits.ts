// Comparing two commits (GET /repos/{owner}/{repo}/compare/{base}...{head}), over the commit graph
// the tests seed (seed.commits, seed.commit): how far head is ahead of and behind base, their merge
// base, and the commits head has that base lacks, with their messages and dates (deploy's trust
// checks read the counts, DORA lead time the dates). GitHub answers 404 for a commit it does not
// know, and for two commits with no common ancestor.
import { fail } from '../errors.ts';
import { ok } from '../handler.ts';
import type { Ctx, RouteTable } from '../handler.ts';
import type { RepoRec } from '../store.ts';

/** GitHub lists at most this many commits in a comparison (the counts stay exact). */
const MAX_COMMITS = 250;

/** A branch, a tag or a full sha the graph knows, as its sha. */
function commitOf(ctx: Ctx, repo: RepoRec, ref: string): string {
  const sha = ctx.store.resolveRef(repo, ref)?.sha;
  if (sha === undefined || !repo.commits.has(sha)) fail(404, 'Not Found', ctx.docs);
  return sha;
}

/** Every commit reachable from `sha` (itself included), nearest first. */
function ancestors(repo: RepoRec, sha: string): string[] {
  const seen = new Set<string>([sha]);
  const order: string[] = [sha];
  for (let i = 0; i < order.length; i++) {
    for (const parent of repo.commits.get(order[i] ?? '')?.parents ?? []) {
      if (!seen.has(parent)) {
        seen.add(parent);
        order.push(parent);
      }
    }
  }
  return order;
}

function renderCommit(ctx: Ctx, repo: RepoRec, sha: string): Record<string, unknown> {
  const c = repo.commits.get(sha)!;
  const rendered = ctx.render.commit(repo, c, undefined);
  const api = ctx.render.repoUrl(repo);
  const html = `https://github.com/${repo.fullName}`;
  return { ...rendered, parents: c.parents.map((p) => ({ sha: p, url: `${api}/commits/${p}`, html_url: `${html}/commit/${p}` })) };
}

function compare(ctx: Ctx, baseRef: string, headRef: string) {
  const repo = ctx.store.repo(ctx.params, ctx.docs);
  const base = commitOf(ctx, repo, baseRef);
  const head = commitOf(ctx, repo, headRef);
  const fromBase = ancestors(repo, base);
  const fromHead = ancestors(repo, head);
  const inBase = new Set(fromBase);
  const inHead = new Set(fromHead);
  const mergeBase = fromHead.find((sha) => inBase.has(sha));
  if (mergeBase === undefined) fail(404, `No common ancestor between ${baseRef} and ${headRef}.`, ctx.docs);
  const ahead = fromHead.filter((sha) => !inBase.has(sha));
  const behind = fromBase.filter((sha) => !inHead.has(sha));
  const status = ahead.length === 0 && behind.length === 0 ? 'identical' : behind.length === 0 ? 'ahead' : ahead.length === 0 ? 'behind' : 'diverged';
  const basehead = `${baseRef}...${headRef}`;
  const html = `https://github.com/${repo.fullName}/compare/${basehead}`;
  return ok({
    url: `${ctx.render.repoUrl(repo)}/compare/${basehead}`,
    html_url: html,
    permalink_url: `https://github.com/${repo.fullName}/compare/${base}...${head}`,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    base_commit: renderCommit(ctx, repo, base),
    merge_base_commit: renderCommit(ctx, repo, mergeBase),
    status,
    ahead_by: ahead.length,
    behind_by: behind.length,
    total_commits: ahead.length,
    commits: ahead.slice(0, MAX_COMMITS).reverse().map((sha) => renderCommit(ctx, repo, sha)),
    files: [],
  });
}

/**
 * GitHub describes this path twice, as `/compare/{basehead}` and the older `/compare/{base}...{head}`;
 * the contract routes it to the first (contract.ts says why), and either way the handler reads
 * `BASE...HEAD` from the path itself.
 */
const fromPath = (ctx: Ctx) => {
  const segment = ctx.path.split('/').pop() ?? '';
  let basehead = segment;
  try {
    basehead = decodeURIComponent(segment);
  } catch {
    // left as sent: it then names no commit
  }
  const [base, head, ...rest] = basehead.split('...');
  if (!base || !head || rest.length > 0) fail(404, 'Not Found', ctx.docs);
  return compare(ctx, base, head);
};

export const commitRoutes: RouteTable = {
  'repos/compare-commits-with-basehead': fromPath,
  'repos/compare-commits': fromPath,
};
