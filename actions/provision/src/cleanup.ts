import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { messageOf } from '../../../shared/errors.ts';
import { removeLeftCredentialFiles } from '../../../shared/oidc/with-cloud.ts';
import type { ActionContext } from '../../../shared/run-action.ts';
import { createState, type State } from '../../../shared/state.ts';
import { removeLeftTempDir } from './files.ts';
import type { StateKey, ToolRun } from './state-keys.ts';

/**
 * The post step (`post-if: always()`): removes what main left (cloud credential files, the
 * directory of secret files), and when main had to stop a tool mid-run (a cancelled or timed-out
 * job) says whether it left a state lock behind — with the lock's holder and the force-unlock
 * command, which it never runs itself: only a person can tell that nothing still runs.
 */
export async function cleanUp(ctx: ActionContext, deps: { state?: State<StateKey> } = {}): Promise<void> {
  const state = deps.state ?? createState<StateKey>(ctx.redactor);
  await removeLeftCredentialFiles(ctx, state);
  const dir = state.get('temp-dir');
  if (dir) {
    try {
      if (removeLeftTempDir(dir, process.env['RUNNER_TEMP'])) ctx.log.info('provision (post): removed the secret files main left');
    } catch (error) {
      ctx.log.warning(`provision (post): could not remove ${dir}: ${messageOf(error)}`);
    }
  }
  const raw = state.get('tool-run');
  if (raw) reportStopped(ctx, raw);
}

interface BackendCache {
  backend?: { type?: string; config?: { path?: string | null; workspace_dir?: string | null } };
}

function reportStopped(ctx: ActionContext, raw: string): void {
  let run: ToolRun;
  try {
    run = JSON.parse(raw) as ToolRun;
  } catch {
    return;
  }
  if (run.tool === 'ansible') {
    ctx.log.warning(`provision (post): ${run.command} was stopped mid-run (the job was cancelled or timed out): hosts may be half-configured; run a plan (check) to see where they stand.`);
    return;
  }
  const backend = readBackend(run.dir);
  if (backend.type !== 'local') {
    ctx.log.warning(
      `provision (post): ${run.command} was stopped (the job was cancelled or timed out) while it may have held the state lock of the ${backend.type} backend. ` +
        `If the backend kept the lock, the next run fails with failure-reason state-locked and its lock-info; release it with \`${run.tool} force-unlock LOCK_ID\` only once nothing runs any more.`,
    );
    return;
  }
  const lock = lockFile(run.dir, run.workspace, backend.path, backend.workspaceDir);
  if (!existsSync(lock)) {
    ctx.log.info(`provision (post): ${run.command} was stopped; it released the state lock (${lock} is gone).`);
    return;
  }
  let info: Record<string, unknown> = {};
  try {
    info = JSON.parse(readFileSync(lock, 'utf8')) as Record<string, unknown>;
  } catch {
    // a lock file we cannot read is still a lock file
  }
  const field = (k: string): string => String(info[k] ?? '?');
  ctx.log.warning(
    `provision (post): ${run.command} was stopped (the job was cancelled or timed out) and the state lock is still held: ` +
      `ID ${field('ID')}, ${field('Operation')} by ${field('Who')} since ${field('Created')} (${lock}). ` +
      `If a ${run.tool} process still runs, let it finish; otherwise release the lock with \`${run.tool} force-unlock ${field('ID')}\`. This action never unlocks by itself.`,
    undefined,
    { title: 'provision: state lock held' },
  );
}

function readBackend(dir: string): { type: string; path: string | undefined; workspaceDir: string | undefined } {
  try {
    const cache = JSON.parse(readFileSync(join(dir, '.terraform', 'terraform.tfstate'), 'utf8')) as BackendCache;
    return { type: cache.backend?.type ?? 'local', path: cache.backend?.config?.path ?? undefined, workspaceDir: cache.backend?.config?.workspace_dir ?? undefined };
  } catch {
    return { type: 'local', path: undefined, workspaceDir: undefined };
  }
}

/** Where the local backend keeps the lock info: `.NAME.lock.info` beside the workspace's state file. */
export function lockFile(dir: string, workspace: string, path = 'terraform.tfstate', workspaceDir = 'terraform.tfstate.d'): string {
  const state = workspace === 'default' ? join(dir, path) : join(dir, workspaceDir, workspace, basename(path));
  return join(dirname(state), `.${basename(state)}.lock.info`);
}
