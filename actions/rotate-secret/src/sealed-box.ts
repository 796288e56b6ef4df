import { createPublicKey, diffieHellman, generateKeyPairSync } from 'node:crypto';
import { hsalsa, secretbox } from '@noble/ciphers/salsa.js';
import { blake2b } from '@noble/hashes/blake2.js';

/**
 * libsodium's crypto_box_seal, which GitHub requires for secret values: an ephemeral X25519 key
 * pair, nonce = BLAKE2b-24(ephemeral pk ‖ recipient pk), key = HSalsa20(X25519 shared secret, 0),
 * then the XSalsa20-Poly1305 secretbox; the output is ephemeral pk ‖ MAC ‖ ciphertext.
 * Built on node:crypto's X25519 and the audited @noble primitives instead of libsodium.js, whose
 * WebAssembly heap costs ~17 MiB of a 55 MiB memory budget. Tests open these boxes with libsodium.
 */

/** Native-endian 32-bit words of a byte string, on a fresh buffer (a Buffer may sit in a shared pool). */
const words = (bytes: Uint8Array): Uint32Array => new Uint32Array(new Uint8Array(bytes).buffer);

// The Salsa20 constant HSalsa20 starts from.
const SIGMA = words(Buffer.from('expand 32-byte k', 'ascii'));
// The DER prefix that wraps a raw 32-byte X25519 public key as SPKI for node:crypto.
const SPKI_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');

export function sealedBox(message: Uint8Array, recipientPublicKey: Uint8Array): Uint8Array {
  if (recipientPublicKey.length !== 32) throw new TypeError(`sealedBox: a public key has 32 bytes, got ${recipientPublicKey.length}`);
  const ephemeral = generateKeyPairSync('x25519');
  const ephemeralPublic = ephemeral.publicKey.export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length);
  const shared = diffieHellman({
    privateKey: ephemeral.privateKey,
    publicKey: createPublicKey({ key: Buffer.concat([SPKI_PREFIX, recipientPublicKey]), format: 'der', type: 'spki' }),
  });
  const nonce = blake2b(Buffer.concat([ephemeralPublic, recipientPublicKey]), { dkLen: 24 });
  const boxed = secretbox(hsalsa20(shared), nonce).seal(message);
  return Buffer.concat([ephemeralPublic, boxed]);
}

/** crypto_box_beforenm: HSalsa20 of the shared secret with a zero input. */
function hsalsa20(shared: Uint8Array): Uint8Array {
  const key = words(shared);
  const out = new Uint32Array(8);
  hsalsa(SIGMA, key, new Uint32Array(4), out);
  return new Uint8Array(out.buffer);
}
