// One workflow e2e test's world: a GitHub emulator with the user's repository, the suite as a user
// reaches it — a release commit whose workflows are stamped (scripts/lib/stamp.ts) on top of the
// source commit that holds actions/ and dist/ — the user's repository as files, and the leak scan
// over everything the run printed, output and sent to GitHub.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { TestContext } from 'node:test';
import { root } from '../../../scripts/lib/actions.ts';
import { stampRepository, workflowFiles } from '../../../scripts/lib/stamp.ts';
import { e2e, type E2E } from '../../harness/e2e.ts';
import { startGitHubEmulator, type GitHubEmulator } from '../../harness/github/index.ts';
import { runWorkflow, type RepoAtCommit, type RunWorkflowOptions, type WorkflowRunResult } from '../../harness/workflow/index.ts';

export const SUITE = 'octo-org/actions-suite';
/** The commit whose actions/ and dist/ a release runs (the working tree, here). */
export const SOURCE_SHA = '5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a';
/** The release commit on top of it, tagged v1.0.0 and v1. */
export const RELEASE_SHA = 'b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1';
export const VERSION = '1.0.0';
export const USER_REPO = 'octo-org/shop';
export const USER_SHA = 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00';

/** A deploy script for the user's repository: tells the environment's HTTP target which sha runs. */
export const DEPLOY_SH = '#!/usr/bin/env bash\nset -euo pipefail\ncurl -fsS --data-binary "$DEPLOY_SHA" "${DEPLOY_ENVIRONMENT_URL%/}/deploy"\necho "deployed ${DEPLOY_SHA:0:7} to $DEPLOY_ENVIRONMENT"\n';

export interface WorkflowWorld {
  h: E2E;
  gh: GitHubEmulator;
  token: string;
  suiteRelease: RepoAtCommit;
  suiteSource: RepoAtCommit;
  /** The user's repository with these files (path → content; .sh files executable). */
  userRepo(files: Record<string, string>): RepoAtCommit;
  run(opts: Omit<RunWorkflowOptions, 'github' | 'token'> & { token?: string }): Promise<WorkflowRunResult>;
  /** Gives the environment required reviewers (the repository's owner), as an admin would. */
  requireReviewers(environment: string): Promise<void>;
  /** Deployments (oldest first) with statuses, as GitHub renders them. */
  deployments(environment?: string): Array<{ id: number; sha: string; environment: string; payload: Record<string, unknown> | string; creator: { login: string }; statuses: Array<{ state: string; log_url: string }> }>;
}

let worlds = 0;

/** The suite's workflows at a release: stamped copies of .github/workflows in a directory of their own. */
export function releaseTree(dir: string): void {
  const { files } = stampRepository(root, { repository: SUITE, sha: SOURCE_SHA, version: VERSION });
  for (const path of workflowFiles(root)) {
    mkdirSync(join(dir, dirname(path)), { recursive: true });
    writeFileSync(join(dir, path), files.get(path) ?? readFileSync(join(root, path), 'utf8'));
  }
}

export async function workflowWorld(t: TestContext): Promise<WorkflowWorld> {
  const n = ++worlds;
  const h = e2e(t);
  const gh = await startGitHubEmulator();
  const tmp = mkdtempSync(join(tmpdir(), 'workflow-world-'));
  t.after(async () => {
    await gh.close();
    rmSync(tmp, { recursive: true, force: true });
  });
  const token = h.secret(`ghs_workflowWorld${String(n).padStart(4, '0')}Token00000000000000`);
  gh.seed.org('octo-org');
  gh.seed.repo(USER_REPO);
  gh.seed.token(token, { canWriteSecrets: false });
  const admin = `ghp_workflowWorldAdmin${String(n).padStart(4, '0')}000000000000000`;
  gh.seed.token(admin, { canWriteSecrets: true });
  h.haystack(() => gh.receivedStrings());
  const releaseDir = join(tmp, 'suite-release');
  releaseTree(releaseDir);
  const suiteRelease: RepoAtCommit = { fullName: SUITE, sha: RELEASE_SHA, refs: [`v${VERSION}`, 'v1'], dir: releaseDir };
  const suiteSource: RepoAtCommit = { fullName: SUITE, sha: SOURCE_SHA, dir: root };
  // At a release tag the workflows are stamped already (with the real repository and source sha):
  // those references reach the same working tree.
  const stamped = workflowFiles(root).flatMap((p) => [...readFileSync(join(root, p), 'utf8').matchAll(/uses: ([\w.-]+\/[\w.-]+)\/actions\/[a-z-]+@([0-9a-f]{40}) # v/g)]);
  const alreadyStamped: RepoAtCommit[] = stamped.map((m) => ({ fullName: m[1]!, sha: m[2]!, dir: root }));
  let repos = 0;
  const results: WorkflowRunResult[] = [];
  h.haystack(() =>
    results.flatMap((r, i) => [
      { where: `run #${i + 1} log`, text: r.log },
      ...r.jobs.flatMap((j) => [
        { where: `run #${i + 1} ${j.name} summary`, text: j.summary },
        ...Object.entries(j.outputs).map(([k, v]) => ({ where: `run #${i + 1} ${j.name} output ${k}`, text: v })),
        ...j.annotations.map((a) => ({ where: `run #${i + 1} ${j.name} annotation`, text: a.maskedMessage })),
      ]),
      ...Object.entries(r.outputs).map(([k, v]) => ({ where: `run #${i + 1} workflow output ${k}`, text: v })),
    ]),
  );
  return {
    h,
    gh,
    token,
    suiteRelease,
    suiteSource,
    userRepo(files) {
      const dir = join(tmp, `user-${++repos}`);
      for (const [p, content] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, p)), { recursive: true });
        writeFileSync(join(dir, p), content);
        if (p.endsWith('.sh')) chmodSync(join(dir, p), 0o755);
      }
      return { fullName: USER_REPO, sha: USER_SHA, refs: ['refs/heads/main'], dir };
    },
    async run(opts) {
      const r = await runWorkflow({ remotes: [suiteRelease, suiteSource, ...alreadyStamped], ...opts, github: gh, token: opts.token ?? token });
      results.push(r);
      for (const m of r.masked) if (m.length >= 4 && !/^(true|false)$/.test(m)) h.secret(m);
      return r;
    },
    async requireReviewers(environment) {
      const headers = { authorization: `token ${admin}`, 'content-type': 'application/json' };
      const repo = (await fetch(`${gh.url}/repos/${USER_REPO}`, { headers }).then((r) => r.json())) as { owner: { id: number } };
      const put = await fetch(`${gh.url}/repos/${USER_REPO}/environments/${environment}`, { method: 'PUT', headers, body: JSON.stringify({ reviewers: [{ type: 'User', id: repo.owner.id }] }) });
      if (!put.ok) throw new Error(`reviewers for ${environment}: ${put.status} ${await put.text()}`);
    },
    deployments(environment) {
      const repo = (gh.state()['repos'] as Array<{ fullName: string; deployments: ReturnType<WorkflowWorld['deployments']> }>).find((r) => r.fullName === USER_REPO);
      return (repo?.deployments ?? []).filter((d) => environment === undefined || d.environment === environment).reverse();
    },
  };
}
