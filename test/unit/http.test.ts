import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { classify } from '../../shared/retry.ts';
import { httpFetch } from '../../shared/http.ts';

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
const seen: Array<{ path: string; method: string; auth: string | undefined; body: string }> = [];

before(async () => {
  b = await serve((req, body, res) => {
    seen.push({ path: req.url ?? '', method: req.method ?? '', auth: req.headers.authorization, body });
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ origin: 'b', path: req.url }));
  });
  a = await serve((req, body, res) => {
    seen.push({ path: req.url ?? '', method: req.method ?? '', auth: req.headers.authorization, body });
    const path = req.url ?? '';
    if (path === '/json') {
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.setHeader('x-ratelimit-remaining', '4999');
      res.setHeader('set-cookie', ['a=1', 'b=2']);
      return res.end(JSON.stringify({ method: req.method, body }));
    }
    if (path === '/same-origin-redirect') return res.writeHead(302, { location: '/json' }).end();
    if (path === '/cross-origin-redirect') return res.writeHead(307, { location: `${b.url}/landed` }).end();
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
  await assert.rejects(httpFetch(`${a.url}/loop`), /fetch failed/);
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
