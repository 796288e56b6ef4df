// Shared by secrets and variables: resolving the scope from path params, organisation
// visibility and the selected-repositories sub-resource.
import { fail, invalid } from '../errors.ts';
import { noContent, ok, paginate } from '../handler.ts';
import type { Ctx, Reply } from '../handler.ts';
import { scopeId } from '../store.ts';
import type { ResolvedScope, Store } from '../store.ts';
import type { SecretApp, Visibility } from '../types.ts';

export function scopeFromParams(ctx: Ctx): ResolvedScope {
  const app: SecretApp = ctx.operationId.startsWith('dependabot/') ? 'dependabot' : 'actions';
  const { store, params, docs } = ctx;
  if (params['org'] !== undefined) {
    const org = store.org(params['org']) ?? fail(404, 'Not Found', docs);
    return { id: scopeId(app, { org }), app, org };
  }
  const repo = store.repo(params, docs);
  const envName = params['environment_name'];
  if (envName === undefined) return { id: scopeId(app, { repo }), app, repo };
  const environment = repo.environments.get(envName.toLowerCase()) ?? fail(404, 'Not Found', docs);
  return { id: scopeId(app, { repo, environment }), app, repo, environment };
}

export interface Selectable {
  visibility?: Visibility;
  selected?: Set<number>;
}

/** Checks selected_repository_ids: only with visibility selected, only the org's repositories. */
export function selectedIds(ctx: Ctx, scope: ResolvedScope, visibility: Visibility | undefined, raw: unknown): Set<number> | undefined {
  if (raw === undefined) return undefined;
  if (visibility !== 'selected') {
    invalid('Invalid request.\n\nselected_repository_ids can only be used with visibility selected.', ctx.docs);
  }
  const ids = (raw as (number | string)[]).map(Number);
  for (const id of ids) checkOrgRepo(ctx, scope, id);
  return new Set(ids);
}

export function checkOrgRepo(ctx: Ctx, scope: ResolvedScope, id: number): void {
  const repo = ctx.store.repoById(id);
  if (!repo || repo.owner.id !== scope.org?.id) {
    invalid(`Invalid request.\n\nRepository ${id} does not belong to ${scope.org?.login ?? 'this organization'}.`, ctx.docs);
  }
}

export function selectedReposUrl(ctx: Ctx, scope: ResolvedScope, kind: 'secrets' | 'variables', name: string): string {
  const org = scope.org?.login ?? '';
  return `${ctx.render.api}/orgs/${org}/${scope.app}/${kind}/${name}/repositories`;
}

/** The four selected-repositories operations, identical for secrets and variables. */
export function selectedRepoOps(ctx: Ctx, item: Selectable, store: Store, scope: ResolvedScope): Reply {
  const op = ctx.operationId;
  const conflict = (): never => fail(409, 'Conflict: visibility is not selected', ctx.docs);
  if (op.includes('/list-selected-repos')) {
    if (item.visibility !== 'selected') conflict();
    const repos = [...(item.selected ?? [])].flatMap((id) => {
      const r = store.repoById(id);
      return r ? [r] : [];
    });
    const page = paginate(ctx, repos);
    return ok({ total_count: repos.length, repositories: page.items.map((r) => ctx.render.minimalRepo(r)) }, page.headers);
  }
  if (op.includes('/set-selected-repos')) {
    if (item.visibility !== 'selected') conflict();
    item.selected = selectedIds(ctx, scope, 'selected', ctx.body['selected_repository_ids']) ?? new Set();
    return noContent;
  }
  const id = Number(ctx.params['repository_id']);
  if (item.visibility !== 'selected') conflict();
  item.selected ??= new Set();
  if (op.includes('/add-selected-repo')) {
    checkOrgRepo(ctx, scope, id);
    item.selected.add(id);
  } else {
    item.selected.delete(id);
  }
  return noContent;
}
