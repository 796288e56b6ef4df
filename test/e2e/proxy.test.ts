// The shipped deploy bundle behind a company proxy, as a self-hosted runner sees it: HTTPS_PROXY
// and HTTP_PROXY (with credentials) name a real forward proxy on 127.0.0.1; GitHub is
// https://api.github.test — a name that resolves nowhere, served by the emulator behind a TLS front
// whose certificate comes from a throw-away CA (NODE_EXTRA_CA_CERTS, as a runner with a company CA
// has it); the health endpoint is http://app.test. The deploy can only succeed if every API call
// and every health check went through the proxy, and the proxy's log and the emulator's agree.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startProxy } from '../harness/proxy.ts';
import { createTestCa, startTlsFront } from '../harness/test-ca.ts';
import { DEPLOY, deployWorld } from './helpers/deploy-world.ts';

const SHA = 'd4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4';
const PROXY_PASSWORD = 'pr0xy-S3cret:with@signs';

test('deploy behind a proxy: every GitHub call (https via CONNECT) and health check (http) goes through it', async (t) => {
  const w = await deployWorld(t, () => ({}));
  const ca = createTestCa();
  const front = await startTlsFront(ca.issue(['api.github.test']), Number(new URL(w.gh.url).port));
  const proxy = await startProxy({
    credentials: { user: 'runner', password: PROXY_PASSWORD },
    hosts: { 'api.github.test': front.port, 'app.test': Number(new URL(w.target.url).port) },
  });
  t.after(async () => {
    await proxy.close();
    await front.close();
    ca.remove();
  });
  w.h.secret(PROXY_PASSWORD);

  const r = await w.deploy(
    {
      environment: 'staging',
      ref: SHA,
      // The script is the user's own code: it reaches the target directly, as the user chose.
      run: DEPLOY.replace('curl ', "curl --noproxy '*' "),
      'health-url': 'http://app.test/healthz',
      'health-json': `version=${SHA}`,
    },
    {
      env: {
        GITHUB_API_URL: 'https://api.github.test',
        HTTPS_PROXY: proxy.urlWithCredentials,
        http_proxy: proxy.urlWithCredentials,
        NO_PROXY: 'example.com',
        NODE_EXTRA_CA_CERTS: ca.caFile,
      },
    },
  );
  assert.equal(r.exitCode, 0, r.stdout);
  assert.equal(r.outputs['status'], 'success');
  assert.deepEqual(w.target.deploys, [SHA]);
  assert.deepEqual(w.records('staging').map((d) => d.statuses.map((s) => s.state)), [['in_progress', 'success']]);

  // GitHub: only through tunnels the proxy opened to api.github.test, each one TLS-terminated by the front.
  const tunnels = proxy.log.filter((e) => e.method === 'CONNECT');
  assert.ok(tunnels.length >= 1);
  assert.ok(tunnels.every((e) => e.target === 'api.github.test:443' && e.authorized && e.refused === undefined), JSON.stringify(tunnels));
  assert.equal(front.connections, tunnels.length);
  const record = JSON.parse(r.outputs['record'] ?? '{}') as { api_calls: number };
  assert.equal(w.gh.requests.length, record.api_calls);
  assert.ok(record.api_calls >= 3);
  // Health checks: forwarded in absolute form.
  const checks = proxy.log.filter((e) => e.method === 'GET');
  assert.equal(checks.length, w.target.healthChecks);
  assert.ok(checks.length >= 2);
  assert.ok(checks.every((e) => e.target === 'http://app.test/healthz' && e.authorized));
  assert.equal(proxy.log.length, tunnels.length + checks.length);
  // The proxy password was masked the moment it was read (the leak scan checks every output too).
  assert.ok(r.transcript.some((l) => l.command?.name === 'add-mask' && l.command.data === PROXY_PASSWORD));
});

test('deploy with wrong proxy credentials fails at the first GitHub call, saying so, without retrying or printing the password', async (t) => {
  const w = await deployWorld(t, () => ({}));
  const proxy = await startProxy({ credentials: { user: 'runner', password: PROXY_PASSWORD }, hosts: { 'api.github.test': 9 } });
  t.after(() => proxy.close());
  const wrong = proxy.urlWithCredentials.replace(encodeURIComponent(PROXY_PASSWORD), 'wr0ng-pr0xy-pw');
  w.h.secret('wr0ng-pr0xy-pw');
  const r = await w.deploy(
    { environment: 'staging', ref: SHA, run: 'true' },
    { env: { GITHUB_API_URL: 'https://api.github.test', HTTPS_PROXY: wrong } },
  );
  assert.equal(r.exitCode, 1);
  const error = r.annotations.find((a) => a.level === 'error')?.message ?? '';
  assert.match(error, /the proxy refused its credentials \(407 Proxy Authentication Required\)/);
  assert.match(error, new RegExp(`via http://127\\.0\\.0\\.1:${new URL(proxy.url).port}`));
  assert.deepEqual(proxy.log.map((e) => [e.method, e.refused]), [['CONNECT', 407]]);
  assert.equal(w.gh.requests.length, 0);
});
