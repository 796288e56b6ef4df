// Read-side of the test API: secrets with their plaintext, variables, and a JSON state dump.
import type { Core } from './core.ts';
import type { ScopeRef, SecretView, VariableView } from './types.ts';

export interface SecretsView {
  get(scope: ScopeRef, name: string): SecretView | undefined;
  list(scope: ScopeRef): string[];
  publicKey(scope: ScopeRef): { keyId: string; key: string };
  rotateKey(scope: ScopeRef): { keyId: string; key: string };
}

export interface VariablesView {
  get(scope: ScopeRef, name: string): VariableView | undefined;
  list(scope: ScopeRef): string[];
}

function selection(rec: { visibility?: SecretView['visibility']; selected?: Set<number> }) {
  const out: Pick<SecretView, 'visibility' | 'selectedRepositoryIds'> = {};
  if (rec.visibility) out.visibility = rec.visibility;
  if (rec.selected) out.selectedRepositoryIds = [...rec.selected].sort((a, b) => a - b);
  return out;
}

export function makeSecretsView(core: Core): SecretsView {
  const { store } = core;
  return {
    get: (scope, name) => {
      const rec = store.secretMap(store.scopeFor(scope)).get(name.toUpperCase());
      if (!rec) return undefined;
      const { plaintext, keyId, createdAt, updatedAt } = rec;
      return { name: rec.name, plaintext, keyId, createdAt, updatedAt, ...selection(rec) };
    },
    list: (scope) => [...store.secretMap(store.scopeFor(scope)).keys()].sort(),
    publicKey: (scope) => {
      const key = store.keys.get(store.scopeFor(scope).id);
      return { keyId: key.keyId, key: key.key };
    },
    rotateKey: (scope) => {
      const key = store.keys.rotate(store.scopeFor(scope).id);
      return { keyId: key.keyId, key: key.key };
    },
  };
}

export function makeVariablesView(core: Core): VariablesView {
  const { store } = core;
  return {
    get: (scope, name) => {
      const rec = store.variableMap(store.scopeFor(scope)).get(name.toUpperCase());
      if (!rec) return undefined;
      return { name: rec.name, value: rec.value, createdAt: rec.createdAt, updatedAt: rec.updatedAt, ...selection(rec) };
    },
    list: (scope) => [...store.variableMap(store.scopeFor(scope)).keys()].sort(),
  };
}

/** Everything the emulator holds, as GitHub would render it (secrets by name only; scope ids as keys). */
export function snapshot(core: Core): Record<string, unknown> {
  const { store, render } = core;
  const repos = [...store.repos.values()].map((r) => ({
    fullName: r.fullName,
    id: r.id,
    private: r.private,
    defaultBranch: r.defaultBranch,
    branches: Object.fromEntries([...r.branches.values()].map((b) => [b.name, b.sha])),
    commits: Object.fromEntries([...r.commits].map(([sha, c]) => [sha, c.parents])),
    environments: [...r.environments.values()].map((e) => render.environment(r, e)),
    deployments: r.deployments.map((d) => ({
      ...render.deployment(r, d),
      statuses: d.statuses.map((s) => render.deploymentStatus(r, d, s)),
    })),
    issues: r.issues.map((i) => render.issue(r, i)),
    comments: r.comments.map((c) => render.comment(r, c)),
    workflowRuns: r.runs.map((run) => ({ ...render.workflowRun(r, run), jobs: run.jobs.map((j) => render.job(r, run, j)) })),
  }));
  const orgs = [...store.accounts.values()].filter((a) => a.type === 'Organization').map((a) => a.login);
  const secrets = Object.fromEntries(
    [...store.secrets.entries()].map(([id, m]) => [id, [...m.keys()].sort()]),
  );
  const variables = Object.fromEntries(
    [...store.variables.entries()].map(([id, m]) => [id, Object.fromEntries([...m.values()].map((v) => [v.name, v.value]))]),
  );
  return { repos, orgs, secrets, variables };
}
