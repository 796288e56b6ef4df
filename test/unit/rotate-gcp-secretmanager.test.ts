// The Secret Manager client of the gcp-secretmanager: destination, standalone against the GCP emulator
// (its STS and IAM Credentials issue the token over OIDC for real; Secret Manager checks the token and
// the principal's permissions): CRC32C against RFC 3720's vectors, versions and `latest`, labels with
// etags, a lost addVersion reconciled, disabled versions, retries and refusals explained.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { EtagMismatch, SecretManagerClient, crc32c, open } from '../../actions/rotate-secret/src/destinations/gcp-secretmanager.ts';
import { parseDestination } from '../../actions/rotate-secret/src/destinations/parse.ts';
import type { CloudAccess, DestinationDeps, GcpSecretManagerSpec } from '../../actions/rotate-secret/src/destinations/types.ts';
import { RunStats } from '../../shared/stats.ts';
import { UserError } from '../../shared/errors.ts';
import { createCredentialSource } from '../../shared/oidc/index.ts';
import { crc32cBitwise } from '../harness/cloud/secretmanager.ts';
import { assertNoLeaks } from '../harness/leaks/index.ts';
import { GCP_PROJECT, GCP_PROVIDER, GCP_ROTATOR_PERMISSIONS, GCP_SERVICE_ACCOUNT, cloudFixture, quietRedactor, recordingLogger, type CloudFixture } from '../harness/cloud/testing.ts';
import { FakeClock } from './helpers/fake-clock.ts';

let f: CloudFixture;
before(async () => {
  f = await cloudFixture();
});
after(() => f.closeAll());
beforeEach(() => f.gcp.faults.clear());

function deps() {
  const redactor = quietRedactor();
  const { log, lines } = recordingLogger(redactor);
  return { redactor, log, lines, clock: new FakeClock({ start: Date.now() }), env: f.oidcEnv, random: () => 0.5 };
}

/** A client with the service account's token, obtained over the GitHub emulator's OIDC token (or the federated one). */
async function client(d = deps(), { serviceAccount }: { serviceAccount: string | undefined } = { serviceAccount: GCP_SERVICE_ACCOUNT }) {
  return new SecretManagerClient({ ...d, endpoint: f.gcp.url, credentials: await credentialsFor(d, serviceAccount) });
}

function credentialsFor(d: ReturnType<typeof deps>, serviceAccount: string | undefined) {
  return createCredentialSource(
    {
      provider: 'gcp',
      audience: `https://iam.googleapis.com/${GCP_PROVIDER}`,
      exportCredentials: false,
      workloadIdentityProvider: GCP_PROVIDER,
      serviceAccount,
      projectId: undefined,
      stsEndpoint: f.gcp.url,
      iamCredentialsEndpoint: f.gcp.url,
    },
    d,
  );
}

describe('CRC32C', () => {
  it("matches RFC 3720's test vectors and a bit-by-bit implementation", () => {
    const vectors: [Uint8Array, number][] = [
      [new Uint8Array(32), 0x8a9136aa],
      [new Uint8Array(32).fill(0xff), 0x62a8ab43],
      [Uint8Array.from({ length: 32 }, (_, i) => i), 0x46dd794e],
      [Uint8Array.from({ length: 32 }, (_, i) => 31 - i), 0x113fdb5c],
      [Buffer.from('123456789'), 0xe3069283],
    ];
    for (const [bytes, expected] of vectors) {
      assert.equal(crc32c(bytes), expected);
      assert.equal(crc32cBitwise(bytes), expected);
    }
    const text = Buffer.from('pässwörd – ascii and not 🙂');
    assert.equal(crc32c(text), crc32cBitwise(text));
  });
});

describe('Secret Manager client', () => {
  it('round trip: versions numbered from 1, latest the newest, values with their CRC32C; labels replaced with the etag', async () => {
    const d = deps();
    const sm = await client(d);
    f.gcp.seed.secret({ project: GCP_PROJECT, secret: 'round-trip', labels: { team: 'app' } });
    assert.equal(await sm.access(GCP_PROJECT, 'round-trip'), undefined, 'no versions yet');
    assert.equal(await sm.addVersion(GCP_PROJECT, 'round-trip', 'first-secret-A'), 1);
    assert.equal(await sm.addVersion(GCP_PROJECT, 'round-trip', 'sécond-secret-B'), 2);
    assert.deepEqual(await sm.access(GCP_PROJECT, 'round-trip'), { version: 2, value: 'sécond-secret-B' });
    assert.deepEqual(await sm.access(GCP_PROJECT, 'round-trip', 1), { version: 1, value: 'first-secret-A' });
    const info = await sm.getSecret(GCP_PROJECT, 'round-trip');
    assert.deepEqual(info?.labels, { team: 'app' });
    await sm.setLabels(GCP_PROJECT, 'round-trip', { ...info!.labels, 'rotate-secret-version': '2' }, info!.etag);
    assert.deepEqual(f.gcp.secretManagerSecret(GCP_PROJECT, 'round-trip')?.labels, { team: 'app', 'rotate-secret-version': '2' });
    const stale = await sm.setLabels(GCP_PROJECT, 'round-trip', {}, info!.etag).catch((e: unknown) => e);
    assert.ok(stale instanceof EtagMismatch, 'an etag read before another change is refused');
    assert.equal(await sm.disableVersion(GCP_PROJECT, 'round-trip', 1), true);
    assert.equal(await sm.disableVersion(GCP_PROJECT, 'round-trip', 1), true, 'disabling again is a no-op');
    assert.equal(await sm.access(GCP_PROJECT, 'round-trip', 1), undefined, 'a disabled version cannot be read');
    assert.equal(await sm.disableVersion(GCP_PROJECT, 'round-trip', 9), false, 'a version that does not exist');
    assert.equal(await sm.getSecret(GCP_PROJECT, 'missing'), undefined);
    for (const v of ['first-secret-A', 'sécond-secret-B']) assert.ok(d.redactor.registered.includes(v), 'values read or written are masked');
    assertNoLeaks(['first-secret-A', 'sécond-secret-B', ...f.allSecrets()], [{ where: 'log', text: d.lines.join('\n') }]);
  });

  it('an addVersion whose answer is lost is reconciled by reading latest: exactly one new version', async () => {
    const sm = await client();
    f.gcp.seed.secret({ project: GCP_PROJECT, secret: 'lost-answer', values: ['old-value-0001'] });
    f.gcp.faults.inject({ operation: 'secretmanager:versions.add', action: 'apply-then-reset' });
    const n = await sm.addVersion(GCP_PROJECT, 'lost-answer', 'only-once-0001', async () => {
      const now = await sm.access(GCP_PROJECT, 'lost-answer');
      return now?.value === 'only-once-0001' ? now.version : undefined;
    });
    assert.equal(n, 2);
    assert.deepEqual(f.gcp.secretManagerSecret(GCP_PROJECT, 'lost-answer')?.versions.map((v) => v.value), ['old-value-0001', 'only-once-0001']);
  });

  it('retries UNAVAILABLE and RESOURCE_EXHAUSTED; a payload whose CRC32C does not match is read again', async () => {
    const d = deps();
    const sm = await client(d);
    f.gcp.seed.secret({ project: GCP_PROJECT, secret: 'busy', values: ['busy-value-0001'] });
    f.gcp.faults.inject({ operation: 'secretmanager:versions.access', times: 2, status: 503 });
    f.gcp.faults.inject({ operation: 'secretmanager:versions.add', status: 429 });
    assert.equal((await sm.access(GCP_PROJECT, 'busy'))?.value, 'busy-value-0001');
    assert.equal(await sm.addVersion(GCP_PROJECT, 'busy', 'busy-value-0002'), 2);
    assert.equal(d.clock.sleeps.length, 3);
  });

  it('refusals name what to fix: a missing permission, a missing secret; the federated token works without a service account', async () => {
    f.gcp.seed.project({ id: 'locked-project', number: '42' });
    f.gcp.seed.secret({ project: 'locked-project', secret: 'db' });
    const sm = await client();
    const denied = await sm.addVersion('locked-project', 'db', 'nope-0001').catch((e: unknown) => e as Error);
    assert.ok(denied instanceof UserError);
    assert.match(denied.message, /add a version to db was denied \(PERMISSION_DENIED: Permission 'secretmanager\.versions\.add' denied for resource 'projects\/locked-project\/secrets\/db' \(or it may not exist\)\.\)\. The identity needs secretmanager\.versions\.add/);
    const missing = await sm.addVersion(GCP_PROJECT, 'missing', 'nope-0002').catch((e: unknown) => e as Error);
    assert.match(missing instanceof UserError ? missing.message : '', /not found \(NOT_FOUND: Secret \[projects\/123456789\/secrets\/missing\] not found\.\); does the secret still exist\?/);
    // Direct federation: the pool's principal itself holds the permissions.
    f.gcp.seed.secret({ project: 'locked-project', secret: 'direct', bindings: [{ role: 'roles/secretmanager.admin', members: [`principalSet://iam.googleapis.com/${GCP_PROVIDER.replace(/\/providers\/.*$/, '')}/attribute.repository/octo-org/app`] }] });
    const federated = await client(deps(), { serviceAccount: undefined });
    assert.equal(await federated.addVersion('locked-project', 'direct', 'direct-value-0001'), 1);
    assert.equal(f.gcp.requests.at(-1)?.principal?.startsWith('principal://iam.googleapis.com/projects/123456789/locations/global/workloadIdentityPools/github/subject/repo:octo-org/app:'), true);
  });
});

describe('the gcp-secretmanager: destination: recorded before it is written', () => {
  const ROTATION = '20261201T120000Z-0123456789ab';
  const rotation = { version: ROTATION };

  /** The destination as the engine opens it, with the run's Google credentials. */
  async function destination(secret: string) {
    const d = deps();
    const credentials = await credentialsFor(d, GCP_SERVICE_ACCOUNT);
    const access = { config: {}, credentials, endpoints: { secretmanager: f.gcp.url } } as unknown as CloudAccess<'gcp'>;
    const destinationDeps = { name: 'DB', github: () => Promise.reject(new Error('no GitHub here')), cloud: async () => access, redactor: d.redactor, log: d.log, signal: new AbortController().signal, stats: new RunStats() } as unknown as DestinationDeps;
    const [dest] = await open([parseDestination(`gcp-secretmanager:${GCP_PROJECT}/${secret}`, undefined) as GcpSecretManagerSpec], destinationDeps);
    await dest!.prepare();
    return { dest: dest!, lines: d.lines };
  }
  const state = (secret: string) => f.gcp.secretManagerSecret(GCP_PROJECT, secret)!;

  it('killed after the labels, before the version: nothing to recover; the write adds the next version and retire disables the replaced one', async () => {
    f.gcp.seed.secret({ project: GCP_PROJECT, secret: 'before-add', values: ['old-0001'], labels: { 'rotate-secret-rotation': ROTATION.toLowerCase(), 'rotate-secret-replaces': '1' } });
    const { dest } = await destination('before-add');
    assert.equal(await dest.recover!(rotation), undefined);
    assert.equal(await dest.write({ secret: 'new-0002', user: undefined }, rotation), 'updated');
    assert.equal(await dest.retire!(rotation), `disabled version 1 of gcp-secretmanager:${GCP_PROJECT}/before-add`);
    assert.deepEqual(state('before-add').versions.map((v) => [v.version, v.state, v.value]), [[1, 'DISABLED', 'old-0001'], [2, 'ENABLED', 'new-0002']]);
  });

  it('killed after the version was added: the resume recovers it from the labels, adds nothing, and retires the replaced one', async () => {
    f.gcp.seed.secret({ project: GCP_PROJECT, secret: 'after-add', values: ['old-0001', 'random-0002'], labels: { 'rotate-secret-rotation': ROTATION.toLowerCase(), 'rotate-secret-replaces': '1' } });
    const { dest } = await destination('after-add');
    assert.equal(await dest.recover!(rotation), 'random-0002', 'the value a random draw made, which nothing could make again');
    assert.equal(await dest.recover!({ version: '20261201T130000Z-ffffffffffff' }), undefined, 'another rotation recovers nothing');
    assert.equal(await dest.write({ secret: 'random-0002', user: undefined }, rotation), 'unchanged');
    assert.equal(await dest.retire!(rotation), `disabled version 1 of gcp-secretmanager:${GCP_PROJECT}/after-add`);
    assert.deepEqual(state('after-add').versions.map((v) => v.state), ['DISABLED', 'ENABLED']);
  });

  it('a latest that cannot be read (disabled): the version is named in the labels, and nothing is retired', async () => {
    f.gcp.seed.secret({ project: GCP_PROJECT, secret: 'disabled-latest', values: ['old-0001'] });
    const sm = await client();
    await sm.disableVersion(GCP_PROJECT, 'disabled-latest', 1);
    const { dest } = await destination('disabled-latest');
    assert.equal(await dest.write({ secret: 'new-0002', user: undefined }, rotation), 'updated');
    assert.deepEqual(state('disabled-latest').labels, { 'rotate-secret-rotation': ROTATION.toLowerCase(), 'rotate-secret-version': '2' });
    assert.equal(await dest.recover!(rotation), 'new-0002');
    assert.equal(await dest.retire!(rotation), undefined);
  });

  it('the same value as latest, not written by this rotation: nothing added, nothing retired', async () => {
    f.gcp.seed.secret({ project: GCP_PROJECT, secret: 'same-value', values: ['older-0001', 'given-0002'] });
    const { dest } = await destination('same-value');
    assert.equal(await dest.write({ secret: 'given-0002', user: undefined }, rotation), 'unchanged');
    assert.equal(await dest.retire!(rotation), undefined);
    assert.deepEqual(state('same-value').versions.map((v) => v.state), ['ENABLED', 'ENABLED']);
  });

  it('preflight: a missing permission to add, read or disable versions is refused; a missing one to label is a warning', async () => {
    f.gcp.seed.project({ id: 'adder-project', number: '9', bindings: [{ permissions: GCP_ROTATOR_PERMISSIONS.filter((p) => p !== 'secretmanager.versions.disable'), members: [`serviceAccount:${GCP_SERVICE_ACCOUNT}`] }] });
    f.gcp.seed.secret({ project: 'adder-project', secret: 'db' });
    const d = deps();
    const access = { config: {}, credentials: await credentialsFor(d, GCP_SERVICE_ACCOUNT), endpoints: { secretmanager: f.gcp.url } } as unknown as CloudAccess<'gcp'>;
    const destinationDeps = { cloud: async () => access, redactor: d.redactor, log: d.log, signal: new AbortController().signal, stats: new RunStats() } as unknown as DestinationDeps;
    const [dest] = await open([parseDestination('gcp-secretmanager:adder-project/db', undefined) as GcpSecretManagerSpec], destinationDeps);
    const refused = await dest!.prepare().catch((e: unknown) => e as Error);
    assert.ok(refused instanceof UserError);
    assert.match(refused.message, /the identity lacks secretmanager\.versions\.disable on the secret/);
    f.gcp.seed.project({ id: 'adder-project', number: '9', bindings: [{ role: 'roles/secretmanager.secretVersionManager', members: [`serviceAccount:${GCP_SERVICE_ACCOUNT}`] }, { role: 'roles/secretmanager.secretAccessor', members: [`serviceAccount:${GCP_SERVICE_ACCOUNT}`] }] });
    await dest!.prepare();
    assert.ok(d.lines.some((l) => /::warning::gcp-secretmanager:adder-project\/db: the identity lacks secretmanager\.secrets\.update/.test(l)), d.lines.join('\n'));
  });
});
