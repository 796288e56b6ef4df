import * as core from '@actions/core';
import { readInputs } from '../../../shared/inputs.ts';
import { removeLeftCredentialFiles } from '../../../shared/oidc/with-cloud.ts';
import type { ActionContext } from '../../../shared/run-action.ts';
import { createState, type State } from '../../../shared/state.ts';
import { connectDeployments, type DeploymentsApi } from './deployments.ts';
import { spec } from './inputs.ts';
import { readJobContext } from './job.ts';
import type { StateKey } from './session.ts';

type PostDeps = { state?: State<StateKey>; api?: DeploymentsApi; env?: NodeJS.ProcessEnv };

/**
 * The post step (`post-if: always()`): first the credential files main left (local, never throws:
 * they go even when GitHub cannot be reached), then a record main left open.
 */
export async function cleanUp(ctx: ActionContext, deps: PostDeps = {}): Promise<void> {
  const state = deps.state ?? createState<StateKey>(ctx.redactor);
  await removeLeftCredentialFiles(ctx, state);
  await closeLeftOpen(ctx, { ...deps, state });
}

/**
 * A record main opened but did not close — the job was cancelled, main crashed or was killed — is
 * marked `error`, so no deployment stays `in_progress`.
 * It reads only the record's id from state (never a secret) and the token from the step's inputs.
 */
export async function closeLeftOpen(ctx: ActionContext, deps: PostDeps = {}): Promise<void> {
  const state = deps.state ?? createState<StateKey>(ctx.redactor);
  const id = Number(state.get('deployment-id') ?? '');
  if (!Number.isSafeInteger(id) || id <= 0) {
    ctx.log.debug('deploy (post): main opened no deployment record; nothing to close');
    return;
  }
  if (state.get('finished') === 'true') {
    ctx.log.debug(`deploy (post): deployment ${id} was closed by main`);
    return;
  }
  const { githubToken } = readInputs({ 'github-token': spec['github-token'] }, ctx.redactor);
  const job = readJobContext({ environment: core.getInput('environment'), ref: core.getInput('ref') }, deps.env);
  const api =
    deps.api ??
    (await connectDeployments({ token: githubToken, owner: job.owner, repo: job.repo, stats: ctx.stats, redactor: ctx.redactor, log: (l) => ctx.log.info(l) }));
  await api.setStatus(id, {
    state: 'error',
    description: 'The deploy step was cancelled or crashed before it finished',
    logUrl: job.runUrl,
  });
  ctx.log.warning(`deployment ${id} was left in_progress (the job was cancelled or the deploy step crashed): marked it error`);
}
