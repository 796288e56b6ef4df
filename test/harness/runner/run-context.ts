// What a step can see of its job: the `github` and `runner` expression contexts, the GITHUB_* /
// RUNNER_* variables the runner sets for every step, the event payload, and the few variables
// passed through from this process. Everything else in this process's environment stays out, so
// a test does not depend on the machine it runs on.

import { resolve } from 'node:path';
import type { StepFiles } from './step-files.ts';
import type { RunActionOptions, RunContext } from './types.ts';

export const DEFAULT_CONTEXT: RunContext = {
  repository: 'octo-org/octo-repo',
  sha: 'ffac537e6cbbf934b08745a378932722df287a53',
  ref: 'refs/heads/main',
  runId: '1658821493',
  runNumber: '42',
  runAttempt: '1',
  job: 'test',
  workflow: 'CI',
  eventName: 'push',
  actor: 'octocat',
  serverUrl: 'https://github.com',
  apiUrl: 'https://api.github.com',
};

const PASSED_THROUGH_ENV = [
  'PATH',
  'LANG',
  'LANGUAGE',
  'LC_ALL',
  'LC_CTYPE',
  'TZ',
  'USER',
  'LOGNAME',
  'SHELL',
  'TMPDIR',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'http_proxy',
  'https_proxy',
  'no_proxy',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
];

/** Where a run happens: the action and the directories runAction created or was given. */
export interface RunDirs {
  actionDir: string;
  workspace: string;
  runnerTemp: string;
  toolCache: string;
  eventPath: string;
}

/** Names derived from the context the way the runner derives them. */
function derived(c: RunContext): { owner: string; refName: string; graphqlUrl: string } {
  return {
    owner: c.repository.split('/')[0] ?? '',
    refName: c.ref.replace(/^refs\/(heads|tags)\//, '').replace(/^refs\/pull\/(\d+)\/merge$/, '$1/merge'),
    // GHES serves the REST API under /api/v3 and GraphQL under /api/graphql.
    graphqlUrl: /\/api\/v3\/?$/.test(c.apiUrl) ? c.apiUrl.replace(/\/api\/v3\/?$/, '/api/graphql') : `${c.apiUrl.replace(/\/$/, '')}/graphql`,
  };
}

/** GITHUB_EVENT_PATH's content when the test gives none: a minimal push payload. */
export function defaultEvent(c: RunContext): object {
  const { owner } = derived(c);
  return {
    ref: c.ref,
    after: c.sha,
    repository: { full_name: c.repository, name: c.repository.split('/')[1] ?? '', owner: { login: owner } },
    sender: { login: c.actor },
  };
}

/** The `github` expression context (what `${{ github.* }}` in input defaults reads). */
export function githubContext(c: RunContext, token: string, dirs: RunDirs): Record<string, string> {
  const { owner, refName, graphqlUrl } = derived(c);
  return {
    token,
    sha: c.sha,
    ref: c.ref,
    ref_name: refName,
    repository: c.repository,
    repository_owner: owner,
    workspace: dirs.workspace,
    server_url: c.serverUrl,
    api_url: c.apiUrl,
    graphql_url: graphqlUrl,
    run_id: c.runId,
    run_number: c.runNumber,
    run_attempt: c.runAttempt,
    actor: c.actor,
    event_name: c.eventName,
    job: c.job,
    workflow: c.workflow,
    action_path: dirs.actionDir,
  };
}

/** The `runner` expression context. */
export function runnerContext(dirs: RunDirs, debug: boolean | undefined): Record<string, string> {
  return {
    os: 'Linux',
    arch: 'X64',
    name: 'GitHub Actions 1',
    temp: dirs.runnerTemp,
    tool_cache: dirs.toolCache,
    environment: 'github-hosted',
    debug: debug ? '1' : '',
  };
}

/** The variables of this process a step also gets (locale, proxies, certificates, PATH). Read when called. */
export function passedThroughEnv(): Record<string, string> {
  const base: Record<string, string> = {};
  for (const k of PASSED_THROUGH_ENV) {
    const v = process.env[k];
    if (v !== undefined) base[k] = v;
  }
  return base;
}

/** The variables the runner sets for a step, including the paths of that step's environment files. */
export function contextEnv(
  c: RunContext,
  dirs: RunDirs,
  opts: Pick<RunActionOptions, 'stepId' | 'debug'>,
  files: StepFiles,
  compositeDir?: string,
): Record<string, string> {
  const { owner, refName, graphqlUrl } = derived(c);
  return {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_ACTION: opts.stepId ?? '__self',
    GITHUB_ACTOR: c.actor,
    GITHUB_TRIGGERING_ACTOR: c.actor,
    GITHUB_API_URL: c.apiUrl,
    GITHUB_GRAPHQL_URL: graphqlUrl,
    GITHUB_SERVER_URL: c.serverUrl,
    GITHUB_EVENT_NAME: c.eventName,
    GITHUB_EVENT_PATH: dirs.eventPath,
    GITHUB_JOB: c.job,
    GITHUB_REF: c.ref,
    GITHUB_REF_NAME: refName,
    GITHUB_REF_TYPE: c.ref.startsWith('refs/tags/') ? 'tag' : 'branch',
    GITHUB_REF_PROTECTED: 'false',
    GITHUB_REPOSITORY: c.repository,
    GITHUB_REPOSITORY_OWNER: owner,
    GITHUB_RETENTION_DAYS: '90',
    GITHUB_RUN_ID: c.runId,
    GITHUB_RUN_NUMBER: c.runNumber,
    GITHUB_RUN_ATTEMPT: c.runAttempt,
    GITHUB_SHA: c.sha,
    GITHUB_WORKFLOW: c.workflow,
    GITHUB_WORKFLOW_REF: `${c.repository}/.github/workflows/ci.yml@${c.ref}`,
    GITHUB_WORKFLOW_SHA: c.sha,
    GITHUB_WORKSPACE: dirs.workspace,
    RUNNER_ARCH: 'X64',
    RUNNER_ENVIRONMENT: 'github-hosted',
    RUNNER_NAME: 'GitHub Actions 1',
    RUNNER_OS: 'Linux',
    RUNNER_TEMP: dirs.runnerTemp,
    RUNNER_TOOL_CACHE: dirs.toolCache,
    RUNNER_WORKSPACE: resolve(dirs.workspace, '..'),
    ImageOS: 'ubuntu24',
    // Set by the runner only for the steps of a composite action (its folder), not for a
    // top-level JavaScript action (CompositeActionHandler.cs sets github.action_path).
    ...(compositeDir === undefined ? {} : { GITHUB_ACTION_PATH: compositeDir }),
    ...(opts.debug ? { RUNNER_DEBUG: '1' } : {}),
    ...files,
  };
}
