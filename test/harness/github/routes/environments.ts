// Deployment environments: list, get, create-or-update, delete.
import { fail, invalid } from '../errors.ts';
import { noContent, ok, paginate, requireAdmin } from '../handler.ts';
import type { Ctx, RouteTable } from '../handler.ts';
import { isoNow, scopeId } from '../store.ts';
import type { EnvironmentRec, RepoRec } from '../store.ts';

function findEnv(ctx: Ctx, repo: RepoRec): EnvironmentRec {
  const name = ctx.params['environment_name'] ?? '';
  return repo.environments.get(name.toLowerCase()) ?? fail(404, 'Not Found', ctx.docs);
}

export const environmentRoutes: RouteTable = {
  'repos/get-all-environments': (ctx) => {
    const repo = ctx.store.repo(ctx.params, ctx.docs);
    const all = [...repo.environments.values()].sort((a, b) => a.name.localeCompare(b.name));
    const page = paginate(ctx, all);
    return ok(
      { total_count: all.length, environments: page.items.map((e) => ctx.render.environment(repo, e)) },
      page.headers,
    );
  },

  'repos/get-environment': (ctx) => {
    const repo = ctx.store.repo(ctx.params, ctx.docs);
    return ok(ctx.render.environment(repo, findEnv(ctx, repo)));
  },

  'repos/create-or-update-environment': (ctx) => {
    requireAdmin(ctx, 'administration=write');
    const repo = ctx.store.repo(ctx.params, ctx.docs);
    const b = ctx.body;
    const policy = b['deployment_branch_policy'] as EnvironmentRec['branchPolicy'] | undefined;
    if (policy && policy.protected_branches === policy.custom_branch_policies) {
      invalid(
        'Invalid request.\n\nExactly one of protected_branches or custom_branch_policies must be true.',
        ctx.docs,
      );
    }
    const env = ctx.store.ensureEnvironment(repo, ctx.params['environment_name'] ?? '');
    if (typeof b['wait_timer'] === 'number') env.waitTimer = b['wait_timer'];
    if (typeof b['prevent_self_review'] === 'boolean') env.preventSelfReview = b['prevent_self_review'];
    if (Array.isArray(b['reviewers'])) env.reviewers = b['reviewers'] as EnvironmentRec['reviewers'];
    if (policy !== undefined) env.branchPolicy = policy;
    env.updatedAt = isoNow();
    return ok(ctx.render.environment(repo, env));
  },

  'repos/delete-an-environment': (ctx) => {
    requireAdmin(ctx, 'administration=write');
    const repo = ctx.store.repo(ctx.params, ctx.docs);
    const env = findEnv(ctx, repo);
    repo.environments.delete(env.name.toLowerCase());
    for (const app of ['actions', 'dependabot'] as const) {
      ctx.store.secrets.delete(scopeId(app, { repo, environment: env }));
      ctx.store.variables.delete(scopeId(app, { repo, environment: env }));
    }
    return noContent;
  },
};
