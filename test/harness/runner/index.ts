// Runner emulation: runs an action's pre → main → post entries in child processes on Node 24, set
// up the way GitHub's runner (actions/runner) sets up a `runs.using: node24` action, and reports
// what the runner would have recorded: outputs, exported env, state, PATH additions, job summary,
// annotations, masks, and each step's exit status.
//
// Behaviours copied from the runner's source (src/Runner.Worker, src/Runner.Common):
// - inputs: action.yml defaults applied here (not by @actions/core), `INPUT_<NAME>` with the name
//   upper-cased and spaces turned into `_` (hyphens kept); unexpected inputs warn.
// - per-step environment files under RUNNER_TEMP/_runner_file_commands, read after each step;
//   GITHUB_ENV exports and GITHUB_PATH additions reach later steps, GITHUB_STATE reaches later
//   entries of the same action as STATE_<name>.
// - workflow commands on stdout and stderr, stop-commands, masking of later lines.
// - pre-if / post-if (default always()), a condition without a status function means
//   `success() && …`; post runs only when main ran.
// - cancellation: SIGINT, then SIGTERM 7.5 s later, then SIGKILL 2.5 s after that.
// - composite actions (composite.ts): their `uses:` steps of JavaScript actions, each with its own
//   INPUT_* only, GITHUB_ACTION_PATH set to the composite's folder, then their posts last first.
//
// The parts live next door, one role each: types.ts (the shapes), action-yml.ts (metadata and
// inputs), run-context.ts (contexts and variables), run-step.ts (one entry), spawn-step.ts (its
// process), log-processing.ts (workflow commands), step-files.ts (environment files),
// run-result.ts (the report). This file sequences them and is the harness's one import.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { assertNodeAction, loadActionYml, resolveInputs } from './action-yml.ts';
import { REGISTERED_COMMANDS } from './commands.ts';
import { nestedActions } from './composite.ts';
import { evaluateCondition } from './expressions.ts';
import type { ExpressionContext, JobStatus } from './expressions.ts';
import { annotate } from './job-state.ts';
import type { JobState } from './job-state.ts';
import { RunnerSecretMasker } from './masker.ts';
import { repoRoot } from './node24.ts';
import { DEFAULT_CONTEXT, contextEnv, defaultEvent, githubContext, passedThroughEnv, runnerContext } from './run-context.ts';
import type { RunDirs } from './run-context.ts';
import { buildRunResult } from './run-result.ts';
import { runStep, skippedStep } from './run-step.ts';
import type { StepSetup } from './run-step.ts';
import type { StepLimits } from './spawn-step.ts';
import type { RunActionOptions, RunContext, RunResult, StepResult } from './types.ts';

export { parseCommandLine, escapeData, escapeProperty, REGISTERED_COMMANDS } from './commands.ts';
export type { ParsedCommand } from './commands.ts';
export { evaluateCondition, evaluateTemplate } from './expressions.ts';
export type { ExpressionContext, JobStatus } from './expressions.ts';
export { parseKeyValueFile, parsePathFile } from './file-commands.ts';
export { RunnerSecretMasker, uriDataEscape } from './masker.ts';
export { node24, repoRoot, binDir } from './node24.ts';
export { inputEnvName, loadActionYml } from './action-yml.ts';
export type { Annotation, RunActionOptions, RunContext, RunResult, StepEntry, StepResult, TranscriptLine } from './types.ts';

/** Runs an action like the runner: pre → main → post in child processes on Node 24. */
export async function runAction(opts: RunActionOptions): Promise<RunResult> {
  if (!opts.action === !opts.actionDir) throw new Error('runAction: give exactly one of action and actionDir');
  const actionDir = opts.actionDir ? resolve(opts.actionDir) : join(repoRoot, 'actions', opts.action!);
  const yml = loadActionYml(actionDir);
  const runs = yml.runs!;
  const composite = runs.using === 'composite';
  if (!composite) assertNodeAction(actionDir, runs);

  const root = mkdtempSync(join(tmpdir(), 'gha-runner-'));
  const runnerTemp = join(root, '_temp');
  const fileCommandDir = join(runnerTemp, '_runner_file_commands');
  const toolCache = join(root, '_tool');
  const workspace = opts.workspace ? resolve(opts.workspace) : join(root, 'workspace');
  const home = opts.home ?? join(root, 'home');
  for (const d of [runnerTemp, fileCommandDir, toolCache, workspace, home, join(runnerTemp, '_github_workflow')]) mkdirSync(d, { recursive: true });
  const pids: number[] = [];
  try {
    const c: RunContext = { ...DEFAULT_CONTEXT, ...opts.context };
    const token = opts.token ?? opts.env?.['GITHUB_TOKEN'] ?? '';
    const dirs: RunDirs = { actionDir, workspace, runnerTemp, toolCache, eventPath: join(runnerTemp, '_github_workflow', 'event.json') };
    writeFileSync(dirs.eventPath, JSON.stringify(opts.event ?? defaultEvent(c), null, 2));
    const githubCtx = githubContext(c, token, dirs);
    const runnerCtx = runnerContext(dirs, opts.debug);

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
      debugEnabled: opts.debug === true,
      pids,
    };
    if (token) job.masker.addValue(token);
    for (const s of opts.secrets ?? []) job.masker.addMask(s);

    const { inputs, warnings } = resolveInputs(yml, opts.inputs ?? {}, { github: githubCtx, runner: runnerCtx });
    const setup: StepSetup = {
      job,
      fileCommandDir,
      workspace,
      home,
      baseEnv: passedThroughEnv(),
      contextEnv: (files) => contextEnv(c, dirs, opts, files),
      stepEnv: opts.env,
      inputs,
      inputWarnings: warnings,
      limits: {
        timeoutMs: opts.timeoutMs ?? 120_000,
        sigtermAfterMs: opts.killGrace?.sigtermAfterMs ?? 7500,
        sigkillAfterMs: opts.killGrace?.sigkillAfterMs ?? 2500,
      },
    };

    const exprContext = (status: JobStatus): ExpressionContext => ({
      github: githubCtx,
      runner: runnerCtx,
      env: { ...job.exported, ...opts.env },
      jobStatus: status,
    });

    const steps: StepResult[] = [];
    let jobStatus: JobStatus = 'success';
    let cancelled = false;

    if (composite) {
      // The composite's steps run in order while they succeed; then the post entries of the nested
      // actions that ran, last first (nested `pre` entries are not run by the runner either).
      const nested = nestedActions(yml, inputs, { github: githubCtx, runner: runnerCtx }, workspace);
      for (const w of warnings) annotate(job, { level: 'warning', message: w, step: 'main', source: 'runner' });
      const ran: Array<{ n: (typeof nested)[number]; setup: StepSetup }> = [];
      for (const n of nested) {
        const nestedSetup: StepSetup = {
          ...setup,
          contextEnv: (files) => contextEnv(c, dirs, opts, files, actionDir),
          stepEnv: { ...opts.env, ...n.env },
          inputs: n.inputs,
          inputWarnings: n.warnings,
        };
        const script = join(n.dir, n.runs.main);
        if (!evaluateCondition('success()', exprContext(jobStatus))) {
          steps.push(skippedStep('main', script, 'success()'));
          continue;
        }
        const r = await runStep(nestedSetup, 'main', script, 'success()', cancelOf(opts));
        steps.push(r);
        ran.push({ n, setup: nestedSetup });
        if (r.cancelled) {
          cancelled = true;
          jobStatus = 'cancelled';
        } else if (r.conclusion === 'failure') jobStatus = 'failure';
      }
      for (const { n, setup: nestedSetup } of ran.reverse()) {
        if (!n.runs.post) continue;
        const script = join(n.dir, n.runs.post);
        const cond = n.runs['post-if'] ?? 'always()';
        if (!evaluateCondition(cond, exprContext(jobStatus))) {
          steps.push(skippedStep('post', script, cond));
          continue;
        }
        const r = await runStep(nestedSetup, 'post', script, cond);
        steps.push(r);
        if (r.conclusion === 'failure' && jobStatus === 'success') jobStatus = 'failure';
      }
      return buildRunResult({ job, steps, jobStatus, cancelled, inputs, workspace, runnerTemp });
    }
    assertNodeAction(actionDir, runs);

    // pre
    if (runs.pre) {
      const script = join(actionDir, runs.pre);
      const cond = runs['pre-if'] ?? 'always()';
      if (evaluateCondition(cond, exprContext(jobStatus))) {
        const r = await runStep(setup, 'pre', script, cond);
        steps.push(r);
        if (r.conclusion === 'failure') jobStatus = 'failure';
      } else steps.push(skippedStep('pre', script, cond));
    }
    // main (the step's own `if:` is the default success())
    const mainScript = join(actionDir, runs.main);
    let mainRan = false;
    if (evaluateCondition('success()', exprContext(jobStatus))) {
      mainRan = true;
      const r = await runStep(setup, 'main', mainScript, 'success()', cancelOf(opts));
      steps.push(r);
      if (r.cancelled) {
        cancelled = true;
        jobStatus = 'cancelled';
      } else if (r.conclusion === 'failure') jobStatus = 'failure';
    } else steps.push(skippedStep('main', mainScript, 'success()'));
    const mainStep = steps.find((s) => s.entry === 'main' && !s.skipped);
    if (mainStep && opts.afterMain) await opts.afterMain(mainStep);
    // post: registered only when main ran
    if (runs.post) {
      const script = join(actionDir, runs.post);
      const cond = runs['post-if'] ?? 'always()';
      if (mainRan && evaluateCondition(cond, exprContext(jobStatus))) {
        const r = await runStep(setup, 'post', script, cond);
        steps.push(r);
        if (r.conclusion === 'failure' && jobStatus === 'success') jobStatus = 'failure';
      } else steps.push(skippedStep('post', script, cond));
    }

    return buildRunResult({ job, steps, jobStatus, cancelled, inputs, workspace, runnerTemp });
  } finally {
    // "Cleaning up orphan processes": whatever the steps left running in their process groups.
    for (const pid of pids) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    if (!opts.keepTemp) {
      rmSync(runnerTemp, { recursive: true, force: true });
      rmSync(toolCache, { recursive: true, force: true });
      if (!opts.home) rmSync(home, { recursive: true, force: true });
      if (!opts.workspace) rmSync(workspace, { recursive: true, force: true });
      rmSync(root, { recursive: true, force: true });
    }
  }
}

/** When main is to be cancelled, from the run's options. */
function cancelOf(opts: RunActionOptions): Pick<StepLimits, 'cancelAfterMs' | 'cancelOnLine'> {
  return { ...(opts.cancelAfterMs !== undefined ? { cancelAfterMs: opts.cancelAfterMs } : {}), ...(opts.cancelOnLine ? { cancelOnLine: opts.cancelOnLine } : {}) };
}
