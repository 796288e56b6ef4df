// deploy under contention, cancellation and API faults (reliability matrix groups A, B and G), on
// the shipped bundle: the environment lock (wait, timeout, fail), a cancelled or crashed main whose
// record the post step marks `error`, and GitHub answering badly — retried where safe, reconciled
// where a write may have landed, refused at once where retrying cannot help.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import type { GitHubEmulator } from '../harness/github/index.ts';
import type { RunResult } from '../harness/runner/index.ts';
import { DEPLOY, REPO, SERVER, deployWorld, type Rec, type World } from './helpers/deploy-world.ts';

const A = 'a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1';
const B = 'b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2';
const DEPLOYMENTS = 'POST /repos/{owner}/{repo}/deployments';
const STATUSES = 'POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses';
const LIST = 'GET /repos/{owner}/{repo}/deployments';

const world = (t: TestContext): Promise<World> => deployWorld(t, (target) => ({ environment: 'staging', run: DEPLOY, 'health-url': target.healthUrl }));

const states = (r: Rec | undefined): string[] => (r?.statuses ?? []).map((s) => s.state);
const errorOf = (r: RunResult): string => r.annotations.find((a) => a.level === 'error')?.message ?? '';
const count = (gh: GitHubEmulator, route: string): number => gh.countsByRoute()[route] ?? 0;

async function until(what: string, check: () => boolean, limitMs = 30_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > limitMs) throw new Error(`gave up waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// The two groups run side by side (each test has its own emulator, repository, token and target).
describe('deploy (e2e): safety', { concurrency: true }, () => {
  describe('deploy: lock, cancellation, crash', { concurrency: 3 }, () => {
    test('lock wait: another deployment in progress makes this one wait, then it proceeds after that one finished', async (t) => {
      const w = await world(t);
      const holder = w.suiteRecord({ environment: 'staging', sha: B, statuses: [{ state: 'in_progress', logUrl: `${SERVER}/${REPO}/actions/runs/1` }] });
      const running = w.deploy({ ref: A, 'lock-timeout': '60s' });
      // Let it look twice (it is waiting), then finish the other deployment the way its own job would.
      await until('the deploy to look at the environment twice', () => count(w.gh, LIST) >= 2);
      const res = await fetch(`${w.gh.url}/repos/${REPO}/deployments/${holder}/statuses`, {
        method: 'POST',
        headers: { authorization: `token ${w.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ state: 'success' }),
      });
      assert.equal(res.status, 201);
      const finishedAt = w.gh.requests.find((q) => q.method === 'POST' && q.path.endsWith(`/deployments/${holder}/statuses`))!.seq;
      const r = await running;
      assert.equal(r.exitCode, 0, r.stdout);
      const created = w.gh.requests.find((q) => q.route === DEPLOYMENTS)!;
      assert.ok(created.seq > finishedAt, 'this deployment was created only after the other one finished');
      assert.equal(r.outputs['previous-sha'], B, 'and it builds on what that one deployed');
      assert.match(r.stdout, new RegExp(`lock: waiting [\\d.]+m?s for deployment ${holder} \\(in_progress\\)`));
      assert.match(r.summary, /\| Lock \| done \| [\d.]+m?s \| waited [\d.]+m?s \(\d+ looks?\) \|/);
    });

    test('lock timeout: still busy after lock-timeout → fails naming the holder, creates nothing', async (t) => {
      const w = await world(t);
      const holder = w.suiteRecord({ environment: 'staging', sha: B, statuses: ['queued'] });
      const r = await w.deploy({ ref: A, 'lock-timeout': '1s' });
      assert.equal(r.exitCode, 1);
      assert.match(errorOf(r), new RegExp(`^deploy: 'staging' is still busy after waiting lock-timeout \\(1\\.0s\\): deployment ${holder} \\(b2b2b2b, queued since .*\\)$`));
      assert.equal(count(w.gh, DEPLOYMENTS), 0);
      assert.ok(count(w.gh, LIST) >= 2, 'it looked again before giving up');
      assert.equal(r.outputs['status'], 'failure');
      assert.deepEqual(w.target.deploys, []);
    });

    test("lock fail: fails at once; lock off: deploys alongside", async (t) => {
      const w = await world(t);
      w.suiteRecord({ environment: 'staging', sha: B, statuses: ['in_progress'] });
      const failed = await w.deploy({ ref: A, lock: 'fail' });
      assert.match(errorOf(failed), /'staging' is busy: deployment \d+ \(b2b2b2b, in_progress since .*\); lock is 'fail', so not waiting/);
      assert.equal(count(w.gh, LIST), 1);
      const off = await w.deploy({ ref: A, lock: 'off' });
      assert.equal(off.exitCode, 0, off.stdout);
      assert.match(off.summary, /\| Lock \| done \| [\d.]+m?s \| lock: off \|/);
    });

    test('cancellation during the script: the script is stopped and the post step marks the record error', async (t) => {
      const w = await world(t);
      const pidDir = mkdtempSync(join(tmpdir(), 'deploy-cancel-'));
      t.after(() => rmSync(pidDir, { recursive: true, force: true }));
      const r = await w.deploy(
        { ref: A, run: 'echo $$ > "$PID_DIR/script.pid"; echo started; sleep 60' },
        { cancelAfterMs: 4000, killGrace: { sigtermAfterMs: 5000, sigkillAfterMs: 2000 }, env: { PID_DIR: pidDir } },
      );
      assert.equal(r.cancelled, true);
      assert.ok(r.stdout.includes('started'), 'the script was running when the job was cancelled');
      const post = r.steps.find((s) => s.entry === 'post');
      assert.equal(post?.skipped, false);
      assert.equal(post?.exitCode, 0, 'post never fails the job');
      const [rec] = w.records('staging');
      assert.deepEqual(states(rec), ['in_progress', 'error']);
      assert.equal(rec!.statuses[1]!.description, 'The deploy step was cancelled or crashed before it finished');
      assert.equal(rec!.statuses[1]!.log_url, `${SERVER}/${REPO}/actions/runs/${r.steps[0]!.processEnv['GITHUB_RUN_ID']}`);
      assert.ok(r.annotations.some((a) => a.step === 'post' && a.level === 'warning' && /deployment \d+ was left in_progress .*: marked it error/.test(a.message)));
      const pid = Number(readFileSync(join(pidDir, 'script.pid'), 'utf8'));
      assert.throws(() => process.kill(pid, 0), /ESRCH/, 'the script was stopped with the step');
      assert.equal(JSON.parse(r.steps[0]!.outputs['record'] ?? '{}').outcome, 'cancelled');
      assert.equal(r.steps[0]!.outputs['status'], 'cancelled');
      assert.match(r.steps[0]!.summary, /^### deploy → staging: cancelled$/m, 'headed as what happened, not "failure"');
    });

    test('a crashed main (killed outright) leaves no record in_progress: post marks it error', async (t) => {
      const w = await world(t);
      const r = await w.deploy({ ref: A, run: 'kill -KILL $PPID; sleep 5' });
      assert.equal(r.steps[0]!.conclusion, 'failure');
      assert.equal(r.steps[0]!.signal, 'SIGKILL');
      assert.deepEqual(states(w.records('staging')[0]), ['in_progress', 'error']);
    });

    test('post does nothing when main closed the record (and never sends a request)', async (t) => {
      const w = await world(t);
      const r = await w.deploy({ ref: A });
      assert.equal(r.exitCode, 0);
      const postStarted = w.gh.requests.length;
      assert.equal(r.steps.find((s) => s.entry === 'post')?.exitCode, 0);
      assert.equal(w.gh.requests.length, postStarted);
      assert.deepEqual(states(w.records('staging')[0]), ['in_progress', 'success']);
    });
  });

  describe('deploy: API faults (reliability matrix A, B, G)', { concurrency: 3 }, () => {
    test('A8/G2: the create landed but its answer was lost (502) → reconciled by marker: exactly one deployment', async (t) => {
      const w = await world(t);
      w.gh.faults.inject({ route: DEPLOYMENTS, action: 'apply-then-status', status: 502, to: 1 });
      const r = await w.deploy({ ref: A });
      assert.equal(r.exitCode, 0, r.stdout);
      assert.equal(count(w.gh, DEPLOYMENTS), 1, 'never re-sent');
      assert.equal(w.records().length, 1);
      assert.equal(r.outputs['deployment-id'], String(w.records()[0]!.id));
      assert.match(r.stdout, /POST \/repos\/octo\/shop\/deployments: reconcile found that attempt 1 landed; not re-sending/);
      assert.deepEqual(states(w.records()[0]), ['in_progress', 'success']);
    });

    test('14.1: the create took effect but its 2xx answer was cut → reconciled by marker: its id reaches state, it is closed, the next deploy is not blocked', async (t) => {
      const w = await world(t);
      w.gh.faults.inject({ route: DEPLOYMENTS, action: 'truncated-json', to: 1 });
      const r = await w.deploy({ ref: A, run: 'exit 1', 'auto-rollback': 'false' });
      assert.equal(r.outputs['status'], 'failure');
      assert.equal(count(w.gh, DEPLOYMENTS), 1, 'never re-sent');
      const [rec, ...more] = w.records();
      assert.equal(more.length, 0, 'exactly one deployment');
      assert.equal(r.outputs['deployment-id'], String(rec!.id));
      assert.equal(r.state['deployment-id'], String(rec!.id), 'the id reached state (post could close it)');
      assert.deepEqual(states(rec), ['in_progress', 'failure'], 'closed, not left status-less');
      assert.doesNotMatch(errorOf(r), /did not create one/);
      const next = await w.deploy({ ref: B, 'lock-timeout': '0s' });
      assert.equal(next.exitCode, 0, next.stdout);
    });

    test('14.1: a 200 HTML page instead of the created record, and nothing landed → re-sent once: one deployment', async (t) => {
      const w = await world(t);
      w.gh.faults.inject({ route: DEPLOYMENTS, action: 'html', status: 200, to: 1 });
      const r = await w.deploy({ ref: A });
      assert.equal(r.exitCode, 0, r.stdout);
      assert.equal(count(w.gh, DEPLOYMENTS), 2);
      assert.equal(w.records().length, 1);
      assert.match(r.stdout, /POST \/repos\/octo\/shop\/deployments: attempt 1\/\d+ failed \(unreadable 200 answer \(cut or not JSON\), request id [^)]+\); retrying in/);
      assert.match(r.stdout, /reconcile found no trace of attempt 1; re-sending/);
    });

    test('14.7: a hung API is bounded by api-timeout and reported as a hang; post says so instead of blaming a cancellation', async (t) => {
      const w = await world(t);
      w.gh.faults.inject({ route: STATUSES, action: 'hang', from: 2, to: 2 });
      const r = await w.deploy({ ref: A, 'api-timeout': '10s' });
      assert.equal(r.exitCode, 1);
      assert.match(
        errorOf(r),
        /^deploy: GitHub API did not answer POST \/repos\/octo\/shop\/deployments\/\d+\/statuses within \d+\.\ds \(1 attempt\): api-timeout \(10\.0s, the total time this step may spend waiting on GitHub's API\) ran out — GitHub may be degraded \(https:\/\/www\.githubstatus\.com\); re-run the job, or raise api-timeout/,
      );
      assert.doesNotMatch(errorOf(r), /bug in the actions suite/);
      assert.equal(r.outputs['status'], 'failure');
      const [rec] = w.records();
      assert.deepEqual(states(rec), ['in_progress', 'error']);
      assert.equal(rec!.statuses[1]!.description, "The deploy step stopped: GitHub's API did not answer within api-timeout");
      assert.ok(r.annotations.some((a) => a.step === 'post' && a.level === 'warning' && /main stopped because GitHub's API did not answer within api-timeout/.test(a.message)));
      assert.ok(!r.annotations.some((a) => /cancelled or crashed/.test(a.message)));
    });

    test('B3: the connection reset after the create was sent (nothing landed) → reconcile finds nothing, re-sent once: one deployment', async (t) => {
      const w = await world(t);
      w.gh.faults.inject({ route: DEPLOYMENTS, action: 'reset-after-body', to: 1 });
      const r = await w.deploy({ ref: A });
      assert.equal(r.exitCode, 0, r.stdout);
      assert.equal(count(w.gh, DEPLOYMENTS), 2);
      assert.equal(w.records().length, 1);
      assert.match(r.stdout, /reconcile found no trace of attempt 1; re-sending/);
    });

    test('A8: a status landed but its answer was lost → not posted twice', async (t) => {
      const w = await world(t);
      w.gh.faults.inject({ route: STATUSES, action: 'apply-then-status', status: 504, from: 2, to: 2 });
      const r = await w.deploy({ ref: A });
      assert.equal(r.exitCode, 0, r.stdout);
      assert.match(r.stdout, /POST \/repos\/octo\/shop\/deployments\/\d+\/statuses: reconcile found that attempt 1 landed; not re-sending/);
      assert.equal(count(w.gh, STATUSES), 2);
      assert.deepEqual(states(w.records()[0]), ['in_progress', 'success']);
    });

    test('A7/B1/B7: bursts of 5xx, a reset mid-response and a truncated body on reads are retried', async (t) => {
      const w = await world(t);
      w.gh.faults.inject({ route: LIST, statuses: [502, 503] });
      w.gh.faults.inject({ route: 'GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', action: 'reset-mid-response', to: 1 });
      w.suiteRecord({ environment: 'staging', sha: A, statuses: ['success'] });
      const first = await w.deploy({ ref: B });
      assert.equal(first.exitCode, 0, first.stdout);
      assert.match(first.stdout, /GET \/repos\/octo\/shop\/deployments: attempt 1\/5 failed \(status 502, request id [\w:]+\); retrying in/);
      assert.match(first.stdout, /GET \/repos\/octo\/shop\/deployments\/\d+\/statuses: attempt 1\/\d failed \(.+\); retrying in/);
      assert.equal(first.outputs['previous-sha'], A);
      w.gh.faults.clear();
      w.gh.faults.inject({ route: LIST, action: 'truncated-json', to: 1 });
      const r = await w.deploy({ ref: A });
      assert.equal(r.exitCode, 0, r.stdout);
      assert.equal(r.outputs['previous-sha'], B);
      // The GitHub client retries an unreadable answer itself (shared/github.ts), as it does a network error.
      assert.match(r.stdout, /GET \/repos\/octo\/shop\/deployments: attempt 1\/5 failed \(unreadable 200 answer \(cut or not JSON\), request id [\w:]+\); retrying in/);
    });

    test('A1: 429 with Retry-After on a write: waits as asked, then succeeds', async (t) => {
      const w = await world(t);
      w.gh.faults.inject({ route: STATUSES, statuses: [429], headers: { 'retry-after': '1' }, to: 1 });
      const r = await w.deploy({ ref: A });
      assert.equal(r.exitCode, 0, r.stdout);
      assert.match(r.stdout, /rate limited, status 429.*retrying in 1\.0s/);
      assert.deepEqual(states(w.records()[0]), ['in_progress', 'success']);
    });

    test('A4: 403 "Resource not accessible by integration" is not retried, and names the permission', async (t) => {
      const w = await world(t);
      w.gh.faults.inject({ route: DEPLOYMENTS, statuses: [403], message: 'Resource not accessible by integration', headers: { 'x-accepted-github-permissions': 'deployments=write' } });
      const r = await w.deploy({ ref: A });
      assert.equal(r.exitCode, 1);
      assert.equal(count(w.gh, DEPLOYMENTS), 1);
      assert.match(errorOf(r), /^deploy: POST \/repos\/octo\/shop\/deployments: failed after 1 attempt \(status 403.*the token lacks Deployments: write; for the workflow's token add `deployments: write` to the job's `permissions:`/);
      assert.doesNotMatch(errorOf(r), /bug in the actions suite/);
      assert.deepEqual(w.target.deploys, []);
    });

    test('A5: bad credentials (401) fail at once, without the token', async (t) => {
      const w = await world(t);
      const r = await w.deploy({ ref: A, 'github-token': 'ghs_notSeededAnywhere0000000000000000000' });
      assert.equal(r.exitCode, 1);
      assert.equal(w.gh.requests.length, 1);
      assert.match(errorOf(r), /status 401.*GitHub refused the token in `github-token` \(missing, expired or revoked\)/);
    });

    test('A6: an unknown ref (422) is not retried and is named', async (t) => {
      const w = await world(t);
      const r = await w.deploy({ ref: 'no-such-branch' });
      assert.equal(r.exitCode, 1);
      assert.equal(count(w.gh, DEPLOYMENTS), 1);
      assert.match(errorOf(r), /failed after 1 attempt \(status 422.*No ref found for: no-such-branch/);
      assert.deepEqual(w.records(), []);
    });

    test('A9: a persistent 500 on the final status gives up after the attempt cap; post then marks the record error', async (t) => {
      const w = await world(t);
      w.gh.faults.inject({ route: STATUSES, statuses: [500], from: 2, to: 6 });
      const r = await w.deploy({ ref: A });
      assert.equal(r.exitCode, 1);
      assert.match(errorOf(r), /POST \/repos\/octo\/shop\/deployments\/\d+\/statuses: failed after \d attempts \(status 500/);
      assert.deepEqual(states(w.records()[0]), ['in_progress', 'error']);
      assert.equal(w.records()[0]!.statuses[1]!.description, 'The deploy step stopped: a GitHub API call failed for good', 'post says what happened');
    });
  });
});
