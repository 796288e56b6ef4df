import { createHmac, hkdfSync, randomInt } from 'node:crypto';

/**
 * New values. Two sources, one mapping:
 * - fresh: `crypto.randomInt` (a CSPRNG, unbiased per draw);
 * - derived: an HMAC-SHA256 counter stream keyed by HKDF(`derivation-key`, version) — the same
 *   inputs always give the same value, which is what lets an interrupted rotation resume with the
 *   value it already set on the target instead of generating another (steps.ts explains why). The
 *   key is ≥ 32 random bytes (inputs.ts checks it), never a password: the value is copied to every
 *   consumer and its version is public, so a guessable key would make each value an offline oracle.
 * Both draw integers below n without modulo bias, so every character is equally likely.
 */

export const CHARSETS = {
  alphanumeric: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
  // RFC 3986 "unreserved": safe in URLs, connection strings and form fields unencoded.
  urlsafe: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~',
  // Printable ASCII without space (0x21–0x7E).
  ascii: Array.from({ length: 94 }, (_, i) => String.fromCharCode(0x21 + i)).join(''),
} as const;

export type Charset = keyof typeof CHARSETS;

/** Returns an integer in [0, n), uniformly. */
export type IntSource = (n: number) => number;

export function generate(length: number, charset: Charset, next: IntSource): string {
  const alphabet = CHARSETS[charset];
  if (!Number.isSafeInteger(length) || length < 1) throw new RangeError(`generate: length must be a positive integer, got ${length}`);
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[next(alphabet.length)];
  return out;
}

/** crypto.randomInt: a fresh, unpredictable value every call. */
export const freshInts: IntSource = (n) => randomInt(n);

export function freshValue(length: number, charset: Charset): string {
  return generate(length, charset, freshInts);
}

const INFO_PREFIX = 'actions-suite/rotate-secret/v1';

/**
 * A deterministic integer source: HKDF-SHA256 extracts a key from `secret` and `salt`, bound to
 * `context`; an HMAC-SHA256 counter stream expands it; bytes at or above the largest multiple of n
 * below 256 are rejected, so the result is uniform for any n ≤ 256.
 */
export function derivedInts(secret: Uint8Array, salt: string, context: readonly string[]): IntSource {
  if (secret.length < 32) throw new Error('derivedInts: a secret of fewer than 32 bytes derives a guessable value');
  const info = Buffer.from([INFO_PREFIX, ...context].join('\0'), 'utf8');
  const key = Buffer.from(hkdfSync('sha256', secret, Buffer.from(salt, 'utf8'), info, 32));
  let counter = 0;
  let block = Buffer.alloc(0);
  let offset = 0;
  const nextByte = (): number => {
    if (offset >= block.length) {
      const c = Buffer.alloc(4);
      c.writeUInt32BE(counter++);
      block = createHmac('sha256', key).update(c).digest();
      offset = 0;
    }
    return block[offset++]!;
  };
  return (n) => {
    if (!Number.isInteger(n) || n < 1 || n > 256) throw new RangeError(`derivedInts: n must be 1..256, got ${n}`);
    const limit = 256 - (256 % n);
    for (;;) {
      const b = nextByte();
      if (b < limit) return b % n;
    }
  };
}

export function derivedValue(secret: Uint8Array, salt: string, context: readonly string[], length: number, charset: Charset): string {
  return generate(length, charset, derivedInts(secret, salt, [...context, charset, String(length)]));
}
