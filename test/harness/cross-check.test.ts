// Cross-check: GitHub's own runner emulation (@github/local-action, on each action's source) and
// ours (on the shipped bundle) must agree. Where they disagree, ours is wrong until shown otherwise.
// local-action does not evaluate `${{ … }}` in action.yml defaults (the real runner does), so
// inputs defaulted by an expression are passed explicitly to both.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { discoverActions, root } from '../../scripts/lib/actions.ts';
import { installTerraformDouble } from './terraform/install.ts';
import { startGitHubEmulator } from './github/index.ts';
import { runLocalAction } from './local-action.ts';
import { runAction } from './runner/index.ts';

const EXPLICIT = { ref: '0123456789abcdef0123456789abcdef01234567', 'github-token': 'ghs_crossCheckToken0000000000000000000000' };

/** Each action's happy path (or, until its behaviour lands, the path it has). */
const INPUTS: Record<string, Record<string, string>> = {
  deploy: { environment: 'staging', run: 'echo "deploying $DEPLOY_SHA"' },
  provision: { tool: 'terraform', 'working-directory': 'infra', 'plan-file': 'infra.plan' },
  'rotate-secret': { name: 'DB_PASSWORD', destinations: 'github:repo' },
  // Every workflow of the repository (local-action does not set GITHUB_WORKFLOW_REF, the default's source).
  'report-metrics': { workflow: '*' },
};

/** What an action's happy path needs around it: provision plans a configuration with the terraform double. */
const scratch = mkdtempSync(join(tmpdir(), 'cross-check-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
function setup(action: string): { env: Record<string, string>; workspace?: (side: string) => string } {
  if (action !== 'provision') return { env: {} };
  const double = installTerraformDouble(join(scratch, 'tools'));
  return {
    env: double.env(),
    // One workspace per side (they run at the same time), with the same configuration.
    workspace: (side) => {
      const dir = join(scratch, side);
      mkdirSync(join(dir, 'infra'), { recursive: true });
      writeFileSync(join(dir, 'infra', 'main.tf.json'), JSON.stringify({ resource: { terraform_data: { a: { input: 'cross-check' } } } }));
      return dir;
    },
  };
}

const ENTRY = join('..', '..', 'test', 'fixtures', 'local-action', 'entry.ts');
// Request ids are random per emulator.
const stableText = (s: string): string => s.replace(/request id [0-9A-F:]+/g, 'request id X');
const errorLines = (stdout: string): string[] =>
  stdout.split('\n').filter((l) => l.startsWith('::error::')).map((l) => stableText(l.slice('::error::'.length)));

for (const action of discoverActions()) {
  test(`${action.name}: local-action and our runner emulation agree`, async () => {
    const inputs = { ...INPUTS[action.name], ...Object.fromEntries(Object.entries(EXPLICIT).filter(([k]) => k in (action.yml.inputs ?? {}))) };
    const around = setup(action.name);
    const [theirWorkspace, ourWorkspace] = around.workspace ? [around.workspace('theirs'), around.workspace('ours')] : [undefined, undefined];
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
        runLocalAction({ actionDir: join(root, 'actions', action.name), entry: ENTRY, inputs, context, env: { SUITE_ACTION: action.name, GITHUB_API_URL: a.url, ...around.env, ...(theirWorkspace ? { GITHUB_WORKSPACE: theirWorkspace } : {}) } }),
        runAction({ action: action.name, inputs, context, env: { GITHUB_API_URL: b.url, ...around.env }, ...(ourWorkspace ? { workspace: ourWorkspace } : {}) }),
      ]);
      assert.deepEqual(a.countsByRoute(), b.countsByRoute(), 'the same GitHub calls');
      assert.deepEqual([...a.contractViolations, ...b.contractViolations], []);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
    const ourErrors = ours.annotations.filter((a) => a.level === 'error').map((a) => stableText(a.message.replace(/\n/g, '%0A')));
    assert.deepEqual(errorLines(theirs.stdout), ourErrors, 'the same error annotations');
    // `metrics` holds the analysis window (from the clock) and the analysis time; `summary-file` a path under RUNNER_TEMP.
    const VOLATILE = ['record', 'duration-ms', 'rotated-at', 'version', 'metrics', 'summary-file'];
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
