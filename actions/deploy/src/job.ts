import { readFileSync } from 'node:fs';
import { readRunIdentity, type RunIdentity } from '../../../shared/run-identity.ts';
import type { DeploySettings } from './inputs.ts';

/**
 * Where this deploy runs: the repository, the run's URL (the statuses' `log_url`), the branches a
 * sha must be reachable from before deploy trusts it, and the marker that makes a deployment
 * record findable again — after a lost answer or in a workflow re-run.
 */
export interface JobContext extends RunIdentity {
  readonly workspace: string;
  /** Deterministic: the same for every attempt of this step in this run, for this environment and ref. */
  readonly marker: string;
  /** The sha the ref names, when it is a full sha; otherwise known only once GitHub resolves it. */
  readonly sha: string | undefined;
  /**
   * Branches a rollback target must be reachable from, in the order they are tried: the branch
   * the workflow runs on (GITHUB_REF, when it is a branch), then the repository's default branch
   * (from the event payload, when it says).
   */
  readonly trustedBranches: readonly string[];
}

const FULL_SHA = /^[0-9a-f]{40}$/i;

export function fullSha(ref: string): string | undefined {
  return FULL_SHA.test(ref) ? ref.toLowerCase() : undefined;
}

export function readJobContext(settings: Pick<DeploySettings, 'environment' | 'ref'>, env: NodeJS.ProcessEnv = process.env): JobContext {
  const run = readRunIdentity('deploy', env);
  const branch = /^refs\/heads\/(.+)$/.exec(env['GITHUB_REF'] ?? '')?.[1];
  const defaultBranch = defaultBranchOf(env['GITHUB_EVENT_PATH']);
  return Object.freeze({
    ...run,
    workspace: env['GITHUB_WORKSPACE'] || process.cwd(),
    marker: deploymentMarker({
      runId: run.runId,
      job: env['GITHUB_JOB'] || 'job',
      step: env['GITHUB_ACTION'] || 'step',
      environment: settings.environment,
      ref: settings.ref,
    }),
    sha: fullSha(settings.ref),
    trustedBranches: Object.freeze([...new Set([branch, defaultBranch].filter((b): b is string => typeof b === 'string' && b !== ''))]),
  });
}

/** `repository.default_branch` of the event payload (push, workflow_dispatch, pull_request … carry it); undefined when absent or unreadable. */
function defaultBranchOf(eventPath: string | undefined): string | undefined {
  if (!eventPath) return undefined;
  try {
    const event = JSON.parse(readFileSync(eventPath, 'utf8')) as { repository?: { default_branch?: unknown } };
    const name = event.repository?.default_branch;
    return typeof name === 'string' && /^[^\s~^:?*[\\]{1,255}$/.test(name) ? name : undefined;
  } catch {
    return undefined;
  }
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
