// One provision e2e test's world: a GitHub emulator with the repository (and a pull request), a
// workspace that survives between runs (the plan job's files are the apply job's artifact), the
// terraform/tofu double on PATH — or a real terraform when the test asks for it and the machine
// has one — and `provision()` running the shipped bundle through the runner emulation with the
// leak scanner watching everything the action wrote and everything the emulator received.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import type { TestContext } from 'node:test';
import { e2e, type E2E } from '../../harness/e2e.ts';
import { startGitHubEmulator, type GitHubEmulator } from '../../harness/github/index.ts';
import type { RunActionOptions, RunResult } from '../../harness/runner/index.ts';
import { findRealBinary, installTerraformDouble, type TerraformDouble } from '../../harness/terraform/install.ts';

export const REPO = 'octo/infra';
export const SERVER = 'https://github.com';

/** Which terraform a world runs: the harness's double, or the real one found on PATH. */
export type Binary = { kind: 'double' } | { kind: 'real'; path: string };

/** The double always; a real terraform too when this machine has one (named in the test titles). */
export function binaries(): Binary[] {
  const real = findRealBinary('terraform');
  return [{ kind: 'double' }, ...(real ? [{ kind: 'real' as const, path: real }] : [])];
}

export const binaryName = (b: Binary): string => (b.kind === 'double' ? 'double' : `real terraform (${b.path})`);

export type ProvisionOptions = Partial<RunActionOptions> & { runId?: string; pullRequest?: number };

export interface World {
  h: E2E;
  gh: GitHubEmulator;
  token: string;
  workspace: string;
  /** The double (also when a real terraform runs: its wrappers are simply not on PATH then). */
  tf: TerraformDouble;
  binary: Binary;
  /** The environment a tool process of this world gets (PATH, fault file, CLI config). */
  toolEnv: Record<string, string>;
  /** Writes a file under the workspace (directories created). */
  write(rel: string, content: string): string;
  read(rel: string): string;
  /** Runs terraform (the world's binary) in a workspace directory, outside the action (setting up a scenario). */
  terraform(dir: string, args: readonly string[], env?: Record<string, string>): string;
  provision(inputs: Record<string, string>, o?: ProvisionOptions): Promise<RunResult>;
  /** The comments on an issue or pull request, as GitHub renders them (oldest first). */
  comments(issue: number): { id: number; body: string }[];
  /** The repository's issues, as GitHub renders them. */
  issues(): { number: number; title: string; body: string; state: string; state_reason: string | null }[];
}

let worlds = 0;

export async function provisionWorld(t: TestContext, binary: Binary = { kind: 'double' }): Promise<World> {
  const n = ++worlds;
  const h = e2e(t);
  const gh = await startGitHubEmulator();
  const root = mkdtempSync(join(tmpdir(), 'provision-world-'));
  const workspace = join(root, 'workspace');
  mkdirSync(workspace);
  const tf = installTerraformDouble(join(root, 'tools'));
  const cliConfig = join(root, 'terraformrc');
  writeFileSync(cliConfig, '');
  t.after(async () => {
    await gh.close();
    rmSync(root, { recursive: true, force: true });
  });
  const token = `ghs_provisionWorld${String(n).padStart(4, '0')}Token00000000000000`;
  gh.seed.repo(REPO);
  gh.seed.token(token);
  h.haystack(() => gh.receivedStrings());
  const basePath = process.env['PATH'] ?? '';
  const toolEnv: Record<string, string> =
    binary.kind === 'double'
      ? { ...tf.env(basePath), TF_CLI_CONFIG_FILE: cliConfig }
      : { PATH: `${dirname(binary.path)}${delimiter}${basePath}`, TF_CLI_CONFIG_FILE: cliConfig, CHECKPOINT_DISABLE: '1' };
  let runs = 0;
  return {
    h,
    gh,
    token,
    workspace,
    tf,
    binary,
    toolEnv,
    write(rel, content) {
      const path = join(workspace, rel);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, content);
      return path;
    },
    read: (rel) => readFileSync(join(workspace, rel), 'utf8'),
    comments: (issue) => repoState(gh).comments.filter((c) => c.issue_url.endsWith(`/issues/${issue}`)),
    issues: () => repoState(gh).issues,
    terraform(dir, args, env = {}) {
      const bin = binary.kind === 'double' ? join(tf.binDir, 'terraform') : binary.path;
      return execFileSync(bin, [...args], { cwd: join(workspace, dir), env: { ...process.env, ...toolEnv, TF_IN_AUTOMATION: '1', ...env }, encoding: 'utf8' });
    },
    provision(inputs, o = {}) {
      const { runId, pullRequest, ...rest } = o;
      const pr = pullRequest !== undefined;
      return h.run({
        action: 'provision',
        inputs,
        token,
        workspace,
        ...rest,
        ...(pr ? { event: { action: 'synchronize', number: pullRequest, pull_request: { number: pullRequest, head: { sha: '0'.repeat(40) } } } } : {}),
        env: { GITHUB_API_URL: gh.url, ...toolEnv, ...rest.env },
        context: {
          repository: REPO,
          serverUrl: SERVER,
          runId: runId ?? String(700_000 + n * 1000 + ++runs),
          ...(pr ? { eventName: 'pull_request', ref: `refs/pull/${pullRequest}/merge` } : {}),
          ...rest.context,
        },
      });
    },
  };
}

function repoState(gh: GitHubEmulator): { comments: { id: number; body: string; issue_url: string }[]; issues: { number: number; title: string; body: string; state: string; state_reason: string | null }[] } {
  const repos = gh.state()['repos'] as { fullName: string; comments: { id: number; body: string; issue_url: string }[]; issues: { number: number; title: string; body: string; state: string; state_reason: string | null }[] }[];
  return repos.find((r) => r.fullName === REPO)!;
}

/** The plan summary output, parsed. */
export function summaryOf(r: RunResult): { counts: Record<string, number>; changes: { address: string; action: string; changed_paths: unknown[]; sensitive: boolean; protected: boolean; destructive: boolean }[]; drift: { address: string; action: string }[]; guard: { verdict: string; reasons: string[] }; digest: string; complete: boolean; status: string } {
  return JSON.parse(r.outputs['summary'] || '{}');
}
