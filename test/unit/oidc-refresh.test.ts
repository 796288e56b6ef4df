// Credentials that outlive their expiry (C9): the CredentialSource refreshes before expiry with a
// fresh OIDC token each time, shares one refresh among concurrent callers, and the Secrets Manager
// and Vault clients refresh once when the cloud rejects credentials the clock thought valid.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { SecretsManager } from '../../actions/rotate-secret/src/destinations/aws-secretsmanager.ts';
import { KvClient } from '../../actions/rotate-secret/src/destinations/vault-kv.ts';
import { IdTokenExpiredError } from '../../shared/oidc/errors.ts';
import { createCredentialSource } from '../../shared/oidc/index.ts';
import { CredentialSource } from '../../shared/oidc/source.ts';
import type { AwsCredentials, IdToken, VaultCredentials } from '../../shared/oidc/types.ts';
import { assertNoLeaks } from '../harness/leaks/index.ts';
import { AWS_ROLE, VAULT_ROLE, cloudFixture, quietRedactor, recordingLogger, type CloudFixture } from '../harness/cloud/testing.ts';
import { FakeClock } from './helpers/fake-clock.ts';

const fakeToken = (n: number): IdToken => ({ value: `jwt-${n}`, claims: {}, audience: 'a', expiresAt: Number.NaN });

describe('CredentialSource (fakes)', () => {
  function source(lifetimeMs: number, opts: { marginMs?: number; failFirstAsExpired?: boolean; failAfter?: number } = {}) {
    const clock = new FakeClock({ start: 0 });
    const tokens: string[] = [];
    const exchanged: string[] = [];
    let n = 0;
    const src = new CredentialSource<AwsCredentials>({
      provider: 'aws',
      audience: 'sts.amazonaws.com',
      clock,
      ...(opts.marginMs !== undefined ? { marginMs: opts.marginMs } : {}),
      log: recordingLogger(quietRedactor()).log,
      requestToken: async () => {
        const t = fakeToken(++n);
        tokens.push(t.value);
        return t;
      },
      exchange: async (t) => {
        exchanged.push(t.value);
        if (opts.failFirstAsExpired && exchanged.length === 1) throw new IdTokenExpiredError('expired');
        if (opts.failAfter !== undefined && exchanged.length > opts.failAfter) throw new Error('STS is down');
        await new Promise((r) => setImmediate(r));
        return { provider: 'aws', accessKeyId: `AKID${exchanged.length}`, secretAccessKey: 's', sessionToken: 't', region: 'us-east-1', expiresAt: clock.now() + lifetimeMs };
      },
    });
    return { src, clock, tokens, exchanged };
  }

  it('hands out the same credentials until the refresh margin, then exchanges a fresh token', async () => {
    const { src, clock, tokens } = source(3_600_000);
    assert.equal((await src.get()).accessKeyId, 'AKID1');
    clock.advance(3_600_000 - 300_001);
    assert.equal((await src.get()).accessKeyId, 'AKID1');
    clock.advance(2);
    assert.equal((await src.get()).accessKeyId, 'AKID2', 'within 5 minutes of expiry');
    assert.deepEqual(tokens, ['jwt-1', 'jwt-2'], 'a fresh OIDC token per exchange, never a cached one');
    assert.equal(src.exchanges, 2);
  });

  it('caps the margin at half the lifetime (short-lived credentials), and honours a custom margin', async () => {
    const short = source(60_000);
    await short.src.get();
    short.clock.advance(29_999);
    assert.equal((await short.src.get()).accessKeyId, 'AKID1');
    short.clock.advance(1);
    assert.equal((await short.src.get()).accessKeyId, 'AKID2');
    const custom = source(3_600_000, { marginMs: 60_000 });
    await custom.src.get();
    custom.clock.advance(3_500_000);
    assert.equal((await custom.src.get()).accessKeyId, 'AKID1');
  });

  it('shares one refresh among concurrent callers; invalidate() of the current credentials forces one, of old ones does not', async () => {
    const { src, exchanged } = source(3_600_000);
    const all = await Promise.all([src.get(), src.get(), src.get()]);
    assert.deepEqual(all.map((c) => c.accessKeyId), ['AKID1', 'AKID1', 'AKID1']);
    assert.equal(exchanged.length, 1);
    const first = all[0]!;
    src.invalidate(first);
    const [a, b] = await Promise.all([src.get(), src.get()]);
    assert.deepEqual([a.accessKeyId, b.accessKeyId], ['AKID2', 'AKID2']);
    src.invalidate(first);
    assert.equal((await src.get()).accessKeyId, 'AKID2');
    assert.equal((await src.get({ forceRefresh: true })).accessKeyId, 'AKID3');
  });

  it('keeps the current credentials while they last when a refresh ahead of time fails', async () => {
    const { src, clock } = source(3_600_000, { failAfter: 1 });
    await src.get();
    clock.advance(3_400_000);
    assert.equal((await src.get()).accessKeyId, 'AKID1', '200 s left: still usable');
    clock.advance(180_000);
    await assert.rejects(src.get(), /STS is down/, '20 s left: too close, the failure surfaces');
    await assert.rejects(src.get({ forceRefresh: true }), /STS is down/);
  });

  it('requests a fresh token once when the exchange says the token expired; dispose stops it', async () => {
    const { src, tokens } = source(3_600_000, { failFirstAsExpired: true });
    assert.equal((await src.get()).accessKeyId, 'AKID2');
    assert.deepEqual(tokens, ['jwt-1', 'jwt-2']);
    await src.dispose();
    await assert.rejects(src.get(), /already disposed/);
  });
});

describe('long operations against the emulators (C9)', () => {
  let f: CloudFixture;
  let clock: FakeClock;
  let skewMs = 0;
  before(async () => {
    clock = new FakeClock({ start: Date.now() });
    // The clouds' clock never runs behind the real one: GitHub's emulator stamps a token's nbf with
    // the real time, which a loaded machine may put seconds past a fake clock that has not moved.
    f = await cloudFixture({ now: () => Math.max(clock.now(), Date.now()) + skewMs });
    // GitHub's emulator stamps tokens with the real time; let them outlive the fake hours below.
    f.github.seed.oidc({ ttlSeconds: 6 * 3600 });
  });
  after(() => f.closeAll());
  beforeEach(() => {
    skewMs = 0;
    f.aws.setCredentialTtl(undefined);
  });

  function deps() {
    const redactor = quietRedactor();
    const { log, lines } = recordingLogger(redactor);
    return { redactor, log, lines, clock, env: f.oidcEnv, random: () => 0.5 };
  }

  it('Secrets Manager keeps working across many short-lived sessions: refreshed before expiry, never an expired request', async () => {
    f.aws.setCredentialTtl(120);
    f.aws.seed.secret('app/long', 'initial-value-1234');
    const d = deps();
    const source = await createCredentialSource(
      { provider: 'aws', audience: 'sts.amazonaws.com', exportCredentials: false, roleArn: AWS_ROLE, region: 'us-east-1', durationSeconds: 900, sessionName: undefined, stsEndpoint: f.aws.url },
      d,
    );
    const sm = new SecretsManager({ ...d, region: 'us-east-1', endpoint: f.aws.url, credentials: source });
    const tokensBefore = f.github.oidc.issuedTokens().length;
    const smBefore = f.aws.requests.length;
    for (let i = 0; i < 12; i++) {
      assert.ok(await sm.describeSecret('app/long'));
      clock.advance(25_000); // 5 minutes in all, 2.5 credential lifetimes
    }
    const smRequests = f.aws.requests.slice(smBefore).filter((r) => r.operation.startsWith('secretsmanager:'));
    assert.deepEqual([...new Set(smRequests.map((r) => r.status))], [200], 'no request was refused');
    assert.equal(source.exchanges, 4, 'obtained once, refreshed at 75 s, 150 s and 225 s (half of each 2-minute session)');
    assert.equal(f.github.oidc.issuedTokens().length - tokensBefore, source.exchanges, 'one fresh OIDC token per exchange');
    assert.ok(d.lines.some((l) => /^Refreshed AWS credentials, valid until/.test(l)));
    assertNoLeaks(f.allSecrets(), [{ where: 'log', text: d.lines.join('\n') }]);
  });

  it('credentials the cloud rejects as expired before the clock says so are refreshed once and the call succeeds', async () => {
    f.aws.seed.secret('app/skew', 'initial-value-5678');
    f.aws.setCredentialTtl(300);
    const d = deps();
    const source = await createCredentialSource(
      { provider: 'aws', audience: 'sts.amazonaws.com', exportCredentials: false, roleArn: AWS_ROLE, region: 'us-east-1', durationSeconds: 900, sessionName: undefined, stsEndpoint: f.aws.url },
      d,
    );
    const sm = new SecretsManager({ ...d, region: 'us-east-1', endpoint: f.aws.url, credentials: source });
    await sm.describeSecret('app/skew');
    skewMs = 301_000; // the cloud's clock is past the session's end; ours is not (and within SigV4's 15 minutes)
    const before = f.aws.requests.length;
    assert.equal((await sm.getSecretValue('app/skew', f.aws.secret('app/skew')!.versions[0]!.versionId))?.secretString, 'initial-value-5678');
    const statuses = f.aws.requests.slice(before).map((r) => `${r.operation} ${r.status}`);
    assert.deepEqual(statuses, ['secretsmanager:GetSecretValue 400', 'sts:AssumeRoleWithWebIdentity 200', 'secretsmanager:GetSecretValue 200']);
    assert.equal(source.exchanges, 2);
  });

  it('Vault: the KV client logs in again before the token TTL ends, and once more when the token was revoked under it', async () => {
    const d = deps();
    const source = await createCredentialSource(
      { provider: 'vault', audience: 'https://github.com/octo-org', exportCredentials: false, url: f.vault.url, role: VAULT_ROLE, mount: 'jwt', namespace: undefined },
      d,
    );
    const kv = new KvClient({ ...d, address: f.vault.url, mount: 'secret', auth: source });
    await kv.write('app/refresh', { password: 'first-password-1' }, 0);
    clock.advance(301_000); // past half of the 10-minute TTL
    assert.equal((await kv.read('app/refresh'))?.data['password'], 'first-password-1');
    assert.equal(source.exchanges, 2);
    const current = source.current() as VaultCredentials;
    await fetch(`${f.vault.url}/v1/auth/token/revoke-self`, { method: 'POST', headers: { 'x-vault-token': current.token } });
    assert.equal((await kv.write('app/refresh', { password: 'second-password-2' }, 1)).version, 2);
    assert.equal(source.exchanges, 3);
    await source.dispose();
    assert.equal(f.vault.tokens().filter((t) => !t.revoked && t.expiresAt > clock.now()).length, 0, 'dispose revoked the last token');
  });
});
