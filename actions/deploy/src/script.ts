import type { Clock } from '../../../shared/clock.ts';
import { ExecError, messageOf } from '../../../shared/errors.ts';
import type { ExecOptions, runScript } from '../../../shared/exec.ts';
import { formatDuration } from '../../../shared/log.ts';
import type { Observed } from './environment.ts';
import type { Session } from './session.ts';

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
  /** Cloud credentials' variables, fetched right before each attempt (refreshed when near expiry); see shared/oidc/with-cloud.ts. */
  cloudEnv?: () => Promise<Record<string, string>>;
  /** Seam for tests; default shared/exec's runScript. */
  run?: typeof runScript;
}

/**
 * What the script sees. INPUT_* of this step (the token among them) are removed: the script gets
 * DEPLOY_* instead, and with `cloud` the credentials' variables (AWS_…, GOOGLE_… and CLOUDSDK_…,
 * AZURE_…, VAULT_…), which override any inherited from earlier steps.
 *
 * ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN are left inherited, cloud or not: they are present only when
 * the job grants `id-token: write`, and then the workflow's own `run:` steps get them anyway, so
 * removing them here would protect nothing and would break scripts that request their own OIDC
 * token (e.g. a tool with its own workload identity federation).
 */
export function scriptEnv(
  v: ScriptValues,
  attempt: number,
  parent: NodeJS.ProcessEnv = process.env,
  cloud: Record<string, string> = {},
): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const name of Object.keys(parent)) if (name.startsWith('INPUT_')) env[name] = undefined;
  return {
    ...env,
    ...cloud,
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
        env: scriptEnv(values, attempt, process.env, cloud),
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

/** Runs `run` for the deployment — or, for a rollback, `rollback-run` (else `run`) for the sha rolled back to. */
export async function runFor(s: Session, rollback?: { to: Observed; failedSha: string }): Promise<ScriptOutcome> {
  const { settings } = s;
  const deployment = s.deployment;
  if (!deployment) throw new Error('runFor: no deployment record yet');
  const sha = rollback ? rollback.to.deployment.sha : deployment.sha;
  const values: ScriptValues = {
    environment: settings.environment,
    ref: rollback ? sha : s.ref,
    sha,
    deploymentId: deployment.id,
    previousSha: s.previous?.deployment.sha,
    environmentUrl: settings.environmentUrl?.href,
    logUrl: s.job.runUrl,
    rollback: rollback ? { failedSha: rollback.failedSha } : undefined,
  };
  return runDeployScript(rollback ? (settings.rollbackRun ?? settings.run) : settings.run, values, {
    retries: settings.retries,
    retryOn: (settings.retryOnExitCodes ?? []).map(Number),
    timeoutMs: settings.timeout,
    cwd: s.job.workspace,
    clock: s.clock,
    random: s.random,
    signal: s.ctx.signal,
    redactor: s.ctx.redactor,
    log: (line) => s.ctx.log.info(line),
    onRetry: () => {
      s.ctx.stats.retries += 1;
    },
    cloudEnv: () => s.cloud.env(),
  });
}
