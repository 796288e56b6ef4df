// The run an action step belongs to, as the runner's environment names it: one reading for every
// action, so a run's URL, id and attempt mean the same in deploy's statuses, provision's comments
// and every execution record.
// https://docs.github.com/en/actions/reference/workflows-and-actions/variables#default-environment-variables
import { UserError } from './errors.ts';

export interface RunIdentity {
  readonly owner: string;
  readonly repo: string;
  /** GITHUB_RUN_ID, or 'local' outside a runner. */
  readonly runId: string;
  /** GITHUB_RUN_ATTEMPT, a positive integer (1 when absent or malformed). */
  readonly runAttempt: number;
  /** `${GITHUB_SERVER_URL}/${owner}/${repo}/actions/runs/${runId}` */
  readonly runUrl: string;
}

/** Reads the run's identity; a missing or malformed GITHUB_REPOSITORY fails, naming the action. */
export function readRunIdentity(action: string, env: NodeJS.ProcessEnv = process.env): RunIdentity {
  const repository = env['GITHUB_REPOSITORY'] ?? '';
  const [owner, repo, ...rest] = repository.split('/');
  if (!owner || !repo || rest.length > 0) {
    throw new UserError(`GITHUB_REPOSITORY is ${JSON.stringify(repository)}; expected owner/repo (${action} runs inside a GitHub Actions job)`);
  }
  const runId = env['GITHUB_RUN_ID'] || 'local';
  const attempt = Number(env['GITHUB_RUN_ATTEMPT'] || '1');
  const server = (env['GITHUB_SERVER_URL'] || 'https://github.com').replace(/\/+$/, '');
  return {
    owner,
    repo,
    runId,
    runAttempt: Number.isSafeInteger(attempt) && attempt > 0 ? attempt : 1,
    runUrl: `${server}/${owner}/${repo}/actions/runs/${runId}`,
  };
}
