import * as core from '@actions/core';
import { messageOf } from '../../../shared/errors.ts';
import { readInputs } from '../../../shared/inputs.ts';
import type { ActionContext } from '../../../shared/run-action.ts';
import { createState, type State } from '../../../shared/state.ts';
import type { DeploymentsApi } from './deployments.ts';
import { spec } from './inputs.ts';
import { readJobContext } from './job.ts';
import type { StateKey, StoppedBy } from './state-keys.ts';

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

/** Why main left the record open, in the record's words and the warning's, by what main said in state. */
const WHY: Record<StoppedBy | 'unknown', { description: string; warning: string }> = {
  'api-timeout': {
    description: "The deploy step stopped: GitHub's API did not answer within api-timeout",
    warning: "main stopped because GitHub's API did not answer within api-timeout",
  },
  'api-error': {
    description: "The deploy step stopped: a GitHub API call failed for good",
    warning: 'main stopped because a GitHub API call failed for good',
  },
  error: {
    description: 'The deploy step stopped on an unexpected error before it finished',
    warning: 'main stopped on an unexpected error',
  },
  unknown: {
    description: 'The deploy step was cancelled or crashed before it finished',
    warning: 'the job was cancelled or the deploy step crashed',
  },
};

/**
 * A record main opened but did not close — the job was cancelled, main crashed or was killed, or
 * GitHub's API failed it — is marked `error`, so no deployment stays `in_progress`, with a
 * description that says which. It reads only identifiers from state (never a secret) and the token
 * from the step's inputs.
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
  const said = state.get('stopped-by');
  const why = WHY[said === 'api-timeout' || said === 'api-error' || said === 'error' ? said : 'unknown'];
  const { githubToken, apiTimeout } = readInputs({ 'github-token': spec['github-token'], 'api-timeout': spec['api-timeout'] }, ctx.redactor);
  const job = readJobContext({ environment: core.getInput('environment'), ref: core.getInput('ref') }, deps.env);
  // Loaded only when there is a record to close: the post step's start path stays small.
  const api =
    deps.api ??
    (await (await import('./deployments.ts')).connectDeployments({
      token: githubToken,
      owner: job.owner,
      repo: job.repo,
      stats: ctx.stats,
      redactor: ctx.redactor,
      apiTimeoutMs: apiTimeout,
      log: (line) => ctx.log.info(line),
    }));
  await api.setStatus(id, { state: 'error', description: why.description, logUrl: job.runUrl });
  ctx.log.warning(`deployment ${id} was left in_progress (${why.warning}): marked it error`);
}

/**
 * Removes the credential files main left (cloud.ts): exported ones (the job is over), or any main
 * could not remove because it crashed or was killed. Paths come from state; the removal code
 * (Node built-ins only) is loaded only when there is something to remove. Never throws.
 */
export async function removeLeftCredentialFiles(ctx: ActionContext, state: State<StateKey>): Promise<void> {
  const raw = state.get('credential-files');
  if (!raw) return;
  try {
    const parsed = JSON.parse(raw) as unknown;
    const paths = Array.isArray(parsed) ? parsed.filter((p): p is string => typeof p === 'string') : [];
    if (paths.length === 0) return;
    const { removeCredentialFiles } = await import('../../../shared/oidc/files.ts');
    const { removed, failed } = await removeCredentialFiles(paths);
    if (removed.length > 0) ctx.log.info(`deploy (post): removed ${removed.length} credential file(s)`);
    for (const f of failed) ctx.log.warning(`deploy (post): could not remove the credential file ${f.path}: ${f.reason}`);
  } catch (error) {
    ctx.log.warning(`deploy (post): could not remove the credential files: ${messageOf(error)}`);
  }
}
