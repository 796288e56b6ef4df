import { InputError } from '../../../shared/errors.ts';
import { githubSpec } from '../../../shared/github-spec.ts';
import { input, readInputs, urlSecrets, withoutCredentials, type InputSource, type Settings } from '../../../shared/inputs.ts';
import { cloudSpec, validateCloud, type CloudConfig } from '../../../shared/oidc/spec.ts';
import type { Redactor } from '../../../shared/redact.ts';
import { parseJsonExpectation, REDIRECT_POLICIES, type HealthSpec } from './health-spec.ts';

/**
 * deploy's inputs. Every field parses to the value the code uses — URLs, a compiled RegExp, JSON
 * expectations, numbers — so nothing downstream parses a setting again; readSettings adds the
 * cross-field rules and assembles the health gate, all before any side effect.
 */

const ENVIRONMENT = /^[A-Za-z0-9 ._\-/]{1,255}$/;
const ENVIRONMENT_TEXT = 'an environment name of 1–255 letters, digits, spaces, or . _ - /, none of its /-separated parts . or ..';
// eslint-disable-next-line no-control-regex -- git refuses control characters in refs, and so do we
const REF = /^(?!.*\.\.)(?!.*\/\/)[^\s~^:?*[\\\x00-\x1f]{1,255}$/;
const REF_TEXT = 'a git ref or sha (no spaces, ~ ^ : ? * [ \\ or ..)';

/**
 * An environment name: GitHub puts it in API paths (`/environments/{name}`), where a `.` or `..`
 * part would resolve to another path (encoded forms cannot pass: `%` is not allowed at all).
 */
const environmentName = <R extends boolean = false>(o: { required?: R } = {}) =>
  input.custom({
    ...o,
    expected: ENVIRONMENT_TEXT,
    parse: (name, field) => {
      if (!ENVIRONMENT.test(name) || name.split('/').some((part) => part === '.' || part === '..')) throw new InputError(field, name, ENVIRONMENT_TEXT);
      return name;
    },
  });

const webUrl = input.url({ schemes: ['https', 'http'] });

/**
 * `environment-url`: published on the deployment status, the output and the script's environment,
 * so it carries no credentials (S8: they would be stored in clear for every reader of the
 * repository). Normalised, except that no `/` is added to a URL written without a path.
 */
const publishedUrl = input.custom({
  expected: 'an http or https URL without user or password',
  secretsOf: urlSecrets,
  parse: (raw, name) => {
    const url = webUrl.parse(raw, name);
    if (url.username || url.password) {
      throw new InputError(name, withoutCredentials(raw), 'a URL without user or password (it is published on the deployment for everyone who can read the repository)');
    }
    const authority = raw.slice(raw.indexOf('//') + 2).split(/[?#]/)[0] ?? '';
    return authority.includes('/') ? url.href : `${url.origin}${url.search}${url.hash}`;
  },
});

/** Where the gate looks: the URL without user-info, and the credentials it carried (sent as Basic auth; registered as secrets when read). */
export interface HealthTarget {
  readonly url: URL;
  readonly basic: { readonly user: string; readonly password: string } | undefined;
}

const healthTarget = input.custom({
  expected: webUrl.expected,
  secretsOf: urlSecrets,
  parse: (raw, name): HealthTarget => {
    const url = webUrl.parse(raw, name);
    const basic = url.username || url.password ? { user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) } : undefined;
    url.username = '';
    url.password = '';
    return { url, basic };
  },
});

/** `path=value` (split at the first `=`), the JSON expectation the gate checks. */
const jsonExpectation = input.custom({
  expected: 'path=value',
  parse: (line, name) => {
    if (!/^[^=\s][^=]*=/.test(line)) throw new InputError(name, line, 'each line to be path=value');
    return parseJsonExpectation(line);
  },
});

// Declared apart: passed straight to listOf(), `required: true` would widen to boolean.
const statusCodes = input.integer({ min: 100, max: 599 });
const exitCodes = input.integer({ min: 0, max: 255 });

export const spec = {
  environment: environmentName({ required: true }),
  run: input.string({ required: true, patternText: 'a bash script' }),
  ref: input.string({ required: true, pattern: REF, patternText: REF_TEXT }),
  'environment-url': publishedUrl,
  'promote-from': environmentName(),
  'soak-time': input.duration({ required: true, max: 30 * 86_400_000 }),
  'soak-wait': input.boolean({ required: true }),
  'health-url': healthTarget,
  'health-status': input.listOf(statusCodes, { required: true }),
  'health-body': input.regex(),
  'health-json': input.listOf(jsonExpectation, { lines: true }),
  'health-passes': input.integer({ required: true, min: 1, max: 100 }),
  'health-interval': input.duration({ required: true, min: 100, max: 3_600_000 }),
  'health-timeout': input.duration({ required: true, min: 1000, max: 6 * 3_600_000 }),
  'health-follow-redirects': input.enumOf(REDIRECT_POLICIES, { required: true }),
  'rollback-run': input.string({ patternText: 'a bash script' }),
  'auto-rollback': input.boolean({ required: true }),
  retries: input.integer({ required: true, min: 0, max: 10 }),
  'retry-on-exit-codes': input.listOf(exitCodes),
  timeout: input.duration({ required: true, min: 1000, max: 6 * 3_600_000 }),
  'skip-if-deployed': input.boolean({ required: true }),
  lock: input.enumOf(['wait', 'fail', 'off'] as const, { required: true }),
  'lock-timeout': input.duration({ required: true, max: 6 * 3_600_000 }),
  production: input.boolean({ required: true }),
  'github-token': input.secret({ required: true }),
  ...githubSpec,
  'script-oidc': input.boolean({ required: true }),
  // Cloud credentials over OIDC for the scripts (shared/oidc/spec.ts; generated into action.yml).
  ...cloudSpec,
};

type Raw = Settings<typeof spec>;
type HealthInputs = 'healthUrl' | 'healthStatus' | 'healthBody' | 'healthJson' | 'healthPasses' | 'healthInterval' | 'healthTimeout' | 'healthFollowRedirects';
type CloudInputs = keyof Settings<typeof cloudSpec>;

export type DeploySettings = Omit<Raw, HealthInputs | CloudInputs | 'retryOnExitCodes'> & {
  /** The health gate, when `health-url` is set; its credentials are registered as secrets. */
  readonly health: HealthSpec | undefined;
  readonly retryOnExitCodes: readonly number[];
  /** The cloud-credential inputs, validated together: `{ provider: 'none' }` unless `cloud` is set. */
  readonly cloud: CloudConfig;
};

export function readSettings(redactor: Redactor, source?: InputSource): DeploySettings {
  const raw = readInputs(spec, redactor, source);
  // Before anything can print them: the health URL's credentials, and the Basic header made of them.
  const basic = raw.healthUrl?.basic;
  const headers: Record<string, string> = {};
  if (basic) {
    if (basic.password) redactor.add(basic.password);
    const header = Buffer.from(`${basic.user}:${basic.password}`).toString('base64');
    redactor.add(header);
    headers['authorization'] = `Basic ${header}`;
  }
  if (raw.retries > 0 && !raw.retryOnExitCodes?.length) {
    throw new InputError('retry-on-exit-codes', '', 'the exit codes that may be retried, since retries is above 0 (scripts are retried only when you say they may be)');
  }
  if ((raw.healthBody !== undefined || raw.healthJson !== undefined) && raw.healthUrl === undefined) {
    throw new InputError('health-url', '', 'a URL, since health-body or health-json is set');
  }
  if (raw.promoteFrom !== undefined && raw.promoteFrom === raw.environment) {
    throw new InputError('promote-from', raw.promoteFrom, `an environment other than '${raw.environment}'`);
  }
  const health: HealthSpec | undefined = raw.healthUrl && {
    url: raw.healthUrl.url,
    headers,
    statuses: [...new Set(raw.healthStatus)],
    body: raw.healthBody,
    json: raw.healthJson ?? [],
    passes: raw.healthPasses,
    intervalMs: raw.healthInterval,
    timeoutMs: raw.healthTimeout,
    redirects: raw.healthFollowRedirects,
  };
  return Object.freeze({
    environment: raw.environment,
    run: raw.run,
    ref: raw.ref,
    environmentUrl: raw.environmentUrl,
    promoteFrom: raw.promoteFrom,
    soakTime: raw.soakTime,
    soakWait: raw.soakWait,
    health: health && Object.freeze(health),
    rollbackRun: raw.rollbackRun,
    autoRollback: raw.autoRollback,
    retries: raw.retries,
    retryOnExitCodes: [...new Set(raw.retryOnExitCodes ?? [])],
    timeout: raw.timeout,
    skipIfDeployed: raw.skipIfDeployed,
    lock: raw.lock,
    lockTimeout: raw.lockTimeout,
    production: raw.production,
    githubToken: raw.githubToken,
    apiTimeout: raw.apiTimeout,
    scriptOidc: raw.scriptOidc,
    cloud: validateCloud(raw),
  });
}
