// Primary and secondary rate limits as GitHub documents them: the limiter on a fake clock, then
// the same behaviour over HTTP.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RateLimiter } from './github/rate-limit.ts';
import type { Admission } from './github/rate-limit.ts';
import { startGitHubEmulator } from './github/index.ts';
import { api, client, fixture, until, type OctokitError } from './github/testing.ts';

const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);
const clock = () => {
  let now = T0;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
};

const denied = (a: Admission) => {
  assert.equal(a.ok, false, 'expected a refusal');
  return a as Extract<Admission, { ok: false }>;
};

describe('RateLimiter (fake clock)', () => {
  it('spends the primary hourly budget, refuses at zero, and resets an hour after the first request', () => {
    const c = clock();
    const rl = new RateLimiter({ now: c.now });
    const seen = [1, 2, 3].map(() => {
      const a = rl.admit('t', 3, 'GET');
      assert.ok(a.ok);
      a.release();
      return a.headers['x-ratelimit-remaining'];
    });
    assert.deepEqual(seen, ['2', '1', '0']);
    const refused = denied(rl.admit('t', 3, 'GET'));
    assert.equal(refused.kind, 'primary');
    assert.equal(refused.headers['x-ratelimit-remaining'], '0');
    assert.equal(refused.headers['x-ratelimit-used'], '3');
    assert.equal(refused.headers['x-ratelimit-reset'], String((T0 + 3_600_000) / 1000));
    assert.equal(refused.headers['x-ratelimit-resource'], 'core');
    c.advance(3_600_000);
    const again = rl.admit('t', 3, 'GET');
    assert.ok(again.ok);
    assert.equal(again.headers['x-ratelimit-used'], '1');
  });

  it('does not charge requests that do not count (GET /rate_limit) and keeps tokens apart', () => {
    const rl = new RateLimiter({ now: clock().now });
    const a = rl.admit('a', 1, 'GET', false);
    assert.ok(a.ok);
    assert.equal(a.headers['x-ratelimit-used'], '0');
    assert.ok(rl.admit('a', 1, 'GET').ok);
    assert.ok(rl.admit('b', 1, 'GET').ok);
    assert.equal(denied(rl.admit('a', 1, 'GET')).kind, 'primary');
  });

  it('allows 80 content-creating requests per minute, then answers with retry-after', () => {
    const c = clock();
    const rl = new RateLimiter({ now: c.now });
    for (let i = 0; i < 80; i++) {
      c.advance(100);
      const a = rl.admit('t', 5000, i % 2 ? 'POST' : 'PATCH');
      assert.ok(a.ok, `write ${i + 1}`);
      a.release();
    }
    const refused = denied(rl.admit('t', 5000, 'DELETE'));
    assert.equal(refused.kind, 'secondary');
    assert.equal(refused.reason, 'content-per-minute');
    // The first write (at +0.1 s) leaves the window at +60.1 s; now is +8 s: 52.1 s, rounded up.
    assert.equal(refused.headers['retry-after'], '53');
    assert.ok(rl.admit('t', 5000, 'GET').ok, 'reads are not content creation');
    c.advance(52_100);
    assert.ok(rl.admit('t', 5000, 'PUT').ok);
  });

  it('allows 500 content-creating requests per hour', () => {
    const c = clock();
    const rl = new RateLimiter({ now: c.now });
    for (let i = 0; i < 500; i++) {
      if (i % 50 === 0) c.advance(60_000);
      const a = rl.admit('t', 5000, 'POST');
      assert.ok(a.ok, `write ${i + 1}`);
      a.release();
    }
    const refused = denied(rl.admit('t', 5000, 'POST'));
    assert.equal(refused.reason, 'content-per-hour');
    // Oldest write at +60 s leaves the hour window at +3660 s; now is +600 s.
    assert.equal(refused.headers['retry-after'], String(3660 - 600));
  });

  it('charges points (GET 1, write 5) against 900 per minute', () => {
    const c = clock();
    const rl = new RateLimiter({ now: c.now, limits: { contentPerMinute: 1000 } });
    const pass = (method: string, n: number) => {
      for (let i = 0; i < n; i++) {
        const a = rl.admit('t', 5000, method);
        assert.ok(a.ok, `${method} ${i + 1}`);
        a.release();
      }
    };
    pass('GET', 880);
    pass('POST', 4);
    const refused = denied(rl.admit('t', 5000, 'GET'));
    assert.equal(refused.reason, 'points-per-minute');
    assert.equal(refused.headers['retry-after'], '60');
    c.advance(60_001);
    assert.ok(rl.admit('t', 5000, 'GET').ok);
  });

  it('allows 100 concurrent requests; the 101st is refused until one finishes', () => {
    const rl = new RateLimiter({ now: clock().now });
    const open: Admission[] = [];
    for (let i = 0; i < 100; i++) open.push(rl.admit('t', 5000, 'GET'));
    assert.ok(open.every((a) => a.ok));
    assert.equal(denied(rl.admit('t', 5000, 'GET')).reason, 'concurrency');
    const first = open[0];
    if (first?.ok) {
      first.release();
      first.release(); // idempotent
    }
    assert.ok(rl.admit('t', 5000, 'GET').ok);
    assert.equal(denied(rl.admit('t', 5000, 'GET')).reason, 'concurrency');
  });

  it('runs windows timeScale times faster and speaks real seconds in headers', () => {
    const c = clock();
    const rl = new RateLimiter({ now: c.now, timeScale: 60 });
    const a = rl.admit('t', 1, 'POST');
    assert.ok(a.ok);
    assert.equal(a.headers['x-ratelimit-reset'], String((T0 + 60_000) / 1000), 'an emulated hour is a real minute');
    assert.equal(denied(rl.admit('t', 1, 'GET')).kind, 'primary');
    c.advance(60_000);
    assert.ok(rl.admit('t', 1, 'GET').ok);
    const fast = new RateLimiter({ now: c.now, timeScale: 60, limits: { contentPerMinute: 1 } });
    assert.ok(fast.admit('t', 5000, 'POST').ok);
    assert.equal(denied(fast.admit('t', 5000, 'POST')).headers['retry-after'], '1', 'a minute of limits passes in a second');
  });
});

describe('rate limits over HTTP', () => {
  it('sends x-ratelimit-* headers on every response, errors included', async () => {
    const f = await fixture({ timeScale: 60 });
    try {
      const ok = await api(f.em, '/repos/octo-org/app');
      const missing = await api(f.em, '/repos/octo-org/missing');
      assert.equal(missing.status, 404);
      for (const [res, used] of [[ok, '1'], [missing, '2']] as const) {
        assert.equal(res.headers.get('x-ratelimit-limit'), '5000');
        assert.equal(res.headers.get('x-ratelimit-used'), used);
        assert.equal(res.headers.get('x-ratelimit-resource'), 'core');
        assert.match(res.headers.get('x-github-request-id') ?? '', /^[0-9A-F:]+$/);
        const reset = Number(res.headers.get('x-ratelimit-reset'));
        const expected = Date.now() / 1000 + 3600 / 60;
        assert.ok(Math.abs(reset - expected) < 5, `reset ${reset} ≈ now + 60 s`);
      }
    } finally {
      await f.em.close();
    }
  });

  it('refuses an exhausted token with 403 and remaining 0 (or 429 when configured)', async () => {
    for (const status of [403, 429] as const) {
      const f = await fixture({ rateLimitStatus: status });
      try {
        f.em.seed.token('ghs_small', { hourlyLimit: 2 });
        const o = client(f.em, 'ghs_small');
        await o.repos.get({ owner: f.owner, repo: f.repo });
        await o.repos.get({ owner: f.owner, repo: f.repo });
        const err = (await o.repos.get({ owner: f.owner, repo: f.repo }).catch((e: unknown) => e)) as OctokitError;
        assert.equal(err.status, status);
        assert.match(String(err.response?.data['message']), /^API rate limit exceeded for user ID \d+\.$/);
        assert.equal(err.response?.headers['x-ratelimit-remaining'], '0');
        assert.ok(Number(err.response?.headers['x-ratelimit-reset']) > Date.now() / 1000);
        assert.equal(f.em.requests.at(-1)?.fault, 'rate-limit:primary');
        const rl = await o.rateLimit.get();
        assert.equal(rl.data.resources.core.remaining, 0, '/rate_limit still answers');
      } finally {
        await f.em.close();
      }
    }
  });

  it('answers the 81st content-creating request in a minute with a secondary-limit 403 and retry-after', async () => {
    // Real time here (timeScale 1): the 81 writes must fall inside one minute.
    const f = await fixture();
    try {
      for (let i = 0; i < 80; i++) {
        const res = await api(f.em, '/repos/octo-org/app/issues', { method: 'POST', body: JSON.stringify({ title: `t${i}` }) });
        assert.equal(res.status, 201);
      }
      const res = await api(f.em, '/repos/octo-org/app/issues', { method: 'POST', body: JSON.stringify({ title: 'one too many' }) });
      assert.equal(res.status, 403);
      const body = (await res.json()) as Record<string, string>;
      assert.match(body['message'] ?? '', /^You have exceeded a secondary rate limit\./);
      assert.match(body['message'] ?? '', new RegExp(`request ID ${res.headers.get('x-github-request-id')}`));
      assert.match(body['documentation_url'] ?? '', /secondary-rate-limits/);
      const retryAfter = Number(res.headers.get('retry-after'));
      assert.ok(retryAfter >= 1 && retryAfter <= 60, `retry-after ${retryAfter}`);
      assert.notEqual(res.headers.get('x-ratelimit-remaining'), '0', 'secondary, not primary');
      assert.equal((f.em.state()['repos'] as { issues: unknown[] }[])[0]?.issues.length, 80, 'the refused write did nothing');
    } finally {
      await f.em.close();
    }
  });

  it('refuses the 101st concurrent request of a token', async () => {
    const em = await startGitHubEmulator();
    em.seed.repo('o/r');
    em.seed.token('t');
    // The first 100 requests never get an answer, so they stay in flight.
    em.faults.inject({ route: 'repos/get', action: 'hang', to: 100 });
    const pending = Array.from({ length: 100 }, () => api(em, '/repos/o/r', { token: 't' }).catch(() => 'reset'));
    await until(() => em.requests.length === 100, '100 requests in flight');
    const res = await api(em, '/repos/o/r', { token: 't' });
    assert.equal(res.status, 403);
    assert.match(((await res.json()) as { message: string }).message, /secondary rate limit/);
    assert.equal(em.requests.at(-1)?.fault, 'rate-limit:concurrency');
    await em.close();
    assert.deepEqual(new Set(await Promise.all(pending)), new Set(['reset']));
  });

  it('gives anonymous callers 60 requests an hour and no writes; unknown tokens get 401', async () => {
    const f = await fixture();
    try {
      const anon = await api(f.em, '/repos/octo-org/app', { token: '' });
      assert.equal(anon.status, 200);
      assert.equal(anon.headers.get('x-ratelimit-limit'), '60');
      const write = await api(f.em, '/repos/octo-org/app/issues', { token: '', method: 'POST', body: '{"title":"x"}' });
      assert.equal(write.status, 401);
      assert.equal(((await write.json()) as { message: string }).message, 'Requires authentication');
      const bad = await api(f.em, '/repos/octo-org/app', { token: 'ghp_unknown' });
      assert.equal(bad.status, 401);
      assert.deepEqual(await bad.json(), { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' });
    } finally {
      await f.em.close();
    }
  });
});
