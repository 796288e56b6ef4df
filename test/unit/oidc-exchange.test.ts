// The four exchanges against the cloud emulators (which verify the JWTs for real): credentials
// masked on arrival, transient refusals retried (C5), trust refusals not retried and explained
// (C6, C7), and nothing secret in any message or log line, debug included (C8).
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { UserError } from '../../shared/errors.ts';
import { assumeRoleWithWebIdentity, defaultSessionName, defaultStsEndpoint, xmlTag } from '../../shared/oidc/aws.ts';
import { exchangeAzure } from '../../shared/oidc/azure.ts';
import { IdTokenExpiredError } from '../../shared/oidc/errors.ts';
import { exchangeGcp } from '../../shared/oidc/gcp.ts';
import { createCredentialSource, obtainCredentials, secretParts } from '../../shared/oidc/index.ts';
import { requestIdToken } from '../../shared/oidc/token.ts';
import type { IdToken } from '../../shared/oidc/types.ts';
import { revokeVaultToken, vaultJwtLogin } from '../../shared/oidc/vault.ts';
import { assertNoLeaks } from '../harness/leaks/index.ts';
import { AWS_ROLE, AZURE_CLIENT, AZURE_TENANT, GCP_PROVIDER, GCP_SERVICE_ACCOUNT, REPO, VAULT_ROLE, cloudFixture, quietRedactor, recordingLogger, type CloudFixture } from '../harness/cloud/testing.ts';
import { FakeClock } from './helpers/fake-clock.ts';

let f: CloudFixture;
before(async () => {
  f = await cloudFixture();
});
after(() => f.closeAll());
beforeEach(() => {
  f.github.faults.clear();
  f.github.seed.oidc({ environment: undefined, ref: 'refs/heads/main', ttlSeconds: 300, claims: {} });
  for (const c of [f.aws, f.gcp, f.azure, f.vault]) c.faults.clear();
});

/** Deps with a recording log, a fake clock and a redactor; `haystack()` is everything a user could see. */
function deps() {
  const redactor = quietRedactor();
  const { log, lines } = recordingLogger(redactor);
  const clock = new FakeClock({ start: Date.now() });
  const errors: Error[] = [];
  return {
    redactor,
    log,
    lines,
    clock,
    errors,
    env: f.oidcEnv,
    random: () => 0.5,
    haystack: () => [
      { where: 'log (debug included)', text: lines.join('\n') },
      ...errors.map((e, i) => ({ where: `error #${i}`, text: chain(e) })),
    ],
  };
}

/** Message, stack and causes, as run-action prints them (message in the annotation, the rest at debug). */
function chain(error: unknown): string {
  const parts: string[] = [];
  for (let e = error, depth = 0; e !== undefined && depth < 5; depth++) {
    parts.push(e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e));
    e = e instanceof Error ? e.cause : undefined;
  }
  return parts.join('\ncaused by: ');
}

async function failure(d: ReturnType<typeof deps>, p: Promise<unknown>): Promise<Error> {
  const error = await p.then(
    () => assert.fail('expected a failure'),
    (e: unknown) => e as Error,
  );
  d.errors.push(error);
  return error;
}

const attempts = (em: { requests: { operation: string }[] }, operation: string): number => em.requests.filter((r) => r.operation === operation).length;
const token = (audience: string | undefined, d: ReturnType<typeof deps>): Promise<IdToken> => requestIdToken(audience, d);

describe('AWS AssumeRoleWithWebIdentity', () => {
  const aws = (d: ReturnType<typeof deps>, extra: Partial<Parameters<typeof assumeRoleWithWebIdentity>[1]> = {}) => ({
    ...d,
    roleArn: AWS_ROLE,
    region: 'us-east-1',
    stsEndpoint: f.aws.url,
    env: { GITHUB_RUN_ID: '42', GITHUB_RUN_ATTEMPT: '2' },
    ...extra,
  });

  it('returns session credentials, each part masked, and logs nothing secret', async () => {
    const d = deps();
    const c = await assumeRoleWithWebIdentity(await token('sts.amazonaws.com', d), aws(d, { durationSeconds: 7200 }));
    const issued = f.aws.issued().at(-1)!;
    assert.deepEqual([c.accessKeyId, c.secretAccessKey, c.sessionToken, c.expiresAt], [issued.accessKeyId, issued.secretAccessKey, issued.sessionToken, issued.expiresAt]);
    assert.equal(issued.sessionName, 'GitHubActions-42-2');
    assert.equal(c.assumedRoleArn, 'arn:aws:sts::123456789012:assumed-role/deploy/GitHubActions-42-2');
    for (const s of secretParts(c)) assert.ok(d.redactor.registered.includes(s));
    assert.ok(Math.abs(c.expiresAt - Date.now() - 7_200_000) < 5000);
    assertNoLeaks(f.allSecrets(), d.haystack());
    // Control: the scan does see these credentials.
    assert.throws(() => assertNoLeaks(f.allSecrets(), [{ where: 'control', text: `key ${Buffer.from(c.secretAccessKey).toString('base64')}` }]), /secret leak/);
  });

  it("retries STS's transient \"Couldn't retrieve verification key\" (JWKS unreachable twice), then succeeds (C5)", async () => {
    const d = deps();
    const t = await token('sts.amazonaws.com', d);
    f.github.faults.inject({ route: 'oidc/jwks', statuses: [503, 503] });
    const before = attempts(f.aws, 'sts:AssumeRoleWithWebIdentity');
    const c = await assumeRoleWithWebIdentity(t, aws(d));
    assert.ok(c.accessKeyId);
    assert.equal(attempts(f.aws, 'sts:AssumeRoleWithWebIdentity') - before, 3);
    assert.equal(d.clock.sleeps.length, 2);
    assert.equal(d.lines.filter((l) => /attempt \d\/5 failed \(InvalidIdentityToken, status 400/.test(l)).length, 2);
  });

  it('retries throttling and IDPCommunicationError', async () => {
    const d = deps();
    f.aws.faults.inject({ operation: 'sts:AssumeRoleWithWebIdentity', status: 400, code: 'Throttling', message: 'Rate exceeded' });
    f.aws.faults.inject({ operation: 'sts:AssumeRoleWithWebIdentity', from: 2, status: 400, code: 'IDPCommunicationError', message: 'no answer' });
    assert.ok((await assumeRoleWithWebIdentity(await token('sts.amazonaws.com', d), aws(d))).sessionToken);
    assert.equal(d.clock.sleeps.length, 2);
  });

  it('AccessDenied: one attempt, and the message points at the sub/aud trust conditions with this token\'s values (C6)', async () => {
    f.aws.seed.role({ arn: 'arn:aws:iam::123456789012:role/prod', trust: { aud: 'sts.amazonaws.com', sub: `repo:${REPO}:environment:production` } });
    const d = deps();
    const before = attempts(f.aws, 'sts:AssumeRoleWithWebIdentity');
    const error = await failure(d, assumeRoleWithWebIdentity(await token('sts.amazonaws.com', d), aws(d, { roleArn: 'arn:aws:iam::123456789012:role/prod' })));
    assert.ok(error instanceof UserError);
    assert.equal(attempts(f.aws, 'sts:AssumeRoleWithWebIdentity') - before, 1);
    assert.deepEqual(d.clock.sleeps, []);
    assert.match(error.message, /AWS refused to let this workflow assume arn:aws:iam::123456789012:role\/prod \(AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity\)/);
    assert.match(error.message, /conditions on 127\.0\.0\.1:\d+:sub and 127\.0\.0\.1:\d+:aud must match this token: sub 'repo:octo-org\/app:ref:refs\/heads\/main' and aud 'sts\.amazonaws\.com'/);
    assertNoLeaks(f.allSecrets(), d.haystack());
  });

  it('a wrong audience is refused by STS and reported without retry (C7)', async () => {
    const d = deps();
    const error = await failure(d, assumeRoleWithWebIdentity(await token('api://AzureADTokenExchange', d), aws(d)));
    assert.ok(error instanceof UserError);
    assert.match(error.message, /AWS STS rejected the OIDC token \(InvalidIdentityToken: Incorrect token audience\).*audiences \(client ids\) include 'api:\/\/AzureADTokenExchange'/);
    assert.deepEqual(d.clock.sleeps, []);
  });

  it('an expired token is an IdTokenExpiredError (the source then asks for a fresh one)', async () => {
    f.github.seed.oidc({ ttlSeconds: -1 });
    const d = deps();
    const error = await failure(d, assumeRoleWithWebIdentity(await token('sts.amazonaws.com', d), aws(d)));
    assert.ok(error instanceof IdTokenExpiredError);
    assert.match(error.message, /ExpiredTokenException/);
  });

  it('knows the public endpoints, and parses STS XML', () => {
    assert.equal(defaultStsEndpoint('eu-west-1'), 'https://sts.eu-west-1.amazonaws.com');
    assert.equal(defaultStsEndpoint('cn-north-1'), 'https://sts.cn-north-1.amazonaws.com.cn');
    assert.equal(defaultSessionName({}), 'GitHubActions');
    assert.equal(xmlTag('<a><Message>it&apos;s &lt;b&gt; &#x41;</Message></a>', 'Message'), "it's <b> A");
  });
});

describe('Google Cloud', () => {
  const gcp = (d: ReturnType<typeof deps>, extra: Partial<Parameters<typeof exchangeGcp>[1]> = {}) => ({
    ...d,
    workloadIdentityProvider: GCP_PROVIDER,
    stsEndpoint: f.gcp.url,
    iamCredentialsEndpoint: f.gcp.url,
    ...extra,
  });
  const audience = `https://iam.googleapis.com/${GCP_PROVIDER}`;

  it('direct workload identity federation and service account impersonation', async () => {
    const d = deps();
    const direct = await exchangeGcp(await token(audience, d), gcp(d, { projectId: 'my-project' }));
    assert.equal(f.gcp.tokenInfo(direct.accessToken)?.kind, 'federated');
    assert.equal(direct.projectId, 'my-project');
    const sa = await exchangeGcp(await token(audience, d), gcp(d, { serviceAccount: GCP_SERVICE_ACCOUNT, lifetimeSeconds: 1200 }));
    assert.equal(f.gcp.tokenInfo(sa.accessToken)?.serviceAccount, GCP_SERVICE_ACCOUNT);
    assert.ok(Math.abs(sa.expiresAt - Date.now() - 1_200_000) < 5000);
    // The federated token of the impersonation is masked too, though never returned.
    assert.equal(f.gcp.issuedSecrets().filter((s) => !d.redactor.registered.includes(s)).length, 0);
    assertNoLeaks(f.allSecrets(), d.haystack());
  });

  it('explains a wrong audience, a rejecting attribute condition and a missing workloadIdentityUser binding, without retrying', async () => {
    const d = deps();
    const wrongAud = await failure(d, exchangeGcp(await token('sts.amazonaws.com', d), gcp(d)));
    assert.match(wrongAud.message, /Google STS refused the OIDC token's audience \(invalid_grant: The audience in ID Token \[sts.amazonaws.com\].*set gcp-audience to match/);
    const strict = 'projects/123456789/locations/global/workloadIdentityPools/github/providers/mainonly';
    f.gcp.seed.provider({ name: strict, issuer: f.github.oidc.issuer, attributeCondition: "assertion.ref == 'refs/heads/release'" });
    const condition = await failure(d, exchangeGcp(await token(`https://iam.googleapis.com/${strict}`, d), gcp(d, { workloadIdentityProvider: strict })));
    assert.match(condition.message, /attribute condition of .*mainonly must accept this token: sub=repo:octo-org\/app:ref:refs\/heads\/main/);
    const denied = await failure(d, exchangeGcp(await token(audience, d), gcp(d, { serviceAccount: 'other@my-project.iam.gserviceaccount.com' })));
    assert.match(denied.message, /Grant roles\/iam.workloadIdentityUser on the service account to principalSet:\/\/iam.googleapis.com\/projects\/123456789\/locations\/global\/workloadIdentityPools\/github\/attribute.repository\/octo-org\/app/);
    for (const e of [wrongAud, condition, denied]) assert.ok(e instanceof UserError);
    assert.deepEqual(d.clock.sleeps, []);
    assertNoLeaks(f.allSecrets(), d.haystack());
  });

  it('retries a 503 from STS', async () => {
    const d = deps();
    f.gcp.faults.inject({ operation: 'sts:token', status: 503, code: 'temporarily_unavailable' });
    assert.ok((await exchangeGcp(await token(audience, d), gcp(d))).accessToken);
    assert.equal(d.clock.sleeps.length, 1);
  });
});

describe('Azure', () => {
  const azure = (d: ReturnType<typeof deps>) => ({ ...d, clientId: AZURE_CLIENT, tenantId: AZURE_TENANT, subscriptionId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee', authorityHost: f.azure.url });

  it('client assertion → access token', async () => {
    const d = deps();
    const c = await exchangeAzure(await token('api://AzureADTokenExchange', d), azure(d));
    assert.equal(f.azure.tokenInfo(c.accessToken)?.scope, 'https://management.azure.com/.default');
    assert.equal(c.subscriptionId, 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee');
    assert.ok(d.redactor.registered.includes(c.accessToken));
  });

  it('no matching federated credential: says which issuer, subject and audience to add; AADSTS50166 is retried', async () => {
    const d = deps();
    f.github.seed.oidc({ environment: 'staging' });
    const error = await failure(d, exchangeAzure(await token('api://AzureADTokenExchange', d), azure(d)));
    assert.ok(error instanceof UserError);
    assert.match(error.message, /found no federated credential of application 66666666-7777-8888-9999-000000000000.*AADSTS70021.*sub 'repo:octo-org\/app:environment:staging' and aud 'api:\/\/AzureADTokenExchange'/);
    f.github.seed.oidc({ environment: undefined });
    const t = await token('api://AzureADTokenExchange', d);
    f.github.faults.inject({ route: 'oidc/discovery', statuses: [502] });
    assert.ok((await exchangeAzure(t, azure(d))).accessToken);
    assert.ok(d.lines.some((l) => /failed \(AADSTS50166, status 400/.test(l)));
    assertNoLeaks(f.allSecrets(), d.haystack());
  });
});

describe('Vault', () => {
  const vault = (d: ReturnType<typeof deps>, role = VAULT_ROLE) => ({ ...d, url: f.vault.url, role, mount: 'jwt' });

  it('logs in, masks token and accessor, and revokes', async () => {
    const d = deps();
    const c = await vaultJwtLogin(await token('https://github.com/octo-org', d), vault(d));
    assert.deepEqual(c.policies, ['default', 'app-secrets']);
    assert.ok(d.redactor.registered.includes(c.token) && d.redactor.registered.includes(c.accessor!));
    assert.ok(Math.abs(c.expiresAt - Date.now() - 600_000) < 5000);
    assert.equal(await revokeVaultToken(c, {}), true);
    assert.equal(f.vault.tokens().find((t) => t.accessor === c.accessor)?.revoked, true);
  });

  it('explains audience and bound-claim refusals, and a missing role', async () => {
    const d = deps();
    const aud = await failure(d, vaultJwtLogin(await token('sts.amazonaws.com', d), vault(d)));
    assert.match(aud.message, /Vault refused the OIDC token's audience .*Role deploy must list it in bound_audiences; this token has sub 'repo:octo-org\/app:ref:refs\/heads\/main' and aud 'sts.amazonaws.com'/);
    f.vault.seed.jwtRole({ name: 'tags', boundAudiences: ['https://github.com/octo-org'], boundClaims: { ref: 'refs/tags/*' }, boundClaimsType: 'glob', policies: [] });
    const claims = await failure(d, vaultJwtLogin(await token('https://github.com/octo-org', d), vault(d, 'tags')));
    assert.match(claims.message, /bound_subject and bound_claims of role tags must match this token: sub=.* ref=refs\/heads\/main/);
    const missing = await failure(d, vaultJwtLogin(await token('https://github.com/octo-org', d), vault(d, 'ghost')));
    assert.match(missing.message, /Vault has no JWT role ghost at auth mount jwt/);
    assert.deepEqual(d.clock.sleeps, []);
    assertNoLeaks(f.allSecrets(), d.haystack());
  });
});

describe('createCredentialSource / obtainCredentials', () => {
  it('loads only the chosen provider, requests the token with its audience, and fails fast on trust errors', async () => {
    const d = deps();
    const source = await obtainCredentials(
      { provider: 'azure', audience: 'api://AzureADTokenExchange', exportCredentials: false, clientId: AZURE_CLIENT, tenantId: AZURE_TENANT, subscriptionId: undefined, scope: 'https://management.azure.com/.default', authorityHost: f.azure.url },
      d,
    );
    assert.equal(source.current()?.provider, 'azure');
    assert.equal(source.exchanges, 1);
    const aws = await createCredentialSource(
      { provider: 'aws', audience: 'sts.amazonaws.com', exportCredentials: false, roleArn: 'arn:aws:iam::123456789012:role/none', region: 'us-east-1', durationSeconds: 900, sessionName: undefined, stsEndpoint: f.aws.url },
      d,
    );
    assert.equal(aws.current(), undefined, 'nothing requested before get()');
    const error = await failure(d, aws.get());
    assert.match(error.message, /AccessDenied/);
    assertNoLeaks(f.allSecrets(), d.haystack());
  });

  it('re-requests the OIDC token once when the cloud finds it expired', async () => {
    f.github.seed.oidc({ ttlSeconds: -1 });
    const d = deps();
    const before = f.github.oidc.issuedTokens().length;
    const source = await createCredentialSource(
      { provider: 'vault', audience: 'https://github.com/octo-org', exportCredentials: false, url: f.vault.url, role: VAULT_ROLE, mount: 'jwt', namespace: undefined },
      d,
    );
    const error = await failure(d, source.get());
    assert.ok(error instanceof IdTokenExpiredError);
    assert.equal(f.github.oidc.issuedTokens().length - before, 2, 'a fresh token was requested once');
  });
});
