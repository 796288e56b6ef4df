// The Vault KV v2 client of the vault: destination, standalone against the emulator: check-and-set
// writes, versions, custom metadata, lost answers reconciled, retries and refusals explained.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { KvClient, KvConflictError } from '../../actions/rotate-secret/src/destinations/vault-kv.ts';
import { UserError } from '../../shared/errors.ts';
import { assertNoLeaks } from '../harness/leaks/index.ts';
import { cloudFixture, quietRedactor, recordingLogger, type CloudFixture } from '../harness/cloud/testing.ts';
import { FakeClock } from './helpers/fake-clock.ts';

let f: CloudFixture;
before(async () => {
  f = await cloudFixture();
});
after(() => f.closeAll());
beforeEach(() => f.vault.faults.clear());

function deps() {
  const redactor = quietRedactor();
  const { log, lines } = recordingLogger(redactor);
  return { redactor, log, lines, clock: new FakeClock({ start: Date.now() }), env: f.oidcEnv, random: () => 0.5 };
}

/** One key set, the others kept: read the latest version, write with cas = its version. */
async function putKey(kv: KvClient, path: string, key: string, value: string) {
  const latest = await kv.read(path);
  return kv.write(path, { ...(latest?.data ?? {}), [key]: value }, latest?.metadata.version ?? 0);
}

describe('Vault KV v2 client', () => {
  const kv = (d = deps(), token = f.vault.seed.token(['app-secrets'])) => new KvClient({ ...d, address: f.vault.url, mount: 'secret', auth: token });

  it('round trip: check-and-set writes, versions, custom metadata merged', async () => {
    const d = deps();
    const client = kv(d);
    assert.equal(await client.read('app/round'), undefined);
    assert.equal(await client.readMetadata('app/round'), undefined);
    assert.equal((await putKey(client, 'app/round', 'password', 'first-secret-A')).version, 1);
    assert.equal((await putKey(client, 'app/round', 'username', 'svc-app')).version, 2);
    assert.equal((await putKey(client, 'app/round', 'password', 'second-secret-B')).version, 3);
    assert.deepEqual((await client.read('app/round'))?.data, { password: 'second-secret-B', username: 'svc-app' });
    assert.deepEqual((await client.read('app/round', { version: 1 }))?.data, { password: 'first-secret-A' });
    await client.patchCustomMetadata('app/round', { owner: 'team-a', 'rotation-token': 'r-1' });
    await client.patchCustomMetadata('app/round', { 'rotation-token': null, 'rotated-by': 'run-42' });
    const meta = await client.readMetadata('app/round');
    assert.equal(meta?.currentVersion, 3);
    assert.deepEqual(meta?.customMetadata, { owner: 'team-a', 'rotated-by': 'run-42' });
    assert.deepEqual((await client.read('app/round'))?.metadata.customMetadata, { owner: 'team-a', 'rotated-by': 'run-42' });
    for (const v of ['first-secret-A', 'second-secret-B']) assert.ok(d.redactor.registered.includes(v), 'values read or written are masked');
    assertNoLeaks(['first-secret-A', 'second-secret-B'], [{ where: 'log', text: d.lines.join('\n') }]);
  });

  it('a concurrent writer is detected (check-and-set), never overwritten', async () => {
    const client = kv();
    await client.write('app/cas', { password: 'mine-000' }, 0);
    f.vault.seed.kv('secret', 'app/cas', { password: 'theirs-111' });
    const error = await client.write('app/cas', { password: 'mine-222' }, 1).catch((e: unknown) => e);
    assert.ok(error instanceof KvConflictError);
    assert.match((error as Error).message, /changed while writing it: expected version 1, found 2/);
    assert.equal(f.vault.kv('secret', 'app/cas')?.versions.at(-1)?.data?.['password'], 'theirs-111');
  });

  it('a write whose answer is lost is reconciled by reading: exactly one new version', async () => {
    const client = kv();
    await client.write('app/lost', { password: 'v1-value' }, 0);
    f.vault.faults.inject({ operation: 'kv:write', action: 'apply-then-reset' });
    const meta = await client.write('app/lost', { password: 'v2-value' }, 1);
    assert.equal(meta.version, 2);
    assert.deepEqual(f.vault.kv('secret', 'app/lost')?.versions.map((v) => v.data?.['password']), ['v1-value', 'v2-value']);
  });

  it('retries a sealed or overloaded Vault, and explains a denied path', async () => {
    const d = deps();
    const client = kv(d);
    f.vault.faults.inject({ operation: 'kv:read', times: 2, status: 503 });
    assert.equal(await client.read('app/none'), undefined);
    assert.equal(d.clock.sleeps.length, 2);
    const denied = await putKey(client, 'other/db', 'password', 'nope-1234').catch((e: unknown) => e as Error);
    assert.ok(denied instanceof UserError);
    assert.match(denied.message, /denied \(status 403: permission denied\)\. The token's policy needs read on secret\/data\/other\/db/);
  });
});
