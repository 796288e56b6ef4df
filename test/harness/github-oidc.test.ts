// The OIDC token endpoint issues RS256 JWTs verifiable against the served JWKS.
import assert from 'node:assert/strict';
import { createPublicKey, verify } from 'node:crypto';
import type { JsonWebKey } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { fixture, type Fixture } from './github/testing.ts';

function decode(jwt: string): { header: Record<string, unknown>; claims: Record<string, unknown>; input: string; signature: Buffer } {
  const [h, p, s] = jwt.split('.');
  assert.ok(h && p && s, 'three JWT segments');
  return {
    header: JSON.parse(Buffer.from(h, 'base64url').toString()) as Record<string, unknown>,
    claims: JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>,
    input: `${h}.${p}`,
    signature: Buffer.from(s, 'base64url'),
  };
}

describe('GitHub emulator: OIDC', () => {
  let f: Fixture;
  before(async () => {
    f = await fixture();
  });
  after(() => f.em.close());

  const requestToken = async (audience?: string, bearer = f.em.oidc.requestToken) => {
    const url = audience ? `${f.em.oidc.requestUrl}&audience=${encodeURIComponent(audience)}` : f.em.oidc.requestUrl;
    return fetch(url, { headers: { authorization: `Bearer ${bearer}` } });
  };

  it('issues a JWT whose signature verifies against the JWKS found through discovery', async () => {
    const res = await requestToken('sts.amazonaws.com');
    assert.equal(res.status, 200);
    const { value } = (await res.json()) as { value: string };
    const jwt = decode(value);
    assert.equal(jwt.header['alg'], 'RS256');

    const discovery = (await (await fetch(`${f.em.oidc.issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    assert.equal(discovery['issuer'], f.em.oidc.issuer);
    assert.equal(discovery['jwks_uri'], f.em.oidc.jwksUrl);
    const jwks = (await (await fetch(String(discovery['jwks_uri']))).json()) as { keys: (JsonWebKey & { kid: string })[] };
    const jwk = jwks.keys.find((k) => k.kid === jwt.header['kid']);
    assert.ok(jwk, 'kid found in JWKS');
    const key = createPublicKey({ key: jwk, format: 'jwk' });
    assert.equal(verify('sha256', Buffer.from(jwt.input), key, jwt.signature), true);
    const tampered = Buffer.from(jwt.input.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')));
    assert.equal(verify('sha256', tampered, key, jwt.signature), false);
    assert.deepEqual(f.em.oidc.issuedTokens(), [value]);
  });

  it('carries GitHub claims for the seeded repository', async () => {
    const { claims } = decode(((await (await requestToken('api://deploy')).json()) as { value: string }).value);
    assert.equal(claims['iss'], f.em.oidc.issuer);
    assert.equal(claims['aud'], 'api://deploy');
    assert.equal(claims['sub'], 'repo:octo-org/app:ref:refs/heads/main');
    assert.equal(claims['repository'], 'octo-org/app');
    assert.equal(claims['repository_owner'], 'octo-org');
    assert.equal(claims['repository_id'], String(f.repoId));
    assert.equal(claims['ref'], 'refs/heads/main');
    assert.equal(claims['job_workflow_ref'], 'octo-org/app/.github/workflows/deploy.yml@refs/heads/main');
    for (const k of ['sha', 'workflow', 'run_id', 'run_attempt', 'actor', 'event_name', 'jti']) assert.equal(typeof claims[k], 'string', k);
    assert.equal(claims['exp'], Number(claims['iat']) + 300);
    assert.ok(Number(claims['nbf']) <= Number(claims['iat']));
    assert.equal('environment' in claims, false);
  });

  it('defaults the audience to the owner URL and uses the environment subject when configured', async () => {
    f.em.seed.oidc({ environment: 'production', actor: 'deployer', claims: { runner_environment: 'self-hosted' } });
    const { claims } = decode(((await (await requestToken()).json()) as { value: string }).value);
    assert.equal(claims['aud'], 'https://github.com/octo-org');
    assert.equal(claims['sub'], 'repo:octo-org/app:environment:production');
    assert.equal(claims['environment'], 'production');
    assert.equal(claims['actor'], 'deployer');
    assert.equal(claims['runner_environment'], 'self-hosted');
    f.em.seed.oidc({ claims: { sub: 'repo:octo-org/app:pull_request' }, ttlSeconds: 60 });
    const second = decode(((await (await requestToken()).json()) as { value: string }).value).claims;
    assert.equal(second['sub'], 'repo:octo-org/app:pull_request');
    assert.equal(second['exp'], Number(second['iat']) + 60);
  });

  it('answers 401 without the runtime bearer token', async () => {
    assert.equal((await fetch(f.em.oidc.requestUrl)).status, 401);
    assert.equal((await requestToken('x', 'wrong')).status, 401);
  });

  it('can fail like the token service (503 three times, then a token)', async () => {
    f.em.faults.inject({ route: 'oidc/token', statuses: [503, 503, 503] });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await requestToken('x')).status);
    assert.deepEqual(statuses, [503, 503, 503, 200]);
    f.em.faults.clear();
  });
});
