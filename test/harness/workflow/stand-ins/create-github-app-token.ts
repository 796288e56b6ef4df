// actions/create-github-app-token: exchanges an App's id and private key for an installation
// token. The stand-in mints a token in the GitHub emulator that can write secrets and variables
// (what an installation with those permissions gets) and masks it, as the real action does.

import { createHash } from 'node:crypto';
import type { StandIn } from './types.ts';

export const createGitHubAppToken: StandIn = {
  action: 'actions/create-github-app-token',
  async run(ctx) {
    const appId = ctx.with['app-id'] || ctx.with['client-id'] || '';
    const key = ctx.with['private-key'] ?? '';
    if (!appId) throw new Error("[@octokit/auth-app] appId option is required");
    if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(key)) throw new Error('[@octokit/auth-app] privateKey option is required (a PEM private key)');
    const token = `ghs_${createHash('sha256').update(`${appId}:${key}:${ctx.run.runId}`).digest('hex').slice(0, 36)}`;
    ctx.github.seed.token(token, { canWriteSecrets: true, login: `app-${appId}[bot]` });
    ctx.mask(token);
    return { token, 'installation-id': '4242', 'app-slug': `app-${appId}` };
  },
};
