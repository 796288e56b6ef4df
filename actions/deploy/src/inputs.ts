import { InputError } from '../../../shared/errors.ts';
import { input, readInputs, type Field, type InputSource, type Settings } from '../../../shared/inputs.ts';
import { cloudSpec, validateCloud, type CloudConfig } from '../../../shared/oidc/spec.ts';
import type { Redactor } from '../../../shared/redact.ts';
import { parseJsonExpectation, REDIRECT_POLICIES, type HealthSpec, type JsonExpectation } from './health-spec.ts';

/**
 * deploy's inputs. Every field parses to the value the code uses — URLs, a compiled RegExp, JSON
 * expectations, numbers — so nothing downstream parses a setting again; readSettings adds the
 * cross-field rules and assembles the health gate, all before any side effect.
 */

const ENVIRONMENT_TEXT = 'an environment name of 1–255 letters, digits, spaces, or . _ - /, none of its /-separated parts . or ..';
// eslint-disable-next-line no-control-regex -- git refuses control characters in refs, and so do we
const REF = /^(?!.*\.\.)(?!.*\/\/)[^\s~^:?*[\\\x00-\x1f]{1,255}$/;
const REF_TEXT = 'a git ref or sha (no spaces, ~ ^ : ? * [ \\ or ..)';

/** A field whose value is refined further: `map` turns the base field's value into the final one (or throws an InputError). */
function refine<T, U, R extends boolean>(base: Field<T, R>, map: (value: T, name: string, raw: string) => U, expected = base.expected): Field<U, R> {
  return { required: base.required, secret: base.secret, expected, parse: (raw, name) => map(base.parse(raw, name), name, raw) };
}

/**
 * An environment name: GitHub puts it in API paths (`/environments/{name}`), where a `.` or `..`
 * part would resolve to another path (encoded forms cannot pass: `%` is not allowed at all).
 */
const environmentName = <R extends boolean = false>(o: { required?: R } = {}) =>
  refine(input.string({ ...o, pattern: /^[A-Za-z0-9 ._\-/]{1,255}$/, patternText: ENVIRONMENT_TEXT }), (name, field) => {
    if (name.split('/').some((part) => part === '.' || part === '..')) throw new InputError(field, name, ENVIRONMENT_TEXT);
    return name;
  });

/** The raw value with any user-info replaced, for error messages: a URL's password is never printed. */
const withoutUserInfo = (raw: string): string => raw.replace(/^([a-z][a-z0-9+.-]*:\/\/).*@/is, '$1***@');

function parseWebUrl(raw: string, name: string, expected: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    // reported below
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) throw new InputError(name, withoutUserInfo(raw), expected);
  return url;
}

/**
 * `environment-url`: published on the deployment status, the output and the script's environment,
 * so it carries no credentials (S8: they would be stored in clear for every reader of the
 * repository). Normalised, except that no `/` is added to a URL written without a path.
 */
const PUBLISHED_URL_TEXT = 'an http or https URL without user or password';
const publishedUrl: Field<string, false> = {
  required: false,
  secret: false,
  expected: PUBLISHED_URL_TEXT,
  parse(raw, name) {
    const url = parseWebUrl(raw, name, PUBLISHED_URL_TEXT);
    if (url.username || url.password) {
      throw new InputError(name, withoutUserInfo(raw), 'a URL without user or password (it is published on the deployment for everyone who can read the repository)');
    }
    const authority = raw.slice(raw.indexOf('//') + 2).split(/[?#]/)[0] ?? '';
    return authority.includes('/') ? url.href : `${url.origin}${url.search}${url.hash}`;
  },
};

/** Where the gate looks: the URL without user-info, and the credentials it carried (sent as Basic auth). */
export interface HealthTarget {
  readonly url: URL;
  readonly basic: { readonly user: string; readonly password: string } | undefined;
}

const healthTarget: Field<HealthTarget, false> = {
  required: false,
  secret: false,
  expected: 'an http or https URL',
  parse(raw, name) {
    const url = parseWebUrl(raw, name, 'an absolute URL with scheme https or http');
    const basic = url.username || url.password ? { user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) } : undefined;
    url.username = '';
    url.password = '';
    return { url, basic };
  },
};

// Declared apart: passed straight to refine(), `required: true` would widen to boolean.
const statusCodes = input.list({ required: true, item: /^[1-5]\d\d$/, itemText: 'an HTTP status code (100–599)' });

export const spec = {
  environment: environmentName({ required: true }),
  run: input.string({ required: true, patternText: 'a bash script' }),
  ref: input.string({ required: true, pattern: REF, patternText: REF_TEXT }),
  'environment-url': publishedUrl,
  'promote-from': environmentName(),
  'soak-time': input.duration({ required: true, max: 30 * 86_400_000 }),
  'soak-wait': input.boolean({ required: true }),
  'health-url': healthTarget,
  'health-status': refine(statusCodes, (codes) => [...new Set(codes.map(Number))]),
  'health-body': refine(input.string({ patternText: 'a regular expression' }), (source, name): RegExp => {
    try {
      return new RegExp(source);
    } catch (error) {
      throw new InputError(name, source, `a valid regular expression (${(error as Error).message})`);
    }
  }),
  'health-json': refine(input.list({ lines: true, item: /^[^=\s][^=]*=.*$/, itemText: 'path=value' }), (lines): JsonExpectation[] => lines.map(parseJsonExpectation)),
  'health-passes': input.integer({ required: true, min: 1, max: 100 }),
  'health-interval': input.duration({ required: true, min: 100, max: 3_600_000 }),
  'health-timeout': input.duration({ required: true, min: 1000, max: 6 * 3_600_000 }),
  'health-follow-redirects': input.enumOf(REDIRECT_POLICIES, { required: true }),
  'rollback-run': input.string({ patternText: 'a bash script' }),
  'auto-rollback': input.boolean({ required: true }),
  retries: input.integer({ required: true, min: 0, max: 10 }),
  'retry-on-exit-codes': refine(input.list({ item: /^\d{1,3}$/, itemText: 'an exit code (0–255)' }), (codes, name): number[] => {
    for (const code of codes) if (Number(code) > 255) throw new InputError(name, code, 'exit codes from 0 to 255');
    return [...new Set(codes.map(Number))];
  }),
  timeout: input.duration({ required: true, min: 1000, max: 6 * 3_600_000 }),
  'skip-if-deployed': input.boolean({ required: true }),
  lock: input.enumOf(['wait', 'fail', 'off'] as const, { required: true }),
  'lock-timeout': input.duration({ required: true, max: 6 * 3_600_000 }),
  production: input.boolean({ required: true }),
  'github-token': input.secret({ required: true }),
  'api-timeout': input.duration({ required: true, min: 1000, max: 6 * 3_600_000 }),
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
    statuses: raw.healthStatus,
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
    retryOnExitCodes: raw.retryOnExitCodes ?? [],
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
