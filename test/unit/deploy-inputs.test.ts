// deploy's inputs, parsed once: each field gives the value the code uses (numbers, a RegExp, JSON
// expectations, a URL without credentials), the cross-field rules hold, and what must never be
// printed — a password in a URL — is not, valid or not. No I/O: the inputs come from a table.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readSettings, spec } from '../../actions/deploy/src/inputs.ts';
import { InputError } from '../../shared/errors.ts';
import { Redactor } from '../../shared/redact.ts';
import { withActionDefaults } from './helpers/action-inputs.ts';

/** Required inputs and the token; everything else comes from action.yml's defaults. */
const REQUIRED: Record<string, string> = { environment: 'staging', run: './deploy.sh', ref: 'main', 'github-token': 'ghs_token00000000' };

const read = (inputs: Record<string, string>, redactor = new Redactor(() => undefined)) => readSettings(redactor, withActionDefaults('deploy', { ...REQUIRED, ...inputs }));
const fails = (inputs: Record<string, string>, re: RegExp) => assert.throws(() => read(inputs), (e: unknown) => e instanceof InputError && re.test(e.message));

describe('deploy inputs: parsed once, to final values', () => {
  test('numbers, a RegExp, JSON expectations, a frozen health gate', () => {
    const s = read({ 'health-url': 'https://app.example/healthz', 'health-status': '200, 204,200', 'health-body': '^ok$', 'health-json': 'version=abc\nbuild.n = 3', retries: '2', 'retry-on-exit-codes': '75,3,75' });
    assert.deepEqual(s.retryOnExitCodes, [75, 3]);
    assert.ok(Object.isFrozen(s) && Object.isFrozen(s.health));
    assert.deepEqual(s.health?.statuses, [200, 204]);
    assert.ok(s.health?.body instanceof RegExp && s.health.body.test('ok'));
    assert.deepEqual(s.health?.json, [
      { path: 'version', keys: ['version'], expected: 'abc' },
      { path: 'build.n', keys: ['build', 'n'], expected: '3' },
    ]);
    assert.equal(s.health?.intervalMs, 5000);
    assert.equal(s.apiTimeout, 300_000);
    assert.equal(read({}).health, undefined);
  });

  test('environment-url: normalised, without a / the input did not have; credentials refused and never printed', () => {
    assert.equal(read({ 'environment-url': 'https://shop.example' }).environmentUrl, 'https://shop.example');
    assert.equal(read({ 'environment-url': 'https://shop.example?tab=1' }).environmentUrl, 'https://shop.example?tab=1');
    assert.equal(read({ 'environment-url': 'https://shop.example/' }).environmentUrl, 'https://shop.example/');
    assert.equal(read({ 'environment-url': 'HTTPS://Shop.Example/a b' }).environmentUrl, 'https://shop.example/a%20b');
    for (const url of ['https://deployer:S3cr3t@shop.example/', 'https://deployer@shop.example', 'ftp://u:S3cr3t@x/', 'https://u:S3cr3t@ bad']) {
      assert.throws(
        () => read({ 'environment-url': url }),
        (e: unknown) => e instanceof InputError && !e.message.includes('S3cr') && /Input 'environment-url' has value "(https|ftp):\/\/\*\*\*@/.test(e.message),
        url,
      );
    }
  });

  test('health-url: its credentials become a Basic header and secrets; an invalid one never prints its password', () => {
    const registered: string[] = [];
    const s = read({ 'health-url': 'https://probe:p%40ss-word@app.example/healthz' }, new Redactor((v) => registered.push(v)));
    assert.equal(s.health?.url.href, 'https://app.example/healthz');
    assert.equal(s.health?.headers['authorization'], `Basic ${Buffer.from('probe:p@ss-word').toString('base64')}`);
    assert.ok(registered.includes('p@ss-word'));
    fails({ 'health-url': 'gopher://probe:p4ss-word@app.example/' }, /^Input 'health-url' has value "gopher:\/\/\*\*\*@app\.example\/"/);
  });

  test('S13: . and .. are not environment names, whole or as a part; other dots are', () => {
    for (const name of ['.', '..', 'a/..', '../b', 'a/./b']) fails({ environment: name }, /none of its \/-separated parts \. or \.\./);
    fails({ 'promote-from': '..' }, /Input 'promote-from' has value "\.\."/);
    for (const name of ['v1.2', 'review/feat..x', '.hidden', 'a/...']) assert.equal(read({ environment: name }).environment, name);
  });

  test('cross-field rules, before any side effect', () => {
    fails({ retries: '1' }, /Input 'retry-on-exit-codes' has value ""; expected the exit codes that may be retried/);
    fails({ retries: '1', 'retry-on-exit-codes': '75,256' }, /Input 'retry-on-exit-codes' has value "256"; expected an integer from 0 to 255/);
    fails({ 'health-body': '(' }, /Input 'health-body' has value "\("; expected a valid regular expression/);
    fails({ 'health-json': 'v=1' }, /Input 'health-url' has value ""; expected a URL, since health-body or health-json is set/);
    fails({ 'promote-from': 'staging' }, /expected an environment other than 'staging'/);
    fails({ 'health-follow-redirects': 'sometimes' }, /expected one of same-origin, any, none/);
    fails({ 'api-timeout': '5s' }, /Input 'api-timeout' has value "5s"; expected a duration of at least 10000ms/);
    assert.equal(read({ 'promote-from': 'dev', 'soak-wait': 'true' }).soakWait, true);
    // Reusable workflows forward one value to every environment: without promote-from it has nothing to wait for.
    assert.equal(read({ 'soak-wait': 'true' }).soakWait, true);
  });

  test('every field is declared with what it expects', () => {
    for (const [name, field] of Object.entries(spec)) assert.ok(field.expected.length > 0, name);
  });
});
