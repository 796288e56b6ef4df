import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { classify } from '../../shared/retry.ts';
import { REDIRECT_REFUSED, httpFetch } from '../../shared/http.ts';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

async function serve(handler: Handler): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => handler(req, body, res));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

let a: { server: Server; url: string };
let b: { server: Server; url: string };
const seen: Array<{ path: string; method: string; auth: string | undefined; body: string; headers: IncomingMessage['headers'] }> = [];

before(async () => {
  b = await serve((req, body, res) => {
    seen.push({ path: req.url ?? '', method: req.method ?? '', auth: req.headers.authorization, body, headers: req.headers });
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ origin: 'b', path: req.url }));
  });
  a = await serve((req, body, res) => {
    seen.push({ path: req.url ?? '', method: req.method ?? '', auth: req.headers.authorization, body, headers: req.headers });
    const path = req.url ?? '';
    if (path === '/json') {
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.setHeader('x-ratelimit-remaining', '4999');
      res.setHeader('set-cookie', ['a=1', 'b=2']);
      return res.end(JSON.stringify({ method: req.method, body }));
    }
    if (path === '/same-origin-redirect') return res.writeHead(302, { location: '/json' }).end();
    if (path === '/cross-origin-redirect') return res.writeHead(307, { location: `${b.url}/landed` }).end();
    if (path === '/cross-origin-see-other') return res.writeHead(303, { location: `${b.url}/landed` }).end();
    if (path === '/hop-then-leave') return res.writeHead(301, { location: '/cross-origin-redirect' }).end();
    if (path === '/see-other') return res.writeHead(303, { location: '/json' }).end();
    if (path === '/loop') return res.writeHead(302, { location: '/loop' }).end();
    if (path === '/reset-mid-body') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"partial":');
      return setTimeout(() => res.socket?.destroy(), 20);
    }
    if (path === '/big') return res.end('x'.repeat(100_000));
    if (path === '/hang') return; // never answers
    res.writeHead(404).end('nope');
  });
});
after(() => {
  a.server.closeAllConnections();
  a.server.close();
  b.server.close();
});

test('GET and POST with headers, body and status', async () => {
  const get = await httpFetch(`${a.url}/json`, { headers: { authorization: 'token abc' } });
  assert.equal(get.status, 200);
  assert.equal(get.ok, true);
  assert.equal(get.headers.get('X-RateLimit-Remaining'), '4999');
  assert.equal(get.headers.get('set-cookie'), 'a=1, b=2');
  assert.ok([...get.headers].some(([k]) => k === 'content-type'));
  assert.deepEqual(await get.json(), { method: 'GET', body: '' });
  const post = await httpFetch(`${a.url}/json`, { method: 'POST', body: '{"x":1}', headers: { 'content-type': 'application/json' } });
  assert.deepEqual(await post.json(), { method: 'POST', body: '{"x":1}' });
  const missing = await httpFetch(`${a.url}/missing`);
  assert.equal(missing.status, 404);
  assert.equal(missing.ok, false);
  assert.equal(await missing.text(), 'nope');
});

test('redirects are followed; credentials never cross to another origin', async () => {
  const same = await httpFetch(`${a.url}/same-origin-redirect`, { headers: { authorization: 'token same' } });
  assert.equal(same.redirected, true);
  assert.equal(same.url, `${a.url}/json`);
  assert.equal(seen.at(-1)?.auth, 'token same');
  const cross = await httpFetch(`${a.url}/cross-origin-redirect`, { method: 'PUT', body: 'kept', headers: { authorization: 'token secret' } });
  assert.deepEqual(await cross.json(), { origin: 'b', path: '/landed' });
  assert.equal(seen.at(-1)?.auth, undefined, 'Authorization was dropped');
  assert.equal(seen.at(-1)?.method, 'PUT', '307 keeps the method and body');
  assert.equal(seen.at(-1)?.body, 'kept');
  const seeOther = await httpFetch(`${a.url}/see-other`, { method: 'POST', body: 'x' });
  assert.deepEqual(await seeOther.json(), { method: 'GET', body: '' });
  const manual = await httpFetch(`${a.url}/same-origin-redirect`, { redirect: 'manual' });
  assert.equal(manual.status, 302);
  await assert.rejects(httpFetch(`${a.url}/loop`), (e: unknown) => {
    assert.ok(e instanceof TypeError);
    assert.match(String(e.cause), /more than 5 redirects/);
    assert.deepEqual(classify(e), { retry: false, reason: 'redirect refused' });
    return true;
  });
});

// Every header a caller may send for authentication or signing, none of them CORS-safelisted.
const CREDENTIAL_HEADERS = {
  authorization: 'token gh-secret',
  cookie: 'session=c00kie',
  'proxy-authorization': 'Basic cHJveHk=',
  'x-vault-token': 'hvs.vault-token',
  'x-vault-namespace': 'admin',
  'x-amz-security-token': 'amz-session-token',
  'x-amz-date': '20260101T000000Z',
  'x-amz-content-sha256': 'abc',
  'metadata-flavor': 'Google',
  'x-goog-api-key': 'goog-key',
  'x-api-key': 'api-key',
};

test('a cross-origin redirect carries only CORS-safelisted headers and the user agent: no auth header survives', async () => {
  const headers = { ...CREDENTIAL_HEADERS, accept: 'application/json', 'content-type': 'application/json', 'user-agent': 'actions-suite/0.1.0', 'accept-language': 'en' };
  for (const path of ['/cross-origin-redirect', '/hop-then-leave']) {
    const res = await httpFetch(`${a.url}${path}`, { method: 'PUT', body: '{"v":1}', headers });
    assert.deepEqual(await res.json(), { origin: 'b', path: '/landed' });
    const landed = seen.at(-1)!;
    assert.equal(landed.method, 'PUT');
    assert.equal(landed.body, '{"v":1}');
    for (const name of Object.keys(CREDENTIAL_HEADERS)) assert.equal(landed.headers[name], undefined, `${name} crossed to another origin via ${path}`);
    assert.equal(landed.headers['accept'], 'application/json');
    assert.equal(landed.headers['content-type'], 'application/json');
    assert.equal(landed.headers['user-agent'], 'actions-suite/0.1.0');
    assert.equal(landed.headers['accept-language'], 'en');
  }
  // Same origin: everything stays (the token is for this origin).
  await httpFetch(`${a.url}/same-origin-redirect`, { headers: CREDENTIAL_HEADERS });
  for (const [name, value] of Object.entries(CREDENTIAL_HEADERS)) assert.equal(seen.at(-1)!.headers[name], value);
});

test('a 303 becomes a GET without the body or the headers that describe it', async () => {
  const res = await httpFetch(`${a.url}/cross-origin-see-other`, { method: 'POST', body: 'x=1', headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-language': 'en' } });
  assert.equal(res.status, 200);
  const landed = seen.at(-1)!;
  assert.deepEqual([landed.method, landed.body, landed.headers['content-type'], landed.headers['content-language'], landed.headers['content-length']], ['GET', '', undefined, undefined, undefined]);
});

test('sameOriginRedirects: follows a redirect on the same origin, refuses one to another origin (not retried)', async () => {
  const same = await httpFetch(`${a.url}/same-origin-redirect`, { sameOriginRedirects: true, headers: { authorization: 'token t' } });
  assert.equal(same.status, 200);
  assert.equal(same.redirected, true);
  const before = seen.length;
  for (const path of ['/cross-origin-redirect', '/hop-then-leave']) {
    const error = await httpFetch(`${a.url}${path}`, { sameOriginRedirects: true }).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof TypeError, path);
    const cause = error.cause as Error & { code?: string };
    assert.equal(cause.code, REDIRECT_REFUSED);
    assert.equal(cause.message, `redirect from ${a.url} to another origin (${b.url}) not followed`);
    assert.deepEqual(classify(error), { retry: false, reason: 'redirect refused' });
  }
  assert.ok(seen.slice(before).every((r) => !r.path.startsWith('/landed')), 'the other origin was never contacted');
  // redirect: 'error' refuses every redirect, with the same code.
  const refused = await httpFetch(`${a.url}/same-origin-redirect`, { redirect: 'error' }).then(() => undefined, (e: unknown) => e);
  assert.equal(((refused as TypeError).cause as { code?: string }).code, REDIRECT_REFUSED);
});

test('network failures reject like fetch, and retry classification sees them as transient', async () => {
  await assert.rejects(httpFetch(`${a.url}/reset-mid-body`), (e: unknown) => {
    assert.ok(e instanceof TypeError);
    assert.equal(e.message, 'fetch failed');
    assert.equal((e.cause as { code?: string }).code, 'ECONNRESET');
    assert.equal(classify(e).retry, true);
    return true;
  });
  const closed = await serve(() => undefined);
  closed.server.close();
  await new Promise((r) => setTimeout(r, 10));
  await assert.rejects(httpFetch(`${closed.url}/x`), (e: unknown) => {
    assert.equal((e as Error & { cause: { code: string } }).cause.code, 'ECONNREFUSED');
    assert.equal(classify(e).retry, true);
    return true;
  });
  await assert.rejects(httpFetch('ftp://example.com/x'), /fetch failed/);
});

test('an abort rejects with the signal reason (a per-attempt timeout)', async () => {
  await assert.rejects(httpFetch(`${a.url}/hang`, { signal: AbortSignal.timeout(50) }), (e: unknown) => (e as Error).name === 'TimeoutError');
  const controller = new AbortController();
  controller.abort(new Error('cancelled by the job'));
  await assert.rejects(httpFetch(`${a.url}/json`, { signal: controller.signal }), /cancelled by the job/);
});

test('bodies are capped at maxBodyBytes', async () => {
  const r = await httpFetch(`${a.url}/big`, { maxBodyBytes: 1000 });
  assert.equal((await r.text()).length, 1000);
  assert.equal((await httpFetch(`${a.url}/big`)).status, 200);
});
