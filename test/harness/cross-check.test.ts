// Cross-check: GitHub's own runner emulation (@github/local-action, on each action's source) and
// ours (on the shipped bundle) must agree. Where they disagree, ours is wrong until shown otherwise.
// local-action does not evaluate `${{ … }}` in action.yml defaults (the real runner does), so
// inputs defaulted by an expression are passed explicitly to both.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { join } from 'node:path';
import { discoverActions, root } from '../../scripts/lib/actions.ts';
import { runLocalAction } from './local-action.ts';
import { runAction } from './runner/index.ts';

const EXPLICIT = { ref: '0123456789abcdef0123456789abcdef01234567', 'github-token': 'ghs_crossCheckToken0000000000000000000000' };

/** One path each action has today; replaced by its happy path as behaviour lands. */
const INPUTS: Record<string, Record<string, string>> = {
  deploy: { environment: 'staging', run: 'true' },
  provision: { tool: 'terraform' },
  'rotate-secret': { name: 'DB_PASSWORD', destinations: 'github:repo' },
  'report-metrics': {},
};

const ENTRY = join('..', '..', 'test', 'fixtures', 'local-action', 'entry.ts');
const errorLines = (stdout: string): string[] =>
  stdout.split('\n').filter((l) => l.startsWith('::error::')).map((l) => l.slice('::error::'.length));

for (const action of discoverActions()) {
  test(`${action.name}: local-action and our runner emulation agree`, async () => {
    const inputs = { ...INPUTS[action.name], ...Object.fromEntries(Object.entries(EXPLICIT).filter(([k]) => k in (action.yml.inputs ?? {}))) };
    const [theirs, ours] = await Promise.all([
      runLocalAction({ actionDir: join(root, 'actions', action.name), entry: ENTRY, inputs, env: { SUITE_ACTION: action.name } }),
      runAction({ action: action.name, inputs }),
    ]);
    const ourErrors = ours.annotations.filter((a) => a.level === 'error').map((a) => a.message.replace(/\n/g, '%0A'));
    assert.deepEqual(errorLines(theirs.stdout), ourErrors, 'the same error annotations');
    assert.deepEqual(Object.keys(theirs.outputs).sort(), Object.keys(ours.outputs).sort(), 'the same outputs');
    const pick = (json: string | undefined): unknown => {
      const r = JSON.parse(json ?? '{}') as Record<string, unknown>;
      return { action: r.action, outcome: r.outcome, attempts: r.attempts, api_calls: r.api_calls, version: r.version };
    };
    assert.deepEqual(pick(theirs.outputs.record), pick(ours.outputs.record), 'the same execution record');
    assert.equal(ours.exitCode === 0, ourErrors.length === 0, 'our exit code follows setFailed (local-action always exits 0)');
  });
}
