import { InputError } from '../../../shared/errors.ts';
import type { ReportSettings } from './inputs.ts';

/**
 * What is measured and over which time, decided once from the inputs and the runner's context:
 * the repositories, the workflows in each (a file name, an id, or `*` for all), and the two
 * windows. The baseline ends where the window starts.
 */
export interface Target {
  repositories: readonly string[];
  /** File names or ids; ['*'] = every workflow of the repository. */
  workflows: readonly string[];
  now: number;
  /** [from, to) of the current window. */
  window: { from: number; to: number };
  baseline: { from: number; to: number };
  /** Link to this run (for issues and alerts). */
  runUrl: string;
  serverUrl: string;
  /** The repository this job runs in (issues are opened there). */
  home: string;
}

export function readTarget(settings: ReportSettings, env: NodeJS.ProcessEnv, now: number): Target {
  const home = env['GITHUB_REPOSITORY'] ?? '';
  if (!/^[^/\s]+\/[^/\s]+$/.test(home)) throw new InputError('repositories', '', 'OWNER/REPO lines (GITHUB_REPOSITORY is not set: not running in a GitHub job?)');
  const repositories = settings.repositories ?? [home];
  let workflows = settings.workflow;
  if (workflows === undefined) {
    if (settings.repositories !== undefined) workflows = ['*'];
    else {
      // GITHUB_WORKFLOW_REF: OWNER/REPO/.github/workflows/ci.yml@refs/heads/main
      const file = /\/\.github\/workflows\/([A-Za-z0-9_.-]+\.ya?ml)@/.exec(env['GITHUB_WORKFLOW_REF'] ?? '')?.[1];
      if (!file) throw new InputError('workflow', '', 'a workflow file name: the current workflow could not be read from GITHUB_WORKFLOW_REF');
      workflows = [file];
    }
  }
  const serverUrl = (env['GITHUB_SERVER_URL'] ?? 'https://github.com').replace(/\/+$/, '');
  const runId = env['GITHUB_RUN_ID'] ?? '';
  const to = now;
  const from = to - settings.window;
  return Object.freeze({
    repositories,
    workflows,
    now,
    window: { from, to },
    baseline: { from: from - settings.baselineWindow, to: from },
    runUrl: /^\d+$/.test(runId) ? `${serverUrl}/${home}/actions/runs/${runId}` : `${serverUrl}/${home}/actions`,
    serverUrl,
    home,
  });
}
