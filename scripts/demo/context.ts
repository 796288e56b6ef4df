import { startGitHubEmulator, type GitHubEmulator } from '../../test/harness/github/index.ts';

/** What every demo scene shares: the embedded GitHub emulator and the run's context. */
export interface DemoContext {
  github: GitHubEmulator;
  token: string;
  repository: string;
  env: Record<string, string>;
  context: { repository: string; serverUrl: string };
}

export async function startDemo(): Promise<DemoContext> {
  const github = await startGitHubEmulator();
  const repository = 'octo-org/shop';
  const token = 'ghs_demoInstallationToken000000000000000';
  github.seed.org('octo-org');
  github.seed.repo(repository);
  github.seed.token(token, { canWriteSecrets: true });
  return {
    github,
    token,
    repository,
    env: { GITHUB_API_URL: github.url, ACTIONS_ID_TOKEN_REQUEST_URL: github.oidc.requestUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: github.oidc.requestToken },
    context: { repository, serverUrl: 'https://github.com' },
  };
}
