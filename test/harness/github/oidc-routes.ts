// HTTP side of the OIDC provider: the runner's token endpoint, discovery and JWKS.
import type { Core } from './core.ts';
import type { Reply } from './handler.ts';
import type { OidcInfo } from './types.ts';

export function oidcInfo(core: Core): OidcInfo {
  return {
    requestUrl: `${core.url}/_oidc/idtoken?api-version=2.0`,
    requestToken: core.oidc.requestToken,
    issuer: core.url,
    jwksUrl: `${core.url}/.well-known/jwks`,
  };
}

export function callOidc(core: Core, operationId: string, url: URL, headers: Record<string, string>): Reply {
  const info = oidcInfo(core);
  if (operationId === 'oidc/discovery') return { status: 200, body: core.oidc.discovery(info.issuer, info.jwksUrl) };
  if (operationId === 'oidc/jwks') return { status: 200, body: core.oidc.jwks() };
  if (headers['authorization'] !== `Bearer ${core.oidc.requestToken}`) {
    return { status: 401, body: { message: 'Unauthorized: missing or invalid bearer token for the ID token request' } };
  }
  // Ids come from the configured repository when it is seeded, else from the first seeded one.
  const configured = core.oidc.config.repository;
  const repo = configured ? core.store.repos.get(configured.toLowerCase()) : core.store.repos.values().next().value;
  const claims = core.oidc.claims(info.issuer, url.searchParams.get('audience') ?? undefined, {
    repository: repo?.fullName ?? 'octo-org/octo-repo',
    repositoryId: repo?.id ?? 123456,
    ownerId: repo?.owner.id ?? 654321,
  });
  return { status: 200, body: { value: core.oidc.sign(claims) } };
}
