import type { ActionContext, MainResult } from '../../../shared/run-action.ts';
import { createState, type State } from '../../../shared/state.ts';
import { withCloud, type CloudCredentials } from './cloud.ts';
import { readSettings, type DeploySettings } from './inputs.ts';
import { readJobContext, type JobContext } from './job.ts';
import type { Ending, Progress } from './outcome.ts';
import type { RunDeps } from './run-context.ts';
import type { StateKey } from './state-keys.ts';

export type MainDeps = RunDeps & { state?: State<StateKey> };

/**
 * deploy: validate the inputs → cloud credentials (with `cloud`) → read the environment → (skip if
 * live) → promotion check → lock → record in_progress → script → health gate → success, or
 * rollback → failure. Each step returns what it learned; `progress` carries it to the next.
 */
export async function run(ctx: ActionContext, deps: MainDeps = {}): Promise<MainResult> {
  const settings = readSettings(ctx.redactor);
  const job = readJobContext(settings);
  const state = deps.state ?? createState<StateKey>(ctx.redactor);
  // Before any GitHub call: a missing id-token permission or a trust mismatch fails here.
  return withCloud(ctx, settings.cloud, state, (cloud) => deploy(ctx, settings, job, { ...deps, state, cloud }));
}

async function deploy(ctx: ActionContext, settings: DeploySettings, job: JobContext, deps: RunDeps & { state: State<StateKey>; cloud: CloudCredentials }): Promise<MainResult> {
  const step = await import('./steps.ts');
  const run = await step.startRun(ctx, settings, job, deps);
  let progress: Progress = { ref: settings.ref, sha: job.sha, promotion: undefined, record: undefined, previous: undefined, attempts: 0 };

  const stages = async (): Promise<Ending> => {
    let view = await step.readEnvironment(run);
    const live = await step.liveAlready(run, view, progress);
    if (live) return step.skipped(run, progress, live);
    if (settings.promoteFrom !== undefined) {
      const promotion = await step.promote(run, settings.promoteFrom, progress);
      progress = { ...progress, promotion, ref: promotion.sha, sha: promotion.sha };
    }
    view = await step.holdLock(run, view);
    const stillLive = await step.liveAlready(run, view, progress);
    if (stillLive) return step.skipped(run, progress, stillLive);

    const record = await step.openRecord(run, view, progress);
    const candidate = step.rollbackCandidate(view, record.writer);
    progress = { ...progress, record, sha: record.deployment.sha, previous: candidate.kind === 'trusted' ? candidate.to : undefined };
    const target = { deploymentId: record.deployment.id, ref: progress.ref, sha: record.deployment.sha, previousSha: progress.previous?.deployment.sha };
    const script = await run.summary.phase('Deploy script', () => step.runFor(run, target), (r) => r.ok);
    const deployed = { ...progress, record, attempts: script.attempts };
    progress = deployed;
    if (!script.ok) return step.recover(run, deployed, view, 'Deploy script failed', `the deploy script ${script.error ?? 'failed'}`);
    if (!settings.health) {
      run.summary.skip('Health gate', 'no health-url');
      return step.succeeded(run, deployed, undefined);
    }
    const health = await step.gate(run, 'Health gate', settings.health);
    if (health.passed) return step.succeeded(run, deployed, health);
    return step.recover(run, deployed, view, 'Health gate failed', `the health gate failed: ${health.reason ?? 'no pass'}`);
  };

  let ending: Ending;
  try {
    ending = await stages();
  } catch (error) {
    await step.finish(run, step.stopped(run, progress, error));
    throw error;
  }
  return step.finish(run, ending);
}
