import { InputError } from '../../../shared/errors.ts';
import { githubSpec } from '../../../shared/github-spec.ts';
import { input, readInputs, runnerInputs, type Field, type InputSource, type Settings } from '../../../shared/inputs.ts';
import { cloudSpec, endpoint, validateCloud, type CloudConfig } from '../../../shared/oidc/spec.ts';
import type { Redactor } from '../../../shared/redact.ts';
import { cloudOf, destinationsField } from './destinations/parse.ts';
import type { DestinationSpec } from './destinations/types.ts';
import type { ValueSource } from './lock.ts';
import { metadata } from './metadata.ts';
import { saslPrepChanges } from './targets/saslprep.ts';
import { parseTargetUrl, type TargetSettings } from './targets/url.ts';

// GitHub: alphanumerics and underscores, not starting with a digit or GITHUB_ (checked below).
const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,199}$/;
const USER = /^[A-Za-z_][A-Za-z0-9_$.-]{0,62}$/;
const KEY_TEXT = 'at least 32 random bytes as base64 or hex, e.g. from `openssl rand -base64 32`';

/**
 * `derivation-key`: the secret new values are derived from and lock records are signed with. It
 * must be random (a password would make every derived value an offline oracle for it), so it is
 * decoded and checked: at least 32 bytes, not text, not a repeated pattern.
 */
function derivationKey(): Field<Buffer, false> {
  return {
    required: false,
    secret: true,
    expected: KEY_TEXT,
    parse(raw, name) {
      const text = raw.trim();
      const bytes = /^([0-9a-fA-F]{2})+$/.test(text) ? Buffer.from(text, 'hex') : /^[A-Za-z0-9+/_-]+={0,2}$/.test(text) ? Buffer.from(text, 'base64') : undefined;
      const fail = (why: string): never => {
        throw new InputError(name, raw, `${KEY_TEXT}; ${why}`, { secret: true });
      };
      if (bytes === undefined) return fail('this is neither base64 nor hex');
      if (bytes.length < 32) return fail(`this decodes to ${bytes.length} bytes`);
      // 32 random bytes hold ~30 distinct values and are almost never all printable: text or a pattern is not a key.
      if (new Set(bytes).size < 16) return fail('this repeats too few distinct bytes to be random');
      if (bytes.every((b) => b >= 0x20 && b <= 0x7e)) return fail('this decodes to text, not random bytes');
      return bytes;
    },
  };
}

const ENDPOINT_TEXT = 'an https URL with {vault} where the vault name goes, e.g. https://{vault}.vault.local.azurestack.external (http only on 127.0.0.1, [::1] or localhost), without user, query or fragment';

/** `azure-keyvault-endpoint`: a vault URL with `{vault}` standing for the vault's name (once, in the host or the path). */
function keyVaultEndpoint(): Field<string, false> {
  const url = endpoint({ kind: 'any' });
  return {
    required: false,
    secret: false,
    expected: ENDPOINT_TEXT,
    parse(raw, name) {
      if (raw.split('{vault}').length !== 2) throw new InputError(name, raw, ENDPOINT_TEXT);
      try {
        url.parse(raw.replace('{vault}', 'vault'), name);
      } catch {
        throw new InputError(name, raw, ENDPOINT_TEXT);
      }
      return raw.replace(/\/+$/, '');
    },
  };
}

const PEM_TEXT = 'one or more PEM certificates (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----)';
const PEM_BLOCK = /-----BEGIN CERTIFICATE-----\r?\n([A-Za-z0-9+/=\r\n]+?)-----END CERTIFICATE-----/g;

/**
 * `target-ca`: the CA certificates a private target's TLS certificate chains to. Checked for shape
 * here (the start path stays free of crypto); the driver parses each certificate before connecting.
 */
function pemCertificates(): Field<string, false> {
  return {
    required: false,
    secret: false,
    expected: PEM_TEXT,
    parse(raw, name) {
      const text = raw.trim();
      const blocks = text.match(PEM_BLOCK) ?? [];
      if (blocks.length === 0 || text.replace(PEM_BLOCK, '').trim() !== '') throw new InputError(name, raw.split('\n')[0] ?? '', PEM_TEXT);
      return `${blocks.join('\n')}\n`;
    },
  };
}

/** The inputs; `repository` is what `github:repo` without OWNER/REPO means (read when parsed). */
function specFor(repository: () => string | undefined) {
  return {
    name: input.string({ required: true, pattern: SECRET_NAME, patternText: 'a secret name of letters, digits and underscores, not starting with a digit' }),
    destinations: destinationsField({ repository }),
    value: input.secret(),
    length: input.integer({ required: true, min: 16, max: 4096 }),
    charset: input.enumOf(['alphanumeric', 'urlsafe', 'ascii'] as const, { required: true }),
    'value-format': input.enumOf(['plain', 'json'] as const, { required: true }),
    target: input.enumOf(['none', 'postgres', 'mysql', 'redis'] as const, { required: true }),
    'target-url': input.secret(),
    'target-user': input.string({ pattern: USER, patternText: 'a user name of letters, digits, _ $ . -' }),
    'target-ca': pemCertificates(),
    strategy: input.enumOf(['single-user', 'alternating-users'] as const, { required: true }),
    'current-value': input.secret(),
    verify: input.boolean({ required: true }),
    'rotate-if-older-than': input.duration({ min: 60_000 }),
    'dry-run': input.boolean({ required: true }),
    'derivation-key': derivationKey(),
    'github-token': input.secret({ required: true }),
    // The time bound on GitHub API calls (shared/github-spec.ts), passed to createGitHub.
    ...githubSpec,
    // Secrets Manager endpoint for aws-secretsmanager destinations (VPC or FIPS endpoints, emulators).
    'aws-secretsmanager-endpoint': endpoint({ kind: 'aws-secretsmanager' }),
    // Key Vault URL for azure-keyvault destinations, `{vault}` standing for the vault (Azure Stack Hub, emulators).
    'azure-keyvault-endpoint': keyVaultEndpoint(),
    // Secret Manager endpoint for gcp-secretmanager destinations (Private Service Connect, emulators).
    'gcp-secretmanager-endpoint': endpoint({ kind: 'gcp' }),
    // Cloud credentials over OIDC for vault: and aws-secretsmanager: destinations (shared/oidc/spec.ts; generated into action.yml).
    ...cloudSpec,
  };
}

export const spec = specFor(() => process.env['GITHUB_REPOSITORY']);

type Parsed = Settings<typeof spec>;

/** What the engine uses: every input parsed to its final value, checked against the others. */
export type RotateSettings = Omit<Parsed, 'target' | 'targetUrl' | 'targetUser' | 'cloud'> & {
  /** `target`, `target-url` and `target-user` together. */
  readonly target: TargetSettings;
  /** How the new value is made: the `value` input, derived from `derivation-key`, or drawn at random. */
  readonly valueSource: ValueSource;
  /** The cloud-credential inputs, validated together. */
  readonly cloud: CloudConfig;
};

export function readSettings(redactor: Redactor, source: InputSource = runnerInputs, repository = process.env['GITHUB_REPOSITORY']): RotateSettings {
  const s = readInputs(specFor(() => repository), redactor, source);
  if (/^GITHUB_/i.test(s.name)) throw new InputError('name', s.name, 'a name that does not start with GITHUB_ (GitHub reserves the prefix)');
  const target = targetOf(s);
  checkFormat(s);
  const cloud = validateCloud(s);
  checkClouds(s.destinations, cloud, s);
  const { targetUrl: _url, targetUser: _user, ...rest } = s;
  const valueSource: ValueSource = s.value !== undefined ? 'given' : s.derivationKey !== undefined ? 'derived' : 'random';
  return Object.freeze({ ...rest, target, valueSource, ...keyVault(cloud, s.azureKeyvaultEndpoint, s.allowCustomEndpoints) });
}

function targetOf(s: Parsed): TargetSettings {
  if (s.target === 'none') {
    if (s.targetCa !== undefined) throw new InputError('target-ca', s.targetCa.split('\n')[0] ?? '', 'no value, since target is none (it is the CA the target\'s TLS certificate is checked against)');
    if (s.strategy === 'alternating-users') throw new InputError('strategy', s.strategy, 'single-user when target is none (alternating users need a target to create them on)');
    return { kind: 'none' };
  }
  if (s.targetUrl === undefined) throw new InputError('target-url', '', `the admin connection URL of the ${s.target} target`);
  if (s.targetUser === undefined) throw new InputError('target-user', '', `the ${s.target} user whose password is rotated`);
  if (s.strategy === 'alternating-users' && s.targetUser.length > 61) {
    throw new InputError('target-user', s.targetUser, 'at most 61 characters with alternating-users (the users are <user>_a and <user>_b)');
  }
  if (s.target === 'postgres') {
    for (const [name, value] of [['value', s.value], ['current-value', s.currentValue]] as const) {
      if (value !== undefined && saslPrepChanges(value)) {
        throw new InputError(name, value, 'a PostgreSQL password that SASLprep leaves as it is (no non-ASCII spaces, soft hyphens or characters Unicode normalisation changes): PostgreSQL clients disagree on how to prepare such passwords, so it would not log in for all of them', { secret: true });
      }
    }
  }
  return parseTargetUrl(s.target, s.targetUrl, s.targetUser, s.targetCa);
}

/**
 * How the user reaches consumers: json puts it in the secret (it needs a target to name one);
 * plain with alternating users writes it beside the password, which a Secrets Manager secret
 * (one value) cannot hold.
 */
/** Stores whose secret holds exactly one value, so the user cannot sit beside the password. */
const SINGLE_VALUE_STORES: ReadonlySet<string> = new Set(['aws-secretsmanager', 'azure-keyvault', 'gcp-secretmanager']);

function checkFormat(s: Parsed): void {
  if (s.valueFormat === 'json' && s.target === 'none') {
    throw new InputError('value-format', 'json', 'plain when target is none (there is no user to put beside the value)');
  }
  if (s.valueFormat === 'plain' && s.strategy === 'alternating-users') {
    const one = s.destinations.find((d) => SINGLE_VALUE_STORES.has(d.kind));
    if (one) {
      throw new InputError('destinations', one.id, `no ${one.kind}: line with value-format: plain and alternating-users (the secret holds one value, and consumers need the user too): set value-format: json`);
    }
  }
}

const CLOUD_INPUTS = {
  aws: 'aws-role-arn and aws-region',
  vault: 'vault-url and vault-role',
  azure: 'azure-client-id and azure-tenant-id',
  gcp: 'gcp-workload-identity-provider',
} as const;
/** The line form of each cloud's destinations, for messages. */
const CLOUD_LINES = {
  aws: 'aws-secretsmanager:SECRET_ID',
  vault: 'vault:MOUNT/PATH#KEY',
  azure: 'azure-keyvault:VAULT/SECRET',
  gcp: 'gcp-secretmanager:PROJECT/SECRET',
} as const;
/** The endpoint inputs of each store, and the cloud they belong to. */
const STORE_ENDPOINTS = [
  ['aws-secretsmanager-endpoint', 'awsSecretsmanagerEndpoint', 'aws', 'aws-secretsmanager'],
  ['azure-keyvault-endpoint', 'azureKeyvaultEndpoint', 'azure', 'azure-keyvault'],
  ['gcp-secretmanager-endpoint', 'gcpSecretmanagerEndpoint', 'gcp', 'gcp-secretmanager'],
] as const;

/**
 * The destinations and the `cloud` input agree: each line that needs cloud credentials has them
 * (one cloud per run), and a cloud is configured only when a line uses it — rotate-secret starts no
 * process that could use credentials otherwise, and never exports them.
 */
function checkClouds(destinations: readonly DestinationSpec[], cloud: CloudConfig, s: Pick<Parsed, (typeof STORE_ENDPOINTS)[number][1]>): void {
  const errors: InputError[] = [];
  const used = new Set<string>();
  for (const spec of destinations) {
    const needs = cloudOf(spec);
    if (needs === undefined) continue;
    used.add(needs);
    if (needs !== cloud.provider) {
      const others = cloud.provider === 'none' ? `the input 'cloud' is none` : `the input 'cloud' is ${cloud.provider}; one run has one cloud, so rotate into each in its own step`;
      errors.push(new InputError('destinations', spec.id, `a destination this run has credentials for: it needs the input 'cloud: ${needs}' (with ${CLOUD_INPUTS[needs]}), and ${others}`));
    }
  }
  if (cloud.provider !== 'none' && !used.has(cloud.provider)) {
    const lines = CLOUD_LINES[cloud.provider];
    errors.push(new InputError('cloud', cloud.provider, `none, since no line of 'destinations' is a ${lines} destination (the only use rotate-secret has for ${cloud.provider} credentials)`));
  }
  if (cloud.provider !== 'none' && cloud.exportCredentials) {
    errors.push(new InputError('export-credentials', 'true', 'false: rotate-secret uses the cloud credentials only to write its destinations, and revokes them when done'));
  }
  for (const [name, key, provider, kind] of STORE_ENDPOINTS) {
    const value = s[key];
    if (value !== undefined && cloud.provider !== provider) {
      errors.push(new InputError(name, typeof value === 'string' ? value : value.href, `no value, since cloud is not ${provider} (it is used only by ${kind} destinations)`));
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw InputError.combine(errors);
}

/**
 * The vault DNS suffix of each Microsoft Entra authority's cloud
 * (https://learn.microsoft.com/azure/key-vault/general/about-keys-secrets-certificates#dns-suffixes-for-object-identifiers);
 * another authority (Azure Stack Hub, an emulator) sets azure-keyvault-endpoint and azure-scope.
 */
const KEY_VAULT_DNS: Readonly<Record<string, string>> = {
  'login.microsoftonline.com': 'vault.azure.net',
  'login.microsoftonline.us': 'vault.usgovcloudapi.net',
  'login.chinacloudapi.cn': 'vault.azure.cn',
};

/**
 * With cloud: azure, rotate-secret's only use of the token is Key Vault: at azure-scope's default
 * (Azure Resource Manager, which Key Vault refuses) the token is asked for Key Vault's scope, and
 * vaults are reached at https://VAULT.<suffix> — both of the authority's cloud.
 */
function keyVault(cloud: CloudConfig, endpoint: string | undefined, allowCustom: boolean): { cloud: CloudConfig; azureKeyvaultEndpoint: string | undefined } {
  // The Key Vault token goes to this host: like every cloud endpoint, only an official one without the opt-in.
  const official = Object.values(KEY_VAULT_DNS).map((dns) => `https://{vault}.${dns}`);
  if (endpoint !== undefined && !allowCustom && !official.includes(endpoint)) {
    throw new InputError('azure-keyvault-endpoint', endpoint, `an Azure Key Vault endpoint (${official.join(', ')}); another host only with allow-custom-endpoints: true`);
  }
  if (cloud.provider !== 'azure') return { cloud, azureKeyvaultEndpoint: endpoint };
  const dns = KEY_VAULT_DNS[new URL(cloud.authorityHost).hostname] ?? 'vault.azure.net';
  const scope = cloud.scope === metadata.inputs['azure-scope'] ? `https://${dns}/.default` : cloud.scope;
  return { cloud: Object.freeze({ ...cloud, scope }), azureKeyvaultEndpoint: endpoint ?? `https://{vault}.${dns}` };
}
