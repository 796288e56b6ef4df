import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError } from '../../shared/errors.ts';
import { input, parseDuration, readInputs, type InputSource } from '../../shared/inputs.ts';
import { Redactor } from '../../shared/redact.ts';

const source = (values: Record<string, string>): InputSource => (name) => values[name] ?? '';
const quiet = (): Redactor => new Redactor(() => {});

function rejects(spec: Parameters<typeof readInputs>[0], values: Record<string, string>, name: string, fragment: RegExp): void {
  assert.throws(
    () => readInputs(spec, quiet(), source(values)),
    (e: unknown) => {
      assert.ok(e instanceof InputError, String(e));
      assert.ok(e.message.includes(`'${name}'`), `names the input: ${e.message}`);
      assert.match(e.message, fragment);
      return true;
    },
  );
}

test('typed getters parse good values', () => {
  const spec = {
    name: input.string({ required: true }),
    flag: input.boolean({ required: true }),
    count: input.integer({ required: true, min: 0, max: 10 }),
    mode: input.enumOf(['a', 'b'] as const, { required: true }),
    items: input.list(),
    lines: input.list({ lines: true }),
    wait: input.duration({ required: true }),
    endpoint: input.url({ schemes: ['https'] }),
    absent: input.string(),
  };
  const s = readInputs(spec, quiet(), source({
    name: 'x', flag: 'TRUE', count: '7', mode: 'b', items: 'a, b\nc', lines: 'k=v, w\n\n z ', wait: '1h30m', endpoint: 'https://example.com/x',
  }));
  assert.equal(s.name, 'x');
  assert.equal(s.flag, true);
  assert.equal(s.count, 7);
  assert.equal(s.mode, 'b');
  assert.deepEqual(s.items, ['a', 'b', 'c']);
  assert.deepEqual(s.lines, ['k=v, w', 'z']);
  assert.equal(s.wait, 5_400_000);
  assert.equal(s.endpoint?.hostname, 'example.com');
  assert.equal(s.absent, undefined);
  assert.ok(Object.isFrozen(s));
});

test('bad values are rejected naming the input, the value and the expected form', async (t) => {
  const cases: Array<[string, Parameters<typeof readInputs>[0], string, RegExp]> = [
    ['boolean yes', { f: input.boolean() }, 'yes', /"yes"; expected true or false/],
    ['boolean 1', { f: input.boolean() }, '1', /expected true or false/],
    ['integer garbage (never coerced to a default)', { f: input.integer({ min: 0, max: 5 }) }, 'lots', /"lots"; expected an integer from 0 to 5/],
    ['integer out of range', { f: input.integer({ min: 0, max: 5 }) }, '6', /an integer from 0 to 5/],
    ['integer float', { f: input.integer({ min: 0, max: 5 }) }, '1.5', /an integer/],
    ['enum', { f: input.enumOf(['wait', 'fail'] as const) }, 'maybe', /one of wait, fail/],
    ['duration without unit', { f: input.duration() }, '90', /a duration such as 90s/],
    ['duration garbage', { f: input.duration() }, '5 minutes', /a duration/],
    ['duration too long', { f: input.duration({ max: 60_000 }) }, '2m', /at most 60000ms/],
    ['url scheme', { f: input.url({ schemes: ['https'] }) }, 'file:///etc/passwd', /scheme https/],
    ['url garbage', { f: input.url({ schemes: ['https'] }) }, 'not a url', /absolute URL/],
    ['pattern', { f: input.string({ pattern: /^[a-z]+$/, patternText: 'lower-case letters' }) }, 'A;B', /"A;B"; expected lower-case letters/],
    ['list item', { f: input.list({ item: /^\d+$/, itemText: 'a number' }) }, '1,x', /"x"; expected each item to be a number/],
    ['required missing', { f: input.string({ required: true }) }, '', /required/],
  ];
  for (const [label, spec, value, fragment] of cases) {
    await t.test(label, () => rejects(spec, { f: value }, 'f', fragment));
  }
});

test('secrets are registered before validation and never echoed in errors', () => {
  const registered: string[] = [];
  const r = new Redactor((v) => registered.push(v));
  assert.throws(() => readInputs({ token: input.secret({ required: true }) }, r, source({ token: 'abc' })), (e: unknown) => {
    assert.ok(e instanceof InputError);
    assert.ok(!e.message.includes('abc'), e.message);
    assert.match(e.message, /'token' has value \*\*\*; expected a secret of at least 4 characters/);
    return true;
  });
  readInputs({ token: input.secret() }, r, source({ token: 'ghs_0123456789' }));
  assert.ok(registered.includes('ghs_0123456789'));
});

test('secrets keep their whitespace (PEM keys end with a newline)', () => {
  const pem = '-----BEGIN KEY-----\nabcdef\n-----END KEY-----\n';
  const s = readInputs({ key: input.secret() }, quiet(), (name, secret) => (secret ? pem : pem.trim()));
  assert.equal(s.key, pem);
});

test('oversized secrets are refused (GitHub caps secrets at 48 KB)', () => {
  rejects({ v: input.secret() }, { v: 'x'.repeat(48 * 1024 + 1) }, 'v', /at most 48 KB/);
});

test('several bad inputs are reported together', () => {
  assert.throws(
    () => readInputs({ a: input.boolean(), b: input.integer({ min: 0, max: 1 }) }, quiet(), source({ a: 'no', b: '9' })),
    /2 inputs are invalid:\n- Input 'a'.*\n- Input 'b'/,
  );
});

test('parseDuration', () => {
  assert.equal(parseDuration('0s'), 0);
  assert.equal(parseDuration('500ms'), 500);
  assert.equal(parseDuration('90s'), 90_000);
  assert.equal(parseDuration('7d'), 604_800_000);
  assert.equal(parseDuration('1w'), 604_800_000);
  assert.equal(parseDuration('1h 30m'), undefined);
  assert.equal(parseDuration('-5s'), undefined);
  assert.equal(parseDuration(''), undefined);
});

test('parse once: regex, pairs and listOf return the final values', () => {
  const spec = {
    body: input.regex({ required: true }),
    json: input.pairs({ key: /^[\w.[\]]+$/, keyText: 'path' }),
    codes: input.listOf(input.integer({ min: 100, max: 599 })),
    custom: input.custom({ expected: 'a host:port', parse: (raw) => ({ host: raw.split(':')[0], port: Number(raw.split(':')[1]) }) }),
  };
  const s = readInputs(spec, quiet(), source({ body: '"status":\\s*"ok"', json: 'version = abc=1\n\nbuild.id=7', codes: '200, 204\n301', custom: 'db:5432' }));
  assert.ok(s.body instanceof RegExp && s.body.test('{"status": "ok"}'));
  assert.deepEqual(s.json, [['version', 'abc=1'], ['build.id', '7']]);
  assert.deepEqual(s.codes, [200, 204, 301]);
  assert.deepEqual(s.custom, { host: 'db', port: 5432 });
  assert.ok(Object.isFrozen(s.json) && Object.isFrozen(s.codes));
  rejects({ f: input.regex() }, { f: '(unclosed' }, 'f', /"\(unclosed"; expected a valid regular expression \(Invalid regular expression/);
  rejects({ f: input.pairs() }, { f: 'a=1\nnovalue' }, 'f', /"novalue"; expected each line to be key=value/);
  rejects({ f: input.pairs() }, { f: 'a=1\na=2' }, 'f', /"a=2"; expected each key once/);
  rejects({ f: input.pairs({ key: /^[A-Z_]+$/, keyText: 'KEY' }) }, { f: 'lower=1' }, 'f', /expected each line to be KEY=value/);
  rejects({ f: input.listOf(input.integer({ min: 100, max: 599 })) }, { f: '200,99' }, 'f', /"99"; expected an integer from 100 to 599/);
});

test('a URL input with credentials registers them before parsing: an invalid one is reported without them', async (t) => {
  const cases: Array<[string, string, string[]]> = [
    ['a wrong scheme', 'ftp://probe:S3cret-pw@example.com/x', ['S3cret-pw', 'probe:S3cret-pw']],
    ['a URL that does not parse', 'http://probe:S3cret-pw@exa mple.com/', ['S3cret-pw', 'probe:S3cret-pw']],
    ['a password holding @ and %-escapes', 'gopher://u:p%40ss@w0rd@host/', ['p%40ss@w0rd', 'p@ss@w0rd', 'u:p%40ss@w0rd']],
    ['a token as the user name', 'ftp://ghp_abcdefghijklmnop@host/', ['ghp_abcdefghijklmnop']],
  ];
  for (const [label, raw, secrets] of cases) {
    await t.test(label, () => {
      const registered: string[] = [];
      const r = new Redactor((v) => registered.push(v));
      assert.throws(() => readInputs({ u: input.url({ schemes: ['https', 'http'] }) }, r, source({ u: raw })), (e: unknown) => {
        assert.ok(e instanceof InputError);
        for (const s of secrets) {
          assert.ok(registered.includes(s), `registered ${s}`);
          assert.ok(!e.message.includes(s), `not in the message: ${e.message}`);
        }
        assert.ok(registered.includes(raw), 'the whole value is registered too');
        assert.match(e.message, /^Input 'u' has value "[a-z]+:\/\/\*\*\*@/);
        return true;
      });
    });
  }
  const registered: string[] = [];
  const s = readInputs({ u: input.url({ schemes: ['https'] }) }, new Redactor((v) => registered.push(v)), source({ u: 'https://probe:S3cret-pw@example.com/' }));
  assert.equal(s.u?.password, 'S3cret-pw');
  assert.ok(registered.includes('S3cret-pw'), 'a valid URL registers its credentials too');
  rejects({ f: input.url({ schemes: ['https'], credentials: false }) }, { f: 'https://u:pw12@example.com/' }, 'f', /"https:\/\/\*\*\*@example.com\/"; expected an absolute URL with scheme https and no user name or password/);
});
