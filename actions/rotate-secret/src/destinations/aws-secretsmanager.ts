import type { DestinationKind, DestinationSpec } from './types.ts';

/**
 * AWS Secrets Manager: `aws-secretsmanager:SECRET_ID` (a name or an ARN) — Secrets Manager's own
 * rotation protocol (staging labels), driven by the rotation engine:
 *
 * - stage (create step, before the target changes): PutSecretValue with ClientRequestToken
 *   `rotate-secret-<version>` and the label AWSPENDING. Readers of AWSCURRENT still get the old
 *   value; the new one is durable in AWS from here on. Same token and value again: a no-op.
 * - write (distribute step, after the new value logged in): AWSCURRENT moves to that version —
 *   Secrets Manager puts AWSPREVIOUS on the old one, the last known good value — then AWSPENDING
 *   is removed. Each step reads the labels first, so an interrupted promotion completes on re-run.
 * - recover (a resumed rotation): the version of this rotation's token, pending or already
 *   current, holds the value; the engine resumes with it rather than making another.
 * - discard (an abandoned rotation): AWSPENDING is removed; AWSCURRENT never moved.
 *
 * The secret must exist (the action only adds versions: no CreateSecret permission, and its KMS key,
 * policy and tags stay yours). A secret rotated by a Secrets Manager rotation function, or with an
 * AWSPENDING version this action did not stage, is refused before anything changes: two rotators
 * would fight over the labels, and the other's pending value may be the only copy of a credential.
 * The destination (aws-secretsmanager-destination.ts) and its client (shared/destinations/
 * aws-secretsmanager.ts, aws4) are loaded when such a line is used: this file is on the start path.
 */

export type AwsSecretsManagerSpec = DestinationSpec & {
  readonly kind: 'aws-secretsmanager';
  readonly secretId: string;
  /** The region of an ARN; undefined for a name (the `aws-region` input's). */
  readonly region: string | undefined;
};

const NAME = '[A-Za-z0-9/_+=.@-]{1,512}';
const ARN = `arn:aws[a-z-]*:secretsmanager:[a-z]{2}(?:-[a-z]+)+-\\d{1,2}:\\d{12}:secret:${NAME}`;
const PATTERN = new RegExp(`^aws-secretsmanager:(?:${ARN}|${NAME})$`);
const SYNTAX = 'aws-secretsmanager:SECRET_ID (a secret name or ARN; needs cloud: aws)';

/** ClientRequestTokens of this action's versions (32–64 characters, as AWS requires). */
export const TOKEN_PREFIX = 'rotate-secret-';
export const clientRequestToken = (version: string): string => `${TOKEN_PREFIX}${version}`;

export function parseAwsSecretsManager(line: string): AwsSecretsManagerSpec {
  const secretId = line.slice('aws-secretsmanager:'.length);
  if (!PATTERN.test(line)) throw new Error('not a secret name (letters, digits and /_+=.@-) or a Secrets Manager ARN');
  const region = secretId.startsWith('arn:') ? secretId.split(':')[3] : undefined;
  const id = `aws-secretsmanager:${secretId}`;
  return { kind: 'aws-secretsmanager', secretId, region, id, place: id };
}

export const awsSecretsManagerKind: DestinationKind<AwsSecretsManagerSpec> = {
  prefix: 'aws-secretsmanager',
  cloud: 'aws',
  syntax: SYNTAX,
  pattern: PATTERN,
  parse: parseAwsSecretsManager,
  async open(specs, deps) {
    const { openSecretsManager } = await import('./aws-secretsmanager-destination.ts');
    return openSecretsManager(specs, deps);
  },
};
