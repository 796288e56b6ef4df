/**
 * What a child process an action starts — a deploy script, Terraform and its providers, an Ansible
 * task — must not inherit from the action's environment. No imports: deploy and provision use it
 * when they build a child's environment, which may be on their start paths.
 */

/**
 * What the runner gives a JavaScript action but not a `run:` step (actions/runner sets them in
 * NodeScriptActionHandler; tonistiigi/go-actions-cache's api.md: "Inline step scripts in workflows
 * do not see these variables"): the runtime token and the cache, results and artifact services it
 * unlocks. A child must not be able to write the cache or upload artifacts in the workflow's name.
 */
export const RUNNER_ONLY = ['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_RUNTIME_URL', 'ACTIONS_CACHE_URL', 'ACTIONS_RESULTS_URL', 'ACTIONS_CACHE_SERVICE_V2'] as const;

/** The job's OIDC token request: children get it only when the user opts in (deploy's `script-oidc`, provision's `tool-oidc`). */
export const OIDC_REQUEST = ['ACTIONS_ID_TOKEN_REQUEST_URL', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN'] as const;

/**
 * The variables to remove from a child's environment (each set to `undefined`, as shared/exec's
 * `env` option removes an inherited one): this step's INPUT_* (the token among them), the
 * runner-only variables and, unless `oidc`, the OIDC token request.
 */
export function withheldEnv(parent: NodeJS.ProcessEnv, o: { oidc: boolean }): Record<string, undefined> {
  const removed: Record<string, undefined> = {};
  for (const name of Object.keys(parent)) if (name.startsWith('INPUT_')) removed[name] = undefined;
  for (const name of [...RUNNER_ONLY, ...(o.oidc ? [] : OIDC_REQUEST)]) removed[name] = undefined;
  return removed;
}
