import aws4 from 'aws4';
import { TransientError, UserError, messageOf } from '../../../../shared/errors.ts';
import { CloudServiceError, describeBody, firstLine, httpRequest, isRecord, isTransientStatus, parseJson, retryAfterOf, retrying, str } from '../../../../shared/oidc/http.ts';
import type { CallDeps, CredentialProvider } from '../../../../shared/oidc/types.ts';
import { failure } from '../failure.ts';
import { secretPart } from './secret-part.ts';
import type { AwsSecretsManagerSpec, Credential, Destination, DestinationDeps, RotationRef, WriteOutcome } from './types.ts';

/**
 * AWS Secrets Manager: `aws-secretsmanager:SECRET_ID` (a name or an ARN), over its JSON 1.1 API
 * signed with SigV4 (aws4), following Secrets Manager's own rotation protocol (staging labels,
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_how.html) driven by
 * the rotation engine. Loaded lazily (open.ts); its lines are parsed by parse.ts. Only
 * rotate-secret writes Secrets Manager secrets, so the client lives here, not in shared/.
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
 */

export const AWSCURRENT = 'AWSCURRENT';
export const AWSPENDING = 'AWSPENDING';

/** ClientRequestTokens of this action's versions (32–64 characters, as AWS requires). */
const TOKEN_PREFIX = 'rotate-secret-';
const clientRequestToken = (version: string): string => `${TOKEN_PREFIX}${version}`;

/** Access keys, as a CredentialSource<AwsCredentials> hands them out. */
interface AwsKeys {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface SecretsManagerOptions extends CallDeps {
  region: string;
  /** Default https://secretsmanager.REGION.amazonaws.com (.com.cn in China). */
  endpoint?: string;
  /** Static keys, or a provider asked before every request (a CredentialSource refreshes before expiry). */
  credentials: AwsKeys | CredentialProvider<AwsKeys>;
}

interface SecretDescription {
  /** Version id → its staging labels. */
  versionIdsToStages: Record<string, string[]>;
  rotationEnabled: boolean;
  deleted: boolean;
}

/** A ClientRequestToken: 32–64 characters (AWS's rule); a UUID is the usual choice. */
const CLIENT_REQUEST_TOKEN = /^[\w-]{32,64}$/;
const TRANSIENT_CODES = new Set(['ThrottlingException', 'Throttling', 'InternalServiceError', 'InternalFailure', 'ServiceUnavailable', 'RequestTimeout']);
/** The credentials themselves were refused: refresh once, then give up. */
const CREDENTIAL_CODES = new Set(['ExpiredTokenException', 'UnrecognizedClientException', 'InvalidSignatureException', 'IncompleteSignature']);

function defaultEndpoint(region: string): string {
  return `https://secretsmanager.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;
}

/** The Secrets Manager calls a rotation needs, each retried by the cloud classifier. */
export class SecretsManager {
  readonly #opts: SecretsManagerOptions;
  readonly #endpoint: URL;

  constructor(opts: SecretsManagerOptions) {
    this.#opts = opts;
    this.#endpoint = new URL((opts.endpoint ?? defaultEndpoint(opts.region)).replace(/\/+$/, '') + '/');
  }

  /** The secret's labels by version, or undefined when it does not exist. */
  async describeSecret(secretId: string): Promise<SecretDescription | undefined> {
    const out = await this.#call('DescribeSecret', { SecretId: secretId }, { notFound: 'undefined' });
    if (out === undefined) return undefined;
    const stages: Record<string, string[]> = {};
    const raw = isRecord(out['VersionIdsToStages']) ? out['VersionIdsToStages'] : {};
    for (const [id, labels] of Object.entries(raw)) stages[id] = Array.isArray(labels) ? labels.filter((l): l is string => typeof l === 'string') : [];
    return { versionIdsToStages: stages, rotationEnabled: out['RotationEnabled'] === true, deleted: out['DeletedDate'] !== undefined && out['DeletedDate'] !== null };
  }

  /** A version's value and labels, masked on arrival; undefined when the secret or version does not exist. */
  async getSecretValue(secretId: string, versionId: string): Promise<{ secretString: string; versionStages: string[] } | undefined> {
    const out = await this.#call('GetSecretValue', { SecretId: secretId, VersionId: versionId }, { notFound: 'undefined', secretField: 'SecretString' });
    if (out === undefined) return undefined;
    const secretString = str(out, 'SecretString');
    if (secretString === undefined) throw new UserError(`Secret ${secretId} holds binary data; only SecretString values are supported`);
    return { secretString, versionStages: Array.isArray(out['VersionStages']) ? out['VersionStages'].filter((l): l is string => typeof l === 'string') : [] };
  }

  /**
   * Step 1 of a rotation: the new value as AWSPENDING, keyed by the rotation token (idempotent per
   * token: the same token and value again is a no-op; the same token with another value is refused).
   */
  async storePending(secretId: string, value: string, token: string): Promise<void> {
    checkToken(token);
    this.#opts.redactor.add(secretPart(value));
    await this.#call('PutSecretValue', { SecretId: secretId, ClientRequestToken: token, SecretString: value, VersionStages: [AWSPENDING] });
  }

  /** Moves or removes one staging label (UpdateSecretVersionStage). */
  async updateSecretVersionStage(secretId: string, versionStage: string, move: { moveToVersionId?: string; removeFromVersionId?: string }): Promise<void> {
    await this.#call(
      'UpdateSecretVersionStage',
      {
        SecretId: secretId,
        VersionStage: versionStage,
        ...(move.moveToVersionId ? { MoveToVersionId: move.moveToVersionId } : {}),
        ...(move.removeFromVersionId ? { RemoveFromVersionId: move.removeFromVersionId } : {}),
      },
      {
        // A retry after a lost answer is refused (the label is no longer where RemoveFromVersionId says):
        // success if the labels are already as asked.
        reconcile: {
          code: 'InvalidParameterException',
          check: async () => {
            const stages = (await this.describeSecret(secretId))?.versionIdsToStages ?? {};
            const done = move.moveToVersionId
              ? (stages[move.moveToVersionId]?.includes(versionStage) ?? false)
              : !(move.removeFromVersionId && stages[move.removeFromVersionId]?.includes(versionStage));
            return done ? {} : undefined;
          },
        },
      },
    );
  }

  /**
   * Makes `versionId` AWSCURRENT (the old current becomes AWSPREVIOUS) and removes its AWSPENDING
   * label. Safe to re-run at any point: each attempt reads the labels and does only what is left.
   * Returns the version that was current before, if it changed.
   */
  async promote(secretId: string, versionId: string): Promise<{ previousVersionId: string | undefined }> {
    let previous: string | undefined;
    for (let step = 0; step < 4; step++) {
      const d = await this.describeSecret(secretId);
      if (!d) throw new UserError(`Secret ${secretId} does not exist (it was deleted during the rotation?)`);
      const stages = d.versionIdsToStages[versionId];
      if (!stages) throw new UserError(`Secret ${secretId} has no version ${versionId} to promote`);
      const currentId = Object.entries(d.versionIdsToStages).find(([, s]) => s.includes(AWSCURRENT))?.[0];
      if (currentId !== versionId) {
        previous = currentId;
        await this.updateSecretVersionStage(secretId, AWSCURRENT, { moveToVersionId: versionId, ...(currentId ? { removeFromVersionId: currentId } : {}) });
        continue;
      }
      if (stages.includes(AWSPENDING)) {
        await this.updateSecretVersionStage(secretId, AWSPENDING, { removeFromVersionId: versionId });
        continue;
      }
      return { previousVersionId: previous };
    }
    throw new TransientError(`Secret ${secretId}: the staging labels kept changing while promoting version ${versionId} (another rotation running?)`);
  }

  /** Drops the AWSPENDING label from `versionId` (an abandoned rotation); the version itself is left for AWS to expire. */
  async discardPending(secretId: string, versionId: string): Promise<void> {
    const d = await this.describeSecret(secretId);
    if (!d?.versionIdsToStages[versionId]?.includes(AWSPENDING)) return;
    await this.updateSecretVersionStage(secretId, AWSPENDING, { removeFromVersionId: versionId });
  }

  async #keys(): Promise<AwsKeys> {
    const c = this.#opts.credentials;
    return 'get' in c ? c.get() : c;
  }

  /** One API call: signed per attempt (fresh date, current credentials), retried by the cloud classifier. */
  async #call(
    operation: string,
    input: Record<string, unknown>,
    opts: {
      notFound?: 'undefined';
      secretField?: string;
      /** After an ambiguous failure, this refusal may mean the first attempt landed: `check` reads and says (a result) or denies (undefined). */
      reconcile?: { code: string; check: () => Promise<Record<string, unknown> | undefined> };
    } = {},
  ): Promise<Record<string, unknown> | undefined> {
    const body = JSON.stringify(input);
    const deps = this.#opts;
    const provider = 'get' in deps.credentials ? deps.credentials : undefined;
    const now = (): number => (deps.clock ? deps.clock.now() : Date.now());
    let refreshed = false;
    let ambiguous = false;
    const label = `Secrets Manager ${operation}${typeof input['SecretId'] === 'string' ? ` ${input['SecretId']}` : typeof input['Name'] === 'string' ? ` ${input['Name']}` : ''}`;

    return retrying(label, deps, async (attempt) => {
      const keys = await this.#keys();
      const signed = aws4.sign(
        {
          host: this.#endpoint.host,
          path: this.#endpoint.pathname,
          method: 'POST',
          service: 'secretsmanager',
          region: deps.region,
          headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': `secretsmanager.${operation}`, 'X-Amz-Date': amzDate(now()) },
          body,
        },
        { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey, ...(keys.sessionToken ? { sessionToken: keys.sessionToken } : {}) },
      );
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(signed.headers ?? {})) {
        // fetch sets Host and Content-Length itself, to the same values that were signed.
        if (v === undefined || /^(host|content-length)$/i.test(k)) continue;
        headers[k.toLowerCase()] = String(v);
      }
      let res;
      try {
        res = await httpRequest(this.#endpoint, { method: 'POST', headers, body }, deps);
      } catch (error) {
        ambiguous = true;
        throw error;
      }
      const parsed = parseJson(res.text);
      if (opts.secretField) {
        const secret = str(parsed, opts.secretField);
        if (secret) deps.redactor.add(secretPart(secret));
      }
      if (res.status === 200) {
        if (!isRecord(parsed)) throw new TransientError(`${label}: answered 200 with ${describeBody(res)}`);
        return parsed;
      }
      const code = (res.headers.get('x-amzn-errortype') ?? str(parsed, '__type') ?? '').split(':')[0]?.split('#').pop() || undefined;
      const message = firstLine(str(parsed, 'message') ?? str(parsed, 'Message') ?? '');
      const requestId = res.headers.get('x-amzn-requestid') ?? undefined;
      const said = `${code ?? `status ${res.status}`}${message ? `: ${message}` : ''}`;
      const ids = { status: res.status, ...(code ? { code } : {}), ...(requestId ? { requestId } : {}) };

      if (code === 'ResourceNotFoundException' && opts.notFound === 'undefined') return undefined;
      if (opts.reconcile && code === opts.reconcile.code && (attempt > 1 || ambiguous)) {
        const found = await opts.reconcile.check();
        if (found) return found;
      }
      if (isTransientStatus(res.status) || (code !== undefined && TRANSIENT_CODES.has(code))) {
        ambiguous = true;
        const wait = retryAfterOf(res, now());
        throw new CloudServiceError(`${label}: ${said}`, { ...ids, retryable: true, ...(wait !== undefined ? { retryAfterMs: wait } : {}) });
      }
      if (code !== undefined && CREDENTIAL_CODES.has(code) && provider?.invalidate && !refreshed) {
        // Expired or unknown session: refresh the credentials once and sign again.
        refreshed = true;
        provider.invalidate(keys);
        throw new CloudServiceError(`${label}: ${said}; refreshing the credentials`, { ...ids, retryable: true, retryAfterMs: 1 });
      }
      const cause = new CloudServiceError(said, { ...ids, retryable: false });
      if (code === 'AccessDeniedException') {
        throw new UserError(`${label} was denied (${said}). The role needs secretsmanager:${operation} on this secret (and kms:Decrypt/GenerateDataKey on its key).`, { cause });
      }
      if (code === 'ResourceNotFoundException') throw new UserError(`${label}: the secret does not exist (${said})`, { cause });
      if (code !== undefined && /^(InvalidParameterException|InvalidRequestException|ResourceExistsException|LimitExceededException|EncryptionFailure|DecryptionFailure|ValidationException)$/.test(code)) {
        throw new UserError(`${label} was refused (${said})`, { cause });
      }
      if (code !== undefined && CREDENTIAL_CODES.has(code)) throw new UserError(`${label}: AWS refused the credentials (${said})`, { cause });
      throw new CloudServiceError(`${label}: ${said}`, { ...ids, retryable: false });
    });
  }
}

function checkToken(token: string): void {
  if (!CLIENT_REQUEST_TOKEN.test(token)) {
    throw new UserError(`A Secrets Manager ClientRequestToken must be 32–64 letters, digits, - or _ (a UUID); got ${token.length} characters`);
  }
}

/** SigV4's X-Amz-Date: 20260101T120000Z. */
export function amzDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[:-]|\.\d{3}/g, '');
}

// ---------------------------------------------------------------------------------------------

class SecretsManagerDestination implements Destination {
  readonly id: string;
  readonly #secretId: string;
  readonly #sm: SecretsManager;
  readonly #warn: (line: string) => void;
  /** Versions known to exist here, by token (recover found them, or stage stored them). */
  readonly #found = new Map<string, 'labelled' | 'unlabelled'>();

  constructor(spec: AwsSecretsManagerSpec, sm: SecretsManager, warn: (line: string) => void) {
    this.id = spec.id;
    this.#secretId = spec.secretId;
    this.#sm = sm;
    this.#warn = warn;
  }

  async prepare(): Promise<void> {
    const id = this.#secretId;
    const d = await this.#sm.describeSecret(id).catch((error: unknown) => {
      throw failure(`${this.id}: cannot describe the secret`, error);
    });
    if (!d) {
      throw new UserError(
        `${this.id}: the secret does not exist, or the role cannot see it. Create it first (aws secretsmanager create-secret --name ${id} …): rotate-secret adds versions to an existing secret and never creates one.`,
      );
    }
    if (d.deleted) throw new UserError(`${this.id}: the secret is scheduled for deletion; restore it (aws secretsmanager restore-secret) or remove the destination`);
    if (d.rotationEnabled) {
      throw new UserError(
        `${this.id}: the secret has rotation turned on in Secrets Manager (a rotation function rotates it); two rotators would fight over its AWSPENDING label. Turn that rotation off (aws secretsmanager cancel-rotate-secret) or do not rotate it here.`,
      );
    }
    for (const [versionId, stages] of Object.entries(d.versionIdsToStages)) {
      if (!stages.includes(AWSPENDING) || stages.includes(AWSCURRENT) || versionId.startsWith(TOKEN_PREFIX)) continue;
      throw new UserError(
        `${this.id}: version ${versionId} is labelled AWSPENDING by something other than rotate-secret (an unfinished rotation?); its value may be the only copy of a credential, so it is left alone. ` +
          `When it is not needed: aws secretsmanager update-secret-version-stage --secret-id ${this.#secretId} --version-stage AWSPENDING --remove-from-version-id ${versionId}`,
      );
    }
  }

  async recover({ version }: RotationRef): Promise<string | undefined> {
    const token = clientRequestToken(version);
    const found = await this.#sm.getSecretValue(this.#secretId, token);
    if (found === undefined) return undefined;
    this.#found.set(token, found.versionStages.length > 0 ? 'labelled' : 'unlabelled');
    return found.secretString;
  }

  async stage(credential: Credential, { version }: RotationRef): Promise<void> {
    const token = clientRequestToken(version);
    const found = this.#found.get(token);
    if (found === 'labelled') return;
    try {
      if (found === 'unlabelled') {
        // The version exists but lost its labels (someone removed AWSPENDING by hand): label it again.
        const d = await this.#sm.describeSecret(this.#secretId);
        const holder = Object.entries(d?.versionIdsToStages ?? {}).find(([, stages]) => stages.includes(AWSPENDING))?.[0];
        await this.#sm.updateSecretVersionStage(this.#secretId, AWSPENDING, { moveToVersionId: token, ...(holder ? { removeFromVersionId: holder } : {}) });
      } else {
        await this.#sm.storePending(this.#secretId, credential.secret, token);
      }
      this.#found.set(token, 'labelled');
    } catch (error) {
      if (/ResourceExistsException/.test(messageOf(error))) {
        throw new UserError(
          `${this.id}: version ${token} already holds another value (the interrupted rotation ran with a different \`value\` input?); re-run with the inputs it had, or delete the lock variable to start a new rotation`,
          { cause: error },
        );
      }
      throw failure(`Failed to store the pending value at ${this.id}`, error);
    }
  }

  async write(_credential: Credential, { version }: RotationRef): Promise<WriteOutcome> {
    const token = clientRequestToken(version);
    try {
      const { previousVersionId } = await this.#sm.promote(this.#secretId, token);
      return previousVersionId === undefined ? 'unchanged' : 'updated';
    } catch (error) {
      // The promotion is two label moves: when the first landed, the commit happened — the engine
      // must count this destination as holding the new value (it then keeps the lock and never
      // reverts the target under it). Only the cleanup of AWSPENDING was lost; on the current
      // version that label is a state Secrets Manager allows, and the next rotation moves it.
      const now = await this.#sm.describeSecret(this.#secretId).catch(() => undefined);
      if (now?.versionIdsToStages[token]?.includes(AWSCURRENT)) {
        this.#warn(`${this.id}: the new version is AWSCURRENT; removing its AWSPENDING label failed (${messageOf(error)})`);
        return 'updated';
      }
      throw failure(`Failed to make the new version AWSCURRENT at ${this.id}`, error);
    }
  }

  async discard({ version }: RotationRef): Promise<void> {
    await this.#sm.discardPending(this.#secretId, clientRequestToken(version));
  }
}

/** One client per region, with the run's AWS credentials (refreshed before they expire). */
export async function open(specs: readonly AwsSecretsManagerSpec[], deps: DestinationDeps): Promise<Destination[]> {
  const access = await deps.cloud('aws');
  const clients = new Map<string, SecretsManager>();
  const client = (region: string): SecretsManager => {
    let sm = clients.get(region);
    if (!sm) {
      sm = new SecretsManager({
        redactor: deps.redactor,
        log: deps.log,
        signal: deps.signal,
        stats: deps.stats,
        region,
        ...(access.endpoints.secretsmanager ? { endpoint: access.endpoints.secretsmanager } : {}),
        credentials: access.credentials,
      });
      clients.set(region, sm);
    }
    return sm;
  };
  return specs.map((spec) => new SecretsManagerDestination(spec, client(spec.region ?? access.config.region), (line) => deps.log.warning(line)));
}
