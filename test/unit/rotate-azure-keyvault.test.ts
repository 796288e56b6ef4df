// The Key Vault client of the azure-keyvault: destination, standalone against the Azure emulator (its
// Entra issues the token over OIDC for real; Key Vault checks the token's audience, expiry and the
// application's role): versions with tags, a lost Set Secret reconciled, disabled versions, retries,
// and refusals explained — each with its values masked.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { KeyVaultClient, PREVIOUS_TAG, ROTATION_TAG, vaultUrl } from '../../actions/rotate-secret/src/destinations/azure-keyvault.ts';
import { UserError } from '../../shared/errors.ts';
import { createCredentialSource } from '../../shared/oidc/index.ts';
import { assertNoLeaks } from '../harness/leaks/index.ts';
import { AZURE_CLIENT, AZURE_TENANT, AZURE_VAULT, cloudFixture, quietRedactor, recordingLogger, type CloudFixture } from '../harness/cloud/testing.ts';
import { FakeClock } from './helpers/fake-clock.ts';

let f: CloudFixture;
before(async () => {
  f = await cloudFixture();
});
after(() => f.closeAll());
beforeEach(() => f.azure.faults.clear());

function deps() {
  const redactor = quietRedactor();
  const { log, lines } = recordingLogger(redactor);
  return { redactor, log, lines, clock: new FakeClock({ start: Date.now() }), env: f.oidcEnv, random: () => 0.5 };
}

/** A client whose token comes from the emulated Entra over the GitHub emulator's OIDC token, for `scope`. */
async function client(d = deps(), scope = 'https://vault.azure.net/.default', vault = AZURE_VAULT) {
  const credentials = await createCredentialSource(
    { provider: 'azure', audience: 'api://AzureADTokenExchange', exportCredentials: false, clientId: AZURE_CLIENT, tenantId: AZURE_TENANT, subscriptionId: undefined, scope, authorityHost: f.azure.url },
    d,
  );
  return new KeyVaultClient({ ...d, vault, vaultUrl: vaultUrl(`${f.azure.url}/{vault}`, vault), credentials });
}

describe('Key Vault client', () => {
  it('round trip: each Set Secret is a version with its tags; the newest is what Get returns; a disabled one is refused as disabled', async () => {
    const d = deps();
    const kv = await client(d);
    assert.equal(await kv.getSecret('round-trip'), 'none');
    const first = await kv.setSecret('round-trip', 'first-secret-A', { tags: { [ROTATION_TAG]: 'r1', owner: 'team-a' }, contentType: 'password' });
    assert.match(first.version, /^[0-9a-f]{32}$/);
    const second = await kv.setSecret('round-trip', 'second-secret-B', { tags: { [ROTATION_TAG]: 'r2', [PREVIOUS_TAG]: first.version } });
    const newest = await kv.getSecret('round-trip');
    assert.ok(typeof newest === 'object');
    assert.deepEqual([newest.value, newest.version, newest.tags], ['second-secret-B', second.version, { [ROTATION_TAG]: 'r2', [PREVIOUS_TAG]: first.version }]);
    const old = await kv.getSecret('round-trip', first.version);
    assert.deepEqual(typeof old === 'object' ? [old.value, old.contentType, old.enabled] : old, ['first-secret-A', 'password', true]);
    assert.equal(await kv.setEnabled('round-trip', first.version, false), true);
    assert.equal(await kv.getSecret('round-trip', first.version), 'disabled');
    assert.deepEqual(f.azure.keyVaultSecret(AZURE_VAULT, 'round-trip')?.map((v) => [v.value, v.enabled, v.tags['owner'] ?? '']), [['first-secret-A', false, 'team-a'], ['second-secret-B', true, '']], 'disabling keeps the value and tags');
    assert.equal(await kv.setEnabled('round-trip', '0123456789abcdef0123456789abcdef', false), false, 'a version that does not exist');
    for (const v of ['first-secret-A', 'second-secret-B']) assert.ok(d.redactor.registered.includes(v), 'values read or written are masked');
    assertNoLeaks(['first-secret-A', 'second-secret-B', ...f.allSecrets()], [{ where: 'log', text: d.lines.join('\n') }]);
  });

  it('a Set Secret whose answer is lost is reconciled by reading the newest version: exactly one new version', async () => {
    const kv = await client();
    f.azure.faults.inject({ operation: 'keyvault:set', action: 'apply-then-reset' });
    let asked = 0;
    const made = await kv.setSecret('lost-answer', 'only-once-0001', {
      tags: { [ROTATION_TAG]: 'r1' },
      landed: async () => {
        asked++;
        const now = await kv.getSecret('lost-answer');
        return typeof now === 'object' && now.tags[ROTATION_TAG] === 'r1' ? now : undefined;
      },
    });
    assert.equal(asked, 1);
    assert.deepEqual(f.azure.keyVaultSecret(AZURE_VAULT, 'lost-answer')?.map((v) => v.version), [made.version]);
    assert.deepEqual(f.azure.requests.filter((r) => r.path.includes('lost-answer')).map((r) => r.operation), ['keyvault:set', 'keyvault:get']);
  });

  it('retries throttling and server errors (Retry-After honoured), and an expired token is replaced once', async () => {
    const d = deps();
    const kv = await client(d);
    f.azure.faults.inject({ operation: 'keyvault:get', times: 2, status: 429 });
    assert.equal(await kv.getSecret('busy'), 'none');
    assert.deepEqual(d.clock.sleeps, [1000, 1000], 'the Retry-After of each 429');
    const tokens = () => f.azure.requests.filter((r) => r.operation === 'token').length;
    const before = tokens();
    f.azure.faults.inject({ operation: 'keyvault:get', status: 401, code: 'Unauthorized', message: 'AKV10017: The token has expired.' });
    assert.equal(await kv.getSecret('busy'), 'none');
    assert.equal(tokens(), before + 1, 'a new token after the 401');
  });

  it('refusals name what to fix: a token for another audience, a missing role, a soft-deleted name', async () => {
    const wrongAudience = await client(deps(), 'https://management.azure.com/.default');
    const e1 = await wrongAudience.getSecret('x').catch((e: unknown) => e as Error);
    assert.ok(e1 instanceof UserError);
    assert.match(e1.message, /Key Vault refused the token's audience \(Unauthorized: AKV10022: Invalid audience\. Expected https:\/\/vault\.azure\.net, found: https:\/\/management\.azure\.com\.\).*azure-scope/);
    f.azure.seed.vault({ name: 'other-vault', access: {} });
    const noRole = await client(deps(), undefined, 'other-vault');
    const e2 = await noRole.setSecret('x', 'value-0001', { tags: {} }).catch((e: unknown) => e as Error);
    assert.ok(e2 instanceof UserError);
    assert.match(e2.message, /Key Vault other-vault: set x was denied \(Forbidden\/ForbiddenByRbac: Caller is not authorized.*'Key Vault Secrets Officer'.*this call needs set/);
    f.azure.seed.secret(AZURE_VAULT, 'gone', 'deleted-value-1');
    f.azure.seed.deleteSecret(AZURE_VAULT, 'gone');
    const kv = await client();
    assert.equal(await kv.getSecret('gone'), 'none');
    assert.equal(await kv.isDeleted('gone'), true);
    assert.equal(await kv.isDeleted('never-existed'), false);
    const e3 = await kv.setSecret('gone', 'value-0002', { tags: {} }).catch((e: unknown) => e as Error);
    assert.match(e3 instanceof UserError ? e3.message : '', /a deleted secret of this name is kept for recovery .*recover it \(az keyvault secret recover\) or purge it first/);
  });
});
