import * as core from '@actions/core';
import { causeChain, messageOf } from '../../../shared/errors.ts';
import { formatDuration } from '../../../shared/log.ts';
import type { MainResult } from '../../../shared/run-action.ts';
import { closeRecord, type OpenedRecord } from './deployment-record.ts';
import type { EnvironmentView, Observed } from './environment.ts';
import type { GateResult } from './health-check.ts';
import { shortSha } from './job.ts';
import { lockCandidates, lockHolders } from './lock.ts';
import type { Promotion } from './promotion.ts';
import type { DeployRun } from './run-context.ts';
import type { StoppedBy } from './state-keys.ts';
import { writtenBy } from './trust.ts';

/**
 * How a deploy ends — success, skipped, rolled-back, failure or cancelled — and what it leaves
 * behind: the final status of the record, the step's outputs, the job summary and, when main could
 * not close the record, a word for the post step on why.
 */

export type DeployStatus = 'success' | 'failure' | 'rolled-back' | 'skipped' | 'cancelled';

/** What main has learned so far; each step's result is added to a new one (main.ts). */
export interface Progress {
  /** What is deployed: the `ref` input, or the sha a promotion found live in the source environment. */
  readonly ref: string;
  /** Known once the ref is a full sha, a promotion settled it, or GitHub created the record. */
  readonly sha: string | undefined;
  readonly promotion: Promotion | undefined;
  readonly record: OpenedRecord | undefined;
  /** The environment's live deployment before this one, when this suite wrote it with this token: PREVIOUS_SHA, and the rollback candidate. */
  readonly previous: Observed | undefined;
  /** Attempts of the deploy script. */
  readonly attempts: number;
}

export interface Ending {
  readonly status: DeployStatus;
  readonly progress: Progress;
  /** Fails the step, with this message. */
  readonly failure: string | undefined;
  /** The record the outputs name (the live one when skipped). */
  readonly deploymentId: number | undefined;
  readonly environmentUrl: string | undefined;
}

/** The live deployment when it already is this sha, this suite wrote it with this token, and nobody is replacing it right now: nothing to do. */
export async function liveAlready(run: DeployRun, view: EnvironmentView, progress: Progress): Promise<Observed | undefined> {
  const active = view.active;
  if (!run.settings.skipIfDeployed || progress.sha === undefined || active === undefined) return undefined;
  if (active.deployment.sha.toLowerCase() !== progress.sha) return undefined;
  const me = await run.identity();
  if (!writtenBy(active.deployment, me)) {
    run.ctx.log.info(`skip-if-deployed: deployment ${active.deployment.id} says ${shortSha(progress.sha)} is live, but this suite did not record it with this token; deploying anyway`);
    return undefined;
  }
  if (run.settings.lock !== 'off' && lockHolders(lockCandidates(view), run.clock.now(), (d) => writtenBy(d, me)).holders.length > 0) return undefined;
  return active;
}

export function skipped(run: DeployRun, progress: Progress, live: Observed): Ending {
  run.summary.tell(
    `${shortSha(live.deployment.sha)} is already live in '${run.settings.environment}' (deployment ${live.deployment.id}, since ${live.status?.createdAt ?? 'unknown'}); nothing was deployed (skip-if-deployed).`,
  );
  run.ctx.log.info(`skipped: ${live.deployment.sha} is already the active deployment ${live.deployment.id} of '${run.settings.environment}'`);
  return {
    status: 'skipped',
    progress: { ...progress, sha: live.deployment.sha, previous: live },
    failure: undefined,
    deploymentId: live.deployment.id,
    environmentUrl: live.status?.environmentUrl || run.settings.environmentUrl,
  };
}

export async function succeeded(run: DeployRun, progress: Progress & { record: OpenedRecord }, gate: GateResult | undefined): Promise<Ending> {
  const url = run.settings.environmentUrl;
  const sha = progress.record.deployment.sha;
  const checks = gate ? `health gate passed (${gate.consecutive} consecutive)` : 'no health gate';
  await run.summary.phase('Final status', () => closeRecord(run, progress.record, 'success', `Deployed ${shortSha(sha)}; ${checks}`, url));
  run.summary.tell(
    `${shortSha(sha)} is live in '${run.settings.environment}'${gate ? ` and passed its health gate in ${gate.checks.length} checks` : " (no health-url: the script's exit code was the only check)"}.`,
  );
  return { status: 'success', progress, failure: undefined, deploymentId: progress.record.deployment.id, environmentUrl: url };
}

/** An exception ended the deploy: cancelled, or failed — and why, for the post step. */
export function stopped(run: DeployRun, progress: Progress, error: unknown): Ending {
  const cancelled = run.ctx.signal.aborted;
  run.summary.tell(`${cancelled ? 'Cancelled' : 'Stopped'}: ${messageOf(error).split('\n')[0] ?? ''}`);
  if (progress.record && !cancelled) run.state.save('stopped-by', stoppedBy(error));
  return { status: cancelled ? 'cancelled' : 'failure', progress, failure: undefined, deploymentId: progress.record?.deployment.id, environmentUrl: run.settings.environmentUrl };
}

function stoppedBy(error: unknown): StoppedBy {
  const chain = causeChain(error);
  // By name, not instanceof: shared/github.ts (Octokit) stays out of this chunk until a call is made.
  const api = chain.filter((e): e is Error & { outOfTime?: unknown } => e instanceof Error && e.name === 'GitHubApiError');
  if (api.some((e) => e.outOfTime === true)) return 'api-timeout';
  if (api.length > 0) return 'api-error';
  return 'error';
}

/** Outputs and summary, whatever happened; the step's result for run-action. */
export async function finish(run: DeployRun, ending: Ending): Promise<MainResult> {
  const { progress } = ending;
  const durationMs = Math.max(0, Math.round(run.clock.now() - run.startedAt));
  const previousSha = progress.previous?.deployment.sha;
  const outputs: Record<string, string> = {
    'deployment-id': ending.deploymentId === undefined ? '' : String(ending.deploymentId),
    status: ending.status,
    'environment-url': ending.environmentUrl ?? '',
    'previous-sha': previousSha ?? '',
    attempts: String(progress.attempts),
    'duration-ms': String(durationMs),
  };
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value);
  try {
    await run.summary.write(run.ctx.redactor, {
      environment: run.settings.environment,
      status: ending.status,
      sha: progress.record?.deployment.sha ?? progress.sha,
      ref: progress.ref,
      previousSha,
      promotedFrom: progress.promotion && `${progress.promotion.source} (deployment ${progress.promotion.deploymentId}, live for ${formatDuration(progress.promotion.liveForMs)})`,
      deploymentId: ending.deploymentId,
      environmentUrl: ending.environmentUrl,
      attempts: ending.status === 'skipped' ? undefined : progress.attempts,
      durationMs,
    });
  } catch (e) {
    run.ctx.log.warning(`could not write the job summary: ${messageOf(e)}`);
  }
  return { outcome: ending.status, attempts: progress.attempts, ...(ending.failure ? { failure: ending.failure } : {}) };
}
