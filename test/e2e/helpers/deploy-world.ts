// One deploy e2e test's world: its own GitHub emulator, repository, token and real HTTP target,
// the leak scan wired to what the emulator received, and `deploy()` running the shipped bundle.
import type { TestContext } from 'node:test';
import { e2e, type E2E } from '../../harness/e2e.ts';
import { startGitHubEmulator, type DeploymentSeed, type GitHubEmulator } from '../../harness/github/index.ts';
import { startHttpTarget, type HttpTarget } from '../../harness/http-target.ts';
import type { RunActionOptions, RunResult } from '../../harness/runner/index.ts';

export const REPO = 'octo/shop';
export const SERVER = 'https://github.com';
/** Deploys $DEPLOY_SHA to the target over HTTP. */
export const DEPLOY = 'curl -fsS --data-binary "$DEPLOY_SHA" "$TARGET/deploy"';
/** Three commits on main, oldest first: every world's main branch has them. */
export const A = 'a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1';
export const B = 'b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2';
export const C = 'c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3';
/** Whom the world's token acts as (the emulator's default login for a token). */
export const TOKEN_LOGIN = 'emulator-user';

/** A deployment as the emulator renders it, with its statuses (oldest first). */
export interface Rec {
  id: number;
  sha: string;
  ref: string;
  environment: string;
  production_environment: boolean;
  payload: Record<string, unknown>;
  statuses: { state: string; description: string; log_url: string; environment_url: string }[];
}

export type DeployOptions = Partial<RunActionOptions> & { runId?: string; runAttempt?: string };

export interface World {
  h: E2E;
  gh: GitHubEmulator;
  target: HttpTarget;
  token: string;
  deploy(inputs: Record<string, string>, o?: DeployOptions): Promise<RunResult>;
  /**
   * A record as another run of this suite would leave it (its marker in the payload), created by
   * the world's token unless `creator` says who else — a collaborator forging one, say.
   */
  suiteRecord(o: DeploymentSeed & { creator?: string }): number;
  /** Deployments of the repo (oldest first) with their statuses (oldest first), as GitHub renders them. */
  records(environment?: string): Rec[];
}

let worlds = 0;

/** `defaults` are inputs every deploy of this world gets (a test's own inputs win). */
export async function deployWorld(t: TestContext, defaults: (target: HttpTarget) => Record<string, string>): Promise<World> {
  const n = ++worlds;
  const h = e2e(t);
  const gh = await startGitHubEmulator();
  const target = await startHttpTarget();
  t.after(async () => {
    await target.close();
    await gh.close();
  });
  const token = `ghs_deployWorld${String(n).padStart(4, '0')}Token0000000000000000`;
  gh.seed.repo(REPO);
  gh.seed.token(token);
  gh.seed.commits(REPO, 'main', [A, B, C]);
  h.haystack(() => gh.receivedStrings());
  let runs = 0;
  return {
    h,
    gh,
    target,
    token,
    deploy: (inputs, o = {}) => {
      const { runId, runAttempt, ...rest } = o;
      return h.run({
        action: 'deploy',
        inputs: { 'health-interval': '100ms', 'health-passes': '2', 'health-timeout': '3s', ...defaults(target), ...inputs },
        token,
        ...rest,
        env: { GITHUB_API_URL: gh.url, TARGET: target.url, ...rest.env },
        context: { repository: REPO, serverUrl: SERVER, runId: runId ?? String(900_000 + n * 1000 + ++runs), runAttempt: runAttempt ?? '1', ...rest.context },
      });
    },
    suiteRecord: (o) =>
      gh.seed.deployment(REPO, {
        creator: TOKEN_LOGIN,
        payload: { 'actions-suite/deploy': { marker: `run/1/job/deploy/step/ship/environment/${o.environment ?? 'staging'}/ref/x`, run_id: '1', run_attempt: 1 } },
        ...o,
      }),
    records: (environment) => {
      const repo = (gh.state()['repos'] as { fullName: string; deployments: Rec[] }[]).find((r) => r.fullName === REPO)!;
      return repo.deployments.filter((d) => environment === undefined || d.environment === environment);
    },
  };
}

/**
 * The summary's first table (the facts of the deployment: one header row, one row of values), by
 * column; and it checks that no table of the summary has an empty header cell.
 */
export function summaryFacts(summary: string): Record<string, string> {
  const lines = summary.split('\n');
  for (let i = 1; i < lines.length; i++) {
    if (!/^\|(---\|)+$/.test(lines[i] ?? '')) continue;
    const header = cells(lines[i - 1] ?? '');
    if (header.some((c) => c === '')) throw new Error(`a summary table has an empty header cell: ${lines[i - 1]}`);
  }
  const at = lines.findIndex((l) => /^\|(---\|)+$/.test(l));
  if (at < 1) throw new Error('the summary has no table');
  const names = cells(lines[at - 1] ?? '');
  const values = cells(lines[at + 1] ?? '');
  return Object.fromEntries(names.map((n, i) => [n, values[i] ?? '']));
}

/** The cells of a markdown table row (escaped pipes stay inside their cell). */
function cells(row: string): string[] {
  return row
    .replace(/^\|\s?|\s?\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}
