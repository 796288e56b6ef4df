// The Secrets Manager client of the aws-secretsmanager: destination, standalone against the
// emulator: AWSPENDING → AWSCURRENT with AWSPREVIOUS kept, and a crash at every boundary of
// store-pending/promote never losing the value.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { AWSCURRENT, AWSPENDING, SecretsManager, amzDate } from '../../actions/rotate-secret/src/destinations/aws-secretsmanager.ts';
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
beforeEach(() => f.aws.faults.clear());

function deps(retries?: number) {
  const redactor = quietRedactor();
  const { log, lines } = recordingLogger(redactor);
  return { redactor, log, lines, clock: new FakeClock({ start: Date.now() }), env: f.oidcEnv, random: () => 0.5, ...(retries !== undefined ? { retry: { retries } } : {}) };
}

describe('AWS Secrets Manager client', () => {
  let keys: AwsCredentials;
  before(async () => {
    const d = deps();
    keys = await assumeRoleWithWebIdentity(await requestIdToken('sts.amazonaws.com', d), { ...d, roleArn: AWS_ROLE, region: 'us-east-1', stsEndpoint: f.aws.url, durationSeconds: 3600 });
  });
  const client = (d = deps()) => new SecretsManager({ ...d, region: 'us-east-1', endpoint: f.aws.url, credentials: keys });
  const labels = (name: string) => Object.fromEntries((f.aws.secret(name)?.versions ?? []).map((v) => [v.secretString, v.stages.join(',')]));
  const pendingOf = async (sm: SecretsManager, id: string) => Object.entries((await sm.describeSecret(id))?.versionIdsToStages ?? {}).find(([, s]) => s.includes(AWSPENDING))?.[0];

  it('round trip: store pending, promote — AWSPREVIOUS keeps the last known good value', async () => {
    const d = deps();
    const sm = client(d);
    f.aws.seed.secret('app/rt', 'value-one-1111');
    const v1 = f.aws.secret('app/rt')!.versions[0]!.versionId;
    assert.equal((await sm.getSecretValue('app/rt', v1))?.secretString, 'value-one-1111');
    const token = randomUUID();
    await sm.storePending('app/rt', 'value-two-2222', token);
    await sm.storePending('app/rt', 'value-two-2222', token); // the same token and value again: no-op
    await assert.rejects(sm.storePending('app/rt', 'another-3333', token), /ResourceExistsException/);
    assert.equal(await pendingOf(sm, 'app/rt'), token);
    assert.deepEqual(await sm.getSecretValue('app/rt', token), { secretString: 'value-two-2222', versionStages: [AWSPENDING] });
    assert.deepEqual(await sm.promote('app/rt', token), { previousVersionId: v1 });
    assert.deepEqual(labels('app/rt'), { 'value-one-1111': 'AWSPREVIOUS', 'value-two-2222': AWSCURRENT });
    assert.equal(await pendingOf(sm, 'app/rt'), undefined);
    assert.equal(await sm.describeSecret('app/missing'), undefined);
    await sm.discardPending('app/rt', token);
    for (const v of ['value-one-1111', 'value-two-2222']) assert.ok(d.redactor.registered.includes(v));
    assertNoLeaks(['value-one-1111', 'value-two-2222', 'another-3333', keys.secretAccessKey, keys.sessionToken], [{ where: 'log', text: d.lines.join('\n') }]);
    assert.match(amzDate(Date.UTC(2026, 0, 2, 3, 4, 5, 678)), /^20260102T030405Z$/);
  });

  it('validates the ClientRequestToken and explains refusals', async () => {
    const sm = client();
    await assert.rejects(sm.storePending('app/rt', 'value-x-9999', 'short'), /ClientRequestToken must be 32–64/);
    await assert.rejects(sm.storePending('app/none', 'value-x-9999', randomUUID()), (e: Error) => e instanceof UserError && /the secret does not exist/.test(e.message));
  });

  /**
   * One rotation, resumable: reuse a pending version of this token (crash recovery), else generate
   * and store pending; then promote. `generate` counts how many values were made.
   */
  async function rotate(sm: SecretsManager, id: string, token: string, generate: () => string): Promise<string> {
    const existing = await sm.getSecretValue(id, token);
    const value = existing?.secretString ?? generate();
    if (!existing) await sm.storePending(id, value, token);
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
      const current = f.aws.secret(id)!.versions.find((v) => v.stages.includes(AWSCURRENT))!.secretString;
      assert.ok(current === 'old-value-0000' || current === generated[0], `current is ${current}`);

      // Second run, same rotation token.
      const value = await rotate(client(), id, token, generate);
      const expected = 'before' in crash ? generated[1] : generated[0];
      assert.equal(value, expected);
      assert.equal(generated.length, 'before' in crash ? 2 : 1, 'a value stored as pending is never generated again');
      assert.deepEqual(labels(id), { 'old-value-0000': 'AWSPREVIOUS', [expected!]: AWSCURRENT });
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
    assert.deepEqual(labels('app/lost'), { 'old-value-0000': 'AWSPREVIOUS', 'new-value-lost': AWSCURRENT });
    assert.equal(d.lines.filter((l) => /attempt \d\/5 failed \((UND_ERR_SOCKET|ECONNRESET)\)/.test(l)).length, 3, d.lines.join('\n'));
    assert.equal(f.aws.secret('app/lost')?.versions.length, 2);
  });
});
