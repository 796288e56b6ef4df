// Actions configuration variables for repositories, environments and organisations.
import { fail } from '../errors.ts';
import { actor, created, noContent, ok, paginate, requireAdmin } from '../handler.ts';
import type { Ctx, Handler, RouteTable } from '../handler.ts';
import { isoNow } from '../store.ts';
import type { ResolvedScope, VariableRec } from '../store.ts';
import type { Visibility } from '../types.ts';
import { scopeFromParams, selectedIds, selectedRepoOps, selectedReposUrl } from './scope.ts';
import { checkSecretName } from './secrets.ts';

/** Variables list 10 per page by default, at most 30 (unlike most lists). */
const VARIABLE_PAGES = { perPage: 10, max: 30 };

function permission(scope: ResolvedScope): string {
  if (scope.org) return 'organization_actions_variables=write';
  return scope.environment ? 'environments=write' : 'actions_variables=write';
}

function render(ctx: Ctx, scope: ResolvedScope, v: VariableRec): Record<string, unknown> {
  const out: Record<string, unknown> = { name: v.name, value: v.value, created_at: v.createdAt, updated_at: v.updatedAt };
  if (scope.org) {
    out['visibility'] = v.visibility ?? 'private';
    if (v.visibility === 'selected') out['selected_repositories_url'] = selectedReposUrl(ctx, scope, 'variables', v.name);
  }
  return out;
}

function find(ctx: Ctx, scope: ResolvedScope): VariableRec {
  const name = (ctx.params['name'] ?? '').toUpperCase();
  return ctx.store.variableMap(scope).get(name) ?? fail(404, 'Not Found', ctx.docs);
}

const list: Handler = (ctx) => {
  actor(ctx);
  const scope = scopeFromParams(ctx);
  const all = [...ctx.store.variableMap(scope).values()].sort((a, b) => a.name.localeCompare(b.name));
  const page = paginate(ctx, all, VARIABLE_PAGES);
  return ok({ total_count: all.length, variables: page.items.map((v) => render(ctx, scope, v)) }, page.headers);
};

const create: Handler = (ctx) => {
  const scope = scopeFromParams(ctx);
  requireAdmin(ctx, permission(scope));
  const name = checkSecretName(ctx, ctx.body['name'] as string);
  const map = ctx.store.variableMap(scope);
  if (map.has(name)) fail(409, 'Already exists - Variable already exists', ctx.docs);
  const now = isoNow();
  const rec: VariableRec = { name, value: ctx.body['value'] as string, createdAt: now, updatedAt: now };
  if (scope.org) {
    rec.visibility = ctx.body['visibility'] as Visibility;
    const selected = selectedIds(ctx, scope, rec.visibility, ctx.body['selected_repository_ids']);
    if (rec.visibility === 'selected') rec.selected = selected ?? new Set();
  }
  map.set(name, rec);
  return created({});
};

const get: Handler = (ctx) => {
  actor(ctx);
  const scope = scopeFromParams(ctx);
  return ok(render(ctx, scope, find(ctx, scope)));
};

const update: Handler = (ctx) => {
  const scope = scopeFromParams(ctx);
  requireAdmin(ctx, permission(scope));
  const rec = find(ctx, scope);
  const map = ctx.store.variableMap(scope);
  const b = ctx.body;
  if (typeof b['name'] === 'string') {
    const renamed = checkSecretName(ctx, b['name']);
    if (renamed !== rec.name && map.has(renamed)) fail(409, 'Already exists - Variable already exists', ctx.docs);
    map.delete(rec.name);
    rec.name = renamed;
    map.set(renamed, rec);
  }
  if (typeof b['value'] === 'string') rec.value = b['value'];
  if (scope.org && typeof b['visibility'] === 'string') {
    rec.visibility = b['visibility'] as Visibility;
    if (rec.visibility !== 'selected') delete rec.selected;
  }
  if (scope.org && b['selected_repository_ids'] !== undefined) {
    const selected = selectedIds(ctx, scope, rec.visibility, b['selected_repository_ids']);
    if (selected === undefined) delete rec.selected;
    else rec.selected = selected;
  }
  rec.updatedAt = isoNow();
  return noContent;
};

const del: Handler = (ctx) => {
  const scope = scopeFromParams(ctx);
  requireAdmin(ctx, permission(scope));
  const rec = find(ctx, scope);
  ctx.store.variableMap(scope).delete(rec.name);
  return noContent;
};

const selected: Handler = (ctx) => {
  const scope = scopeFromParams(ctx);
  if (ctx.operationId.includes('/list-')) actor(ctx);
  else requireAdmin(ctx, permission(scope));
  return selectedRepoOps(ctx, find(ctx, scope), ctx.store, scope);
};

export const variableRoutes: RouteTable = {};
for (const s of ['repo', 'environment', 'org']) {
  variableRoutes[`actions/list-${s}-variables`] = list;
  variableRoutes[`actions/create-${s}-variable`] = create;
  variableRoutes[`actions/get-${s}-variable`] = get;
  variableRoutes[`actions/update-${s}-variable`] = update;
  variableRoutes[`actions/delete-${s}-variable`] = del;
}
variableRoutes['actions/list-selected-repos-for-org-variable'] = selected;
variableRoutes['actions/set-selected-repos-for-org-variable'] = selected;
variableRoutes['actions/add-selected-repo-to-org-variable'] = selected;
variableRoutes['actions/remove-selected-repo-from-org-variable'] = selected;
