// A job's `environment:` as GitHub applies it (docs: "Deploying with GitHub Actions", "Deployments
// and environments"): its protection rules before the job starts (required reviewers decide
// through the test's `approvals`; a wait timer is reported, not slept — nothing runs while it
// counts), its secrets and variables over the repository's, and — unless `deployment: false` —
// GitHub's own deployment record for the job: created when the job starts (the run's sha, a
// status linking to the job) and closed with the job's result.

import type { GitHubEmulator } from '../github/index.ts';

export interface Protection {
  reviewers: boolean;
  waitTimerMinutes: number;
}

interface EnvState {
  name: string;
  protection_rules?: Array<{ type: string; wait_timer?: number; reviewers?: unknown[] }>;
}

/** The environment's protection rules as the emulator holds them (none when it does not exist yet). */
export function protectionOf(em: GitHubEmulator, repository: string, name: string): Protection {
  const repos = em.state()['repos'] as Array<{ fullName: string; environments: EnvState[] }>;
  const env = repos.find((r) => r.fullName === repository)?.environments.find((e) => e.name.toLowerCase() === name.toLowerCase());
  const rules = env?.protection_rules ?? [];
  return {
    reviewers: rules.some((r) => r.type === 'required_reviewers' && (r.reviewers ?? []).length > 0),
    waitTimerMinutes: rules.find((r) => r.type === 'wait_timer')?.wait_timer ?? 0,
  };
}

/** Environment names of the repository (for `type: environment` dispatch inputs). */
export function environmentNames(em: GitHubEmulator, repository: string): string[] {
  const repos = em.state()['repos'] as Array<{ fullName: string; environments: EnvState[] }>;
  return (repos.find((r) => r.fullName === repository)?.environments ?? []).map((e) => e.name);
}

/** Secrets and variables of a scope, by name (plaintext: the runner is who decrypts them). */
export function scopeValues(em: GitHubEmulator, scope: { repo: string; environment?: string }): { secrets: Record<string, string>; vars: Record<string, string> } {
  const secrets: Record<string, string> = {};
  const vars: Record<string, string> = {};
  try {
    for (const n of em.secrets.list(scope)) secrets[n] = em.secrets.get(scope, n)!.plaintext;
    for (const n of em.variables.list(scope)) vars[n] = em.variables.get(scope, n)!.value;
  } catch {
    // the environment does not exist (yet): nothing of its own
  }
  return { secrets, vars };
}

/** GitHub's deployment record for a job with an environment (the bot creates it, as on github.com). */
export class JobDeployment {
  private readonly em: GitHubEmulator;
  private readonly botToken: string;
  private readonly repository: string;
  readonly id: number;
  private readonly logUrl: string;

  private constructor(em: GitHubEmulator, botToken: string, repository: string, id: number, logUrl: string) {
    this.em = em;
    this.botToken = botToken;
    this.repository = repository;
    this.id = id;
    this.logUrl = logUrl;
  }

  static async open(em: GitHubEmulator, botToken: string, repository: string, env: string, sha: string, logUrl: string): Promise<JobDeployment> {
    const d = await api<{ id: number }>(em, botToken, 'POST', `/repos/${repository}/deployments`, {
      ref: sha, environment: env, auto_merge: false, required_contexts: [], task: 'deploy', payload: {}, description: '',
    });
    const dep = new JobDeployment(em, botToken, repository, d.id, logUrl);
    await dep.status('in_progress');
    return dep;
  }

  async status(state: 'in_progress' | 'success' | 'failure', environmentUrl?: string): Promise<void> {
    await api(this.em, this.botToken, 'POST', `/repos/${this.repository}/deployments/${this.id}/statuses`, {
      state, log_url: this.logUrl, ...(environmentUrl ? { environment_url: environmentUrl } : {}),
    });
  }
}

async function api<T>(em: GitHubEmulator, token: string, method: string, path: string, body: unknown): Promise<T> {
  const res = await fetch(`${em.url}${path}`, { method, headers: { authorization: `token ${token}`, 'content-type': 'application/json', accept: 'application/vnd.github+json' }, body: JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`GitHub's own deployment for the job: ${method} ${path} → ${res.status} ${text}`);
  return JSON.parse(text) as T;
}
