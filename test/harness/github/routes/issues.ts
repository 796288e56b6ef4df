// Issues and issue comments: create, list, get, update (and delete for comments).
import { fail, invalid } from '../errors.ts';
import { actor, created, intParam, noContent, ok, paginate } from '../handler.ts';
import type { Ctx, RouteTable } from '../handler.ts';
import { isoNow } from '../store.ts';
import type { Account, CommentRec, IssueRec, RepoRec, Store } from '../store.ts';

type LabelInput = string | { name?: string };

function labelNames(raw: unknown): string[] {
  return ((raw as LabelInput[] | undefined) ?? []).flatMap((l) =>
    typeof l === 'string' ? [l] : l.name ? [l.name] : [],
  );
}

/** GitHub refuses issue and comment bodies over 65,536 characters. */
function checkBody(ctx: Ctx, resource: string, body: unknown): void {
  if (typeof body === 'string' && body.length > 65_536) {
    invalid('Validation Failed', ctx.docs, [
      { resource, field: 'body', code: 'custom', message: 'body is too long (maximum is 65536 characters)' },
    ]);
  }
}

function findIssue(ctx: Ctx, repo: RepoRec): IssueRec {
  const n = intParam(ctx, 'issue_number');
  return repo.issues.find((i) => i.number === n) ?? fail(404, 'Not Found', ctx.docs);
}

function findComment(ctx: Ctx, repo: RepoRec): CommentRec {
  const id = intParam(ctx, 'comment_id');
  return repo.comments.find((c) => c.id === id) ?? fail(404, 'Not Found', ctx.docs);
}

export function addIssue(
  store: Store,
  repo: RepoRec,
  user: Account,
  n: { title: string; body?: string | null | undefined; labels?: string[]; assignees?: string[] },
): IssueRec {
  const now = isoNow();
  const issue: IssueRec = {
    id: store.nextId(),
    number: repo.issues.length + 1,
    title: n.title,
    body: n.body ?? null,
    state: 'open',
    stateReason: null,
    labels: n.labels ?? [],
    assignees: n.assignees ?? [],
    user,
    createdAt: now,
    updatedAt: now,
    closedAt: null,
  };
  repo.issues.push(issue);
  return issue;
}

export function addComment(store: Store, repo: RepoRec, issue: IssueRec, user: Account, body: string): CommentRec {
  const now = isoNow();
  const c: CommentRec = { id: store.nextId(), issueNumber: issue.number, body, user, createdAt: now, updatedAt: now };
  repo.comments.push(c);
  issue.updatedAt = now;
  return c;
}

function sortList<T extends { id: number; updatedAt: string }>(ctx: Ctx, items: T[], defaultDir: 'asc' | 'desc'): T[] {
  const byUpdated = ctx.query.get('sort') === 'updated';
  const dir = (ctx.query.get('direction') ?? defaultDir) === 'asc' ? 1 : -1;
  return [...items].sort((a, b) => dir * (byUpdated ? a.updatedAt.localeCompare(b.updatedAt) || a.id - b.id : a.id - b.id));
}

export const issueRoutes: RouteTable = {
  'issues/create': (ctx) => {
    const user = actor(ctx);
    const repo = ctx.store.repo(ctx.params, ctx.docs);
    const b = ctx.body;
    checkBody(ctx, 'Issue', b['body']);
    const issue = addIssue(ctx.store, repo, user, {
      title: String(b['title']),
      body: b['body'] as string | undefined,
      labels: labelNames(b['labels']),
      assignees: [...((b['assignees'] as string[] | undefined) ?? []), ...(b['assignee'] ? [String(b['assignee'])] : [])],
    });
    const body = ctx.render.issue(repo, issue);
    return created(body, { location: String(body['url']) });
  },

  'issues/list-for-repo': (ctx) => {
    const repo = ctx.store.repo(ctx.params, ctx.docs);
    const q = ctx.query;
    const state = q.get('state') ?? 'open';
    const wanted = (q.get('labels') ?? '').split(',').filter(Boolean);
    const issues = sortList(ctx, repo.issues, 'desc').filter(
      (i) =>
        (state === 'all' || i.state === state) &&
        wanted.every((l) => i.labels.includes(l)) &&
        (!q.get('creator') || i.user.login === q.get('creator')),
    );
    const page = paginate(ctx, issues);
    return ok(page.items.map((i) => ctx.render.issue(repo, i)), page.headers);
  },

  'issues/get': (ctx) => {
    const repo = ctx.store.repo(ctx.params, ctx.docs);
    return ok(ctx.render.issue(repo, findIssue(ctx, repo)));
  },

  'issues/update': (ctx) => {
    actor(ctx);
    const repo = ctx.store.repo(ctx.params, ctx.docs);
    const issue = findIssue(ctx, repo);
    const b = ctx.body;
    checkBody(ctx, 'Issue', b['body']);
    if (b['title'] !== undefined && b['title'] !== null) issue.title = String(b['title']);
    if (b['body'] !== undefined) issue.body = b['body'] as string | null;
    if (b['labels'] !== undefined) issue.labels = labelNames(b['labels']);
    if (Array.isArray(b['assignees'])) {
      issue.assignees = (b['assignees'] as (string | { login?: string })[]).flatMap((a) =>
        typeof a === 'string' ? [a] : a.login ? [a.login] : [],
      );
    }
    const now = isoNow();
    if (b['state'] === 'closed' && issue.state === 'open') {
      issue.state = 'closed';
      issue.closedAt = now;
      issue.stateReason = (b['state_reason'] as string | null | undefined) ?? 'completed';
    } else if (b['state'] === 'open' && issue.state === 'closed') {
      issue.state = 'open';
      issue.closedAt = null;
      issue.stateReason = 'reopened';
    } else if (b['state_reason'] !== undefined) {
      issue.stateReason = b['state_reason'] as string | null;
    }
    issue.updatedAt = now;
    return ok(ctx.render.issue(repo, issue));
  },

  'issues/create-comment': (ctx) => {
    const user = actor(ctx);
    const repo = ctx.store.repo(ctx.params, ctx.docs);
    const issue = findIssue(ctx, repo);
    checkBody(ctx, 'IssueComment', ctx.body['body']);
    const c = addComment(ctx.store, repo, issue, user, ctx.body['body'] as string);
    const body = ctx.render.comment(repo, c);
    return created(body, { location: String(body['url']) });
  },

  'issues/list-comments': (ctx) => {
    const repo = ctx.store.repo(ctx.params, ctx.docs);
    const issue = findIssue(ctx, repo);
    const comments = repo.comments.filter((c) => c.issueNumber === issue.number);
    const page = paginate(ctx, comments);
    return ok(page.items.map((c) => ctx.render.comment(repo, c)), page.headers);
  },

  'issues/list-comments-for-repo': (ctx) => {
    const repo = ctx.store.repo(ctx.params, ctx.docs);
    const page = paginate(ctx, sortList(ctx, repo.comments, 'asc'));
    return ok(page.items.map((c) => ctx.render.comment(repo, c)), page.headers);
  },

  'issues/get-comment': (ctx) => {
    const repo = ctx.store.repo(ctx.params, ctx.docs);
    return ok(ctx.render.comment(repo, findComment(ctx, repo)));
  },

  'issues/update-comment': (ctx) => {
    actor(ctx);
    const repo = ctx.store.repo(ctx.params, ctx.docs);
    const c = findComment(ctx, repo);
    checkBody(ctx, 'IssueComment', ctx.body['body']);
    c.body = ctx.body['body'] as string;
    c.updatedAt = isoNow();
    return ok(ctx.render.comment(repo, c));
  },

  'issues/delete-comment': (ctx) => {
    actor(ctx);
    const repo = ctx.store.repo(ctx.params, ctx.docs);
    const c = findComment(ctx, repo);
    repo.comments.splice(repo.comments.indexOf(c), 1);
    return noContent;
  },
};
