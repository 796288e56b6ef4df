// Workflow-level runner: executes a workflow's jobs the way GitHub runs them, against the GitHub
// emulator — the trigger's inputs (workflow_dispatch forms, workflow_call `with:` and `secrets:`),
// `needs` order and outputs, job `if:`, permissions (a called workflow never gets more than its
// caller job), environments (protection, their secrets and variables, GitHub's own deployment
// record unless `deployment: false`), the OIDC token's claims for each job, and reusable workflow
// calls (local and remote) with their outputs. Jobs run one after another (GitHub may run
// independent jobs at once; nothing in our workflows depends on that). See README.md.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { interpolate, evaluateCondition, toStr, type ExpressionContext, type Value } from '../runner/expressions.ts';
import { environmentNames, JobDeployment, protectionOf, scopeValues } from './environment.ts';
import { callInputs, callSecrets, dispatchInputs, WorkflowCallError } from './inputs.ts';
import { runJob } from './job.ts';
import { loadWorkflow, workflowCall, workflowDispatch, type JobDef, type Scalar, type WorkflowDef } from './load.ts';
import { effectivePermissions, granted, type Effective } from './permissions.ts';
import { resolveWorkflow } from './resolve.ts';
import type { GitHubEmulator } from '../github/index.ts';
import type { ArtifactRecord, AttestationRecord, JobConclusion, JobRecord, RepoAtCommit, RunWorkflowOptions, WorkflowRunResult } from './types.ts';

export type * from './types.ts';
export { STAND_INS } from './stand-ins/index.ts';

/** The login GitHub's own deployment records carry; its token is seeded in the emulator once. */
const BOT_TOKEN = 'ghs_githubActionsJobDeploymentBot00000000';
/** Runs started against each emulator: every run gets its own run_id and run_number, as on GitHub. */
const runsOf = new WeakMap<GitHubEmulator, number>();

interface RunState {
  opts: RunWorkflowOptions;
  root: string;
  jobs: JobRecord[];
  artifacts: ArtifactRecord[];
  attestations: AttestationRecord[];
  masked: Set<string>;
  jobCounter: number;
  repos: RepoAtCommit[];
  github: Record<string, unknown>;
  repoSecrets: Record<string, string>;
  repoVars: Record<string, string>;
}

interface FileCall {
  wf: WorkflowDef;
  repo: RepoAtCommit;
  path: string;
  /** owner/repo/path@ref of this file (job_workflow_ref). */
  ref: string;
  inputs: Record<string, Value>;
  secrets: Record<string, string>;
  /** 'caller-job' for a called workflow (job names become 'caller-job / job'). */
  prefix: string;
  /** The calling job's permissions: the cap, and what jobs without their own inherit. */
  cap: Effective | undefined;
}

const ctxOf = (contexts: Record<string, unknown>, status: 'success' | 'failure' = 'success'): ExpressionContext => ({ github: {}, runner: {}, env: {}, jobStatus: status, contexts });

function evalScalar(v: Scalar | undefined, contexts: Record<string, unknown>): Value {
  return typeof v === 'string' ? interpolate(v, ctxOf(contexts)) : (v ?? null);
}

/** Jobs in an order that respects `needs` (declaration order otherwise); a cycle or unknown need fails. */
function order(jobs: Record<string, JobDef>, file: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (id: string, path: string[]): void => {
    if (seen.has(id)) return;
    if (path.includes(id)) throw new Error(`${file}: jobs form a cycle: ${[...path, id].join(' → ')}`);
    const def = jobs[id];
    if (!def) throw new Error(`${file}: job '${path.at(-1)}' needs unknown job '${id}'`);
    for (const n of def.needs ?? []) visit(n, [...path, id]);
    seen.add(id);
    out.push(id);
  };
  for (const id of Object.keys(jobs)) visit(id, []);
  return out;
}

async function runFile(state: RunState, call: FileCall): Promise<{ result: JobConclusion; outputs: Record<string, string> }> {
  const base = { github: state.github, inputs: call.inputs, vars: state.repoVars };
  const wfEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(call.wf.env ?? {})) wfEnv[k] = toStr(evalScalar(v, { ...base, secrets: call.secrets, env: wfEnv }));
  const finished: Record<string, { result: JobConclusion; outputs: Record<string, string> }> = {};

  for (const id of order(call.wf.jobs, call.path)) {
    const def = call.wf.jobs[id]!;
    const name = `${call.prefix}${call.prefix ? ' / ' : ''}${def.name ?? id}`;
    const needs = Object.fromEntries((def.needs ?? []).map((n) => [n, finished[n]!]));
    const needResults = Object.values(needs).map((n) => n.result);
    const condition = def.if === undefined || def.if === null ? 'success()' : String(def.if);
    const usesStatus = /\b(always|success|failure|cancelled)\s*\(/.test(condition);
    const anyFailed = needResults.includes('failure');
    const allOk = needResults.every((r) => r === 'success');
    const runs = (usesStatus || allOk) && evaluateCondition(condition, ctxOf({ ...base, needs }, anyFailed ? 'failure' : 'success'));
    const record: JobRecord = { name, id, workflowRef: call.ref, result: 'skipped', outputs: {}, steps: [], permissions: {}, annotations: [], log: '', summary: '' };
    if (!runs) {
      state.jobs.push(record);
      finished[id] = { result: 'skipped', outputs: {} };
      continue;
    }
    try {
      const permissions = effectivePermissions(def.permissions, call.wf.permissions, call.cap, call.cap, name);
      record.permissions = granted(permissions);
      if (def.uses !== undefined) {
        const target = resolveWorkflow(def.uses, call.repo, state.repos);
        const wf = loadWorkflow(join(target.repo.dir, target.path));
        const decl = workflowCall(wf);
        if (!decl) throw new WorkflowCallError(`${def.uses} is not a reusable workflow (no on.workflow_call)`);
        const ctx = { ...base, needs };
        const given: Record<string, Value> = {};
        for (const [k, v] of Object.entries(def.with ?? {})) given[k] = evalScalar(v, ctx);
        const inputs = callInputs(decl, given, name, (d) => interpolate(d, ctxOf({ github: state.github })));
        const mapped = def.secrets === 'inherit' ? 'inherit' : Object.fromEntries(Object.entries(def.secrets ?? {}).map(([k, v]) => [k, toStr(evalScalar(v, { ...ctx, secrets: call.secrets }))]));
        const secrets = callSecrets(decl, mapped, call.secrets, name);
        for (const v of Object.values(secrets)) if (v) state.masked.add(v);
        const called = await runFile(state, { wf, repo: target.repo, path: target.path, ref: target.ref, inputs, secrets, prefix: name, cap: permissions });
        record.result = called.result;
        record.outputs = called.outputs;
      } else {
        await runStepsJob(state, call, id, def, name, needs, wfEnv, permissions, record);
      }
    } catch (e) {
      record.result = 'failure';
      record.error = (e as Error).message;
      record.log += `Error: ${(e as Error).message}\n`;
    }
    state.jobs.push(record);
    finished[id] = { result: record.result, outputs: record.outputs };
  }

  const results = Object.values(finished).map((f) => f.result);
  const result: JobConclusion = results.includes('failure') ? 'failure' : 'success';
  const outputs: Record<string, string> = {};
  for (const [k, o] of Object.entries(workflowCall(call.wf)?.outputs ?? {})) {
    outputs[k] = toStr(interpolate(o.value, ctxOf({ ...base, jobs: finished })));
  }
  return { result, outputs };
}

async function runStepsJob(
  state: RunState,
  call: FileCall,
  id: string,
  def: JobDef,
  name: string,
  needs: Record<string, { result: JobConclusion; outputs: Record<string, string> }>,
  wfEnv: Record<string, string>,
  permissions: Effective,
  record: JobRecord,
): Promise<void> {
  const { opts } = state;
  const em = opts.github;
  const repository = opts.repo.fullName;
  const jobId = ++state.jobCounter;
  const ctx = { github: state.github, inputs: call.inputs, vars: state.repoVars, needs };
  let secrets = { ...call.secrets };
  let vars = { ...state.repoVars };
  let deployment: JobDeployment | undefined;
  let envName: string | undefined;
  const logUrl = `${state.github['server_url']}/${repository}/actions/runs/${state.github['run_id']}/job/${jobId}`;

  // An environment whose name evaluates to '' is no environment (how workflows make it optional).
  const named = def.environment ? toStr(evalScalar(def.environment.name, ctx)) : '';
  if (def.environment && named !== '') {
    envName = named;
    const deploymentWanted = evalScalar(def.environment.deployment as Scalar, ctx);
    const withDeployment = !(deploymentWanted === false || deploymentWanted === 'false');
    record.environment = { name: envName, deployment: withDeployment };
    const protection = protectionOf(em, repository, envName);
    if (protection.reviewers) {
      const decision = opts.approvals?.[envName];
      if (decision !== 'approve') {
        throw new Error(decision === 'reject' ? `The deployment to '${envName}' was rejected by a required reviewer.` : `The job is waiting for a required reviewer of '${envName}', and nobody approved it.`);
      }
      record.log += `Required reviewers of '${envName}' approved the job.\n`;
    }
    if (protection.waitTimerMinutes > 0) record.log += `Wait timer of '${envName}': ${protection.waitTimerMinutes} minute(s) (not waited by the emulation).\n`;
    const own = scopeValues(em, { repo: repository, environment: envName });
    secrets = { ...secrets, ...own.secrets };
    vars = { ...vars, ...own.vars };
    if (withDeployment) {
      deployment = await JobDeployment.open(em, BOT_TOKEN, repository, envName, opts.repo.sha, logUrl);
      record.environment.deploymentId = deployment.id;
    }
  }

  // The job's OIDC token names this workflow file as job_workflow_ref (a called workflow's own).
  em.seed.oidc({
    repository,
    ref: String(state.github['ref']),
    sha: opts.repo.sha,
    environment: envName,
    actor: String(state.github['actor']),
    workflow: String(state.github['workflow']),
    eventName: String(state.github['event_name']),
    runId: String(state.github['run_id']),
    runAttempt: String(state.github['run_attempt']),
    claims: {
      workflow_ref: String(state.github['workflow_ref']),
      workflow_sha: opts.repo.sha,
      job_workflow_ref: call.ref,
      job_workflow_sha: call.repo.sha,
    },
  });

  secrets['GITHUB_TOKEN'] = opts.token;
  for (const v of Object.values(secrets)) if (v) state.masked.add(v);
  const root = mkdtempSync(join(state.root, 'job-'));
  const out = await runJob({
    id,
    name,
    def,
    contexts: { ...ctx, secrets, vars, env: wfEnv, strategy: {}, matrix: {} },
    runContext: {
      repository,
      sha: opts.repo.sha,
      ref: String(state.github['ref']),
      runId: String(state.github['run_id']),
      runNumber: String(state.github['run_number']),
      runAttempt: String(state.github['run_attempt']),
      job: id,
      workflow: String(state.github['workflow']),
      eventName: String(state.github['event_name']),
      actor: String(state.github['actor']),
      serverUrl: String(state.github['server_url']),
      apiUrl: em.url,
      workflowRef: String(state.github['workflow_ref']),
    },
    workflowRef: call.ref,
    workflowSha: call.repo.sha,
    permissions,
    github: em,
    token: opts.token,
    repos: state.repos,
    artifacts: state.artifacts,
    attestations: state.attestations,
    runnerEnv: { ...opts.runnerEnv, GITHUB_API_URL: em.url },
    stepTimeoutMs: opts.stepTimeoutMs ?? 120_000,
    secrets: Object.values(secrets),
    root,
  });
  for (const m of out.job.masks) state.masked.add(m);
  record.result = out.result;
  record.outputs = out.outputs;
  record.steps = out.steps;
  record.annotations = out.job.annotations;
  record.summary = out.summary;
  record.log += out.job.transcript.filter((t) => t.shown !== null).map((t) => `${t.shown}\n`).join('');
  if (record.environment && def.environment?.url) {
    record.environment.url = toStr(interpolate(def.environment.url, ctxOf(out.contexts)));
  }
  if (deployment) await deployment.status(out.result === 'success' ? 'success' : 'failure', record.environment?.url);
}

/** Runs a workflow file of `opts.repo` for `opts.event`; returns every job's record and the artifacts. */
export async function runWorkflow(opts: RunWorkflowOptions): Promise<WorkflowRunResult> {
  const em = opts.github;
  em.seed.token(BOT_TOKEN, { login: 'github-actions[bot]', canWriteSecrets: false });
  const root = mkdtempSync(join(tmpdir(), 'gha-workflow-'));
  const repository = opts.repo.fullName;
  const ref = opts.ref ?? opts.repo.refs?.find((r) => r.startsWith('refs/')) ?? 'refs/heads/main';
  const wf = loadWorkflow(join(opts.repo.dir, opts.workflow));
  const n = (runsOf.get(em) ?? 0) + 1;
  runsOf.set(em, n);
  const runId = opts.runId ?? String(4241 + n);
  const { secrets: repoSecrets, vars: repoVars } = scopeValues(em, { repo: repository });
  const github: Record<string, unknown> = {
    token: opts.token,
    repository,
    repository_owner: repository.split('/')[0],
    sha: opts.repo.sha,
    ref,
    ref_name: ref.replace(/^refs\/(heads|tags)\//, ''),
    ref_type: ref.startsWith('refs/tags/') ? 'tag' : 'branch',
    event_name: opts.event.name,
    event: opts.event.payload ?? (opts.event.name === 'workflow_dispatch' ? { inputs: opts.event.inputs ?? {}, ref } : { ref, after: opts.repo.sha }),
    run_id: runId,
    run_number: String(6 + n),
    run_attempt: opts.runAttempt ?? '1',
    actor: opts.actor ?? 'octocat',
    triggering_actor: opts.actor ?? 'octocat',
    server_url: 'https://github.com',
    api_url: em.url,
    graphql_url: `${em.url}/graphql`,
    workflow: wf.name ?? opts.workflow,
    workflow_ref: `${repository}/${opts.workflow}@${ref}`,
    workflow_sha: opts.repo.sha,
    retention_days: '90',
  };
  const state: RunState = {
    opts,
    root,
    jobs: [],
    artifacts: [],
    attestations: [],
    masked: new Set([opts.token]),
    jobCounter: 0,
    repos: [opts.repo, ...(opts.remotes ?? [])],
    github,
    repoSecrets,
    repoVars,
  };
  try {
    let inputs: Record<string, Value> = {};
    if (opts.event.name === 'workflow_dispatch') {
      const decl = workflowDispatch(wf);
      if (!decl) throw new WorkflowCallError(`${opts.workflow} has no workflow_dispatch trigger`);
      inputs = dispatchInputs(decl, opts.event.inputs ?? {}, environmentNames(em, repository));
    } else if (!(opts.event.name in wf.on)) {
      throw new WorkflowCallError(`${opts.workflow} does not run on '${opts.event.name}'`);
    }
    const secrets = { ...repoSecrets, GITHUB_TOKEN: opts.token };
    for (const v of Object.values(secrets)) if (v) state.masked.add(v);
    const r = await runFile(state, { wf, repo: opts.repo, path: opts.workflow, ref: `${repository}/${opts.workflow}@${ref}`, inputs, secrets, prefix: '', cap: undefined });
    return {
      result: r.result === 'failure' ? 'failure' : 'success',
      jobs: state.jobs,
      outputs: r.outputs,
      artifacts: state.artifacts,
      attestations: state.attestations,
      log: state.jobs.map((j) => `=== ${j.name} (${j.result})\n${j.log}`).join(''),
      masked: [...state.masked].filter(Boolean),
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
