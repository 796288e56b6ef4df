import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Redactor, derivedForms, shiftedBase64 } from '../../shared/redact.ts';

const SECRET = 'p@ss:w0rd/with+chars!';

function redactor(): { r: Redactor; registered: string[] } {
  const registered: string[] = [];
  return { r: new Redactor((v) => registered.push(v)), registered };
}

test('every derived form of a secret is scrubbed', async (t) => {
  const b = Buffer.from(SECRET);
  const cases: Array<[string, string]> = [
    ['plain', SECRET],
    ['base64', b.toString('base64')],
    ['base64url', b.toString('base64url')],
    ['hex', b.toString('hex')],
    ['HEX', b.toString('hex').toUpperCase()],
    ['encodeURIComponent', encodeURIComponent(SECRET)],
    ['.NET EscapeDataString', encodeURIComponent(SECRET).replace('!', '%21')],
    ['JSON string escape', JSON.stringify(SECRET).slice(1, -1)],
    ['basic auth (user x)', Buffer.from(`x:${SECRET}`).toString('base64')],
    ['basic auth (user ab)', Buffer.from(`ab:${SECRET}`).toString('base64')],
    ['basic auth (user admin)', Buffer.from(`admin:${SECRET}`).toString('base64')],
  ];
  const { r } = redactor();
  r.add(SECRET);
  for (const [form, text] of cases) {
    await t.test(form, () => {
      const out = r.scrub(`before ${text} after`);
      assert.ok(out.startsWith('before ') && out.endsWith(' after'), out);
      assert.ok(!out.includes(text), `${form} survived: ${out}`);
      // What is left of a basic-auth header is only the user's part, never the secret's.
      assert.ok(out.includes('***'));
    });
  }
});

test('each line and each JSON leaf of a structured secret is scrubbed', () => {
  const { r } = redactor();
  const pem = '-----BEGIN KEY-----\r\nMIIBOgIBAAJBAKj34GkxFhD9\nZWVsZQ==\n-----END KEY-----\n';
  r.add(pem);
  assert.equal(r.scrub('line: MIIBOgIBAAJBAKj34GkxFhD9'), 'line: ***');
  assert.equal(r.scrub(Buffer.from('MIIBOgIBAAJBAKj34GkxFhD9').toString('base64')), '***');
  const json = '{"user":"svc-deployer","password":"hunter2-rotated","port":5432}';
  r.add(json);
  assert.equal(r.scrub('password is hunter2-rotated'), 'password is ***');
  assert.equal(r.scrub(Buffer.from('hunter2-rotated').toString('hex')), '***');
});

test('every form is registered with the runner, short and empty values are not', () => {
  const { r, registered } = redactor();
  r.add('');
  r.add('   ');
  assert.equal(registered.length, 0);
  r.add('abc\nlong-enough-line');
  assert.ok(registered.includes('long-enough-line'));
  assert.ok(!registered.includes('abc'), 'a 3-character line would garble every log');
  assert.ok(registered.includes(Buffer.from('long-enough-line').toString('base64url')));
});

test('a secret inside a longer base64 value is scrubbed at every alignment', () => {
  const { r } = redactor();
  r.add(SECRET);
  for (const [before, after] of [['', ' and more'], ['x', 'yz'], ['xy', '']]) {
    const encoded = Buffer.from(before + SECRET + after).toString('base64');
    assert.ok(r.scrub(encoded).includes('***'), `${before}|${after}: ${r.scrub(encoded)}`);
  }
});

test('unrelated text is left alone', () => {
  const { r } = redactor();
  r.add(SECRET);
  const text = 'deployed 3f2a9c1 to staging in 4.2s (https://example.com/?a=1)';
  assert.equal(r.scrub(text), text);
});

test('scrubDeep scrubs string leaves and masks secret-named keys even unregistered', () => {
  const { r } = redactor();
  r.add(SECRET);
  const out = r.scrubDeep({ note: `x ${SECRET}`, nested: [{ token: 'ghp_unregistered' }], password: 'plain', count: 3, authorization: '' });
  assert.deepEqual(out, { note: 'x ***', nested: [{ token: '***' }], password: '***', count: 3, authorization: '' });
});

test('derivedForms covers the secret, lines and leaves', () => {
  const forms = derivedForms('line-one-value\nline-two-value');
  assert.ok(forms.includes('line-one-value\nline-two-value'));
  assert.ok(forms.includes('line-one-value'));
  assert.ok(forms.includes('line-two-value'));
});

test('shiftedBase64 is the stable middle of base64 after 1 or 2 unknown bytes', () => {
  const secret = Buffer.from('correct horse battery');
  for (const prefix of ['u:', 'us:', 'use:', 'user:', 'admin:']) {
    const encoded = Buffer.from(prefix + secret.toString()).toString('base64');
    const shift = prefix.length % 3;
    const form = shiftedBase64(secret, shift);
    assert.ok(encoded.includes(form), `${prefix}: ${form} not in ${encoded}`);
  }
});
