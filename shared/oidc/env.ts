import * as core from '@actions/core';
import type { Redactor } from '../redact.ts';
import type { Credentials } from './types.ts';

/**
 * How credentials reach other processes. A child process (deploy's `run`, provision's tools) gets
 * them in its own environment only (`childEnv`, passed to shared/exec.ts). Later steps of the job
 * get them only when the user opts in (`export-credentials: true` → `exportCredentials`).
 */

export interface ChildEnvOptions {
  /** A file holding the Google access token (writeCredentialFile), for gcloud's CLOUDSDK_AUTH_ACCESS_TOKEN_FILE. */
  gcloudAccessTokenFile?: string;
}

/** The environment variables a child process needs to use `credentials`. */
export function childEnv(credentials: Credentials, options: ChildEnvOptions = {}): Record<string, string> {
  switch (credentials.provider) {
    case 'aws':
      return {
        AWS_ACCESS_KEY_ID: credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        AWS_SESSION_TOKEN: credentials.sessionToken,
        AWS_REGION: credentials.region,
        AWS_DEFAULT_REGION: credentials.region,
        AWS_CREDENTIAL_EXPIRATION: new Date(credentials.expiresAt).toISOString(),
      };
    case 'gcp':
      return {
        GOOGLE_OAUTH_ACCESS_TOKEN: credentials.accessToken,
        ...(options.gcloudAccessTokenFile ? { CLOUDSDK_AUTH_ACCESS_TOKEN_FILE: options.gcloudAccessTokenFile } : {}),
        ...(credentials.projectId
          ? { GOOGLE_CLOUD_PROJECT: credentials.projectId, CLOUDSDK_CORE_PROJECT: credentials.projectId, CLOUDSDK_PROJECT: credentials.projectId }
          : {}),
      };
    case 'azure':
      return {
        AZURE_ACCESS_TOKEN: credentials.accessToken,
        AZURE_CLIENT_ID: credentials.clientId,
        AZURE_TENANT_ID: credentials.tenantId,
        ...(credentials.subscriptionId ? { AZURE_SUBSCRIPTION_ID: credentials.subscriptionId } : {}),
      };
    case 'vault':
      return {
        VAULT_ADDR: credentials.address,
        VAULT_TOKEN: credentials.token,
        ...(credentials.namespace ? { VAULT_NAMESPACE: credentials.namespace } : {}),
      };
  }
}

/** The secret parts of `credentials` (what must be masked before anything is exported or logged). */
export function secretParts(credentials: Credentials): string[] {
  switch (credentials.provider) {
    case 'aws':
      return [credentials.accessKeyId, credentials.secretAccessKey, credentials.sessionToken];
    case 'gcp':
    case 'azure':
      return [credentials.accessToken];
    case 'vault':
      return [credentials.token, ...(credentials.accessor ? [credentials.accessor] : [])];
  }
}

/**
 * Exports `childEnv(credentials)` to later steps of the job (GITHUB_ENV). Opt-in only. Every
 * secret part is (re-)registered with the redactor first, so the runner masks it in later steps.
 * Returns the names exported.
 */
export function exportCredentials(
  credentials: Credentials,
  opts: { redactor: Redactor; exportVariable?: (name: string, value: string) => void } & ChildEnvOptions,
): string[] {
  for (const secret of secretParts(credentials)) opts.redactor.add(secret);
  const exportVariable = opts.exportVariable ?? core.exportVariable;
  const env = childEnv(credentials, opts);
  for (const [name, value] of Object.entries(env)) exportVariable(name, value);
  return Object.keys(env);
}
