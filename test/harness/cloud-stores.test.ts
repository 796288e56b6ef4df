// The Key Vault and Secret Manager emulators held to their services' documented contracts: the
// REST reference's own examples (Key Vault) and resource representations (Secret Manager) replayed
// against them, shape for shape; authentication by the tokens their clouds issued over OIDC and
// nothing else; authorisation per operation; the services' error shapes and state rules.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { crc32cBitwise } from './cloud/secretmanager.ts';
import { AZURE_CLIENT, AZURE_TENANT, AZURE_VAULT, GCP_PROJECT, GCP_PROVIDER, GCP_SERVICE_ACCOUNT, cloudFixture, type CloudFixture } from './cloud/testing.ts';
import { repoRoot } from './runner/index.ts';

let f: CloudFixture;
before(async () => {
  f = await cloudFixture();
});
after(() => f.closeAll());
beforeEach(() => {
  f.azure.faults.clear();
  f.gcp.faults.clear();
});

const fixture = <T>(name: string): T => JSON.parse(readFileSync(join(repoRoot, 'test', 'fixtures', 'cloud', name), 'utf8')) as T;

/** The shape of a JSON value: object keys (sorted) and leaf types, arrays by their first element. */
function shape(v: unknown): unknown {
  if (Array.isArray(v)) return v.length === 0 ? [] : [shape(v[0])];
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, shape((v as Record<string, unknown>)[k])]));
  return v === null ? 'null' : typeof v;
}

async function call(url: string, init: { method?: string; token?: string; body?: unknown } = {}): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers: { ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: res.headers };
}

/** An Entra access token of the fixture's app, over the GitHub emulator's OIDC token, for `scope`. */
async function azureToken(scope = 'https://vault.azure.net/.default'): Promise<string> {
  const form = new URLSearchParams({
    client_id: AZURE_CLIENT,
    scope,
    grant_type: 'client_credentials',
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: await f.jwt('api://AzureADTokenExchange'),
  });
  const res = await fetch(`${f.azure.url}/${AZURE_TENANT}/oauth2/v2.0/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() });
  return ((await res.json()) as { access_token: string }).access_token;
}

/** A Google access token: federated over the GitHub emulator's OIDC token, then the service account's. */
async function googleToken(serviceAccount: string | null = GCP_SERVICE_ACCOUNT): Promise<string> {
  const sts = await call(`${f.gcp.url}/v1/token`, {
    method: 'POST',
    body: {
      audience: `//iam.googleapis.com/${GCP_PROVIDER}`,
      grantType: 'urn:ietf:params:oauth:grant-type:token-exchange',
      requestedTokenType: 'urn:ietf:params:oauth:token-type:access_token',
      scope: 'https://www.googleapis.com/auth/cloud-platform',
      subjectTokenType: 'urn:ietf:params:oauth:token-type:jwt',
      subjectToken: await f.jwt(`https://iam.googleapis.com/${GCP_PROVIDER}`),
    },
  });
  const federated = sts.body['access_token'] as string;
  if (!serviceAccount) return federated;
  const sa = await call(`${f.gcp.url}/v1/projects/-/serviceAccounts/${serviceAccount}:generateAccessToken`, { method: 'POST', token: federated, body: { scope: ['https://www.googleapis.com/auth/cloud-platform'] } });
  return sa.body['accessToken'] as string;
}

describe('Key Vault emulator', () => {
  const vault = (path: string, version = '7.4'): string => `${f.azure.vaultUrl(AZURE_VAULT)}${path}${path.includes('?') ? '&' : '?'}api-version=${version}`;

  it("answers the REST reference's own examples with their shapes", async () => {
    const token = await azureToken();
    const { samples } = fixture<{ samples: { operation: string; request: { method: string; path: string; body?: unknown }; response: Record<string, unknown> }[] }>('keyvault-samples.json');
    let version = '';
    for (const s of samples) {
      if (s.operation === 'Get Secret Versions') f.azure.seed.secret(AZURE_VAULT, 'crpsecret', 'another-value');
      const r = await call(vault(s.request.path.replace('{version}', version)), { method: s.request.method, token, body: s.request.body });
      assert.equal(r.status, 200, `${s.operation}: ${JSON.stringify(r.body)}`);
      const { recoverableDays: _days, ...attributes } = (r.body['attributes'] ?? {}) as Record<string, unknown>;
      // recoverableDays came with api-version 7.1, after these examples were written.
      const comparable = s.operation === 'Get Secret Versions' ? { ...r.body, value: (r.body['value'] as Record<string, unknown>[]).map(({ attributes: a, ...rest }) => ({ ...rest, attributes: { ...(a as object), recoverableDays: undefined } })) } : { ...r.body, attributes };
      assert.deepEqual(shape(JSON.parse(JSON.stringify(comparable))), shape(s.response), s.operation);
      if (s.operation === 'Set Secret') {
        assert.match(String(r.body['id']), /^https:\/\/app-vault\.vault\.azure\.net\/secrets\/crpsecret\/[0-9a-f]{32}$/);
        version = String(r.body['id']).split('/').pop()!;
      }
    }
  });

  it('authenticates every request: no token, a token of another audience, an unknown or expired one — 401 with the challenge', async () => {
    const none = await call(vault('/secrets/x'));
    assert.equal(none.status, 401);
    assert.deepEqual(none.body, { error: { code: 'Unauthorized', message: 'AKV10000: Request is missing a Bearer or PoP token.' } });
    assert.equal(none.headers.get('www-authenticate'), 'Bearer authorization="https://login.microsoftonline.com/common", resource="https://vault.azure.net"');
    const arm = await call(vault('/secrets/x'), { token: await azureToken('https://management.azure.com/.default') });
    assert.match(String((arm.body['error'] as Record<string, unknown>)['message']), /^AKV10022: Invalid audience\. Expected https:\/\/vault\.azure\.net, found: https:\/\/management\.azure\.com\.$/);
    assert.equal((await call(vault('/secrets/x'), { token: 'not-issued-here' })).status, 401);
    f.azure.setTokenTtl(0);
    const expired = await call(vault('/secrets/x'), { token: await azureToken() });
    f.azure.setTokenTtl(undefined);
    assert.match(String((expired.body['error'] as Record<string, unknown>)['message']), /^AKV10017: The token has expired/);
  });

  it("authorises per data action: 'Key Vault Secrets User' reads but cannot set", async () => {
    f.azure.seed.vault({ name: 'read-only', access: { [AZURE_CLIENT]: ['getSecret', 'readMetadata'] } });
    f.azure.seed.secret('read-only', 'db', 'readable-0001');
    const token = await azureToken();
    assert.equal((await call(`${f.azure.vaultUrl('read-only')}/secrets/db?api-version=7.4`, { token })).status, 200);
    const set = await call(`${f.azure.vaultUrl('read-only')}/secrets/db?api-version=7.4`, { method: 'PUT', token, body: { value: 'x' } });
    assert.equal(set.status, 403);
    assert.deepEqual([(set.body['error'] as Record<string, unknown>)['code'], ((set.body['error'] as Record<string, unknown>)['innererror'] as Record<string, unknown>)['code']], ['Forbidden', 'ForbiddenByRbac']);
  });

  it('state rules: versions pile up; the newest is returned; a disabled version is refused, not hidden; paging follows nextLink; bad input is 400', async () => {
    const token = await azureToken();
    for (const v of ['v1-value', 'v2-value', 'v3-value']) await call(vault('/secrets/paged'), { method: 'PUT', token, body: { value: v, tags: { n: v } } });
    const ids: string[] = [];
    for (let url: string | null = vault('/secrets/paged/versions?maxresults=2'); url; ) {
      const page = await call(url, { token });
      for (const item of page.body['value'] as Record<string, unknown>[]) ids.push(String(item['id']).split('/').pop()!);
      url = page.body['nextLink'] as string | null;
    }
    assert.equal(ids.length, 3);
    const newest = await call(vault('/secrets/paged'), { token });
    assert.equal(newest.body['value'], 'v3-value');
    await call(vault(`/secrets/paged/${ids[2]!}`), { method: 'PATCH', token, body: { attributes: { enabled: false } } });
    const disabled = await call(vault('/secrets/paged'), { token });
    assert.deepEqual([disabled.status, disabled.body], [403, { error: { code: 'Forbidden', message: 'Operation get is not allowed on a disabled secret.', innererror: { code: 'SecretDisabled' } } }]);
    assert.deepEqual(f.azure.keyVaultSecret(AZURE_VAULT, 'paged')?.map((v) => [v.value, v.enabled, v.tags['n']]), [['v1-value', true, 'v1-value'], ['v2-value', true, 'v2-value'], ['v3-value', false, 'v3-value']]);
    assert.equal((await call(vault('/secrets/paged', '1.0'), { token })).status, 400, 'an unknown api-version');
    assert.equal((await call(vault('/secrets/bad_name'), { method: 'PUT', token, body: { value: 'x' } })).status, 400);
    const tags = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`t${i}`, 'v']));
    assert.equal((await call(vault('/secrets/paged'), { method: 'PUT', token, body: { value: 'x', tags } })).status, 400, 'at most 15 tags');
    assert.equal((await call(vault('/secrets/missing'), { token })).body['error'] !== undefined, true);
  });
});

describe('Secret Manager emulator', () => {
  const sm = (path: string): string => `${f.gcp.url}/v1/projects/${GCP_PROJECT}/secrets/${path}`;
  const docs = fixture<Record<string, string[]>>('secretmanager-resources.json');
  const fieldsOf = (body: Record<string, unknown>, resource: string): void => {
    for (const k of Object.keys(body)) assert.ok(docs[resource]!.includes(k), `${resource} has no documented field '${k}'`);
  };

  it('resources carry only documented fields; names use the project number; payloads carry their CRC32C', async () => {
    const token = await googleToken();
    f.gcp.seed.secret({ project: GCP_PROJECT, secret: 'shapes', labels: { team: 'app' }, bindings: [{ role: 'roles/secretmanager.viewer', members: [`serviceAccount:${GCP_SERVICE_ACCOUNT}`] }] });
    const secret = await call(sm('shapes'), { token });
    fieldsOf(secret.body, 'Secret');
    assert.equal(secret.body['name'], 'projects/123456789/secrets/shapes');
    const data = Buffer.from('payload-0001');
    const added = await call(sm('shapes:addVersion'), { method: 'POST', token, body: { payload: { data: data.toString('base64'), dataCrc32c: String(crc32cBitwise(data)) } } });
    fieldsOf(added.body, 'SecretVersion');
    assert.deepEqual([added.body['name'], added.body['state'], added.body['clientSpecifiedPayloadChecksum']], ['projects/123456789/secrets/shapes/versions/1', 'ENABLED', true]);
    const access = await call(sm('shapes/versions/latest:access'), { token });
    fieldsOf(access.body, 'AccessSecretVersionResponse');
    fieldsOf(access.body['payload'] as Record<string, unknown>, 'SecretPayload');
    assert.deepEqual(access.body, { name: 'projects/123456789/secrets/shapes/versions/1', payload: { data: data.toString('base64'), dataCrc32c: String(crc32cBitwise(data)) } });
    const list = await call(sm('shapes/versions'), { token });
    fieldsOf(list.body, 'ListSecretVersionsResponse');
    assert.equal(list.body['totalSize'], 1);
    fieldsOf((list.body['versions'] as Record<string, unknown>[])[0]!, 'SecretVersion');
    const bad = await call(sm('shapes:addVersion'), { method: 'POST', token, body: { payload: { data: data.toString('base64'), dataCrc32c: '1' } } });
    assert.deepEqual([bad.status, (bad.body['error'] as Record<string, unknown>)['status']], [400, 'INVALID_ARGUMENT']);
    fieldsOf(bad.body['error'] as Record<string, unknown>, 'Status');
  });

  it('authenticates with the tokens Google STS and IAM Credentials issued; authorises per permission (403 before 404, as IAM does)', async () => {
    assert.equal((await call(sm('x'))).status, 401);
    assert.equal((await call(sm('x'), { token: 'ya29.not-issued' })).status, 401);
    const federated = await googleToken(null);
    const denied = await call(sm('x'), { token: federated });
    assert.deepEqual(denied.body, { error: { code: 403, message: "Permission 'secretmanager.secrets.get' denied for resource 'projects/my-project/secrets/x' (or it may not exist).", status: 'PERMISSION_DENIED' } });
    const token = await googleToken();
    assert.equal((await call(sm('x'), { token })).status, 404, 'with the permission, a missing secret is 404');
    f.gcp.seed.secret({ project: GCP_PROJECT, secret: 'no-destroy', values: ['a-value-0001'] });
    assert.equal((await call(sm('no-destroy/versions/1:destroy'), { method: 'POST', token, body: {} })).status, 403, 'the rotator may disable, not destroy');
  });

  it('state rules: latest is the newest whatever its state; disabled and destroyed versions cannot be read; labels are validated and guarded by the etag', async () => {
    const token = await googleToken();
    f.gcp.seed.secret({ project: GCP_PROJECT, secret: 'states', values: ['one-0001', 'two-0002'] });
    f.gcp.seed.project({ id: GCP_PROJECT, number: '123456789', bindings: [{ role: 'roles/secretmanager.admin', members: [`serviceAccount:${GCP_SERVICE_ACCOUNT}`] }] });
    const disabled = await call(sm('states/versions/2:disable'), { method: 'POST', token, body: {} });
    assert.equal(disabled.body['state'], 'DISABLED');
    const latest = await call(sm('states/versions/latest:access'), { token });
    assert.deepEqual([latest.status, (latest.body['error'] as Record<string, unknown>)['message']], [400, 'Secret Version [projects/123456789/secrets/states/versions/2] is in DISABLED state.']);
    const stale = await call(sm('states/versions/2:enable'), { method: 'POST', token, body: { etag: '"0"' } });
    assert.equal((stale.body['error'] as Record<string, unknown>)['status'], 'FAILED_PRECONDITION');
    await call(sm('states/versions/1:destroy'), { method: 'POST', token, body: {} });
    assert.equal((await call(sm('states/versions/1:disable'), { method: 'POST', token, body: {} })).status, 400, 'a destroyed version stays destroyed');
    const list = await call(sm('states/versions?filter=state:DISABLED'), { token });
    assert.deepEqual((list.body['versions'] as Record<string, unknown>[]).map((v) => v['name']), ['projects/123456789/secrets/states/versions/2']);
    const { etag } = (await call(sm('states'), { token })).body as { etag: string };
    assert.equal((await call(sm('states?updateMask=labels'), { method: 'PATCH', token, body: { labels: { Bad: 'x' }, etag } })).status, 400, 'label keys are lower-case');
    assert.equal((await call(sm('states?updateMask=labels'), { method: 'PATCH', token, body: { labels: { ok: 'yes' }, etag } })).status, 200);
    const again = await call(sm('states?updateMask=labels'), { method: 'PATCH', token, body: { labels: {}, etag } });
    assert.deepEqual([again.status, (again.body['error'] as Record<string, unknown>)['status']], [400, 'FAILED_PRECONDITION'], 'the etag changed with the first update');
    assert.equal((await call(sm('states'), { method: 'PATCH', token, body: { labels: {} } })).status, 400, 'updateMask is required');
    // The fixture's least-privilege binding again, for the other tests.
    f.gcp.seed.project({ id: GCP_PROJECT, number: '123456789', bindings: [{ permissions: ['secretmanager.secrets.get', 'secretmanager.secrets.update', 'secretmanager.versions.add', 'secretmanager.versions.access', 'secretmanager.versions.disable'], members: [`serviceAccount:${GCP_SERVICE_ACCOUNT}`] }] });
  });
});
