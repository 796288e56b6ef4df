import type { Clock } from '../../../shared/clock.ts';
import { ExecError, messageOf } from '../../../shared/errors.ts';
import type { ExecOptions, runScript } from '../../../shared/exec.ts';
import { formatDuration } from '../../../shared/log.ts';
import type { DeployRun } from './run-context.ts';

/**
 * The user's deploy (or rollback) script: `bash -eo pipefail` from a file, in the workspace, every
 * value through DEPLOY_* variables, retried only on the exit codes the user listed.
 */

export interface ScriptValues {
  environment: string;
  ref: string;
  sha: string;
  deploymentId: number;
  previousSha: string | undefined;
  environmentUrl: string | undefined;
  logUrl: string;
  rollback: { failedSha: string } | undefined;
}

export interface ScriptOutcome {
  ok: boolean;
  attempts: number;
  /** Why the last attempt failed. */
  error: string | undefined;
  exitCode: number | null | undefined;
}

export interface ScriptOptions {
  retries: number;
  retryOn: readonly number[];
  timeoutMs: number;
  cwd: string;
  clock: Clock;
  random?: () => number;
  signal?: AbortSignal;
  redactor: ExecOptions['redactor'];
  log: (line: string) => void;
  /** Called before each retry (the run's stats count retried attempts). */
  onRetry?: () => void;
  /** Cloud credentials' variables, fetched right before each attempt (refreshed when near expiry); see cloud.ts. */
  cloudEnv?: () => Promise<Record<string, string>>;
  /** Pass the job's OIDC token request on (`script-oidc`). */
  oidc?: boolean;
  /** Seam for tests; default shared/exec's runScript. */
  run?: typeof runScript;
}

/**
 * What the runner gives a JavaScript action but not a `run:` step (actions/runner sets them in
 * NodeScriptActionHandler; tonistiigi/go-actions-cache's api.md: "Inline step scripts in workflows
 * do not see these variables"): the runtime token and the cache, results and artifact services it
 * unlocks. A deploy script — and every tool it starts — must not be able to write the cache or
 * upload artifacts in the workflow's name.
 */
export const RUNNER_ONLY = ['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_RUNTIME_URL', 'ACTIONS_CACHE_URL', 'ACTIONS_RESULTS_URL', 'ACTIONS_CACHE_SERVICE_V2'] as const;
/** The job's OIDC token request: with `cloud`, deploy logs in for the scripts; they get it only with `script-oidc: true`. */
export const OIDC_REQUEST = ['ACTIONS_ID_TOKEN_REQUEST_URL', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN'] as const;

/**
 * What the script sees: the job's environment without this step's INPUT_* (the token among them),
 * the runner-only variables above and — unless `script-oidc` — the OIDC token request; then
 * DEPLOY_* and, with `cloud`, the credentials' variables (AWS_…, GOOGLE_… and CLOUDSDK_…, AZURE_…,
 * VAULT_…), which override any inherited from earlier steps.
 */
export function scriptEnv(
  v: ScriptValues,
  attempt: number,
  o: { parent?: NodeJS.ProcessEnv; cloud?: Record<string, string>; oidc?: boolean } = {},
): Record<string, string | undefined> {
  const parent = o.parent ?? process.env;
  const removed: Record<string, undefined> = {};
  for (const name of Object.keys(parent)) if (name.startsWith('INPUT_')) removed[name] = undefined;
  for (const name of [...RUNNER_ONLY, ...(o.oidc ? [] : OIDC_REQUEST)]) removed[name] = undefined;
  return {
    ...removed,
    ...o.cloud,
    DEPLOY_ENVIRONMENT: v.environment,
    DEPLOY_REF: v.ref,
    DEPLOY_SHA: v.sha,
    DEPLOY_ID: String(v.deploymentId),
    PREVIOUS_SHA: v.previousSha ?? '',
    DEPLOY_ENVIRONMENT_URL: v.environmentUrl ?? '',
    DEPLOY_LOG_URL: v.logUrl,
    DEPLOY_ATTEMPT: String(attempt),
    DEPLOY_ROLLBACK: v.rollback ? 'true' : 'false',
    DEPLOY_FAILED_SHA: v.rollback?.failedSha ?? '',
  };
}

/** Whether a failed attempt may run again: only a listed exit code, only while retries remain. */
export function mayRetry(exitCode: number | null | undefined, attempt: number, retries: number, retryOn: readonly number[]): boolean {
  return typeof exitCode === 'number' && attempt <= retries && retryOn.includes(exitCode);
}

/** Between attempts: 1 s doubling to 30 s, equal jitter. */
export function retryDelay(attempt: number, random: () => number = Math.random): number {
  const cap = Math.min(30_000, 1000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(cap / 2 + (Math.min(1, Math.max(0, random())) * cap) / 2);
}

export async function runDeployScript(script: string, values: ScriptValues, o: ScriptOptions): Promise<ScriptOutcome> {
  // Loaded when a script runs: node:child_process stays off the start path (input validation).
  const run = o.run ?? (await import('../../../shared/exec.ts')).runScript;
  for (let attempt = 1; ; attempt++) {
    o.signal?.throwIfAborted();
    let cloud: Record<string, string> = {};
    try {
      cloud = o.cloudEnv ? await o.cloudEnv() : {};
    } catch (error) {
      o.signal?.throwIfAborted();
      // Not run without the credentials it was promised; a failed attempt like any other (not retried).
      const why = `could not get cloud credentials for attempt ${attempt}: ${messageOf(error)}`;
      o.log(`script attempt ${attempt} not started: ${why}`);
      return { ok: false, attempts: attempt, error: why, exitCode: undefined };
    }
    try {
      await run(script, {
        cwd: o.cwd,
        env: scriptEnv(values, attempt, { cloud, oidc: o.oidc ?? false }),
        timeoutMs: o.timeoutMs,
        ...(o.signal ? { signal: o.signal } : {}),
        ...(o.redactor ? { redactor: o.redactor } : {}),
      });
      return { ok: true, attempts: attempt, error: undefined, exitCode: 0 };
    } catch (error) {
      o.signal?.throwIfAborted();
      const exec = error instanceof ExecError ? error : undefined;
      const why = exec ? describeExit(exec, o.timeoutMs) : messageOf(error);
      if (!mayRetry(exec?.exitCode, attempt, o.retries, o.retryOn)) {
        const note = exec && typeof exec.exitCode === 'number' && o.retries > 0 && attempt <= o.retries ? ` (not retried: exit code ${exec.exitCode} is not in retry-on-exit-codes)` : '';
        o.log(`script attempt ${attempt} failed: ${why}${note}`);
        return { ok: false, attempts: attempt, error: why, exitCode: exec?.exitCode };
      }
      const delay = retryDelay(attempt, o.random);
      o.log(`script attempt ${attempt}/${o.retries + 1} failed: ${why}; retrying in ${formatDuration(delay)}`);
      o.onRetry?.();
      await o.clock.sleep(delay, o.signal);
    }
  }
}

function describeExit(e: ExecError, timeoutMs: number): string {
  if (e.timedOut) return `timed out after ${formatDuration(timeoutMs)} (timeout)`;
  if (e.signal) return `killed by ${e.signal}`;
  return `exited with code ${e.exitCode}`;
}

// ---------------------------------------------------------------------------------------------
// Step

/** The deployment the script works on, and the sha that was live before it (when trusted). */
export interface ScriptTarget {
  readonly deploymentId: number;
  readonly ref: string;
  readonly sha: string;
  readonly previousSha: string | undefined;
}

/** Runs `run` for the deployment — or, for a rollback, `rollback-run` (else `run`) for the sha rolled back to. */
export async function runFor(run: DeployRun, target: ScriptTarget, rollback?: { failedSha: string }): Promise<ScriptOutcome> {
  const { settings, ctx } = run;
  const values: ScriptValues = {
    environment: settings.environment,
    ref: target.ref,
    sha: target.sha,
    deploymentId: target.deploymentId,
    previousSha: target.previousSha,
    environmentUrl: settings.environmentUrl,
    logUrl: run.job.runUrl,
    rollback,
  };
  return runDeployScript(rollback ? (settings.rollbackRun ?? settings.run) : settings.run, values, {
    retries: settings.retries,
    retryOn: settings.retryOnExitCodes,
    timeoutMs: settings.timeout,
    cwd: run.job.workspace,
    clock: run.clock,
    random: run.random,
    signal: ctx.signal,
    redactor: ctx.redactor,
    log: (line) => ctx.log.info(line),
    onRetry: () => {
      ctx.stats.retries += 1;
    },
    cloudEnv: () => run.cloud.env(),
    oidc: settings.scriptOidc,
  });
}
