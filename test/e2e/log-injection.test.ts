// No printed text can issue a workflow command (docs/faults.md, E3): an untrusted value that reaches
// a log line — a health endpoint's body, a repository variable, an input echoed in an error — is
// shown as text and never honoured by the runner, in both log formats, through every bundle. The
// runner emulation parses each line as actions/runner does (V2 `::` at a line start after trimming,
// legacy `##[` anywhere, stop-commands for the rest of the job).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { e2e } from '../harness/e2e.ts';
import { startGitHubEmulator, type GitHubEmulator } from '../harness/github/index.ts';
import type { RunResult } from '../harness/runner/index.ts';
import { deployWorld } from './helpers/deploy-world.ts';

const SHA = 'a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1';
const TOKEN = 'ghs_logInjectionE2eToken000000000000000001';

/** The commands the runner processed that the action did not mean to issue. */
function forged(r: RunResult, expected: readonly string[] = ['add-mask', 'error', 'warning', 'debug', 'group', 'endgroup', 'set-output', 'notice']): string[] {
  return r.transcript.filter((l) => l.command && !expected.includes(l.command.name)).map((l) => `${l.command!.name}: ${l.line}`);
}

/** The payload reached the log as text (so the test exercised the path it claims to). */
function shownAsText(r: RunResult, fragment: string): boolean {
  return r.transcript.some((l) => !l.command && l.line.includes(fragment));
}

for (const format of ['text', 'json'] as const) {
  describe(`log-format: ${format}`, () => {
    test("deploy: a health endpoint answering {\"version\":\"##[stop-commands]…\"} is reported, not obeyed", async (t) => {
      const w = await deployWorld(t, () => ({}));
      const r = await w.deploy({
        environment: 'staging',
        ref: SHA,
        'log-format': format,
        'health-json': `version=${SHA}`,
        'health-url': w.target.healthUrl,
        'health-timeout': '1s',
        'auto-rollback': 'false',
        // The script's own output is the user's, like a run: step's (docs/faults.md): it stays quiet here.
        run: `curl -fsS -o /dev/null --data-binary '##[stop-commands]pwned' "$TARGET/deploy"`,
      });
      assert.equal(r.exitCode, 1);
      assert.deepEqual(forged(r), []);
      assert.ok(shownAsText(r, 'stop-commands]pwned'), 'the body reached a log line');
      assert.match(r.annotations.find((a) => a.level === 'error' && a.source === 'action')?.message ?? '', /health gate failed/, 'later commands are still honoured');
    });

    test('rotate-secret: a repository variable holding ##[stop-commands] is refused and described, never echoed nor obeyed', async (t) => {
      const h = e2e(t);
      h.haystack(() => github.receivedStrings());
      github.seed.variable({ repo: 'octo/app' }, 'INJ_ROTATED_AT', '2099-01-01 (##[stop-commands]pwned)');
      const r = await h.run({
        action: 'rotate-secret',
        inputs: { name: 'INJ', destinations: 'github:repo', 'rotate-if-older-than': '6d', 'log-format': format },
        token: TOKEN,
        env: { GITHUB_API_URL: github.url },
        context: { repository: 'octo/app' },
      });
      assert.deepEqual(forged(r), []);
      // Variables are untrusted: rotate-secret validates them and describes what is wrong (docs/rotate-secret.md).
      assert.equal(r.exitCode, 1);
      assert.match(r.annotations.find((a) => a.level === 'error')?.message ?? '', /the variable INJ_ROTATED_AT does not hold a UTC time as this action writes it \(35 characters\)/);
      assert.ok(!r.transcript.some((l) => l.line.includes('pwned')), 'the value never reached a log line');
    });

    for (const [action, inputs] of [
      ['provision', { tool: 'terraform', 'working-directory': '../x\n::stop-commands::pwned ##[add-mask]y' }],
      ['report-metrics', { workflow: 'ci.yml\n::stop-commands::pwned ##[stop-commands]z' }],
    ] as const) {
      test(`${action}: an input value echoed in an error and in the record is never obeyed`, async (t) => {
        const h = e2e(t);
        const r = await h.run({ action, inputs: { ...inputs, 'log-format': format }, token: TOKEN, env: { GITHUB_API_URL: github.url }, context: { repository: 'octo/app' } });
        assert.equal(r.exitCode, 1);
        assert.deepEqual(forged(r), []);
        const error = r.annotations.find((a) => a.level === 'error' && a.source === 'action')?.message ?? '';
        assert.match(error, /stop-commands::pwned/, 'the value is shown');
        assert.ok(r.outputs['record'], 'the record was still written after the error');
      });
    }
  });
}

let github: GitHubEmulator;
before(async () => {
  github = await startGitHubEmulator();
  github.seed.repo('octo/app');
  github.seed.token(TOKEN);
});
after(() => github.close());
