import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, test } from 'node:test';
import { realClock } from '../../shared/clock.ts';
import { InputError, TransientError, UserError } from '../../shared/errors.ts';
import {
  DEFAULT_RETRY_POLICY,
  RATE_LIMIT_FALLBACK_MS,
  RetryError,
  backoffCap,
  backoffDelay,
  classify,
  formatDelay,
  parseRetryAfter,
  resolvePolicy,
  untilReset,
  withRetry,
  type RetryOptions,
  type RetryPolicy,
  type Verdict,
} from '../../shared/retry.ts';
import { RunStats } from '../../shared/stats.ts';
import { FakeClock, sequence } from './helpers/fake-clock.ts';
import { networkError } from './helpers/fake-github-fetch.ts';

const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);
const TOKEN = 'ghs_FAKE0123456789abcdefSECRETtoken';

/** Shaped like @octokit/request-error's RequestError for an HTTP failure. */
function httpError(status: number, opts: { headers?: Record<string, string>; message?: string } = {}): Error {
  const message = opts.message ?? `HTTP ${status}`;
  return Object.assign(new Error(message), {
    name: 'HttpError',
    status,
    request: {
      method: 'GET',
      url: `https://api.github.com/repos/o/r?access_token=${TOKEN}`,
      headers: { authorization: `token ${TOKEN}` },
      body: '{"value":"body-secret"}',
    },
    response: { status, url: 'https://api.github.com/repos/o/r', headers: opts.headers ?? {}, data: { message } },
  });
}

/** Shaped like octokit's wrapping of a transport failure: status 500, no response, the fetch error as cause. */
function octokitTransportError(cause: unknown): Error {
  return Object.assign(new Error('wrapped'), { name: 'HttpError', status: 500, cause, request: {} });
}

function coded(code: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`${code} happened`), { code, ...extra });
}

/** Runs withRetry against a scripted sequence of failures (then success), on a fake clock. */
async function run(
  failures: unknown[],
  opts: Partial<RetryOptions> & { clock?: FakeClock } = {},
): Promise<{ result: unknown; error: unknown; attempts: number; clock: FakeClock; lines: string[]; stats: RunStats }> {
  const clock = opts.clock ?? new FakeClock({ start: NOW });
  const lines: string[] = [];
  const stats = new RunStats();
  let attempts = 0;
  let result: unknown;
  let error: unknown;
  try {
    result = await withRetry(
      'GET /repos/o/r',
      async (attempt) => {
        attempts = attempt;
        const failure = failures[attempt - 1];
        if (failure !== undefined) throw failure;
        return 'ok';
      },
      { random: () => 0.5, log: (l) => lines.push(l), stats, ...opts, clock },
    );
  } catch (e) {
    error = e;
  }
  return { result, error, attempts, clock, lines, stats };
}

describe('classify (I1: §6.5 table)', () => {
  const inFuture = new Date(NOW + 90_000).toUTCString();
  const rows: [string, unknown, { [K in keyof Verdict]?: Verdict[K] | undefined } & { retry: boolean; reasonMatch?: RegExp }][] = [
    ['500', httpError(500), { retry: true, reason: 'status 500', status: 500 }],
    ['502', httpError(502), { retry: true, reason: 'status 502' }],
    ['503', httpError(503), { retry: true }],
    ['504', httpError(504), { retry: true }],
    ['503 with Retry-After: 5', httpError(503, { headers: { 'retry-after': '5' } }), { retry: true, waitMs: 5_000 }],
    ['501 (not implemented)', httpError(501), { retry: false }],
    ['429 with Retry-After: 30', httpError(429, { headers: { 'retry-after': '30' } }), { retry: true, waitMs: 30_000, notProcessed: true }],
    ['429 without headers', httpError(429), { retry: true, waitMs: 60_000, escalate: true }],
    [
      '403 secondary limit, no headers',
      httpError(403, { message: 'You have exceeded a secondary rate limit', headers: { 'x-ratelimit-remaining': '4000' } }),
      { retry: true, waitMs: 60_000, escalate: true, notProcessed: true, reasonMatch: /secondary rate limit, status 403/ },
    ],
    [
      '403 secondary limit with Retry-After: 10',
      httpError(403, { message: 'You have exceeded a secondary rate limit', headers: { 'retry-after': '10' } }),
      { retry: true, waitMs: 10_000 },
    ],
    ['403 with Retry-After only', httpError(403, { headers: { 'retry-after': '7' } }), { retry: true, waitMs: 7_000 }],
    [
      '403 primary exhausted, reset in 120 s',
      httpError(403, { headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 120) } }),
      { retry: true, waitMs: 121_000, reasonMatch: /primary rate limit exhausted/ },
    ],
    [
      '429 primary exhausted, reset garbage',
      httpError(429, { headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': 'soon' } }),
      { retry: true, waitMs: RATE_LIMIT_FALLBACK_MS },
    ],
    [
      '403 Resource not accessible by integration',
      httpError(403, { message: 'Resource not accessible by integration', headers: { 'x-ratelimit-remaining': '4000' } }),
      { retry: false, reason: 'status 403' },
    ],
    ['400', httpError(400), { retry: false }],
    ['401 Bad credentials', httpError(401, { message: 'Bad credentials' }), { retry: false }],
    ['404', httpError(404), { retry: false }],
    ['409', httpError(409), { retry: false }],
    ['410', httpError(410), { retry: false }],
    ['422', httpError(422), { retry: false }],
    ['451', httpError(451), { retry: false }],
    ['304', httpError(304), { retry: false }],
    ['request id carried', httpError(502, { headers: { 'x-github-request-id': 'AB12:CD34' } }), { retry: true, requestId: 'AB12:CD34' }],
    ['ECONNRESET', networkError('ECONNRESET'), { retry: true, reason: 'ECONNRESET', notProcessed: undefined }],
    ['ECONNREFUSED', networkError('ECONNREFUSED'), { retry: true, reason: 'ECONNREFUSED', notProcessed: true }],
    ['ETIMEDOUT', networkError('ETIMEDOUT'), { retry: true, reason: 'ETIMEDOUT' }],
    ['EAI_AGAIN', networkError('EAI_AGAIN'), { retry: true, notProcessed: true }],
    ['EPIPE', coded('EPIPE'), { retry: true }],
    ['UND_ERR_SOCKET', networkError('UND_ERR_SOCKET'), { retry: true, notProcessed: undefined }],
    ['UND_ERR_CONNECT_TIMEOUT', networkError('UND_ERR_CONNECT_TIMEOUT'), { retry: true, notProcessed: true }],
    ['UND_ERR_HEADERS_TIMEOUT', networkError('UND_ERR_HEADERS_TIMEOUT'), { retry: true }],
    ['UND_ERR_INVALID_ARG (a bug)', coded('UND_ERR_INVALID_ARG'), { retry: false }],
    [
      'ENOTFOUND: once, with the host',
      networkError('ENOTFOUND', { hostname: 'ghe.example.com' }),
      { retry: true, reason: 'ENOTFOUND ghe.example.com', maxRetries: 1, notProcessed: true },
    ],
    ['fetch failed without a code', new TypeError('fetch failed'), { retry: true, reasonMatch: /network error/ }],
    ['TypeError that is a bug', new TypeError('x is not a function'), { retry: false }],
    ['per-attempt timeout (TimeoutError)', new DOMException('The operation was aborted due to timeout', 'TimeoutError'), { retry: true }],
    ['AbortError', new DOMException('This operation was aborted', 'AbortError'), { retry: true }],
    ['octokit-wrapped ECONNRESET', octokitTransportError(networkError('ECONNRESET')), { retry: true, reason: 'ECONNRESET' }],
    [
      'octokit-wrapped timeout',
      octokitTransportError(new DOMException('The operation was aborted due to timeout', 'TimeoutError')),
      { retry: true, reason: 'attempt timed out' },
    ],
    ['octokit-wrapped bad URL', octokitTransportError(new TypeError('Failed to parse URL from x')), { retry: false }],
    [
      'AggregateError of refusals',
      new TypeError('fetch failed', { cause: new AggregateError([coded('ECONNREFUSED'), coded('ECONNREFUSED')]) }),
      { retry: true, reason: 'ECONNREFUSED' },
    ],
    ['TLS CERT_HAS_EXPIRED', networkError('CERT_HAS_EXPIRED'), { retry: false, reasonMatch: /TLS/ }],
    ['TLS DEPTH_ZERO_SELF_SIGNED_CERT', networkError('DEPTH_ZERO_SELF_SIGNED_CERT'), { retry: false }],
    ['TLS SELF_SIGNED_CERT_IN_CHAIN', networkError('SELF_SIGNED_CERT_IN_CHAIN'), { retry: false }],
    ['TLS UNABLE_TO_VERIFY_LEAF_SIGNATURE', networkError('UNABLE_TO_VERIFY_LEAF_SIGNATURE'), { retry: false }],
    ['TLS ERR_TLS_CERT_ALTNAME_INVALID', networkError('ERR_TLS_CERT_ALTNAME_INVALID'), { retry: false }],
    ['InputError', new InputError('environment', '', 'a name'), { retry: false, reason: 'InputError' }],
    ['UserError', new UserError('promotion refused'), { retry: false, reason: 'UserError' }],
    ['TransientError with retryAfterMs', new TransientError('busy', { retryAfterMs: 5_000 }), { retry: true, waitMs: 5_000 }],
    ['TransientError without', new TransientError('busy'), { retry: true, waitMs: undefined }],
    ['plain Error (a bug)', new Error('boom'), { retry: false }],
    ['a thrown string', 'boom', { retry: false }],
    [
      'an inner RetryError (already retried)',
      new RetryError('x', { label: 'x', attempts: 5, verdict: { retry: true, reason: 'status 502', status: 502 } }, null),
      { retry: false, status: 502 },
    ],
    ['fetch Headers on the error', Object.assign(new Error('x'), { status: 429, headers: new Headers({ 'Retry-After': '3' }) }), { retry: true, waitMs: 3_000 }],
    ['HTTP-date Retry-After', httpError(429, { headers: { 'retry-after': inFuture } }), { retry: true, waitMs: 90_000 }],
  ];
  for (const [name, error, expected] of rows) {
    test(name, () => {
      const verdict = classify(error, { now: NOW });
      const { reasonMatch, ...exact } = expected;
      for (const [key, value] of Object.entries(exact)) {
        assert.deepEqual(verdict[key as keyof Verdict], value, `${key} of ${JSON.stringify(verdict)}`);
      }
      if (reasonMatch) assert.match(verdict.reason, reasonMatch);
      assert.doesNotMatch(verdict.reason, new RegExp(TOKEN), 'reason never carries the token');
    });
  }
  test('classifying a failure never loads undici (naming the global Headers class costs ~5 MiB of memory)', () => {
    const code = `import { classify } from './shared/retry-classify.ts';
      const octokitLike = Object.assign(new Error('Not Found'), { status: 404, response: { status: 404, headers: { 'x-github-request-id': 'AB:CD' }, data: {} } });
      const fetchLike = Object.assign(new Error('x'), { status: 429, headers: { get: (n) => (n === 'retry-after' ? '3' : null) } });
      const verdicts = [classify(octokitLike), classify(fetchLike)].map((v) => [v.retry, v.requestId ?? v.waitMs]);
      console.log(JSON.stringify({ verdicts, undici: process.moduleLoadList.includes('NativeModule internal/deps/undici/undici') }));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: resolve(import.meta.dirname, '..', '..'), encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { verdicts: [[false, 'AB:CD'], [true, 3000]], undici: false });
  });
});

describe('parseRetryAfter and untilReset (A11)', () => {
  const rows: [string, string, number][] = [
    ['seconds', '30', 30_000],
    ['padded seconds', ' 12 ', 12_000],
    ['zero → fallback', '0', RATE_LIMIT_FALLBACK_MS],
    ['negative → fallback', '-5', RATE_LIMIT_FALLBACK_MS],
    ['fraction → fallback', '1.5', RATE_LIMIT_FALLBACK_MS],
    ['garbage → fallback', 'soon', RATE_LIMIT_FALLBACK_MS],
    ['empty → fallback', '', RATE_LIMIT_FALLBACK_MS],
    ['IMF-fixdate', new Date(NOW + 45_000).toUTCString(), 45_000],
    ['RFC 850 date', 'Saturday, 28-Nov-26 12:02:00 GMT', 120_000],
    ['asctime date (GMT, whatever the local zone)', 'Sat Nov 28 12:00:30 2026', 30_000],
    ['date in the past → fallback', new Date(NOW - 1_000).toUTCString(), RATE_LIMIT_FALLBACK_MS],
  ];
  for (const [name, header, expected] of rows) {
    test(name, () => {
      const wait = parseRetryAfter(header, NOW);
      assert.ok(Number.isFinite(wait) && wait > 0, 'never NaN, never 0');
      assert.equal(wait, expected);
    });
  }

  const resets: [string, string | undefined, number][] = [
    ['reset in 120 s → 121 s', String(NOW / 1000 + 120), 121_000],
    ['reset just passed → 1 s', String(NOW / 1000 - 5), 1_000],
    ['missing → fallback', undefined, RATE_LIMIT_FALLBACK_MS],
    ['garbage → fallback', 'later', RATE_LIMIT_FALLBACK_MS],
  ];
  for (const [name, header, expected] of resets) {
    test(`x-ratelimit-reset: ${name}`, () => assert.equal(untilReset(header, NOW), expected));
  }
});

describe('delays (I2, I3)', () => {
  const policy: RetryPolicy = { retries: 10, minDelayMs: 1_000, maxDelayMs: 30_000, maxRetryTimeMs: 600_000 };
  const caps: [number, number][] = [[0, 1_000], [1, 2_000], [2, 4_000], [3, 8_000], [4, 16_000], [5, 30_000], [12, 30_000]];
  for (const [n, cap] of caps) test(`cap of delay ${n} is ${cap}`, () => assert.equal(backoffCap(policy, n), cap));

  const jitter: [string, number, number][] = [
    ['random 0 → 0', 0, 0],
    ['random 0.5 → half the cap', 0.5, 2_000],
    ['random just under 1 → the cap', 0.99999, 4_000],
    ['random out of range → clamped', 7, 4_000],
    ['random NaN → 0', Number.NaN, 0],
  ];
  for (const [name, r, expected] of jitter) test(`full jitter: ${name}`, () => assert.equal(backoffDelay(policy, 2, () => r), expected));

  test('defaults are bounded: the worst-case sum of delay caps fits the total budget', () => {
    const p = resolvePolicy();
    for (const v of Object.values(p)) assert.ok(Number.isFinite(v));
    let worst = 0;
    for (let n = 0; n < p.retries; n++) worst += backoffCap(p, n);
    assert.ok(worst <= p.maxRetryTimeMs, `${worst} ≤ ${p.maxRetryTimeMs}`);
    assert.ok(p.maxRetryTimeMs < 17 * 60_000);
    assert.deepEqual(p, { ...DEFAULT_RETRY_POLICY });
  });

  const bad: [string, Partial<RetryPolicy>][] = [
    ['infinite retries', { retries: Number.POSITIVE_INFINITY }],
    ['fractional retries', { retries: 1.5 }],
    ['NaN delay', { minDelayMs: Number.NaN }],
    ['negative budget', { maxRetryTimeMs: -1 }],
    ['infinite budget', { maxRetryTimeMs: Number.POSITIVE_INFINITY }],
    ['infinite per-delay cap', { maxDelayMs: Number.POSITIVE_INFINITY }],
    ['cap below base', { minDelayMs: 5_000, maxDelayMs: 1_000 }],
  ];
  for (const [name, p] of bad) test(`policy rejected: ${name}`, () => assert.throws(() => resolvePolicy(p), TypeError));

  const formats: [number, string][] = [[1_234, '1.2s'], [30_000, '30.0s'], [121_000, '2m01s']];
  for (const [ms, text] of formats) test(`formatDelay(${ms}) = ${text}`, () => assert.equal(formatDelay(ms), text));
});

describe('withRetry', () => {
  test('succeeds on the first attempt without sleeping or logging', async () => {
    const r = await run([]);
    assert.equal(r.result, 'ok');
    assert.equal(r.attempts, 1);
    assert.deepEqual(r.clock.sleeps, []);
    assert.deepEqual(r.lines, []);
  });

  test('A7: 502, 502, 503 then 200 — jittered delays within [0, cap], caps non-decreasing, under budget', async () => {
    const r = await run([httpError(502), httpError(502), httpError(503)], { random: sequence(0.9, 0.1, 0.99) });
    assert.equal(r.result, 'ok');
    assert.equal(r.attempts, 4);
    assert.equal(r.clock.sleeps.length, 3);
    const policy = resolvePolicy();
    r.clock.sleeps.forEach((ms, n) => {
      assert.ok(ms >= 0 && ms <= backoffCap(policy, n), `delay ${n}: ${ms}`);
      if (n > 0) assert.ok(backoffCap(policy, n) >= backoffCap(policy, n - 1));
    });
    assert.deepEqual(r.clock.sleeps, [900, 200, 3_960]);
    assert.ok(r.clock.slept <= policy.maxRetryTimeMs);
    assert.equal(r.stats.retries, 3);
    assert.equal(r.lines.length, 3);
  });

  test('A9/I2: a persistent 500 gives up at the attempt cap, with no sleep after the last attempt', async () => {
    const original = httpError(500);
    const r = await run(Array(10).fill(original));
    assert.equal(r.attempts, 5);
    assert.equal(r.clock.sleeps.length, 4);
    assert.ok(r.error instanceof RetryError);
    assert.equal(r.error.cause, original, 'the original is the cause');
    assert.equal(r.error.attempts, 5);
    assert.equal(r.error.status, 500);
    assert.match(r.error.message, /^GET \/repos\/o\/r: failed after 5 attempts \(status 500\): HTTP 500$/);
  });

  test('maxRetryTimeMs bounds the total: the last delay is clipped, then it gives up', async () => {
    const r = await run(Array(10).fill(httpError(502)), { random: () => 1, policy: { maxRetryTimeMs: 2_500 } });
    assert.deepEqual(r.clock.sleeps, [1_000, 1_500]);
    assert.ok(r.error instanceof RetryError);
    assert.match(r.error.message, /failed after 3 attempts.*retry time budget spent/);
  });

  test('an absolute deadline earlier than the budget wins', async () => {
    const r = await run(Array(10).fill(httpError(502)), { random: () => 1, deadline: NOW + 1_200 });
    assert.deepEqual(r.clock.sleeps, [1_000, 200]);
    assert.ok(r.clock.slept <= 1_200);
  });

  test('I3: p-retry never sleeps on its own (its 1 s, 2 s, 4 s… defaults would take 15 s here)', async () => {
    const started = performance.now();
    const r = await run(Array(10).fill(httpError(502)));
    assert.equal(r.attempts, 5);
    assert.ok(performance.now() - started < 1_000);
  });

  test('A1: 429 with Retry-After: 30 waits 30 s and logs one line with status, delay and request id', async () => {
    const r = await run([httpError(429, { headers: { 'retry-after': '30', 'x-github-request-id': 'REQ-1' } })]);
    assert.equal(r.result, 'ok');
    assert.deepEqual(r.clock.sleeps, [30_000]);
    assert.deepEqual(r.lines, ['GET /repos/o/r: attempt 1/5 failed (rate limited, status 429, request id REQ-1); retrying in 30.0s']);
  });

  test('A2: a secondary limit without headers waits 60 s, then longer, then fails clearly', async () => {
    const secondary = httpError(403, { message: 'You have exceeded a secondary rate limit', headers: { 'x-ratelimit-remaining': '4000' } });
    const r = await run(Array(10).fill(secondary), { policy: { retries: 3, maxRetryTimeMs: 3_600_000 } });
    assert.deepEqual(r.clock.sleeps, [60_000, 120_000, 240_000]);
    assert.ok(r.error instanceof RetryError);
    assert.match(r.error.message, /failed after 4 attempts \(secondary rate limit, status 403\)/);
  });

  test('A2 within the default 5-minute budget: fails when the next wait would pass it, saying when', async () => {
    const secondary = httpError(403, { message: 'You have exceeded a secondary rate limit' });
    const r = await run(Array(10).fill(secondary));
    assert.deepEqual(r.clock.sleeps, [60_000, 120_000]);
    assert.ok(r.error instanceof RetryError);
    assert.equal(r.error.resetAt?.toISOString(), new Date(NOW + 180_000 + 240_000).toISOString());
    assert.match(r.error.message, /rate limit resets at 2026-11-28T12:07:00\.000Z, after this call's retry deadline/);
  });

  test('A3: primary limit exhausted, reset in 120 s: sleeps until reset + 1 s, then succeeds', async () => {
    const headers = { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 120) };
    const r = await run([httpError(403, { headers })]);
    assert.equal(r.result, 'ok');
    assert.deepEqual(r.clock.sleeps, [121_000]);
  });

  test('A3: a reset beyond the deadline fails at once with the reset time, without sleeping', async () => {
    const headers = { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 3_600) };
    const r = await run([httpError(429, { headers })]);
    assert.deepEqual(r.clock.sleeps, []);
    assert.equal(r.attempts, 1);
    assert.ok(r.error instanceof RetryError);
    assert.match(r.error.message, /rate limit resets at 2026-11-28T13:00:01\.000Z/);
  });

  test('A12: Retry-After: 7200 with 10 minutes of job left fails fast and says so', async () => {
    const r = await run([httpError(429, { headers: { 'retry-after': '7200' } })], {
      deadline: NOW + 600_000,
      policy: { maxRetryTimeMs: 3_600_000 },
    });
    assert.deepEqual(r.clock.sleeps, []);
    assert.ok(r.error instanceof RetryError);
    assert.equal(r.error.resetAt?.getTime(), NOW + 7_200_000);
    assert.match(r.error.message, /resets at 2026-11-28T14:00:00\.000Z, after this call's retry deadline 2026-11-28T12:10:00\.000Z, so not waiting/);
  });

  const a11: [string, string, number][] = [
    ['an HTTP-date', new Date(NOW + 42_000).toUTCString(), 42_000],
    ['0', '0', 60_000],
    ['negative', '-3', 60_000],
    ['garbage', 'whenever', 60_000],
  ];
  for (const [name, header, wait] of a11) {
    test(`A11: Retry-After as ${name} waits ${wait} ms`, async () => {
      const r = await run([httpError(429, { headers: { 'retry-after': header } })]);
      assert.equal(r.result, 'ok');
      assert.deepEqual(r.clock.sleeps, [wait]);
    });
  }

  const noRetry: [string, unknown][] = [
    ['A4: 403 Resource not accessible by integration', httpError(403, { message: 'Resource not accessible by integration' })],
    ['A5: 401 Bad credentials', httpError(401, { message: 'Bad credentials' })],
    ['A6: 404', httpError(404)],
    ['A6: 410', httpError(410)],
    ['A6: 422', httpError(422, { message: 'Validation Failed' })],
    ['B6: TLS certificate invalid', networkError('CERT_HAS_EXPIRED')],
    ['a bug (plain Error)', new Error('undefined is not iterable')],
  ];
  for (const [name, error] of noRetry) {
    test(`${name}: one attempt, no sleep, original as cause, no token`, async () => {
      const r = await run([error, error]);
      assert.equal(r.attempts, 1);
      assert.deepEqual(r.clock.sleeps, []);
      assert.deepEqual(r.lines, []);
      assert.ok(r.error instanceof RetryError);
      assert.equal(r.error.cause, error);
      assert.equal(r.error.retryable, false);
      assert.match(r.error.message, /failed after 1 attempt \(/);
      assert.ok(!r.error.message.includes(TOKEN));
    });
  }

  const passThrough: [string, Error][] = [
    ['InputError', new InputError('ref', '', 'a branch')],
    ['UserError', new UserError('approval refused')],
  ];
  for (const [name, error] of passThrough) {
    test(`${name} passes through unchanged after one attempt`, async () => {
      const r = await run([error, error]);
      assert.equal(r.attempts, 1);
      assert.equal(r.error, error);
    });
  }

  test('an inner RetryError on the first attempt passes through unchanged (no nested retries)', async () => {
    const inner = new RetryError('inner: failed after 5 attempts', { label: 'inner', attempts: 5, verdict: { retry: true, reason: 'status 502' } }, null);
    const r = await run([inner]);
    assert.equal(r.error, inner);
  });

  test('TransientError: retried, honouring retryAfterMs', async () => {
    const r = await run([new TransientError('token endpoint busy', { retryAfterMs: 2_500 })]);
    assert.equal(r.result, 'ok');
    assert.deepEqual(r.clock.sleeps, [2_500]);
  });

  test('B5: EAI_AGAIN then success is retried', async () => {
    const r = await run([networkError('EAI_AGAIN')]);
    assert.equal(r.result, 'ok');
    assert.equal(r.attempts, 2);
  });

  test('B5: a persistent ENOTFOUND fails fast after one retry, naming the host', async () => {
    const r = await run(Array(10).fill(networkError('ENOTFOUND', { hostname: 'ghe.internal.example' })));
    assert.equal(r.attempts, 2);
    assert.equal(r.clock.sleeps.length, 1);
    assert.ok(r.error instanceof RetryError);
    assert.match(r.error.message, /failed after 2 attempts \(ENOTFOUND ghe\.internal\.example\)/);
  });

  test('B1: ECONNRESET through octokit is retried', async () => {
    const r = await run([octokitTransportError(networkError('ECONNRESET'))]);
    assert.equal(r.result, 'ok');
  });

  test('a thrown string is not success, and not retried', async () => {
    const r = await run(['kaboom']);
    assert.ok(r.error instanceof RetryError);
    assert.match(r.error.message, /kaboom/);
  });

  test('shouldRetry overrides classify', async () => {
    const r = await run([new Error('custom flake'), new Error('custom flake')], {
      shouldRetry: (error) => ({ retry: String(error).includes('flake'), reason: 'custom' }),
    });
    assert.equal(r.result, 'ok');
    assert.equal(r.attempts, 3);
  });

  test('I4: the log line has attempt, status, request id and delay, and never headers, body or query', async () => {
    const error = httpError(502, { headers: { 'x-github-request-id': 'C0FE:1', 'set-cookie': 'session=abc' }, message: '<html>Bad gateway</html>' });
    const r = await run([error]);
    assert.equal(r.lines.length, 1);
    const [line = ''] = r.lines;
    assert.equal(line, 'GET /repos/o/r: attempt 1/5 failed (status 502, request id C0FE:1); retrying in 0.5s');
    for (const leak of [TOKEN, 'body-secret', 'session=abc', '?', 'html', 'authorization']) assert.ok(!line.includes(leak), leak);
  });

  test('the final message drops URL query strings and keeps to one line', async () => {
    const r = await run([new Error(`GET https://h.example/x?token=${TOKEN} failed\nsecond line`)]);
    assert.ok(r.error instanceof RetryError);
    assert.ok(!r.error.message.includes(TOKEN));
    assert.ok(!r.error.message.includes('second line'));
    assert.match(r.error.message, /https:\/\/h\.example\/x failed/);
  });

  test('A14: aborting during a backoff sleep cancels it at once and stops further attempts', async () => {
    const clock = new FakeClock({ start: NOW, auto: false });
    const controller = new AbortController();
    const reason = new UserError('deploy was cancelled');
    let attempts = 0;
    const pending = withRetry(
      'GET /x',
      async () => {
        attempts += 1;
        throw httpError(502);
      },
      { clock, signal: controller.signal, log: () => {} },
    );
    await clock.nextSleep();
    assert.equal(clock.pending, 1);
    controller.abort(reason);
    await assert.rejects(pending, (e) => e === reason);
    assert.equal(attempts, 1);
    assert.equal(clock.pending, 0);
  });

  test('A14: an already aborted signal makes no attempt', async () => {
    const controller = new AbortController();
    controller.abort(new UserError('cancelled'));
    let called = false;
    await assert.rejects(
      withRetry('GET /x', async () => {
        called = true;
      }, { clock: new FakeClock(), signal: controller.signal }),
      UserError,
    );
    assert.equal(called, false);
  });

  test('A14: the real clock\'s sleep is cancelled by abort at once', async () => {
    const controller = new AbortController();
    const started = performance.now();
    const sleeping = realClock.sleep(60_000, controller.signal);
    setImmediate(() => controller.abort(new Error('stop')));
    await assert.rejects(sleeping, /stop/);
    assert.ok(performance.now() - started < 1_000);
  });
});
