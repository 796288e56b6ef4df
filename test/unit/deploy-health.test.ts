// deploy's health gate: response matching (status, body regex, JSON path=value), pacing, and the
// gate loop on a fake clock with a scripted fetch — never a real sleep, never a timed assertion.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  describeFailure,
  evaluateResponse,
  healthDelay,
  healthDelayCap,
  healthSpec,
  jsonText,
  jsonValueAt,
  parseJsonExpectation,
  parseJsonPath,
  printableUrl,
  retarget,
  runHealthGate,
  type HealthSpec,
} from '../../actions/deploy/src/health.ts';
import { Redactor } from '../../shared/redact.ts';
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
    { name: 'body regex does not match', spec: spec({ body: /ready/ }), status: 200, body: 'starting', problems: [/^body does not match "\/ready\/"$/] },
    { name: 'JSON value matches', spec: spec({ json: json(`version=${SHA}`, 'db.ok=true') }), status: 200, body: JSON.stringify({ version: SHA, db: { ok: true } }), problems: [] },
    { name: 'JSON value differs', spec: spec({ json: json(`version=${SHA}`) }), status: 200, body: `{"version":"${OLD}"}`, problems: [/^version is "fedcba9876543210fedcba9876543210fedcba98" \(expected "0123456789abcdef/] },
    { name: 'JSON value missing', spec: spec({ json: json('build.sha=x') }), status: 200, body: '{}', problems: [/^build\.sha is missing \(expected "x"\)$/] },
    { name: 'not JSON', spec: spec({ json: json('a=b') }), status: 200, body: '<html>Unicorn!</html>', problems: [/^body is not JSON \(starts "<html>Unicorn!<\/html>"\)$/] },
    { name: 'every problem is listed', spec: spec({ body: /ok/, json: json('v=1') }), status: 500, body: '{"v":2}', problems: [/^status 500/, /^body does not match/, /^v is "2"/] },
    { name: 'a number compares as its JSON text', spec: spec({ json: json('n=3') }), status: 200, body: '{"n":3}', problems: [] },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const problems = evaluateResponse(c.spec, c.status, c.body);
      assert.equal(problems.length, c.problems.length, JSON.stringify(problems));
      c.problems.forEach((re, i) => assert.match(problems[i]!, re));
    });
  }

  test('response text is quoted and clipped: a newline or a workflow command stays on one line', () => {
    const [problem] = evaluateResponse(spec({ json: json('v=1') }), 200, `{"v":"x\\n::error::pwned${'y'.repeat(200)}"}`);
    assert.ok(problem && !problem.includes('\n'));
    assert.match(problem, /^v is "x\\n::error::pwnedy+…"/);
    assert.ok(problem.length < 140);
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

describe('spec from inputs', () => {
  test('credentials in the URL become a Basic header, are registered, and are never printable', () => {
    const registered: string[] = [];
    const redactor = new Redactor((v) => registered.push(v));
    const s = healthSpec(
      { healthUrl: new URL('https://ops:s3cr%40t-pass@app.example/healthz?token=abc'), healthStatus: ['200', '204'], healthBody: 'ok', healthJson: ['v=1'], healthPasses: 2, healthInterval: 100, healthTimeout: 1000 },
      redactor,
    );
    assert.equal(s.url.href, 'https://app.example/healthz?token=abc');
    assert.equal(s.headers['authorization'], `Basic ${Buffer.from('ops:s3cr@t-pass').toString('base64')}`);
    assert.ok(registered.includes('s3cr@t-pass'));
    assert.equal(redactor.scrub('x s3cr@t-pass y'), 'x *** y');
    assert.equal(printableUrl(s.url), 'https://app.example/healthz?…');
    assert.deepEqual(s.statuses, [200, 204]);
  });

  test('retarget: for a rollback, the failed sha becomes the sha rolled back to', () => {
    const spec = { body: new RegExp(`"version":"${SHA}"`, 'i'), json: [parseJsonExpectation(`version=${SHA}`), parseJsonExpectation('status=ok')] };
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
  const base: HealthSpec = { url: new URL('http://127.0.0.1:1/healthz'), headers: {}, statuses: [200], body: undefined, json: [parseJsonExpectation(`version=${SHA}`)], passes: 3, intervalMs: 1000, timeoutMs: 60_000 };
  /** A fetch that answers with the next scripted response (the last repeats) and advances the clock by 10 ms per request. */
  const scripted = (clock: FakeClock, answers: ({ status: number; body: string } | Error)[]) => {
    const seen: RequestInit[] = [];
    let i = 0;
    const fetch = (async (_url: URL, init?: RequestInit) => {
      seen.push(init ?? {});
      clock.advance(10);
      const a = answers[Math.min(i++, answers.length - 1)]!;
      if (a instanceof Error) throw a;
      return new Response(a.body, { status: a.status });
    }) as unknown as typeof globalThis.fetch;
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
