// rotate-secret destination lines, driver statement building: parsing, canonical ids,
// de-duplication, contradictions, and the quoting the target drivers rely on.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError } from '../../shared/errors.ts';
import { Redactor } from '../../shared/redact.ts';
import { parseDestination, parseDestinations } from '../../actions/rotate-secret/src/destinations/parse.ts';
import { readSettings } from '../../actions/rotate-secret/src/inputs.ts';
import { mysqlLiteral, regrant } from '../../actions/rotate-secret/src/targets/mysql.ts';
import { aclRules } from '../../actions/rotate-secret/src/targets/redis.ts';
import { withCredentials } from '../../actions/rotate-secret/src/targets/url.ts';
import { withActionDefaults } from './helpers/action-inputs.ts';

const here = 'octo/app';

test('destination lines: parsed into scopes with canonical ids', () => {
  const cases: Array<[string, Record<string, unknown>]> = [
    ['github:repo', { scope: 'repo', app: 'actions', owner: 'octo', repo: 'app', id: 'github:repo:octo/app' }],
    ['github:repo:other/svc', { scope: 'repo', app: 'actions', owner: 'other', repo: 'svc', id: 'github:repo:other/svc' }],
    ['github:dependabot', { scope: 'repo', app: 'dependabot', id: 'github:dependabot:octo/app' }],
    ['github:environment:production', { scope: 'environment', environment: 'production', owner: 'octo', repo: 'app', id: 'github:environment:production:octo/app' }],
    ['github:environment:eu/prod 2:other/svc', { scope: 'environment', environment: 'eu/prod 2', owner: 'other', repo: 'svc' }],
    ['github:org:octo', { scope: 'org', org: 'octo', visibility: undefined, id: 'github:org:octo' }],
    ['github:org:octo:all', { scope: 'org', visibility: 'all', id: 'github:org:octo:all', place: 'github:org:octo' }],
    ['github:org:octo:private', { scope: 'org', visibility: 'private' }],
    ['github:org:octo:selected=web,api,web', { scope: 'org', visibility: 'selected', selected: ['api', 'web'], id: 'github:org:octo:selected=api,web' }],
  ];
  for (const [line, expected] of cases) {
    const spec = parseDestination(line, here) as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(expected)) assert.deepEqual(spec[k], v, `${line}: ${k}`);
  }
});

test('destination lines: invalid ones are InputErrors naming the line and the forms', () => {
  const bad: Array<[string, RegExp]> = [
    ['vault:secret/x', /vault:MOUNT\/PATH#KEY.*\(not MOUNT\/PATH#KEY\)/],
    ['nope:x', /each item to be github:repo\[:OWNER\/REPO\].*vault:MOUNT\/PATH#KEY.*aws-secretsmanager:SECRET_ID/],
    ['github:repos', /github:repo\[:OWNER\/REPO\]/],
    ['github:repo:notarepo', /github:repo/],
    ['github:repo:a/b:c', /github:repo/],
    ['github:environment:', /github:environment/],
    ['github:org:octo:public', /github:org/],
    ['github:org:octo:selected=', /github:org/],
    ['github:org:octo:selected=a;b', /github:org/],
  ];
  for (const [line, expected] of bad) {
    assert.throws(
      () => parseDestination(line, here),
      (e: unknown) => e instanceof InputError && e.message.includes(`'destinations'`) && e.message.includes(JSON.stringify(line)) && expected.test(e.message),
      line,
    );
  }
  assert.throws(() => parseDestination('github:repo', undefined), /GITHUB_REPOSITORY is not set; write it as github:repo:OWNER\/REPO/);
});

test('destination lists: the same place twice is one write; contradicting access is refused', () => {
  const specs = parseDestinations(['github:repo', 'github:repo:octo/app', 'github:environment:prod', 'github:org:octo:all', 'github:org:octo:all'], here);
  assert.deepEqual(specs.map((s) => s.id), ['github:repo:octo/app', 'github:environment:prod:octo/app', 'github:org:octo:all']);
  assert.throws(() => parseDestinations(['github:org:octo:all', 'github:org:octo:private'], here), /contradicts 'github:org:octo:all'/);
});

test('inputs.ts parses destinations once, into the final specs', () => {
  const values: Record<string, string> = {
    name: 'DB_PASSWORD', destinations: 'github:repo\ngithub:nope', length: '32', charset: 'alphanumeric', target: 'none',
    strategy: 'single-user', verify: 'true', 'dry-run': 'false', 'github-token': 'ghs_x0000000000000000000000000000000000',
  };
  assert.throws(() => readSettings(new Redactor(() => {}), withActionDefaults('rotate-secret', values), 'octo/app'), /Input 'destinations' has value "github:nope"; expected github:repo\[:OWNER\/REPO\].*\(unknown kind 'nope'\)/);
  values['destinations'] = 'github:repo\ngithub:org:octo:selected=a,b';
  assert.deepEqual(readSettings(new Redactor(() => {}), withActionDefaults('rotate-secret', values), 'octo/app').destinations.map((s) => s.id), ['github:repo:octo/app', 'github:org:octo:selected=a,b']);
});

test('inputs.ts: alternating users need room for the _a/_b suffix, and a target', () => {
  const values: Record<string, string> = {
    name: 'DB_PASSWORD', destinations: 'github:repo', length: '32', charset: 'alphanumeric', target: 'postgres', 'target-url': 'postgres://admin:pw12@db/x',
    'target-user': 'u'.repeat(62), strategy: 'alternating-users', verify: 'true', 'dry-run': 'false', 'github-token': 'ghs_x0000000000000000000000000000000000',
  };
  assert.throws(() => readSettings(new Redactor(() => {}), withActionDefaults('rotate-secret', values), 'octo/app'), /at most 61 characters/);
  values['target'] = 'none';
  assert.throws(() => readSettings(new Redactor(() => {}), withActionDefaults('rotate-secret', values), 'octo/app'), /single-user when target is none/);
});

test('withCredentials: another user and password, URL-encoded, everything else kept', () => {
  const url = withCredentials('postgres://admin:s3cret@db.internal:5433/app?sslmode=require', 'app_b', "p@ss:w/rd?#'%");
  const u = new URL(url);
  assert.equal(decodeURIComponent(u.username), 'app_b');
  assert.equal(decodeURIComponent(u.password), "p@ss:w/rd?#'%");
  assert.equal(u.host, 'db.internal:5433');
  assert.equal(u.pathname, '/app');
  assert.equal(u.search, '?sslmode=require');
});

test('mysqlLiteral: every quoting hazard of the ascii charset, in both sql_modes', () => {
  assert.equal(mysqlLiteral(`a'b"c\\d`, false), `'a\\'b\\"c\\\\d'`);
  assert.equal(mysqlLiteral('nul\0 nl\n cr\r ctrlz\u001a', false), "'nul\\0 nl\\n cr\\r ctrlz\\Z'");
  assert.equal(mysqlLiteral(`a'b\\c`, true), `'a''b\\c'`);
});

test('regrant: SHOW GRANTS lines rewritten for the new account, password clauses dropped', () => {
  const from = { user: 'app', host: '%' };
  const to = "'app_a'@'%'";
  const cases: Array<[string, string]> = [
    ["GRANT USAGE ON *.* TO `app`@`%` IDENTIFIED BY PASSWORD '*6BB4837EB74329105EE4568DDA7DC67ED2CA2AD9'", "GRANT USAGE ON *.* TO 'app_a'@'%'"],
    ['GRANT SELECT, INSERT ON `shop`.* TO `app`@`%`', "GRANT SELECT, INSERT ON `shop`.* TO 'app_a'@'%'"],
    ["GRANT ALL PRIVILEGES ON `shop`.`orders` TO `app`@`%` IDENTIFIED BY PASSWORD '*AB' WITH GRANT OPTION", "GRANT ALL PRIVILEGES ON `shop`.`orders` TO 'app_a'@'%' WITH GRANT OPTION"],
    ['GRANT `reporting` TO `app`@`%`', "GRANT `reporting` TO 'app_a'@'%'"],
    ["GRANT USAGE ON *.* TO 'app'@'%'", "GRANT USAGE ON *.* TO 'app_a'@'%'"],
  ];
  for (const [line, expected] of cases) assert.equal(regrant(line, from, to), expected, line);
  // Another user whose name contains the template's is left alone.
  assert.equal(regrant('GRANT SELECT ON *.* TO `app2`@`%`', from, to), 'GRANT SELECT ON *.* TO `app2`@`%`');
});

test('aclRules: replayable rules of an ACL LIST line, passwords dropped, selectors kept whole', () => {
  assert.deepEqual(aclRules('user app on #5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8 ~* &* +@all'), { user: 'app', rules: ['on', '~*', '&*', '+@all'] });
  assert.deepEqual(aclRules('user ro on nopass sanitize-payload ~cache:* resetchannels -@all +get (~other:* +set)'), {
    user: 'ro',
    rules: ['on', 'sanitize-payload', '~cache:*', 'resetchannels', '-@all', '+get', '(~other:* +set)'],
  });
  assert.equal(aclRules('not a user line'), undefined);
});

test('parse once: a line that would fail later fails input validation, and settings hold the final specs', () => {
  const values: Record<string, string> = { name: 'DB_PASSWORD', target: 'none', 'github-token': 'ghs_x0000000000000000000000000000000000' };
  const read = (destinations: string) => () => readSettings(new Redactor(() => {}), withActionDefaults('rotate-secret', { ...values, destinations }), 'octo/app');
  for (const line of ['vault:secret/app/../db#pw', 'vault:../app/db#pw', 'vault:./app/db#pw', 'github:environment:..', 'github:environment:a/../b', 'github:repo:../x', 'github:org:..:all']) {
    assert.throws(read(line), (e: unknown) => e instanceof InputError && e.message.startsWith(`Input 'destinations' has value ${JSON.stringify(line)}`), line);
  }
  const specs = read('github:repo\ngithub:environment:production\ngithub:repo:octo/app')().destinations;
  assert.deepEqual(specs, [
    { kind: 'github', scope: 'repo', app: 'actions', owner: 'octo', repo: 'app', id: 'github:repo:octo/app', place: 'github:repo:octo/app' },
    { kind: 'github', scope: 'environment', owner: 'octo', repo: 'app', environment: 'production', id: 'github:environment:production:octo/app', place: 'github:environment:production:octo/app' },
  ]);
  assert.ok(Object.isFrozen(specs));
});
