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
    assert.match(error.message, /GitHub refused the token in `github-token` \(missing, expired or revoked\): pass a valid token as `github-token`$/);
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
    assert.match(error.message, /Resource not accessible by integration.* — the token lacks Deployments: write; for the workflow's token add `deployments: write` to the job's `permissions:`/);
  });

  test('401 names the input the token came from', async () => {
    const { octokit } = setup([fail(401, 'Bad credentials')], { tokenInput: 'app-token' });
    const error = await rejection(octokit.request('GET /repos/{owner}/{repo}', repo));
    assert.match(String((error as Error).message), /GitHub refused the token in `app-token` \(missing, expired or revoked\): pass a valid token as `app-token`$/);
  });

  // 403 without GitHub's header (GHES, classic tokens): the permission comes from the route table.
  const forbidden: Array<[string, () => (o: ReturnType<typeof setup>['octokit']) => Promise<unknown>, string | undefined, RegExp]> = [
    [
      'a variable, header actions_variables=write: one true sentence — the workflow token can never have it',
      () => (o) => o.request('POST /repos/{owner}/{repo}/actions/variables', { ...repo, name: 'X', value: 'v' }),
      'actions_variables=write',
      /— the token lacks Variables: write, which the workflow's GITHUB_TOKEN can never have: pass a GitHub App installation token or a fine-grained personal access token with it as `github-token`$/,
    ],
    [
      'a variable, no header: the route table says Variables: write',
      () => (o) => o.request('PATCH /repos/{owner}/{repo}/actions/variables/{name}', { ...repo, name: 'X', value: 'v' }),
      undefined,
      /— the token lacks Variables: write, which the workflow's GITHUB_TOKEN can never have/,
    ],
    [
      'a repository secret, no header',
      () => (o) => o.request('PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}', { ...repo, secret_name: 'S', encrypted_value: 'e', key_id: 'k' }),
      undefined,
      /— the token lacks Secrets: write, which the workflow's GITHUB_TOKEN can never have/,
    ],
    [
      'an environment secret, no header',
      () => (o) => o.request('PUT /repos/{owner}/{repo}/environments/{environment_name}/secrets/{secret_name}', { ...repo, environment_name: 'prod', secret_name: 'S', encrypted_value: 'e', key_id: 'k' }),
      undefined,
      /— the token lacks Environments: write, which the workflow's GITHUB_TOKEN can never have/,
    ],
    [
      'an organisation secret, no header',
      () => (o) => o.request('PUT /orgs/{org}/actions/secrets/{secret_name}', { org: 'o', secret_name: 'S', encrypted_value: 'e', key_id: 'k', visibility: 'selected' }),
      undefined,
      /— the token lacks organization Secrets: write, which the workflow's GITHUB_TOKEN can never have/,
    ],
    [
      'a deployment, no header: grantable under permissions:',
      () => (o) => o.request('POST /repos/{owner}/{repo}/deployments', deployment),
      undefined,
      /— the token lacks Deployments: write; for the workflow's token add `deployments: write` to the job's `permissions:`/,
    ],
    [
      'a PR comment, no header: either permission does',
      () => (o) => o.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { ...repo, issue_number: 3, body: 'plan' }),
      undefined,
      /— the token lacks Issues: write, or Pull requests: write; for the workflow's token add `issues: write` to the job's `permissions:`/,
    ],
    [
      'workflow runs, no header',
      () => (o) => o.request('GET /repos/{owner}/{repo}/actions/runs', repo),
      undefined,
      /— the token lacks Actions: read; for the workflow's token add `actions: read` to the job's `permissions:`/,
    ],
    [
      'a route outside the table, no header: no guess',
      () => (o) => o.request('GET /repos/{owner}/{repo}/branches', repo),
      undefined,
      /— the token lacks a permission this endpoint needs, or the resource is protected; check the permissions of the token in `github-token`$/,
    ],
  ];
  for (const [name, call, header, expected] of forbidden) {
    test(`403: ${name}`, async () => {
      const { octokit } = setup([fail(403, 'Resource not accessible by integration', header ? { 'x-accepted-github-permissions': header } : {})]);
      const error = await rejection(call()(octokit));
      assert.ok(error instanceof GitHubApiError);
      assert.match(error.message, expected);
      assert.doesNotMatch(error.message, /actions_variables|organization_secrets/, 'header names are translated, never echoed');
    });
  }
});

describe('createGitHub: unreadable answers (a cut or garbled body)', () => {
  const cut = (status = 200): Step => ({ status, raw: '{"key_id":"568250167242549743","key":"j', headers: { 'x-github-request-id': 'CUT1' } });
  const html = (): Step => ({ status: 200, raw: '<html><body>Sign in to the proxy</body></html>', headers: { 'content-type': 'text/html' } });

  test('a read with a cut JSON body is retried like a network error, and succeeds', async () => {
    const { octokit, fake, lines } = setup([cut(), html(), ok({ key_id: '1', key: 'k' })]);
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/actions/secrets/public-key', repo);
    assert.deepEqual(data, { key_id: '1', key: 'k' });
    assert.equal(fake.calls.length, 3);
    assert.match(lines[0] ?? '', /attempt 1\/5 failed \(unreadable 200 answer \(cut or not JSON\), request id CUT1\); retrying in/);
  });

  test("a persistent cut answer fails as GitHub's fault after the retries, not as a bug", async () => {
    const { octokit, fake } = setup([cut()]);
    const error = await rejection(octokit.request('GET /repos/{owner}/{repo}/actions/secrets/public-key', repo));
    assert.ok(error instanceof GitHubApiError);
    assert.equal(fake.calls.length, 5);
    assert.match(error.message, /failed after 5 attempts \(unreadable 200 answer \(cut or not JSON\), request id CUT1\): GitHub answered 200 with 39 bytes of application\/json that are not a JSON document/);
    assert.doesNotMatch(error.message, /568250167242549743/, 'the body is described, never echoed');
  });

  test('a POST whose 201 is unreadable may have landed: reconciled, not blindly re-sent', async () => {
    let reconciled = 0;
    const { octokit, fake } = setup([cut(201)]);
    const { status, data } = await octokit.request('POST /repos/{owner}/{repo}/deployments', {
      ...deployment,
      request: { reconcile: (async () => ((reconciled += 1), { data: { id: 7 }, status: 201 })) satisfies Reconcile },
    });
    assert.deepEqual([status, data, reconciled, fake.calls.length], [201, { id: 7 }, 1, 1]);
    const { octokit: plain, fake: once } = setup([cut(201)]);
    const error = await rejection(plain.request('POST /repos/{owner}/{repo}/deployments', deployment));
    assert.match(String((error as Error).message), /not re-sent: the POST may have been processed/);
    assert.equal(once.calls.length, 1);
  });

  test('an empty 2xx and a 204 are answers, not failures', async () => {
    const { octokit, fake } = setup([{ status: 201, raw: '' }, { status: 204 }]);
    await octokit.request('PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}', { ...repo, secret_name: 'S', encrypted_value: 'e', key_id: 'k' });
    await octokit.request('DELETE /repos/{owner}/{repo}/actions/variables/{name}', { ...repo, name: 'X' });
    assert.equal(fake.calls.length, 2);
  });
});

describe('createGitHub: the API time budget (api-timeout)', () => {
  test('counts time spent in calls, not between them; a call after it is spent is not sent, and says why', async () => {
    const clock = new FakeClock({ start: NOW });
    const slow: Step = () => (clock.advance(20_000), ok());
    const { octokit, fake } = setup([slow], { apiTimeoutMs: 50_000, retry: { clock } });
    await octokit.request('GET /repos/{owner}/{repo}', repo);
    clock.advance(600_000); // a ten-minute deploy script: not API time
    await octokit.request('GET /repos/{owner}/{repo}', repo);
    await octokit.request('GET /repos/{owner}/{repo}', repo); // starts with 10 s left
    const error = await rejection(octokit.request('POST /repos/{owner}/{repo}/deployments', deployment));
    assert.ok(error instanceof GitHubApiError);
    assert.equal(
      error.message,
      "POST /repos/o/r/deployments: not sent: api-timeout (50.0s, the total time this step may spend waiting on GitHub's API) ran out — GitHub may be degraded (https://www.githubstatus.com); re-run the job, or raise api-timeout",
    );
    assert.equal(error.outOfTime, true);
    assert.equal(fake.calls.length, 3);
  });

  test('overlapping calls are counted once', async () => {
    const clock = new FakeClock({ start: NOW });
    const slow: Step = () => (clock.advance(10_000), ok());
    const { octokit, fake } = setup([slow], { apiTimeoutMs: 35_000, retry: { clock } });
    // Three reads in flight together take 30 s of the clock (the fake advances it once per call).
    await Promise.all([1, 2, 3].map(() => octokit.request('GET /repos/{owner}/{repo}', repo)));
    await octokit.request('GET /repos/{owner}/{repo}', repo);
    assert.equal(fake.calls.length, 4);
  });

  test('a hung route is reported as a hang; retries stop where the budget would be passed', async () => {
    const clock = new FakeClock({ start: NOW });
    const { octokit, fake } = setup([{ hang: true }], { timeoutMs: 200, apiTimeoutMs: 2_500, retry: { clock } });
    const error = await rejection(octokit.request('GET /repos/{owner}/{repo}/deployments', repo));
    assert.ok(error instanceof GitHubApiError);
    // Backoffs 0.5 s, 1 s, then 0.8 s of the 2 s it drew: the last attempt still gets its 0.2 s.
    assert.equal(fake.calls.length, 4);
    assert.equal(
      error.message,
      "GitHub API did not answer GET /repos/o/r/deployments within 0.2s (4 attempts): api-timeout (2.5s, the total time this step may spend waiting on GitHub's API) ran out — GitHub may be degraded (https://www.githubstatus.com); re-run the job, or raise api-timeout",
    );
    assert.equal(error.outOfTime, true);
    assert.deepEqual(clock.sleeps, [500, 1_000, 800]);
  });

  test('an attempt the budget cuts short is a hang that names api-timeout; no retry is made', async () => {
    const clock = new FakeClock({ start: NOW });
    const { octokit, fake } = setup([{ hang: true }], { timeoutMs: 2_000, apiTimeoutMs: 300, retry: { clock } });
    const reconcile: Reconcile = async () => undefined;
    const error = await rejection(octokit.request('POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', { ...repo, deployment_id: 1, state: 'success', request: { reconcile } }));
    assert.ok(error instanceof GitHubApiError);
    assert.equal(fake.calls.length, 1);
    assert.equal(error.outOfTime, true);
    assert.match(error.message, /^GitHub API did not answer POST \/repos\/o\/r\/deployments\/1\/statuses within 0\.3s \(1 attempt\): api-timeout \(0\.3s, the total time this step may spend waiting on GitHub's API\) ran out — /);
  });

  test('without a budget a hang is still reported as a hang after the attempts', async () => {
    const { octokit, fake } = setup([{ hang: true }], { timeoutMs: 20 });
    const error = await rejection(octokit.request('GET /repos/{owner}/{repo}', repo));
    assert.equal(fake.calls.length, 5);
    assert.equal((error as Error).message, 'GitHub API did not answer GET /repos/o/r within 0.0s (5 attempts)');
    assert.equal((error as GitHubApiError).outOfTime, false);
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

  test('retried writes of concurrent runs keep their jitter: spread over the backoff, never re-sent in lockstep by the spacing', async () => {
    // Ten runs (each its own process and clock) whose PUT failed at the same moment.
    const runs = 10;
    const resendAfter: number[] = [];
    for (let i = 0; i < runs; i++) {
      const { octokit, fake } = setup([fail(502), { status: 201, body: {} }], { retry: { random: () => i / runs } });
      await octokit.request('PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}', { ...repo, secret_name: 'S', encrypted_value: 'e', key_id: 'k' });
      resendAfter.push(fake.calls[1]!.at - fake.calls[0]!.at);
    }
    assert.ok(resendAfter.every((d) => d >= WRITE_SPACING_MS), `writes stay ≥ ${WRITE_SPACING_MS} ms apart: ${resendAfter}`);
    assert.equal(new Set(resendAfter).size, runs, `no two runs re-send together: ${resendAfter}`);
    assert.ok(Math.max(...resendAfter) - Math.min(...resendAfter) >= 900, `spread over the first backoff (1 s): ${resendAfter}`);
  });

  test('reads are not throttled', async () => {
    const { octokit, fake, clock } = setup([ok()]);
    await Promise.all([octokit.request('GET /repos/{owner}/{repo}', repo), octokit.request('GET /repos/{owner}/{repo}', repo), octokit.request('GET /repos/{owner}/{repo}', repo)]);
    assert.equal(fake.maxInFlight, 3);
    assert.deepEqual(clock.sleeps, []);
  });
});
