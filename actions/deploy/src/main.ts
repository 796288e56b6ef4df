import type { ActionContext, MainResult } from '../../../shared/run-action.ts';
import { createState } from '../../../shared/state.ts';
import { withCloud, type CloudCredentials } from '../../../shared/oidc/with-cloud.ts';
import { readSettings, type DeploySettings } from './inputs.ts';
import { readJobContext, type JobContext } from './job.ts';
import type { SessionDeps, StateKey } from './session.ts';

/**
 * deploy: validate the inputs → cloud credentials (with `cloud`) → read the environment → (skip if
 * live) → promotion check → lock → record in_progress → script → health gate → success, or
 * rollback → failure. Every phase after the credentials is timed into the summary.
 */
export async function run(ctx: ActionContext, deps: SessionDeps = {}): Promise<MainResult> {
  const settings = readSettings(ctx.redactor);
  const job = readJobContext(settings);
  const state = deps.state ?? createState<StateKey>(ctx.redactor);
  // Before any GitHub call: a missing id-token permission or a trust mismatch fails here.
  return withCloud(ctx, settings.cloud, state, (cloud) => deploy(ctx, settings, job, { ...deps, state, cloud }));
}

async function deploy(ctx: ActionContext, settings: DeploySettings, job: JobContext, deps: SessionDeps & { cloud: CloudCredentials }): Promise<MainResult> {
  const { openSession, readEnvironment, liveAlready, skip, promote, holdLock, openRecord, runFor, gate, succeed, recover, finish } = await import('./steps.ts');
  const s = await openSession(ctx, settings, job, deps);
  const { report } = s;
  let error: unknown;
  try {
    let view = await report.phase('Read environment', () => readEnvironment(s));
    const live = liveAlready(s, view);
    if (live) return skip(s, live);
    const source = settings.promoteFrom;
    if (source !== undefined) await report.phase('Promotion check', () => promote(s, source));
    view = await report.phase('Lock', () => holdLock(s, view));
    const stillLive = liveAlready(s, view);
    if (stillLive) return skip(s, stillLive);

    await report.phase('Record', () => openRecord(s, view));
    const script = await report.phase('Deploy script', () => runFor(s), (r) => r.ok);
    s.attempts = script.attempts;
    if (!script.ok) return await recover(s, 'Deploy script failed', `the deploy script ${script.error ?? 'failed'}`);
    if (!s.health) {
      report.skip('Health gate', 'no health-url');
      return await succeed(s, undefined);
    }
    const health = await gate(s, 'Health gate', s.health);
    return health.passed ? await succeed(s, health) : await recover(s, 'Health gate failed', `the health gate failed: ${health.reason ?? 'no pass'}`);
  } catch (e) {
    error = e;
    throw e;
  } finally {
    await finish(s, error);
  }
}
