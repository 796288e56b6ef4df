// Cross-check: GitHub's own runner emulation (@github/local-action, on each action's source) and
// ours (on the shipped bundle) must agree. Where they disagree, ours is wrong until shown otherwise.
// local-action does not evaluate `${{ … }}` in action.yml defaults (the real runner does), so
// inputs defaulted by an expression are passed explicitly to both.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { join } from 'node:path';
import { discoverActions, root } from '../../scripts/lib/actions.ts';
import { startGitHubEmulator } from './github/index.ts';
import { runLocalAction } from './local-action.ts';
import { runAction } from './runner/index.ts';

const EXPLICIT = { ref: '0123456789abcdef0123456789abcdef01234567', 'github-token': 'ghs_crossCheckToken0000000000000000000000' };

/** Each action's happy path (or, until its behaviour lands, the path it has). */
const INPUTS: Record<string, Record<string, string>> = {
  deploy: { environment: 'staging', run: 'echo "deploying $DEPLOY_SHA"' },
  provision: { tool: 'terraform' },
  'rotate-secret': { name: 'DB_PASSWORD', destinations: 'github:repo' },
  // Every workflow of the repository (local-action does not set GITHUB_WORKFLOW_REF, the default's source).
  'report-metrics': { workflow: '*' },
};

const ENTRY = join('..', '..', 'test', 'fixtures', 'local-action', 'entry.ts');
// Request ids are random per emulator.
const stableText = (s: string): string => s.replace(/request id [0-9A-F:]+/g, 'request id X');
const errorLines = (stdout: string): string[] =>
  stdout.split('\n').filter((l) => l.startsWith('::error::')).map((l) => stableText(l.slice('::error::'.length)));

for (const action of discoverActions()) {
  test(`${action.name}: local-action and our runner emulation agree`, async () => {
    const inputs = { ...INPUTS[action.name], ...Object.fromEntries(Object.entries(EXPLICIT).filter(([k]) => k in (action.yml.inputs ?? {}))) };
    // One fresh emulator per side, so both start from the same state.
    const [a, b] = await Promise.all([startGitHubEmulator(), startGitHubEmulator()]);
    const context = { repository: 'octo-org/octo-repo', sha: EXPLICIT.ref, runId: '1658821493', job: 'test' };
    for (const em of [a, b]) {
      em.seed.repo(context.repository);
      em.seed.token(EXPLICIT['github-token'], { canWriteSecrets: true });
    }
    let theirs: Awaited<ReturnType<typeof runLocalAction>>;
    let ours: Awaited<ReturnType<typeof runAction>>;
    try {
      [theirs, ours] = await Promise.all([
        runLocalAction({ actionDir: join(root, 'actions', action.name), entry: ENTRY, inputs, context, env: { SUITE_ACTION: action.name, GITHUB_API_URL: a.url } }),
        runAction({ action: action.name, inputs, context, env: { GITHUB_API_URL: b.url } }),
      ]);
      assert.deepEqual(a.countsByRoute(), b.countsByRoute(), 'the same GitHub calls');
      assert.deepEqual([...a.contractViolations, ...b.contractViolations], []);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
    const ourErrors = ours.annotations.filter((a) => a.level === 'error').map((a) => stableText(a.message.replace(/\n/g, '%0A')));
    assert.deepEqual(errorLines(theirs.stdout), ourErrors, 'the same error annotations');
    // `metrics` holds the analysis window (from the clock) and the analysis time.
    const VOLATILE = ['record', 'duration-ms', 'rotated-at', 'version', 'metrics'];
    const stable = (o: Record<string, string>): Record<string, string> => Object.fromEntries(Object.entries(o).filter(([k]) => !VOLATILE.includes(k)));
    assert.deepEqual(stable(theirs.outputs), stable(ours.outputs), 'the same outputs');
    const pick = (json: string | undefined): unknown => {
      const r = JSON.parse(json ?? '{}') as Record<string, unknown>;
      return { action: r.action, outcome: r.outcome, attempts: r.attempts, api_calls: r.api_calls, version: r.version };
    };
    assert.deepEqual(pick(theirs.outputs.record), pick(ours.outputs.record), 'the same execution record');
    assert.equal(ours.exitCode === 0, ourErrors.length === 0, 'our exit code follows setFailed (local-action always exits 0)');
  });
}
