// How credentials leave the action: child-process environments, opt-in export to later steps (masks
// registered first), and credential files under RUNNER_TEMP with mode 0600, removed in post (C10).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { UserError } from '../../shared/errors.ts';
import { childEnv, exportCredentials, secretParts } from '../../shared/oidc/env.ts';
import { CREDENTIAL_FILE_PREFIX, removeCredentialFiles, writeCredentialFile } from '../../shared/oidc/files.ts';
import type { Credentials } from '../../shared/oidc/types.ts';
import { Redactor } from '../../shared/redact.ts';

const EXPIRES = Date.UTC(2026, 10, 28, 13, 0, 0);
const SAMPLES: Credentials[] = [
  { provider: 'aws', accessKeyId: 'ASIAEXAMPLEKEY000001', secretAccessKey: 'secret-access-key-000001', sessionToken: 'session-token-000001', region: 'eu-west-1', expiresAt: EXPIRES },
  { provider: 'gcp', accessToken: 'ya29.gcp-token-000001', expiresAt: EXPIRES, projectId: 'my-project' },
  { provider: 'azure', accessToken: 'eyJ.azure-token-000001', expiresAt: EXPIRES, clientId: 'client-1', tenantId: 'tenant-1', subscriptionId: 'sub-1' },
  { provider: 'vault', token: 'hvs.vault-token-000001', accessor: 'accessor-000001', address: 'https://vault.example.com', namespace: 'admin', expiresAt: EXPIRES, renewable: true, policies: ['default'] },
];

describe('childEnv', () => {
  it('gives each provider the variables its tools read', () => {
    assert.deepEqual(childEnv(SAMPLES[0]!), {
      AWS_ACCESS_KEY_ID: 'ASIAEXAMPLEKEY000001',
      AWS_SECRET_ACCESS_KEY: 'secret-access-key-000001',
      AWS_SESSION_TOKEN: 'session-token-000001',
      AWS_REGION: 'eu-west-1',
      AWS_DEFAULT_REGION: 'eu-west-1',
      AWS_CREDENTIAL_EXPIRATION: '2026-11-28T13:00:00.000Z',
    });
    assert.deepEqual(childEnv(SAMPLES[1]!, { gcloudAccessTokenFile: '/tmp/t' }), {
      GOOGLE_OAUTH_ACCESS_TOKEN: 'ya29.gcp-token-000001',
      CLOUDSDK_AUTH_ACCESS_TOKEN_FILE: '/tmp/t',
      GOOGLE_CLOUD_PROJECT: 'my-project',
      CLOUDSDK_CORE_PROJECT: 'my-project',
      CLOUDSDK_PROJECT: 'my-project',
    });
    assert.deepEqual(childEnv(SAMPLES[2]!), { AZURE_ACCESS_TOKEN: 'eyJ.azure-token-000001', AZURE_CLIENT_ID: 'client-1', AZURE_TENANT_ID: 'tenant-1', AZURE_SUBSCRIPTION_ID: 'sub-1' });
    assert.deepEqual(childEnv(SAMPLES[3]!), { VAULT_ADDR: 'https://vault.example.com', VAULT_TOKEN: 'hvs.vault-token-000001', VAULT_NAMESPACE: 'admin' });
  });

  it('exportCredentials masks every secret part before the first export', () => {
    for (const c of SAMPLES) {
      const events: string[] = [];
      const redactor = new Redactor((v) => void events.push(`mask ${v}`));
      const names = exportCredentials(c, { redactor, exportVariable: (name) => void events.push(`export ${name}`) });
      const firstExport = events.findIndex((e) => e.startsWith('export '));
      for (const secret of secretParts(c)) {
        const masked = events.indexOf(`mask ${secret}`);
        assert.ok(masked >= 0 && masked < firstExport, `${c.provider}: ${secret.slice(0, 8)}… masked before exporting`);
      }
      assert.deepEqual(names, Object.keys(childEnv(c)));
    }
  });
});

describe('credential files (C10)', () => {
  const root = mkdtempSync(join(tmpdir(), 'oidc-files-'));
  const runnerTemp = join(root, 'runner-temp');
  const workspace = join(root, 'workspace');
  mkdirSync(runnerTemp);
  mkdirSync(workspace);
  after(() => rmSync(root, { recursive: true, force: true }));

  it('are written under RUNNER_TEMP with mode 0600, never overwriting, and removed by removeCredentialFiles', async () => {
    const a = await writeCredentialFile('gcloud access token', 'ya29.file-token-0001', { runnerTemp, workspace });
    const b = await writeCredentialFile('gcloud access token', 'ya29.file-token-0002', { runnerTemp, workspace });
    assert.notEqual(a, b);
    for (const p of [a, b]) {
      assert.ok(p.startsWith(runnerTemp + '/') && p.includes(CREDENTIAL_FILE_PREFIX), p);
      assert.equal(statSync(p).mode & 0o777, 0o600);
    }
    assert.equal(readFileSync(a, 'utf8'), 'ya29.file-token-0001');
    const r = await removeCredentialFiles([a, b, join(runnerTemp, `${CREDENTIAL_FILE_PREFIX}gone`)]);
    assert.equal(r.removed.length, 3);
    assert.ok(!existsSync(a) && !existsSync(b));
  });

  it('refuse a RUNNER_TEMP inside the workspace, and removal refuses files that are not ours', async () => {
    const inside = join(workspace, '.runner-temp');
    mkdirSync(inside);
    await assert.rejects(writeCredentialFile('x', 'y', { runnerTemp: inside, workspace }), (e: Error) => e instanceof UserError && /inside GITHUB_WORKSPACE/.test(e.message));
    await assert.rejects(writeCredentialFile('x', 'y', { runnerTemp: workspace, workspace }), /inside GITHUB_WORKSPACE/);
    const precious = join(runnerTemp, 'precious.txt');
    writeFileSync(precious, 'keep');
    const r = await removeCredentialFiles([precious, 'relative/actions-suite-credentials-x']);
    assert.deepEqual(r.removed, []);
    assert.equal(r.failed.length, 2);
    assert.ok(existsSync(precious));
  });
});
