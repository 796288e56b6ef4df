// The later rotation destinations, standalone against the emulators: Vault KV v2 (check-and-set,
// versions, metadata, lost answers reconciled) and AWS Secrets Manager (AWSPENDING → AWSCURRENT with
// AWSPREVIOUS kept, and a crash at every boundary of store-pending/promote never losing the value).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { AWSCURRENT, AWSPENDING, AWSPREVIOUS, SecretsManager, amzDate } from '../../shared/destinations/aws-secretsmanager.ts';
import { KvConflictError, VaultKv, parseVaultDestination } from '../../shared/destinations/vault.ts';
import { UserError } from '../../shared/errors.ts';
import { assumeRoleWithWebIdentity } from '../../shared/oidc/aws.ts';
import { requestIdToken } from '../../shared/oidc/token.ts';
import type { AwsCredentials } from '../../shared/oidc/types.ts';
import { assertNoLeaks } from '../harness/leaks/index.ts';
import { AWS_ROLE, cloudFixture, quietRedactor, recordingLogger, type CloudFixture } from '../harness/cloud/testing.ts';
import { FakeClock } from './helpers/fake-clock.ts';

let f: CloudFixture;
before(async () => {
  f = await cloudFixture();
});
after(() => f.closeAll());
beforeEach(() => {
  for (const c of [f.aws, f.vault]) c.faults.clear();
});

function deps(retries?: number) {
  const redactor = quietRedactor();
  const { log, lines } = recordingLogger(redactor);
  return { redactor, log, lines, clock: new FakeClock({ start: Date.now() }), env: f.oidcEnv, random: () => 0.5, ...(retries !== undefined ? { retry: { retries } } : {}) };
}

describe('Vault KV v2', () => {
  const kv = (d = deps(), token = f.vault.seed.token(['app-secrets'])) => new VaultKv({ ...d, address: f.vault.url, mount: 'secret', auth: token });

  it('round trip: check-and-set writes, one key at a time, versions, metadata and custom metadata', async () => {
    const d = deps();
    const client = kv(d);
    assert.equal(await client.read('app/round'), undefined);
    assert.equal((await client.putKey('app/round', 'password', 'first-secret-A')).version, 1);
    assert.equal((await client.putKey('app/round', 'username', 'svc-app')).version, 2);
    const v3 = await client.putKey('app/round', 'password', 'second-secret-B');
    assert.equal(v3.version, 3);
    assert.deepEqual((await client.read('app/round'))?.data, { password: 'second-secret-B', username: 'svc-app' });
    assert.deepEqual((await client.read('app/round', { version: 1 }))?.data, { password: 'first-secret-A' });
    await client.writeCustomMetadata('app/round', { owner: 'team-a', 'rotation-token': 'r-1' });
    await client.writeCustomMetadata('app/round', { 'rotation-token': null, 'rotated-by': 'run-42' }, { merge: true });
    const meta = await client.readMetadata('app/round');
    assert.deepEqual([meta?.currentVersion, meta?.oldestVersion, Object.keys(meta?.versions ?? {})], [3, 1, ['1', '2', '3']]);
    assert.deepEqual(meta?.customMetadata, { owner: 'team-a', 'rotated-by': 'run-42' });
    assert.deepEqual((await client.read('app/round'))?.metadata.customMetadata, { owner: 'team-a', 'rotated-by': 'run-42' });
    for (const v of ['first-secret-A', 'second-secret-B']) assert.ok(d.redactor.registered.includes(v), 'values read or written are masked');
    assertNoLeaks(['first-secret-A', 'second-secret-B'], [{ where: 'log', text: d.lines.join('\n') }]);
  });

  it('a concurrent writer is detected (check-and-set), never overwritten', async () => {
    const client = kv();
    await client.write('app/cas', { password: 'mine-000' }, { cas: 0 });
    f.vault.seed.kv('secret', 'app/cas', { password: 'theirs-111' });
    const error = await client.write('app/cas', { password: 'mine-222' }, { cas: 1 }).catch((e: unknown) => e);
    assert.ok(error instanceof KvConflictError);
    assert.match((error as Error).message, /changed while writing it: expected version 1, found 2/);
    assert.equal(f.vault.kv('secret', 'app/cas')?.versions.at(-1)?.data?.['password'], 'theirs-111');
  });

  it('a write whose answer is lost is reconciled by reading: exactly one new version', async () => {
    const client = kv();
    await client.write('app/lost', { password: 'v1-value' });
    f.vault.faults.inject({ operation: 'kv:write', action: 'apply-then-reset' });
    const meta = await client.write('app/lost', { password: 'v2-value' });
    assert.equal(meta.version, 2);
    assert.deepEqual(f.vault.kv('secret', 'app/lost')?.versions.map((v) => v.data?.['password']), ['v1-value', 'v2-value']);
  });

  it('retries a sealed or overloaded Vault, and explains a denied path', async () => {
    const d = deps();
    const client = kv(d);
    f.vault.faults.inject({ operation: 'kv:read', times: 2, status: 503 });
    assert.equal(await client.read('app/none'), undefined);
    assert.equal(d.clock.sleeps.length, 2);
    const denied = await client.putKey('other/db', 'password', 'nope-1234').catch((e: unknown) => e as Error);
    assert.ok(denied instanceof UserError);
    assert.match(denied.message, /denied \(status 403: permission denied\)\. The token's policy needs read on secret\/data\/other\/db/);
  });

  it('parses vault:MOUNT/PATH#KEY', () => {
    assert.deepEqual(parseVaultDestination('vault:secret/app/db#password'), { mount: 'secret', path: 'app/db', key: 'password' });
    assert.deepEqual(parseVaultDestination('kv/team.a/db-1#api_key'), { mount: 'kv', path: 'team.a/db-1', key: 'api_key' });
    for (const bad of ['vault:secret#k', 'vault:secret/app/db', 'vault:secret/../x#k', 'vault:secret/a b#k']) assert.throws(() => parseVaultDestination(bad), /Expected vault:MOUNT\/PATH#KEY/);
  });
});

describe('AWS Secrets Manager', () => {
  let keys: AwsCredentials;
  before(async () => {
    const d = deps();
    keys = await assumeRoleWithWebIdentity(await requestIdToken('sts.amazonaws.com', d), { ...d, roleArn: AWS_ROLE, region: 'us-east-1', stsEndpoint: f.aws.url, durationSeconds: 3600 });
  });
  const client = (d = deps()) => new SecretsManager({ ...d, region: 'us-east-1', endpoint: f.aws.url, credentials: keys });
  const labels = (name: string) => Object.fromEntries((f.aws.secret(name)?.versions ?? []).map((v) => [v.secretString, v.stages.join(',')]));

  it('round trip: create, store pending, find it, promote — AWSPREVIOUS keeps the last known good value', async () => {
    const d = deps();
    const sm = client(d);
    const v1 = randomUUID();
    await sm.createSecret('app/rt', 'value-one-1111', { clientRequestToken: v1, description: 'test' });
    assert.equal((await sm.getSecretValue('app/rt'))?.secretString, 'value-one-1111');
    const token = randomUUID();
    assert.equal(await sm.storePending('app/rt', 'value-two-2222', token), token);
    assert.equal(await sm.storePending('app/rt', 'value-two-2222', token), token, 'the same token and value again: no-op');
    await assert.rejects(sm.storePending('app/rt', 'another-3333', token), /ResourceExistsException/);
    assert.deepEqual(await sm.findPending('app/rt'), { versionId: token, current: false });
    assert.equal((await sm.getSecretValue('app/rt', { versionStage: AWSPENDING }))?.secretString, 'value-two-2222');
    assert.deepEqual(await sm.promote('app/rt', token), { previousVersionId: v1 });
    assert.deepEqual(labels('app/rt'), { 'value-one-1111': AWSPREVIOUS, 'value-two-2222': AWSCURRENT });
    assert.equal(await sm.findPending('app/rt'), undefined);
    assert.equal((await sm.getSecretValue('app/rt', { versionStage: AWSPREVIOUS }))?.secretString, 'value-one-1111');
    assert.equal(await sm.describeSecret('app/missing'), undefined);
    await sm.discardPending('app/rt', token);
    for (const v of ['value-one-1111', 'value-two-2222']) assert.ok(d.redactor.registered.includes(v));
    assertNoLeaks(['value-one-1111', 'value-two-2222', 'another-3333', keys.secretAccessKey, keys.sessionToken], [{ where: 'log', text: d.lines.join('\n') }]);
    assert.match(amzDate(Date.UTC(2026, 0, 2, 3, 4, 5, 678)), /^20260102T030405Z$/);
  });

  it('validates the ClientRequestToken and explains AccessDenied-like refusals', async () => {
    const sm = client();
    await assert.rejects(sm.storePending('app/rt', 'value-x-9999', 'short'), /ClientRequestToken must be 32–64/);
    await assert.rejects(sm.putSecretValue('app/none', 'value-x-9999', { clientRequestToken: randomUUID() }), (e: Error) => e instanceof UserError && /the secret does not exist/.test(e.message));
  });

  /**
   * One rotation, resumable: reuse a pending version of this token (crash recovery), else generate
   * and store pending; then promote. `generate` counts how many values were made.
   */
  async function rotate(sm: SecretsManager, id: string, token: string, generate: () => string): Promise<string> {
    const pending = await sm.findPending(id);
    let value: string;
    if (pending?.versionId === token) {
      value = (await sm.getSecretValue(id, { versionId: token }))!.secretString;
    } else {
      const d = await sm.describeSecret(id);
      if (d?.versionIdsToStages[token]?.includes(AWSCURRENT)) return (await sm.getSecretValue(id, { versionId: token }))!.secretString;
      value = generate();
      await sm.storePending(id, value, token);
    }
    // … here rotate-secret changes the target and tests the pending value …
    await sm.promote(id, token);
    return value;
  }

  type Crash = { label: string; operation: string; from: number } | { label: string; before: true };
  const boundaries: Crash[] = [
    { label: 'before PutSecretValue', before: true },
    { label: 'PutSecretValue landed, answer lost, process killed', operation: 'secretsmanager:PutSecretValue', from: 1 },
    { label: 'AWSCURRENT moved, answer lost, process killed', operation: 'secretsmanager:UpdateSecretVersionStage', from: 1 },
    { label: 'AWSPENDING removed, answer lost, process killed', operation: 'secretsmanager:UpdateSecretVersionStage', from: 2 },
  ];

  for (const [i, crash] of boundaries.entries()) {
    it(`crash at a boundary (${crash.label}): the re-run finishes with the first generated value, AWSPREVIOUS kept`, async () => {
      const id = `app/crash-${i}`;
      f.aws.seed.secret(id, 'old-value-0000');
      const token = randomUUID();
      const generated: string[] = [];
      const generate = () => {
        const v = `new-value-${generated.length}-${randomUUID()}`;
        generated.push(v);
        return v;
      };

      // First run: dies at the boundary (no retries: the process is gone).
      const first = client(deps(0));
      if ('before' in crash) {
        generate();
      } else {
        f.aws.faults.inject({ operation: crash.operation, from: crash.from, action: 'apply-then-reset' });
        await assert.rejects(rotate(first, id, token, generate));
        f.aws.faults.clear();
      }
      // Whatever state the crash left: the old value or the new one is current, and the new one is recoverable.
      const current = (await first.getSecretValue(id))!.secretString;
      assert.ok(current === 'old-value-0000' || current === generated[0], `current is ${current}`);

      // Second run, same rotation token.
      const value = await rotate(client(), id, token, generate);
      const expected = 'before' in crash ? generated[1] : generated[0];
      assert.equal(value, expected);
      assert.equal(generated.length, 'before' in crash ? 2 : 1, 'a value stored as pending is never generated again');
      assert.deepEqual(labels(id), { 'old-value-0000': AWSPREVIOUS, [expected!]: AWSCURRENT });
      assert.equal(f.aws.secret(id)?.versions.length, 2, 'exactly one new version');
    });
  }

  it('lost answers with retries on: each step reconciles by reading, exactly one new version', async () => {
    f.aws.seed.secret('app/lost', 'old-value-0000');
    const d = deps();
    const sm = client(d);
    const token = randomUUID();
    f.aws.faults.inject({ operation: 'secretsmanager:PutSecretValue', action: 'apply-then-reset' });
    f.aws.faults.inject({ operation: 'secretsmanager:UpdateSecretVersionStage', action: 'apply-then-reset', times: 2 });
    await sm.storePending('app/lost', 'new-value-lost', token);
    await sm.promote('app/lost', token);
    assert.deepEqual(labels('app/lost'), { 'old-value-0000': AWSPREVIOUS, 'new-value-lost': AWSCURRENT });
    assert.equal(d.lines.filter((l) => /attempt \d\/5 failed \((UND_ERR_SOCKET|ECONNRESET)\)/.test(l)).length, 3, d.lines.join('\n'));
    assert.equal(f.aws.secret('app/lost')?.versions.length, 2);
  });
});
