import { randomUUID } from 'node:crypto';
import { chmod, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, relative, isAbsolute } from 'node:path';
import { UserError, messageOf } from '../errors.ts';

/**
 * Credential files (a gcloud access-token file, a kubeconfig…). They go under RUNNER_TEMP — never
 * GITHUB_WORKSPACE, where google-github-actions/auth's `gha-creds-*.json` got uploaded, zipped into
 * artifacts and committed (google-github-actions/auth#298; docs/faults.md C10) — with mode 0600, and the post step removes
 * them. Only Node built-ins here: post steps import this without the HTTP and retry code.
 */

export const CREDENTIAL_FILE_PREFIX = 'actions-suite-credentials-';

export interface CredentialFileOptions {
  /** Default: RUNNER_TEMP, else the OS temp dir (local runs). */
  runnerTemp?: string;
  /** Default: GITHUB_WORKSPACE. A RUNNER_TEMP inside it is refused. */
  workspace?: string;
}

/** Writes `contents` to a new file (0600, never overwriting) and returns its absolute path; record it for `removeCredentialFiles`. */
export async function writeCredentialFile(name: string, contents: string, opts: CredentialFileOptions = {}): Promise<string> {
  const dir = await realpath(opts.runnerTemp ?? process.env['RUNNER_TEMP'] ?? tmpdir());
  const workspaceRaw = opts.workspace ?? process.env['GITHUB_WORKSPACE'];
  if (workspaceRaw) {
    const workspace = await realpath(workspaceRaw).catch(() => workspaceRaw);
    const rel = relative(workspace, dir);
    if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))) {
      throw new UserError(`Refusing to write a credential file: RUNNER_TEMP (${dir}) is inside GITHUB_WORKSPACE, where artifacts and commits would pick it up.`);
    }
  }
  const safe = name.replace(/[^\w.-]/g, '-').slice(0, 64) || 'credentials';
  const path = join(dir, `${CREDENTIAL_FILE_PREFIX}${randomUUID()}-${safe}`);
  await writeFile(path, contents, { mode: 0o600, flag: 'wx' });
  await chmod(path, 0o600);
  return path;
}

/**
 * Removes credential files written by `writeCredentialFile` (for post steps). Paths that are not
 * such files are refused rather than deleted; missing files count as removed.
 */
export async function removeCredentialFiles(paths: readonly string[]): Promise<{ removed: string[]; failed: { path: string; reason: string }[] }> {
  const removed: string[] = [];
  const failed: { path: string; reason: string }[] = [];
  for (const path of paths) {
    if (!isAbsolute(path) || !basename(path).startsWith(CREDENTIAL_FILE_PREFIX)) {
      failed.push({ path, reason: 'not a credential file written by this suite' });
      continue;
    }
    try {
      await rm(path, { force: true });
      removed.push(path);
    } catch (error) {
      failed.push({ path, reason: messageOf(error) });
    }
  }
  return { removed, failed };
}
