// What a route handler receives and returns, plus small helpers every route file uses.
import { errorBody, fail, HttpError } from './errors.ts';
import type { Renderer } from './render.ts';
import type { Account, Store, TokenRec } from './store.ts';

export interface Identity {
  /** Rate-limit bucket: "token:<token>" or "anon:<ip>". */
  key: string;
  user?: Account;
  token?: TokenRec;
}

export interface RateSnapshot {
  limit: number;
  remaining: number;
  used: number;
  reset: number;
}

export interface Ctx {
  operationId: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: Record<string, unknown>;
  identity: Identity;
  store: Store;
  render: Renderer;
  /** documentation_url for this operation's errors. */
  docs: string;
  /** Request path (no query), used to build pagination links. */
  path: string;
  rateLimit(): RateSnapshot;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (ctx: Ctx) => Reply;
export type RouteTable = Record<string, Handler>;

/** The acting user; anonymous callers only reach handlers that allow it. */
export function actor(ctx: Ctx): Account {
  return ctx.identity.user ?? fail(401, 'Requires authentication', ctx.docs);
}

/** GITHUB_TOKEN-like tokens cannot administer secrets, variables or environments. */
export function requireAdmin(ctx: Ctx, permission: string): void {
  actor(ctx);
  if (ctx.identity.token && !ctx.identity.token.canWriteSecrets) {
    // GitHub names the permission the token lacks in this header.
    const body = errorBody(403, 'Resource not accessible by integration', ctx.docs);
    throw new HttpError(403, body, { 'x-accepted-github-permissions': permission });
  }
}

export function ok(body: unknown, headers?: Record<string, string>): Reply {
  return headers ? { status: 200, body, headers } : { status: 200, body };
}

export function created(body: unknown, headers?: Record<string, string>): Reply {
  return headers ? { status: 201, body, headers } : { status: 201, body };
}

export const noContent: Reply = { status: 204 };

export function intParam(ctx: Ctx, name: string): number {
  return Number(ctx.params[name]);
}

/** Slices a list as GitHub does (per_page ≤ 100, default 30, unless the endpoint says otherwise) and builds the Link header. */
export function paginate<T>(
  ctx: Ctx,
  items: T[],
  sizes: { perPage: number; max: number } = { perPage: 30, max: 100 },
): { items: T[]; headers: Record<string, string> } {
  const asked = Number(ctx.query.get('per_page') ?? sizes.perPage) || sizes.perPage;
  const perPage = Math.min(sizes.max, Math.max(1, asked));
  const page = Math.max(1, Number(ctx.query.get('page') ?? 1) || 1);
  const lastPage = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const link = (p: number, rel: string): string => {
    const q = new URLSearchParams(ctx.query);
    q.set('per_page', String(perPage));
    q.set('page', String(p));
    return `<${ctx.render.api}${ctx.path}?${q.toString()}>; rel="${rel}"`;
  };
  const rels: string[] = [];
  if (page > 1) rels.push(link(Math.min(page - 1, lastPage), 'prev'));
  if (page < lastPage) rels.push(link(page + 1, 'next'), link(lastPage, 'last'));
  if (page > 1) rels.push(link(1, 'first'));
  return { items: slice, headers: rels.length ? { link: rels.join(', ') } : {} };
}

/** Newest first, as GitHub lists deployments, statuses, runs and issues. */
export function newestFirst<T extends { id: number }>(items: T[]): T[] {
  return [...items].sort((a, b) => b.id - a.id);
}
