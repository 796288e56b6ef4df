// The job's OIDC token: preflight for the missing permission, our own retry classification (C1–C4,
// C7), masking the moment the token exists, and the non-secret claims at debug level.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { UserError } from '../../shared/errors.ts';
import { decodeClaims, describeClaims, idTokenRequestSettings, requestIdToken } from '../../shared/oidc/token.ts';
import { assertNoLeaks } from '../harness/leaks/index.ts';
import { cloudFixture, quietRedactor, recordingLogger, type CloudFixture } from '../harness/cloud/testing.ts';
import { FakeClock } from './helpers/fake-clock.ts';

let f: CloudFixture;
before(async () => {
  f = await cloudFixture();
});
after(() => f.closeAll());
beforeEach(() => {
  f.github.faults.clear();
  f.github.seed.oidc({ environment: undefined, claims: {} });
});

function deps(extra: { env?: Record<string, string | undefined>; fetch?: typeof fetch; timeoutMs?: number } = {}) {
  const redactor = quietRedactor();
  const { log, lines } = recordingLogger(redactor);
  const clock = new FakeClock({ start: Date.now() });
  return { redactor, log, lines, clock, env: extra.env ?? f.oidcEnv, random: () => 0.5, ...(extra.fetch ? { fetch: extra.fetch } : {}), ...(extra.timeoutMs ? { timeoutMs: extra.timeoutMs } : {}) };
}

const rejection = (p: Promise<unknown>): Promise<Error> =>
  p.then(
    () => assert.fail('expected a failure'),
    (e: unknown) => e as Error,
  );

const tokenRequests = (): number => f.github.requests.filter((r) => r.operationId === 'oidc/token').length;

describe('preflight (C1)', () => {
  it('fails at once, before any request, naming the missing variables and the permission to add', async () => {
    for (const env of [{}, { ACTIONS_ID_TOKEN_REQUEST_URL: f.github.oidc.requestUrl }, { ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'x' }]) {
      let calls = 0;
      const d = deps({ env, fetch: (async () => (calls++, new Response('{}'))) as typeof fetch });
      const error = await requestIdToken('sts.amazonaws.com', d).catch((e: unknown) => e);
      assert.ok(error instanceof UserError, String(error));
      assert.match(error.message, /permissions: id-token: write/);
      assert.match(error.message, /ACTIONS_ID_TOKEN_REQUEST_(URL|TOKEN)/);
      assert.equal(calls, 0);
      assert.deepEqual(d.clock.sleeps, []);
    }
    assert.throws(() => idTokenRequestSettings({ ACTIONS_ID_TOKEN_REQUEST_URL: ' ', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't' }), /ACTIONS_ID_TOKEN_REQUEST_URL is not set/);
  });
});

describe('requestIdToken', () => {
  it('requests the explicit audience (C7), masks token, bearer and URL, and logs the claims at debug', async () => {
    f.github.seed.oidc({ environment: 'production' });
    const d = deps();
    const token = await requestIdToken('sts.amazonaws.com', d);
    assert.equal(token.claims.aud, 'sts.amazonaws.com');
    assert.equal(token.audience, 'sts.amazonaws.com');
    assert.ok(Math.abs(token.expiresAt - (Date.now() + 300_000)) < 5000);
    for (const secret of [token.value, f.github.oidc.requestToken, f.github.oidc.requestUrl]) assert.ok(d.redactor.registered.includes(secret));
    const debug = d.lines.filter((l) => l.startsWith('::debug::'));
    assert.equal(debug.length, 1);
    assert.match(debug[0]!, /sub=repo:octo-org\/app:environment:production aud=sts.amazonaws.com iss=http:\/\/127\.0\.0\.1:\d+ repository=octo-org\/app ref=refs\/heads\/main environment=production/);
    assert.match(debug[0]!, /expires in (29\d|30\d)s/);
    assertNoLeaks([token.value, f.github.oidc.requestToken, f.github.oidc.requestUrl], [{ where: 'log', text: d.lines.join('\n') }]);
  });

  it("without an audience gets GitHub's default (the owner's URL)", async () => {
    const token = await requestIdToken(undefined, deps());
    assert.equal(token.claims.aud, 'https://github.com/octo-org');
  });

  it('retries 503 three times, then succeeds (C2), sleeping on the injected clock only', async () => {
    f.github.faults.inject({ route: 'oidc/token', statuses: [503, 503, 503] });
    const before = tokenRequests();
    const d = deps();
    const started = Date.now();
    const token = await requestIdToken('aud', d);
    assert.equal(token.claims.aud, 'aud');
    assert.equal(tokenRequests() - before, 4);
    assert.equal(d.clock.sleeps.length, 3);
    assert.ok(Date.now() - started < 2000, 'no real sleeping');
    assert.equal(d.lines.filter((l) => /attempt \d\/5 failed \(status 503\)/.test(l)).length, 3);
  });

  it('retries 500 and network errors that the toolkit would not (C3), including a TypeError like toolkit #1441', async () => {
    f.github.faults.inject({ route: 'oidc/token', statuses: [500] });
    assert.ok((await requestIdToken('a', deps())).value);
    f.github.faults.inject({ route: 'oidc/token', action: 'reset-before-body', to: 1 });
    assert.ok((await requestIdToken('b', deps())).value);

    let calls = 0;
    const flaky = (async (input: string | URL | Request, init?: RequestInit) => {
      calls++;
      if (calls === 1) throw new TypeError("Cannot read properties of undefined (reading 'message')");
      if (calls === 2) throw new TypeError('fetch failed', { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) });
      return fetch(input, init);
    }) as typeof fetch;
    const d = deps({ fetch: flaky });
    assert.ok((await requestIdToken('c', d)).value);
    assert.equal(calls, 3);
    assert.ok(d.lines.some((l) => /failed \(TypeError \(Cannot read properties/.test(l)));
    assert.ok(d.lines.some((l) => /failed \(ECONNRESET\)/.test(l)));
  });

  it('retries a slow endpoint after the per-attempt timeout (C3)', async () => {
    f.github.faults.inject({ route: 'oidc/token', latencyMs: 1000, to: 1 });
    const d = deps({ timeoutMs: 150 });
    assert.ok((await requestIdToken('slow', d)).value);
    assert.ok(d.lines.some((l) => /attempt 1\/5 failed \(attempt timed out\)/.test(l)), d.lines.join('\n'));
  });

  it('does not retry a refused bearer (401) and says why', async () => {
    const d = deps({ env: { ...f.oidcEnv, ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'not-the-bearer' } });
    const before = tokenRequests();
    const error = await rejection(requestIdToken('x', d));
    assert.equal(tokenRequests() - before, 1);
    assert.match(error.message, /failed after 1 attempt \(status 401\).*token service answered 401/);
    assert.deepEqual(d.clock.sleeps, []);
  });

  it('does not follow or retry a redirect (the bearer must not travel to another host)', async () => {
    const d = deps({ fetch: (async () => Promise.reject(new TypeError('fetch failed', { cause: new Error('unexpected redirect') }))) as typeof fetch });
    const error = await rejection(requestIdToken('x', d));
    assert.match(error.message, /failed after 1 attempt \(unexpected redirect\)/);
  });

  it('fails with a non-secret message when the endpoint stays down past the budget (C4), with no fallback', async () => {
    f.github.faults.inject({ route: 'oidc/token', statuses: [500], to: 100 });
    const d = deps();
    const error = await rejection(requestIdToken('down', d));
    assert.match(error.message, /^Request OIDC token for audience 'down': failed after 5 attempts \(status 500\)/);
    assert.equal(d.clock.sleeps.length, 4);
    // Nothing secret in the message, the stack or the log: neither the bearer nor the request URL.
    assertNoLeaks([f.github.oidc.requestToken, f.github.oidc.requestUrl], [
      { where: 'message', text: `${error.message}\n${error.stack ?? ''}\n${String((error.cause as Error | undefined)?.message)}` },
      { where: 'log', text: d.lines.join('\n') },
    ]);
  });

  it('treats a 200 without a token as transient (an HTML page, a truncated body)', async () => {
    f.github.faults.inject({ route: 'oidc/token', action: 'html', statuses: [200] });
    const d = deps();
    assert.ok((await requestIdToken('html', d)).value);
    assert.ok(d.lines.some((l) => /failed \(transient error\)/.test(l)));
  });
});

describe('claims helpers', () => {
  it('decodes a payload without verifying, and describes only what trust policies match on', () => {
    const jwt = `x.${Buffer.from(JSON.stringify({ sub: 'repo:o/r:pull_request', aud: ['a', 'b'], repository: 'o/r', ref: 'refs/pull/1/merge', secret: 'no' })).toString('base64url')}.sig`;
    const claims = decodeClaims(jwt);
    assert.equal(claims.sub, 'repo:o/r:pull_request');
    assert.equal(describeClaims(claims), 'sub=repo:o/r:pull_request aud=a,b repository=o/r ref=refs/pull/1/merge');
    assert.deepEqual(decodeClaims('garbage'), {});
    assert.deepEqual(decodeClaims('a.!!!.c'), {});
  });
});
