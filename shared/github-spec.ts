import { input } from './inputs.ts';

/**
 * The input every action that calls GitHub adds to its spec (`...githubSpec`) and passes on as
 * `createGitHub({ apiTimeoutMs: settings.apiTimeout })`: the total time the step may spend waiting
 * on GitHub's API — all calls, their retries and backoffs together — before it fails, reporting a
 * hung API as a hang. Without it each call is bounded only by the retry policy (~165 s for a route
 * that never answers, per call). Its default lives in each action.yml (suggested: 5m), with this
 * description:
 *
 *   Total time this step may spend on GitHub API calls (retries and waits included) before it
 *   fails; a GitHub that does not answer is reported as such. Time running your script or
 *   checking health does not count.
 *
 * On the start path of every action (inputs.ts imports it), so it imports only the input helpers.
 */
export const githubSpec = {
  'api-timeout': input.duration({ required: true, min: 10_000, max: 21_600_000 }),
};
