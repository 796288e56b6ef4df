// `npm run local -- <action> --input name=value … [--env NAME=value …] [--repository OWNER/REPO]
// [--sha SHA] [--workspace DIR] [--json]`: runs an action's shipped bundle on this machine the way
// the runner does (docs/local-debugging.md) — action.yml defaults for the inputs left out, pre →
// main → post — against the embedded GitHub emulator, or against the GitHub that GITHUB_API_URL and
// GITHUB_TOKEN name. Prints outputs, the job summary and annotations; exits with the step's code.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { discoverActions } from './lib/actions.ts';
import { startGitHubEmulator, type GitHubEmulator } from '../test/harness/github/index.ts';
import { runAction, type RunResult } from '../test/harness/runner/index.ts';

const USAGE = 'usage: npm run local -- <action> [--input name=value]… [--env NAME=value]… [--repository OWNER/REPO] [--sha SHA] [--workspace DIR] [--json]';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    input: { type: 'string', multiple: true, default: [] },
    env: { type: 'string', multiple: true, default: [] },
    repository: { type: 'string', default: 'octo-org/octo-repo' },
    sha: { type: 'string', default: 'ffac537e6cbbf934b08745a378932722df287a53' },
    workspace: { type: 'string' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

function pairs(list: string[], what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new Error(`--${what} '${item}': expected name=value`);
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

const names = discoverActions().map((a) => a.name);
const action = positionals[0];
if (values.help) {
  console.log(`${USAGE}\nactions: ${names.join(', ')}`);
  process.exit(0);
}
if (!action || !names.includes(action)) fail(`Unknown action '${action ?? ''}': expected one of ${names.join(', ')}`);
if (positionals.length > 1) fail(`Unexpected argument '${positionals[1]}' (inputs are given as --input name=value)`);
let inputs: Record<string, string>;
let env: Record<string, string>;
try {
  inputs = pairs(values.input, 'input');
  env = pairs(values.env, 'env');
} catch (e) {
  fail((e as Error).message);
}
const workspace = resolve(values.workspace ?? process.cwd());
if (!existsSync(workspace)) fail(`--workspace ${workspace} does not exist`);
const repository = values.repository;
if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repository)) fail(`--repository '${repository}': expected OWNER/REPO`);

const realApi = process.env['GITHUB_API_URL'];
let github: GitHubEmulator | undefined;
let token: string;
let apiUrl: string;
if (realApi) {
  token = process.env['GITHUB_TOKEN'] ?? '';
  if (!token) fail('GITHUB_API_URL is set: set GITHUB_TOKEN too (a token for that GitHub)');
  apiUrl = realApi;
} else {
  github = await startGitHubEmulator();
  token = 'ghs_localRunToken0000000000000000000000000';
  const [owner] = repository.split('/');
  github.seed.org(owner!);
  github.seed.repo(repository);
  github.seed.token(token, { canWriteSecrets: true });
  apiUrl = github.url;
}

let result: RunResult;
try {
  result = await runAction({
    action,
    inputs,
    token,
    workspace,
    secrets: Object.entries(inputs).filter(([k]) => /token|password|secret|key|target-url/i.test(k)).map(([, v]) => v),
    env: {
      GITHUB_API_URL: apiUrl,
      ...(github ? { ACTIONS_ID_TOKEN_REQUEST_URL: github.oidc.requestUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: github.oidc.requestToken } : {}),
      ...env,
    },
    context: { repository, sha: values.sha, apiUrl, job: 'local', workflow: 'local' },
    timeoutMs: 60 * 60_000,
  });
} finally {
  if (github) await github.close();
}

if (values.json) {
  console.log(JSON.stringify({ conclusion: result.conclusion, exitCode: result.exitCode, outputs: result.outputs, annotations: result.annotations.map((a) => ({ level: a.level, message: a.maskedMessage })), summary: result.maskedSummary }, null, 2));
} else {
  const rule = (title: string): void => console.log(`\n── ${title} ${'─'.repeat(Math.max(0, 66 - title.length))}`);
  rule(`${action} (${result.conclusion}) against ${github ? `the embedded GitHub (${repository})` : apiUrl}`);
  console.log(result.log.trimEnd());
  rule('inputs (with action.yml defaults)');
  for (const [k, v] of Object.entries(result.inputs)) if (v !== '') console.log(`  ${k} = ${result.masks.some((m) => m && v.includes(m)) || k === 'github-token' ? '***' : v}`);
  rule('outputs');
  for (const [k, v] of Object.entries(result.outputs)) console.log(`  ${k} = ${v}`);
  if (result.annotations.length) {
    rule('annotations');
    for (const a of result.annotations) console.log(`  ${a.level}: ${a.maskedMessage.split('\n').join('\n    ')}`);
  }
  if (result.maskedSummary.trim()) {
    rule('job summary');
    console.log(result.maskedSummary.trimEnd());
  }
  if (github) {
    rule('GitHub calls');
    for (const [route, n] of Object.entries(github.countsByRoute())) console.log(`  ${String(n).padStart(3)} × ${route}`);
  }
}
process.exitCode = result.exitCode ?? 1;
