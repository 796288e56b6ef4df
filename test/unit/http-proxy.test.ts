// Proxies: which requests go through HTTPS_PROXY / HTTP_PROXY and which NO_PROXY sends direct
// (table-driven, as @actions/http-client decides), then httpFetch through a real forward proxy on
// 127.0.0.1: plain http in absolute form, https through a CONNECT tunnel to a TLS server whose
// certificate comes from a throw-away CA (verified for real), NO_PROXY bypass to a non-loopback
// address, and proxy credentials that never appear in an error.
import assert from 'node:assert/strict';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { after, before, describe, test } from 'node:test';
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import { UserError } from '../../shared/errors.ts';
import { httpFetch } from '../../shared/http.ts';
import { bypassesProxy, proxyFor } from '../../shared/http-proxy.ts';
import { classify } from '../../shared/retry.ts';
import { startProxy, type TestProxy } from '../harness/proxy.ts';
import { createTestCa, type TestCa } from '../harness/test-ca.ts';

describe('NO_PROXY, as @actions/http-client reads it', () => {
  const cases: Array<[target: string, noProxy: string, bypass: boolean]> = [
    ['https://api.github.com/x', '', false],
    ['https://api.github.com/x', '*', true],
    ['https://api.github.com/x', 'api.github.com', true],
    ['https://api.github.com/x', 'API.GitHub.com', true],
    ['https://api.github.com/x', 'github.com', true],
    ['https://api.github.com/x', '.github.com', true],
    ['https://api.github.com/x', '*.github.com', true],
    ['https://github.com/x', '.github.com', false],
    ['https://notgithub.com/x', 'github.com', false],
    ['https://api.github.com/x', 'api.github.com:443', true],
    ['https://api.github.com/x', 'api.github.com:8443', false],
    ['https://api.github.com:8443/x', 'api.github.com:8443', true],
    ['http://api.github.com/x', 'api.github.com:80', true],
    ['https://api.github.com/x', ' other.example , github.com ', true],
    ['https://api.github.com/x', 'other.example,,', false],
    ['https://10.1.2.3/x', '10.1.2.3', true],
    ['https://10.1.2.3/x', '10.1.2.4', false],
    ['https://[fd00::1]/x', 'fd00::1', true],
    ['https://[fd00::1]/x', '[fd00::1]', true],
    // Loopback never goes through a proxy.
    ['http://127.0.0.1:8080/x', '', true],
    ['http://127.1.2.3/x', '', true],
    ['http://localhost:3000/x', '', true],
    ['http://[::1]:3000/x', '', true],
  ];
  for (const [target, noProxy, bypass] of cases) {
    test(`${target} with NO_PROXY=${JSON.stringify(noProxy)}: ${bypass ? 'direct' : 'proxied'}`, () => {
      assert.equal(bypassesProxy(new URL(target), noProxy), bypass);
    });
  }
});

describe('proxyFor: the variables and their forms', () => {
  const https = new URL('https://api.github.com/');
  const http = new URL('http://example.com/');
  test('HTTPS_PROXY for https, HTTP_PROXY for http; either case, the lower-case one wins', () => {
    assert.equal(proxyFor(https, { HTTPS_PROXY: 'http://a:1' })?.href, 'http://a:1/');
    assert.equal(proxyFor(https, { https_proxy: 'http://b:2' })?.href, 'http://b:2/');
    assert.equal(proxyFor(https, { https_proxy: 'http://b:2', HTTPS_PROXY: 'http://a:1' })?.href, 'http://b:2/');
    assert.equal(proxyFor(https, { HTTP_PROXY: 'http://a:1' }), undefined);
    assert.equal(proxyFor(http, { HTTP_PROXY: 'http://c:3', HTTPS_PROXY: 'http://a:1' })?.href, 'http://c:3/');
    assert.equal(proxyFor(http, { http_proxy: 'http://d:4' })?.href, 'http://d:4/');
    assert.equal(proxyFor(http, {}), undefined);
  });
  test('a value without a scheme means http://; an https:// proxy is kept', () => {
    assert.equal(proxyFor(https, { HTTPS_PROXY: 'proxy.corp:3128' })?.href, 'http://proxy.corp:3128/');
    assert.equal(proxyFor(https, { HTTPS_PROXY: 'https://proxy.corp' })?.href, 'https://proxy.corp/');
  });
  test('no_proxy / NO_PROXY (lower case first) turn the proxy off for matching hosts', () => {
    assert.equal(proxyFor(https, { HTTPS_PROXY: 'http://a:1', NO_PROXY: 'github.com' }), undefined);
    assert.equal(proxyFor(https, { HTTPS_PROXY: 'http://a:1', no_proxy: 'github.com', NO_PROXY: 'other' }), undefined);
    assert.ok(proxyFor(https, { HTTPS_PROXY: 'http://a:1', no_proxy: 'other', NO_PROXY: 'github.com' }));
  });
  test('an unusable proxy URL is a clear UserError naming the variable, never its password', () => {
    assert.throws(
      () => proxyFor(https, { HTTPS_PROXY: 'socks5://user:pr0xy-pa55@proxy.corp:1080' }),
      (error: unknown) => error instanceof UserError && /HTTPS_PROXY is socks5:\/\/proxy\.corp:1080; expected an http/.test(error.message) && !error.message.includes('pr0xy-pa55'),
    );
    assert.throws(() => proxyFor(http, { http_proxy: 'http://' }), /http_proxy is/);
  });
});

describe('httpFetch through a real proxy', () => {
  let ca: TestCa;
  let proxy: TestProxy;
  let plain: Server;
  let secure: Server;
  let direct: Server;
  let plainPort = 0;
  let securePort = 0;
  const directHost = externalIPv4();
  let directPort = 0;
  const saved = { ...process.env };
  const seen: string[] = [];

  before(async () => {
    ca = createTestCa();
    setDefaultCACertificates([...getCACertificates('default'), ca.caPem]);
    plain = createHttpServer((req, res) => {
      seen.push(`plain ${req.method} ${req.url} auth=${req.headers.authorization ?? ''} proxy-auth=${req.headers['proxy-authorization'] ?? ''}`);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ via: 'plain', path: req.url }));
    });
    secure = createHttpsServer(ca.issue(['secure.test']), (req, res) => {
      seen.push(`secure ${req.method} ${req.url} auth=${req.headers.authorization ?? ''}`);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ via: 'secure', path: req.url }));
    });
    direct = createHttpServer((req, res) => {
      seen.push(`direct ${req.url}`);
      res.end('direct');
    });
    plainPort = await listen(plain, '127.0.0.1');
    securePort = await listen(secure, '127.0.0.1');
    directPort = await listen(direct, directHost);
    proxy = await startProxy({
      credentials: { user: 'proxy-user', password: 'pr0xy-p@ss:w0rd' },
      hosts: { 'app.test': plainPort, 'secure.test': securePort },
      passThrough: true,
    });
  });
  after(async () => {
    process.env = saved;
    await proxy.close();
    for (const s of [plain, secure, direct]) {
      s.closeAllConnections();
      await new Promise((done) => s.close(done));
    }
    ca.remove();
  });
  const use = (env: Record<string, string>): void => {
    process.env = { ...saved, ...env };
    proxy.log.length = 0;
    seen.length = 0;
  };

  test('http: the request reaches a host only the proxy knows, in absolute form, with the proxy credentials', async () => {
    use({ HTTP_PROXY: proxy.urlWithCredentials });
    const res = await httpFetch(`http://app.test:${plainPort}/v1/thing?q=1`, { headers: { authorization: 'token t0ken' } });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { via: 'plain', path: '/v1/thing?q=1' });
    assert.deepEqual(proxy.log, [{ method: 'GET', target: `http://app.test:${plainPort}/v1/thing`, authorized: true }]);
    // The target got the request without the proxy's credentials (the proxy consumed them).
    assert.deepEqual(seen, ['plain GET /v1/thing?q=1 auth=token t0ken proxy-auth=']);
  });

  test('https: a CONNECT tunnel, TLS verified end to end against the host name', async () => {
    use({ https_proxy: proxy.urlWithCredentials });
    const res = await httpFetch(`https://secure.test:${securePort}/api`, { method: 'POST', body: '{}', headers: { authorization: 'Bearer b' } });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { via: 'secure', path: '/api' });
    assert.deepEqual(proxy.log, [{ method: 'CONNECT', target: `secure.test:${securePort}`, authorized: true }]);
    assert.deepEqual(seen, ['secure POST /api auth=Bearer b']);
  });

  test('https: a certificate for another name is refused through the tunnel (TLS is not weakened)', async () => {
    use({ HTTPS_PROXY: proxy.urlWithCredentials });
    const other = await startProxy({ hosts: { 'wrong.test': securePort } });
    try {
      process.env['HTTPS_PROXY'] = other.url;
      const error = await httpFetch(`https://wrong.test:${securePort}/`).then(() => undefined, (e: unknown) => e);
      assert.ok(error instanceof TypeError);
      assert.match(String((error.cause as { code?: string }).code), /ERR_TLS_CERT_ALTNAME_INVALID/);
      assert.equal(classify(error).retry, false);
      assert.equal(other.log.length, 1);
    } finally {
      await other.close();
    }
  });

  test('NO_PROXY sends a listed host direct; without it the same host goes through the proxy', async () => {
    const target = `http://${directHost}:${directPort}/ping`;
    use({ HTTP_PROXY: proxy.urlWithCredentials, NO_PROXY: `example.com,${directHost}` });
    assert.equal(await (await httpFetch(target)).text(), 'direct');
    assert.deepEqual(proxy.log, []);
    use({ HTTP_PROXY: proxy.urlWithCredentials, no_proxy: 'example.com' });
    assert.equal(await (await httpFetch(target)).text(), 'direct');
    assert.deepEqual(proxy.log, [{ method: 'GET', target: `http://${directHost}:${directPort}/ping`, authorized: true }]);
  });

  test('loopback targets never go through the proxy', async () => {
    use({ HTTP_PROXY: proxy.urlWithCredentials, HTTPS_PROXY: proxy.urlWithCredentials });
    const res = await httpFetch(`http://127.0.0.1:${plainPort}/local`);
    assert.equal(res.status, 200);
    assert.deepEqual(proxy.log, []);
  });

  test('wrong proxy credentials: a 407 that is not retried and names the proxy without its password', async () => {
    const wrong = proxy.urlWithCredentials.replace('pr0xy-p%40ss', 'nope');
    assert.notEqual(wrong, proxy.urlWithCredentials);
    use({ HTTPS_PROXY: wrong, HTTP_PROXY: wrong });
    const tunnel = await httpFetch(`https://secure.test:${securePort}/`).then(() => undefined, (e: unknown) => e);
    assert.ok(tunnel instanceof TypeError);
    const cause = tunnel.cause as Error & { code?: string; statusCode?: number };
    assert.equal(cause.code, 'ERR_PROXY_TUNNEL');
    assert.equal(cause.statusCode, 407);
    assert.match(cause.message, new RegExp(`via http://127\\.0\\.0\\.1:${new URL(proxy.url).port}`));
    for (const text of [cause.message, cause.stack ?? '', JSON.stringify(cause)]) {
      assert.ok(!text.includes('nope') && !text.includes('proxy-user'), text);
    }
    assert.deepEqual(classify(tunnel), { retry: false, reason: 'the proxy refused its credentials (407 Proxy Authentication Required)' });
    // Plain http: the proxy's 407 is an answer like any other.
    const answer = await httpFetch(`http://app.test:${plainPort}/`);
    assert.equal(answer.status, 407);
    assert.deepEqual(proxy.log.map((e) => e.refused), [407, 407]);
  });

  test('a proxy that is down: a network error naming the proxy, retried as not sent', async () => {
    const down = await startProxy();
    const url = down.url;
    await down.close();
    use({ HTTPS_PROXY: url.replace('http://', 'http://u:s3cr3t-pw@') });
    const error = await httpFetch('https://secure.test/').then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof TypeError);
    const cause = error.cause as Error & { code?: string };
    assert.equal(cause.code, 'ECONNREFUSED');
    assert.match(cause.message, new RegExp(`through the proxy ${url.replace(/\./g, '\\.')}`));
    assert.ok(!`${cause.message}${cause.stack}`.includes('s3cr3t-pw'));
    assert.deepEqual(classify(error), { retry: true, reason: 'ECONNREFUSED', notProcessed: true });
  });

  test('a proxy that refuses the destination (403 on CONNECT) is final; a 502 on CONNECT is retried as not sent', async () => {
    const strict = await startProxy({ deny: ['blocked.test'], passThrough: true });
    try {
      use({ HTTPS_PROXY: strict.url });
      const denied = await httpFetch('https://blocked.test/').then(() => undefined, (e: unknown) => e);
      assert.deepEqual(classify(denied), { retry: false, reason: 'the proxy refused the tunnel (status 403)' });
      // passThrough: the proxy looks the name up, fails, and answers 502.
      const unknown = await httpFetch('https://nowhere.invalid/').then(() => undefined, (e: unknown) => e);
      assert.deepEqual(classify(unknown), { retry: true, reason: 'proxy tunnel failed (proxy status 502)', notProcessed: true });
      assert.deepEqual(strict.log.map((e) => [e.method, e.target, e.refused]), [['CONNECT', 'blocked.test:443', 403], ['CONNECT', 'nowhere.invalid:443', 502]]);
    } finally {
      await strict.close();
    }
  });
});

function listen(server: Server, host: string): Promise<number> {
  return new Promise((ready) => server.listen(0, host, () => ready((server.address() as AddressInfo).port)));
}

/** A non-loopback IPv4 address of this machine: NO_PROXY must be tested on a host that is not loopback. */
function externalIPv4(): string {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  throw new Error('this machine has no non-loopback IPv4 address; the NO_PROXY bypass test needs one (any network interface)');
}
