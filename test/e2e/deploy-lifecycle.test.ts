// deploy end to end, on the shipped bundle through the runner emulation, against the GitHub
// emulator and a real HTTP service as the target: the promotion chain, refusals, idempotent skips
// and re-runs, the API budget, rollback after a failed health gate, and script retries.
// Each test has its own emulator, repository, token and target, so the tests run concurrently.
import assert from 'node:assert/strict';
import { describe, test, type TestContext } from 'node:test';
import type { GitHubEmulator } from '../harness/github/index.ts';
import type { RunResult } from '../harness/runner/index.ts';
import { DEPLOY, REPO, SERVER, deployWorld, summaryFacts, type Rec, type World } from './helpers/deploy-world.ts';

const A = 'a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1';
const B = 'b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2';
const C = 'c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3';
/** Deploys $DEPLOY_SHA to the target over HTTP. */
const CONCURRENCY = 3;

const world = (t: TestContext): Promise<World> => deployWorld(t, (target) => ({ 'health-url': target.healthUrl }));

const states = (r: Rec): string[] => r.statuses.map((s) => s.state);
const errorOf = (r: RunResult): string => r.annotations.find((a) => a.level === 'error')?.message ?? '';
/** Requests that change something (a GraphQL query is a POST that reads). */
const writes = (gh: GitHubEmulator): number => gh.requests.filter((q) => q.method !== 'GET' && q.route !== 'POST /graphql').length;

// The two groups run side by side (each test has its own emulator, repository, token and target).
describe('deploy (e2e): lifecycle', { concurrency: true }, () => {
  describe('deploy: lifecycle', { concurrency: CONCURRENCY }, () => {
    test('promotion chain dev → staging → production: one record per environment, statuses, outputs, summary', async (t) => {
      const w = await world(t);
      const json = { 'health-json': `version=${A}` };
      const dev = await w.deploy({ environment: 'dev', ref: A, run: DEPLOY, ...json }, { runId: '501' });
      assert.equal(dev.exitCode, 0, dev.stdout);
      const staging = await w.deploy({ environment: 'staging', ref: A, run: DEPLOY, 'promote-from': 'dev', 'environment-url': 'https://staging.shop.example', ...json }, { runId: '502' });
      assert.equal(staging.exitCode, 0, staging.stdout);
      const prod = await w.deploy(
        { environment: 'production', ref: A, run: DEPLOY, 'promote-from': 'staging', production: 'true', 'environment-url': 'https://shop.example/', ...json },
        { runId: '503' },
      );
      assert.equal(prod.exitCode, 0, prod.stdout);

      for (const [r, env] of [[dev, 'dev'], [staging, 'staging'], [prod, 'production']] as const) {
        assert.equal(r.outputs['status'], 'success');
        assert.equal(r.outputs['previous-sha'], '');
        assert.equal(r.outputs['attempts'], '1');
        assert.match(r.outputs['duration-ms'] ?? '', /^\d+$/);
        const [rec, ...more] = w.records(env);
        assert.equal(more.length, 0, `one record in ${env}`);
        assert.equal(rec!.sha, A);
        assert.equal(String(rec!.id), r.outputs['deployment-id']);
        assert.deepEqual(states(rec!), ['in_progress', 'success']);
        assert.match(rec!.statuses[0]!.log_url, new RegExp(`^${SERVER}/${REPO}/actions/runs/50[123]$`));
        assert.equal(JSON.parse(r.outputs['record'] ?? '{}').outcome, 'success');
      }
      const [prodRec] = w.records('production');
      assert.equal(prodRec!.production_environment, true);
      assert.equal(prodRec!.statuses[1]!.environment_url, 'https://shop.example/');
      assert.equal(prod.outputs['environment-url'], 'https://shop.example/');
      assert.equal(staging.outputs['environment-url'], 'https://staging.shop.example', 'no / added to a URL written without one');
      assert.equal(w.records('staging')[0]!.statuses[1]!.environment_url, 'https://staging.shop.example');
      assert.deepEqual(w.target.deploys, [A, A, A]);

      // The summary: environment, sha, previous sha, each phase with its duration, the promotion and the health checks.
      assert.match(prod.summary, /### deploy → production: success/);
      const facts = summaryFacts(prod.summary);
      assert.equal(facts['sha'], `\`${A}\``);
      assert.equal(facts['previous sha'], 'none');
      assert.match(facts['promoted from'] ?? '', /^staging \(deployment \d+, live for [\d.]+m?s\)$/);
      assert.equal(facts['environment url'], 'https://shop.example/');
      for (const phase of ['Read environment', 'Promotion check', 'Lock', 'Record', 'Deploy script', 'Health gate', 'Final status']) {
        assert.match(prod.summary, new RegExp(`\\| ${phase} \\| done \\| [\\d.]+m?s \\|`), phase);
      }
      assert.match(prod.summary, /\*\*Health gate\*\* — http:\/\/127\.0\.0\.1:\d+\/healthz: passed after 2 checks/);
      assert.match(prod.summary, /\| 2 \| [\d.]+m?s \| 200 \| ok \|/);
      assert.deepEqual(w.gh.contractViolations, []);
    });

    test('happy path API budget: at most 5 GitHub calls when the environment already has a live deployment', async (t) => {
      const w = await world(t);
      const first = await w.deploy({ environment: 'staging', ref: A, run: DEPLOY });
      assert.equal(first.exitCode, 0, first.stdout);
      assert.equal(JSON.parse(first.outputs['record'] ?? '{}').api_calls, 4, 'first deploy: list, create, in_progress, success');
      w.gh.clearLog();
      const second = await w.deploy({ environment: 'staging', ref: B, run: DEPLOY, 'health-json': `version=${B}` });
      assert.equal(second.exitCode, 0, second.stdout);
      const counts = w.gh.countsByRoute();
      assert.deepEqual(counts, {
        'GET /repos/{owner}/{repo}/deployments': 1,
        'GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses': 1,
        'POST /repos/{owner}/{repo}/deployments': 1,
        'POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses': 2,
      });
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      assert.ok(total <= 5, `${total} calls`);
      assert.equal(JSON.parse(second.outputs['record'] ?? '{}').api_calls, total, 'the record counts what the emulator saw');
      assert.equal(second.outputs['previous-sha'], A);
      assert.deepEqual(w.records('staging').map(states), [['in_progress', 'success', 'inactive'], ['in_progress', 'success']]);
    });

    test('promotion refused: never deployed to the source, then not soaked — the refusal names what is missing, nothing is written', async (t) => {
      const w = await world(t);
      const missing = await w.deploy({ environment: 'production', ref: B, run: DEPLOY, 'promote-from': 'staging' });
      assert.equal(missing.exitCode, 1);
      assert.match(errorOf(missing), /^deploy: Refusing to promote sha b2b2b2b from 'staging' to 'production': it has no deployment in 'staging'; deploy it there first \('staging' has no successful deployment\)$/);
      assert.equal(missing.outputs['status'], 'failure');

      assert.equal((await w.deploy({ environment: 'staging', ref: B, run: DEPLOY })).exitCode, 0);
      const before = writes(w.gh);
      const early = await w.deploy({ environment: 'production', ref: B, run: DEPLOY, 'promote-from': 'staging', 'soak-time': '1h' });
      assert.equal(early.exitCode, 1);
      assert.match(errorOf(early), /it has been live in 'staging' for [\d.]+m?s, less than soak-time 60m0s \(it can be promoted from \d{4}-\d\d-\d\dT/);
      const other = await w.deploy({ environment: 'production', ref: C, run: DEPLOY, 'promote-from': 'staging' });
      assert.match(errorOf(other), /sha c3c3c3c from 'staging' to 'production': it has no deployment in 'staging'; deploy it there first \('staging' runs b2b2b2b, deployment \d+\)/);
      assert.equal(writes(w.gh), before, 'a refused promotion writes nothing');
      assert.deepEqual(w.records('production'), []);
      assert.match(early.summary, /\| Promotion check \| failed \|/);
    });

    test('soak-wait: a promotion waits (bounded) for the source deployment to soak, and the summary says how long', async (t) => {
      const w = await world(t);
      assert.equal((await w.deploy({ environment: 'dev', ref: A, run: DEPLOY }, { runId: '601' })).exitCode, 0);
      // Right after dev's deploy: however slow the machine, a few seconds of the soak are left.
      const waited = await w.deploy({ environment: 'staging', ref: A, run: DEPLOY, 'promote-from': 'dev', 'soak-time': '8s', 'soak-wait': 'true' });
      assert.equal(waited.exitCode, 0, waited.stdout);
      assert.match(waited.stdout, /promotion: a1a1a1a has been live in 'dev' for [\d.]+m?s; waiting [\d.]+m?s of the [\d.]+m?s left of soak-time 8\.0s \(soak-wait\)/);
      assert.match(waited.summary, /\| Promotion check \| done \| [\d.]+m?s \| a1a1a1a is live in 'dev' \(deployment \d+\) for [\d.]+s; waited [\d.]+m?s for it to soak \(soak-wait\) \|/);
      assert.match(waited.summary, /- Deploy waited [\d.]+m?s for a1a1a1a to soak in 'dev' for soak-time 8\.0s \(soak-wait\)\./);
      const refused = await w.deploy({ environment: 'production', ref: A, run: DEPLOY, 'promote-from': 'dev', 'soak-time': '1h' });
      assert.match(errorOf(refused), /less than soak-time 60m0s \(it can be promoted from .*\)\. With soak-wait: true, deploy waits for it instead\.$/);
      const tooLong = await w.deploy({ environment: 'production', ref: A, run: DEPLOY, 'promote-from': 'dev', 'soak-time': '7h', 'soak-wait': 'true' });
      assert.match(errorOf(tooLong), /less than soak-time 420m0s .*; that is more than soak-wait's limit of 360m0s \(waited 0ms so far\)$/);
      const alone = await w.deploy({ environment: 'qa', ref: A, run: DEPLOY, 'soak-wait': 'true' });
      assert.equal(alone.exitCode, 0, 'without promote-from there is nothing to wait for (reusable workflows forward one value everywhere)');
    });

    test('promotion refused: the sha failed in the source (it was rolled back there)', async (t) => {
      const w = await world(t);
      assert.equal((await w.deploy({ environment: 'staging', ref: A, run: DEPLOY })).exitCode, 0);
      w.target.broken.add(B);
      const bad = await w.deploy({ environment: 'staging', ref: B, run: DEPLOY, 'health-timeout': '1s' });
      assert.equal(bad.outputs['status'], 'rolled-back');
      const promo = await w.deploy({ environment: 'production', ref: B, run: DEPLOY, 'promote-from': 'staging' });
      assert.match(errorOf(promo), /its deployment \d+ in 'staging' ended 'failure'; only a successful, active deployment can be promoted \('staging' runs a1a1a1a/);
    });

    test('idempotent: the sha already live is skipped with no write, and says so', async (t) => {
      const w = await world(t);
      const first = await w.deploy({ environment: 'staging', ref: A, run: DEPLOY, 'environment-url': 'https://staging.shop.example/' });
      assert.equal(first.exitCode, 0);
      w.gh.clearLog();
      const again = await w.deploy({ environment: 'staging', ref: A, run: 'echo must-not-run; exit 9' });
      assert.equal(again.exitCode, 0, again.stdout);
      assert.equal(again.outputs['status'], 'skipped');
      assert.equal(again.outputs['deployment-id'], first.outputs['deployment-id']);
      assert.equal(again.outputs['previous-sha'], A);
      assert.equal(again.outputs['environment-url'], 'https://staging.shop.example/');
      assert.equal(again.outputs['attempts'], '0');
      assert.equal(writes(w.gh), 0);
      assert.ok(!again.stdout.includes('must-not-run'));
      assert.match(again.summary, /### deploy → staging: skipped/);
      assert.match(again.summary, /a1a1a1a is already live in 'staging' \(deployment \d+, since .*\); nothing was deployed \(skip-if-deployed\)/);
      assert.equal(JSON.parse(again.outputs['record'] ?? '{}').outcome, 'skipped');

      const forced = await w.deploy({ environment: 'staging', ref: A, run: DEPLOY, 'skip-if-deployed': 'false' });
      assert.equal(forced.outputs['status'], 'success');
      assert.equal(w.records('staging').length, 2, 'skip-if-deployed: false deploys again');
    });

    test('workflow re-run (higher GITHUB_RUN_ATTEMPT): the earlier record is taken over, never duplicated', async (t) => {
      const w = await world(t);
      const attempt1 = await w.deploy({ environment: 'staging', ref: A, run: 'exit 4' }, { runId: '900', runAttempt: '1' });
      assert.equal(attempt1.exitCode, 1);
      assert.equal(attempt1.outputs['status'], 'failure');
      const attempt2 = await w.deploy({ environment: 'staging', ref: A, run: DEPLOY }, { runId: '900', runAttempt: '2' });
      assert.equal(attempt2.exitCode, 0, attempt2.stdout);
      assert.equal(attempt2.outputs['deployment-id'], attempt1.outputs['deployment-id']);
      const attempt3 = await w.deploy({ environment: 'staging', ref: A, run: DEPLOY }, { runId: '900', runAttempt: '3' });
      assert.equal(attempt3.outputs['status'], 'skipped');

      const recs = w.records('staging');
      assert.equal(recs.length, 1, 'one deployment for three attempts');
      assert.deepEqual(states(recs[0]!), ['in_progress', 'failure', 'in_progress', 'success']);
      assert.match(recs[0]!.statuses[2]!.description, /attempt 2\)$/);
      assert.equal((recs[0]!.payload['actions-suite/deploy'] as { run_attempt: number }).run_attempt, 1);
      assert.match(attempt2.stdout, /taking over the record of an earlier attempt of this run \(no duplicate\)/);
    });

    test("a job with `environment:` (GitHub's own record for the job) neither blocks the lock nor becomes the rollback target", async (t) => {
      const w = await world(t);
      assert.equal((await w.deploy({ environment: 'production', ref: A, run: DEPLOY })).exitCode, 0);
      const jobRecord = w.gh.seed.deployment(REPO, { environment: 'production', sha: B, ref: 'main', statuses: [{ state: 'in_progress', logUrl: `${SERVER}/${REPO}/actions/runs/777/job/1` }] });
      const r = await w.deploy({ environment: 'production', ref: B, run: DEPLOY, 'lock-timeout': '0s' }, { runId: '777' });
      assert.equal(r.exitCode, 0, r.stdout);
      assert.equal(r.outputs['previous-sha'], A);
      const warning = r.annotations.find((a) => a.level === 'warning' && a.source === 'action');
      assert.match(warning?.message ?? '', new RegExp(`GitHub also recorded deployment ${jobRecord} for it\\. To keep one record per deploy, declare \`environment: \\{ name: production, deployment: false \\}\``));
      assert.equal(warning?.title, 'deploy: two deployment records for one job');
    });
  });

  describe('deploy: failure, rollback and retries', { concurrency: CONCURRENCY }, () => {
    test('failed health gate → rollback to the last good sha → health again; outputs, statuses and summary say so; the step fails', async (t) => {
      const w = await world(t);
      assert.equal((await w.deploy({ environment: 'staging', ref: A, run: DEPLOY, 'health-json': `version=${A}` })).exitCode, 0);
      w.target.broken.add(B);
      const r = await w.deploy({ environment: 'staging', ref: B, run: DEPLOY, 'health-json': `version=${B}`, 'health-timeout': '1s', 'environment-url': 'https://staging.shop.example' });
      assert.equal(r.exitCode, 1);
      assert.equal(r.outputs['status'], 'rolled-back');
      assert.equal(r.outputs['previous-sha'], A);
      assert.deepEqual(w.target.deploys, [A, B, A], 'the previous sha was deployed again');
      assert.equal(w.target.version, A);
      assert.match(r.stdout, /^Health gate: failed in [\d.]+m?s$/m, 'the log says the gate failed');
      assert.doesNotMatch(r.stdout, /^Health gate: done/m);
      assert.equal(r.outputs['environment-url'], 'https://staging.shop.example', 'the environment is still there after a rollback');
      // The check in flight when health-timeout runs out ends without an answer; a loaded machine may get there.
      assert.match(errorOf(r), new RegExp(`^deploy: the health gate failed: 0 of 2 consecutive passes when health-timeout \\(1\\.0s\\) ran out after \\d+ checks; last check: (status 503 \\(expected 200\\)|no answer within [\\d.]+m?s)\\. Rolled back to ${A} \\(deployment \\d+\\), which is live again\\.$`));
      const [good, bad] = w.records('staging');
      assert.deepEqual(states(good!), ['in_progress', 'success'], 'the good deployment stays the live one');
      assert.deepEqual(states(bad!), ['in_progress', 'in_progress', 'failure']);
      assert.equal(bad!.statuses[1]!.description, 'Health gate failed; rolling back to a1a1a1a');
      assert.equal(bad!.statuses[2]!.description, 'Health gate failed; rolled back to a1a1a1a');
      assert.equal(JSON.parse(r.outputs['record'] ?? '{}').outcome, 'rolled-back');
      assert.match(r.summary, /### deploy → staging: rolled-back/);
      assert.match(r.summary, /\| Health gate \| failed \|/);
      assert.match(r.summary, /\| Rollback \| done \|/);
      assert.match(r.summary, /\| Rollback health gate \| done \| [\d.]+m?s \| 2\/2 consecutive passes/);
      assert.match(r.summary, /- Rolled back to a1a1a1a \(deployment \d+\), which passed its health gate; it remains the live deployment of 'staging'\./);
      assert.match(r.summary, /\| 1 \| [\d.]+m?s \| 503 \| status 503 \(expected 200\) \|/);

      // The next deploy rolls back to the same good sha, and a later good deploy carries on from it.
      const next = await w.deploy({ environment: 'staging', ref: C, run: DEPLOY, 'health-json': `version=${C}` });
      assert.equal(next.outputs['status'], 'success');
      assert.equal(next.outputs['previous-sha'], A);
    });

    test('script failure → rollback-run for the previous sha, with DEPLOY_ROLLBACK and DEPLOY_FAILED_SHA', async (t) => {
      const w = await world(t);
      assert.equal((await w.deploy({ environment: 'dev', ref: A, run: DEPLOY })).exitCode, 0);
      const r = await w.deploy({
        environment: 'dev',
        ref: B,
        run: 'echo "migration failed" >&2; exit 3',
        'rollback-run': `echo "rollback=$DEPLOY_ROLLBACK to=$DEPLOY_SHA ref=$DEPLOY_REF failed=$DEPLOY_FAILED_SHA previous=$PREVIOUS_SHA"; ${DEPLOY}`,
      });
      assert.equal(r.exitCode, 1);
      assert.equal(r.outputs['status'], 'rolled-back');
      assert.ok(r.stdout.includes(`rollback=true to=${A} ref=${A} failed=${B} previous=${A}`), r.stdout);
      assert.match(errorOf(r), /^deploy: the deploy script exited with code 3\. Rolled back to a1a1/);
      assert.deepEqual(w.target.deploys, [A, A]);
      assert.deepEqual(states(w.records('dev')[1]!), ['in_progress', 'in_progress', 'failure']);
      assert.match(r.summary, /\| Deploy script \| failed \|/);
    });

    test('no earlier success: nothing to roll back to; auto-rollback off: not rolled back; both say why', async (t) => {
      const w = await world(t);
      w.target.broken.add(A);
      const first = await w.deploy({ environment: 'qa', ref: A, run: DEPLOY, 'health-timeout': '1s' });
      assert.equal(first.outputs['status'], 'failure');
      assert.match(errorOf(first), /Not rolled back: 'qa' has no earlier successful deployment to roll back to\.$/);
      assert.deepEqual(states(w.records('qa')[0]!), ['in_progress', 'failure']);

      w.target.broken.delete(A);
      assert.equal((await w.deploy({ environment: 'qa', ref: A, run: DEPLOY, 'skip-if-deployed': 'false' })).exitCode, 0);
      const off = await w.deploy({ environment: 'qa', ref: B, run: 'exit 1', 'auto-rollback': 'false' });
      assert.equal(off.outputs['status'], 'failure');
      assert.match(errorOf(off), /the deploy script exited with code 1\. Not rolled back: auto-rollback is off\.$/);
      assert.match(off.summary, /\| Rollback \| skipped \| – \| auto-rollback is off \|/);
      assert.deepEqual(w.target.deploys, [A, A]);
    });

    test('the rollback fails too: the record ends error and the message says the environment needs attention', async (t) => {
      const w = await world(t);
      assert.equal((await w.deploy({ environment: 'staging', ref: A, run: DEPLOY })).exitCode, 0);
      const r = await w.deploy({ environment: 'staging', ref: B, run: 'exit 2', 'rollback-run': 'exit 5' });
      assert.equal(r.outputs['status'], 'failure');
      assert.match(errorOf(r), /The rollback to a1a1\w+ failed too: the rollback script failed \(exited with code 5\); 'staging' needs attention\.$/);
      assert.deepEqual(states(w.records('staging')[1]!), ['in_progress', 'in_progress', 'error']);
    });

    test('the script is retried only on the listed exit codes', async (t) => {
      const w = await world(t);
      const flaky = `n=$(cat "$RUNNER_TEMP/n" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "$RUNNER_TEMP/n"; echo "attempt $DEPLOY_ATTEMPT"; [ "$n" -ge 3 ] || exit 75; ${DEPLOY}`;
      const retried = await w.deploy({ environment: 'dev', ref: A, run: flaky, retries: '3', 'retry-on-exit-codes': '75' });
      assert.equal(retried.exitCode, 0, retried.stdout);
      assert.equal(retried.outputs['attempts'], '3');
      const record = JSON.parse(retried.outputs['record'] ?? '{}');
      assert.equal(record.attempts, 3);
      assert.ok(record.retries >= 2);
      assert.match(retried.stdout, /script attempt 1\/4 failed: exited with code 75; retrying in/);
      assert.match(retried.stdout, /attempt 3\n/);

      const notListed = await w.deploy({ environment: 'qa', ref: A, run: 'exit 1', retries: '3', 'retry-on-exit-codes': '75' });
      assert.equal(notListed.outputs['attempts'], '1');
      assert.match(notListed.stdout, /script attempt 1 failed: exited with code 1 \(not retried: exit code 1 is not in retry-on-exit-codes\)/);

      const noRetries = await w.deploy({ environment: 'prod', ref: A, run: 'exit 75' });
      assert.equal(noRetries.outputs['attempts'], '1', 'retries defaults to 0');
    });
  });
});
