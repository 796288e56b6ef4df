// deploy's health gate: response matching (status, body regex, JSON path=value), how untrusted
// answers are described, redirects, pacing, and the gate loop on a fake clock with a scripted
// fetch — never a real sleep, never a timed assertion.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { describeBody, evaluateResponse, excerpt, jsonText, jsonValueAt, printableUrl, retarget } from '../../actions/deploy/src/health-check.ts';
import { parseJsonExpectation, parseJsonPath, type HealthSpec } from '../../actions/deploy/src/health-spec.ts';
import { describeFailure, healthDelay, healthDelayCap, runHealthGate } from '../../actions/deploy/src/health.ts';
import { readSettings } from '../../actions/deploy/src/inputs.ts';
import { withActionDefaults } from './helpers/action-inputs.ts';
import { Redactor } from '../../shared/redact.ts';
import type { Fetch } from '../../shared/http.ts';
import { FakeClock, sequence } from './helpers/fake-clock.ts';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const OLD = 'fedcba9876543210fedcba9876543210fedcba98';

describe('JSON paths', () => {
  const cases: [string, string[]][] = [
    ['version', ['version']],
    ['build.version', ['build', 'version']],
    ['$.build.version', ['build', 'version']],
    ['items[0].name', ['items', '0', 'name']],
    ['items.1', ['items', '1']],
    ["checks['db.primary']", ['checks', 'db.primary']],
  ];
  for (const [path, keys] of cases) test(`${path} → ${keys.join(' / ')}`, () => assert.deepEqual(parseJsonPath(path), keys));

  const doc = { version: SHA, build: { number: 42, ok: true, tags: ['a', 'b'], none: null }, items: [{ name: 'web' }], 'a.b': 1 };
  const values: [string, { found: boolean; text?: string }][] = [
    ['version', { found: true, text: SHA }],
    ['build.number', { found: true, text: '42' }],
    ['build.ok', { found: true, text: 'true' }],
    ['build.none', { found: true, text: 'null' }],
    ['build.tags', { found: true, text: '["a","b"]' }],
    ['items[0].name', { found: true, text: 'web' }],
    ['items[1].name', { found: false }],
    ['build.missing', { found: false }],
    ['version.length', { found: false }],
    ['build.tags.5', { found: false }],
    ['constructor', { found: false }],
  ];
  for (const [path, want] of values) {
    test(`value at ${path}`, () => {
      const got = jsonValueAt(doc, parseJsonPath(path));
      assert.equal(got.found, want.found);
      if (got.found) assert.equal(jsonText(got.value), want.text);
    });
  }

  test('expectations split at the first =, trimmed', () => {
    assert.deepEqual(parseJsonExpectation('url = https://x/?a=b'), { path: 'url', keys: ['url'], expected: 'https://x/?a=b' });
    assert.deepEqual(parseJsonExpectation('status='), { path: 'status', keys: ['status'], expected: '' });
  });
});

describe('evaluateResponse', () => {
  const spec = (o: Partial<HealthSpec> = {}): Pick<HealthSpec, 'statuses' | 'body' | 'json'> => ({ statuses: [200], body: undefined, json: [], ...o });
  const json = (...lines: string[]) => lines.map(parseJsonExpectation);
  const cases: { name: string; spec: Pick<HealthSpec, 'statuses' | 'body' | 'json'>; status: number; body: string; problems: RegExp[] }[] = [
    { name: 'status matches', spec: spec(), status: 200, body: '', problems: [] },
    { name: 'status is one of a list', spec: spec({ statuses: [200, 204] }), status: 204, body: '', problems: [] },
    { name: 'wrong status', spec: spec(), status: 503, body: '', problems: [/^status 503 \(expected 200\)$/] },
    { name: 'body regex matches', spec: spec({ body: /"status":\s*"ok"/ }), status: 200, body: '{"status": "ok"}', problems: [] },
    { name: 'body regex does not match', spec: spec({ body: /ready/ }), status: 200, body: 'starting', problems: [/^body does not match "\/ready\/" \(text\/plain, 8 bytes: "starting"\)$/] },
    { name: 'JSON value matches', spec: spec({ json: json(`version=${SHA}`, 'db.ok=true') }), status: 200, body: JSON.stringify({ version: SHA, db: { ok: true } }), problems: [] },
    { name: 'JSON value differs', spec: spec({ json: json(`version=${SHA}`) }), status: 200, body: `{"version":"${OLD}"}`, problems: [/^version is "fedcba9876543210fedcba9876543210fedcba98" \(expected "0123456789abcdef/] },
    { name: 'JSON value missing', spec: spec({ json: json('build.sha=x') }), status: 200, body: '{}', problems: [/^build\.sha is missing \(expected "x"\)$/] },
    { name: 'not JSON', spec: spec({ json: json('a=b') }), status: 200, body: '<html>Unicorn!</html>', problems: [/^body is not JSON \(text\/plain, 21 bytes: "<html>Unicorn!<\/html>"\)$/] },
    { name: 'every problem is listed', spec: spec({ body: /ok/, json: json('v=1') }), status: 500, body: '{"v":2}', problems: [/^status 500/, /^body does not match/, /^v is "2"/] },
    { name: 'a number compares as its JSON text', spec: spec({ json: json('n=3') }), status: 200, body: '{"n":3}', problems: [] },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const problems = evaluateResponse(c.spec, { status: c.status, body: c.body, type: 'text/plain; charset=utf-8' });
      assert.equal(problems.length, c.problems.length, JSON.stringify(problems));
      c.problems.forEach((re, i) => assert.match(problems[i]!, re));
    });
  }

  test('S2: answer text is described, never echoed: one line, no workflow command, clipped with its length', () => {
    const [problem] = evaluateResponse(spec({ json: json('v=1') }), { status: 200, body: `{"v":"x\\n::error::pwned ##[stop-commands]p${'y'.repeat(200)}"}`, type: 'application/json' });
    assert.ok(problem && !problem.includes('\n') && !problem.includes('##['));
    assert.match(problem, /^v is "x·::error::pwned ···stop-commands]py+…" \(2\d\d characters\) \(expected "1"\)$/);
    const [page] = evaluateResponse(spec({ json: json('v=1') }), { status: 200, body: `<html>##[add-mask]x\r\n${'z'.repeat(5000)}</html>`, type: 'text/html' });
    assert.match(page ?? '', /^body is not JSON \(text\/html, 5,028 bytes: "<html>···add-mask]x··z+…" \(5028 characters\)\)$/);
  });

  test('describeBody and excerpt', () => {
    assert.equal(describeBody({ body: '', type: null }), 'no content type, empty');
    assert.equal(describeBody({ body: 'é', type: 'text/plain;charset=utf-8' }), 'text/plain, 2 bytes: "·"');
    assert.equal(describeBody({ body: 'x', type: 'text/plain\n::error::y' }), 'no content type, 1 bytes: "x"');
    assert.equal(excerpt('a`b\\c[d]#e'), '"a·b·c·d]·e"');
  });
});

describe('pacing', () => {
  test('after a pass: exactly the interval', () => assert.equal(healthDelay(5000, 0, () => 0.99), 5000));

  test('caps double from the interval up to 8× (or 30 s), and are non-decreasing', () => {
    assert.deepEqual([1, 2, 3, 4, 5, 6].map((n) => healthDelayCap(100, n)), [100, 200, 400, 800, 800, 800]);
    assert.deepEqual([1, 2, 3, 4, 5].map((n) => healthDelayCap(5000, n)), [5000, 10_000, 20_000, 30_000, 30_000]);
    assert.deepEqual([1, 2].map((n) => healthDelayCap(60_000, n)), [60_000, 60_000]);
  });

  test('equal jitter within [cap/2, cap], never below the interval', () => {
    for (const r of [0, 0.25, 0.5, 1]) {
      for (let streak = 1; streak <= 6; streak++) {
        const d = healthDelay(100, streak, () => r);
        const cap = healthDelayCap(100, streak);
        assert.ok(d >= Math.max(100, cap / 2) && d <= cap, `streak ${streak}, r ${r}: ${d}`);
      }
    }
  });
});

const gateBase: HealthSpec = { url: new URL('http://127.0.0.1:1/'), headers: {}, statuses: [200], body: undefined, json: [], passes: 1, intervalMs: 100, timeoutMs: 1000, redirects: 'same-origin' };

describe('spec from inputs', () => {
  test('credentials in the URL become a Basic header, are registered, and are never printable', () => {
    const registered: string[] = [];
    const redactor = new Redactor((v) => registered.push(v));
    const inputs = withActionDefaults('deploy', {
      environment: 'staging', run: 'true', ref: 'main', 'github-token': 'ghs_token0000', 'health-url': 'https://ops:s3cr%40t-pass@app.example/healthz?token=abc',
      'health-status': '200,204', 'health-body': 'ok', 'health-json': 'v=1', 'health-passes': '2', 'health-interval': '100ms', 'health-timeout': '1s',
    });
    const s = readSettings(redactor, inputs).health!;
    assert.equal(s.url.href, 'https://app.example/healthz?token=abc');
    assert.equal(s.headers['authorization'], `Basic ${Buffer.from('ops:s3cr@t-pass').toString('base64')}`);
    assert.ok(registered.includes('s3cr@t-pass'));
    assert.equal(redactor.scrub('x s3cr@t-pass y'), 'x *** y');
    assert.equal(printableUrl(s.url), 'https://app.example/healthz?…');
    assert.deepEqual(s.statuses, [200, 204]);
    assert.ok(s.body instanceof RegExp && s.json[0]?.path === 'v', 'parsed once, to what the gate uses');
    assert.equal(s.redirects, 'same-origin');
  });

  test('retarget: for a rollback, the failed sha becomes the sha rolled back to', () => {
    const spec: HealthSpec = { ...gateBase, body: new RegExp(`"version":"${SHA}"`, 'i'), json: [parseJsonExpectation(`version=${SHA}`), parseJsonExpectation('status=ok')] };
    const back = retarget(spec, SHA, OLD);
    assert.equal(back.body?.source, `"version":"${OLD}"`);
    assert.equal(back.body?.flags, 'i');
    assert.deepEqual(back.json.map((e) => e.expected), [OLD, 'ok']);
    assert.equal(retarget(spec, '', OLD), spec);
  });
});

describe('describeFailure', () => {
  const withCause = (cause: object) => Object.assign(new TypeError('fetch failed'), { cause });
  test('connection refused', () => assert.equal(describeFailure(withCause({ code: 'ECONNREFUSED' }), 1000), 'connection refused'));
  test('timeout', () => assert.equal(describeFailure(Object.assign(new Error('t'), { name: 'TimeoutError' }), 1500), 'no answer within 1.5s'));
  test('anything else, without the message (it may hold the URL)', () =>
    assert.equal(describeFailure(new TypeError('fetch failed https://x?token=1'), 1000), 'request failed (TypeError)'));
});

describe('runHealthGate', () => {
  const base: HealthSpec = { url: new URL('http://127.0.0.1:1/healthz'), headers: {}, statuses: [200], body: undefined, json: [parseJsonExpectation(`version=${SHA}`)], passes: 3, intervalMs: 1000, timeoutMs: 60_000, redirects: 'same-origin' };
  /** A fetch that answers with the next scripted response (the last repeats) and advances the clock by 10 ms per request. */
  const scripted = (clock: FakeClock, answers: ({ status: number; body: string; location?: string } | Error)[]) => {
    const seen: (RequestInit & { url: string })[] = [];
    let i = 0;
    const fetch = (async (url: URL, init?: RequestInit) => {
      seen.push({ ...init, url: String(url) });
      clock.advance(10);
      const a = answers[Math.min(i++, answers.length - 1)]!;
      if (a instanceof Error) throw a;
      return new Response(a.body, { status: a.status, headers: a.location ? { location: a.location } : {} });
    }) as unknown as Fetch;
    return { fetch, seen, count: () => i };
  };
  const ok = { status: 200, body: JSON.stringify({ version: SHA }) };
  const old = { status: 200, body: JSON.stringify({ version: OLD }) };
  const down = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });

  test('passes after N consecutive matches, waiting the interval between passes', async () => {
    const clock = new FakeClock();
    const f = scripted(clock, [ok]);
    const r = await runHealthGate(base, { fetch: f.fetch, clock });
    assert.equal(r.passed, true);
    assert.equal(r.checks.length, 3);
    assert.deepEqual(clock.sleeps, [1000, 1000]);
    assert.equal(r.consecutive, 3);
  });

  test('a failure resets the streak; failures back off; the version must be the new one', async () => {
    const clock = new FakeClock();
    const f = scripted(clock, [down, down, old, ok, old, ok, ok, ok]);
    const r = await runHealthGate(base, { fetch: f.fetch, clock, random: sequence(0) });
    assert.equal(r.passed, true);
    assert.deepEqual(r.checks.map((c) => c.ok), [false, false, false, true, false, true, true, true]);
    assert.equal(r.checks[0]!.detail, 'connection refused');
    assert.equal(r.checks[0]!.status, undefined);
    assert.match(r.checks[2]!.detail, /^version is "fedcba98/);
    // after 1, 2, 3 failures: caps 1 s, 2 s, 4 s with r = 0 → half of each (never below the interval); after a pass: the interval
    assert.deepEqual(clock.sleeps, [1000, 1000, 2000, 1000, 1000, 1000, 1000]);
  });

  test('fails when the timeout runs out, saying how far it got and what the last check saw', async () => {
    const clock = new FakeClock();
    const f = scripted(clock, [ok, ok, { status: 503, body: '{}' }]);
    const r = await runHealthGate({ ...base, timeoutMs: 10_000 }, { fetch: f.fetch, clock, random: sequence(1) });
    assert.equal(r.passed, false);
    assert.match(r.reason ?? '', /^0 of 3 consecutive passes when health-timeout \(10\.0s\) ran out after \d+ checks; last check: status 503 \(expected 200\); version is missing/);
    assert.ok(clock.now() - Date.UTC(2026, 10, 28, 12, 0, 0) <= 10_000 + 10, 'no sleep past the deadline');
    assert.ok(clock.sleeps.every((ms) => ms > 0));
  });

  test('the request carries the Basic header and a per-check timeout signal', async () => {
    const clock = new FakeClock();
    const f = scripted(clock, [ok]);
    await runHealthGate({ ...base, passes: 1, headers: { authorization: 'Basic abc' } }, { fetch: f.fetch, clock });
    const headers = f.seen[0]!.headers as Record<string, string>;
    assert.equal(headers['authorization'], 'Basic abc');
    assert.ok(f.seen[0]!.signal instanceof AbortSignal);
  });

  test('S14: a redirect to another origin is not followed by default; the same origin is; `none` judges the redirect', async () => {
    const clock = new FakeClock();
    const away = scripted(clock, [{ status: 302, body: '', location: 'http://169.254.169.254/latest/meta-data/' }]);
    const r = await runHealthGate({ ...base, passes: 1, timeoutMs: 1000 }, { fetch: away.fetch, clock });
    assert.equal(r.passed, false);
    assert.equal(r.checks[0]!.detail, 'redirected to another origin (http://169.254.169.254), not followed (health-follow-redirects: same-origin)');
    assert.ok(away.seen.every((q) => q.url === 'http://127.0.0.1:1/healthz' && q.redirect === 'manual'), 'nothing was sent to the other host');

    const near = scripted(clock, [{ status: 307, body: '', location: '/ready' }, ok]);
    assert.equal((await runHealthGate({ ...base, passes: 1 }, { fetch: near.fetch, clock })).passed, true);
    assert.deepEqual(near.seen.map((q) => q.url), ['http://127.0.0.1:1/healthz', 'http://127.0.0.1:1/ready']);

    const none = scripted(clock, [{ status: 307, body: '', location: '/ready' }]);
    const judged = await runHealthGate({ ...base, passes: 1, timeoutMs: 1000, redirects: 'none' }, { fetch: none.fetch, clock });
    assert.match(judged.checks[0]!.detail, /^status 307 \(expected 200\)/);

    const any = scripted(clock, [ok]);
    await runHealthGate({ ...base, passes: 1, redirects: 'any' }, { fetch: any.fetch, clock });
    assert.equal(any.seen[0]!.redirect, 'follow');
  });

  test('cancellation stops the gate during a wait', async () => {
    const clock = new FakeClock({ auto: false });
    const controller = new AbortController();
    const f = scripted(clock, [down]);
    const gate = runHealthGate(base, { fetch: f.fetch, clock, signal: controller.signal });
    await clock.nextSleep();
    controller.abort(new Error('cancelled'));
    await assert.rejects(gate, /cancelled/);
    assert.equal(f.count(), 1);
  });
});
