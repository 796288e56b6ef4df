import assert from 'node:assert/strict';
import { createHash, createHmac, hkdfSync } from 'node:crypto';
import { test } from 'node:test';
import { canonicalJson, planDigest, sameDigest } from '../../actions/provision/src/digest.ts';

test('canonical JSON: keys sorted at every level, undefined dropped, arrays kept in order', () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } }), '{"a":{"d":[3,{"y":2,"z":1}]},"b":1}');
  assert.equal(canonicalJson({ a: 1, b: 2 }), canonicalJson({ b: 2, a: 1 }));
});

test('SHA-256 and HMAC-SHA-256 (HKDF key): the same as node:crypto computes', () => {
  const set = { v: 1, resources: [{ address: 'a.b', actions: ['create'], after: [[['x'], 'ü']] }], outputs: [] };
  const text = canonicalJson(set);
  assert.equal(planDigest(set), `sha256:${createHash('sha256').update(text).digest('hex')}`);
  const key = Buffer.from(hkdfSync('sha256', 'secret-key', 'actions-suite provision', 'plan-digest v1', 32));
  assert.equal(planDigest(set, 'secret-key'), `hmac-sha256:${createHmac('sha256', key).update(text).digest('hex')}`);
});

test('digests compare whole', () => {
  assert.equal(sameDigest('sha256:ab', 'sha256:ab'), true);
  assert.equal(sameDigest('sha256:ab', 'sha256:ac'), false);
  assert.equal(sameDigest('sha256:ab', 'sha256:abc'), false);
});
