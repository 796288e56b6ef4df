import { realClock, type Clock } from '../../../shared/clock.ts';
import { httpFetch, type Fetch } from '../../../shared/http.ts';
import type { ActionContext } from '../../../shared/run-action.ts';
import type { State } from '../../../shared/state.ts';
import type { CloudCredentials } from './cloud.ts';
import { connectDeployments, type DeploymentsApi } from './deployments.ts';
import type { DeploySettings } from './inputs.ts';
import type { JobContext } from './job.ts';
import type { StateKey } from './state-keys.ts';
import { DeploySummary } from './summary.ts';
import { lazyIdentity, type Identity } from './trust.ts';

/**
 * What every step of one deploy works with — settings, job, the API, the seams (clock, fetch,
 * random), the summary, the main → post state, the cloud credentials — fixed when the deploy
 * starts. Steps never write into it: each returns what it learned, and main.ts passes that on.
 */
export interface DeployRun {
  readonly ctx: ActionContext;
  readonly settings: DeploySettings;
  readonly job: JobContext;
  readonly api: DeploymentsApi;
  readonly clock: Clock;
  readonly random: () => number;
  readonly fetch: Fetch;
  readonly summary: DeploySummary;
  readonly state: State<StateKey>;
  /** Cloud credentials for the scripts (`cloud` input); with `cloud: none`, none. */
  readonly cloud: CloudCredentials;
  readonly startedAt: number;
  /** Whom `github-token` acts as: asked once, when a decision first needs it (trust.ts). */
  readonly identity: () => Promise<Identity>;
}

export interface RunDeps {
  clock?: Clock;
  random?: () => number;
  fetch?: Fetch;
  api?: DeploymentsApi;
}

export async function startRun(
  ctx: ActionContext,
  settings: DeploySettings,
  job: JobContext,
  deps: RunDeps & { state: State<StateKey>; cloud: CloudCredentials },
): Promise<DeployRun> {
  const clock = deps.clock ?? realClock;
  const api =
    deps.api ??
    (await connectDeployments({
      token: settings.githubToken,
      owner: job.owner,
      repo: job.repo,
      stats: ctx.stats,
      redactor: ctx.redactor,
      apiTimeoutMs: settings.apiTimeout,
      signal: ctx.signal,
      log: (line) => ctx.log.info(line),
    }));
  return Object.freeze({
    ctx,
    settings,
    job,
    api,
    clock,
    random: deps.random ?? Math.random,
    fetch: deps.fetch ?? httpFetch,
    summary: new DeploySummary(ctx.log, () => clock.now()),
    state: deps.state,
    cloud: deps.cloud,
    startedAt: clock.now(),
    identity: lazyIdentity(api),
  });
}
