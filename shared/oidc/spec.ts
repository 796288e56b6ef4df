import { InputError } from '../errors.ts';
import { input, type Field, type Settings } from '../inputs.ts';

/**
 * The cloud-credential inputs every action that talks to a cloud or runs user code gets, and the
 * cross-field rules between them. This file is on every action's start path (inputs.ts imports it),
 * so it imports nothing but the input helpers: the token request, the exchanges and their HTTP
 * clients live in sibling modules loaded with `await import()` only when `cloud` is not `none`.
 *
 * Defaults live in action.yml only (docs/inputs.md): `cloudInputs` (inputs-doc.ts, off the start path)
 * carries the description and default of each input for the action.yml files, and a field is `required` in code exactly when it has a
 * default there (the runner always fills it in).
 */

export const CLOUDS = ['none', 'aws', 'gcp', 'azure', 'vault'] as const;
export type Cloud = (typeof CLOUDS)[number];

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** An endpoint base URL: https, or http on a loopback host (tests, local emulators); no credentials, query or fragment. */
export function endpoint<R extends boolean = false>(o: { required?: R } = {}): Field<URL, R> {
  const expected = 'an https URL (http only on 127.0.0.1, [::1] or localhost) without user, query or fragment';
  return {
    required: (o.required ?? false) as R,
    secret: false,
    expected,
    parse(raw: string, name: string): URL {
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        throw new InputError(name, raw, expected);
      }
      const httpsOk = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
      if (!httpsOk || url.username || url.password || url.search || url.hash) throw new InputError(name, raw, expected);
      return url;
    },
  };
}

const AUDIENCE = /^[^\s,]{1,512}$/;
const AUDIENCE_TEXT = 'one audience (no spaces or commas, at most 512 characters)';
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export const cloudSpec = {
  cloud: input.enumOf(CLOUDS, { required: true }),
  'export-credentials': input.boolean({ required: true }),

  'aws-role-arn': input.string({
    pattern: /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/,
    patternText: 'an IAM role ARN such as arn:aws:iam::123456789012:role/deploy',
  }),
  'aws-region': input.string({ pattern: /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, patternText: 'an AWS region such as us-east-1' }),
  'aws-audience': input.string({ required: true, pattern: AUDIENCE, patternText: AUDIENCE_TEXT }),
  'aws-role-duration': input.duration({ required: true, min: 900_000, max: 43_200_000 }),
  'aws-role-session-name': input.string({ pattern: /^[\w+=,.@-]{2,64}$/, patternText: '2–64 letters, digits or + = , . @ _ -' }),
  'aws-sts-endpoint': endpoint(),

  'gcp-workload-identity-provider': input.string({
    pattern: /^projects\/\d+\/locations\/global\/workloadIdentityPools\/[a-z0-9-]{4,32}\/providers\/[a-z0-9-]{4,32}$/,
    patternText: 'projects/NUMBER/locations/global/workloadIdentityPools/POOL/providers/PROVIDER',
  }),
  'gcp-service-account': input.string({
    pattern: /^[a-z0-9-]{1,63}@[a-z0-9.-]+\.gserviceaccount\.com$/,
    patternText: 'a service account email such as deploy@my-project.iam.gserviceaccount.com',
  }),
  'gcp-audience': input.string({ pattern: AUDIENCE, patternText: AUDIENCE_TEXT }),
  'gcp-project-id': input.string({ pattern: /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, patternText: 'a Google Cloud project id' }),
  'gcp-sts-endpoint': endpoint({ required: true }),
  'gcp-iam-credentials-endpoint': endpoint({ required: true }),

  'azure-client-id': input.string({ pattern: UUID, patternText: 'an application (client) id, a UUID' }),
  'azure-tenant-id': input.string({
    pattern: /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[a-zA-Z0-9-]+(\.[a-zA-Z0-9-]+)+)$/,
    patternText: 'a directory (tenant) id, a UUID or a domain such as contoso.onmicrosoft.com',
  }),
  'azure-subscription-id': input.string({ pattern: UUID, patternText: 'a subscription id, a UUID' }),
  'azure-audience': input.string({ required: true, pattern: AUDIENCE, patternText: AUDIENCE_TEXT }),
  'azure-scope': input.string({ required: true, pattern: /^\S+\/\.default$/, patternText: 'a resource scope ending in /.default' }),
  'azure-authority-host': endpoint({ required: true }),

  'vault-url': endpoint(),
  'vault-role': input.string({ pattern: /^[\w.@-]{1,256}$/, patternText: 'a Vault role name' }),
  'vault-mount': input.string({ required: true, pattern: /^[\w.-]+(\/[\w.-]+)*$/, patternText: 'a mount path such as jwt or github/jwt' }),
  'vault-namespace': input.string({ pattern: /^[\w.-]+(\/[\w.-]+)*\/?$/, patternText: 'a Vault namespace such as admin/team' }),
  'vault-audience': input.string({ pattern: AUDIENCE, patternText: AUDIENCE_TEXT }),
};

export type CloudSettings = Settings<typeof cloudSpec>;
export type CloudInputName = keyof typeof cloudSpec;


interface ConfigBase {
  /** Export the credentials to later steps of the job (opt-in). */
  readonly exportCredentials: boolean;
  /** The audience to request the OIDC token for (undefined: GitHub's default). */
  readonly audience: string | undefined;
}

export interface AwsConfig extends ConfigBase {
  readonly provider: 'aws';
  readonly audience: string;
  readonly roleArn: string;
  readonly region: string;
  readonly durationSeconds: number;
  readonly sessionName: string | undefined;
  /** Base URL without trailing slash; undefined: the regional public endpoint. */
  readonly stsEndpoint: string | undefined;
}

export interface GcpConfig extends ConfigBase {
  readonly provider: 'gcp';
  readonly audience: string;
  readonly workloadIdentityProvider: string;
  readonly serviceAccount: string | undefined;
  readonly projectId: string | undefined;
  readonly stsEndpoint: string;
  readonly iamCredentialsEndpoint: string;
}

export interface AzureConfig extends ConfigBase {
  readonly provider: 'azure';
  readonly audience: string;
  readonly clientId: string;
  readonly tenantId: string;
  readonly subscriptionId: string | undefined;
  readonly scope: string;
  readonly authorityHost: string;
}

export interface VaultConfig extends ConfigBase {
  readonly provider: 'vault';
  readonly url: string;
  readonly role: string;
  readonly mount: string;
  readonly namespace: string | undefined;
}

export type ProviderConfig = AwsConfig | GcpConfig | AzureConfig | VaultConfig;
export type CloudConfig = { readonly provider: 'none' } | ProviderConfig;

/** Inputs without an action.yml default, by the cloud they belong to (a default says nothing about intent). */
const OWN_INPUTS: Record<Exclude<Cloud, 'none'>, readonly CloudInputName[]> = {
  aws: ['aws-role-arn', 'aws-region', 'aws-role-session-name', 'aws-sts-endpoint'],
  gcp: ['gcp-workload-identity-provider', 'gcp-service-account', 'gcp-audience', 'gcp-project-id'],
  azure: ['azure-client-id', 'azure-tenant-id', 'azure-subscription-id'],
  vault: ['vault-url', 'vault-role', 'vault-namespace', 'vault-audience'],
};

const camel = (name: string): string => name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const base = (url: URL): string => url.href.replace(/\/+$/, '');

/**
 * The cross-field rules: each provider's required inputs, no input of another provider (a forgotten
 * `cloud:` line otherwise runs without credentials), AWS partition and region agreeing, and
 * `export-credentials` only with a cloud. Throws an InputError naming every problem at once.
 */
export function validateCloud(s: CloudSettings): CloudConfig {
  const errors: InputError[] = [];
  const values = s as unknown as Record<string, unknown>;
  const given = (name: CloudInputName): boolean => values[camel(name)] !== undefined;
  const need = (name: CloudInputName, what: string): void => {
    if (!given(name)) errors.push(new InputError(name, '', `${what} (required with cloud: ${s.cloud})`));
  };

  for (const [cloud, names] of Object.entries(OWN_INPUTS)) {
    if (cloud === s.cloud) continue;
    for (const name of names) {
      if (!given(name)) continue;
      const hint = s.cloud === 'none' ? `; set cloud: ${cloud} to use it` : '';
      errors.push(new InputError(name, String(values[camel(name)]), `no value, since cloud is ${s.cloud} (${name} is used only with cloud: ${cloud})${hint}`));
    }
  }

  let config: CloudConfig | undefined;
  switch (s.cloud) {
    case 'none':
      if (s.exportCredentials) errors.push(new InputError('export-credentials', 'true', 'false, since cloud is none (there are no credentials to export)'));
      config = { provider: 'none' };
      break;
    case 'aws': {
      need('aws-role-arn', 'an IAM role ARN');
      need('aws-region', 'an AWS region');
      const partition = s.awsRoleArn?.split(':')[1];
      const region = s.awsRegion;
      if (partition && region) {
        const expected = region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : region.startsWith('us-iso') ? undefined : 'aws';
        if (expected !== undefined && partition !== expected) {
          errors.push(new InputError('aws-role-arn', s.awsRoleArn ?? '', `a role in partition ${expected}, the partition of region ${region}`));
        }
      }
      if (s.awsRoleArn && region) {
        config = {
          provider: 'aws',
          exportCredentials: s.exportCredentials,
          audience: s.awsAudience,
          roleArn: s.awsRoleArn,
          region,
          durationSeconds: Math.floor(s.awsRoleDuration / 1000),
          sessionName: s.awsRoleSessionName,
          stsEndpoint: s.awsStsEndpoint ? base(s.awsStsEndpoint) : undefined,
        };
      }
      break;
    }
    case 'gcp':
      need('gcp-workload-identity-provider', 'a workload identity provider');
      if (s.gcpWorkloadIdentityProvider) {
        config = {
          provider: 'gcp',
          exportCredentials: s.exportCredentials,
          audience: s.gcpAudience ?? `https://iam.googleapis.com/${s.gcpWorkloadIdentityProvider}`,
          workloadIdentityProvider: s.gcpWorkloadIdentityProvider,
          serviceAccount: s.gcpServiceAccount,
          projectId: s.gcpProjectId,
          stsEndpoint: base(s.gcpStsEndpoint),
          iamCredentialsEndpoint: base(s.gcpIamCredentialsEndpoint),
        };
      }
      break;
    case 'azure':
      need('azure-client-id', 'an application (client) id');
      need('azure-tenant-id', 'a directory (tenant) id');
      if (s.azureClientId && s.azureTenantId) {
        config = {
          provider: 'azure',
          exportCredentials: s.exportCredentials,
          audience: s.azureAudience,
          clientId: s.azureClientId,
          tenantId: s.azureTenantId,
          subscriptionId: s.azureSubscriptionId,
          scope: s.azureScope,
          authorityHost: base(s.azureAuthorityHost),
        };
      }
      break;
    case 'vault':
      need('vault-url', 'the Vault address');
      need('vault-role', 'a JWT auth role');
      if (s.vaultUrl && s.vaultRole) {
        config = {
          provider: 'vault',
          exportCredentials: s.exportCredentials,
          audience: s.vaultAudience,
          url: base(s.vaultUrl),
          role: s.vaultRole,
          mount: s.vaultMount,
          namespace: s.vaultNamespace?.replace(/\/$/, ''),
        };
      }
      break;
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw InputError.combine(errors);
  if (!config) throw new Error(`validateCloud: no configuration for cloud ${String(s.cloud)}`);
  return Object.freeze(config);
}
