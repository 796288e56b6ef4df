// The harness's forward proxy and throw-away CA, on their own: what the proxy tests rely on.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { test } from 'node:test';
import { startProxy } from './proxy.ts';
import { createTestCa, startTlsFront } from './test-ca.ts';

/** Sends a raw CONNECT and returns the proxy's status line. */
function connectStatus(port: number, target: string, auth?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(`CONNECT ${target} HTTP/1.1\r\nhost: ${target}\r\n${auth ? `proxy-authorization: ${auth}\r\n` : ''}\r\n`);
    });
    socket.once('data', (chunk) => {
      resolve(String(chunk).split('\r\n')[0] ?? '');
      socket.destroy();
    });
    socket.on('error', reject);
  });
}

test('proxy: credentials checked, names mapped, destinations denied or unknown, each logged without credentials', async () => {
  const proxy = await startProxy({ credentials: { user: 'u', password: 'p@ss' }, hosts: { 'known.test': 9 }, deny: ['blocked.test'] });
  try {
    const auth = `Basic ${Buffer.from('u:p@ss').toString('base64')}`;
    const port = Number(new URL(proxy.url).port);
    assert.equal(await connectStatus(port, 'known.test:443'), 'HTTP/1.1 407 Proxy Authentication Required');
    assert.equal(await connectStatus(port, 'blocked.test:443', auth), 'HTTP/1.1 403 Forbidden');
    assert.equal(await connectStatus(port, 'unknown.test:443', auth), 'HTTP/1.1 502 Bad Gateway');
    assert.deepEqual(proxy.log, [
      { method: 'CONNECT', target: 'known.test:443', authorized: false, refused: 407 },
      { method: 'CONNECT', target: 'blocked.test:443', authorized: true, refused: 403 },
      { method: 'CONNECT', target: 'unknown.test:443', authorized: true, refused: 502 },
    ]);
    assert.equal(proxy.urlWithCredentials, `http://u:p%40ss@127.0.0.1:${port}`);
    assert.ok(!JSON.stringify(proxy.log).includes('p@ss'));
  } finally {
    await proxy.close();
  }
});

test('test CA: a TLS front verifies for its name with the CA, and is refused for another name or without the CA', async () => {
  const ca = createTestCa();
  const backend = await startProxy(); // any local TCP service will do as the backend
  const front = await startTlsFront(ca.issue(['front.test']), Number(new URL(backend.url).port));
  const handshake = (servername: string, withCa: boolean): Promise<string> =>
    new Promise((resolve) => {
      const s = tlsConnect({ port: front.port, host: '127.0.0.1', servername, ...(withCa ? { ca: ca.caPem } : {}) }, () => {
        resolve('ok');
        s.destroy();
      });
      s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    });
  try {
    assert.equal(await handshake('front.test', true), 'ok');
    assert.equal(await handshake('other.test', true), 'ERR_TLS_CERT_ALTNAME_INVALID');
    assert.match(await handshake('front.test', false), /UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED|UNABLE_TO_GET_ISSUER/);
  } finally {
    await front.close();
    await backend.close();
    ca.remove();
  }
});
