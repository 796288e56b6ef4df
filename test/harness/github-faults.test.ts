// Every fault kind, observed with plain fetch.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { sealFor, startGitHubEmulator } from './github/index.ts';
import { api, fixture, until, type Fixture } from './github/testing.ts';

const ISSUES = '/repos/octo-org/app/issues';
const newIssue = (title: string) => ({ method: 'POST', body: JSON.stringify({ title }) });

describe('GitHub emulator: fault injection', () => {
  let f: Fixture;
  before(async () => {
    f = await fixture();
  });
  beforeEach(() => f.em.faults.clear());
  after(async () => {
    assert.deepEqual(f.em.contractViolations, []);
    await f.em.close();
  });

  const issueTitles = () => ((f.em.state()['repos'] as { issues: { title: string }[] }[])[0]?.issues ?? []).map((i) => i.title);
  const statusesOf = async (n: number, path = '/repos/octo-org/app') => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push((await api(f.em, path)).status);
    return out;
  };

  it('plays a status sequence, then behaves normally', async () => {
    f.em.faults.inject({ route: 'GET /repos/{owner}/{repo}', statuses: [502, 502, 503] });
    assert.deepEqual(await statusesOf(5), [502, 502, 503, 200, 200]);
    const tail = f.em.requests.slice(-5).map((r) => r.fault ?? '-');
    assert.deepEqual(tail, ['status 502', 'status 502', 'status 503', '-', '-']);
  });

  it('answers with GitHub error JSON for injected statuses, or a given message/body', async () => {
    f.em.faults.inject({ route: 'repos/get', statuses: [500] });
    const res = await api(f.em, '/repos/octo-org/app');
    assert.deepEqual(await res.json(), { message: 'Server Error', documentation_url: 'https://docs.github.com/rest', status: '500' });
    f.em.faults.inject({ route: 'repos/get', statuses: [422], body: { message: 'Validation Failed', errors: [{ code: 'custom' }] } });
    assert.deepEqual(await (await api(f.em, '/repos/octo-org/app')).json(), { message: 'Validation Failed', errors: [{ code: 'custom' }] });
  });

  it('affects only the from..to matching requests', async () => {
    f.em.faults.inject({ route: 'repos/get', from: 2, to: 3, statuses: [500] });
    assert.deepEqual(await statusesOf(4), [200, 500, 500, 200]);
    f.em.faults.clear();
    f.em.faults.inject({ route: 'repos/get', from: 3, statuses: [504, 503] });
    assert.deepEqual(await statusesOf(5), [200, 200, 504, 503, 200]);
  });

  it('sets retry-after (seconds or HTTP-date) and x-ratelimit-* headers', async () => {
    const date = new Date(Date.now() + 120_000).toUTCString();
    f.em.faults.inject({ route: 'repos/get', statuses: [429, 403], headers: { 'retry-after': '30' } });
    const a = await api(f.em, '/repos/octo-org/app');
    assert.equal(a.status, 429);
    assert.equal(a.headers.get('retry-after'), '30');
    f.em.faults.clear();
    f.em.faults.inject({ route: 'repos/get', statuses: [503], headers: { 'retry-after': date } });
    assert.equal((await api(f.em, '/repos/octo-org/app')).headers.get('retry-after'), date);
    f.em.faults.clear();
    const reset = String(Math.floor(Date.now() / 1000) + 120);
    f.em.faults.inject({ route: 'repos/get', statuses: [403], headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset } });
    const primary = await api(f.em, '/repos/octo-org/app');
    assert.equal(primary.headers.get('x-ratelimit-remaining'), '0');
    assert.equal(primary.headers.get('x-ratelimit-reset'), reset);
    assert.equal(primary.headers.get('x-ratelimit-limit'), '5000', 'other rate headers still present');
    assert.match(((await primary.json()) as { message: string }).message, /^API rate limit exceeded/);
    f.em.faults.clear();
    f.em.faults.inject({
      route: 'repos/get',
      statuses: [403],
      message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
      headers: { 'x-ratelimit-remaining': '4000' },
    });
    const secondary = await api(f.em, '/repos/octo-org/app');
    assert.equal(secondary.headers.get('retry-after'), null);
    assert.match(((await secondary.json()) as { message: string }).message, /secondary rate limit/);
  });

  it('adds headers to normal responses when the rule has no other effect', async () => {
    f.em.faults.inject({ route: '*', headers: { 'x-emulator-note': 'hello' } });
    const res = await api(f.em, '/repos/octo-org/app');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-emulator-note'), 'hello');
  });

  it('delays a response by latencyMs, then answers normally', async () => {
    f.em.faults.inject({ route: 'repos/get', latencyMs: 150, to: 1 });
    const started = performance.now();
    const res = await api(f.em, '/repos/octo-org/app');
    assert.equal(res.status, 200);
    assert.ok(performance.now() - started >= 140, 'at least the injected latency');
    assert.equal(f.em.requests.at(-1)?.fault, 'latency');
  });

  it('resets the connection before reading the body: nothing happens', async () => {
    f.em.faults.inject({ route: 'issues/create', action: 'reset-before-body', to: 1 });
    await assert.rejects(api(f.em, ISSUES, newIssue('never')), TypeError);
    const entry = f.em.requests.at(-1);
    assert.deepEqual([entry?.status, entry?.body, entry?.fault], [0, '', 'reset-before-body']);
    assert.equal(issueTitles().includes('never'), false);
  });

  it('resets the connection after reading the body: logged, not applied', async () => {
    const key = await (await api(f.em, '/repos/octo-org/app/actions/secrets/public-key')).json() as { key_id: string; key: string };
    f.em.faults.inject({ route: 'PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}', action: 'reset-after-body', to: 1 });
    const put = () =>
      api(f.em, '/repos/octo-org/app/actions/secrets/RESET_ME', {
        method: 'PUT',
        body: JSON.stringify({ key_id: key.key_id, encrypted_value: sealFor(key.key, 'v') }),
      });
    await assert.rejects(put(), TypeError);
    assert.match(f.em.requests.at(-1)?.body ?? '', /"encrypted_value"/);
    assert.equal(f.em.secrets.get({ repo: 'octo-org/app' }, 'RESET_ME'), undefined);
    assert.equal((await put()).status, 201, 'the retry lands');
  });

  it('applies the request but answers 502 (the client cannot tell it landed)', async () => {
    f.em.faults.inject({ route: 'issues/create', action: 'apply-then-status', to: 1 });
    const res = await api(f.em, ISSUES, newIssue('landed anyway'));
    assert.equal(res.status, 502);
    assert.equal(((await res.json()) as { message: string }).message, 'Server Error');
    assert.deepEqual(issueTitles().filter((t) => t === 'landed anyway'), ['landed anyway']);
    f.em.faults.inject({ route: 'issues/create', action: 'apply-then-status', status: 504, to: 1 });
    assert.equal((await api(f.em, ISSUES, newIssue('again'))).status, 504);
  });

  it('truncates a JSON body', async () => {
    f.em.faults.inject({ route: 'repos/get', action: 'truncated-json', to: 1 });
    const res = await api(f.em, '/repos/octo-org/app');
    assert.equal(res.status, 200);
    const text = await res.text();
    assert.throws(() => JSON.parse(text), SyntaxError);
    assert.ok(text.startsWith('{"id":'));
    const full = await (await api(f.em, '/repos/octo-org/app')).text();
    assert.ok(full.startsWith(text) && full.length > text.length);
  });

  it('drops the connection mid-response (headers and half the body arrive)', async () => {
    f.em.faults.inject({ route: 'repos/get', action: 'reset-mid-response', to: 1 });
    const res = await api(f.em, '/repos/octo-org/app');
    assert.equal(res.status, 200);
    await assert.rejects(res.text(), TypeError);
    assert.equal(f.em.requests.at(-1)?.fault, 'reset-mid-response');
  });

  it('serves an HTML error page with 200 or 502', async () => {
    for (const status of [200, 502]) {
      f.em.faults.clear();
      f.em.faults.inject({ route: 'repos/get', action: 'html', status, to: 1 });
      const res = await api(f.em, '/repos/octo-org/app');
      assert.equal(res.status, status);
      assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
      assert.match(await res.text(), /<title>Unicorn!/);
    }
  });

  it('refuses rules for unknown routes or without any effect', () => {
    assert.throws(() => f.em.faults.inject({ route: 'GET /nope' }), /unknown route/);
    assert.throws(() => f.em.faults.inject({ route: 'repos/get' }), /no effect/);
    assert.throws(() => f.em.faults.inject({ route: 'repos/get', action: 'explode' as never }), /unknown action/);
  });
});

describe('GitHub emulator: a response that never comes', () => {
  it('holds the request until the emulator closes', async () => {
    const em = await startGitHubEmulator();
    em.seed.repo('o/r');
    em.seed.token('t');
    em.faults.inject({ route: 'repos/get', action: 'hang' });
    let settled = false;
    const pending = api(em, '/repos/o/r', { token: 't' }).finally(() => {
      settled = true;
    });
    await until(() => em.requests.length === 1, 'the request to arrive');
    // Other routes are unaffected while it hangs.
    assert.equal((await api(em, '/rate_limit', { token: 't' })).status, 200);
    assert.equal(settled, false);
    await em.close();
    await assert.rejects(pending, TypeError);
    assert.equal(em.requests[0]?.status, 0);
  });
});
