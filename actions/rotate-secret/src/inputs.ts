import { InputError } from '../../../shared/errors.ts';
import { input, readInputs, type InputSource, type Settings } from '../../../shared/inputs.ts';
import type { Redactor } from '../../../shared/redact.ts';
import { destinationPattern, destinationSyntax } from './destinations/index.ts';

// GitHub: alphanumerics and underscores, not starting with a digit or GITHUB_ (checked below).
const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,199}$/;
// Destination lines are validated by the destination kinds themselves (destinations/index.ts).
const DESTINATION = destinationPattern();
const DESTINATION_TEXT = destinationSyntax();
const USER = /^[A-Za-z_][A-Za-z0-9_$.-]{0,62}$/;

export const spec = {
  name: input.string({ required: true, pattern: SECRET_NAME, patternText: 'a secret name of letters, digits and underscores, not starting with a digit' }),
  destinations: input.list({ required: true, lines: true, item: DESTINATION, itemText: DESTINATION_TEXT }),
  value: input.secret(),
  length: input.integer({ required: true, min: 16, max: 4096 }),
  charset: input.enumOf(['alphanumeric', 'urlsafe', 'ascii'] as const, { required: true }),
  target: input.enumOf(['none', 'postgres', 'mysql', 'redis'] as const, { required: true }),
  'target-url': input.secret(),
  'target-user': input.string({ pattern: USER, patternText: 'a user name of letters, digits, _ $ . -' }),
  strategy: input.enumOf(['single-user', 'alternating-users'] as const, { required: true }),
  'current-value': input.secret(),
  verify: input.boolean({ required: true }),
  'rotate-if-older-than': input.duration({ min: 60_000 }),
  'dry-run': input.boolean({ required: true }),
  'github-token': input.secret({ required: true }),
};

export type RotateSettings = Settings<typeof spec>;

export function readSettings(redactor: Redactor, source?: InputSource): RotateSettings {
  const s = readInputs(spec, redactor, source);
  if (/^GITHUB_/i.test(s.name)) throw new InputError('name', s.name, 'a name that does not start with GITHUB_ (GitHub reserves the prefix)');
  if (s.target !== 'none') {
    if (s.targetUrl === undefined) throw new InputError('target-url', '', `the admin connection URL of the ${s.target} target`);
    if (s.targetUser === undefined) throw new InputError('target-user', '', `the ${s.target} user whose password is rotated`);
    const scheme = { postgres: /^postgres(ql)?:\/\//, mysql: /^(mysql|mariadb):\/\//, redis: /^rediss?:\/\// }[s.target];
    if (!scheme.test(s.targetUrl)) throw new InputError('target-url', s.targetUrl, `a ${s.target} URL (${scheme.source.replace(/\\/g, '')})`, { secret: true });
    if (s.strategy === 'alternating-users' && s.targetUser.length > 61) {
      throw new InputError('target-user', s.targetUser, 'at most 61 characters with alternating-users (the users are <user>_a and <user>_b)');
    }
  } else if (s.strategy === 'alternating-users') {
    throw new InputError('strategy', s.strategy, 'single-user when target is none (alternating users need a target to create them on)');
  }
  return s;
}
