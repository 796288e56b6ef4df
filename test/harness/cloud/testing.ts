// Helpers for tests that need GitHub's OIDC token service and the four clouds: a GitHub emulator
// with one repository, the cloud emulators trusting it, and one working trust setup per cloud.
import { createLogger, type LogSink, type Logger } from '../../../shared/log.ts';
import { Redactor } from '../../../shared/redact.ts';
import { startGitHubEmulator, type GitHubEmulator } from '../github/index.ts';
import { startCloudEmulators, type CloudEmulators } from './index.ts';
import { SECRETS_OFFICER } from './keyvault.ts';

export const REPO = 'octo-org/app';
export const AWS_ROLE = 'arn:aws:iam::123456789012:role/deploy';
export const GCP_PROVIDER = 'projects/123456789/locations/global/workloadIdentityPools/github/providers/actions';
export const GCP_SERVICE_ACCOUNT = 'deploy@my-project.iam.gserviceaccount.com';
export const AZURE_TENANT = '11111111-2222-3333-4444-555555555555';
export const AZURE_CLIENT = '66666666-7777-8888-9999-000000000000';
export const VAULT_ROLE = 'deploy';
/** A Key Vault the Azure app may read and write secrets of ('Key Vault Secrets Officer'). */
export const AZURE_VAULT = 'app-vault';
/** A Google Cloud project whose secrets the service account may rotate (the permissions rotate-secret documents). */
export const GCP_PROJECT = 'my-project';
export const GCP_PROJECT_NUMBER = '123456789';
export const GCP_ROTATOR_PERMISSIONS = [
  'secretmanager.secrets.get',
  'secretmanager.secrets.update',
  'secretmanager.versions.add',
  'secretmanager.versions.access',
  'secretmanager.versions.disable',
] as const;

export interface CloudFixture extends CloudEmulators {
  github: GitHubEmulator;
  /** ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN of the GitHub emulator. */
  oidcEnv: Record<string, string>;
  /** A JWT straight from the token endpoint (no retry, no masking: for emulator tests). */
  jwt(audience?: string): Promise<string>;
  /** Every secret handed out by GitHub's token service and the clouds, plus the request bearer. */
  allSecrets(): string[];
  closeAll(): Promise<void>;
}

/**
 * GitHub emulator (repository octo-org/app, branch main) plus the four clouds, each trusting it:
 * - AWS: role AWS_ROLE with aud = sts.amazonaws.com and sub like repo:octo-org/app:* (max session 4 h);
 * - GCP: provider GCP_PROVIDER (condition repository_owner == 'octo-org'); GCP_SERVICE_ACCOUNT impersonable by the repository;
 * - GCP Secret Manager: project GCP_PROJECT (number GCP_PROJECT_NUMBER) where GCP_SERVICE_ACCOUNT holds GCP_ROTATOR_PERMISSIONS;
 * - Azure: app AZURE_CLIENT in AZURE_TENANT with a federated credential for sub repo:octo-org/app:ref:refs/heads/main,
 *   'Key Vault Secrets Officer' on the vault AZURE_VAULT;
 * - Vault: role VAULT_ROLE (aud https://github.com/octo-org, repository octo-org/app, 10 min tokens) with
 *   create/read/update on secret/data/app/* and read/create/update/patch on secret/metadata/app/*.
 */
export async function cloudFixture(opts: { now?: () => number } = {}): Promise<CloudFixture> {
  const github = await startGitHubEmulator();
  github.seed.org('octo-org');
  github.seed.repo(REPO);
  const issuer = github.oidc.issuer;
  const clouds = await startCloudEmulators({ issuer, ...(opts.now ? { now: opts.now } : {}) });
  clouds.aws.seed.role({ arn: AWS_ROLE, trust: { aud: 'sts.amazonaws.com', sub: `repo:${REPO}:*` }, maxSessionDurationSeconds: 4 * 3600 });
  clouds.gcp.seed.provider({ name: GCP_PROVIDER, issuer, attributeCondition: "assertion.repository_owner == 'octo-org'" });
  clouds.gcp.seed.serviceAccount({
    email: GCP_SERVICE_ACCOUNT,
    members: [`principalSet://iam.googleapis.com/${GCP_PROVIDER.replace(/\/providers\/.*$/, '')}/attribute.repository/${REPO}`],
  });
  clouds.gcp.seed.project({ id: GCP_PROJECT, number: GCP_PROJECT_NUMBER, bindings: [{ permissions: GCP_ROTATOR_PERMISSIONS, members: [`serviceAccount:${GCP_SERVICE_ACCOUNT}`] }] });
  clouds.azure.seed.app({ tenantId: AZURE_TENANT, clientId: AZURE_CLIENT, federatedCredentials: [{ issuer, subject: `repo:${REPO}:ref:refs/heads/main` }] });
  clouds.azure.seed.vault({ name: AZURE_VAULT, access: { [AZURE_CLIENT]: SECRETS_OFFICER } });
  clouds.vault.seed.policy('app-secrets', { 'secret/data/app/*': ['create', 'read', 'update'], 'secret/metadata/app/*': ['read', 'create', 'update', 'patch'] });
  clouds.vault.seed.jwtRole({ name: VAULT_ROLE, boundAudiences: ['https://github.com/octo-org'], boundClaims: { repository: REPO }, policies: ['app-secrets'] });

  const oidcEnv = { ACTIONS_ID_TOKEN_REQUEST_URL: github.oidc.requestUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: github.oidc.requestToken };
  return {
    ...clouds,
    github,
    oidcEnv,
    async jwt(audience) {
      const url = audience === undefined ? github.oidc.requestUrl : `${github.oidc.requestUrl}&audience=${encodeURIComponent(audience)}`;
      const res = await fetch(url, { headers: { authorization: `Bearer ${github.oidc.requestToken}` } });
      if (res.status !== 200) throw new Error(`token endpoint answered ${res.status}`);
      return ((await res.json()) as { value: string }).value;
    },
    allSecrets: () => [...github.oidc.issuedTokens(), github.oidc.requestToken, ...clouds.issuedSecrets()],
    async closeAll() {
      await Promise.all([clouds.close(), github.close()]);
    },
  };
}

/** A Logger (shared/log.ts) whose every line — debug included — is kept, as the runner would print it before masking. */
export function recordingLogger(redactor: Redactor): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const sink: LogSink = {
    debug: (m) => void lines.push(`::debug::${m}`),
    info: (m) => void lines.push(m),
    warning: (m) => void lines.push(`::warning::${m}`),
    error: (m) => void lines.push(`::error::${m}`),
    startGroup: (n) => void lines.push(`::group::${n}`),
    endGroup: () => void lines.push('::endgroup::'),
  };
  return { log: createLogger({ redactor, sink }), lines };
}

/** A Redactor that records what it registers instead of printing ::add-mask:: lines. */
export function quietRedactor(): Redactor & { registered: string[] } {
  const registered: string[] = [];
  const r = new Redactor((v) => void registered.push(v)) as Redactor & { registered: string[] };
  Object.defineProperty(r, 'registered', { value: registered });
  return r;
}
