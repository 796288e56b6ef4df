/**
 * What to tell a user whose token GitHub refused (401) or found lacking (403). GitHub names the
 * fine-grained permission an endpoint needs in the `x-accepted-github-permissions` header
 * (https://docs.github.com/rest/using-the-rest-api/troubleshooting-the-rest-api#insufficient-permission-errors),
 * but not on GHES versions before it and not for classic tokens; then the route table below, taken
 * from "Permissions required for GitHub Apps" (https://docs.github.com/rest/authentication/permissions-required-for-github-apps),
 * answers for the routes the suite calls. The advice depends on the permission: the workflow's
 * GITHUB_TOKEN can be granted some under the job's `permissions:` (with different key names), and
 * can never hold others (secrets, variables, environments), which need a GitHub App or
 * fine-grained token.
 */

/** Fine-grained permission sets (alternatives) each route needs, keyed "METHOD /route/{template}". */
const ROUTE_PERMISSIONS: Readonly<Record<string, string>> = {
  'GET /repos/{owner}/{repo}': 'metadata=read',
  'GET /repos/{owner}/{repo}/deployments': 'deployments=read',
  'POST /repos/{owner}/{repo}/deployments': 'deployments=write',
  'GET /repos/{owner}/{repo}/deployments/{deployment_id}': 'deployments=read',
  'DELETE /repos/{owner}/{repo}/deployments/{deployment_id}': 'deployments=write',
  'GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses': 'deployments=read',
  'POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses': 'deployments=write',
  'GET /repos/{owner}/{repo}/environments/{environment_name}': 'actions=read',
  'GET /repos/{owner}/{repo}/commits/{ref}': 'contents=read',
  'GET /repos/{owner}/{repo}/compare/{basehead}': 'contents=read',
  'GET /repos/{owner}/{repo}/actions/runs': 'actions=read',
  'GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs': 'actions=read',
  'GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs': 'actions=read',
  'POST /repos/{owner}/{repo}/issues': 'issues=write',
  'POST /repos/{owner}/{repo}/issues/{issue_number}/comments': 'issues=write; pull_requests=write',
  'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}': 'issues=write; pull_requests=write',
  'GET /repos/{owner}/{repo}/actions/variables/{name}': 'actions_variables=read',
  'POST /repos/{owner}/{repo}/actions/variables': 'actions_variables=write',
  'PATCH /repos/{owner}/{repo}/actions/variables/{name}': 'actions_variables=write',
  'DELETE /repos/{owner}/{repo}/actions/variables/{name}': 'actions_variables=write',
  'GET /repos/{owner}/{repo}/actions/secrets/public-key': 'secrets=read',
  'PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}': 'secrets=write',
  'GET /repos/{owner}/{repo}/dependabot/secrets/public-key': 'dependabot_secrets=read',
  'PUT /repos/{owner}/{repo}/dependabot/secrets/{secret_name}': 'dependabot_secrets=write',
  'GET /repos/{owner}/{repo}/environments/{environment_name}/secrets/public-key': 'environments=read',
  'PUT /repos/{owner}/{repo}/environments/{environment_name}/secrets/{secret_name}': 'environments=write',
  'GET /orgs/{org}/actions/secrets/public-key': 'organization_secrets=read',
  'GET /orgs/{org}/actions/secrets/{secret_name}': 'organization_secrets=read',
  'PUT /orgs/{org}/actions/secrets/{secret_name}': 'organization_secrets=write',
};

/** The settings-page name of each permission (as GitHub App and fine-grained token pages show them). */
const TITLES: Readonly<Record<string, string>> = {
  actions: 'Actions',
  actions_variables: 'Variables',
  checks: 'Checks',
  contents: 'Contents',
  dependabot_secrets: 'Dependabot secrets',
  deployments: 'Deployments',
  environments: 'Environments',
  issues: 'Issues',
  metadata: 'Metadata',
  organization_actions_variables: 'organization Variables',
  organization_secrets: 'organization Secrets',
  pull_requests: 'Pull requests',
  secrets: 'Secrets',
  statuses: 'Commit statuses',
};

/** The workflow `permissions:` key of each permission GITHUB_TOKEN can be granted. */
const WORKFLOW_KEYS: Readonly<Record<string, string>> = {
  actions: 'actions',
  checks: 'checks',
  contents: 'contents',
  deployments: 'deployments',
  issues: 'issues',
  packages: 'packages',
  pages: 'pages',
  pull_requests: 'pull-requests',
  security_events: 'security-events',
  statuses: 'statuses',
};

/** The permission sets a route needs: GitHub's header when it sent one, else the table. */
export function permissionsFor(route: string, accepted: string | undefined): string | undefined {
  return accepted?.trim() || ROUTE_PERMISSIONS[route];
}

/** The sentence a 403 gets: which permission is missing and how to grant it to the token in `tokenInput`. */
export function forbiddenHint(route: string, accepted: string | undefined, tokenInput: string): string {
  const sets = parse(permissionsFor(route, accepted) ?? '');
  if (sets.length === 0) {
    return ` — the token lacks a permission this endpoint needs, or the resource is protected; check the permissions of the token in \`${tokenInput}\``;
  }
  const needed = sets.map((set) => set.map(({ name, level }) => `${TITLES[name] ?? name}: ${level}`).join(' and ')).join(', or ');
  // The workflow token can do it when some alternative is made only of permissions it can hold.
  const grantable = sets.find((set) => set.every(({ name }) => name === 'metadata' || WORKFLOW_KEYS[name] !== undefined));
  if (grantable) {
    const keys = grantable.filter(({ name }) => name !== 'metadata').map(({ name, level }) => `\`${WORKFLOW_KEYS[name]}: ${level}\``);
    return ` — the token lacks ${needed}; for the workflow's token add ${keys.join(' and ')} to the job's \`permissions:\`, for another token grant it that permission`;
  }
  return ` — the token lacks ${needed}, which the workflow's GITHUB_TOKEN can never have: pass a GitHub App installation token or a fine-grained personal access token with it as \`${tokenInput}\``;
}

/** The sentence a 401 gets. */
export function unauthorizedHint(tokenInput: string): string {
  return ` — GitHub refused the token in \`${tokenInput}\` (missing, expired or revoked): pass a valid token as \`${tokenInput}\``;
}

/** "a=read,b=write; c=admin" → [[{a, read}, {b, write}], [{c, admin}]]. */
function parse(header: string): Array<Array<{ name: string; level: string }>> {
  return header
    .split(';')
    .map((set) =>
      set
        .split(',')
        .map((pair) => pair.trim().split('='))
        .filter((pair): pair is [string, string] => pair.length === 2 && /^[a-z_]+$/.test(pair[0] ?? '') && /^[a-z]+$/.test(pair[1] ?? ''))
        .map(([name, level]) => ({ name, level })),
    )
    .filter((set) => set.length > 0);
}
