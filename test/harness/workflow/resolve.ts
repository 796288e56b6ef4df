// What a `uses:` names, resolved the way GitHub resolves it — against the repositories this run can
// reach, never the network:
// - `./path` (a step): a directory of the job's workspace (what a checkout put there);
// - `./.github/workflows/x.yml` (a job): the same repository and commit as the calling workflow;
// - `owner/repo[/path]@ref`: that repository at a commit the run knows (its sha, or a ref naming
//   it), else a stand-in when owner/repo is one of the third-party actions we replace.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { STAND_INS, type StandIn } from './stand-ins/index.ts';
import type { RepoAtCommit } from './types.ts';

export type ResolvedAction =
  | { kind: 'action'; dir: string; ref: string }
  | { kind: 'stand-in'; standIn: StandIn; ref: string };

export interface ResolvedWorkflow {
  repo: RepoAtCommit;
  /** Path of the workflow file inside the repository. */
  path: string;
  /** As the OIDC token's job_workflow_ref shows it: owner/repo/path@ref. */
  ref: string;
}

const REMOTE = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)(\/[^@]+)?@([^@\s]+)$/;

export class ResolveError extends Error {}

function findRepo(repos: RepoAtCommit[], fullName: string, ref: string): RepoAtCommit | undefined {
  return repos.find((r) => r.fullName.toLowerCase() === fullName.toLowerCase() && (r.sha === ref || (r.refs ?? []).includes(ref)));
}

/** A step's `uses:`. */
export function resolveAction(uses: string, workspace: string, repos: RepoAtCommit[]): ResolvedAction {
  if (uses.startsWith('./')) {
    const dir = join(workspace, uses);
    if (!['action.yml', 'action.yaml'].some((f) => existsSync(join(dir, f)))) {
      // GitHub's own words for a local action that is not in the workspace.
      throw new ResolveError(`Can't find 'action.yml', 'action.yaml' or 'Dockerfile' under '${dir}'. Did you forget to run actions/checkout before running your local action?`);
    }
    return { kind: 'action', dir, ref: uses };
  }
  const m = REMOTE.exec(uses);
  if (!m) throw new ResolveError(`Invalid action reference '${uses}': expected owner/repo[/path]@ref or ./path`);
  const [, owner, name, sub, ref] = m;
  const full = `${owner}/${name}`;
  const repo = findRepo(repos, full, ref!);
  if (repo) {
    const dir = join(repo.dir, sub ?? '');
    if (!['action.yml', 'action.yaml'].some((f) => existsSync(join(dir, f)))) throw new ResolveError(`Can't find 'action.yml' under '${full}${sub ?? ''}@${ref}'`);
    return { kind: 'action', dir, ref: uses };
  }
  const standIn = STAND_INS.get(full.toLowerCase());
  if (standIn && !sub) {
    if (!/^[0-9a-f]{40}$/.test(ref!)) throw new ResolveError(`${uses}: third-party actions are pinned to a full commit sha in our workflows`);
    return { kind: 'stand-in', standIn, ref: uses };
  }
  throw new ResolveError(`Unable to resolve action \`${uses}\`, repository or version not found`);
}

/** A job's `uses:` (a reusable workflow), called from a workflow of `from`. */
export function resolveWorkflow(uses: string, from: RepoAtCommit, repos: RepoAtCommit[]): ResolvedWorkflow {
  if (uses.startsWith('./')) {
    const path = uses.slice(2);
    if (!existsSync(join(from.dir, path))) throw new ResolveError(`Unable to find reusable workflow '${uses}' in ${from.fullName}@${from.sha}`);
    return { repo: from, path, ref: `${from.fullName}/${path}@${from.refs?.[0] ?? from.sha}` };
  }
  const m = REMOTE.exec(uses);
  if (!m || !m[3] || !/^\/\.github\/workflows\/[^/]+\.ya?ml$/.test(m[3])) throw new ResolveError(`Invalid reusable workflow reference '${uses}': expected owner/repo/.github/workflows/file.yml@ref`);
  const [, owner, name, sub, ref] = m;
  const repo = findRepo(repos, `${owner}/${name}`, ref!);
  if (!repo) throw new ResolveError(`Unable to resolve reusable workflow '${uses}': repository or version not found (or not accessible from this repository)`);
  const path = sub!.slice(1);
  if (!existsSync(join(repo.dir, path))) throw new ResolveError(`Unable to find reusable workflow '${uses}'`);
  return { repo, path, ref: `${owner}/${name}/${path}@${ref}` };
}
