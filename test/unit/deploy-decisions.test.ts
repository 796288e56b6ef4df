// deploy's decisions, table by table: what an environment looks like (the walk), which records are
// trusted, who holds the lock and what to do about it, whether a promotion may go ahead (or wait for
// its soak), whether a script may run again and what it sees, where a rollback goes, the re-run
// marker and the summary's escaping. Fake clocks, fake data; no I/O.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { DeploymentInfo, StatusInfo } from '../../actions/deploy/src/deployments.ts';
import { markerOf } from '../../actions/deploy/src/deployments.ts';
import { canReuse, inspectEnvironment, type EnvironmentView, type Observed } from '../../actions/deploy/src/environment.ts';
import { deploymentMarker, isThisRun, readJobContext } from '../../actions/deploy/src/job.ts';
import { acquireLock, decideLock, lockCandidates, lockHolders, lockPollDelay, STALE_AFTER_MS, type Holder } from '../../actions/deploy/src/lock.ts';
import { decidePromotion, type PromotionQuery } from '../../actions/deploy/src/promotion.ts';
import { planRollback, rollbackCandidate } from '../../actions/deploy/src/rollback.ts';
import { mayRetry, retryDelay, scriptEnv } from '../../actions/deploy/src/script.ts';
import { text } from '../../shared/summary.ts';
import { distrust, lazyIdentity, reachability, writtenBy, type Identity } from '../../actions/deploy/src/trust.ts';
import { UserError } from '../../shared/errors.ts';
import { FakeClock } from './helpers/fake-clock.ts';

const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);
const RUN_URL = 'https://github.com/octo/app/actions/runs/77';
const MARKER = deploymentMarker({ runId: '77', job: 'deploy', step: 'ship', environment: 'staging', ref: 'main' });
const sha = (c: string): string => c.repeat(40);
const iso = (msAgo: number): string => new Date(NOW - msAgo).toISOString();
/** The account the step's token acts as, and someone else with `deployments: write`. */
const ME: Identity = { id: 41, login: 'deploy-bot[bot]' };
const OTHER: Identity = { id: 99, login: 'mallory' };
const SUITE = 'run/1/job/deploy/step/ship/environment/staging/ref/main';

function dep(id: number, s: string, o: Partial<DeploymentInfo> = {}): DeploymentInfo {
  return { id, sha: sha(s), ref: 'main', environment: 'staging', createdAt: iso(60_000), marker: undefined, creator: undefined, ...o };
}
/** A record this suite wrote with the step's token (another run's marker). */
const ours = (id: number, s: string, o: Partial<DeploymentInfo> = {}): DeploymentInfo => dep(id, s, { marker: SUITE, creator: ME, ...o });
function status(state: string, o: Partial<StatusInfo> = {}): StatusInfo {
  return { state, createdAt: iso(30_000), description: '', logUrl: 'https://github.com/octo/app/actions/runs/1', environmentUrl: '', ...o };
}
/** A fake API over a list (newest first) and latest statuses by id; counts status reads. */
function fakeApi(list: DeploymentInfo[], statuses: Record<number, StatusInfo | undefined>) {
  const reads: number[] = [];
  return {
    reads,
    api: {
      list: async () => list,
      latestStatus: async (id: number) => {
        reads.push(id);
        return statuses[id];
      },
    },
  };
}

describe('inspectEnvironment: one list, then statuses down to the first success', () => {
  test('happy path: the newest is live → one status read', async () => {
    const f = fakeApi([dep(3, 'c'), dep(2, 'b'), dep(1, 'a')], { 3: status('success'), 2: status('inactive'), 1: status('inactive') });
    const v = await inspectEnvironment(f.api, 'staging', { marker: MARKER, runUrl: RUN_URL });
    assert.deepEqual(f.reads, [3]);
    assert.equal(v.active?.deployment.id, 3);
    assert.equal(v.previous?.deployment.id, 3);
  });

  test('a failed newest deployment (rolled back) is walked past to the live one', async () => {
    const f = fakeApi([dep(3, 'c'), dep(2, 'b'), dep(1, 'a')], { 3: status('failure'), 2: status('success'), 1: status('inactive') });
    const v = await inspectEnvironment(f.api, 'staging', { marker: MARKER, runUrl: RUN_URL });
    assert.deepEqual(f.reads, [3, 2]);
    assert.equal(v.active?.deployment.sha, sha('b'));
  });

  test("this step's earlier attempt is live: it is active, but the rollback target is the one before it", async () => {
    const f = fakeApi([dep(3, 'c', { marker: MARKER }), dep(2, 'b'), dep(1, 'a')], { 3: status('success'), 2: status('inactive'), 1: status('success') });
    const v = await inspectEnvironment(f.api, 'staging', { marker: MARKER, runUrl: RUN_URL });
    assert.equal(v.active?.deployment.id, 3);
    assert.equal(v.ours?.id, 3);
    assert.equal(v.previous?.deployment.id, 1);
  });

  test("GitHub's record for this job (status links to this run) is recognised", async () => {
    const f = fakeApi([dep(4, 'c'), dep(3, 'b')], { 4: status('in_progress', { logUrl: `${RUN_URL}/job/9` }), 3: status('success') });
    const v = await inspectEnvironment(f.api, 'staging', { marker: MARKER, runUrl: RUN_URL });
    assert.deepEqual(v.jobRecords.map((o) => o.deployment.id), [4]);
    assert.deepEqual(lockCandidates(v), [], 'it never holds the lock against its own job');
  });

  test('the walk is bounded', async () => {
    const list = Array.from({ length: 30 }, (_, i) => dep(100 - i, 'f'));
    const f = fakeApi(list, Object.fromEntries(list.map((d) => [d.id, status('failure')])));
    const v = await inspectEnvironment(f.api, 'staging', { marker: MARKER, runUrl: RUN_URL, maxReads: 5 });
    assert.equal(f.reads.length, 5);
    assert.equal(v.truncated, true);
    assert.equal(v.previous, undefined);
  });

  test('canReuse: only when nobody deployed after the earlier attempt', () => {
    const view = (listed: DeploymentInfo[], ours?: DeploymentInfo, jobRecords: Observed[] = []): EnvironmentView =>
      ({ environment: 'staging', listed, observed: [], active: undefined, previous: undefined, ours, jobRecords, truncated: false });
    const mine = dep(5, 'a', { marker: MARKER });
    assert.equal(canReuse(view([mine, dep(4, 'b')], mine)), true);
    assert.equal(canReuse(view([dep(6, 'c'), mine], mine)), false);
    assert.equal(canReuse(view([dep(6, 'c'), mine], mine, [{ deployment: dep(6, 'c'), status: undefined }])), true);
    assert.equal(canReuse(view([dep(4, 'b')])), false);
  });
});

describe('lock', () => {
  const view = (observed: Observed[], o: Partial<EnvironmentView> = {}): EnvironmentView => ({
    environment: 'staging',
    listed: observed.map((x) => x.deployment),
    observed,
    active: undefined,
    previous: undefined,
    ours: undefined,
    jobRecords: [],
    truncated: false,
    ...o,
  });

  test('holders: busy states and records without a status; finished ones, ours and stale ones do not hold it', () => {
    const mine = ours(7, 'z', { marker: MARKER });
    const v = view(
      [
        { deployment: mine, status: status('in_progress') },
        { deployment: ours(6, 'f'), status: status('queued') },
        { deployment: ours(5, 'e'), status: undefined },
        { deployment: ours(4, 'd'), status: status('failure') },
        { deployment: ours(3, 'c'), status: status('in_progress', { createdAt: iso(STALE_AFTER_MS + 1) }) },
        { deployment: ours(2, 'b'), status: status('success') },
      ],
      { ours: mine },
    );
    const { holders, stale } = lockHolders(lockCandidates(v), NOW, (d) => writtenBy(d, ME));
    assert.deepEqual(holders.map((h) => [h.id, h.state]), [[6, 'queued'], [5, 'pending']]);
    assert.deepEqual(stale.map((h) => h.id), [3]);
  });

  test('S4: a busy record someone else wrote, or one without the suite marker, never holds the lock', () => {
    const v = view([
      { deployment: ours(8, 'h', { creator: OTHER }), status: status('in_progress') },
      { deployment: dep(7, 'g', { creator: ME }), status: status('in_progress') },
      { deployment: ours(6, 'f'), status: status('in_progress') },
    ]);
    assert.deepEqual(lockCandidates(v).map((o) => o.deployment.id), [8, 6], 'only records with the suite marker are candidates');
    assert.deepEqual(lockHolders(lockCandidates(v), NOW, (d) => writtenBy(d, ME)).holders.map((h) => h.id), [6]);
  });

  const holder: Holder = { id: 9, sha: sha('9'), state: 'in_progress', since: NOW - 5000 };
  const decide = (o: Partial<Parameters<typeof decideLock>[0]>) =>
    decideLock({ mode: 'wait', holders: [holder], environment: 'staging', now: NOW, deadline: NOW + 60_000, poll: 0, timeoutMs: 60_000, ...o });
  const table: [string, Partial<Parameters<typeof decideLock>[0]>, string, RegExp?][] = [
    ['free', { holders: [] }, 'proceed'],
    ['off ignores holders', { mode: 'off' }, 'proceed'],
    ['fail mode fails at once, naming the holder', { mode: 'fail' }, 'fail', /'staging' is busy: deployment 9 \(9999999, in_progress since .*\); lock is 'fail'/],
    ['wait mode waits', {}, 'wait'],
    ['wait mode fails at the deadline', { now: NOW + 60_000 }, 'fail', /still busy after waiting lock-timeout \(1m0s\): deployment 9/],
    ['lock-timeout 0 never waits', { deadline: NOW, timeoutMs: 0 }, 'fail', /lock-timeout \(0ms\)/],
  ];
  for (const [name, o, kind, re] of table) {
    test(name, () => {
      const d = decide(o);
      assert.equal(d.kind, kind);
      if (re && d.kind === 'fail') assert.match(d.reason, re);
    });
  }

  test('poll delays double from 1 s to 30 s, at most a quarter of the timeout, and never sleep past the deadline', () => {
    assert.deepEqual([0, 1, 2, 5, 9].map((p) => lockPollDelay(p, 600_000)), [1000, 2000, 4000, 30_000, 30_000]);
    assert.deepEqual([0, 3].map((p) => lockPollDelay(p, 2000)), [500, 500]);
    assert.equal(lockPollDelay(0, 0), 100);
    const d = decide({ now: NOW + 59_800 });
    assert.equal(d.kind === 'wait' && d.delayMs, 200);
  });

  test('acquireLock waits, looks again, and proceeds once the holder finished', async () => {
    const clock = new FakeClock({ start: NOW });
    const busy = view([{ deployment: ours(9, '9'), status: status('in_progress', { createdAt: iso(0) }) }]);
    const free = view([{ deployment: ours(9, '9'), status: status('success') }]);
    let looks = 0;
    let asked = 0;
    const identity = async () => (asked++, ME);
    const r = await acquireLock({ mode: 'wait', timeoutMs: 60_000, first: busy, inspect: async () => (++looks >= 2 ? free : busy), identity, clock, log: () => undefined });
    assert.equal(looks, 2);
    assert.equal(r.polls, 2);
    assert.deepEqual(clock.sleeps, [1000, 2000]);
    assert.equal(r.view, free);
    assert.ok(asked >= 1);
  });

  test('acquireLock asks who the token is only when a record could hold the lock', async () => {
    const clock = new FakeClock({ start: NOW });
    let asked = 0;
    const free = view([{ deployment: ours(9, '9'), status: status('success') }, { deployment: dep(8, '8'), status: status('in_progress') }]);
    const r = await acquireLock({ mode: 'wait', timeoutMs: 60_000, first: free, inspect: async () => free, identity: async () => (asked++, ME), clock, log: () => undefined });
    assert.equal(r.polls, 0);
    assert.equal(asked, 0);
  });

  test('acquireLock: a forged in_progress record is ignored, with a line that says whose it is', async () => {
    const clock = new FakeClock({ start: NOW });
    const lines: string[] = [];
    const forged = view([{ deployment: ours(9, '9', { creator: OTHER }), status: status('in_progress', { createdAt: iso(0) }) }]);
    const r = await acquireLock({ mode: 'fail', timeoutMs: 60_000, first: forged, inspect: async () => forged, identity: async () => ME, clock, log: (l) => lines.push(l) });
    assert.equal(r.polls, 0);
    assert.deepEqual(lines, ["lock: ignoring deployment 9 (in_progress): deployment 9 was created by mallory (id 99), not by the account this step's token acts as (deploy-bot[bot], id 41)"]);
  });

  test('acquireLock gives up at lock-timeout with a UserError', async () => {
    const clock = new FakeClock({ start: NOW });
    const busy = view([{ deployment: ours(9, '9'), status: status('in_progress', { createdAt: iso(0) }) }]);
    await assert.rejects(
      acquireLock({ mode: 'wait', timeoutMs: 5000, first: busy, inspect: async () => busy, identity: async () => ME, clock, log: () => undefined }),
      (e: unknown) => e instanceof UserError && /still busy after waiting lock-timeout \(5\.0s\)/.test(e.message),
    );
    assert.equal(clock.slept, 5000);
  });
});

describe('promotion', () => {
  const q = (o: Partial<PromotionQuery> = {}): PromotionQuery => ({ source: 'staging', target: 'production', sha: sha('a'), ref: sha('a'), soakMs: 30 * 60_000, now: NOW, ...o });
  const live = (s: string, liveMs: number, o: Partial<DeploymentInfo> = {}): Observed => ({ deployment: ours(5, s, o), status: status('success', { createdAt: iso(liveMs) }) });
  const view = (active: Observed | undefined, listed: DeploymentInfo[] = active ? [active.deployment] : []): EnvironmentView => ({
    environment: 'staging',
    listed,
    observed: active ? [active] : [],
    active,
    previous: active,
    ours: undefined,
    jobRecords: [],
    truncated: false,
  });

  test('the same sha, live and soaked: go, with the sha recorded in the source', () => {
    const d = decidePromotion(q(), view(live('a', 31 * 60_000)), ME);
    assert.deepEqual(d, { kind: 'go', sha: sha('a'), deploymentId: 5, liveForMs: 31 * 60_000 });
  });
  test('soak-time 0: go at once', () => assert.equal(decidePromotion(q({ soakMs: 0 }), view(live('a', 0)), ME).kind, 'go'));
  test('a branch ref: the sha live in the source for that ref is promoted', () => {
    const d = decidePromotion(q({ sha: undefined, ref: 'release/1.2' }), view(live('b', 3_600_000, { ref: 'release/1.2' })), ME);
    assert.equal(d.kind === 'go' && d.sha, sha('b'));
  });
  test('not soaked yet: soaking, with how long is left (soak-wait waits that long)', () => {
    const d = decidePromotion(q(), view(live('a', 10 * 60_000)), ME);
    assert.equal(d.kind, 'soaking');
    assert.equal(d.kind === 'soaking' && d.remainingMs, 20 * 60_000);
    assert.match(d.kind === 'soaking' ? d.reason : '', /it has been live in 'staging' for 10m0s, less than soak-time 30m0s \(it can be promoted from 2026-11-28T12:20:00\.000Z\)/);
  });
  test('S4: a live record someone else wrote does not vouch for the sha, however long it soaked', () => {
    const d = decidePromotion(q(), view(live('a', 3_600_000, { creator: OTHER })), ME);
    assert.equal(d.kind, 'refuse');
    assert.match(d.kind === 'refuse' ? d.reason : '', /deployment 5 was created by mallory \(id 99\), not by the account this step's token acts as \(deploy-bot\[bot\], id 41\), so it does not vouch for the sha/);
    assert.match((decidePromotion(q(), view(live('a', 3_600_000, { marker: undefined })), ME) as { reason: string }).reason, /deployment 5 was not recorded by this suite/);
  });

  const refusals: [string, PromotionQuery, EnvironmentView, Observed | undefined, RegExp][] = [
    ['never deployed there', q(), view(live('b', 3_600_000)), undefined, /it has no deployment in 'staging'; deploy it there first \('staging' runs bbbbbbb, deployment 5\)/],
    ['nothing live in the source', q(), view(undefined), undefined, /it has no deployment in 'staging'; deploy it there first \('staging' has no successful deployment\)/],
    ['replaced since', q(), view(live('b', 60_000)), { deployment: dep(3, 'a'), status: status('inactive') }, /its deployment 3 in 'staging' is no longer active: a newer deployment replaced it \('staging' runs bbbbbbb/],
    ['failed there', q(), view(live('b', 60_000)), { deployment: dep(4, 'a'), status: status('failure') }, /its deployment 4 in 'staging' ended 'failure'; only a successful, active deployment can be promoted/],
    ['still deploying there', q(), view(live('b', 60_000)), { deployment: dep(6, 'a'), status: status('in_progress') }, /its deployment 6 in 'staging' is still in_progress/],
    ['a branch ref never deployed', q({ sha: undefined, ref: 'main' }), view(live('b', 60_000, { ref: 'other' })), undefined, /^Refusing to promote ref "main" from 'staging'/],
  ];
  for (const [name, query, v, candidate, re] of refusals) {
    test(`refused: ${name}`, () => {
      const d = decidePromotion(query, v, ME, candidate);
      assert.equal(d.kind, 'refuse');
      assert.match(d.kind === 'refuse' ? d.reason : '', re);
    });
  }
});

describe('script retries', () => {
  const table: [number | null | undefined, number, number, number[], boolean][] = [
    [3, 1, 2, [3, 75], true],
    [3, 3, 2, [3], false], // out of retries
    [1, 1, 2, [3], false], // not listed
    [null, 1, 2, [3], false], // killed or timed out: no exit code
    [3, 1, 0, [3], false], // retries 0
  ];
  for (const [code, attempt, retries, list, want] of table) {
    test(`exit ${code}, attempt ${attempt}, retries ${retries}, codes [${list}] → ${want ? 'retry' : 'stop'}`, () =>
      assert.equal(mayRetry(code, attempt, retries, list), want));
  }
  test('delays: equal jitter on 1 s doubling to 30 s', () => {
    assert.deepEqual([1, 2, 3, 7].map((a) => retryDelay(a, () => 0)), [500, 1000, 2000, 15_000]);
    assert.deepEqual([1, 7].map((a) => retryDelay(a, () => 1)), [1000, 30_000]);
  });
  const values = { environment: 'prod eu', ref: '$(id)', sha: sha('a'), deploymentId: 7, previousSha: undefined, environmentUrl: undefined, logUrl: RUN_URL, rollback: { failedSha: sha('b') } };
  const runner = {
    ACTIONS_RUNTIME_TOKEN: 'rt',
    ACTIONS_RUNTIME_URL: 'https://pipelines.example/',
    ACTIONS_CACHE_URL: 'https://artifactcache.example/',
    ACTIONS_RESULTS_URL: 'https://results.example/',
    ACTIONS_CACHE_SERVICE_V2: 'True',
    ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token.example/?x=1',
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'idt',
  };
  test('S7: what a run: step does not get is removed — the runtime token and services, and the OIDC request unless script-oidc', () => {
    const env = scriptEnv(values, 1, { parent: { ...runner, PATH: '/bin' } });
    for (const name of Object.keys(runner)) {
      assert.ok(name in env && env[name] === undefined, `${name} is set to undefined, so the child does not inherit it`);
    }
    const oidc = scriptEnv(values, 1, { parent: runner, oidc: true });
    assert.ok(!('ACTIONS_ID_TOKEN_REQUEST_URL' in oidc) && !('ACTIONS_ID_TOKEN_REQUEST_TOKEN' in oidc), 'script-oidc: inherited');
    assert.ok('ACTIONS_RUNTIME_TOKEN' in oidc && oidc['ACTIONS_RUNTIME_TOKEN'] === undefined, 'the runtime token never');
  });
  test("the script's environment: DEPLOY_* values, the step's inputs (and token) removed", () => {
    const env = scriptEnv(values, 2, { parent: { 'INPUT_GITHUB-TOKEN': 'ghs_x', INPUT_RUN: 'echo', PATH: '/bin' } });
    assert.equal(env['INPUT_GITHUB-TOKEN'], undefined);
    assert.ok('INPUT_GITHUB-TOKEN' in env, 'set to undefined, so the child does not inherit it');
    assert.equal(env['PATH'], undefined, 'inherited variables other than INPUT_* are left alone (not overridden)');
    assert.deepEqual(
      [env['DEPLOY_ENVIRONMENT'], env['DEPLOY_REF'], env['DEPLOY_ID'], env['PREVIOUS_SHA'], env['DEPLOY_ATTEMPT'], env['DEPLOY_ROLLBACK'], env['DEPLOY_FAILED_SHA']],
      ['prod eu', '$(id)', '7', '', '2', 'true', sha('b')],
    );
  });
});

describe('rollback plan', () => {
  const view = (previous: Observed | undefined): EnvironmentView => ({
    environment: 'staging',
    listed: previous ? [previous.deployment] : [],
    observed: previous ? [previous] : [],
    active: previous,
    previous,
    ours: undefined,
    jobRecords: [],
    truncated: false,
  });
  const good: Observed = { deployment: ours(1, 'a'), status: status('success') };
  const trusted = rollbackCandidate(view(good), ME);
  test('off', () => assert.deepEqual(planRollback('staging', false, trusted, undefined), { kind: 'off' }));
  test('nothing to go back to', () =>
    assert.deepEqual(planRollback('staging', true, rollbackCandidate(view(undefined), ME), undefined), { kind: 'nothing', why: "'staging' has no earlier successful deployment to roll back to" }));
  test('back to the previous sha, reachable from the branch', () =>
    assert.deepEqual(planRollback('staging', true, trusted, { reachable: true, from: 'main' }), { kind: 'roll-back', to: good }));
  test('S4: never to a success someone else recorded', () => {
    const forged = rollbackCandidate(view({ deployment: ours(2, 'e', { creator: OTHER }), status: status('success') }), ME);
    assert.equal(forged.kind, 'untrusted');
    const plan = planRollback('staging', true, forged, undefined);
    assert.equal(plan.kind, 'nothing');
    assert.match(plan.kind === 'nothing' ? plan.why : '', /cannot be trusted: deployment 2 was created by mallory/);
  });
  test('S4: never to a commit outside the branches, even recorded with this token (GITHUB_TOKEN is every workflow\'s)', () => {
    const plan = planRollback('staging', true, trusted, { reachable: false, why: "it is not in the history of 'main'" });
    assert.match(plan.kind === 'nothing' ? plan.why : '', new RegExp(`${sha('a')}, it is not in the history of 'main' \\(a rollback deploys only commits`));
  });
});

describe('trust', () => {
  test('written by this suite with this token: marker and creator both', () => {
    assert.equal(writtenBy(ours(1, 'a'), ME), true);
    assert.equal(writtenBy(ours(1, 'a', { creator: OTHER }), ME), false);
    assert.equal(writtenBy(ours(1, 'a', { creator: undefined }), ME), false);
    assert.equal(writtenBy(dep(1, 'a', { creator: ME }), ME), false);
  });
  test("a login is GitHub's, but it is still printed only in its own characters", () =>
    assert.match(distrust(ours(3, 'a', { creator: { id: 7, login: 'x##[stop-commands]y' } }), ME), /created by x\?\?\[stop-commands\]y \(id 7\)/));
  test('the identity is asked once', async () => {
    let asked = 0;
    const who = lazyIdentity({ viewer: async () => (asked++, ME) });
    assert.deepEqual([await who(), await who()], [ME, ME]);
    assert.equal(asked, 1);
  });
  test('reachable from the first branch that has it; otherwise says which were tried', async () => {
    const seen: string[] = [];
    const api = { relation: async (base: string, head: string) => (seen.push(`${base.slice(0, 1)}...${head}`), head === 'main' ? ('ahead' as const) : ('unknown' as const)) };
    assert.deepEqual(await reachability(api, sha('a'), ['feature', 'main']), { reachable: true, from: 'main' });
    assert.deepEqual(seen, ['a...feature', 'a...main']);
    assert.deepEqual(await reachability(api, sha('a'), ['feature']), { reachable: false, why: "it is not in the history of 'feature'" });
    assert.deepEqual(await reachability(api, sha('a'), []), { reachable: false, why: 'the workflow runs on no branch and the event names no default branch' });
  });
});

describe('job context and marker', () => {
  const env = { GITHUB_REPOSITORY: 'octo/app', GITHUB_RUN_ID: '77', GITHUB_RUN_ATTEMPT: '2', GITHUB_SERVER_URL: 'https://ghe.example/', GITHUB_JOB: 'deploy', GITHUB_ACTION: 'ship', GITHUB_WORKSPACE: '/w' };

  test('the marker leaves out the run attempt: a re-run finds its earlier record', () => {
    const a = readJobContext({ environment: 'staging', ref: 'main' }, env);
    const b = readJobContext({ environment: 'staging', ref: 'main' }, { ...env, GITHUB_RUN_ATTEMPT: '3' });
    assert.equal(a.marker, b.marker);
    assert.equal(a.marker, MARKER);
    assert.equal(a.runAttempt, 2);
    assert.equal(a.runUrl, 'https://ghe.example/octo/app/actions/runs/77');
  });
  test('it differs per environment, ref, step and run', () => {
    const m = (o: Partial<Parameters<typeof deploymentMarker>[0]>) => deploymentMarker({ runId: '77', job: 'deploy', step: 'ship', environment: 'staging', ref: 'main', ...o });
    const all = [m({}), m({ environment: 'prod' }), m({ ref: 'v2' }), m({ step: 'ship2' }), m({ runId: '78' }), m({ job: 'other' })];
    assert.equal(new Set(all).size, all.length);
    assert.equal(m({ environment: 'a/b', ref: 'c' }) === m({ environment: 'a', ref: 'b/c' }), false, 'components are encoded, so they cannot run together');
  });
  test('a full sha is known up front; a branch is not', () => {
    assert.equal(readJobContext({ environment: 'x', ref: sha('A') }, env).sha, sha('a'));
    assert.equal(readJobContext({ environment: 'x', ref: 'main' }, env).sha, undefined);
  });
  test('trusted branches: the workflow\'s branch, then the default branch the event names', () => {
    const dir = mkdtempSync(join(tmpdir(), 'deploy-event-'));
    try {
      const event = join(dir, 'event.json');
      writeFileSync(event, JSON.stringify({ repository: { default_branch: 'trunk' } }));
      assert.deepEqual(readJobContext({ environment: 'x', ref: 'main' }, { ...env, GITHUB_REF: 'refs/heads/release/2', GITHUB_EVENT_PATH: event }).trustedBranches, ['release/2', 'trunk']);
      assert.deepEqual(readJobContext({ environment: 'x', ref: 'main' }, { ...env, GITHUB_REF: 'refs/tags/v1', GITHUB_EVENT_PATH: event }).trustedBranches, ['trunk']);
      assert.deepEqual(readJobContext({ environment: 'x', ref: 'main' }, { ...env, GITHUB_REF: 'refs/heads/trunk', GITHUB_EVENT_PATH: join(dir, 'missing.json') }).trustedBranches, ['trunk']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  test('GITHUB_REPOSITORY must be owner/repo', () => assert.throws(() => readJobContext({ environment: 'x', ref: 'main' }, {}), /GITHUB_REPOSITORY is ""; expected owner\/repo/));
  test('isThisRun', () => {
    assert.equal(isThisRun(`${RUN_URL}/job/1`, RUN_URL), true);
    assert.equal(isThisRun(RUN_URL, RUN_URL), true);
    assert.equal(isThisRun(`${RUN_URL}0`, RUN_URL), false);
    assert.equal(isThisRun(undefined, RUN_URL), false);
  });
  test('markerOf reads object and JSON-text payloads', () => {
    assert.equal(markerOf({ 'actions-suite/deploy': { marker: 'm' } }), 'm');
    assert.equal(markerOf('{"actions-suite/deploy":{"marker":"m"}}'), 'm');
    assert.equal(markerOf('not json'), undefined);
    assert.equal(markerOf({}), undefined);
  });
});

describe('summary escaping', () => {
  const table: [string, string][] = [
    ['staging', 'staging'],
    ['a|b', 'a\\|b'],
    ['<img src=x onerror=alert(1)>', '\\<img src=x onerror=alert(1)\\>'],
    ['line\n::error::x', 'line ::error::x'],
    ['[click](https://evil)', '\\[click\\](https://evil)'],
    ['`code` *b* ~~s~~ &amp;', '\\`code\\` \\*b\\* \\~\\~s\\~\\~ \\&amp;'],
  ];
  for (const [raw, want] of table) test(JSON.stringify(raw), () => assert.equal(text(raw), want));
});

test("a record another deploy step of this run wrote is not GitHub's job record (it has a marker): it can hold the lock", async () => {
  const other = ours(4, 'c', { marker: deploymentMarker({ runId: '77', job: 'deploy', step: 'other', environment: 'staging', ref: 'v2' }) });
  const f = fakeApi([other, dep(3, 'b')], { 4: status('in_progress', { logUrl: RUN_URL, createdAt: new Date().toISOString() }), 3: status('success') });
  const v = await inspectEnvironment(f.api, 'staging', { marker: MARKER, runUrl: RUN_URL });
  assert.deepEqual(v.jobRecords, []);
  assert.deepEqual(lockHolders(lockCandidates(v), Date.now(), (d) => writtenBy(d, ME)).holders.map((h) => h.id), [4]);
});
