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

/**
 * The hosts each cloud endpoint may name without `allow-custom-endpoints: true`. An endpoint input
 * decides where the job's OIDC token or a signed request goes, so a value fed from a dispatch
 * input, a repository variable or a reusable workflow's caller must not be able to send it
 * elsewhere. The patterns are the providers' published endpoint forms:
 * - AWS (https://docs.aws.amazon.com/general/latest/gr/rande.html): SERVICE.REGION.amazonaws.com,
 *   SERVICE-fips.REGION.amazonaws.com, China's .amazonaws.com.cn, dual-stack SERVICE.REGION.api.aws,
 *   the ISO partitions, and interface VPC endpoints vpce-ID.SERVICE.REGION.vpce.amazonaws.com;
 * - Google Cloud: *.googleapis.com (Private Service Connect names included);
 * - Microsoft Entra authorities (https://learn.microsoft.com/entra/identity-platform/authentication-national-cloud):
 *   global, US Government, China (21Vianet).
 * Anything else — a proxy, an emulator, a loopback address for tests — needs the opt-in.
 */
export type EndpointKind = 'aws-sts' | 'aws-secretsmanager' | 'gcp' | 'azure-authority' | 'any';

const AWS_SUFFIX = String.raw`(amazonaws\.com|amazonaws\.com\.cn|api\.aws|c2s\.ic\.gov|sc2s\.sgov\.gov)`;
const awsService = (service: string): RegExp =>
  new RegExp(
    String.raw`^(${service}(-fips)?(\.[a-z]{2}(-[a-z]+)+-\d{1,2})?\.${AWS_SUFFIX}` +
      String.raw`|vpce-[a-z0-9-]+\.${service}(-fips)?\.[a-z]{2}(-[a-z]+)+-\d{1,2}\.vpce\.amazonaws\.com(\.cn)?)$`,
  );
const OFFICIAL: Record<Exclude<EndpointKind, 'any'>, { hosts: RegExp; text: string }> = {
  'aws-sts': { hosts: awsService('sts'), text: 'an AWS STS endpoint (sts[-fips].REGION.amazonaws.com[.cn], sts.REGION.api.aws, or a VPC endpoint vpce-….sts.REGION.vpce.amazonaws.com)' },
  'aws-secretsmanager': {
    hosts: awsService('secretsmanager'),
    text: 'an AWS Secrets Manager endpoint (secretsmanager[-fips].REGION.amazonaws.com[.cn], secretsmanager.REGION.api.aws, or a VPC endpoint vpce-….secretsmanager.REGION.vpce.amazonaws.com)',
  },
  gcp: { hosts: /^([a-z0-9-]+\.)+googleapis\.com$/, text: 'a Google Cloud endpoint (*.googleapis.com)' },
  'azure-authority': {
    hosts: /^(login\.microsoftonline\.com|login\.microsoftonline\.us|login\.chinacloudapi\.cn|login\.partner\.microsoftonline\.cn)$/,
    text: 'a Microsoft Entra authority (https://login.microsoftonline.com, https://login.microsoftonline.us or https://login.chinacloudapi.cn)',
  },
};

/** An endpoint URL that knows whether its host is one of its provider's official ones. */
export class EndpointUrl extends URL {
  readonly input: string;
  /** True for an https URL on an official host of its kind (always for kind 'any'). */
  readonly official: boolean;
  readonly expected: string;

  constructor(href: string, input: string, kind: EndpointKind) {
    super(href);
    this.input = input;
    const rule = kind === 'any' ? undefined : OFFICIAL[kind];
    this.official = rule === undefined || (this.protocol === 'https:' && (this.port === '' || this.port === '443') && rule.hosts.test(this.hostname));
    this.expected = rule?.text ?? 'an https URL';
  }
}

/**
 * An endpoint base URL: https, or http on a loopback host (tests, local emulators); no credentials,
 * query or fragment. Whether its host is official for `kind` is checked with the other inputs
 * (validateCloud), where `allow-custom-endpoints` is known.
 */
export function endpoint<R extends boolean = false>(o: { kind: EndpointKind; required?: R }): Field<EndpointUrl, R> {
  const expected = 'an https URL (http only on 127.0.0.1, [::1] or localhost) without user, query or fragment';
  return {
    required: (o.required ?? false) as R,
    secret: false,
    expected,
    parse(raw: string, name: string): EndpointUrl {
      let url: EndpointUrl;
      try {
        url = new EndpointUrl(raw, name, o.kind);
      } catch {
        throw new InputError(name, raw, expected);
      }
      const httpsOk = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
      if (!httpsOk || url.username || url.password || url.search || url.hash) throw new InputError(name, raw, expected);
      return url;
    },
  };
}

/** Every endpoint among the settings that is not official, unless custom endpoints are allowed. */
function customEndpointErrors(values: Record<string, unknown>, allowCustom: boolean): InputError[] {
  if (allowCustom) return [];
  return Object.values(values)
    .filter((v): v is EndpointUrl => v instanceof EndpointUrl && !v.official)
    .map((url) => new InputError(url.input, url.href, `${url.expected}; another host only with allow-custom-endpoints: true`));
}

const AUDIENCE = /^[^\s,]{1,512}$/;
const AUDIENCE_TEXT = 'one audience (no spaces or commas, at most 512 characters)';
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export const cloudSpec = {
  cloud: input.enumOf(CLOUDS, { required: true }),
  'export-credentials': input.boolean({ required: true }),
  'allow-custom-endpoints': input.boolean({ required: true }),

  'aws-role-arn': input.string({
    pattern: /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/,
    patternText: 'an IAM role ARN such as arn:aws:iam::123456789012:role/deploy',
  }),
  'aws-region': input.string({ pattern: /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, patternText: 'an AWS region such as us-east-1' }),
  'aws-audience': input.string({ required: true, pattern: AUDIENCE, patternText: AUDIENCE_TEXT }),
  'aws-role-duration': input.duration({ required: true, min: 900_000, max: 43_200_000 }),
  'aws-role-session-name': input.string({ pattern: /^[\w+=,.@-]{2,64}$/, patternText: '2–64 letters, digits or + = , . @ _ -' }),
  'aws-sts-endpoint': endpoint({ kind: 'aws-sts' }),

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
  'gcp-sts-endpoint': endpoint({ kind: 'gcp', required: true }),
  'gcp-iam-credentials-endpoint': endpoint({ kind: 'gcp', required: true }),

  'azure-client-id': input.string({ pattern: UUID, patternText: 'an application (client) id, a UUID' }),
  'azure-tenant-id': input.string({
    pattern: /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[a-zA-Z0-9-]+(\.[a-zA-Z0-9-]+)+)$/,
    patternText: 'a directory (tenant) id, a UUID or a domain such as contoso.onmicrosoft.com',
  }),
  'azure-subscription-id': input.string({ pattern: UUID, patternText: 'a subscription id, a UUID' }),
  'azure-audience': input.string({ required: true, pattern: AUDIENCE, patternText: AUDIENCE_TEXT }),
  'azure-scope': input.string({ required: true, pattern: /^\S+\/\.default$/, patternText: 'a resource scope ending in /.default' }),
  'azure-authority-host': endpoint({ kind: 'azure-authority', required: true }),

  // Where Vault lives is the user's choice, so any host goes; it must never come from untrusted inputs.
  'vault-url': endpoint({ kind: 'any' }),
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
 * `export-credentials` only with a cloud, and endpoints on their provider's official hosts unless
 * `allow-custom-endpoints` is true. Throws an InputError naming every problem at once.
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
  // All endpoints among the settings, the action's own too (rotate-secret's aws-secretsmanager-endpoint).
  errors.push(...customEndpointErrors(values, s.allowCustomEndpoints));
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw InputError.combine(errors);
  if (!config) throw new Error(`validateCloud: no configuration for cloud ${String(s.cloud)}`);
  return Object.freeze(config);
}
