// One report-metrics e2e test's world: its own GitHub emulator with a repository and a token, the
// leak scan wired to what the emulator received, and `report()` running the shipped bundle.
import type { TestContext } from 'node:test';
import { e2e, type E2E } from '../../harness/e2e.ts';
import { startGitHubEmulator, type GitHubEmulator } from '../../harness/github/index.ts';
import type { RunResult } from '../../harness/runner/index.ts';

export const REPO = 'octo/shop';

export interface MetricsWorld {
  h: E2E;
  gh: GitHubEmulator;
  token: string;
  report(inputs: Record<string, string>, opts?: { runId?: string; env?: Record<string, string> }): Promise<RunResult>;
  /** Issues of the repository as GitHub renders them. */
  issues(): { number: number; title: string; body: string | null; state: string; labels: { name: string }[] }[];
}

let worlds = 0;

export async function metricsWorld(t: TestContext): Promise<MetricsWorld> {
  const n = ++worlds;
  const h = e2e(t);
  const gh = await startGitHubEmulator();
  t.after(() => gh.close());
  const token = `ghs_metricsWorld${String(n).padStart(4, '0')}Token00000000000000000`;
  gh.seed.repo(REPO);
  gh.seed.token(token);
  h.haystack(() => gh.receivedStrings());
  let runs = 0;
  return {
    h,
    gh,
    token,
    report: (inputs, opts = {}) =>
      h.run({
        action: 'report-metrics',
        inputs,
        token,
        env: { GITHUB_API_URL: gh.url, ...opts.env },
        context: { repository: REPO, serverUrl: 'https://github.com', runId: opts.runId ?? String(500_000 + n * 100 + ++runs), runAttempt: '1' },
      }),
    issues: () => {
      const repo = (gh.state()['repos'] as { fullName: string; issues: ReturnType<MetricsWorld['issues']> }[]).find((r) => r.fullName === REPO);
      return repo?.issues ?? [];
    },
  };
}
