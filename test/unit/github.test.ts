import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { inspect } from 'node:util';
import { UserError } from '../../shared/errors.ts';
import { GitHubApiError, WRITE_SPACING_MS, createGitHub, type GitHubOptions, type Reconcile } from '../../shared/github.ts';
import { RunStats } from '../../shared/stats.ts';
import { SUITE_NAME, SUITE_VERSION } from '../../shared/version.ts';
import { FakeClock } from './helpers/fake-clock.ts';
import { fakeFetch, networkError, type Step } from './helpers/fake-github-fetch.ts';

const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);
const TOKEN = 'ghs_FAKE0123456789abcdefSECRETtoken';
const ok = (body: unknown = {}, headers: Record<string, string> = {}): Step => ({ status: 200, body, headers });
const fail = (status: number, message = `failure ${status}`, headers: Record<string, string> = {}): Step => ({
  status,
  body: { message, documentation_url: 'https://docs.github.com/rest' },
  headers,
});

function setup(steps: Step[], extra: Partial<GitHubOptions> = {}) {
  const clock = new FakeClock({ start: NOW });
  const fake = fakeFetch(steps, clock);
  const stats = new RunStats();
  const lines: string[] = [];
  const octokit = createGitHub({
    token: TOKEN,
    baseUrl: 'https://api.github.com',
    fetch: fake.fetch,
    stats,
    ...extra,
    retry: { clock, random: () => 0.5, log: (l) => lines.push(l), ...extra.retry },
  });
  return { octokit, fake, clock, stats, lines };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('expected a rejection');
}

const repo = { owner: 'o', repo: 'r' };
const deployment = { ...repo, ref: 'main', payload: { marker: 'run-1/1/deploy' } };

describe('createGitHub: construction', () => {
  test('user agent, GHES base URL and token auth are used', async () => {
    const { octokit, fake } = setup([ok({ full_name: 'o/r' })], { baseUrl: 'https://ghe.example.com/api/v3/' });
    const { data } = await octokit.request('GET /repos/{owner}/{repo}', repo);
    assert.deepEqual(data, { full_name: 'o/r' });
    const [call] = fake.calls;
    assert.equal(call?.url, 'https://ghe.example.com/api/v3/repos/o/r');
    assert.ok(call?.headers['user-agent']?.startsWith(`${SUITE_NAME}/${SUITE_VERSION} `), call?.headers['user-agent']);
    assert.equal(call?.headers['authorization'], `token ${TOKEN}`);
  });

  test('userAgent is appended to the suite product token', async () => {
    const { octokit, fake } = setup([ok()], { userAgent: 'deploy' });
    await octokit.request('GET /repos/{owner}/{repo}', repo);
    assert.ok(fake.calls[0]?.headers['user-agent']?.startsWith(`${SUITE_NAME}/${SUITE_VERSION} deploy `));
  });

  const envRows: [string, string | undefined, string][] = [
    ['GITHUB_API_URL (GHES)', 'https://ghe.corp.example/api/v3', 'https://ghe.corp.example/api/v3/repos/o/r'],
    ['api.github.com when GITHUB_API_URL is unset', undefined, 'https://api.github.com/repos/o/r'],
  ];
  for (const [name, env, expected] of envRows) {
    test(`base URL defaults to ${name}`, async () => {
      const saved = process.env['GITHUB_API_URL'];
      if (env === undefined) delete process.env['GITHUB_API_URL'];
      else process.env['GITHUB_API_URL'] = env;
      try {
        const fake = fakeFetch([ok()]);
        await createGitHub({ token: TOKEN, fetch: fake.fetch, retry: { log: () => {} } }).request('GET /repos/{owner}/{repo}', repo);
        assert.equal(fake.calls[0]?.url, expected);
      } finally {
        if (saved === undefined) delete process.env['GITHUB_API_URL'];
        else process.env['GITHUB_API_URL'] = saved;
      }
    });
  }

  const badRows: [string, Partial<GitHubOptions>][] = [
    ['empty token', { token: ' ' }],
    ['base URL not a URL', { baseUrl: 'ghe.example.com' }],
    ['base URL with a query', { baseUrl: 'https://ghe.example.com/api/v3?x=1' }],
    ['base URL with credentials', { baseUrl: 'https://user:pw@ghe.example.com/api/v3' }],
    ['base URL not http(s)', { baseUrl: 'file:///etc' }],
    ['timeout of 0', { timeoutMs: 0 }],
  ];
  for (const [name, patch] of badRows) {
    test(`rejected: ${name}`, () => assert.throws(() => createGitHub({ token: TOKEN, ...patch }), TypeError));
  }
});

describe('createGitHub: counting and retries', () => {
  test('every request sent is counted, retries and network failures included; rate limit noted', async () => {
    const { octokit, stats } = setup([
      ok({}, { 'x-ratelimit-remaining': '900' }),
      { error: networkError('ECONNRESET') },
      fail(502, 'Bad gateway', { 'x-ratelimit-remaining': '898' }),
      ok({}, { 'x-ratelimit-remaining': '897' }),
    ]);
    await octokit.request('GET /repos/{owner}/{repo}', repo);
    await octokit.request('GET /repos/{owner}/{repo}', repo);
    assert.equal(stats.apiCalls, 4);
    assert.equal(stats.retries, 2);
    assert.equal(stats.rateLimitRemaining, 897);
  });

  test('A7: GET 502, 502 then 200 is retried; one line per failed attempt, without the query string', async () => {
    const { octokit, fake, lines, clock } = setup([
      fail(502, '<html>Bad gateway</html>', { 'x-github-request-id': 'R1' }),
      fail(502, '<html>Bad gateway</html>', { 'x-github-request-id': 'R2' }),
      ok([{ id: 1 }]),
    ]);
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/deployments', { ...repo, per_page: 100 });
    assert.deepEqual(data, [{ id: 1 }]);
    assert.equal(fake.calls.length, 3);
    assert.ok(fake.calls[0]?.url.endsWith('?per_page=100'));
    assert.deepEqual(clock.sleeps, [500, 1_000]);
    assert.deepEqual(lines, [
      'GET /repos/o/r/deployments: attempt 1/5 failed (status 502, request id R1); retrying in 0.5s',
      'GET /repos/o/r/deployments: attempt 2/5 failed (status 502, request id R2); retrying in 1.0s',
    ]);
  });

  test('A6: 422 is not retried and escapes with status, method, path, request id and the error body', async () => {
    const { octokit, fake } = setup([
      { status: 422, body: { message: 'Validation Failed', errors: [{ code: 'already_exists' }] }, headers: { 'x-github-request-id': 'V1' } },
    ]);
    const error = await rejection(octokit.request('POST /repos/{owner}/{repo}/deployments', deployment));
    assert.ok(error instanceof GitHubApiError);
    assert.equal(fake.calls.length, 1);
    assert.equal(error.status, 422);
    assert.equal(error.method, 'POST');
    assert.equal(error.path, '/repos/o/r/deployments');
    assert.equal(error.requestId, 'V1');
    assert.equal(error.attempts, 1);
    assert.deepEqual(error.data, { message: 'Validation Failed', errors: [{ code: 'already_exists' }] });
    assert.match(error.message, /^POST \/repos\/o\/r\/deployments: failed after 1 attempt \(status 422, request id V1\): Validation Failed/);
  });

  test('A2: a secondary-limit 403 with Retry-After: 30 waits 30 s, then succeeds', async () => {
    const { octokit, fake, clock } = setup([
      fail(403, 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.', { 'retry-after': '30' }),
      ok({ id: 1 }),
    ]);
    await octokit.request('GET /repos/{owner}/{repo}', repo);
    assert.equal(fake.calls.length, 2);
    assert.deepEqual(clock.sleeps, [30_000]);
    assert.equal(fake.calls[1]!.at - fake.calls[0]!.at, 30_000);
  });

  test('A3: primary limit exhausted: waits until x-ratelimit-reset + 1 s', async () => {
    const { octokit, clock, stats } = setup([
      fail(403, 'API rate limit exceeded', { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 120) }),
      ok(),
    ]);
    await octokit.request('GET /repos/{owner}/{repo}', repo);
    assert.deepEqual(clock.sleeps, [121_000]);
    assert.equal(stats.rateLimitRemaining, 0);
  });

  test('B4: a request that never answers times out per attempt and is retried', async () => {
    const { octokit, fake } = setup([{ hang: true }, ok({ id: 2 })], { timeoutMs: 5 });
    const { data } = await octokit.request('GET /repos/{owner}/{repo}', repo);
    assert.deepEqual(data, { id: 2 });
    assert.equal(fake.calls.length, 2);
    assert.equal((fake.calls[0]?.signal?.reason as Error | undefined)?.name, 'TimeoutError');
  });

  test('B5: a persistent ENOTFOUND gives up after one retry, naming the host', async () => {
    const { octokit, fake } = setup([{ error: networkError('ENOTFOUND', { hostname: 'ghe.example.com' }) }]);
    const error = await rejection(octokit.request('GET /repos/{owner}/{repo}', repo));
    assert.ok(error instanceof GitHubApiError);
    assert.equal(fake.calls.length, 2);
    assert.equal(error.status, undefined, 'no response, no status');
    assert.match(error.message, /ENOTFOUND ghe\.example\.com/);
  });

  test('A14: cancelling during a backoff stops at once with the cancel reason', async () => {
    const clock = new FakeClock({ start: NOW, auto: false });
    const controller = new AbortController();
    const { octokit, fake } = setup([fail(502)], { retry: { clock, signal: controller.signal } });
    const pending = octokit.request('GET /repos/{owner}/{repo}', repo);
    await clock.nextSleep();
    const reason = new UserError('deploy was cancelled');
    controller.abort(reason);
    assert.equal(await rejection(pending), reason);
    assert.equal(fake.calls.length, 1);
  });

  test('GraphQL queries are retried like reads', async () => {
    const { octokit, fake } = setup([fail(502), ok({ data: { viewer: { login: 'bot' } } })]);
    const result = await octokit.graphql<{ viewer: { login: string } }>('query { viewer { login } }');
    assert.equal(result.viewer.login, 'bot');
    assert.equal(fake.calls.length, 2);
  });
});

describe('createGitHub: non-idempotent POSTs', () => {
  test('a GraphQL mutation is a write: an ambiguous 502 is not re-sent without reconcile', async () => {
    const { octokit, fake } = setup([fail(502), ok({ data: {} })]);
    await rejection(octokit.graphql('mutation { addStar(input: { starrableId: "x" }) { clientMutationId } }'));
    assert.equal(fake.calls.length, 1);
  });

  test('A8: an ambiguous 502 on POST is not re-sent without reconcile', async () => {
    const { octokit, fake } = setup([fail(502), { status: 201, body: { id: 7 } }]);
    const error = await rejection(octokit.request('POST /repos/{owner}/{repo}/deployments', deployment));
    assert.ok(error instanceof GitHubApiError);
    assert.equal(fake.calls.length, 1);
    assert.equal(error.status, 502);
    assert.match(error.message, /not re-sent: the POST may have been processed and no request\.reconcile was given/);
  });

  test('B3: ECONNRESET after sending a POST is not re-sent without reconcile', async () => {
    const { octokit, fake } = setup([{ error: networkError('ECONNRESET') }, { status: 201, body: { id: 7 } }]);
    await rejection(octokit.request('POST /repos/{owner}/{repo}/deployments', deployment));
    assert.equal(fake.calls.length, 1);
  });

  test('A8: reconcile finds the POST landed: one resource, the existing one is returned', async () => {
    const { octokit, fake } = setup([
      fail(502),
      ok([{ id: 7, payload: { marker: 'run-1/1/deploy' } }]),
      { status: 201, body: { id: 8 } },
    ]);
    const contexts: unknown[] = [];
    const reconcile: Reconcile = async (ctx) => {
      contexts.push({ ...ctx, error: undefined });
      const { data } = await octokit.request('GET /repos/{owner}/{repo}/deployments', { ...repo, ref: 'main' });
      const found = data.find((d) => (d.payload as { marker?: string }).marker === 'run-1/1/deploy');
      return found ? { data: found, status: 201 } : undefined;
    };
    const response = await octokit.request('POST /repos/{owner}/{repo}/deployments', { ...deployment, request: { reconcile } });
    assert.equal(response.status, 201);
    assert.deepEqual(response.data, { id: 7, payload: { marker: 'run-1/1/deploy' } });
    assert.equal(response.headers['x-suite-reconciled' as 'etag'], 'true');
    assert.deepEqual(fake.calls.map((c) => c.method), ['POST', 'GET']);
    assert.deepEqual(contexts, [{ method: 'POST', path: '/repos/o/r/deployments', attempt: 2, error: undefined }]);
  });

  test('A8: reconcile finds nothing: the POST is re-sent once', async () => {
    const { octokit, fake, lines } = setup([fail(502), ok([]), { status: 201, body: { id: 9 } }]);
    const reconcile: Reconcile = async () => {
      const { data } = await octokit.request('GET /repos/{owner}/{repo}/deployments', { ...repo, ref: 'main' });
      return data.length > 0 ? { data: data[0] } : undefined;
    };
    const response = await octokit.request('POST /repos/{owner}/{repo}/deployments', { ...deployment, request: { reconcile } });
    assert.deepEqual(response.data, { id: 9 });
    assert.deepEqual(fake.calls.map((c) => c.method), ['POST', 'GET', 'POST']);
    assert.ok(lines.some((l) => l.includes('reconcile found no trace of attempt 1; re-sending')));
  });

  const provenUnsent: [string, Step][] = [
    ['429', fail(429, 'Too many requests', { 'retry-after': '2' })],
    ['secondary-limit 403', fail(403, 'You have exceeded a secondary rate limit')],
    ['connection refused', { error: networkError('ECONNREFUSED') }],
  ];
  for (const [name, step] of provenUnsent) {
    test(`a POST refused with ${name} is re-sent without reconcile`, async () => {
      const { octokit, fake } = setup([step, { status: 201, body: { id: 3 } }]);
      const { data } = await octokit.request('POST /repos/{owner}/{repo}/deployments', deployment);
      assert.deepEqual(data, { id: 3 });
      assert.equal(fake.calls.length, 2);
    });
  }

  test('B2: PUT is idempotent: an ambiguous failure is retried', async () => {
    const { octokit, fake } = setup([{ error: networkError('ECONNRESET') }, { status: 204 }]);
    await octokit.request('PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}', { ...repo, secret_name: 'S', encrypted_value: 'x', key_id: 'k' });
    assert.equal(fake.calls.length, 2);
  });
});

describe('createGitHub: errors are safe to print', () => {
  test('A5: 401 on PUT secret: the message and the whole error graph carry no token, body or query', async () => {
    const { octokit, fake } = setup([fail(401, 'Bad credentials', { 'set-cookie': 'session=COOKIE', 'x-github-request-id': 'Q1' })]);
    const error = await rejection(
      octokit.request('PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}', {
        ...repo,
        secret_name: 'DB_PASSWORD',
        encrypted_value: 'ENCRYPTED-BODY-VALUE',
        key_id: 'k1',
        request: { tag: 'REQUEST-OPTION-VALUE' },
        headers: { 'x-extra': 'HEADER-VALUE' },
      }),
    );
    assert.equal(fake.calls.length, 1);
    assert.ok(error instanceof GitHubApiError);
    assert.match(error.message, /^PUT \/repos\/o\/r\/actions\/secrets\/DB_PASSWORD: failed after 1 attempt \(status 401, request id Q1\): Bad credentials/);
    assert.match(error.message, /token is missing, expired or revoked/);
    const everything = `${error.message}\n${error.stack}\n${inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true })}`;
    for (const leak of [TOKEN, 'ENCRYPTED-BODY-VALUE', 'HEADER-VALUE', 'REQUEST-OPTION-VALUE', 'COOKIE', 'authorization']) {
      assert.ok(!everything.includes(leak), `leaked ${leak}`);
    }
  });

  test('the query string of a failed request is not kept', async () => {
    const { octokit } = setup([fail(404, 'Not Found')]);
    const error = await rejection(octokit.request('GET /repos/{owner}/{repo}/contents/{path}', { ...repo, path: 'a.txt', ref: 'QUERYREF' }));
    assert.ok(error instanceof GitHubApiError);
    assert.equal(error.path, '/repos/o/r/contents/a.txt');
    assert.ok(!inspect(error, { depth: Number.POSITIVE_INFINITY }).includes('QUERYREF'));
    assert.match(error.message, /does not exist, or the token cannot see it/);
  });

  test('A4: 403 Resource not accessible names the permission GitHub asked for', async () => {
    const { octokit, fake } = setup([
      fail(403, 'Resource not accessible by integration', { 'x-accepted-github-permissions': 'deployments=write', 'x-ratelimit-remaining': '900' }),
    ]);
    const error = await rejection(octokit.request('POST /repos/{owner}/{repo}/deployments', deployment));
    assert.equal(fake.calls.length, 1);
    assert.ok(error instanceof GitHubApiError);
    assert.match(error.message, /Resource not accessible by integration.* — the token lacks a permission; this endpoint accepts deployments=write/);
  });
});

describe('createGitHub: write serialisation', () => {
  test('A10: concurrent writes go one at a time, each ≥ 1 s after the previous', async () => {
    const { octokit, fake } = setup([{ status: 201, body: {} }]);
    await Promise.all([
      octokit.request('POST /repos/{owner}/{repo}/deployments', deployment),
      octokit.request('POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', { ...repo, deployment_id: 1, state: 'success' }),
      octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { ...repo, issue_number: 1, body: 'hi' }),
      octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', { ...repo, issue_number: 1, title: 't' }),
      octokit.request('DELETE /repos/{owner}/{repo}/deployments/{deployment_id}', { ...repo, deployment_id: 1 }),
    ]);
    assert.equal(fake.calls.length, 5);
    assert.equal(fake.maxInFlight, 1);
    for (let i = 1; i < fake.calls.length; i++) {
      assert.ok(fake.calls[i]!.at - fake.calls[i - 1]!.at >= WRITE_SPACING_MS, `write ${i}`);
    }
  });

  test('a write keeps the slot through its retries; other writes wait for it', async () => {
    let n = 0;
    const { octokit, fake } = setup([
      (call) => (JSON.parse(call.body ?? '{}').ref === 'a' && n++ === 0 ? fail(429, 'slow down', { 'retry-after': '5' }) : { status: 201, body: {} }),
    ]);
    await Promise.all([
      octokit.request('POST /repos/{owner}/{repo}/deployments', { ...deployment, ref: 'a' }),
      octokit.request('POST /repos/{owner}/{repo}/deployments', { ...deployment, ref: 'b' }),
    ]);
    assert.deepEqual(fake.calls.map((c) => JSON.parse(c.body ?? '{}').ref), ['a', 'a', 'b']);
  });

  test('reads are not throttled', async () => {
    const { octokit, fake, clock } = setup([ok()]);
    await Promise.all([octokit.request('GET /repos/{owner}/{repo}', repo), octokit.request('GET /repos/{owner}/{repo}', repo), octokit.request('GET /repos/{owner}/{repo}', repo)]);
    assert.equal(fake.maxInFlight, 3);
    assert.deepEqual(clock.sleeps, []);
  });
});
