import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { e2e, runHaystacks, SECRET_INPUT_PATTERN } from './e2e.ts';
import { assertNoLeaks, leakForms, scanForLeaks, stableBase64Core } from './leaks/index.ts';
import { node24, repoRoot } from './runner/index.ts';

const b64 = (s: string): string => Buffer.from(s).toString('base64');
const hex = (s: string): string => Buffer.from(s).toString('hex');

const S = 'S3cr3t-P@ss:w0rd/"quoted"(x)!&more?~';
const PEM = [
  '-----BEGIN PRIVATE KEY-----',
  'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj',
  'MzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu',
  'NMoSfm76oqFvAp8Gy0iz5sxjZmSnXyCdPEovGhLa0VzMaQ8s+CLOyS56YyCFGeJZ',
  '-----END PRIVATE KEY-----',
  '',
].join('\n');
const JSON_SECRET = JSON.stringify({ user: 'svc', password: 'p@ss:w0rd-123', nested: { apiKey: 'k-9f8e7d6c5b' } });

interface Plant {
  name: string;
  secret: string;
  text: string;
  form: RegExp;
  users?: string[];
}

const plants: Plant[] = [
  { name: 'the secret itself', secret: S, text: `password=${S};`, form: /^secret$/ },
  { name: 'base64', secret: S, text: `x ${b64(S)} y`, form: /^base64\(secret\)$/ },
  { name: 'base64url without padding', secret: S, text: `jwt.${Buffer.from(S).toString('base64url')}.sig`, form: /^base64url\(secret\)$/ },
  { name: 'hex (lower)', secret: S, text: `dump: ${hex(S)}`, form: /^hex\(secret\)$/ },
  { name: 'hex (upper)', secret: S, text: `DUMP ${hex(S).toUpperCase()}`, form: /^HEX\(secret\)$/ },
  { name: 'double base64', secret: S, text: `payload ${b64(b64(S))}`, form: /^base64\(base64\(secret\)\)$/ },
  { name: 'encodeURIComponent', secret: S, text: `https://x/?p=${encodeURIComponent(S)}&q=1`, form: /^encodeURIComponent\(secret\)$/ },
  { name: '.NET Uri.EscapeDataString', secret: S, text: `p=${encodeURIComponent(S).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`, form: /^uri-escaped\(secret\)$/ },
  { name: 'JSON-escaped', secret: S, text: JSON.stringify({ body: S }), form: /^json-escaped\(secret\)$/ },
  { name: 'basic auth, listed user', secret: S, text: `Authorization: Basic ${b64(`x-access-token:${S}`)}`, form: /^basic-auth\(x-access-token:secret\)$/ },
  { name: 'basic auth, given user', secret: S, text: `Basic ${b64(`deployer:${S}`)}`, form: /^basic-auth\(deployer:secret\)$/, users: ['deployer'] },
  ...[1, 2, 3, 4, 5, 6, 7].map(
    (n): Plant => ({
      name: `basic auth, unknown user of ${n} chars`,
      secret: S,
      text: `Authorization: Basic ${b64(`${'u'.repeat(n - 1)}:${S}`)}\n`,
      form: /^base64(-after-[012]-byte-prefix)?\(secret\)$/,
      users: [],
    }),
  ),
  // 37 bytes: its own base64 ends in padding, so only the stable core is found.
  { name: 'base64 of the secret with a suffix', secret: `${S}z`, text: b64(`${S}z\n`), form: /^base64-after-0-byte-prefix\(secret\)$/ },
  { name: 'base64 of a prefix + secret + suffix', secret: S, text: b64(`id=7;${S};end`), form: /^base64-after-[12]-byte-prefix\(secret\)$/ },
  { name: 'PEM: the whole key', secret: PEM, text: `key:\n${PEM}`, form: /^secret$/ },
  { name: 'PEM: one line', secret: PEM, text: `oops ${PEM.split('\n')[2]} oops`, form: /^line 3$/ },
  { name: 'PEM: base64 of one line', secret: PEM, text: b64(PEM.split('\n')[1]!), form: /^base64\(line 2\)$/ },
  { name: 'PEM with CRLF line endings', secret: PEM, text: PEM.replace(/\n/g, '\r\n'), form: /^line [234]$/ },
  { name: 'PEM: JSON-escaped (newlines as \\n)', secret: PEM, text: JSON.stringify({ key: PEM }), form: /^json-escaped\(secret\)$/ },
  { name: 'JSON secret: one leaf', secret: JSON_SECRET, text: 'db password p@ss:w0rd-123 in use', form: /^json \$\.password$/ },
  { name: 'JSON secret: hex of a nested leaf', secret: JSON_SECRET, text: hex('k-9f8e7d6c5b'), form: /^hex\(json \$\.nested\.apiKey\)$/ },
  { name: 'JSON secret: URL-encoded leaf', secret: JSON_SECRET, text: `?pw=${encodeURIComponent('p@ss:w0rd-123')}`, form: /^encodeURIComponent\(json \$\.password\)$/ },
];

describe('leakForms', () => {
  test('derives the forms from the secret, its lines and JSON leaves; none shorter than 4', () => {
    const forms = leakForms(JSON_SECRET);
    const names = forms.map((f) => f.form);
    for (const n of ['secret', 'json $.password', 'json $.nested.apiKey', 'base64url(json $.password)', 'hex(json $.nested.apiKey)']) assert.ok(names.includes(n), n);
    assert.ok(!names.some((n) => n.includes('$.user')), "'svc' is shorter than 4 characters: noise");
    assert.ok(forms.every((f) => f.text.length >= 4));
    assert.equal(new Set(forms.map((f) => f.text)).size, forms.length, 'no duplicate texts');
  });

  test('lines of a multi-line secret, without PEM armour lines', () => {
    const names = leakForms(PEM).map((f) => f.form);
    assert.ok(names.includes('line 2') && names.includes('line 4'));
    assert.ok(!names.includes('line 1') && !names.includes('line 5'), 'BEGIN/END lines are public');
  });

  test('form names never contain the secret', () => {
    for (const s of [S, PEM, JSON_SECRET]) {
      for (const f of leakForms(s, { users: ['deployer'] })) {
        assert.ok(!f.form.includes(s));
        assert.ok(!f.form.includes('p@ss:w0rd-123'));
      }
    }
  });

  test('stable base64 core matches base64 of the secret after any prefix', () => {
    for (let prefix = 0; prefix < 9; prefix++) {
      const encoded = b64(`${'p'.repeat(prefix)}${S}${'s'.repeat(prefix % 4)}`);
      const core = stableBase64Core(S, (prefix % 3) as 0 | 1 | 2);
      assert.ok(core.length >= S.length, 'most of the secret is covered');
      assert.ok(encoded.includes(core), `prefix ${prefix}`);
    }
  });
});

describe('scanForLeaks catches every derived form', () => {
  for (const p of plants) {
    test(p.name, () => {
      const hits = scanForLeaks([p.secret], [{ where: 'haystack', text: p.text }], p.users ? { users: p.users } : {});
      assert.ok(hits.length > 0, 'found');
      assert.ok(
        hits.some((h) => p.form.test(h.form)),
        `form ${p.form} expected, got ${hits.map((h) => h.form).join(', ')}`,
      );
      for (const h of hits) {
        assert.equal(h.secretIndex, 0);
        assert.equal(h.where, 'haystack');
        for (const f of leakForms(p.secret, p.users ? { users: p.users } : {})) {
          if (f.text.length >= 6) assert.ok(!h.excerpt.includes(f.text), `excerpt shows ${f.form}: ${h.excerpt}`);
        }
      }
    });
  }

  test('a hit inside a wider hit of the same secret is reported once', () => {
    const hits = scanForLeaks([PEM], [{ where: 'log', text: PEM }]);
    assert.deepEqual(
      hits.map((h) => h.form),
      ['secret'],
    );
  });

  test('reports which secret, where, and every occurrence', () => {
    const other = 'another-secret-value-42';
    const hits = scanForLeaks(
      [S, other],
      [
        { where: 'stdout', text: `a ${other} b ${other}` },
        { where: 'summary', text: hex(S) },
      ],
    );
    assert.deepEqual(
      hits.map((h) => [h.secretIndex, h.form, h.where]),
      [
        [1, 'secret', 'stdout'],
        [1, 'secret', 'stdout'],
        [0, 'hex(secret)', 'summary'],
      ],
    );
  });

  test('excerpts mask neighbouring secrets and partial copies', () => {
    const other = 'neighbour-secret-0987';
    const hits = scanForLeaks([S, other], [{ where: 'log', text: `${other} ${S} ${S.slice(0, 12)}` }]);
    for (const h of hits) {
      assert.ok(!h.excerpt.includes(other), h.excerpt);
      assert.ok(!h.excerpt.includes(S.slice(0, 12)), h.excerpt);
    }
  });
});

describe('scanForLeaks ignores unrelated text', () => {
  const secrets = [S, PEM, JSON_SECRET];
  const haystacks: Array<[string, string]> = [
    ['random hex', randomBytes(4096).toString('hex')],
    ['random HEX', randomBytes(4096).toString('hex').toUpperCase()],
    ['random base64', randomBytes(4096).toString('base64')],
    ['base64 of other values', ['other-secret-value', 'x-access-token:ghs_abcdefghijklmnop', S.toUpperCase(), 'p@ss:w0rd-124'].map(b64).join(' ')],
    ['masked log', `password=***\ntoken: ***\n::add-mask::***\nkey: ***`],
    ['a short prefix of the secret', `the value starts with ${S.slice(0, 3)}`],
    ['PEM armour lines only', '-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----'],
    ['a JSON leaf shorter than 4 characters', 'user=svc'],
    ['empty', ''],
  ];
  for (const [name, text] of haystacks) {
    test(name, () => {
      assert.deepEqual(scanForLeaks(secrets, [{ where: name, text }]), []);
    });
  }
});

describe('assertNoLeaks', () => {
  test('passes on clean text', () => {
    assertNoLeaks([S], [{ where: 'log', text: 'nothing to see ***' }]);
  });

  test('throws an AssertionError naming where and which form, never the secret', () => {
    let caught: unknown;
    try {
      assertNoLeaks([S, PEM], [
        { where: 'step log', text: `dump ${Buffer.from(S).toString('base64url')}` },
        { where: 'job summary', text: PEM.split('\n')[3]! },
      ]);
    } catch (e) {
      caught = e;
    }
    assert.ok(caught instanceof assert.AssertionError);
    const msg = caught.message;
    assert.match(msg, /secret #0 as base64url\(secret\) in step log/);
    assert.match(msg, /secret #1 as line 4 in job summary/);
    assert.ok(!msg.includes(S) && !msg.includes(Buffer.from(S).toString('base64url')) && !msg.includes(PEM.split('\n')[3]!));
  });
});

describe('e2e fixture', () => {
  const actionDir = join(repoRoot, 'test', 'fixtures', 'actions', 'leaky');

  test('collects secrets from h.secret, secret-like inputs, the token and ::add-mask::', async (t) => {
    const h = e2e(t);
    h.secret('explicit-secret-1');
    await h.run({ actionDir, inputs: { password: 'input-password-1', mode: 'clean' }, token: 'ghs_token_for_the_test' });
    const secrets = h.secrets();
    for (const s of ['explicit-secret-1', 'input-password-1', 'ghs_token_for_the_test']) assert.ok(secrets.includes(s), s);
    assert.ok(!secrets.includes('svc-deployer'), "'user' is not a secret-like input name");
    assert.ok(!secrets.includes('clean'));
    assert.throws(() => h.secret('abc'), /shorter than 4/);
    assert.deepEqual(await h.scan(), []);
  });

  test('the secret-input pattern', () => {
    for (const n of ['token', 'github-token', 'password', 'db password', 'client-secret', 'api-key', 'credentials', 'secret-value', 'target-url']) assert.match(n, SECRET_INPUT_PATTERN);
    for (const n of ['environment', 'ref', 'user', 'mode', 'retries', 'health-url', 'environment-url']) assert.doesNotMatch(n, SECRET_INPUT_PATTERN);
  });

  test('haystacks: logs without the mask registrations, outputs, summary, annotations, extra sources', async (t) => {
    const h = e2e(t);
    h.haystack(() => [{ where: 'emulator', text: 'received nothing secret' }]);
    const r = await h.run({ actionDir, inputs: { password: 'input-password-2', mode: 'clean' } });
    const hay = await h.haystacks();
    const where = hay.map((x) => x.where);
    assert.ok(where.includes('run #1 stdout') && where.includes('run #1 stderr') && where.includes('run #1 job summary'));
    assert.ok(where.includes("run #1 main output 'user'"));
    assert.ok(where.includes('emulator'));
    const stdout = hay.find((x) => x.where === 'run #1 stdout')!.text;
    assert.ok(r.stdout.includes('::add-mask::input-password-2'), 'the raw log holds the registration');
    assert.ok(!stdout.includes('input-password-2'), 'the haystack does not');
    assert.ok(runHaystacks(r, 'x').some((x) => x.where === 'x stdout'));
  });

  test('a leak fails the test through the automatic scan (child node --test)', () => {
    const fixture = join(repoRoot, 'test', 'fixtures', 'e2e', 'leak-scan.fixture.ts');
    const env = { ...process.env };
    delete env['NODE_TEST_CONTEXT'];
    const r = spawnSync(node24(), ['--test', '--test-reporter=tap', fixture], { cwd: repoRoot, env, encoding: 'utf8', timeout: 120_000 });
    const results = [...r.stdout.matchAll(/^(not ok|ok) \d+ - (.*)$/gm)].map((m) => ({ ok: m[1] === 'ok', name: m[2]! }));
    assert.ok(results.length >= 10, `ran the fixture tests:\n${r.stdout}\n${r.stderr}`);
    for (const { ok, name } of results) {
      const expected = /\[expect pass\]/.test(name);
      assert.equal(ok, expected, `${name}\n${r.stdout}`);
    }
    assert.notEqual(r.status, 0);
    assert.match(r.stdout, /secret #0 as hex\(secret\) in run #1 stdout/);
    assert.match(r.stdout, /as base64url\(secret\) in run #1 job summary/);
    assert.match(r.stdout, /in run #1 main output 'connection'/);
    assert.match(r.stdout, /in emulator request body/);
    assert.ok(!r.stdout.includes('Tr0ub4dor&3-horse-battery'), 'the report never prints the secret');
  });
});
