// The seed API: put the world in the state a test needs, without going through REST.
import type { Core } from './core.ts';
import type { OidcConfig } from './oidc.ts';
import { addDeployment, addDeploymentStatus } from './routes/deployments.ts';
import type { NewStatus } from './routes/deployments.ts';
import { addComment, addIssue } from './routes/issues.ts';
import { addCommit, fakeSha, isoNow } from './store.ts';
import type { JobRec, RunRec, SecretRec, VariableRec } from './store.ts';
import type { ScopeRef, TokenOptions, Visibility } from './types.ts';

export interface JobSeed {
  name: string;
  status?: string;
  conclusion?: string | null;
  runAttempt?: number;
  /** When the job was queued (default: the run's runStartedAt, else createdAt). */
  createdAt?: string;
  startedAt?: string;
  completedAt?: string | null;
  labels?: string[];
  runnerName?: string;
  runnerGroupName?: string;
  steps?: { name: string; status?: string; conclusion?: string | null; startedAt?: string; completedAt?: string }[];
}

export interface RunSeed {
  id?: number;
  name?: string;
  path?: string;
  event?: string;
  status?: string;
  conclusion?: string | null;
  headBranch?: string;
  headSha?: string;
  actor?: string;
  runAttempt?: number;
  runNumber?: number;
  displayTitle?: string;
  createdAt?: string;
  updatedAt?: string;
  /** When the latest attempt started (default createdAt). */
  runStartedAt?: string;
  /** Earlier attempts, oldest first (their number is their position + 1; runAttempt defaults to their count + 1). */
  attempts?: { status?: string; conclusion?: string | null; runStartedAt?: string; updatedAt?: string }[];
  jobs?: JobSeed[];
}

export interface CommitSeed {
  sha?: string;
  message?: string;
  author?: string;
  /** Committer date (default now). */
  date?: string;
}

export interface DeploymentSeed {
  ref?: string;
  sha?: string;
  environment?: string;
  task?: string;
  payload?: Record<string, unknown> | string;
  description?: string;
  transient?: boolean;
  production?: boolean;
  creator?: string;
  /** When it was created (default now); statuses may carry their own createdAt. */
  createdAt?: string;
  /** Statuses to add in order (states or full status objects); auto_inactive applies as over REST. */
  statuses?: (string | NewStatus)[];
}

export interface Selection {
  visibility?: Visibility;
  selectedRepositoryIds?: number[];
}

export interface Seed {
  repo(fullName: string, opts?: { id?: number; private?: boolean; defaultBranch?: string }): number;
  org(org: string): void;
  environment(fullName: string, env: string, opts?: { waitTimer?: number }): void;
  token(token: string, opts?: TokenOptions): void;
  branch(fullName: string, name: string, opts?: { sha?: string; behindDefault?: boolean; conflict?: boolean }): string;
  /**
   * Commits `shas` in order on top of `branch` (created from the default branch when missing), each
   * the parent of the next; the branch then points at the last. Returns it. Compare walks these.
   */
  commits(fullName: string, branch: string, shas: string[]): string;
  tag(fullName: string, name: string, sha?: string): string;
  commitStatus(fullName: string, refOrSha: string, context: string, state: 'success' | 'pending' | 'failure' | 'error'): void;
  secret(scope: ScopeRef, name: string, plaintext: string, opts?: Selection): void;
  variable(scope: ScopeRef, name: string, value: string, opts?: Selection): void;
  rotateKey(scope: ScopeRef): { keyId: string; key: string };
  deployment(fullName: string, opts?: DeploymentSeed): number;
  workflowRun(fullName: string, opts?: RunSeed): number;
  /** Commits on top of the default branch (which then points at it), with a message, author and date; returns its sha. */
  commit(fullName: string, opts?: CommitSeed): string;
  issue(fullName: string, opts: { title: string; body?: string; labels?: string[]; assignees?: string[]; state?: 'open' | 'closed'; user?: string }): number;
  issueComment(fullName: string, issueNumber: number, body: string, opts?: { user?: string }): number;
  oidc(config: OidcConfig): void;
}

const SEED_USER = 'emulator-seed';

export function makeSeed(core: Core): Seed {
  const { store } = core;
  const selection = (opts: Selection | undefined, isOrg: boolean) => {
    if (!isOrg) return {};
    const visibility = opts?.visibility ?? 'private';
    return visibility === 'selected'
      ? { visibility, selected: new Set(opts?.selectedRepositoryIds ?? []) }
      : { visibility };
  };
  return {
    repo: (fullName, opts) => store.addRepo(fullName, opts).id,
    org: (org) => void store.account(org, 'Organization'),
    environment: (fullName, env, opts) => {
      const e = store.ensureEnvironment(store.seedRepo(fullName), env);
      if (opts?.waitTimer !== undefined) e.waitTimer = opts.waitTimer;
    },
    token: (token, opts) => void store.addToken(token, opts),
    branch: (fullName, name, opts) => {
      const repo = store.seedRepo(fullName);
      const sha = opts?.sha ?? fakeSha(`${repo.fullName}:${name}`);
      repo.branches.set(name, { name, sha, behindDefault: opts?.behindDefault ?? false, conflict: opts?.conflict ?? false });
      addCommit(repo, sha, []);
      return sha;
    },
    commits: (fullName, branchName, shas) => {
      const repo = store.seedRepo(fullName);
      const base = repo.branches.get(repo.defaultBranch)?.sha;
      const branch = repo.branches.get(branchName) ?? { name: branchName, sha: base ?? '', behindDefault: false, conflict: false };
      for (const raw of shas) {
        const sha = raw.toLowerCase();
        if (!/^[0-9a-f]{40}$/.test(sha)) throw new Error(`commit sha must be 40 hex digits, got '${raw}'`);
        repo.commits.set(sha, { ...(repo.commits.get(sha) ?? { message: `commit ${sha.slice(0, 7)}`, author: 'octocat', date: isoNow() }), sha, parents: branch.sha ? [branch.sha] : [] });
        branch.sha = sha;
      }
      repo.branches.set(branchName, branch);
      return branch.sha;
    },
    tag: (fullName, name, sha) => {
      const repo = store.seedRepo(fullName);
      const value = sha ?? fakeSha(`${repo.fullName}:tag:${name}`);
      repo.tags.set(name, value);
      return value;
    },
    commitStatus: (fullName, refOrSha, context, state) => {
      const repo = store.seedRepo(fullName);
      const sha = store.resolveRef(repo, refOrSha)?.sha ?? refOrSha;
      const contexts = repo.commitStatuses.get(sha) ?? new Map<string, string>();
      contexts.set(context, state);
      repo.commitStatuses.set(sha, contexts);
    },
    secret: (scopeRef, name, plaintext, opts) => {
      const scope = store.scopeFor(scopeRef, true);
      const now = isoNow();
      const rec: SecretRec = {
        name: name.toUpperCase(),
        plaintext,
        keyId: store.keys.get(scope.id).keyId,
        createdAt: now,
        updatedAt: now,
        ...selection(opts, Boolean(scope.org)),
      };
      store.secretMap(scope).set(rec.name, rec);
    },
    variable: (scopeRef, name, value, opts) => {
      const scope = store.scopeFor(scopeRef, true);
      const now = isoNow();
      const rec: VariableRec = { name: name.toUpperCase(), value, createdAt: now, updatedAt: now, ...selection(opts, Boolean(scope.org)) };
      store.variableMap(scope).set(rec.name, rec);
    },
    rotateKey: (scopeRef) => {
      const key = store.keys.rotate(store.scopeFor(scopeRef).id);
      return { keyId: key.keyId, key: key.key };
    },
    deployment: (fullName, opts = {}) => {
      const repo = store.seedRepo(fullName);
      const ref = opts.ref ?? repo.defaultBranch;
      const sha = opts.sha ?? store.resolveRef(repo, ref)?.sha ?? fakeSha(`${repo.fullName}:${ref}`);
      const creator = store.account(opts.creator ?? SEED_USER);
      const d = addDeployment(store, repo, creator, {
        ref,
        sha,
        task: opts.task,
        environment: opts.environment,
        payload: opts.payload,
        description: opts.description,
        transient: opts.transient,
        production: opts.production,
        createdAt: opts.createdAt,
      });
      for (const s of opts.statuses ?? []) {
        addDeploymentStatus(store, repo, d, creator, typeof s === 'string' ? { state: s } : s);
      }
      return d.id;
    },
    workflowRun: (fullName, opts = {}) => {
      const repo = store.seedRepo(fullName);
      const now = isoNow();
      const status = opts.status ?? 'completed';
      const conclusion = opts.conclusion !== undefined ? opts.conclusion : status === 'completed' ? 'success' : null;
      const headBranch = opts.headBranch ?? repo.defaultBranch;
      const runAttempt = opts.runAttempt ?? (opts.attempts?.length ?? 0) + 1;
      const createdAt = opts.createdAt ?? now;
      const name = opts.name ?? 'CI';
      const run: RunRec = {
        id: opts.id ?? store.nextId(),
        name,
        workflowId: 100 + [...name].reduce((a, c) => a + c.charCodeAt(0), 0),
        path: opts.path ?? `.github/workflows/${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.yml`,
        runNumber: opts.runNumber ?? repo.runs.filter((r) => r.name === name).length + 1,
        runAttempt,
        event: opts.event ?? 'push',
        status,
        conclusion,
        headBranch,
        headSha: opts.headSha ?? store.resolveRef(repo, headBranch)?.sha ?? fakeSha(`${repo.fullName}:${headBranch}`),
        actor: store.account(opts.actor ?? 'octocat'),
        displayTitle: opts.displayTitle ?? `${name} run`,
        createdAt,
        updatedAt: opts.updatedAt ?? createdAt,
        ...(opts.runStartedAt !== undefined ? { runStartedAt: opts.runStartedAt } : {}),
        ...(opts.attempts?.length
          ? {
              attempts: opts.attempts.map((a, i) => ({
                number: i + 1,
                status: a.status ?? 'completed',
                conclusion: a.conclusion !== undefined ? a.conclusion : 'failure',
                runStartedAt: a.runStartedAt ?? createdAt,
                updatedAt: a.updatedAt ?? a.runStartedAt ?? createdAt,
              })),
            }
          : {}),
        jobs: [],
      };
      run.jobs = (opts.jobs ?? []).map((j): JobRec => {
        const jobStatus = j.status ?? status;
        return {
          id: store.nextId(),
          runAttempt: j.runAttempt ?? runAttempt,
          name: j.name,
          status: jobStatus,
          conclusion: j.conclusion !== undefined ? j.conclusion : jobStatus === 'completed' ? (conclusion ?? 'success') : null,
          createdAt: j.createdAt ?? opts.runStartedAt ?? createdAt,
          startedAt: j.startedAt ?? opts.runStartedAt ?? createdAt,
          completedAt: j.completedAt !== undefined ? j.completedAt : jobStatus === 'completed' ? run.updatedAt : null,
          labels: j.labels ?? ['ubuntu-latest'],
          steps: (j.steps ?? []).map((s, i) => ({
            name: s.name,
            status: s.status ?? jobStatus,
            conclusion: s.conclusion !== undefined ? s.conclusion : jobStatus === 'completed' ? 'success' : null,
            number: i + 1,
            startedAt: s.startedAt ?? j.startedAt ?? createdAt,
            completedAt: s.completedAt ?? (jobStatus === 'completed' ? run.updatedAt : null),
          })),
          ...(j.runnerName !== undefined ? { runnerName: j.runnerName } : {}),
          ...(j.runnerGroupName !== undefined ? { runnerGroupName: j.runnerGroupName } : {}),
        };
      });
      repo.runs.push(run);
      return run.id;
    },
    commit: (fullName, opts = {}) => {
      const repo = store.seedRepo(fullName);
      const head = repo.branches.get(repo.defaultBranch)!;
      const sha = (opts.sha ?? fakeSha(`${repo.fullName}:commit:${repo.commits.size}`)).toLowerCase();
      addCommit(repo, sha, [head.sha], { message: opts.message ?? `commit ${repo.commits.size}`, author: opts.author ?? 'octocat', date: opts.date ?? isoNow() });
      head.sha = sha;
      return sha;
    },
    issue: (fullName, opts) => {
      const repo = store.seedRepo(fullName);
      const issue = addIssue(store, repo, store.account(opts.user ?? SEED_USER), opts);
      if (opts.state === 'closed') {
        issue.state = 'closed';
        issue.stateReason = 'completed';
        issue.closedAt = issue.updatedAt;
      }
      return issue.number;
    },
    issueComment: (fullName, issueNumber, body, opts) => {
      const repo = store.seedRepo(fullName);
      const issue = repo.issues.find((i) => i.number === issueNumber);
      if (!issue) throw new Error(`no issue #${issueNumber} in ${repo.fullName}`);
      return addComment(store, repo, issue, store.account(opts?.user ?? SEED_USER), body).id;
    },
    oidc: (config) => core.oidc.configure(config),
  };
}
