// rotate-secret's inputs.ts: derivation-key must be random bytes (a password would make every
// derived value an offline oracle for it), PostgreSQL passwords SASLprep would change are refused
// (clients disagree on them), and the target inputs are parsed once.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { readSettings } from '../../actions/rotate-secret/src/inputs.ts';
import { saslPrepChanges } from '../../actions/rotate-secret/src/targets/saslprep.ts';
import { InputError } from '../../shared/errors.ts';
import { Redactor } from '../../shared/redact.ts';
import { withActionDefaults } from './helpers/action-inputs.ts';

const BASE: Record<string, string> = { name: 'DB_PASSWORD', destinations: 'github:repo', 'github-token': 'ghs_x0000000000000000000000000000000000' };
const read = (inputs: Record<string, string>) => {
  const redactor = new Redactor(() => {});
  return { redactor, settings: () => readSettings(redactor, withActionDefaults('rotate-secret', { ...BASE, ...inputs }), 'octo/app') };
};

test('derivation-key: 32 random bytes or more, as base64, base64url or hex, decoded once', () => {
  for (const encode of [(b: Buffer) => b.toString('base64'), (b: Buffer) => b.toString('base64url'), (b: Buffer) => b.toString('hex'), (b: Buffer) => b.toString('hex').toUpperCase()]) {
    const bytes = randomBytes(32 + Math.floor(Math.random() * 32));
    const s = read({ 'derivation-key': encode(bytes) }).settings();
    assert.deepEqual(s.derivationKey, bytes);
    assert.equal(s.valueSource, 'derived');
  }
  assert.equal(read({}).settings().valueSource, 'random');
  assert.equal(read({ value: 'given-Value-0001', 'derivation-key': randomBytes(32).toString('base64') }).settings().valueSource, 'given');
});

test('derivation-key: a password, text, a short or a repetitive key is refused, never printed', () => {
  const cases: Array<[string, RegExp]> = [
    ['correct-horse-battery-staple-2025!', /neither base64 nor hex/],
    [randomBytes(16).toString('base64'), /decodes to 16 bytes/],
    [Buffer.from('my-admin-password-is-long-enough-now!').toString('base64'), /decodes to text, not random bytes/],
    ['Winter2025Winter2025Winter2025Winter2025Winter2025', /decodes to text|too few distinct bytes/],
    ['00'.repeat(32), /too few distinct bytes/],
    ['abab'.repeat(16), /too few distinct bytes/],
  ];
  for (const [key, why] of cases) {
    const { settings } = read({ 'derivation-key': key });
    assert.throws(settings, (e: unknown) => e instanceof InputError && /^Input 'derivation-key' has value \*\*\*; expected at least 32 random bytes/.test(e.message) && why.test(e.message) && !e.message.includes(key), key);
  }
});

test('PostgreSQL: a value or current-value SASLprep would change is refused before anything happens; other targets take it', () => {
  const pg = { target: 'postgres', 'target-url': 'postgres://admin:Admin-Pass-0001@db:5432/app', 'target-user': 'app' };
  for (const value of ['pass\u00A0word-0001', 'soft\u00ADhyphen-01', 'ﬁ-ligature-0001', 'e\u0301-decomposed-01', 'full\u3000width-0001']) {
    assert.equal(saslPrepChanges(value), true, JSON.stringify(value));
    for (const input of ['value', 'current-value']) {
      assert.throws(read({ ...pg, [input]: value }).settings, (e: unknown) => e instanceof InputError && e.message.startsWith(`Input '${input}' has value ***`) && /SASLprep/.test(e.message), `${input} ${JSON.stringify(value)}`);
    }
    assert.doesNotThrow(read({ target: 'mysql', 'target-url': 'mysql://admin:Admin-Pass-0001@db:3306/', 'target-user': 'app', value }).settings);
  }
  for (const value of ["plain-ASCII-!@#$%^&*()'\"\\-0001", 'ünïcødé-composed-✓', 'tab\tand\nnewline-01']) {
    assert.equal(saslPrepChanges(value), false, JSON.stringify(value));
    assert.doesNotThrow(read({ ...pg, value }).settings, JSON.stringify(value));
  }
});

test('the target inputs are parsed once: kind, admin user, where; the URL is never shown', () => {
  const s = read({ target: 'redis', 'target-url': 'rediss://:S3cret-Admin-Pass@cache.internal:6380/0', 'target-user': 'app' }).settings();
  assert.deepEqual(
    { ...s.target, url: undefined },
    {
      kind: 'redis',
      url: undefined,
      tls: { mode: 'verify-full', ca: undefined, source: 'rediss://', warning: undefined },
      adminUser: 'default',
      where: 'cache.internal:6380',
      location: 'cache.internal:6380/0',
      user: 'app',
    },
  );
  for (const url of ['postgres://admin:S3cret-Admin-Pass@db/app', 'not a url with S3cret-Admin-Pass']) {
    assert.throws(
      read({ target: 'mysql', 'target-url': url, 'target-user': 'app' }).settings,
      (e: unknown) => e instanceof InputError && e.message.startsWith("Input 'target-url' has value ***; expected a mysql URL") && !e.message.includes('S3cret'),
    );
  }
});

test('value-format: json needs a target (a user to put in it); plain with alternating users cannot go to a Secrets Manager secret (one value)', () => {
  assert.throws(read({ 'value-format': 'json' }).settings, /Input 'value-format' has value "json"; expected plain when target is none/);
  const alternating = {
    target: 'postgres', 'target-url': 'postgres://admin:Admin-Pass-0001@db:5432/app', 'target-user': 'app', strategy: 'alternating-users',
    destinations: 'github:repo\naws-secretsmanager:app/db', cloud: 'aws', 'aws-role-arn': 'arn:aws:iam::123456789012:role/r', 'aws-region': 'us-east-1',
  };
  assert.throws(read(alternating).settings, /Input 'destinations' has value "aws-secretsmanager:app\/db"; expected no aws-secretsmanager: line with value-format: plain and alternating-users .* set value-format: json/);
  assert.equal(read({ ...alternating, 'value-format': 'json' }).settings().valueFormat, 'json');
  assert.equal(read({ ...alternating, strategy: 'single-user' }).settings().valueFormat, 'plain');
});
