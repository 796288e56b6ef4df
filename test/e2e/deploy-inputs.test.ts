// deploy's inputs end to end, on the shipped bundle: bad inputs are rejected before any API call;
// refs, environment names and URLs that look like shell or workflow commands stay data all the way
// (script environment, GitHub record, outputs, log, summary); credentials in a health URL are used
// and never leak (the e2e leak scan runs after every test).
import assert from 'node:assert/strict';
import { describe, test, type TestContext } from 'node:test';
import type { RunResult } from '../harness/runner/index.ts';
import { DEPLOY, REPO, deployWorld, summaryFacts, type World } from './helpers/deploy-world.ts';

const A = 'a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1';

const world = (t: TestContext): Promise<World> => deployWorld(t, () => ({}));

const errorOf = (r: RunResult): string => r.annotations.find((a) => a.level === 'error')?.message ?? '';

describe('deploy: inputs', { concurrency: 4 }, () => {
  const bad: [string, Record<string, string>, RegExp][] = [
    ['health-url with a file: scheme', { 'health-url': 'file:///etc/passwd' }, /Input 'health-url' has value "file:\/\/\/etc\/passwd"; expected an absolute URL with scheme https or http/],
    ['environment-url javascript:', { 'environment-url': 'javascript:alert(1)' }, /Input 'environment-url' has value "javascript:alert\(1\)"/],
    ['retries without exit codes', { retries: '2' }, /Input 'retry-on-exit-codes' has value ""; expected the exit codes that may be retried, since retries is above 0/],
    ['exit code out of range', { retries: '1', 'retry-on-exit-codes': '75,256' }, /Input 'retry-on-exit-codes' has value "256"; expected an integer from 0 to 255/],
    ['an invalid health-body regex', { 'health-url': 'http://127.0.0.1:1/', 'health-body': '(unclosed' }, /Input 'health-body' has value "\(unclosed"; expected a valid regular expression/],
    ['health-json without health-url', { 'health-json': 'version=1' }, /Input 'health-url' has value ""; expected a URL, since health-body or health-json is set/],
    ['health-json line without =', { 'health-url': 'http://127.0.0.1:1/', 'health-json': 'version' }, /Input 'health-json' has value "version"; expected each line to be path=value/],
    ['promote-from itself', { 'promote-from': 'staging' }, /Input 'promote-from' has value "staging"; expected an environment other than 'staging'/],
    ['lock: maybe', { lock: 'maybe' }, /Input 'lock' has value "maybe"; expected one of wait, fail, off/],
    ['a duration without a unit', { 'soak-time': '30', timeout: '0s' }, /2 inputs are invalid:\n- Input 'soak-time' has value "30"; expected a duration .*\n- Input 'timeout' has value "0s"; expected a duration of at least 1000ms/],
    ['an environment that is a shell command', { environment: 'prod$(id)' }, /Input 'environment' has value "prod\$\(id\)"; expected an environment name/],
    ['a ref with a newline and a workflow command', { ref: 'main\n::error::pwned' }, /Input 'ref' has value "main\\n::error::pwned"; expected a git ref or sha/],
  ];
  for (const [name, inputs, re] of bad) {
    test(`rejected before any API call: ${name}`, async (t) => {
      const w = await world(t);
      const r = await w.deploy({ environment: 'staging', run: DEPLOY, ref: A, ...inputs });
      assert.equal(r.exitCode, 1);
      const errors = r.annotations.filter((a) => a.level === 'error');
      assert.equal(errors.length, 1, JSON.stringify(errors));
      assert.match(errors[0]!.message, re);
      assert.equal(w.gh.requests.length, 0, 'no API call');
      assert.deepEqual(w.target.deploys, []);
      assert.equal(r.steps.find((s) => s.entry === 'post')?.exitCode, 0, 'post has nothing to close');
    });
  }

  test('refs, environment names and URLs that look like shell or workflow commands are data everywhere', async (t) => {
    const w = await world(t);
    const refs = ['$(id)', 'zzz";echo${IFS}"hello";#'];
    for (const ref of refs) w.gh.seed.branch(REPO, ref, { sha: A });
    const environment = 'review/feat x';
    const url = 'http://127.0.0.1:9/$(id)/`whoami`/::error::x?next=$(reboot)';
    for (const ref of refs) {
      const r = await w.deploy({
        environment,
        ref,
        'environment-url': url,
        'skip-if-deployed': 'false',
        run: `printf 'ref=[%s]\\nenv=[%s]\\nurl=[%s]\\n' "$DEPLOY_REF" "$DEPLOY_ENVIRONMENT" "$DEPLOY_ENVIRONMENT_URL"; ${DEPLOY}`,
      });
      assert.equal(r.exitCode, 0, r.stdout);
      const href = new URL(url).href;
      assert.ok(r.stdout.includes(`ref=[${ref}]\nenv=[${environment}]\nurl=[${href}]\n`), r.stdout);
      assert.ok(!/uid=\d+/.test(r.stdout) && !r.stdout.includes('\nhello\n'), 'nothing was executed');
      assert.equal(r.outputs['environment-url'], href);
      assert.deepEqual(r.annotations, [], 'no annotation came out of a value');
      const facts = summaryFacts(r.summary);
      assert.equal(facts['environment'], 'review/feat x');
      assert.equal(facts['environment url'], 'http://127.0.0.1:9/$(id)/%60whoami%60/::error::x?next=$(reboot)');
      assert.ok(r.summary.split('\n').every((line) => !line.startsWith('::')), 'no summary line is a workflow command');
    }
    const deployments = (w.gh.state()['repos'] as { deployments: { ref: string; environment: string; statuses: { state: string; environment_url: string }[] }[] }[])[0]!.deployments;
    assert.deepEqual(deployments.map((d) => d.ref), refs);
    for (const d of deployments) {
      assert.equal(d.environment, environment);
      assert.equal(d.statuses.find((s) => s.state === 'success')?.environment_url, new URL(url).href);
    }
    assert.deepEqual(w.gh.contractViolations, []);
  });

  test('a health URL with credentials: used as Basic auth, never printed, never sent elsewhere', async (t) => {
    const w = await world(t);
    const password = w.h.secret('h3alth-Passw0rd-42');
    w.target.basicAuth = { user: 'probe', password };
    const url = new URL(w.target.healthUrl);
    url.username = 'probe';
    url.password = password;
    const r = await w.deploy({ environment: 'staging', ref: A, run: DEPLOY, 'health-url': url.href, 'health-json': `version=${A}` });
    assert.equal(r.exitCode, 0, r.stdout);
    assert.ok(w.target.healthChecks >= 2);
    assert.match(r.stdout, /Health gate: http:\/\/127\.0\.0\.1:\d+\/healthz — 2 consecutive passes/);
    assert.ok(r.masks.includes(password), 'registered with the runner too');
  });

  test('a wrong password fails the gate with 401 — and the script never sees the token', async (t) => {
    const w = await world(t);
    w.target.basicAuth = { user: 'probe', password: 'right-password' };
    const r = await w.deploy({
      environment: 'staging',
      ref: A,
      'health-url': w.target.healthUrl,
      'health-timeout': '1s',
      run: `env | grep -c '^INPUT_' || true; ${DEPLOY}`,
    });
    assert.equal(r.outputs['status'], 'failure');
    assert.match(errorOf(r), /last check: status 401 \(expected 200\)/);
    assert.match(r.stdout, /::group::Deploy script\n0\n/, 'no INPUT_* variable (the token among them) reached the script');
  });
});
