// rotate-secret value generation: charsets, crypto.randomInt draws, the deterministic derivation a
// resumed rotation relies on, and the uniformity of both.
import assert from 'node:assert/strict';
import { createHash, createHmac, randomInt } from 'node:crypto';
import { test } from 'node:test';
import { CHARSETS, derivedInts, derivedValue, freshInts, freshValue, generate, type Charset } from '../../actions/rotate-secret/src/generate.ts';
import { scramVerifier } from '../../actions/rotate-secret/src/targets/postgres.ts';

const charsets = Object.keys(CHARSETS) as Charset[];

test('charsets: sizes and members', () => {
  assert.equal(CHARSETS.alphanumeric.length, 62);
  assert.equal(CHARSETS.urlsafe.length, 66);
  assert.equal(CHARSETS.ascii.length, 94);
  for (const c of charsets) assert.equal(new Set(CHARSETS[c]).size, CHARSETS[c].length, `${c} has no duplicates`);
  assert.match(CHARSETS.urlsafe, /^[A-Za-z0-9._~-]+$/);
  assert.doesNotMatch(CHARSETS.ascii, /\s/);
  assert.ok(CHARSETS.ascii.includes("'") && CHARSETS.ascii.includes('\\'), 'ascii has the quoting hazards the drivers must escape');
});

for (const charset of charsets) {
  for (const length of [16, 32, 4096]) {
    test(`freshValue(${length}, ${charset}): length and alphabet`, () => {
      const v = freshValue(length, charset);
      assert.equal(v.length, length);
      for (const ch of v) assert.ok(CHARSETS[charset].includes(ch), `${JSON.stringify(ch)} in ${charset}`);
    });
  }
}

test('freshValue draws through crypto.randomInt: two values never repeat', () => {
  const seen = new Set(Array.from({ length: 200 }, () => freshValue(32, 'alphanumeric')));
  assert.equal(seen.size, 200);
});

test('generate maps each draw to one character, in order', () => {
  const draws = [0, 1, 61, 25, 26];
  let i = 0;
  const v = generate(5, 'alphanumeric', (n) => {
    assert.equal(n, 62);
    return draws[i++]!;
  });
  assert.equal(v, 'AB9Za');
  assert.throws(() => generate(0, 'ascii', freshInts), RangeError);
});

const KEY = Buffer.from('9f1c2a7e5b3d4c6f8a0e1b2d3c4f5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5', 'hex');
const OTHER_KEY = Buffer.from('9f1c2a7e5b3d4c6f8a0e1b2d3c4f5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c4', 'hex');

test('derivedValue: same inputs, same value; any input changed, another value', () => {
  const base = [KEY, '20261129T000000Z-aaaaaaaaaaaa', ['DB_PASSWORD', 'postgres', 'app_b']] as const;
  const v = derivedValue(base[0], base[1], base[2], 32, 'alphanumeric');
  assert.equal(derivedValue(base[0], base[1], base[2], 32, 'alphanumeric'), v);
  assert.equal(v.length, 32);
  const variants = [
    derivedValue(OTHER_KEY, base[1], base[2], 32, 'alphanumeric'),
    derivedValue(base[0], '20261129T000000Z-aaaaaaaaaaab', base[2], 32, 'alphanumeric'),
    derivedValue(base[0], base[1], ['DB_PASSWORD', 'postgres', 'app_a'], 32, 'alphanumeric'),
    derivedValue(base[0], base[1], ['OTHER', 'postgres', 'app_b'], 32, 'alphanumeric'),
    derivedValue(base[0], base[1], base[2], 32, 'urlsafe'),
  ];
  for (const other of variants) assert.notEqual(other, v);
  // Length is bound into the derivation: a longer value is not the shorter one extended.
  assert.ok(!derivedValue(base[0], base[1], base[2], 33, 'alphanumeric').startsWith(v));
  assert.throws(() => derivedInts(Buffer.from('admin-password'), 'salt', []), /fewer than 32 bytes derives a guessable value/);
});

test('derivedValue: long values (many HMAC blocks) stay in the alphabet', () => {
  const v = derivedValue(KEY, 'v', [], 4096, 'ascii');
  assert.equal(v.length, 4096);
  for (const ch of v) assert.ok(CHARSETS.ascii.includes(ch));
});

/** Chi-square of draws from `source` over n buckets; for n−1 degrees of freedom, < 2n is far inside p = 0.001. */
function chiSquare(source: (n: number) => number, n: number, draws: number): number {
  const counts = new Array<number>(n).fill(0);
  for (let i = 0; i < draws; i++) counts[source(n)]! += 1;
  const expected = draws / n;
  return counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
}

for (const n of [62, 66, 94]) {
  test(`uniform draws below ${n}: crypto.randomInt and the derived stream (no modulo bias)`, () => {
    const draws = 60_000;
    assert.ok(chiSquare(freshInts, n, draws) < 2 * n, 'fresh');
    assert.ok(chiSquare(derivedInts(KEY, 'salt', [String(n)]), n, draws) < 2 * n, 'derived');
    // Sanity of the test itself: plain modulo of a byte is biased for 94 and fails it.
    if (n === 94) assert.ok(chiSquare(() => randomInt(256) % n, n, draws) > 2 * n, 'the check detects modulo bias');
  });
}

test('scramVerifier: checks out against the RFC 7677 example exchange (user "user", password "pencil")', () => {
  const salt = Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64');
  const v = scramVerifier('pencil', salt, 4096);
  const m = /^SCRAM-SHA-256\$4096:W22ZaJ0SNY7soEsUEjb6gQ==\$([A-Za-z0-9+/]{43}=):([A-Za-z0-9+/]{43}=)$/.exec(v);
  assert.ok(m, v);
  const storedKey = Buffer.from(m[1]!, 'base64');
  const serverKey = Buffer.from(m[2]!, 'base64');
  const authMessage = [
    'n=user,r=rOprNGfwEbeRWgbNEkqO',
    'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096',
    'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0',
  ].join(',');
  // The server's signature from the RFC follows from ServerKey…
  assert.equal(createHmac('sha256', serverKey).update(authMessage).digest('base64'), '6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=');
  // …and the client's proof from the RFC verifies against StoredKey, as the server checks it.
  const proof = Buffer.from('dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=', 'base64');
  const signature = createHmac('sha256', storedKey).update(authMessage).digest();
  const clientKey = Buffer.from(proof.map((b, i) => b ^ signature[i]!));
  assert.deepEqual(createHash('sha256').update(clientKey).digest(), storedKey);
  assert.notEqual(scramVerifier('pencil'), scramVerifier('pencil'), 'a fresh salt each time');
});
