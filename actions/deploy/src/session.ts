import { realClock, type Clock } from '../../../shared/clock.ts';
import type { ActionContext } from '../../../shared/run-action.ts';
import { createState, type State } from '../../../shared/state.ts';
import { NO_CLOUD, type CloudCredentials } from '../../../shared/oidc/with-cloud.ts';
import { connectDeployments, type DeploymentInfo, type DeploymentsApi } from './deployments.ts';
import type { Observed } from './environment.ts';
import { healthSpec, type HealthSpec } from './health.ts';
import type { DeploySettings } from './inputs.ts';
import type { JobContext } from './job.ts';
import { Report } from './summary.ts';
import { httpFetch, type Fetch } from '../../../shared/http.ts';

/**
 * One deploy's shared context: settings, job, the API, the seams (clock, fetch, random), the
 * report, the main → post state, and the facts the steps learn along the way.
 */

/**
 * main → post: identifiers only (state.ts refuses secrets). `credential-files` is a JSON list of
 * the paths of credential files main wrote (shared/oidc/with-cloud.ts) — paths, never their contents.
 */
export type StateKey = 'deployment-id' | 'finished' | 'credential-files';

export interface Session {
  readonly ctx: ActionContext;
  readonly settings: DeploySettings;
  readonly job: JobContext;
  readonly api: DeploymentsApi;
  readonly clock: Clock;
  readonly random: () => number;
  readonly fetch: Fetch;
  readonly report: Report;
  readonly state: State<StateKey>;
  /** Cloud credentials for the scripts (`cloud` input); with `cloud: none`, none. */
  readonly cloud: CloudCredentials;
  readonly startedAt: number;
  /** The health gate, when `health-url` is set. */
  readonly health: HealthSpec | undefined;
  /** What is deployed: the `ref` input, or the sha a promotion found live in the source environment. */
  ref: string;
  /** Known once the ref is a full sha, a promotion resolved it, or GitHub created the record. */
  sha: string | undefined;
  deployment: DeploymentInfo | undefined;
  /** The environment's newest successful deployment before this one: what a rollback returns to. */
  previous: Observed | undefined;
  /** Attempts of the deploy script. */
  attempts: number;
}

export interface SessionDeps {
  clock?: Clock;
  random?: () => number;
  fetch?: Fetch;
  api?: DeploymentsApi;
  state?: State<StateKey>;
  cloud?: CloudCredentials;
}

export async function openSession(ctx: ActionContext, settings: DeploySettings, job: JobContext, deps: SessionDeps = {}): Promise<Session> {
  const clock = deps.clock ?? realClock;
  // Before anything can print it: a health-url with credentials registers them as secrets.
  const health = settings.healthUrl ? healthSpec({ ...settings, healthUrl: settings.healthUrl }, ctx.redactor) : undefined;
  const api =
    deps.api ??
    (await connectDeployments({
      token: settings.githubToken,
      owner: job.owner,
      repo: job.repo,
      stats: ctx.stats,
      redactor: ctx.redactor,
      signal: ctx.signal,
      log: (line) => ctx.log.info(line),
    }));
  const report = new Report(ctx.log, settings.environment, () => clock.now());
  report.facts.ref = settings.ref;
  report.facts.sha = job.sha;
  return {
    ctx,
    settings,
    job,
    api,
    clock,
    random: deps.random ?? Math.random,
    fetch: deps.fetch ?? httpFetch,
    report,
    state: deps.state ?? createState<StateKey>(ctx.redactor),
    cloud: deps.cloud ?? NO_CLOUD,
    startedAt: clock.now(),
    health,
    ref: settings.ref,
    sha: job.sha,
    deployment: undefined,
    previous: undefined,
    attempts: 0,
  };
}
