import assert from 'node:assert/strict';
import { test } from 'node:test';
import sodium from 'libsodium-wrappers';
import { sealedBox } from '../../actions/rotate-secret/src/sealed-box.ts';

// The reference: libsodium itself (what GitHub uses to open secrets) must open every box we seal.
await sodium.ready;

test('libsodium opens every sealed box, for any message and key', () => {
  const messages = ['', 'x', 'hunter2-rotated', 'ünïcødé ✓ 🔑', 'a'.repeat(1000), 'b'.repeat(48 * 1024), '\n-----BEGIN KEY-----\nabc\n-----END KEY-----\n'];
  for (let round = 0; round < 20; round++) {
    const pair = sodium.crypto_box_keypair();
    for (const message of messages) {
      const boxed = sealedBox(Buffer.from(message, 'utf8'), pair.publicKey);
      assert.equal(boxed.length, 32 + 16 + Buffer.byteLength(message), 'ephemeral key ‖ MAC ‖ ciphertext');
      const opened = sodium.crypto_box_seal_open(boxed, pair.publicKey, pair.privateKey);
      assert.equal(Buffer.from(opened).toString('utf8'), message);
    }
  }
});

test('every box is fresh (a new ephemeral key each time)', () => {
  const pair = sodium.crypto_box_keypair();
  const a = Buffer.from(sealedBox(Buffer.from('same'), pair.publicKey));
  const b = Buffer.from(sealedBox(Buffer.from('same'), pair.publicKey));
  assert.notDeepEqual(a, b);
});

test('a box for one key does not open with another, and tampering is detected', () => {
  const pair = sodium.crypto_box_keypair();
  const other = sodium.crypto_box_keypair();
  const boxed = sealedBox(Buffer.from('secret'), pair.publicKey);
  assert.throws(() => sodium.crypto_box_seal_open(boxed, other.publicKey, other.privateKey));
  const tampered = Uint8Array.from(boxed);
  tampered[40] = tampered[40]! ^ 1;
  assert.throws(() => sodium.crypto_box_seal_open(tampered, pair.publicKey, pair.privateKey));
});

test('a key of the wrong length is refused', () => {
  assert.throws(() => sealedBox(Buffer.from('x'), new Uint8Array(31)), /32 bytes/);
});
