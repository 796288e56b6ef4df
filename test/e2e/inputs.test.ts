// How every bundle reads its inputs, as real workflows hand them over (docs/inputs.md): an input
// forwarded as '' by a reusable workflow gets its action.yml default; a misspelt input fails before
// any side effect, naming the closest one; a JavaScript action used inside a composite action sees
// only its own inputs; the job's token cannot be defaulted by the action itself.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { stringify } from 'yaml';
import { loadAction } from '../../scripts/lib/actions.ts';
import { e2e } from '../harness/e2e.ts';
import { startGitHubEmulator, type GitHubEmulator } from '../harness/github/index.ts';
import { repoRoot, type RunResult } from '../harness/runner/index.ts';
import { DEPLOY, deployWorld } from './helpers/deploy-world.ts';

const TOKEN = 'ghs_inputsE2eTokenThatMustNeverAppear0001';
const SHA = 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00';

const errorOf = (r: RunResult): string => r.annotations.find((a) => a.level === 'error' && a.source === 'action')?.message ?? '';
const runnerWarnings = (r: RunResult): string[] => r.annotations.filter((a) => a.level === 'warning' && a.source === 'runner').map((a) => a.message);

/** The inputs a reusable workflow passes when its caller gave only `given`: every other input is ''. */
function forwarded(action: string, given: Record<string, string>): Record<string, string> {
  const all = Object.fromEntries(Object.keys(loadAction(action).yml.inputs ?? {}).map((name) => [name, '']));
  return { ...all, ...given };
}

let github: GitHubEmulator;
before(async () => {
  github = await startGitHubEmulator();
  github.seed.repo('octo/app');
  github.seed.environment('octo/app', 'production');
  github.seed.token(TOKEN);
});
after(() => github.close());

const run = (h: ReturnType<typeof e2e>, action: string, inputs: Record<string, string>, env: Record<string, string> = {}): Promise<RunResult> =>
  h.run({ action, inputs, token: TOKEN, env: { GITHUB_API_URL: github.url, ...env }, context: { repository: 'octo/app', sha: SHA } });

describe("'' means not set: every optional input forwarded empty, as a reusable workflow does", () => {
  test('deploy: the defaults apply (ref = github.sha, no health gate, text log) and it deploys', async (t) => {
    const w = await deployWorld(t, () => ({}));
    const inputs = forwarded('deploy', { environment: 'staging', run: `printf 'ref=[%s]\\n' "$DEPLOY_SHA"; ${DEPLOY}`, 'github-token': w.token });
    const r = await w.deploy(inputs, { context: { sha: SHA } });
    assert.equal(r.exitCode, 0, r.stdout);
    assert.equal(r.outputs['status'], 'success');
    assert.ok(r.stdout.includes(`ref=[${SHA}]`), 'ref defaulted to github.sha');
    assert.deepEqual(w.records('staging').map((d) => d.sha), [SHA]);
    assert.deepEqual(r.annotations.filter((a) => a.source === 'action'), []);
    assert.equal(runnerWarnings(r).length, 0);
  });

  test('rotate-secret: the defaults apply (target none, a generated value of 32 characters) and it rotates', async (t) => {
    const h = e2e(t);
    h.haystack(() => github.receivedStrings());
    const r = await run(h, 'rotate-secret', forwarded('rotate-secret', { name: 'API_KEY', destinations: 'github:repo', 'github-token': TOKEN }));
    assert.equal(r.exitCode, 0, r.stdout);
    assert.equal(r.outputs['rotated'], 'true');
    const stored = github.secrets.get({ repo: 'octo/app' }, 'API_KEY')?.plaintext ?? '';
    h.secret(stored);
    assert.match(stored, /^[A-Za-z0-9]{32}$/, 'length and charset defaults');
  });

  test('report-metrics: the defaults apply (the current workflow, 7d against 28d, annotation) and it reports', async (t) => {
    const h = e2e(t);
    h.haystack(() => github.receivedStrings());
    github.seed.workflowRun('octo/app', { path: '.github/workflows/ci.yml', createdAt: new Date(Date.now() - 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z') });
    const r = await run(h, 'report-metrics', forwarded('report-metrics', { 'github-token': TOKEN }));
    assert.equal(r.exitCode, 0, r.stdout);
    assert.equal(r.outputs['runs'], '1');
    assert.equal(r.outputs['regressed'], 'false');
  });

  for (const [action, given] of [['provision', { tool: 'terraform' }]] as const) {
    test(`${action}: every input valid after defaults; fails only as not implemented yet`, async (t) => {
      const h = e2e(t);
      const r = await run(h, action, forwarded(action, { ...given, 'github-token': TOKEN }));
      assert.equal(r.exitCode, 1);
      assert.match(errorOf(r), new RegExp(`^${action}: not implemented yet`), errorOf(r));
    });
  }
});

describe('unknown inputs fail before any side effect, naming the closest input', () => {
  const typos: Array<[string, Record<string, string>, string, string]> = [
    ['deploy', { environment: 'staging', run: 'exit 0' }, 'health_url', 'health-url'],
    ['rotate-secret', { name: 'API_KEY', destinations: 'github:repo' }, 'dry_run', 'dry-run'],
    ['provision', { tool: 'terraform' }, 'working_directory', 'working-directory'],
    ['report-metrics', {}, 'regresion-threshold', 'regression-threshold'],
  ];
  for (const [action, given, typo, meant] of typos) {
    test(`${action}: '${typo}' → did you mean '${meant}'?`, async (t) => {
      const h = e2e(t);
      const before = github.requests.length;
      const r = await run(h, action, { ...given, [typo]: 'true' });
      assert.equal(r.exitCode, 1);
      const env = `INPUT_${typo.toUpperCase()}`;
      assert.equal(errorOf(r), `${action}: unknown input '${typo}' (${env}); did you mean '${meant}'?`);
      assert.match(runnerWarnings(r)[0] ?? '', new RegExp(`Unexpected input\\(s\\) '${typo}'`), 'the runner only warns');
      assert.equal(github.requests.length, before, 'no API call');
      assert.equal(JSON.parse(r.outputs['record'] ?? '{}').outcome, 'failure');
    });
  }

  test('deploy: a typo with no near name says it is not an input; several are reported at once', async (t) => {
    const w = await deployWorld(t, () => ({}));
    const r = await w.deploy({ environment: 'staging', run: DEPLOY, 'notify-slack': '#ops', 'health_url': 'http://127.0.0.1:1/' });
    assert.equal(r.exitCode, 1);
    const message = errorOf(r);
    assert.match(message, /2 inputs are invalid/);
    assert.match(message, /unknown input 'notify-slack' \(INPUT_NOTIFY-SLACK\); it is not an input of deploy/);
    assert.match(message, /unknown input 'health_url' \(INPUT_HEALTH_URL\); did you mean 'health-url'\?/);
    assert.equal(w.gh.requests.length, 0);
    assert.deepEqual(w.target.deploys, []);
  });

  test("an INPUT_* variable from the job's env: fails when set, is ignored when empty, and is tolerated with the documented switch", async (t) => {
    const w = await deployWorld(t, () => ({}));
    const base = { environment: 'staging', run: DEPLOY, ref: SHA };
    const stray = await w.deploy(base, { env: { 'INPUT_FETCH-DEPTH': '1' } });
    assert.equal(stray.exitCode, 1);
    assert.match(errorOf(stray), /unknown input 'fetch-depth' \(INPUT_FETCH-DEPTH\); it is not an input of deploy/);
    assert.equal(w.gh.requests.length, 0);

    const empty = await w.deploy(base, { env: { 'INPUT_FETCH-DEPTH': '' } });
    assert.equal(empty.exitCode, 0, empty.stdout);

    const tolerated = await w.deploy({ ...base, 'skip-if-deployed': 'false' }, { env: { 'INPUT_FETCH-DEPTH': '1', ACTIONS_SUITE_UNKNOWN_INPUTS: 'warn' } });
    assert.equal(tolerated.exitCode, 0, tolerated.stdout);
    const warning = tolerated.annotations.find((a) => a.level === 'warning' && a.source === 'action')?.message ?? '';
    assert.match(warning, /unknown input 'fetch-depth' .* Ignored, since ACTIONS_SUITE_UNKNOWN_INPUTS is warn/);
  });

  test("an empty github-token fails with what to pass, before any API call", async (t) => {
    const w = await deployWorld(t, () => ({}));
    const r = await w.deploy({ environment: 'staging', run: DEPLOY, 'github-token': '' });
    assert.equal(r.exitCode, 1);
    assert.match(errorOf(r), /^deploy: Input 'github-token' is empty, and an action cannot read the job's token by itself: pass it, e\.g\. `github-token: \$\{\{ secrets\.GH_TOKEN \|\| github\.token \}\}`/);
    assert.equal(w.gh.requests.length, 0);
  });
});

describe('inside a composite action, as the runner runs it', () => {
  test("deploy sees only its own inputs: the composite's inputs never become INPUT_* variables", async (t) => {
    const w = await deployWorld(t, () => ({}));
    const dir = mkdtempSync(join(tmpdir(), 'composite-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(
      join(dir, 'action.yml'),
      stringify({
        name: 'Company deploy',
        description: 'Wraps deploy with our conventions.',
        inputs: {
          environment: { required: true },
          'health-url': { required: false },
          'soak-time': { required: false },
          'notify-channel': { required: false, default: '#deploys' },
          token: { required: false, default: '${{ github.token }}' },
        },
        runs: {
          using: 'composite',
          steps: [
            {
              uses: join(repoRoot, 'actions', 'deploy'),
              with: {
                environment: '${{ inputs.environment }}',
                run: DEPLOY,
                ref: SHA,
                'health-url': '${{ inputs.health-url }}',
                'soak-time': '${{ inputs.soak-time }}',
                'github-token': '${{ inputs.token }}',
              },
              env: { TARGET: w.target.url },
            },
          ],
        },
      }),
    );
    const r = await w.h.run({
      actionDir: dir,
      inputs: { environment: 'staging', 'notify-channel': '#ops' },
      token: w.token,
      env: { GITHUB_API_URL: w.gh.url },
      context: { repository: 'octo/shop', sha: SHA },
    });
    const main = r.steps.find((s) => s.entry === 'main');
    assert.equal(main?.exitCode, 0, r.stdout);
    assert.equal(r.outputs['status'], 'success');
    const inputVars = Object.keys(main?.processEnv ?? {}).filter((k) => k.startsWith('INPUT_'));
    assert.ok(!inputVars.includes('INPUT_NOTIFY-CHANNEL') && !inputVars.includes('INPUT_TOKEN'), inputVars.join(', '));
    assert.ok(inputVars.includes('INPUT_SOAK-TIME') && main?.processEnv['INPUT_SOAK-TIME'] === '', "the composite forwards '' for an omitted input");
    assert.equal(main?.processEnv['GITHUB_ACTION_PATH'], dir);
    assert.equal(r.steps.find((s) => s.entry === 'post')?.exitCode, 0, 'post ran after the composite');
    assert.deepEqual(w.records('staging').map((d) => d.sha), [SHA]);
  });
});

describe('credentials in a URL input are masked where they are parsed', () => {
  const invalid: Array<[string, (password: string) => Record<string, string>]> = [
    ['health-url with a wrong scheme', (pw) => ({ 'health-url': `ftp://probe:${pw}@127.0.0.1/healthz` })],
    ['health-url that does not parse', (pw) => ({ 'health-url': `http://probe:${pw}@127.0.0.1:99999/healthz` })],
    ['environment-url with a wrong scheme, and another bad input', (pw) => ({ 'environment-url': `javascript://admin:${pw}@x/`, lock: 'maybe' })],
  ];
  for (const [label, inputs] of invalid) {
    test(`an invalid ${label}: the error names it, the password is never printed (leak scan)`, async (t) => {
      const w = await deployWorld(t, () => ({}));
      const password = w.h.secret('Sup3r-S3cret-in-a-URL');
      const r = await w.deploy({ environment: 'staging', run: DEPLOY, ref: SHA, ...inputs(password) });
      assert.equal(r.exitCode, 1);
      assert.match(errorOf(r), /Input '(health|environment)-url' has value "[a-z]+:\/\/\*\*\*@/);
      assert.ok(r.masks.includes(password), 'registered with the runner before anything was printed');
      const first = r.transcript.findIndex((l) => l.command?.name === 'add-mask' && l.command.data === password);
      const printedBefore = r.transcript.slice(0, first).filter((l) => l.command?.name !== 'add-mask');
      assert.ok(first >= 0 && printedBefore.every((l) => !l.line.includes(password)), 'masked before any other line');
      assert.equal(w.gh.requests.length, 0);
    });
  }
});
