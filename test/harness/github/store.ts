// The emulator's state: accounts, repositories and everything hanging off them, tokens, secrets.
// Plain data plus lookups; HTTP semantics live in routes/, JSON shapes in render.ts.
import { createHash } from 'node:crypto';
import { fail } from './errors.ts';
import { KeyRing } from './sodium.ts';
import type { ScopeRef, SecretApp, TokenOptions, Visibility } from './types.ts';

export type AccountType = 'User' | 'Organization' | 'Bot';
export interface Account {
  id: number;
  login: string;
  type: AccountType;
}

export interface Branch {
  name: string;
  sha: string;
  /** The default branch has commits this one lacks: auto_merge answers 202 and merges. */
  behindDefault: boolean;
  /** Merging the default branch in would conflict: auto_merge answers 409. */
  conflict: boolean;
}

export interface EnvironmentRec {
  id: number;
  name: string;
  createdAt: string;
  updatedAt: string;
  waitTimer?: number;
  preventSelfReview?: boolean;
  reviewers: { type: string; id: number }[];
  branchPolicy: { protected_branches: boolean; custom_branch_policies: boolean } | null;
}

export interface DeploymentStatusRec {
  id: number;
  state: string;
  creator: Account;
  description: string;
  environment: string;
  targetUrl: string;
  logUrl: string;
  environmentUrl: string;
  createdAt: string;
  updatedAt: string;
}

export interface DeploymentRec {
  id: number;
  sha: string;
  ref: string;
  task: string;
  payload: Record<string, unknown> | string;
  environment: string;
  originalEnvironment: string;
  description: string | null;
  creator: Account;
  createdAt: string;
  updatedAt: string;
  transient: boolean;
  production: boolean;
  /** Oldest first. */
  statuses: DeploymentStatusRec[];
}

export interface StepRec {
  name: string;
  status: string;
  conclusion: string | null;
  number: number;
  startedAt: string | null;
  completedAt: string | null;
}

export interface JobRec {
  id: number;
  runAttempt: number;
  name: string;
  status: string;
  conclusion: string | null;
  createdAt: string;
  startedAt: string;
  completedAt: string | null;
  labels: string[];
  steps: StepRec[];
  /** Default 'GitHub Actions 1' / 'GitHub Actions' (what hosted runners report). */
  runnerName?: string;
  runnerGroupName?: string;
}

/** An earlier attempt of a run, as GET …/attempts/{n} shows it. */
export interface AttemptRec {
  number: number;
  status: string;
  conclusion: string | null;
  runStartedAt: string;
  updatedAt: string;
}

/** A commit of the seeded graph (compare walks it; DORA lead time reads the dates). */
export interface CommitRec {
  sha: string;
  parents: string[];
  message: string;
  author: string;
  /** Committer date. */
  date: string;
}

export interface RunRec {
  id: number;
  name: string;
  workflowId: number;
  path: string;
  runNumber: number;
  runAttempt: number;
  event: string;
  status: string;
  conclusion: string | null;
  headBranch: string;
  headSha: string;
  actor: Account;
  displayTitle: string;
  createdAt: string;
  updatedAt: string;
  /** When the latest attempt started (default createdAt). */
  runStartedAt?: string;
  /** Earlier attempts (1 … runAttempt − 1), oldest first. */
  attempts?: AttemptRec[];
  jobs: JobRec[];
}

export interface IssueRec {
  id: number;
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  stateReason: string | null;
  labels: string[];
  assignees: string[];
  user: Account;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

export interface CommentRec {
  id: number;
  issueNumber: number;
  body: string;
  user: Account;
  createdAt: string;
  updatedAt: string;
}

export interface RepoRec {
  id: number;
  owner: Account;
  name: string;
  fullName: string;
  private: boolean;
  defaultBranch: string;
  createdAt: string;
  branches: Map<string, Branch>;
  tags: Map<string, string>;
  /** sha -> context -> state */
  commitStatuses: Map<string, Map<string, string>>;
  /** The commit graph, as far as it was seeded (compare walks it). */
  commits: Map<string, CommitRec>;
  environments: Map<string, EnvironmentRec>;
  deployments: DeploymentRec[];
  runs: RunRec[];
  issues: IssueRec[];
  comments: CommentRec[];
}

export interface SecretRec {
  name: string;
  plaintext: string;
  keyId: string;
  createdAt: string;
  updatedAt: string;
  visibility?: Visibility;
  selected?: Set<number>;
}

export interface VariableRec {
  name: string;
  value: string;
  createdAt: string;
  updatedAt: string;
  visibility?: Visibility;
  selected?: Set<number>;
}

export interface TokenRec {
  user: Account;
  hourlyLimit: number;
  canWriteSecrets: boolean;
}

/** A resolved secret/variable scope: `id` keys the maps, `org` is set for organisation scopes. */
export interface ResolvedScope {
  id: string;
  app: SecretApp;
  repo?: RepoRec;
  environment?: EnvironmentRec;
  org?: Account;
}

/** Key of a scope's secret/variable/key maps, shared by seeds and routes. */
export function scopeId(app: SecretApp, t: { org?: Account; repo?: RepoRec; environment?: EnvironmentRec }): string {
  if (t.org) return `${app}:org:${t.org.id}`;
  if (t.environment && t.repo) return `${app}:env:${t.repo.id}:${t.environment.id}`;
  if (t.repo) return `${app}:repo:${t.repo.id}`;
  throw new Error('scope needs an org or a repository');
}

/** Records a commit (unless the graph has it already) and returns its sha. */
export function addCommit(repo: RepoRec, sha: string, parents: string[], meta: Partial<Pick<CommitRec, 'message' | 'author' | 'date'>> = {}): string {
  if (!repo.commits.has(sha)) {
    repo.commits.set(sha, { sha, parents, message: meta.message ?? `commit ${sha.slice(0, 7)}`, author: meta.author ?? 'octocat', date: meta.date ?? isoNow() });
  }
  return sha;
}

export function isoNow(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

export function fakeSha(seed: string): string {
  return createHash('sha1').update(seed).digest('hex');
}

export class Store {
  private lastId = 1000;
  readonly accounts = new Map<string, Account>();
  readonly repos = new Map<string, RepoRec>();
  readonly tokens = new Map<string, TokenRec>();
  readonly secrets = new Map<string, Map<string, SecretRec>>();
  readonly variables = new Map<string, Map<string, VariableRec>>();
  readonly keys = new KeyRing();

  nextId(): number {
    this.lastId += 1;
    return this.lastId;
  }

  account(login: string, type: AccountType = 'User'): Account {
    const key = login.toLowerCase();
    let acct = this.accounts.get(key);
    if (!acct) {
      acct = { id: this.nextId(), login, type };
      this.accounts.set(key, acct);
    } else if (type === 'Organization' && acct.type !== 'Organization') {
      acct.type = 'Organization';
    }
    return acct;
  }

  org(login: string): Account | undefined {
    const acct = this.accounts.get(login.toLowerCase());
    return acct?.type === 'Organization' ? acct : undefined;
  }

  addRepo(fullName: string, opts: { id?: number; private?: boolean; defaultBranch?: string } = {}): RepoRec {
    const [ownerLogin, name, ...rest] = fullName.split('/');
    if (!ownerLogin || !name || rest.length) throw new Error(`repository must be OWNER/NAME, got '${fullName}'`);
    const existing = this.repos.get(fullName.toLowerCase());
    if (existing) return existing;
    const defaultBranch = opts.defaultBranch ?? 'main';
    const repo: RepoRec = {
      id: opts.id ?? this.nextId(),
      owner: this.account(ownerLogin),
      name,
      fullName: `${ownerLogin}/${name}`,
      private: opts.private ?? false,
      defaultBranch,
      createdAt: isoNow(),
      branches: new Map(),
      tags: new Map(),
      commitStatuses: new Map(),
      commits: new Map(),
      environments: new Map(),
      deployments: [],
      runs: [],
      issues: [],
      comments: [],
    };
    const root = fakeSha(`${repo.fullName}:${defaultBranch}`);
    repo.branches.set(defaultBranch, { name: defaultBranch, sha: root, behindDefault: false, conflict: false });
    addCommit(repo, root, []);
    this.repos.set(fullName.toLowerCase(), repo);
    return repo;
  }

  findRepo(owner: string, name: string): RepoRec | undefined {
    return this.repos.get(`${owner}/${name}`.toLowerCase());
  }

  repoById(id: number): RepoRec | undefined {
    for (const repo of this.repos.values()) if (repo.id === id) return repo;
    return undefined;
  }

  /** For handlers: the repository or GitHub's 404. */
  repo(params: Record<string, string>, docs: string): RepoRec {
    const repo = this.findRepo(params['owner'] ?? '', params['repo'] ?? '');
    return repo ?? fail(404, 'Not Found', docs);
  }

  seedRepo(fullName: string): RepoRec {
    const repo = this.repos.get(fullName.toLowerCase());
    if (!repo) throw new Error(`unknown repository '${fullName}': seed it first`);
    return repo;
  }

  ensureEnvironment(repo: RepoRec, name: string): EnvironmentRec {
    const key = name.toLowerCase();
    let env = repo.environments.get(key);
    if (!env) {
      const now = isoNow();
      env = { id: this.nextId(), name, createdAt: now, updatedAt: now, reviewers: [], branchPolicy: null };
      repo.environments.set(key, env);
    }
    return env;
  }

  addToken(token: string, opts: TokenOptions = {}): TokenRec {
    const canWriteSecrets = opts.canWriteSecrets ?? true;
    const login = opts.login ?? (canWriteSecrets ? 'emulator-user' : 'github-actions[bot]');
    const rec: TokenRec = {
      user: this.account(login, opts.type ?? (login.endsWith('[bot]') ? 'Bot' : 'User')),
      hourlyLimit: opts.hourlyLimit ?? (canWriteSecrets ? 5000 : 1000),
      canWriteSecrets,
    };
    this.tokens.set(token, rec);
    return rec;
  }

  /** Resolves a scope for seeding/inspection (throws plain errors: the caller is a test). */
  scopeFor(ref: ScopeRef, create = false): ResolvedScope {
    const app: SecretApp = ref.app ?? 'actions';
    if ('org' in ref) {
      const org = this.org(ref.org);
      if (!org) throw new Error(`unknown organisation '${ref.org}': seed it first`);
      return { id: scopeId(app, { org }), app, org };
    }
    const repo = this.seedRepo(ref.repo);
    if (ref.environment === undefined) return { id: scopeId(app, { repo }), app, repo };
    const environment = create
      ? this.ensureEnvironment(repo, ref.environment)
      : repo.environments.get(ref.environment.toLowerCase());
    if (!environment) throw new Error(`unknown environment '${ref.environment}' in ${repo.fullName}`);
    return { id: scopeId(app, { repo, environment }), app, repo, environment };
  }

  secretMap(scope: ResolvedScope): Map<string, SecretRec> {
    let map = this.secrets.get(scope.id);
    if (!map) {
      map = new Map();
      this.secrets.set(scope.id, map);
    }
    return map;
  }

  variableMap(scope: ResolvedScope): Map<string, VariableRec> {
    let map = this.variables.get(scope.id);
    if (!map) {
      map = new Map();
      this.variables.set(scope.id, map);
    }
    return map;
  }

  /** Resolves a ref (branch, tag, refs/heads/x, refs/tags/x or a full sha) to a commit sha. */
  resolveRef(repo: RepoRec, ref: string): { sha: string; branch?: Branch } | undefined {
    const short = ref.replace(/^refs\/(heads|tags)\//, '');
    const branch = repo.branches.get(short);
    if (branch && !ref.startsWith('refs/tags/')) return { sha: branch.sha, branch };
    const tag = repo.tags.get(short);
    if (tag) return { sha: tag };
    if (/^[0-9a-f]{40}$/i.test(ref)) return { sha: ref.toLowerCase() };
    return undefined;
  }
}
