// The cloud emulators themselves: each verifies GitHub's OIDC tokens for real and refuses them the
// way its cloud does; Secrets Manager checks SigV4 for real; KV v2 and staging labels behave.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import aws4 from 'aws4';
import { verifySigV4, type IssuedAwsCredentials } from './cloud/index.ts';
import { AWS_ROLE, AZURE_CLIENT, AZURE_TENANT, GCP_PROVIDER, GCP_SERVICE_ACCOUNT, REPO, VAULT_ROLE, cloudFixture, type CloudFixture } from './cloud/testing.ts';

let f: CloudFixture;
let offset = 0;
before(async () => {
  f = await cloudFixture({ now: () => Date.now() + offset });
});
after(() => f.closeAll());
beforeEach(() => {
  offset = 0;
  f.github.faults.clear();
  f.github.seed.oidc({ environment: undefined, ref: 'refs/heads/main', claims: {} });
  for (const c of [f.aws, f.gcp, f.azure, f.vault]) c.faults.clear();
  f.aws.setCredentialTtl(undefined);
});

const form = (o: Record<string, string>): string => new URLSearchParams(o).toString();
const xmlTag = (xml: string, tag: string): string | undefined => new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml)?.[1];

async function assumeRole(jwt: string, roleArn = AWS_ROLE, extra: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const res = await fetch(`${f.aws.url}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form({ Action: 'AssumeRoleWithWebIdentity', Version: '2011-06-15', RoleArn: roleArn, RoleSessionName: 'test', WebIdentityToken: jwt, ...extra }),
  });
  return { status: res.status, text: await res.text() };
}

async function credentials(): Promise<IssuedAwsCredentials> {
  const r = await assumeRole(await f.jwt('sts.amazonaws.com'));
  assert.equal(r.status, 200, r.text);
  return f.aws.issued().at(-1)!;
}

async function sm(op: string, input: unknown, c: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }, date?: number): Promise<{ status: number; body: Record<string, unknown> }> {
  const url = new URL(f.aws.url);
  const body = JSON.stringify(input);
  const signed = aws4.sign(
    {
      host: url.host,
      path: '/',
      method: 'POST',
      service: 'secretsmanager',
      region: 'us-east-1',
      headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': `secretsmanager.${op}`, ...(date ? { 'X-Amz-Date': new Date(date).toISOString().replace(/[:-]|\.\d{3}/g, '') } : {}) },
      body,
    },
    c,
  );
  const headers = Object.fromEntries(Object.entries(signed.headers ?? {}).filter(([k]) => !/^(host|content-length)$/i.test(k)).map(([k, v]) => [k, String(v)]));
  const res = await fetch(`${f.aws.url}/`, { method: 'POST', headers, body });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('SigV4 verification', () => {
  it("matches AWS's own get-vanilla test vector", () => {
    const lookup = (id: string) => (id === 'AKIDEXAMPLE' ? { secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', expiresAt: Infinity } : undefined);
    const req = (signature: string) => ({
      method: 'GET',
      rawPath: '/',
      body: '',
      headers: {
        host: 'example.amazonaws.com',
        'x-amz-date': '20150830T123600Z',
        authorization: `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=${signature}`,
      },
    });
    const at = Date.UTC(2015, 7, 30, 12, 36);
    const good = verifySigV4(req('5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31'), lookup, { service: 'service', region: 'us-east-1', now: at });
    assert.deepEqual(good, { ok: true, accessKeyId: 'AKIDEXAMPLE' });
    const bad = verifySigV4(req('5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf30'), lookup, { service: 'service', region: 'us-east-1', now: at });
    assert.equal(bad.ok ? '' : bad.code, 'InvalidSignatureException');
    const late = verifySigV4(req('5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31'), lookup, { service: 'service', region: 'us-east-1', now: at + 16 * 60_000 });
    assert.match(late.ok ? '' : late.message, /^Signature expired: 20150830T123600Z is now earlier than/);
  });
});

describe('AWS STS AssumeRoleWithWebIdentity', () => {
  it('verifies the JWT and issues session credentials that expire after DurationSeconds', async () => {
    const r = await assumeRole(await f.jwt('sts.amazonaws.com'), AWS_ROLE, { DurationSeconds: '900' });
    assert.equal(r.status, 200, r.text);
    const issued = f.aws.issued().at(-1)!;
    assert.equal(xmlTag(r.text, 'AccessKeyId'), issued.accessKeyId);
    assert.equal(xmlTag(r.text, 'SubjectFromWebIdentityToken'), `repo:${REPO}:ref:refs/heads/main`);
    assert.match(xmlTag(r.text, 'Arn') ?? '', /^arn:aws:sts::123456789012:assumed-role\/deploy\/test$/);
    assert.ok(Math.abs(Date.parse(xmlTag(r.text, 'Expiration')!) - (Date.now() + 900_000)) < 5000);
  });

  it('refuses like STS: audience, subject, expiry, signature, issuer, keys, duration', async () => {
    const good = await f.jwt('sts.amazonaws.com');
    const code = (r: { text: string }) => `${xmlTag(r.text, 'Code')}: ${xmlTag(r.text, 'Message')}`;

    const wrongAud = await assumeRole(await f.jwt('api://AzureADTokenExchange'));
    assert.deepEqual([wrongAud.status, code(wrongAud)], [400, 'InvalidIdentityToken: Incorrect token audience']);

    f.aws.seed.role({ arn: 'arn:aws:iam::123456789012:role/prod', trust: { aud: 'sts.amazonaws.com', sub: `repo:${REPO}:environment:production` } });
    const wrongSub = await assumeRole(good, 'arn:aws:iam::123456789012:role/prod');
    assert.deepEqual([wrongSub.status, code(wrongSub)], [403, 'AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity']);
    f.github.seed.oidc({ environment: 'production' });
    assert.equal((await assumeRole(await f.jwt('sts.amazonaws.com'), 'arn:aws:iam::123456789012:role/prod')).status, 200);

    const unknownRole = await assumeRole(good, 'arn:aws:iam::123456789012:role/nope');
    assert.equal(unknownRole.status, 403);

    offset = 301_000;
    assert.match(code(await assumeRole(good)), /^ExpiredTokenException: Token expired/);
    offset = 0;

    const [h, p, s] = good.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>;
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, sub: 'repo:evil/app:ref:refs/heads/main' })).toString('base64url')}.${s}`;
    assert.match(code(await assumeRole(forged)), /^InvalidIdentityToken: The web identity token that was passed could not be validated/);

    const otherIssuer = `${h}.${Buffer.from(JSON.stringify({ ...claims, iss: 'https://evil.example' })).toString('base64url')}.${s}`;
    assert.equal(code(await assumeRole(otherIssuer)), 'InvalidIdentityToken: No OpenIDConnect provider found in your account for https://evil.example');

    f.github.faults.inject({ route: 'oidc/jwks', statuses: [503] });
    assert.match(code(await assumeRole(good)), /^InvalidIdentityToken: Couldn't retrieve verification key/);

    assert.match(code(await assumeRole(good, AWS_ROLE, { DurationSeconds: String(5 * 3600) })), /^ValidationError: The requested DurationSeconds exceeds the MaxSessionDuration/);
  });

  it('injects faults in STS error shape, and applies-then-drops', async () => {
    f.aws.faults.inject({ operation: 'sts:AssumeRoleWithWebIdentity', times: 2, status: 400, code: 'IDPCommunicationError', message: 'no' });
    const jwt = await f.jwt('sts.amazonaws.com');
    assert.equal(xmlTag((await assumeRole(jwt)).text, 'Code'), 'IDPCommunicationError');
    assert.equal(xmlTag((await assumeRole(jwt)).text, 'Code'), 'IDPCommunicationError');
    assert.equal((await assumeRole(jwt)).status, 200);
    assert.throws(() => f.aws.faults.inject({ operation: 'sts:Nope', status: 500 }), /unknown operation/);
  });
});

describe('AWS Secrets Manager', () => {
  it('accepts only SigV4 requests signed with live STS credentials', async () => {
    const c = await credentials();
    f.aws.seed.secret('app/signed', 'v1-initial-value');
    assert.equal((await sm('DescribeSecret', { SecretId: 'app/signed' }, c)).status, 200);
    const wrongSecret = await sm('DescribeSecret', { SecretId: 'app/signed' }, { ...c, secretAccessKey: c.secretAccessKey.replace(/^./, (x) => (x === 'A' ? 'B' : 'A')) });
    assert.equal(wrongSecret.body['__type'], 'InvalidSignatureException');
    assert.equal((await sm('DescribeSecret', { SecretId: 'app/signed' }, { accessKeyId: 'AKIAFAKE', secretAccessKey: 'x' })).body['__type'], 'UnrecognizedClientException');
    assert.equal((await sm('DescribeSecret', { SecretId: 'app/signed' }, { ...c, sessionToken: 'other' })).body['__type'], 'UnrecognizedClientException');
    const skewed = await sm('DescribeSecret', { SecretId: 'app/signed' }, c, Date.now() - 20 * 60_000);
    assert.match(String(skewed.body['message']), /^Signature expired/);
    offset = (c.expiresAt - Date.now()) + 1000;
    const expired = await sm('DescribeSecret', { SecretId: 'app/signed' }, c, Date.now() + offset);
    assert.deepEqual([expired.status, expired.body['__type']], [400, 'ExpiredTokenException']);
  });

  it('keeps versions and staging labels like Secrets Manager (AWSPENDING → AWSCURRENT, AWSPREVIOUS kept)', async () => {
    const c = await credentials();
    const v1 = '11111111-1111-4111-8111-111111111111';
    const v2 = '22222222-2222-4222-8222-222222222222';
    assert.equal((await sm('CreateSecret', { Name: 'app/labels', SecretString: 'first-value', ClientRequestToken: v1 }, c)).status, 200);
    assert.equal((await sm('CreateSecret', { Name: 'app/labels', SecretString: 'x', ClientRequestToken: v1 }, c)).body['__type'], 'ResourceExistsException');
    const put = await sm('PutSecretValue', { SecretId: 'app/labels', SecretString: 'second-value', ClientRequestToken: v2, VersionStages: ['AWSPENDING'] }, c);
    assert.deepEqual(put.body['VersionStages'], ['AWSPENDING']);
    assert.equal((await sm('PutSecretValue', { SecretId: 'app/labels', SecretString: 'second-value', ClientRequestToken: v2, VersionStages: ['AWSPENDING'] }, c)).status, 200, 'same token and value: no-op');
    assert.equal((await sm('PutSecretValue', { SecretId: 'app/labels', SecretString: 'different', ClientRequestToken: v2 }, c)).body['__type'], 'ResourceExistsException');
    const noRemove = await sm('UpdateSecretVersionStage', { SecretId: 'app/labels', VersionStage: 'AWSCURRENT', MoveToVersionId: v2 }, c);
    assert.equal(noRemove.body['__type'], 'InvalidParameterException');
    assert.equal((await sm('UpdateSecretVersionStage', { SecretId: 'app/labels', VersionStage: 'AWSCURRENT', MoveToVersionId: v2, RemoveFromVersionId: v1 }, c)).status, 200);
    const d = await sm('DescribeSecret', { SecretId: 'app/labels' }, c);
    assert.deepEqual(d.body['VersionIdsToStages'], { [v1]: ['AWSPREVIOUS'], [v2]: ['AWSPENDING', 'AWSCURRENT'] });
    const current = await sm('GetSecretValue', { SecretId: 'app/labels' }, c);
    assert.equal(current.body['SecretString'], 'second-value');
    assert.equal((await sm('GetSecretValue', { SecretId: 'app/labels', VersionStage: 'AWSPREVIOUS' }, c)).body['SecretString'], 'first-value');
    assert.equal((await sm('GetSecretValue', { SecretId: 'app/none' }, c)).body['__type'], 'ResourceNotFoundException');
  });
});

describe('Google Cloud STS and IAM Credentials', () => {
  const audience = `https://iam.googleapis.com/${GCP_PROVIDER}`;
  const exchange = async (jwt: string, provider = GCP_PROVIDER) => {
    const res = await fetch(`${f.gcp.url}/v1/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        audience: `//iam.googleapis.com/${provider}`,
        grantType: 'urn:ietf:params:oauth:grant-type:token-exchange',
        requestedTokenType: 'urn:ietf:params:oauth:token-type:access_token',
        scope: 'https://www.googleapis.com/auth/cloud-platform',
        subjectTokenType: 'urn:ietf:params:oauth:token-type:jwt',
        subjectToken: jwt,
      }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const impersonate = async (federated: string, sa = GCP_SERVICE_ACCOUNT) => {
    const res = await fetch(`${f.gcp.url}/v1/projects/-/serviceAccounts/${encodeURIComponent(sa)}:generateAccessToken`, {
      method: 'POST',
      headers: { authorization: `Bearer ${federated}`, 'content-type': 'application/json' },
      body: JSON.stringify({ scope: ['https://www.googleapis.com/auth/cloud-platform'], lifetime: '600s' }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('exchanges a token for a federated token, then impersonates the bound service account', async () => {
    const r = await exchange(await f.jwt(audience));
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const federated = String(r.body['access_token']);
    assert.equal(f.gcp.tokenInfo(federated)?.kind, 'federated');
    const sa = await impersonate(federated);
    assert.equal(sa.status, 200, JSON.stringify(sa.body));
    assert.equal(f.gcp.tokenInfo(String(sa.body['accessToken']))?.serviceAccount, GCP_SERVICE_ACCOUNT);
    const denied = await impersonate(federated, 'other@my-project.iam.gserviceaccount.com');
    assert.deepEqual([denied.status, (denied.body['error'] as Record<string, unknown>)['status']], [403, 'PERMISSION_DENIED']);
    assert.equal((await impersonate('ya29.not-issued')).status, 401);
  });

  it('refuses like Google STS: audience, attribute condition, provider, expiry', async () => {
    const wrongAud = await exchange(await f.jwt('sts.amazonaws.com'));
    assert.deepEqual([wrongAud.status, wrongAud.body['error']], [400, 'invalid_grant']);
    assert.match(String(wrongAud.body['error_description']), /The audience in ID Token \[sts.amazonaws.com\] does not match the expected audience/);
    const strict = 'projects/123456789/locations/global/workloadIdentityPools/github/providers/strict';
    f.gcp.seed.provider({ name: strict, issuer: f.github.oidc.issuer, attributeCondition: "assertion.repository == 'octo-org/other' && assertion.ref.startsWith('refs/tags/')" });
    const rejected = await exchange(await f.jwt(`https://iam.googleapis.com/${strict}`), strict);
    assert.deepEqual([rejected.body['error'], rejected.body['error_description']], ['unauthorized_client', 'The given credential is rejected by the attribute condition.']);
    assert.equal((await exchange(await f.jwt(audience), `${GCP_PROVIDER}x`)).body['error'], 'invalid_target');
    const jwt = await f.jwt(audience);
    offset = 400_000;
    assert.equal((await exchange(jwt)).body['error_description'], 'The ID Token has expired.');
  });
});

describe('Microsoft Entra token endpoint', () => {
  const token = async (jwt: string, tenant = AZURE_TENANT, client = AZURE_CLIENT) => {
    const res = await fetch(`${f.azure.url}/${tenant}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form({
        client_id: client,
        scope: 'https://management.azure.com/.default',
        grant_type: 'client_credentials',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: jwt,
      }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const aadsts = (r: { body: Record<string, unknown> }) => /AADSTS\d+/.exec(String(r.body['error_description']))?.[0];

  it('issues a token for a matching federated credential and refuses everything else with AADSTS codes', async () => {
    const ok = await token(await f.jwt('api://AzureADTokenExchange'));
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(f.azure.tokenInfo(String(ok.body['access_token']))?.clientId, AZURE_CLIENT);
    assert.equal(aadsts(await token(await f.jwt('sts.amazonaws.com'))), 'AADSTS70021');
    f.github.seed.oidc({ ref: 'refs/heads/feature' });
    const wrongSub = await token(await f.jwt('api://AzureADTokenExchange'));
    assert.equal(aadsts(wrongSub), 'AADSTS70021');
    assert.match(String(wrongSub.body['error_description']), /Assertion Subject: 'repo:octo-org\/app:ref:refs\/heads\/feature'/);
    f.github.seed.oidc({ ref: 'refs/heads/main' });
    const jwt = await f.jwt('api://AzureADTokenExchange');
    assert.equal(aadsts(await token(jwt, AZURE_TENANT, '00000000-0000-0000-0000-000000000000')), 'AADSTS700016');
    assert.equal(aadsts(await token(jwt, '00000000-0000-0000-0000-000000000001')), 'AADSTS90002');
    f.github.faults.inject({ route: 'oidc/discovery', statuses: [500] });
    assert.equal(aadsts(await token(jwt)), 'AADSTS50166');
    offset = 400_000;
    assert.equal(aadsts(await token(jwt)), 'AADSTS700024');
  });
});

describe('Vault JWT auth and KV v2', () => {
  const login = async (jwt: string, role = VAULT_ROLE) => {
    const res = await fetch(`${f.vault.url}/v1/auth/jwt/login`, { method: 'POST', body: JSON.stringify({ role, jwt }) });
    return { status: res.status, body: (await res.json()) as { auth?: { client_token: string; lease_duration: number }; errors?: string[] } };
  };
  const kv = async (token: string, method: string, path: string, body?: unknown, contentType = 'application/json') => {
    const res = await fetch(`${f.vault.url}/v1/${path}`, {
      method,
      headers: { 'x-vault-token': token, ...(body !== undefined ? { 'content-type': contentType } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };

  it('logs in with bound audience and claims, and refuses mismatches the way Vault words them', async () => {
    const ok = await login(await f.jwt('https://github.com/octo-org'));
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.auth?.lease_duration, 600);
    assert.deepEqual((await login(await f.jwt('sts.amazonaws.com'))).body.errors, ['error validating token: invalid audience (aud) claim: audience claim does not match any expected audience']);
    f.vault.seed.jwtRole({ name: 'other-repo', boundAudiences: ['https://github.com/octo-org'], boundClaims: { repository: 'octo-org/other' }, policies: [] });
    assert.deepEqual((await login(await f.jwt('https://github.com/octo-org'), 'other-repo')).body.errors, ['error validating claims: claim "repository" does not match any associated bound claim values']);
    f.vault.seed.jwtRole({ name: 'prod', boundAudiences: ['https://github.com/octo-org'], boundSubject: `repo:${REPO}:environment:production`, policies: [] });
    assert.deepEqual((await login(await f.jwt('https://github.com/octo-org'), 'prod')).body.errors, ['sub claim does not match bound subject']);
    assert.deepEqual((await login(await f.jwt('https://github.com/octo-org'), 'nope')).body.errors, ['role "nope" could not be found']);
    const jwt = await f.jwt('https://github.com/octo-org');
    offset = 400_000;
    assert.match((await login(jwt)).body.errors?.[0] ?? '', /token is expired/);
  });

  it('KV v2: versions, check-and-set, metadata, custom metadata, policies, token expiry and revocation', async () => {
    const token = (await login(await f.jwt('https://github.com/octo-org'))).body.auth!.client_token;
    const w1 = await kv(token, 'POST', 'secret/data/app/db', { options: { cas: 0 }, data: { password: 'p4ssw0rd-one' } });
    assert.equal(w1.body.data.version, 1);
    assert.deepEqual((await kv(token, 'POST', 'secret/data/app/db', { options: { cas: 0 }, data: { password: 'x' } })).body.errors, ['check-and-set parameter did not match the current version']);
    assert.equal((await kv(token, 'POST', 'secret/data/app/db', { options: { cas: 1 }, data: { password: 'p4ssw0rd-two' } })).body.data.version, 2);
    assert.equal((await kv(token, 'GET', 'secret/data/app/db')).body.data.data.password, 'p4ssw0rd-two');
    assert.equal((await kv(token, 'GET', 'secret/data/app/db?version=1')).body.data.data.password, 'p4ssw0rd-one');
    assert.equal((await kv(token, 'POST', 'secret/metadata/app/db', { custom_metadata: { owner: 'team-a', rotation: 'r1' } })).status, 204);
    assert.equal((await kv(token, 'PATCH', 'secret/metadata/app/db', { custom_metadata: { rotation: null, pending: 'v3' } }, 'application/merge-patch+json')).status, 204);
    const meta = (await kv(token, 'GET', 'secret/metadata/app/db')).body.data;
    assert.deepEqual([meta.current_version, meta.oldest_version, Object.keys(meta.versions)], [2, 1, ['1', '2']]);
    assert.deepEqual(meta.custom_metadata, { owner: 'team-a', pending: 'v3' });
    assert.equal((await kv(token, 'GET', 'secret/data/app/none')).status, 404);
    assert.deepEqual((await kv(token, 'GET', 'secret/data/other/db')).body.errors, ['permission denied']);
    offset = 601_000;
    assert.equal((await kv(token, 'GET', 'secret/data/app/db')).status, 403, 'expired token');
    offset = 0;
    assert.equal((await kv(token, 'POST', 'auth/token/revoke-self')).status, 204);
    assert.equal((await kv(token, 'GET', 'secret/data/app/db')).status, 403, 'revoked token');
    assert.equal(f.vault.kv('secret', 'app/db')?.currentVersion, 2);
  });
});

describe('fault plumbing', () => {
  it('apply-then-reset applies the request and drops the answer', async () => {
    const vaultToken = f.vault.seed.token(['app-secrets']);
    f.vault.faults.inject({ operation: 'kv:write', action: 'apply-then-reset' });
    await assert.rejects(
      fetch(`${f.vault.url}/v1/secret/data/app/reset`, { method: 'POST', headers: { 'x-vault-token': vaultToken }, body: JSON.stringify({ data: { k: 'value-applied' } }) }),
      TypeError,
    );
    assert.equal(f.vault.kv('secret', 'app/reset')?.currentVersion, 1);
    assert.match(f.vault.requests.at(-1)?.fault ?? '', /^apply-then-reset \(applied: 200\)$/);
  });
});
