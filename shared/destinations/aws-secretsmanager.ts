import aws4 from 'aws4';
import { TransientError, UserError } from '../errors.ts';
import { CloudServiceError, describeBody, firstLine, httpRequest, isRecord, isTransientStatus, parseJson, retryAfterOf, retrying, str } from '../oidc/http.ts';
import type { CallDeps, CredentialProvider } from '../oidc/types.ts';

/**
 * AWS Secrets Manager as a rotation destination (`aws-secretsmanager:SECRET_ID`), over its JSON 1.1
 * API signed with SigV4 (aws4). The rotation protocol follows Secrets Manager's own four steps
 * (reliability.md §3.1):
 *
 * 1. `storePending(id, value, token)` — PutSecretValue with ClientRequestToken = the rotation token
 *    and stage AWSPENDING, before the target changes. Re-running with the same token and value is a
 *    no-op, so a crash never produces a second, different pending value.
 * 2. (the caller changes and tests the target with the pending value)
 * 3. `promote(id, versionId)` — moves AWSCURRENT to the pending version (Secrets Manager moves
 *    AWSPREVIOUS to the old current one, the last known good value), then removes AWSPENDING.
 *    Each attempt reads the labels first, so a re-run after a crash at any point finishes the job.
 *
 * After a crash, `findPending(id)` finds the version labelled AWSPENDING (and its value with
 * `getSecretValue(id, { versionId })`); `discardPending` drops the label when a rotation is abandoned.
 */

export const AWSCURRENT = 'AWSCURRENT';
export const AWSPENDING = 'AWSPENDING';
export const AWSPREVIOUS = 'AWSPREVIOUS';

/** Access keys, as a CredentialSource<AwsCredentials> hands them out. */
export interface AwsKeys {
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

export interface SecretDescription {
  arn: string;
  name: string;
  /** Version id → its staging labels. */
  versionIdsToStages: Record<string, string[]>;
  rotationEnabled: boolean;
  /** Epoch ms. */
  lastChangedDate: number | undefined;
  deletedDate: number | undefined;
}

export interface SecretValue {
  arn: string;
  name: string;
  versionId: string;
  secretString: string;
  versionStages: string[];
  createdDate: number | undefined;
}

export interface PendingVersion {
  versionId: string;
  /** Also labelled AWSCURRENT: a promotion was interrupted after the move, only the cleanup is left. */
  current: boolean;
}

/** A ClientRequestToken: 32–64 characters (AWS's rule); a UUID is the usual choice. */
const CLIENT_REQUEST_TOKEN = /^[\w-]{32,64}$/;
const TRANSIENT_CODES = new Set(['ThrottlingException', 'Throttling', 'InternalServiceError', 'InternalFailure', 'ServiceUnavailable', 'RequestTimeout']);
/** The credentials themselves were refused: refresh once, then give up. */
const CREDENTIAL_CODES = new Set(['ExpiredTokenException', 'UnrecognizedClientException', 'InvalidSignatureException', 'IncompleteSignature']);

export function defaultSecretsManagerEndpoint(region: string): string {
  return `https://secretsmanager.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;
}

export class SecretsManager {
  readonly #opts: SecretsManagerOptions;
  readonly #endpoint: URL;

  constructor(opts: SecretsManagerOptions) {
    this.#opts = opts;
    this.#endpoint = new URL((opts.endpoint ?? defaultSecretsManagerEndpoint(opts.region)).replace(/\/+$/, '') + '/');
  }

  /** The secret's labels by version, or undefined when it does not exist. */
  async describeSecret(secretId: string): Promise<SecretDescription | undefined> {
    const out = await this.#call('DescribeSecret', { SecretId: secretId }, { notFound: 'undefined' });
    if (out === undefined) return undefined;
    const stages: Record<string, string[]> = {};
    const raw = isRecord(out['VersionIdsToStages']) ? out['VersionIdsToStages'] : {};
    for (const [id, labels] of Object.entries(raw)) stages[id] = Array.isArray(labels) ? labels.filter((l): l is string => typeof l === 'string') : [];
    return {
      arn: str(out, 'ARN') ?? '',
      name: str(out, 'Name') ?? secretId,
      versionIdsToStages: stages,
      rotationEnabled: out['RotationEnabled'] === true,
      lastChangedDate: epochMs(out['LastChangedDate']),
      deletedDate: epochMs(out['DeletedDate']),
    };
  }

  /** A version's value (default AWSCURRENT), masked on arrival; undefined when the secret or version does not exist. */
  async getSecretValue(secretId: string, select: { versionId?: string; versionStage?: string } = {}): Promise<SecretValue | undefined> {
    const out = await this.#call(
      'GetSecretValue',
      { SecretId: secretId, ...(select.versionId ? { VersionId: select.versionId } : {}), ...(select.versionStage ? { VersionStage: select.versionStage } : {}) },
      { notFound: 'undefined', secretField: 'SecretString' },
    );
    if (out === undefined) return undefined;
    const secretString = str(out, 'SecretString');
    if (secretString === undefined) throw new UserError(`Secret ${secretId} holds binary data; only SecretString values are supported`);
    return {
      arn: str(out, 'ARN') ?? '',
      name: str(out, 'Name') ?? secretId,
      versionId: str(out, 'VersionId') ?? '',
      secretString,
      versionStages: Array.isArray(out['VersionStages']) ? out['VersionStages'].filter((l): l is string => typeof l === 'string') : [],
      createdDate: epochMs(out['CreatedDate']),
    };
  }

  /**
   * Stores a new version (idempotent per `clientRequestToken`: the same token and value again is a
   * no-op; the same token with another value is refused). Labels default to AWSPENDING.
   */
  async putSecretValue(
    secretId: string,
    secretString: string,
    opts: { clientRequestToken: string; versionStages?: readonly string[] },
  ): Promise<{ arn: string; name: string; versionId: string; versionStages: string[] }> {
    checkToken(opts.clientRequestToken);
    this.#opts.redactor.add(secretString);
    const stages = [...(opts.versionStages ?? [AWSPENDING])];
    const out = (await this.#call('PutSecretValue', { SecretId: secretId, ClientRequestToken: opts.clientRequestToken, SecretString: secretString, VersionStages: stages })) ?? {};
    return {
      arn: str(out, 'ARN') ?? '',
      name: str(out, 'Name') ?? secretId,
      versionId: str(out, 'VersionId') ?? opts.clientRequestToken,
      versionStages: Array.isArray(out['VersionStages']) ? out['VersionStages'].filter((l): l is string => typeof l === 'string') : stages,
    };
  }

  /** Creates a secret whose first version (id `clientRequestToken`) is AWSCURRENT. Re-running after a lost answer succeeds. */
  async createSecret(name: string, secretString: string, opts: { clientRequestToken: string; description?: string }): Promise<{ arn: string; name: string; versionId: string }> {
    checkToken(opts.clientRequestToken);
    this.#opts.redactor.add(secretString);
    const out =
      (await this.#call(
        'CreateSecret',
        { Name: name, ClientRequestToken: opts.clientRequestToken, SecretString: secretString, ...(opts.description ? { Description: opts.description } : {}) },
        {
          // A retry after a lost answer finds the secret it created: success if our version is there.
          reconcile: {
            code: 'ResourceExistsException',
            check: async () => {
              const d = await this.describeSecret(name);
              return d && opts.clientRequestToken in d.versionIdsToStages ? { ARN: d.arn, Name: d.name, VersionId: opts.clientRequestToken } : undefined;
            },
          },
        },
      )) ?? {};
    return { arn: str(out, 'ARN') ?? '', name: str(out, 'Name') ?? name, versionId: str(out, 'VersionId') ?? opts.clientRequestToken };
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

  /** Step 1 of a rotation: the new value as AWSPENDING, keyed by the rotation token. Returns the version id. */
  async storePending(secretId: string, value: string, clientRequestToken: string): Promise<string> {
    return (await this.putSecretValue(secretId, value, { clientRequestToken, versionStages: [AWSPENDING] })).versionId;
  }

  /** The version labelled AWSPENDING, if any (crash recovery), or undefined. */
  async findPending(secretId: string): Promise<PendingVersion | undefined> {
    const d = await this.describeSecret(secretId);
    if (!d) return undefined;
    for (const [versionId, stages] of Object.entries(d.versionIdsToStages)) {
      if (stages.includes(AWSPENDING)) return { versionId, current: stages.includes(AWSCURRENT) };
    }
    return undefined;
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
        if (secret) deps.redactor.add(secret);
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

function epochMs(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? Math.round(value * 1000) : undefined;
}
