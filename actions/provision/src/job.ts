import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import { InputError } from '../../../shared/errors.ts';
import { readRunIdentity, type RunIdentity } from '../../../shared/run-identity.ts';
import type { ProvisionSettings } from './inputs.ts';

/**
 * Where this run happens: the repository, the run's URL, the workspace and the working directory
 * (checked to exist inside it), the runner's temp dir, and the pull request when the event has one.
 * Read before anything else happens, so a missing directory or playbook fails before any side effect.
 */
export interface JobContext extends RunIdentity {
  readonly sha: string;
  readonly eventName: string;
  /** The pull request of a pull_request / pull_request_target event. */
  readonly pullRequest: number | undefined;
  /** GITHUB_WORKSPACE, resolved. */
  readonly workspace: string;
  /** The working directory, absolute (inside the workspace). */
  readonly dir: string;
  readonly runnerTemp: string;
}

export function readJobContext(settings: ProvisionSettings, env: NodeJS.ProcessEnv = process.env): JobContext {
  const run = readRunIdentity('provision', env);
  const workspace = realpathSync(env['GITHUB_WORKSPACE'] || process.cwd());
  const dir = join(workspace, settings.workingDirectory);
  if (!isDirectory(dir)) throw new InputError('working-directory', settings.workingDirectory, 'an existing directory in the workspace (did the job check out the repository?)');
  const real = realpathSync(dir);
  if (!inside(workspace, real)) throw new InputError('working-directory', settings.workingDirectory, 'a directory inside the workspace (it resolves outside through a symbolic link)');
  if (settings.playbook !== undefined && !existsSync(join(real, settings.playbook))) {
    throw new InputError('playbook', settings.playbook, `a playbook file relative to the working directory (${settings.workingDirectory})`);
  }
  if (settings.inventory !== undefined && !existsSync(join(real, settings.inventory))) {
    throw new InputError('inventory', settings.inventory, `an inventory file or directory relative to the working directory (${settings.workingDirectory})`);
  }
  for (const file of settings.varFiles ?? []) {
    if (!existsSync(join(real, file))) throw new InputError('var-files', file, `files relative to the working directory (${settings.workingDirectory})`);
  }
  if (settings.command === 'apply' && settings.planFile !== undefined && !existsSync(join(workspace, settings.planFile))) {
    throw new InputError('plan-file', settings.planFile, 'the plan file the plan step wrote, relative to the workspace (download the artifact before this step)');
  }
  const eventName = env['GITHUB_EVENT_NAME'] || '';
  return Object.freeze({
    ...run,
    sha: env['GITHUB_SHA'] || '',
    eventName,
    pullRequest: pullRequestNumber(eventName, env['GITHUB_EVENT_PATH']),
    workspace,
    dir: real,
    runnerTemp: env['RUNNER_TEMP'] || tmpdir(),
  });
}

const isDirectory = (path: string): boolean => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

const inside = (root: string, path: string): boolean => {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

/** The pull request number of a pull_request(_target) event payload; the payload is untrusted, so only a positive integer counts. */
function pullRequestNumber(eventName: string, eventPath: string | undefined): number | undefined {
  if (eventName !== 'pull_request' && eventName !== 'pull_request_target') return undefined;
  if (!eventPath) return undefined;
  try {
    const payload = JSON.parse(readFileSync(eventPath, 'utf8')) as { pull_request?: { number?: unknown }; number?: unknown };
    const n = payload.pull_request?.number ?? payload.number;
    return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}
