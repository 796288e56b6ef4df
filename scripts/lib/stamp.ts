// Release stamping: how our reusable workflows name the suite's own actions (docs/reusable-workflows.md).
//
// A reusable workflow cannot say "this repository" in `uses:` — `./actions/deploy` means the
// caller's workspace, and `uses:` takes no expressions. So the workflows on a branch say
// `uses: ./actions/<name>` (which works only inside this repository), and each release commit
// rewrites every such line into `uses: OWNER/REPO/actions/<name>@<source sha> # v<version>`, where
// the source sha is the release commit's parent: the commit whose dist/ was verified and attested.
// The release commit changes nothing else, so the stamped sha runs exactly the code of the tag.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The line form on a branch: `uses: ./actions/<name>` (indentation and an optional `- ` kept). */
const LOCAL_ACTION = /^(\s*(?:-\s+)?uses:\s+)\.\/actions\/([a-z][a-z0-9-]*)\s*$/gm;

export interface StampTarget {
  /** owner/repo of the suite. */
  repository: string;
  /** The commit whose actions/ and dist/ the workflows will run (the release commit's parent). */
  sha: string;
  /** Semantic version, without the v. */
  version: string;
}

export interface Rewrite {
  file: string;
  line: number;
  from: string;
  to: string;
}

/** The stamped text of one workflow, and what changed. */
export function stampWorkflow(text: string, t: StampTarget, file = ''): { text: string; rewrites: Rewrite[] } {
  if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(t.repository)) throw new Error(`Invalid repository '${t.repository}': expected OWNER/REPO`);
  if (!/^[0-9a-f]{40}$/.test(t.sha)) throw new Error(`Invalid sha '${t.sha}': expected 40 hex characters`);
  if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(t.version)) throw new Error(`Invalid version '${t.version}': expected MAJOR.MINOR.PATCH`);
  const rewrites: Rewrite[] = [];
  const out = text.replace(LOCAL_ACTION, (whole: string, prefix: string, name: string, offset: number) => {
    const to = `${prefix}${t.repository}/actions/${name}@${t.sha} # v${t.version}`;
    rewrites.push({ file, line: text.slice(0, offset).split('\n').length, from: whole.trim(), to: to.trim() });
    return to;
  });
  return { text: out, rewrites };
}

/** Every workflow file of the repository (`.github/workflows/*.yml`), by repository-relative path. */
export function workflowFiles(root: string): string[] {
  const dir = join(root, '.github', 'workflows');
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => join('.github', 'workflows', f));
}

/** The stamped contents of every workflow that names our actions, by path (unchanged files left out). */
export function stampRepository(root: string, t: StampTarget): { files: Map<string, string>; rewrites: Rewrite[] } {
  const files = new Map<string, string>();
  const rewrites: Rewrite[] = [];
  for (const path of workflowFiles(root)) {
    const r = stampWorkflow(readFileSync(join(root, path), 'utf8'), t, path);
    if (r.rewrites.length) {
      files.set(path, r.text);
      rewrites.push(...r.rewrites);
    }
  }
  return { files, rewrites };
}
