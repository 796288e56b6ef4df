// deploy against the attacks of the security review, each reproduced on the shipped bundle through
// the runner emulation and the GitHub emulator, and each now failing safe:
// - S4: deployment records anyone with `deployments: write` can write — a collaborator's own token,
//   or a token every workflow of the repository shares — never become a rollback target, a reason
//   to skip, a promotion's source or a lock holder;
// - S2: a health endpoint's answer is described, never echoed (no workflow command gets through);
// - S7: scripts get what `run:` steps get: no runtime token, cache or results URL, no OIDC request
//   unless asked;
// - S8: credentials in `environment-url` are refused, never published;
// - S13: `.` and `..` are not environment names;
// - S14: a health check does not follow a redirect to another host unless asked.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, test, type TestContext } from 'node:test';
import type { RunResult } from '../harness/runner/index.ts';
import { A, B, C, DEPLOY, REPO, SERVER, deployWorld, type Rec, type World } from './helpers/deploy-world.ts';

/** A commit only on a collaborator's branch. */
const EVIL = 'e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5';
const MALLORY = 'ghp_malloryToken0000000000000000000000000';

const world = async (t: TestContext): Promise<World> => {
  const w = await deployWorld(t, (target) => ({ environment: 'production', 'health-url': target.healthUrl }));
  w.gh.seed.commits(REPO, 'evil-branch', [EVIL]);
  w.gh.seed.token(MALLORY, { login: 'mallory' });
  return w;
};

const errorOf = (r: RunResult): string => r.annotations.find((a) => a.level === 'error')?.message ?? '';
const states = (r: Rec | undefined): string[] => (r?.statuses ?? []).map((s) => s.state);

/** What an attacker does over REST with their own token: a deployment (the suite's payload copied) and a status. */
async function forge(w: World, o: { token: string; sha: string; environment: string; state: string; payload: unknown }): Promise<number> {
  const call = async (path: string, body: unknown): Promise<{ id: number }> => {
    const res = await fetch(`${w.gh.url}/repos/${REPO}${path}`, {
      method: 'POST',
      headers: { authorization: `token ${o.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    assert.equal(res.status, 201, await res.clone().text());
    return (await res.json()) as { id: number };
  };
  const { id } = await call('/deployments', { ref: o.sha, environment: o.environment, auto_merge: false, required_contexts: [], payload: o.payload });
  await call(`/deployments/${id}/statuses`, { state: o.state, log_url: `${SERVER}/${REPO}/actions/runs/666` });
  return id;
}

/** Starts a real HTTP service on 127.0.0.1 that answers every request with `answer`. */
async function service(t: TestContext, answer: (hits: number) => { status: number; headers?: Record<string, string>; body?: string }): Promise<{ url: string; hits: () => number }> {
  let hits = 0;
  const server: Server = createServer((_req, res) => {
    const a = answer(++hits);
    res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers });
    res.end(a.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits: () => hits };
}

describe('deploy (e2e): security', { concurrency: 3 }, () => {
  test("S4: a collaborator's forged success record never becomes the rollback target of a production job", async (t) => {
    const w = await world(t);
    assert.equal((await w.deploy({ ref: A, run: DEPLOY })).exitCode, 0, 'reviewed deploy of A');
    const payload = w.records('production')[0]!.payload;
    const forged = await forge(w, { token: MALLORY, sha: EVIL, environment: 'production', state: 'success', payload });
    w.target.broken.add(B);
    const r = await w.deploy({ ref: B, run: DEPLOY, 'health-timeout': '1s' });
    assert.equal(r.exitCode, 1);
    assert.equal(r.outputs['status'], 'failure', 'not rolled back');
    assert.deepEqual(w.target.deploys, [A, B], 'the attacker commit was never deployed');
    assert.equal(r.outputs['previous-sha'], '', 'nor offered to the script as PREVIOUS_SHA');
    assert.match(errorOf(r), new RegExp(`Not rolled back: its last successful deployment cannot be trusted: deployment ${forged} was created by mallory \\(id \\d+\\), not by the account this step's token acts as \\(emulator-user, id \\d+\\)\\.$`));
    assert.ok(r.annotations.some((a) => a.level === 'warning' && a.title === 'deploy: no rollback'));
    assert.deepEqual(states(w.records('production').at(-1)), ['in_progress', 'failure']);
  });

  test('S4: a record made with the very same token (GITHUB_TOKEN is every workflow\'s) is not a target unless its commit is on the branch', async (t) => {
    const w = await world(t);
    assert.equal((await w.deploy({ ref: A, run: DEPLOY })).exitCode, 0);
    const payload = w.records('production')[0]!.payload;
    // A workflow on evil-branch, holding the same token, records its commit as a success.
    await forge(w, { token: w.token, sha: EVIL, environment: 'production', state: 'success', payload });
    w.target.broken.add(B);
    const r = await w.deploy({ ref: B, run: DEPLOY, 'health-timeout': '1s' });
    assert.equal(r.outputs['status'], 'failure');
    assert.deepEqual(w.target.deploys, [A, B]);
    assert.match(errorOf(r), new RegExp(`Not rolled back: its last successful deployment, ${EVIL}, it is not in the history of 'main' \\(a rollback deploys only commits from the workflow's branch or the default branch\\)\\.$`));
    assert.ok(w.gh.requests.some((q) => q.route === 'GET /repos/{owner}/{repo}/compare/{basehead}' && q.status === 200), 'asked GitHub, not guessed');

    // The default branch the event names counts too: a workflow on a branch without A's history rolls back to A, a commit of main.
    const hotfix = w.gh.seed.branch(REPO, 'hotfix', { sha: 'f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6' });
    const onHotfix = { context: { ref: 'refs/heads/hotfix' }, event: { repository: { default_branch: 'main' } } };
    assert.equal((await w.deploy({ environment: 'staging', ref: A, run: DEPLOY }, onHotfix)).exitCode, 0);
    w.target.broken.add(hotfix);
    const back = await w.deploy({ environment: 'staging', ref: hotfix, run: DEPLOY, 'health-timeout': '1s' }, onHotfix);
    assert.equal(back.outputs['status'], 'rolled-back', back.stdout);
    assert.equal(w.target.version, A);
  });

  test('S4: a forged success for the sha does not make skip-if-deployed skip, nor a forged in_progress record hold the lock', async (t) => {
    const w = await world(t);
    assert.equal((await w.deploy({ ref: A, run: DEPLOY })).exitCode, 0);
    const payload = w.records('production')[0]!.payload;
    await forge(w, { token: MALLORY, sha: B, environment: 'production', state: 'success', payload });
    const r = await w.deploy({ ref: B, run: DEPLOY });
    assert.equal(r.outputs['status'], 'success', r.stdout);
    assert.deepEqual(w.target.deploys, [A, B], 'B was really deployed');
    assert.match(r.stdout, /skip-if-deployed: deployment \d+ says b2b2b2b is live, but this suite did not record it with this token; deploying anyway/);

    const holder = await forge(w, { token: MALLORY, sha: C, environment: 'production', state: 'in_progress', payload });
    const locked = await w.deploy({ ref: C, run: DEPLOY, lock: 'fail' });
    assert.equal(locked.exitCode, 0, locked.stdout);
    assert.match(locked.stdout, new RegExp(`lock: ignoring deployment ${holder} \\(in_progress\\): deployment ${holder} was created by mallory`));
  });

  test("S4: a forged success in the source environment does not vouch for a promotion", async (t) => {
    const w = await world(t);
    const payload = { 'actions-suite/deploy': { marker: 'run/1/job/deploy/step/ship/environment/staging/ref/x', run_id: '1', run_attempt: 1 } };
    await forge(w, { token: MALLORY, sha: A, environment: 'staging', state: 'success', payload });
    const r = await w.deploy({ ref: A, run: DEPLOY, 'promote-from': 'staging' });
    assert.equal(r.exitCode, 1);
    assert.match(errorOf(r), /^deploy: Refusing to promote sha a1a1a1a from 'staging' to 'production': deployment \d+ was created by mallory \(id \d+\), not by the account this step's token acts as \(emulator-user, id \d+\), so it does not vouch for the sha$/);
    assert.deepEqual(w.records('production'), []);
  });

  test('S2: a health endpoint answering with workflow commands is described, never echoed', async (t) => {
    const w = await world(t);
    const poison = await service(t, () => ({ status: 200, body: JSON.stringify({ version: '##[stop-commands]pwned\n::add-mask::x' }) }));
    const r = await w.deploy({ ref: A, run: DEPLOY, 'health-url': `${poison.url}/healthz`, 'health-json': `version=${A}`, 'health-timeout': '1s' });
    assert.equal(r.exitCode, 1);
    assert.deepEqual(r.transcript.filter((l) => l.command && ['stop-commands', 'add-mask'].includes(l.command.name) && l.line.includes('pwned')), [], 'no command came out of the answer');
    assert.equal(r.annotations.filter((a) => a.level === 'error').length, 1, 'the failure still reaches the job as an error annotation');
    assert.match(r.stdout, /health check 1: HTTP 200 — version is "···stop-commands]pwned·::add-mask::x" \(expected "a1a1/);
    assert.ok(!r.stdout.includes('##[stop-commands]') && !r.summary.includes('##[stop-commands]'));
  });

  test('S7: the script gets no runtime token, cache or results service, and the OIDC request only with script-oidc', async (t) => {
    const w = await world(t);
    const runner = {
      ACTIONS_RUNTIME_TOKEN: 'rt-token-value-0001',
      ACTIONS_RUNTIME_URL: 'https://pipelines.actions.example/',
      ACTIONS_CACHE_URL: 'https://artifactcache.actions.example/',
      ACTIONS_RESULTS_URL: 'https://results.actions.example/',
      ACTIONS_CACHE_SERVICE_V2: 'True',
      ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token.actions.example/?audience=x',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'id-token-request-0001',
    };
    w.h.secret(runner.ACTIONS_RUNTIME_TOKEN);
    w.h.secret(runner.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
    const show = `for v in ${Object.keys(runner).join(' ')}; do if [ -n "\${!v:-}" ]; then echo "$v=set"; else echo "$v=unset"; fi; done; ${DEPLOY}`;
    const plain = await w.deploy({ ref: A, run: show, 'health-url': '' }, { env: runner });
    assert.equal(plain.exitCode, 0, plain.stdout);
    for (const name of Object.keys(runner)) assert.match(plain.stdout, new RegExp(`^${name}=unset$`, 'm'));
    assert.equal(plain.steps[0]!.processEnv['ACTIONS_RUNTIME_TOKEN'], runner.ACTIONS_RUNTIME_TOKEN, 'the action itself had them, as on a runner');

    const oidc = await w.deploy({ ref: B, run: show, 'health-url': '', 'script-oidc': 'true' }, { env: runner });
    assert.match(oidc.stdout, /^ACTIONS_ID_TOKEN_REQUEST_URL=set$/m);
    assert.match(oidc.stdout, /^ACTIONS_ID_TOKEN_REQUEST_TOKEN=set$/m);
    assert.match(oidc.stdout, /^ACTIONS_RUNTIME_TOKEN=unset$/m);
  });

  test('S8: environment-url with a user and password is refused before anything, the password never printed', async (t) => {
    const w = await world(t);
    const password = w.h.secret('S3cr3t-Pa55-env-url');
    const r = await w.deploy({ ref: A, run: DEPLOY, 'environment-url': `https://deployer:${password}@staging.example.com/` });
    assert.equal(r.exitCode, 1);
    assert.equal(errorOf(r), "deploy: Input 'environment-url' has value \"https://***@staging.example.com/\"; expected a URL without user or password (it is published on the deployment for everyone who can read the repository).");
    assert.equal(w.gh.requests.length, 0);
    const bad = await w.deploy({ ref: A, run: DEPLOY, 'environment-url': `ftp://deployer:${password}@x/` });
    assert.match(errorOf(bad), /has value "ftp:\/\/\*\*\*@x\/"; expected an absolute URL with scheme https or http/);
  });

  test('S13: . and .. are not environment names, whole or as a part', async (t) => {
    const w = await world(t);
    for (const [input, value] of [['environment', '..'], ['environment', '.'], ['environment', 'review/../production'], ['promote-from', '..']] as const) {
      const r = await w.deploy({ ref: A, run: DEPLOY, [input]: value });
      assert.equal(r.exitCode, 1);
      assert.ok(errorOf(r).includes(`Input '${input}' has value ${JSON.stringify(value)}; expected an environment name of 1–255 letters, digits, spaces, or . _ - /, none of its /-separated parts . or ..`), errorOf(r));
    }
    assert.equal(w.gh.requests.length, 0);
    assert.equal((await w.deploy({ ref: A, run: DEPLOY, environment: 'review/v1.2..x' })).exitCode, 0, 'dots inside a part are fine');
  });

  test('S14: a health check does not follow a redirect to another host unless health-follow-redirects says any', async (t) => {
    const w = await world(t);
    const elsewhere = await service(t, () => ({ status: 200, body: JSON.stringify({ version: A }) }));
    const redirecting = await service(t, () => ({ status: 302, headers: { location: `${elsewhere.url}/latest/meta-data/` } }));
    const r = await w.deploy({ ref: A, run: DEPLOY, 'health-url': `${redirecting.url}/healthz`, 'health-json': `version=${A}`, 'health-timeout': '1s' });
    assert.equal(r.outputs['status'], 'failure');
    assert.equal(elsewhere.hits(), 0, 'nothing was sent to the other host');
    assert.match(errorOf(r), new RegExp(`last check: redirected to another origin \\(${elsewhere.url.replace(/[.]/g, '\\.')}\\), not followed \\(health-follow-redirects: same-origin\\)`));

    const any = await w.deploy({ environment: 'staging', ref: A, run: DEPLOY, 'health-url': `${redirecting.url}/healthz`, 'health-json': `version=${A}`, 'health-follow-redirects': 'any' });
    assert.equal(any.outputs['status'], 'success', any.stdout);
    assert.ok(elsewhere.hits() >= 2);
  });
});
