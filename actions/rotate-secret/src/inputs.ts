import { InputError } from '../../../shared/errors.ts';
import { input, readInputs, runnerInputs, type Field, type InputSource, type Settings } from '../../../shared/inputs.ts';
import { cloudSpec, endpoint, validateCloud, type CloudConfig } from '../../../shared/oidc/spec.ts';
import type { Redactor } from '../../../shared/redact.ts';
import { cloudOf, destinationsField } from './destinations/parse.ts';
import type { DestinationSpec } from './destinations/types.ts';
import type { ValueSource } from './lock.ts';
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
    strategy: input.enumOf(['single-user', 'alternating-users'] as const, { required: true }),
    'current-value': input.secret(),
    verify: input.boolean({ required: true }),
    'rotate-if-older-than': input.duration({ min: 60_000 }),
    'dry-run': input.boolean({ required: true }),
    'derivation-key': derivationKey(),
    'github-token': input.secret({ required: true }),
    // Secrets Manager endpoint for aws-secretsmanager destinations (VPC or FIPS endpoints, emulators).
    'aws-secretsmanager-endpoint': endpoint(),
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
  checkClouds(s.destinations, cloud, s.awsSecretsmanagerEndpoint);
  const { targetUrl: _url, targetUser: _user, ...rest } = s;
  const valueSource: ValueSource = s.value !== undefined ? 'given' : s.derivationKey !== undefined ? 'derived' : 'random';
  return Object.freeze({ ...rest, target, cloud, valueSource });
}

function targetOf(s: Parsed): TargetSettings {
  if (s.target === 'none') {
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
  return parseTargetUrl(s.target, s.targetUrl, s.targetUser);
}

/**
 * How the user reaches consumers: json puts it in the secret (it needs a target to name one);
 * plain with alternating users writes it beside the password, which a Secrets Manager secret
 * (one value) cannot hold.
 */
function checkFormat(s: Parsed): void {
  if (s.valueFormat === 'json' && s.target === 'none') {
    throw new InputError('value-format', 'json', 'plain when target is none (there is no user to put beside the value)');
  }
  if (s.valueFormat === 'plain' && s.strategy === 'alternating-users') {
    const sm = s.destinations.find((d) => d.kind === 'aws-secretsmanager');
    if (sm) {
      throw new InputError('destinations', sm.id, `no aws-secretsmanager: line with value-format: plain and alternating-users (the secret holds one value, and consumers need the user too): set value-format: json`);
    }
  }
}

const CLOUD_INPUTS = { aws: 'aws-role-arn and aws-region', vault: 'vault-url and vault-role' } as const;

/**
 * The destinations and the `cloud` input agree: each line that needs cloud credentials has them
 * (one cloud per run), and a cloud is configured only when a line uses it — rotate-secret starts no
 * process that could use credentials otherwise, and never exports them.
 */
function checkClouds(destinations: readonly DestinationSpec[], cloud: CloudConfig, smEndpoint: URL | undefined): void {
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
    const lines = cloud.provider === 'aws' ? 'aws-secretsmanager:SECRET_ID' : cloud.provider === 'vault' ? 'vault:MOUNT/PATH#KEY' : undefined;
    errors.push(
      new InputError(
        'cloud',
        cloud.provider,
        lines ? `none, since no line of 'destinations' is a ${lines} destination (the only use rotate-secret has for ${cloud.provider} credentials)` : `none, aws or vault (rotate-secret has no ${cloud.provider} destination)`,
      ),
    );
  }
  if (cloud.provider !== 'none' && cloud.exportCredentials) {
    errors.push(new InputError('export-credentials', 'true', 'false: rotate-secret uses the cloud credentials only to write its destinations, and revokes them when done'));
  }
  if (smEndpoint !== undefined && cloud.provider !== 'aws') {
    errors.push(new InputError('aws-secretsmanager-endpoint', smEndpoint.href, 'no value, since cloud is not aws (it is used only by aws-secretsmanager destinations)'));
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw InputError.combine(errors);
}
