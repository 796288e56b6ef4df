// Repository deployments and deployment statuses, with GitHub's auto-merge, required-context
// and auto_inactive semantics.
import { fail, invalid } from '../errors.ts';
import { actor, created, intParam, newestFirst, noContent, ok, paginate } from '../handler.ts';
import type { Ctx, RouteTable } from '../handler.ts';
import { addCommit, fakeSha, isoNow } from '../store.ts';
import type { Account, DeploymentRec, DeploymentStatusRec, RepoRec, Store } from '../store.ts';

function findDeployment(ctx: Ctx, repo: RepoRec): DeploymentRec {
  const id = intParam(ctx, 'deployment_id');
  return repo.deployments.find((d) => d.id === id) ?? fail(404, 'Not Found', ctx.docs);
}

function latestState(d: DeploymentRec): string | undefined {
  return d.statuses.at(-1)?.state;
}

export interface NewStatus {
  state: string;
  description?: string | undefined;
  environment?: string | undefined;
  targetUrl?: string | undefined;
  logUrl?: string | undefined;
  environmentUrl?: string | undefined;
  autoInactive?: boolean | undefined;
  /** Seeds only: when the status was posted (default now), for histories over time. */
  createdAt?: string | undefined;
}

/** Adds a status; a success marks earlier successful deployments of the environment inactive. */
export function addDeploymentStatus(
  store: Store,
  repo: RepoRec,
  d: DeploymentRec,
  creator: Account,
  s: NewStatus,
): DeploymentStatusRec {
  const now = s.createdAt ?? isoNow();
  if (s.environment !== undefined && s.environment !== d.environment) {
    store.ensureEnvironment(repo, s.environment);
    d.environment = s.environment;
  }
  const status: DeploymentStatusRec = {
    id: store.nextId(),
    state: s.state,
    creator,
    description: s.description ?? '',
    environment: d.environment,
    // GitHub: "Setting log_url will automatically set target_url to the same value."
    targetUrl: s.logUrl ?? s.targetUrl ?? '',
    logUrl: s.logUrl ?? s.targetUrl ?? '',
    environmentUrl: s.environmentUrl ?? '',
    createdAt: now,
    updatedAt: now,
  };
  d.statuses.push(status);
  d.updatedAt = now;
  if (s.state === 'success' && s.autoInactive !== false) {
    for (const other of repo.deployments) {
      if (other.id >= d.id || other.environment.toLowerCase() !== d.environment.toLowerCase()) continue;
      if (latestState(other) !== 'success') continue;
      addDeploymentStatus(store, repo, other, creator, { state: 'inactive', autoInactive: false, createdAt: now });
    }
  }
  return status;
}

export interface NewDeployment {
  ref: string;
  sha: string;
  task?: string | undefined;
  environment?: string | undefined;
  payload?: Record<string, unknown> | string | undefined;
  description?: string | null | undefined;
  transient?: boolean | undefined;
  production?: boolean | undefined;
  /** Seeds only: when it was created (default now). */
  createdAt?: string | undefined;
}

export function addDeployment(store: Store, repo: RepoRec, creator: Account, n: NewDeployment): DeploymentRec {
  const environment = n.environment ?? 'production';
  store.ensureEnvironment(repo, environment);
  const now = n.createdAt ?? isoNow();
  const d: DeploymentRec = {
    id: store.nextId(),
    sha: n.sha,
    ref: n.ref,
    task: n.task ?? 'deploy',
    payload: n.payload ?? {},
    environment,
    originalEnvironment: environment,
    description: n.description ?? '',
    creator,
    createdAt: now,
    updatedAt: now,
    transient: n.transient ?? false,
    production: n.production ?? environment === 'production',
    statuses: [],
  };
  repo.deployments.push(d);
  return d;
}

export const deploymentRoutes: RouteTable = {
  'repos/list-deployments': (ctx) => {
    const repo = ctx.store.repo(ctx.params, ctx.docs);
    const q = ctx.query;
    const matches = newestFirst(repo.deployments).filter(
      (d) =>
        (!q.get('sha') || d.sha === q.get('sha')) &&
        (!q.get('ref') || d.ref === q.get('ref')) &&
        (!q.get('task') || d.task === q.get('task')) &&
        (!q.get('environment') || d.environment === q.get('environment')),
    );
    const page = paginate(ctx, matches);
    return ok(page.items.map((d) => ctx.render.deployment(repo, d)), page.headers);
  },

  'repos/create-deployment': (ctx) => {
    const user = actor(ctx);
    const repo = ctx.store.repo(ctx.params, ctx.docs);
    const b = ctx.body;
    const ref = b['ref'] as string;
    const resolved = ctx.store.resolveRef(repo, ref) ?? invalid(`No ref found for: ${ref}`, ctx.docs);
    const branch = resolved.branch;
    if (b['auto_merge'] !== false && branch && branch.name !== repo.defaultBranch) {
      if (branch.conflict) fail(409, 'Conflict: Merge conflict', ctx.docs);
      if (branch.behindDefault) {
        // GitHub merges the default branch in and asks the caller to deploy the merge commit.
        branch.behindDefault = false;
        const merge = fakeSha(`${repo.fullName}:${branch.name}:merge:${branch.sha}`);
        addCommit(repo, merge, [branch.sha, repo.branches.get(repo.defaultBranch)?.sha ?? branch.sha], { message: `Merge ${repo.defaultBranch} into ${branch.name}` });
        branch.sha = merge;
        return {
          status: 202,
          body: { message: `Auto-merged ${repo.defaultBranch} into ${branch.name} on deployment.` },
        };
      }
    }
    const contexts = repo.commitStatuses.get(resolved.sha) ?? new Map<string, string>();
    const required = (b['required_contexts'] as string[] | undefined) ?? [...contexts.keys()];
    const failing = required.filter((c) => contexts.get(c) !== 'success');
    if (failing.length) {
      fail(409, `Conflict: Commit status checks failed for ${ref}.`, ctx.docs, {
        errors: [
          {
            contexts: failing.map((c) => ({ context: c, state: contexts.get(c) ?? 'missing' })),
            resource: 'Deployment',
            field: 'required_contexts',
            code: 'invalid',
          },
        ],
      });
    }
    const d = addDeployment(ctx.store, repo, user, {
      ref,
      sha: resolved.sha,
      task: b['task'] as string | undefined,
      environment: b['environment'] as string | undefined,
      payload: b['payload'] as Record<string, unknown> | string | undefined,
      description: b['description'] as string | null | undefined,
      transient: b['transient_environment'] as boolean | undefined,
      production: b['production_environment'] as boolean | undefined,
    });
    return created(ctx.render.deployment(repo, d));
  },

  'repos/get-deployment': (ctx) => {
    const repo = ctx.store.repo(ctx.params, ctx.docs);
    return ok(ctx.render.deployment(repo, findDeployment(ctx, repo)));
  },

  'repos/delete-deployment': (ctx) => {
    actor(ctx);
    const repo = ctx.store.repo(ctx.params, ctx.docs);
    const d = findDeployment(ctx, repo);
    const sameEnv = repo.deployments.filter((o) => o.environment.toLowerCase() === d.environment.toLowerCase());
    if (latestState(d) !== 'inactive' && sameEnv.length > 1) {
      invalid('We cannot delete an active deployment unless it is the only deployment in a given environment.', ctx.docs);
    }
    repo.deployments.splice(repo.deployments.indexOf(d), 1);
    return noContent;
  },

  'repos/list-deployment-statuses': (ctx) => {
    const repo = ctx.store.repo(ctx.params, ctx.docs);
    const d = findDeployment(ctx, repo);
    const page = paginate(ctx, newestFirst(d.statuses));
    return ok(page.items.map((s) => ctx.render.deploymentStatus(repo, d, s)), page.headers);
  },

  'repos/create-deployment-status': (ctx) => {
    const user = actor(ctx);
    const repo = ctx.store.repo(ctx.params, ctx.docs);
    const d = findDeployment(ctx, repo);
    const b = ctx.body;
    const description = b['description'] as string | undefined;
    if (description !== undefined && description.length > 140) {
      invalid('Validation Failed', ctx.docs, [
        { resource: 'DeploymentStatus', field: 'description', code: 'custom', message: 'description is too long (maximum is 140 characters)' },
      ]);
    }
    const s = addDeploymentStatus(ctx.store, repo, d, user, {
      state: b['state'] as string,
      description,
      environment: b['environment'] as string | undefined,
      targetUrl: b['target_url'] as string | undefined,
      logUrl: b['log_url'] as string | undefined,
      environmentUrl: b['environment_url'] as string | undefined,
      autoInactive: b['auto_inactive'] as boolean | undefined,
    });
    const body = ctx.render.deploymentStatus(repo, d, s);
    return created(body, { location: String(body['url']) });
  },

  'repos/get-deployment-status': (ctx) => {
    const repo = ctx.store.repo(ctx.params, ctx.docs);
    const d = findDeployment(ctx, repo);
    const id = intParam(ctx, 'status_id');
    const s = d.statuses.find((x) => x.id === id) ?? fail(404, 'Not Found', ctx.docs);
    return ok(ctx.render.deploymentStatus(repo, d, s));
  },
};
