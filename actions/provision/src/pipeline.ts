import * as core from '@actions/core';
import { writeFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { messageOf } from '../../../shared/errors.ts';
import type { GitHub } from '../../../shared/github.ts';
import type { CloudCredentials } from '../../../shared/oidc/with-cloud.ts';
import type { ActionContext, MainResult } from '../../../shared/run-action.ts';
import type { State } from '../../../shared/state.ts';
import { appendSummary } from '../../../shared/summary.ts';
import { postComment } from './comment.ts';
import { planDigest, sameDigest } from './digest.ts';
import { syncDriftIssue } from './drift-issue.ts';
import { FIX, ProvisionFailure } from './failure.ts';
import { TempFiles } from './files.ts';
import { guard } from './guard.ts';
import type { ProvisionSettings } from './inputs.ts';
import type { JobContext } from './job.ts';
import { readPlanFile, writePlanFile } from './plan-file.ts';
import { commentBody, jobSummary, md, type Outcome, type Rendering } from './report.ts';
import type { StateKey } from './state-keys.ts';
import { countChanges, hasChanges, SUMMARY_SCHEMA, type DriftEntry, type PlanSummary } from './summary.ts';
import { openTool } from './tools/index.ts';
import type { ApplyResult, ToolContext, ToolPlan, ToolRunner } from './tools/types.ts';

/**
 * The named steps main.ts strings together, loaded after input validation (with the tools, the
 * parsers and the GitHub client they pull in), so the bundle's start path stays small. Each step
 * takes the pipeline's fixed context and returns what it learned.
 */

export interface Pipeline {
  readonly ctx: ActionContext;
  readonly settings: ProvisionSettings;
  readonly job: JobContext;
  readonly files: TempFiles;
  readonly tool: ToolContext;
  /** The GitHub client, created on first use (only comments and drift issues need it). */
  readonly github: () => Promise<GitHub>;
}

export function open(ctx: ActionContext, settings: ProvisionSettings, job: JobContext, state: State<StateKey>, cloud: CloudCredentials): Pipeline {
  const files = new TempFiles(job.runnerTemp, job.workspace, state);
  let client: Promise<GitHub> | undefined;
  return {
    ctx,
    settings,
    job,
    files,
    tool: { ctx, settings, job, files, cloud, state },
    github: () =>
      (client ??= import('../../../shared/github.ts').then(({ createGitHub }) =>
        createGitHub({ token: settings.githubToken, apiTimeoutMs: settings.apiTimeout, stats: ctx.stats, retry: { signal: ctx.signal, log: (line) => ctx.log.info(line) } }),
      )),
  };
}

export async function prepare(p: Pipeline): Promise<ToolRunner> {
  const tool = await openTool(p.tool);
  await p.ctx.log.group(`Prepare ${p.settings.tool}`, () => tool.prepare());
  return tool;
}

/** The plan summary of a tool plan: guard verdict, counts and digest (keyed when a key is set). */
export function review(p: Pipeline, tool: ToolRunner, plan: ToolPlan, drift: readonly DriftEntry[] = plan.drift): PlanSummary {
  const { settings } = p;
  const g = guard(plan.changes, { maxDestroy: settings.maxDestroy, protectedResources: settings.protectedResources ?? [] });
  const summary: PlanSummary = {
    schema: SUMMARY_SCHEMA,
    tool: settings.tool,
    tool_version: plan.toolVersion || tool.version(),
    format_version: plan.formatVersion,
    command: settings.command,
    working_directory: settings.workingDirectory,
    workspace: settings.workspace ?? 'default',
    status: plan.errored ? 'errored' : 'no-changes',
    complete: plan.complete,
    counts: countChanges(g.changes, drift, plan.outputs),
    changes: g.changes,
    drift: [...drift],
    outputs: [...plan.outputs],
    diagnostics: [...plan.diagnostics],
    deferred: [...plan.deferred],
    guard: g.report,
    digest: planDigest(plan.changeSet, settings.planEncryptionKey),
    truncated: false,
  };
  if (!plan.errored && hasChanges(summary)) summary.status = 'changes';
  return summary;
}

/** Writes the plan file (sealed when plan-encryption-key is set); returns the path to show and output. */
export async function savePlan(p: Pipeline, plan: ToolPlan, summary: PlanSummary): Promise<{ shown: string; encrypted: boolean }> {
  const { settings, job, ctx } = p;
  const target = settings.planFile !== undefined ? join(job.workspace, settings.planFile) : join(job.runnerTemp, `provision-${job.runId}-${job.runAttempt}-${process.pid}.plan`);
  const key = settings.planEncryptionKey;
  const rel = relative(job.workspace, target);
  if (key === undefined && !rel.startsWith('..') && !isAbsolute(rel)) {
    ctx.log.warning(`The plan file ${settings.planFile} is not encrypted: plans hold variables and sensitive values in clear, and an artifact is readable by anyone who can read the repository. Set plan-encryption-key to seal it.`);
  }
  writePlanFile(
    target,
    { tool: settings.tool, working_directory: settings.workingDirectory, workspace: summary.workspace, digest: summary.digest ?? '', created_at: new Date().toISOString() },
    plan.artifact,
    key,
  );
  return { shown: settings.planFile ?? target, encrypted: key !== undefined };
}

export function planned(p: Pipeline, summary: PlanSummary, plan: ToolPlan, saved: { shown: string; encrypted: boolean }): Outcome {
  const base = { summary, planFile: saved.shown, encrypted: saved.encrypted, exitCode: plan.exitCode, notes: [], attempts: 1 };
  if (summary.guard?.verdict === 'blocked') {
    return { ...base, failure: { reason: 'destroy-blocked', message: `destructive changes blocked: ${summary.guard.reasons.join('; ')}. Allow them in the workflow (max-destroy, protected-resources) if they are intended.` } };
  }
  return base;
}

/** The reviewed plan: from the plan file (decrypted, checked to be for this tool, directory and workspace) or, for Ansible without one, a check run now. */
export async function loadReviewed(p: Pipeline, tool: ToolRunner): Promise<{ plan: ToolPlan; fromFile: boolean }> {
  const { settings, job } = p;
  if (settings.planFile === undefined) return { plan: await tool.plan('normal'), fromFile: false };
  const { meta, plan } = readPlanFile(join(job.workspace, settings.planFile), settings.planEncryptionKey);
  const workspace = settings.workspace ?? 'default';
  const mismatch = [
    meta.tool !== settings.tool ? `tool ${meta.tool}, not ${settings.tool}` : '',
    meta.working_directory !== settings.workingDirectory ? `working-directory ${meta.working_directory}, not ${settings.workingDirectory}` : '',
    meta.workspace !== workspace && settings.tool !== 'ansible' ? `workspace ${meta.workspace}, not ${workspace}` : '',
  ].filter(Boolean);
  if (mismatch.length > 0) throw new ProvisionFailure('plan-changed', `The plan file was made for another target (${mismatch.join('; ')}): nothing was applied`);
  return { plan: await tool.reviewed(plan), fromFile: true };
}

/** Before apply: the plan is the reviewed one (digest) and passes the guard again. */
export function refuse(p: Pipeline, summary: PlanSummary): Outcome | undefined {
  const expected = p.settings.planDigest;
  const base = { summary, ...planFileOf(p), notes: [], attempts: 0, applied: [] };
  if (expected !== undefined && !sameDigest(summary.digest ?? '', expected)) {
    return {
      ...base,
      failure: {
        reason: 'plan-changed',
        message: `the plan's digest is ${summary.digest}, not the reviewed ${expected}: it is not the plan that was reviewed (or plan-encryption-key differs). Nothing was applied.`,
      },
    };
  }
  if (summary.guard?.verdict === 'blocked') {
    return { ...base, failure: { reason: 'destroy-blocked', message: `destructive changes blocked in the reviewed plan: ${summary.guard.reasons.join('; ')}. Nothing was applied.` } };
  }
  return undefined;
}

export function applied(p: Pipeline, summary: PlanSummary, result: ApplyResult): Outcome {
  return { summary, ...planFileOf(p), exitCode: result.exitCode, applied: result.applied, notes: result.notes, attempts: result.attempts };
}

const planFileOf = (p: Pipeline): { planFile?: string } => (p.settings.planFile !== undefined ? { planFile: p.settings.planFile } : {});

/** A run's failure as an outcome to publish; anything that is not a ProvisionFailure is rethrown. */
export function failed(p: Pipeline, error: unknown, summary?: PlanSummary): Outcome {
  if (!(error instanceof ProvisionFailure)) throw error;
  return {
    ...(summary ? { summary } : {}),
    ...planFileOf(p),
    ...(error.exitCode !== undefined ? { exitCode: error.exitCode } : {}),
    ...(error.applied ? { applied: error.applied } : {}),
    ...(error.notApplied ? { notApplied: error.notApplied } : {}),
    notes: [],
    attempts: 1,
    failure: { reason: error.reason, message: error.message, ...(error.lockInfo ? { lockInfo: error.lockInfo } : {}) },
  };
}

/**
 * Drift: reality ≠ state, kept apart from pending changes (configuration ≠ state). Terraform: a
 * refresh-only plan for the drift, a plan without refresh for what is pending. Ansible: a check run
 * — every task that would change (or might) is drift from the playbook.
 */
export async function detectDrift(p: Pipeline, tool: ToolRunner): Promise<Outcome> {
  if (p.settings.tool === 'ansible') {
    const check = await tool.plan('normal');
    const drift: DriftEntry[] = check.changes.map((c) => ({ address: c.address, type: c.type, action: c.action === 'delete' ? 'delete' : c.action === 'unknown' ? 'unknown' : 'update', changed_paths: [] }));
    const summary = review(p, tool, { ...check, changes: [] }, drift);
    return { summary, exitCode: check.exitCode, notes: [], attempts: 1 };
  }
  const refreshOnly = await tool.plan('refresh-only');
  const pending = await tool.plan('no-refresh');
  const summary = review(p, tool, pending, refreshOnly.drift);
  return { summary, exitCode: refreshOnly.exitCode, notes: [], attempts: 2 };
}

function marker(kind: 'plan' | 'drift', parts: readonly string[]): string {
  return `<!-- actions-suite:provision:${kind} ${planDigest(parts).slice('sha256:'.length, 'sha256:'.length + 16)} -->`;
}

/** annotation: a warning; issue: the drift issue opened, updated or closed; fail: the step fails when there is drift. */
export async function alert(p: Pipeline, o: Outcome): Promise<Outcome> {
  const { settings, ctx, job } = p;
  const s = o.summary;
  const drifted = (s?.drift.length ?? 0) > 0;
  const where = `${settings.workingDirectory}${settings.tool === 'ansible' ? '' : ` (workspace ${settings.workspace ?? 'default'})`}`;
  const list = (s?.drift ?? []).slice(0, 10).map((d) => `${d.address} (${d.action === 'delete' ? 'deleted' : d.action === 'unknown' ? 'might change' : 'changed'})`);
  if (drifted) ctx.log.warning(`Drift in ${where}: ${list.join(', ')}${(s?.drift.length ?? 0) > 10 ? ', …' : ''}`, undefined, { title: 'provision: drift' });
  if (settings.alert === 'fail' && drifted) return { ...o, failure: { reason: 'drift', message: `drift found in ${s?.drift.length} resource(s) of ${where}` } };
  if (settings.alert !== 'issue' || !s) return o;
  const render: Rendering = { command: 'drift', tool: settings.tool, dir: settings.workingDirectory, workspace: s.workspace };
  const issueMarker = marker('drift', [`${job.owner}/${job.repo}`, settings.workingDirectory, s.workspace]);
  try {
    const result = await syncDriftIssue(
      await p.github(),
      { owner: job.owner, repo: job.repo },
      {
        marker: issueMarker,
        title: `Drift in ${where}`.slice(0, 200),
        body: ctx.redactor.scrub(`${issueMarker}\n${jobSummary(o, { runUrl: job.runUrl, sha: job.sha }, render)}\n_Updated by provision (drift) on ${new Date().toISOString()}._`),
        drift: drifted,
        goneText: ctx.redactor.scrub(`No drift any more in ${md(where)} as of [this run](${job.runUrl}); closing.`),
        signal: ctx.signal,
      },
    );
    if (result.action === 'none') return o;
    ctx.log.info(`drift issue #${result.number} ${result.action}: ${result.url}`);
    return { ...o, issue: result };
  } catch (error) {
    // The drift was found: it is published (outputs, summary) before the step fails with GitHub's answer.
    return { ...o, issueError: error };
  }
}

/** Outputs, the summary file, the job summary and (plan, pull request) the PR comment; then the step's result. */
export async function publish(p: Pipeline, o: Outcome): Promise<MainResult> {
  const { settings, ctx, job } = p;
  const s = o.summary;
  const out = (name: string, value: string): void => core.setOutput(name, ctx.redactor.scrub(value));
  let summaryFile = '';
  if (s) {
    summaryFile = join(job.runnerTemp, `provision-summary-${job.runId}-${job.runAttempt}-${process.pid}.json`);
    writeFileSync(summaryFile, ctx.redactor.scrub(JSON.stringify(s, null, 2)));
  }
  const pending = s ? hasChanges(s) : false;
  out('changes', String(pending));
  out('plan-file', o.planFile ?? '');
  out('plan-digest', s?.digest ?? '');
  out('summary', s ? compact(s) : '');
  out('summary-file', summaryFile);
  out('exit-code', o.exitCode === undefined ? '' : String(o.exitCode));
  out('to-add', String(s?.counts.add ?? 0));
  out('to-change', String(s?.counts.change ?? 0));
  out('to-destroy', String(s?.counts.destroy ?? 0));
  out('to-replace', String(s?.counts.replace ?? 0));
  out('failure-reason', o.failure?.reason ?? '');
  out('lock-info', o.failure?.lockInfo ? JSON.stringify(o.failure.lockInfo) : '');
  out('drift', String((s?.drift.length ?? 0) > 0));

  const render: Rendering = { command: settings.command, tool: settings.tool, dir: settings.workingDirectory, workspace: settings.workspace ?? 'default' };
  const rctx = { runUrl: job.runUrl, sha: job.sha };
  try {
    await appendSummary(ctx.redactor, jobSummary(o, rctx, render));
  } catch (error) {
    ctx.log.warning(`could not write the job summary: ${messageOf(error)}`);
  }
  if (settings.command === 'plan' && job.pullRequest !== undefined && settings.comment !== 'off' && s) {
    const base = marker('plan', [settings.tool, settings.workingDirectory, settings.workspace ?? 'default']);
    const commentMarker = settings.comment === 'new' ? base.replace(' -->', ` run ${job.runId}/${job.runAttempt} -->`) : base;
    try {
      const gh = await p.github();
      const posted = await postComment(
        gh,
        { owner: job.owner, repo: job.repo, issue: job.pullRequest },
        { marker: commentMarker, body: ctx.redactor.scrub(commentBody(commentMarker, o, rctx, render)), mode: settings.comment, signal: ctx.signal },
      );
      ctx.log.info(`plan ${posted.action === 'created' ? 'posted to' : 'updated on'} pull request #${job.pullRequest}: ${posted.url}`);
    } catch (error) {
      // The client's message names the permission a refusal lacks, or says GitHub did not answer.
      ctx.log.warning(`could not post the plan to pull request #${job.pullRequest}: ${messageOf(error)}`);
    }
  }
  if (o.issueError !== undefined) {
    // Thrown, not reported: the job summary then shows the failed call (request, status, request id) and the permission it needs.
    throw new Error('Failed to update the drift issue (the drift is in the outputs and the summary above)', { cause: o.issueError });
  }
  if (o.failure) {
    const reason = o.failure.reason;
    if (reason === 'cancelled') return { outcome: 'cancelled', attempts: o.attempts, failure: o.failure.message };
    return { outcome: 'failure', attempts: o.attempts, failure: o.failure.message, fix: FIX[reason] };
  }
  return { outcome: 'success', attempts: o.attempts };
}

/** The summary output: all of it when small; past 64 KB without the per-change lists (the summary file has them). */
function compact(s: PlanSummary): string {
  const full = JSON.stringify(s);
  if (full.length <= 65_536) return full;
  return JSON.stringify({ ...s, changes: [], drift: [], outputs: [], diagnostics: s.diagnostics.slice(0, 20), truncated: true });
}

export function close(p: Pipeline): void {
  try {
    p.files.removeAll();
  } catch (error) {
    p.ctx.log.warning(`could not remove the temporary files (the post step tries again): ${messageOf(error)}`);
  }
}
