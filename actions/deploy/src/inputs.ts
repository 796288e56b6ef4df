import { InputError } from '../../../shared/errors.ts';
import { input, readInputs, type InputSource, type Settings } from '../../../shared/inputs.ts';
import { cloudSpec, validateCloud, type CloudConfig } from '../../../shared/oidc/spec.ts';
import type { Redactor } from '../../../shared/redact.ts';

const ENVIRONMENT = /^[A-Za-z0-9 ._\-/]{1,255}$/;
const ENVIRONMENT_TEXT = 'an environment name of 1–255 letters, digits, spaces, or . _ - /';
// eslint-disable-next-line no-control-regex -- git refuses control characters in refs, and so do we
const REF = /^(?!.*\.\.)(?!.*\/\/)[^\s~^:?*[\\\x00-\x1f]{1,255}$/;
const REF_TEXT = 'a git ref or sha (no spaces, ~ ^ : ? * [ \\ or ..)';

export const spec = {
  environment: input.string({ required: true, pattern: ENVIRONMENT, patternText: ENVIRONMENT_TEXT }),
  run: input.string({ required: true, patternText: 'a bash script' }),
  ref: input.string({ required: true, pattern: REF, patternText: REF_TEXT }),
  'environment-url': input.url({ schemes: ['https', 'http'] }),
  'promote-from': input.string({ pattern: ENVIRONMENT, patternText: ENVIRONMENT_TEXT }),
  'soak-time': input.duration({ required: true, max: 30 * 86_400_000 }),
  'health-url': input.url({ schemes: ['https', 'http'] }),
  'health-status': input.list({ required: true, item: /^[1-5]\d\d$/, itemText: 'an HTTP status code (100–599)' }),
  'health-body': input.string({ patternText: 'a regular expression' }),
  'health-json': input.list({ lines: true, item: /^[^=\s][^=]*=.*$/, itemText: 'path=value' }),
  'health-passes': input.integer({ required: true, min: 1, max: 100 }),
  'health-interval': input.duration({ required: true, min: 100, max: 3_600_000 }),
  'health-timeout': input.duration({ required: true, min: 1000, max: 6 * 3_600_000 }),
  'rollback-run': input.string({ patternText: 'a bash script' }),
  'auto-rollback': input.boolean({ required: true }),
  retries: input.integer({ required: true, min: 0, max: 10 }),
  'retry-on-exit-codes': input.list({ item: /^\d{1,3}$/, itemText: 'an exit code (0–255)' }),
  timeout: input.duration({ required: true, min: 1000, max: 6 * 3_600_000 }),
  'skip-if-deployed': input.boolean({ required: true }),
  lock: input.enumOf(['wait', 'fail', 'off'] as const, { required: true }),
  'lock-timeout': input.duration({ required: true, max: 6 * 3_600_000 }),
  production: input.boolean({ required: true }),
  'github-token': input.secret({ required: true }),
  // Cloud credentials over OIDC for the scripts (shared/oidc/spec.ts; generated into action.yml).
  ...cloudSpec,
};

export type DeploySettings = Omit<Settings<typeof spec>, 'cloud'> & {
  /** The cloud-credential inputs, validated together (in place of the raw `cloud` value): `{ provider: 'none' }` unless `cloud` is set. */
  readonly cloud: CloudConfig;
};

export function readSettings(redactor: Redactor, source?: InputSource): DeploySettings {
  const s = readInputs(spec, redactor, source);
  if (s.healthBody !== undefined) {
    try {
      new RegExp(s.healthBody);
    } catch (error) {
      throw new InputError('health-body', s.healthBody, `a valid regular expression (${(error as Error).message})`);
    }
  }
  for (const code of s.retryOnExitCodes ?? []) {
    if (Number(code) > 255) throw new InputError('retry-on-exit-codes', code, 'exit codes from 0 to 255');
  }
  if (s.retries > 0 && !s.retryOnExitCodes?.length) {
    throw new InputError('retry-on-exit-codes', '', 'the exit codes that may be retried, since retries is above 0 (scripts are retried only when you say they may be)');
  }
  if ((s.healthBody !== undefined || s.healthJson !== undefined) && s.healthUrl === undefined) {
    throw new InputError('health-url', '', 'a URL, since health-body or health-json is set');
  }
  if (s.promoteFrom !== undefined && s.promoteFrom === s.environment) {
    throw new InputError('promote-from', s.promoteFrom, `an environment other than '${s.environment}'`);
  }
  return Object.freeze({ ...s, cloud: validateCloud(s) });
}
