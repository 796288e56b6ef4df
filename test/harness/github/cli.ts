// Runs one emulator as its own process (for the demo or manual poking): prints one JSON line
// {url, oidc} on stdout, then serves until SIGINT/SIGTERM. Drive it through /_emulator/.
//   node test/harness/github/cli.ts [--time-scale N] [--rate-limit-status 403|429]
import { parseArgs } from 'node:util';
import { startGitHubEmulator } from './index.ts';

const { values } = parseArgs({
  options: {
    'time-scale': { type: 'string' },
    'rate-limit-status': { type: 'string' },
  },
});

const timeScale = values['time-scale'] === undefined ? undefined : Number(values['time-scale']);
if (timeScale !== undefined && !(timeScale > 0)) throw new Error(`--time-scale must be a positive number, got '${values['time-scale']}'`);
const status = values['rate-limit-status'];
if (status !== undefined && status !== '403' && status !== '429') throw new Error(`--rate-limit-status must be 403 or 429, got '${status}'`);

const em = await startGitHubEmulator({
  ...(timeScale !== undefined ? { timeScale } : {}),
  ...(status !== undefined ? { rateLimitStatus: Number(status) as 403 | 429 } : {}),
});
process.stdout.write(`${JSON.stringify({ url: em.url, oidc: em.oidc })}\n`);

const stop = (): void => {
  void em.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
