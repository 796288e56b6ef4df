// TLS to rotation targets, as input validation sees it (url.ts: the URL's own words for TLS, the
// defaults, target-ca) and as the drivers get it (tls.ts: Node's TLS options, failures worded).
// The real servers in TLS mode are in test/e2e/rotate-tls.test.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError } from '../../shared/errors.ts';
import { readSettings } from '../../actions/rotate-secret/src/inputs.ts';
import { mysqlSsl } from '../../actions/rotate-secret/src/targets/mysql.ts';
import { tlsFailure, tlsOptions } from '../../actions/rotate-secret/src/targets/tls.ts';
import { parseTargetUrl, type TargetTls } from '../../actions/rotate-secret/src/targets/url.ts';
import { makeTestCa } from '../harness/services/index.ts';
import { quietRedactor } from '../harness/cloud/testing.ts';
import { withActionDefaults } from './helpers/action-inputs.ts';

const tlsOf = (kind: 'postgres' | 'mysql' | 'redis', url: string, ca?: string) => {
  const t = parseTargetUrl(kind, url, 'app', ca);
  if (t.kind === 'none') throw new Error('no target');
  return t;
};

test('the URL says how to connect, in each kind\'s words; its TLS words are taken out of what the drivers get', () => {
  const cases: [kind: 'postgres' | 'mysql' | 'redis', url: string, mode: string, source: string, driverUrl: string][] = [
    ['postgres', 'postgres://a:p@db.example.com/app?sslmode=verify-full&application_name=x', 'verify-full', 'sslmode=verify-full', 'postgres://a:p@db.example.com/app?application_name=x'],
    ['postgres', 'postgresql://a:p@db.example.com:5433/app?sslmode=verify-ca', 'verify-ca', 'sslmode=verify-ca', 'postgresql://a:p@db.example.com:5433/app'],
    ['postgres', 'postgres://a:p@db.example.com/app?sslmode=require', 'require', 'sslmode=require', 'postgres://a:p@db.example.com/app'],
    ['postgres', 'postgres://a:p@db.example.com/app?sslmode=disable', 'disable', 'sslmode=disable', 'postgres://a:p@db.example.com/app'],
    ['postgres', 'postgres://a:p@db.example.com/app', 'verify-full', 'default for a remote host', 'postgres://a:p@db.example.com/app'],
    ['postgres', 'postgres://a:p@127.0.0.1:5432/app', 'disable', 'default for a loopback host', 'postgres://a:p@127.0.0.1:5432/app'],
    ['postgres', 'postgres://a:p@localhost/app', 'disable', 'default for a loopback host', 'postgres://a:p@localhost/app'],
    ['postgres', 'postgres://a:p@[::1]/app', 'disable', 'default for a loopback host', 'postgres://a:p@[::1]/app'],
    ['mysql', 'mysql://a:p@db.example.com/?ssl-mode=VERIFY_IDENTITY', 'verify-full', 'ssl-mode=VERIFY_IDENTITY', 'mysql://a:p@db.example.com/'],
    ['mysql', 'mariadb://a:p@db.example.com/?ssl-mode=verify_ca', 'verify-ca', 'ssl-mode=verify_ca', 'mariadb://a:p@db.example.com/'],
    ['mysql', 'mysql://a:p@db.example.com/?ssl-mode=REQUIRED', 'require', 'ssl-mode=REQUIRED', 'mysql://a:p@db.example.com/'],
    ['mysql', 'mysql://a:p@db.example.com/?ssl-mode=DISABLED', 'disable', 'ssl-mode=DISABLED', 'mysql://a:p@db.example.com/'],
    ['mysql', 'mysql://a:p@db.example.com/', 'verify-full', 'default for a remote host', 'mysql://a:p@db.example.com/'],
    ['redis', 'rediss://a:p@cache.example.com:6380', 'verify-full', 'rediss://', 'redis://a:p@cache.example.com:6380'],
    ['redis', 'redis://a:p@cache.example.com:6379', 'disable', 'redis://', 'redis://a:p@cache.example.com:6379'],
  ];
  for (const [kind, url, mode, source, driverUrl] of cases) {
    const t = tlsOf(kind, url);
    assert.deepEqual([t.tls.mode, t.tls.source, t.url], [mode, source, driverUrl], url);
  }
});

test('the summary warns about plaintext to another host and about TLS that checks nothing; loopback and verified TLS are quiet', () => {
  assert.match(tlsOf('postgres', 'postgres://a:p@db.example.com/app?sslmode=disable').tls.warning ?? '', /^target-url connects to db\.example\.com without TLS \(sslmode=disable\): the admin credential and the new one cross the network in plaintext$/);
  assert.match(tlsOf('redis', 'redis://a:p@cache.example.com').tls.warning ?? '', /connects to cache\.example\.com without TLS \(redis:\/\/\)/);
  assert.match(tlsOf('mysql', 'mysql://a:p@db.example.com/?ssl-mode=REQUIRED').tls.warning ?? '', /asks for TLS without verification \(ssl-mode=REQUIRED\): anyone on the path to db\.example\.com can pose as the server .*ssl-mode=VERIFY_IDENTITY/);
  for (const url of ['postgres://a:p@127.0.0.1/app?sslmode=disable', 'postgres://a:p@db.example.com/app', 'postgres://a:p@db.example.com/app?sslmode=verify-ca']) {
    assert.equal(tlsOf('postgres', url).tls.warning, undefined, url);
  }
});

test('refused at input validation, never showing the URL: fallbacks to plaintext, unknown modes, file paths, a CA that cannot be used', () => {
  const refused: [kind: 'postgres' | 'mysql', url: string, expected: RegExp][] = [
    ['postgres', 'postgres://a:Secret-0001@db.example.com/app?sslmode=prefer', /sslmode verify-full, verify-ca, require, disable \(prefer falls back to plaintext when TLS fails: write verify-full for TLS, or disable for plaintext\)/],
    ['postgres', 'postgres://a:Secret-0001@db.example.com/app?sslmode=allow', /allow falls back to plaintext/],
    ['postgres', 'postgres://a:Secret-0001@db.example.com/app?sslmode=strict', /sslmode one of verify-full, verify-ca, require, disable/],
    ['postgres', 'postgres://a:Secret-0001@db.example.com/app?sslmode=require&sslmode=disable', /one sslmode/],
    ['postgres', 'postgres://a:Secret-0001@db.example.com/app?sslrootcert=/etc/ca.pem', /'sslrootcert' is not supported — give a private CA's certificate as target-ca/],
    ['postgres', 'postgres://a:Secret-0001@db.example.com/app?ssl=true', /'ssl' is not supported/],
    ['mysql', 'mysql://a:Secret-0001@db.example.com/?ssl-mode=PREFERRED', /PREFERRED falls back to plaintext when TLS fails: write VERIFY_IDENTITY for TLS, or DISABLED for plaintext/],
    ['mysql', 'mysql://a:Secret-0001@db.example.com/?ssl={"rejectUnauthorized":false}', /'ssl' is not supported/],
  ];
  for (const [kind, url, expected] of refused) {
    assert.throws(
      () => tlsOf(kind, url),
      (e: unknown) => e instanceof InputError && e.message.startsWith("Input 'target-url'") && expected.test(e.message) && !e.message.includes('Secret-0001'),
      url,
    );
  }
  assert.throws(() => tlsOf('postgres', 'postgres://a:p@db.example.com/app?sslmode=disable', 'PEM'), /Input 'target-ca'.*no value, since target-url connects without TLS \(sslmode=disable\); use sslmode=verify-full or verify-ca/);
  assert.throws(() => tlsOf('redis', 'redis://a:p@cache.example.com', 'PEM'), /use rediss:\/\/ to verify the server with it/);
  assert.throws(() => tlsOf('mysql', 'mysql://a:p@db.example.com/?ssl-mode=REQUIRED', 'PEM'), /asks for TLS without verification \(ssl-mode=REQUIRED\); use ssl-mode=VERIFY_IDENTITY or VERIFY_CA/);
});

test('target-ca: PEM certificates, checked for shape at input validation and refused without a target', async () => {
  const { cert } = await makeTestCa();
  const base = { name: 'DB_PASSWORD', destinations: 'github:repo', 'github-token': 'ghs_tlsUnit0000000000000000000000000000' };
  const settings = (inputs: Record<string, string>) => readSettings(quietRedactor(), withActionDefaults('rotate-secret', { ...base, ...inputs }), 'octo/app');
  const pg = { target: 'postgres', 'target-url': 'postgres://admin:p@db.example.com/app?sslmode=verify-full', 'target-user': 'app' };
  const ok = settings({ ...pg, 'target-ca': `\n${cert}\n${cert}` });
  assert.equal(ok.target.kind === 'postgres' && ok.target.tls.ca, `${cert.trim()}\n${cert.trim()}\n`, 'two certificates, whitespace around them dropped');
  for (const bad of ['not a certificate', `${cert}\ntrailing text`, '-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----', '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----']) {
    assert.throws(() => settings({ ...pg, 'target-ca': bad }), /Input 'target-ca' has value .*; expected one or more PEM certificates/, bad);
  }
  assert.throws(() => settings({ 'target-ca': cert }), /Input 'target-ca'.*no value, since target is none/);
});

test('what the drivers get: Node TLS options per mode; a target-ca that is not a CA certificate is an input error before connecting', async () => {
  const ca = await makeTestCa();
  const server = await ca.server({ dns: ['db.example.com'] });
  const tls = (mode: TargetTls['mode'], pem?: string): TargetTls => ({ mode, ca: pem, source: 'test', warning: undefined });
  assert.equal(tlsOptions(tls('disable')), undefined);
  assert.deepEqual(tlsOptions(tls('require')), { rejectUnauthorized: false });
  assert.deepEqual(tlsOptions(tls('verify-full')), { rejectUnauthorized: true }, "Node's bundled CAs and host name check");
  assert.deepEqual(tlsOptions(tls('verify-full', ca.cert)), { rejectUnauthorized: true, ca: ca.cert });
  const chainOnly = tlsOptions(tls('verify-ca', ca.cert))!;
  assert.equal(chainOnly.checkServerIdentity?.('other.example.com', {} as never), undefined, 'verify-ca: any name');
  assert.throws(() => tlsOptions(tls('verify-full', server.cert)), /Input 'target-ca'.*certificate 1 cannot be used \(it is not a CA certificate \(subject CN=db\.example\.com\)\)/);
  assert.deepEqual(mysqlSsl(tls('verify-full', ca.cert)), { rejectUnauthorized: true, verifyIdentity: true, ca: ca.cert }, 'mysql2 checks the name only when asked');
  assert.deepEqual(mysqlSsl(tls('verify-ca')), { rejectUnauthorized: true, verifyIdentity: false });
  assert.equal(mysqlSsl(tls('disable')), undefined);
});

test('TLS failures say what to change; other failures are left to the driver', () => {
  const full: TargetTls = { mode: 'verify-full', ca: undefined, source: 'sslmode=verify-full', warning: undefined };
  const err = (code: string, message: string) => Object.assign(new Error(message), { code });
  assert.match(tlsFailure(err('SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain'), full) ?? '', /does not chain to a CA this run trusts \(sslmode=verify-full\); give the CA that signed it as target-ca$/);
  assert.match(tlsFailure(err('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames"), full) ?? '', /does not name the host of target-url .*connect to a name the certificate holds/);
  assert.match(tlsFailure(new Error('The server does not support SSL connections'), full) ?? '', /the server does not accept TLS \(sslmode=verify-full\)/);
  const plain: TargetTls = { mode: 'disable', ca: undefined, source: 'default for a loopback host', warning: undefined };
  assert.match(tlsFailure(err('28000', 'no pg_hba.conf entry for host "127.0.0.1", user "admin", database "postgres", no encryption'), plain) ?? '', /accepts only TLS connections and target-url connects without/);
  assert.equal(tlsFailure(err('28P01', 'password authentication failed for user "admin"'), full), undefined);
  assert.equal(tlsFailure(err('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'), full), undefined);
});
