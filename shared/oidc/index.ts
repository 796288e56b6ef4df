import type { ProviderConfig } from './spec.ts';
import { CredentialSource } from './source.ts';
import { requestIdToken } from './token.ts';
import type { CallDeps, CredentialsOf, IdToken } from './types.ts';

/**
 * Cloud credentials from the job's OIDC token. An action loads this module with `await import()`
 * only when its `cloud` input is not `none`, and each provider's exchange is loaded the same way
 * when chosen — a run without cloud loads none of it (docs/architecture.md, start path).
 *
 * ```ts
 * const cloud = validateCloud(settings);                       // spec.ts, at input time
 * if (cloud.provider !== 'none') {
 *   const { obtainCredentials, childEnv } = await import('../../../shared/oidc/index.ts');
 *   const source = await obtainCredentials(cloud, { redactor, log, signal });
 *   await execFile('bash', [script], { env: childEnv(await source.get()), redactor });
 * }
 * ```
 */

export { CredentialSource, DEFAULT_REFRESH_MARGIN_MS, type CredentialSourceOptions } from './source.ts';
export { requestIdToken, idTokenRequestSettings, decodeClaims, describeClaims, ID_TOKEN_PERMISSION_HINT, type IdTokenOptions } from './token.ts';
export { childEnv, exportCredentials, secretParts, type ChildEnvOptions } from './env.ts';
export { writeCredentialFile, removeCredentialFiles, CREDENTIAL_FILE_PREFIX, type CredentialFileOptions } from './files.ts';
export { IdTokenExpiredError } from './errors.ts';
export { CloudServiceError } from './http.ts';
export type * from './types.ts';
export type * from './spec.ts';

export interface CredentialSourceDeps extends CallDeps {
  /** Where ACTIONS_ID_TOKEN_REQUEST_*, GITHUB_RUN_ID… are read. Default: process.env. */
  env?: Record<string, string | undefined>;
  /** Refresh this long before expiry (default 5 minutes, at most half the lifetime). */
  marginMs?: number;
}

/**
 * A CredentialSource for `config`, loading only that provider's exchange. Nothing is requested
 * until the first `get()`.
 */
export async function createCredentialSource<P extends ProviderConfig>(
  config: P,
  deps: CredentialSourceDeps,
): Promise<CredentialSource<CredentialsOf<P['provider']>>> {
  const exchange = (await loadExchange(config, deps)) as (token: IdToken) => Promise<CredentialsOf<P['provider']>>;
  const revoke = config.provider === 'vault' ? await loadVaultRevoke(deps) : undefined;
  return new CredentialSource<CredentialsOf<P['provider']>>({
    provider: config.provider,
    audience: config.audience,
    requestToken: (audience) => requestIdToken(audience, deps),
    exchange,
    ...(deps.clock ? { clock: deps.clock } : {}),
    ...(deps.marginMs !== undefined ? { marginMs: deps.marginMs } : {}),
    ...(deps.log ? { log: deps.log } : {}),
    ...(revoke ? { revoke: revoke as (c: CredentialsOf<P['provider']>) => Promise<boolean> } : {}),
  });
}

/** createCredentialSource, then the first `get()`: fails fast (missing permission, trust mismatch) before the action does anything. */
export async function obtainCredentials<P extends ProviderConfig>(
  config: P,
  deps: CredentialSourceDeps,
): Promise<CredentialSource<CredentialsOf<P['provider']>>> {
  const source = await createCredentialSource(config, deps);
  await source.get();
  return source;
}

async function loadExchange(config: ProviderConfig, deps: CredentialSourceDeps): Promise<(token: IdToken) => Promise<unknown>> {
  switch (config.provider) {
    case 'aws': {
      const { assumeRoleWithWebIdentity } = await import('./aws.ts');
      return (token) =>
        assumeRoleWithWebIdentity(token, {
          ...deps,
          roleArn: config.roleArn,
          region: config.region,
          durationSeconds: config.durationSeconds,
          ...(config.sessionName ? { sessionName: config.sessionName } : {}),
          ...(config.stsEndpoint ? { stsEndpoint: config.stsEndpoint } : {}),
        });
    }
    case 'gcp': {
      const { exchangeGcp } = await import('./gcp.ts');
      return (token) =>
        exchangeGcp(token, {
          ...deps,
          workloadIdentityProvider: config.workloadIdentityProvider,
          ...(config.serviceAccount ? { serviceAccount: config.serviceAccount } : {}),
          ...(config.projectId ? { projectId: config.projectId } : {}),
          stsEndpoint: config.stsEndpoint,
          iamCredentialsEndpoint: config.iamCredentialsEndpoint,
        });
    }
    case 'azure': {
      const { exchangeAzure } = await import('./azure.ts');
      return (token) =>
        exchangeAzure(token, {
          ...deps,
          clientId: config.clientId,
          tenantId: config.tenantId,
          ...(config.subscriptionId ? { subscriptionId: config.subscriptionId } : {}),
          scope: config.scope,
          authorityHost: config.authorityHost,
        });
    }
    case 'vault': {
      const { vaultJwtLogin } = await import('./vault.ts');
      return (token) =>
        vaultJwtLogin(token, { ...deps, url: config.url, role: config.role, mount: config.mount, ...(config.namespace ? { namespace: config.namespace } : {}) });
    }
  }
}

async function loadVaultRevoke(deps: CredentialSourceDeps): Promise<(c: CredentialsOf<'vault'>) => Promise<boolean>> {
  const { revokeVaultToken } = await import('./vault.ts');
  return (c) => revokeVaultToken(c, deps);
}
