import { UserError } from '../../../shared/errors.ts';
import type { DeploySettings } from './inputs.ts';

/**
 * Where this deploy runs: the repository, the run's URL (the statuses' `log_url`), and the marker
 * that makes a deployment record findable again — after a lost answer or in a workflow re-run.
 */
export interface JobContext {
  readonly owner: string;
  readonly repo: string;
  readonly runId: string;
  readonly runAttempt: number;
  /** `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}` */
  readonly runUrl: string;
  readonly workspace: string;
  /** Deterministic: the same for every attempt of this step in this run, for this environment and ref. */
  readonly marker: string;
  /** The sha the ref names, when it is a full sha; otherwise known only once GitHub resolves it. */
  readonly sha: string | undefined;
}

const FULL_SHA = /^[0-9a-f]{40}$/i;

export function fullSha(ref: string): string | undefined {
  return FULL_SHA.test(ref) ? ref.toLowerCase() : undefined;
}

export function readJobContext(settings: Pick<DeploySettings, 'environment' | 'ref'>, env: NodeJS.ProcessEnv = process.env): JobContext {
  const repository = env['GITHUB_REPOSITORY'] ?? '';
  const [owner, repo, ...rest] = repository.split('/');
  if (!owner || !repo || rest.length > 0) {
    throw new UserError(`GITHUB_REPOSITORY is ${JSON.stringify(repository)}; expected owner/repo (deploy runs inside a GitHub Actions job)`);
  }
  const runId = env['GITHUB_RUN_ID'] || 'local';
  const attempt = Number(env['GITHUB_RUN_ATTEMPT'] || '1');
  const server = (env['GITHUB_SERVER_URL'] || 'https://github.com').replace(/\/+$/, '');
  return Object.freeze({
    owner,
    repo,
    runId,
    runAttempt: Number.isSafeInteger(attempt) && attempt > 0 ? attempt : 1,
    runUrl: `${server}/${owner}/${repo}/actions/runs/${runId}`,
    workspace: env['GITHUB_WORKSPACE'] || process.cwd(),
    marker: deploymentMarker({
      runId,
      job: env['GITHUB_JOB'] || 'job',
      step: env['GITHUB_ACTION'] || 'step',
      environment: settings.environment,
      ref: settings.ref,
    }),
    sha: fullSha(settings.ref),
  });
}

/**
 * The marker stored in the deployment's payload. It leaves out the run attempt on purpose: a
 * re-run of the same step finds the record of its earlier attempt instead of creating another.
 */
export function deploymentMarker(m: { runId: string; job: string; step: string; environment: string; ref: string }): string {
  return ['run', m.runId, 'job', m.job, 'step', m.step, 'environment', m.environment, 'ref', m.ref].map(encodeURIComponent).join('/');
}

/** True when `url` points into this run (GitHub's own deployment for a job with `environment:` links there). */
export function isThisRun(url: string | undefined, runUrl: string): boolean {
  return url !== undefined && (url === runUrl || url.startsWith(`${runUrl}/`));
}

export const shortSha = (sha: string | undefined): string => (sha ? sha.slice(0, 7) : '–');
