// One job of steps, run the way the runner runs it: `run:` steps with bash from a script file,
// our node actions through the runner emulation's step runner (inputs with action.yml defaults,
// environment files, workflow commands, masking; post entries at the end in reverse order),
// third-party actions through their stand-ins. Steps share the job's state (GITHUB_ENV, PATH,
// masks, the workspace); `steps.<id>` and the job's outputs are evaluated as GitHub does.

import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { REGISTERED_COMMANDS } from '../runner/commands.ts';
import { assertNodeAction, loadActionYml, resolveInputs } from '../runner/action-yml.ts';
import { evaluateCondition, interpolate, toStr, type ExpressionContext, type JobStatus, type Value } from '../runner/expressions.ts';
import type { JobState } from '../runner/job-state.ts';
import { RunnerSecretMasker } from '../runner/masker.ts';
import { contextEnv, passedThroughEnv, type RunDirs } from '../runner/run-context.ts';
import { runStep, type StepSetup } from '../runner/run-step.ts';
import type { RunContext } from '../runner/types.ts';
import type { JobDef, Scalar } from './load.ts';
import { resolveAction } from './resolve.ts';
import type { StandInContext } from './stand-ins/index.ts';
import type { ArtifactRecord, AttestationRecord, JobConclusion, RepoAtCommit, StepRecord } from './types.ts';
import type { GitHubEmulator } from '../github/index.ts';

/** Everything a job needs from its run and workflow; fixed before it starts. */
export interface JobSetup {
  id: string;
  /** Display name ('caller / job' inside a called workflow). */
  name: string;
  def: JobDef;
  /** Contexts the job's expressions see (github, inputs, secrets, vars, needs, env of the workflow…). */
  contexts: Record<string, unknown>;
  /** For the runner's GITHUB_* variables (workflowRef: GITHUB_WORKFLOW_REF, the run's top-level workflow). */
  runContext: RunContext & { workflowRef: string };
  workflowRef: string;
  workflowSha: string;
  permissions: Record<string, string>;
  github: GitHubEmulator;
  token: string;
  repos: RepoAtCommit[];
  artifacts: ArtifactRecord[];
  attestations: AttestationRecord[];
  runnerEnv: Record<string, string>;
  stepTimeoutMs: number;
  /** Values masked from the start (secrets, the token). */
  secrets: string[];
  /** The job directory (workspace, RUNNER_TEMP, HOME under it). */
  root: string;
}

export interface JobOutcome {
  result: JobConclusion;
  outputs: Record<string, string>;
  steps: StepRecord[];
  job: JobState;
  summary: string;
  /** The contexts at the end (steps filled), for environment.url. */
  contexts: Record<string, unknown>;
}

const toScalarString = (v: Value): string => (v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

function evalMap(map: Record<string, Scalar> | undefined, ctx: ExpressionContext): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(map ?? {})) out[k] = typeof v === 'string' ? toScalarString(interpolate(v, ctx)) : v === null ? '' : String(v);
  return out;
}

export async function runJob(s: JobSetup): Promise<JobOutcome> {
  const workspace = join(s.root, 'workspace');
  const runnerTemp = join(s.root, '_temp');
  const fileCommandDir = join(runnerTemp, '_runner_file_commands');
  const toolCache = join(s.root, '_tool');
  const home = join(s.root, 'home');
  for (const d of [workspace, fileCommandDir, toolCache, home, join(runnerTemp, '_github_workflow')]) mkdirSync(d, { recursive: true });
  const eventPath = join(runnerTemp, '_github_workflow', 'event.json');
  writeFileSync(eventPath, JSON.stringify((s.contexts['github'] as { event?: unknown }).event ?? {}, null, 2));

  const job: JobState = {
    masker: new RunnerSecretMasker(),
    masks: [],
    registered: new Set(REGISTERED_COMMANDS),
    stopToken: undefined,
    annotations: [],
    debug: [],
    groups: [],
    transcript: [],
    exported: {},
    prependPath: [],
    state: {},
    workspace,
    debugEnabled: false,
    pids: [],
  };
  for (const v of s.secrets) if (v) job.masker.addValue(v);

  const github = { ...(s.contexts['github'] as Record<string, unknown>), job: s.id, workspace, token: s.token };
  const runner = { os: 'Linux', arch: 'X64', name: 'GitHub Actions 1', temp: runnerTemp, tool_cache: toolCache, environment: 'github-hosted', debug: '' };
  const stepsCtx: Record<string, { outputs: Record<string, string>; outcome: string; conclusion: string }> = {};
  let status: JobStatus = 'success';
  let jobEnv: Record<string, string> = {};
  const contexts = (): Record<string, unknown> => ({
    ...s.contexts,
    github,
    runner,
    steps: stepsCtx,
    job: { status, workflow_ref: s.workflowRef, workflow_sha: s.workflowSha },
    env: { ...(s.contexts['env'] as Record<string, string>), ...jobEnv },
  });
  const exprCtx = (extra: Record<string, unknown> = {}): ExpressionContext => ({
    github: {},
    runner: {},
    env: {},
    jobStatus: status,
    contexts: { ...contexts(), ...extra },
  });
  jobEnv = evalMap(s.def.env, exprCtx());

  const oidc: Record<string, string> =
    s.permissions['id-token'] === 'write' ? { ACTIONS_ID_TOKEN_REQUEST_URL: s.github.oidc.requestUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: s.github.oidc.requestToken } : {};
  const base = { ...passedThroughEnv(), ...s.runnerEnv };
  const steps: StepRecord[] = [];
  const posts: Array<() => Promise<void>> = [];

  const setupFor = (stepId: string, actionDir: string, env: Record<string, string>, inputs: Record<string, string>, warnings: string[], cwd: string): StepSetup => {
    const dirs: RunDirs = { actionDir, workspace, runnerTemp, toolCache, eventPath };
    return {
      job,
      fileCommandDir,
      workspace: cwd,
      home,
      baseEnv: base,
      contextEnv: (files) => ({
        ...contextEnv({ ...s.runContext, job: s.id }, dirs, { stepId }, files),
        GITHUB_WORKFLOW_REF: s.runContext.workflowRef,
        GITHUB_WORKFLOW_SHA: s.runContext.sha,
        ...(actionDir ? {} : { GITHUB_ACTION_PATH: '' }),
        ...oidc,
      }),
      stepEnv: env,
      inputs,
      inputWarnings: warnings,
      limits: { timeoutMs: s.stepTimeoutMs, sigtermAfterMs: 7500, sigkillAfterMs: 2500 },
    };
  };

  for (const [i, def] of (s.def.steps ?? []).entries()) {
    const id = def.id ?? `__step_${i + 1}`;
    const name = def.name ?? (def.run ? `Run ${def.run.split('\n')[0]}` : `Run ${def.uses}`);
    const from = job.transcript.length;
    const cond = def.if === undefined || def.if === null ? 'success()' : String(def.if);
    const record: StepRecord = { id, name, kind: def.run !== undefined ? 'run' : def.uses!, outcome: 'skipped', conclusion: 'skipped', outputs: {}, with: {}, log: '', summary: '' };
    steps.push(record);
    let run: boolean;
    try {
      run = evaluateCondition(cond, exprCtx());
    } catch (e) {
      throw new Error(`job '${s.name}', step '${name}': ${(e as Error).message}`, { cause: e });
    }
    if (!run) {
      stepsCtx[id] = { outputs: {}, outcome: 'skipped', conclusion: 'skipped' };
      continue;
    }
    job.transcript.push({ step: 'main', stream: 'stdout', line: `▶ ${name}`, masked: `▶ ${name}`, shown: `▶ ${name}` });
    let ok = false;
    try {
      const ctx = exprCtx();
      const env = { ...(s.contexts['env'] as Record<string, string>), ...jobEnv, ...evalMap(def.env, ctx) };
      const cwd = resolve(workspace, def['working-directory'] ?? s.def.defaults?.run?.['working-directory'] ?? '.');
      const timeout = def['timeout-minutes'] !== undefined ? Number(def['timeout-minutes']) * 60_000 : s.stepTimeoutMs;
      if (def.run !== undefined) {
        const script = toScalarString(interpolate(def.run, ctx));
        const file = join(runnerTemp, `${randomUUID()}.sh`);
        writeFileSync(file, script);
        const shell = def.shell ?? s.def.defaults?.run?.shell ?? 'bash';
        if (shell !== 'bash' && shell !== 'sh') throw new Error(`shell '${shell}' is not emulated (bash and sh are)`);
        const command = shell === 'bash' ? ['bash', '--noprofile', '--norc', '-eo', 'pipefail'] : ['sh', '-e'];
        const setup = { ...setupFor(id, '', env, {}, [], cwd), limits: { timeoutMs: timeout, sigtermAfterMs: 7500, sigkillAfterMs: 2500 } };
        const r = await runStep(setup, 'main', file, cond, undefined, command);
        record.outputs = r.outputs;
        record.exitCode = r.exitCode;
        record.summary = r.maskedSummary;
        ok = r.conclusion === 'success';
      } else {
        record.with = evalMap(def.with, ctx);
        const target = resolveAction(def.uses!, workspace, s.repos);
        if (target.kind === 'stand-in') {
          const standInCtx: StandInContext = {
            with: record.with,
            workspace,
            runnerTemp,
            github: s.github,
            run: {
              repository: s.runContext.repository,
              sha: s.runContext.sha,
              ref: s.runContext.ref,
              runId: s.runContext.runId,
              serverUrl: s.runContext.serverUrl,
              workflowRef: s.workflowRef,
              workflowSha: s.workflowSha,
              token: s.token,
            },
            permissions: s.permissions,
            repos: s.repos,
            artifacts: s.artifacts,
            attestations: s.attestations,
            mask: (v) => job.masker.addValue(v),
            log: (line) => job.transcript.push({ step: 'main', stream: 'stdout', line, masked: job.masker.mask(line), shown: job.masker.mask(line) }),
          };
          record.outputs = await target.standIn.run(standInCtx);
          ok = true;
        } else {
          const yml = loadActionYml(target.dir);
          const runs = yml.runs!;
          assertNodeAction(target.dir, runs);
          const flatGithub = Object.fromEntries(Object.entries(github).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
          const { inputs, warnings } = resolveInputs(yml, record.with, { github: flatGithub, runner });
          record.inputs = inputs;
          const setup = { ...setupFor(id, target.dir, env, inputs, warnings, workspace), limits: { timeoutMs: timeout, sigtermAfterMs: 7500, sigkillAfterMs: 2500 } };
          if (runs.pre) {
            const r = await runStep(setup, 'pre', join(target.dir, runs.pre), runs['pre-if'] ?? 'always()');
            if (r.conclusion !== 'success') throw new Error(`pre of ${def.uses} failed`);
          }
          const r = await runStep(setup, 'main', join(target.dir, runs.main), cond);
          record.outputs = r.outputs;
          record.exitCode = r.exitCode;
          record.summary = r.maskedSummary;
          ok = r.conclusion === 'success';
          if (runs.post) {
            const postIf = runs['post-if'] ?? 'always()';
            const script = join(target.dir, runs.post);
            posts.unshift(async () => {
              if (!evaluateCondition(postIf, exprCtx())) return;
              const p = await runStep(setup, 'post', script, postIf);
              if (p.conclusion !== 'success' && status === 'success') status = 'failure';
            });
          }
        }
      }
    } catch (e) {
      const message = (e as Error).message;
      job.annotations.push({ level: 'error', message, maskedMessage: job.masker.mask(message), step: 'main', source: 'runner' });
      job.transcript.push({ step: 'main', stream: 'stderr', line: `Error: ${message}`, masked: job.masker.mask(`Error: ${message}`), shown: job.masker.mask(`Error: ${message}`) });
      ok = false;
    }
    const continueOnError = def['continue-on-error'] === true || def['continue-on-error'] === 'true';
    record.outcome = ok ? 'success' : 'failure';
    record.conclusion = ok || continueOnError ? 'success' : 'failure';
    if (record.conclusion === 'failure') status = 'failure';
    stepsCtx[id] = { outputs: record.outputs, outcome: record.outcome, conclusion: record.conclusion };
    record.log = job.transcript.slice(from).filter((t) => t.shown !== null).map((t) => `${t.shown}\n`).join('');
  }
  for (const post of posts) await post();

  const outputs: Record<string, string> = {};
  for (const [k, v] of Object.entries(s.def.outputs ?? {})) {
    try {
      outputs[k] = toStr(interpolate(v, exprCtx()));
    } catch (e) {
      throw new Error(`job '${s.name}', output '${k}': ${(e as Error).message}`, { cause: e });
    }
  }
  for (const pid of job.pids) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  return { result: status === 'success' ? 'success' : 'failure', outputs, steps, job, summary: steps.map((x) => x.summary).join(''), contexts: contexts() };
}
