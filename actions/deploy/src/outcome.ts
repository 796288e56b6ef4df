import * as core from '@actions/core';
import { messageOf } from '../../../shared/errors.ts';
import type { MainResult } from '../../../shared/run-action.ts';
import type { GateResult } from './health.ts';
import type { EnvironmentView, Observed } from './environment.ts';
import { shortSha } from './job.ts';
import { lockHolders } from './lock.ts';
import { closeRecord } from './record.ts';
import type { Session } from './session.ts';

/**
 * How a deploy ends — success, skipped, rolled-back or failure — and what it leaves behind: the
 * final status of the record, the step's outputs and the job summary.
 */

export type DeployStatus = 'success' | 'failure' | 'rolled-back' | 'skipped';

/** The live deployment when it already is this sha (and nobody is replacing it right now): nothing to do. */
export function liveAlready(s: Session, view: EnvironmentView): Observed | undefined {
  const active = view.active;
  if (!s.settings.skipIfDeployed || s.sha === undefined || active === undefined) return undefined;
  if (active.deployment.sha.toLowerCase() !== s.sha) return undefined;
  if (s.settings.lock !== 'off' && lockHolders(view, s.clock.now()).holders.length > 0) return undefined;
  return active;
}

export function skip(s: Session, live: Observed): MainResult {
  const f = s.report.facts;
  f.status = 'skipped';
  f.deploymentId = live.deployment.id;
  f.sha = live.deployment.sha;
  f.previousSha = live.deployment.sha;
  f.environmentUrl = live.status?.environmentUrl || s.settings.environmentUrl?.href;
  s.report.tell(
    `${shortSha(live.deployment.sha)} is already live in '${s.settings.environment}' (deployment ${live.deployment.id}, since ${live.status?.createdAt ?? 'unknown'}); nothing was deployed (skip-if-deployed).`,
  );
  s.ctx.log.info(`skipped: ${live.deployment.sha} is already the active deployment ${live.deployment.id} of '${s.settings.environment}'`);
  return { outcome: 'skipped', attempts: 0 };
}

export async function succeed(s: Session, gate: GateResult | undefined): Promise<MainResult> {
  const url = s.settings.environmentUrl?.href;
  const checks = gate ? `health gate passed (${gate.consecutive} consecutive)` : 'no health gate';
  await s.report.phase('Final status', () => closeRecord(s, 'success', `Deployed ${shortSha(s.sha)}; ${checks}`, url));
  s.report.facts.status = 'success';
  s.report.facts.environmentUrl = url;
  s.report.tell(`${shortSha(s.sha)} is live in '${s.settings.environment}'${gate ? ` and passed its health gate in ${gate.checks.length} checks` : ' (no health-url: the script\'s exit code was the only check)'}.`);
  return { outcome: 'success', attempts: s.attempts };
}

/** Ends as `failure` or `rolled-back`; the step fails either way, with `message`. */
export function failed(s: Session, status: 'failure' | 'rolled-back', message: string): MainResult {
  s.report.facts.status = status;
  return { outcome: status, attempts: s.attempts, failure: message };
}

/** Outputs and summary, whatever happened (an exception included). */
export async function finish(s: Session, error?: unknown): Promise<void> {
  const f = s.report.facts;
  if (error !== undefined) {
    f.status = 'failure';
    s.report.tell(`Stopped: ${messageOf(error).split('\n')[0] ?? ''}`);
  }
  f.attempts = s.attempts;
  f.durationMs = s.clock.now() - s.startedAt;
  const outputs: Record<string, string> = {
    'deployment-id': f.deploymentId === undefined ? '' : String(f.deploymentId),
    status: f.status ?? 'failure',
    'environment-url': f.environmentUrl ?? '',
    'previous-sha': f.previousSha ?? '',
    attempts: String(s.attempts),
    'duration-ms': String(Math.max(0, Math.round(f.durationMs))),
  };
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value);
  try {
    await s.report.write(s.ctx.redactor);
  } catch (e) {
    s.ctx.log.warning(`could not write the job summary: ${messageOf(e)}`);
  }
}
