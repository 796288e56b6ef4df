// AWS emulator: STS AssumeRoleWithWebIdentity (query API, XML) and Secrets Manager (JSON 1.1, SigV4)
// on one loopback server. STS verifies the GitHub emulator's JWTs for real against an IAM OIDC
// provider (issuer + client ids) and each role's trust conditions; Secrets Manager accepts only
// requests signed with credentials STS issued, unexpired, and keeps versions and staging labels.
import { randomUUID } from 'node:crypto';
import { audiences, globMatch, peekClaims, verifyJwt } from './jwt.ts';
import { formOrJson, json, randomChars, startServer, type CloudFault, type CloudLogEntry, type CloudReply, type CloudRequest, type EmulatorCore } from './server.ts';
import { verifySigV4 } from './sigv4.ts';

export interface AwsRoleSeed {
  arn: string;
  /** Trust conditions on the token: StringLike patterns (`*`, `?`); a list means any of them. Omitted: not checked. */
  trust: { aud?: string | string[]; sub?: string | string[]; [claim: string]: string | string[] | undefined };
  /** Default 3600. */
  maxSessionDurationSeconds?: number;
}

export interface AwsEmulatorOptions {
  /** Issuer of the IAM OIDC provider created by default (the GitHub emulator's `oidc.issuer`). */
  issuer?: string;
  /** Client ids (audiences) of that provider. Default ['sts.amazonaws.com']. */
  clientIds?: string[];
  /** The region Secrets Manager answers for. Default us-east-1. */
  region?: string;
  /** Emulator clock (ms since the epoch). Default Date.now. */
  now?: () => number;
  /** Account id used in ARNs. Default 123456789012. */
  accountId?: string;
}

export interface IssuedAwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiresAt: number;
  roleArn: string;
  sessionName: string;
  subject: string;
}

export interface SecretVersionState {
  versionId: string;
  secretString: string;
  stages: string[];
  createdDate: number;
}

export interface SecretState {
  arn: string;
  name: string;
  versions: SecretVersionState[];
}

export interface AwsEmulator extends EmulatorCore {
  readonly region: string;
  readonly accountId: string;
  seed: {
    oidcProvider(issuer: string, clientIds: string[]): void;
    role(role: AwsRoleSeed): void;
    /** A secret with one AWSCURRENT version. Returns its ARN. */
    secret(name: string, secretString: string, opts?: { versionId?: string }): string;
  };
  /** Lifetime of the credentials STS issues, overriding DurationSeconds (short-expiry tests); undefined resets. */
  setCredentialTtl(seconds: number | undefined): void;
  /** Every credential STS issued. */
  issued(): IssuedAwsCredentials[];
  /** Every secret component STS issued (access key ids, secret keys, session tokens), for leak scans. */
  issuedSecrets(): string[];
  secret(nameOrArn: string): SecretState | undefined;
  faults: { inject(rule: CloudFault): void; clear(): void };
}

export const AWS_OPERATIONS = [
  'sts:AssumeRoleWithWebIdentity',
  'secretsmanager:CreateSecret',
  'secretsmanager:DescribeSecret',
  'secretsmanager:GetSecretValue',
  'secretsmanager:PutSecretValue',
  'secretsmanager:UpdateSecretVersionStage',
] as const;

const VERIFICATION_KEY_MESSAGE =
  "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements";

const xmlEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

interface Version {
  versionId: string;
  secretString: string;
  stages: Set<string>;
  createdDate: number;
}
interface Secret {
  arn: string;
  name: string;
  description?: string;
  createdDate: number;
  lastChangedDate: number;
  versions: Map<string, Version>;
}

export async function startAwsEmulator(opts: AwsEmulatorOptions = {}): Promise<AwsEmulator> {
  const now = opts.now ?? Date.now;
  const region = opts.region ?? 'us-east-1';
  const accountId = opts.accountId ?? '123456789012';
  const providers = new Map<string, string[]>();
  if (opts.issuer) providers.set(opts.issuer, opts.clientIds ?? ['sts.amazonaws.com']);
  const roles = new Map<string, AwsRoleSeed>();
  const issued: IssuedAwsCredentials[] = [];
  const byKey = new Map<string, IssuedAwsCredentials>();
  const secrets = new Map<string, Secret>();
  let credentialTtl: number | undefined;

  const stsError = (status: number, code: string, message: string): CloudReply => ({
    status,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': randomUUID() },
    body:
      `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">\n  <Error>\n    <Type>Sender</Type>\n    <Code>${xmlEscape(code)}</Code>\n` +
      `    <Message>${xmlEscape(message)}</Message>\n  </Error>\n  <RequestId>${randomUUID()}</RequestId>\n</ErrorResponse>\n`,
  });
  const smError = (status: number, code: string, message: string): CloudReply =>
    json(status, { __type: code, message }, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID(), 'x-amzn-errortype': `${code}:` });

  const findSecret = (id: unknown): Secret | undefined => {
    if (typeof id !== 'string') return undefined;
    for (const s of secrets.values()) if (s.name === id || s.arn === id) return s;
    return undefined;
  };
  const moveLabel = (s: Secret, label: string, to: Version): void => {
    for (const v of s.versions.values()) {
      if (v === to || !v.stages.has(label)) continue;
      v.stages.delete(label);
      if (label === 'AWSCURRENT') {
        for (const w of s.versions.values()) w.stages.delete('AWSPREVIOUS');
        v.stages.add('AWSPREVIOUS');
      }
    }
    to.stages.add(label);
    if (label === 'AWSCURRENT') to.stages.delete('AWSPREVIOUS');
  };
  const newSecret = (name: string, value: string, versionId: string, description?: string): Secret => {
    const t = now();
    const s: Secret = {
      arn: `arn:aws:secretsmanager:${region}:${accountId}:secret:${name}-${randomChars(6)}`,
      name,
      ...(description ? { description } : {}),
      createdDate: t,
      lastChangedDate: t,
      versions: new Map([[versionId, { versionId, secretString: value, stages: new Set(['AWSCURRENT']), createdDate: t }]]),
    };
    secrets.set(name, s);
    return s;
  };

  async function assumeRole(req: CloudRequest, entry: CloudLogEntry): Promise<CloudReply> {
    const p = formOrJson(req);
    if (p['Action'] !== 'AssumeRoleWithWebIdentity') return stsError(400, 'InvalidAction', `Could not find operation ${p['Action'] ?? ''} for version ${p['Version'] ?? ''}`);
    for (const name of ['RoleArn', 'RoleSessionName', 'WebIdentityToken']) {
      if (!p[name]) return stsError(400, 'MissingParameter', `The request must contain the parameter ${name}`);
    }
    const jwt = p['WebIdentityToken']!;
    const iss = peekClaims(jwt)['iss'];
    if (typeof iss !== 'string' || !providers.has(iss)) {
      return stsError(400, 'InvalidIdentityToken', `No OpenIDConnect provider found in your account for ${String(iss)}`);
    }
    const v = await verifyJwt(jwt, { trusted: (i) => providers.has(i), nowSeconds: Math.floor(now() / 1000) });
    if (!v.ok) {
      if (v.reason === 'keys-unavailable') return stsError(400, 'InvalidIdentityToken', VERIFICATION_KEY_MESSAGE);
      if (v.reason === 'expired') {
        return stsError(400, 'ExpiredTokenException', `Token expired: current date/time ${Math.floor(now() / 1000)} must be before the expiration date/time ${String(v.claims['exp'])}`);
      }
      return stsError(400, 'InvalidIdentityToken', 'The web identity token that was passed could not be validated by AWS. Get a new identity token from the identity provider and then retry the request.');
    }
    const claims = v.claims;
    const clientIds = providers.get(iss) ?? [];
    if (!audiences(claims).some((a) => clientIds.includes(a))) return stsError(400, 'InvalidIdentityToken', 'Incorrect token audience');
    const role = roles.get(p['RoleArn']!);
    const trusted =
      role !== undefined &&
      Object.entries(role.trust).every(([claim, allowed]) => {
        if (allowed === undefined) return true;
        const patterns = Array.isArray(allowed) ? allowed : [allowed];
        const values = claim === 'aud' ? audiences(claims) : [String(claims[claim] ?? '')];
        return values.some((value) => patterns.some((pattern) => globMatch(pattern, value)));
      });
    if (!role || !trusted) return stsError(403, 'AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity');
    const duration = Number(p['DurationSeconds'] ?? '3600');
    if (!Number.isInteger(duration) || duration < 900) {
      return stsError(400, 'ValidationError', "1 validation error detected: Value at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900");
    }
    if (duration > (role.maxSessionDurationSeconds ?? 3600)) {
      return stsError(400, 'ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
    }
    const sessionName = p['RoleSessionName']!;
    const cred: IssuedAwsCredentials = {
      accessKeyId: `ASIA${randomChars(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`,
      secretAccessKey: randomChars(40, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'),
      sessionToken: `IQoJb3JpZ2luX2Vj${randomChars(300, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/')}`,
      expiresAt: Math.floor(now() / 1000) * 1000 + (credentialTtl ?? duration) * 1000,
      roleArn: role.arn,
      sessionName,
      subject: String(claims['sub'] ?? ''),
    };
    issued.push(cred);
    byKey.set(cred.accessKeyId, cred);
    const roleName = role.arn.split('/').pop() ?? 'role';
    const assumed = `arn:aws:sts::${role.arn.split(':')[4] ?? accountId}:assumed-role/${roleName}/${sessionName}`;
    entry.principal = role.arn;
    return {
      status: 200,
      headers: { 'content-type': 'text/xml', 'x-amzn-requestid': randomUUID() },
      body: `<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleWithWebIdentityResult>
    <Audience>${xmlEscape(audiences(claims)[0] ?? '')}</Audience>
    <AssumedRoleUser>
      <AssumedRoleId>AROA${randomChars(17, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}:${xmlEscape(sessionName)}</AssumedRoleId>
      <Arn>${xmlEscape(assumed)}</Arn>
    </AssumedRoleUser>
    <Provider>${xmlEscape(iss.replace(/^https?:\/\//, ''))}</Provider>
    <Credentials>
      <AccessKeyId>${cred.accessKeyId}</AccessKeyId>
      <SecretAccessKey>${xmlEscape(cred.secretAccessKey)}</SecretAccessKey>
      <SessionToken>${xmlEscape(cred.sessionToken)}</SessionToken>
      <Expiration>${new Date(cred.expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z')}</Expiration>
    </Credentials>
    <SubjectFromWebIdentityToken>${xmlEscape(cred.subject)}</SubjectFromWebIdentityToken>
  </AssumeRoleWithWebIdentityResult>
  <ResponseMetadata>
    <RequestId>${randomUUID()}</RequestId>
  </ResponseMetadata>
</AssumeRoleWithWebIdentityResponse>
`,
    };
  }

  function secretsManager(operation: string, req: CloudRequest, entry: CloudLogEntry): CloudReply {
    const sig = verifySigV4(req, (id) => byKey.get(id), { service: 'secretsmanager', region, now: now() });
    if (!sig.ok) return smError(sig.status, sig.code, sig.message);
    entry.principal = byKey.get(sig.accessKeyId)?.roleArn;
    let input: Record<string, unknown>;
    try {
      input = JSON.parse(req.body) as Record<string, unknown>;
    } catch {
      return smError(400, 'SerializationException', 'Start of structure or map found where not expected.');
    }
    const op = operation.slice('secretsmanager:'.length);
    const notFound = (): CloudReply => smError(400, 'ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    const token = input['ClientRequestToken'];
    if (token !== undefined && (typeof token !== 'string' || token.length < 32 || token.length > 64)) {
      return smError(400, 'ValidationException', "1 validation error detected: Value at 'clientRequestToken' failed to satisfy constraint: Member must have length between 32 and 64");
    }
    switch (op) {
      case 'CreateSecret': {
        const name = input['Name'];
        if (typeof name !== 'string' || typeof input['SecretString'] !== 'string') return smError(400, 'InvalidParameterException', 'Name and SecretString are required.');
        if (secrets.has(name)) return smError(400, 'ResourceExistsException', `The operation failed because the secret ${name} already exists.`);
        const s = newSecret(name, input['SecretString'], typeof token === 'string' ? token : randomUUID(), typeof input['Description'] === 'string' ? input['Description'] : undefined);
        return json(200, { ARN: s.arn, Name: s.name, VersionId: [...s.versions.keys()][0] });
      }
      case 'DescribeSecret': {
        const s = findSecret(input['SecretId']);
        if (!s) return notFound();
        const stages: Record<string, string[]> = {};
        for (const v of s.versions.values()) if (v.stages.size > 0) stages[v.versionId] = [...v.stages];
        return json(200, {
          ARN: s.arn,
          Name: s.name,
          ...(s.description ? { Description: s.description } : {}),
          RotationEnabled: false,
          LastChangedDate: s.lastChangedDate / 1000,
          CreatedDate: s.createdDate / 1000,
          VersionIdsToStages: stages,
        });
      }
      case 'GetSecretValue': {
        const s = findSecret(input['SecretId']);
        if (!s) return notFound();
        const versionId = input['VersionId'];
        const stage = typeof input['VersionStage'] === 'string' ? input['VersionStage'] : versionId === undefined ? 'AWSCURRENT' : undefined;
        const v = typeof versionId === 'string' ? s.versions.get(versionId) : [...s.versions.values()].find((x) => stage !== undefined && x.stages.has(stage));
        if (!v || (stage !== undefined && !v.stages.has(stage))) {
          return smError(400, 'ResourceNotFoundException', `Secrets Manager can't find the specified secret value for ${versionId !== undefined ? `VersionId: ${String(versionId)}` : `staging label: ${stage}`}`);
        }
        return json(200, { ARN: s.arn, Name: s.name, VersionId: v.versionId, SecretString: v.secretString, VersionStages: [...v.stages], CreatedDate: v.createdDate / 1000 });
      }
      case 'PutSecretValue': {
        const s = findSecret(input['SecretId']);
        if (!s) return notFound();
        const value = input['SecretString'];
        if (typeof value !== 'string') return smError(400, 'InvalidParameterException', 'You must provide either SecretString or SecretBinary.');
        const versionId = typeof token === 'string' ? token : randomUUID();
        const stages = Array.isArray(input['VersionStages']) ? input['VersionStages'].filter((x): x is string => typeof x === 'string') : ['AWSCURRENT'];
        const existing = s.versions.get(versionId);
        if (existing) {
          if (existing.secretString !== value) {
            return smError(400, 'ResourceExistsException', `A resource with the ID you requested already exists. You can't modify an existing version, you can only create a new version.`);
          }
          return json(200, { ARN: s.arn, Name: s.name, VersionId: versionId, VersionStages: [...existing.stages] });
        }
        const v: Version = { versionId, secretString: value, stages: new Set(), createdDate: now() };
        s.versions.set(versionId, v);
        for (const label of stages) moveLabel(s, label, v);
        s.lastChangedDate = now();
        return json(200, { ARN: s.arn, Name: s.name, VersionId: versionId, VersionStages: [...v.stages] });
      }
      case 'UpdateSecretVersionStage': {
        const s = findSecret(input['SecretId']);
        if (!s) return notFound();
        const label = input['VersionStage'];
        const moveTo = input['MoveToVersionId'];
        const removeFrom = input['RemoveFromVersionId'];
        if (typeof label !== 'string') return smError(400, 'InvalidParameterException', 'VersionStage is required.');
        const holder = [...s.versions.values()].find((v) => v.stages.has(label));
        if (typeof removeFrom === 'string' && holder?.versionId !== removeFrom) {
          return smError(400, 'InvalidParameterException', `The staging label ${label} is not attached to version ${removeFrom}; it is attached to ${holder?.versionId ?? 'no version'}.`);
        }
        if (typeof moveTo === 'string') {
          const target = s.versions.get(moveTo);
          if (!target) return smError(400, 'ResourceNotFoundException', `Secrets Manager can't find the specified secret version: ${moveTo}`);
          if (holder && holder !== target && removeFrom === undefined) {
            return smError(400, 'InvalidParameterException', `The staging label ${label} is currently attached to version ${holder.versionId}. You must specify RemoveFromVersionId to move it.`);
          }
          moveLabel(s, label, target);
        } else if (typeof removeFrom === 'string') {
          if (label === 'AWSCURRENT') return smError(400, 'InvalidParameterException', 'You can only move the staging label AWSCURRENT to another version, not remove it.');
          holder?.stages.delete(label);
        } else {
          return smError(400, 'InvalidParameterException', 'You must specify MoveToVersionId or RemoveFromVersionId.');
        }
        s.lastChangedDate = now();
        return json(200, { ARN: s.arn, Name: s.name });
      }
    }
    return smError(400, 'UnknownOperationException', 'Unknown operation');
  }

  const core = await startServer({
    name: 'AWS',
    operations: AWS_OPERATIONS,
    route(req) {
      if (req.method !== 'POST') return undefined;
      const target = req.headers['x-amz-target'];
      if (target?.startsWith('secretsmanager.')) {
        const op = `secretsmanager:${target.slice('secretsmanager.'.length)}`;
        return (AWS_OPERATIONS as readonly string[]).includes(op) ? op : undefined;
      }
      if (formOrJson(req)['Action'] === 'AssumeRoleWithWebIdentity') return 'sts:AssumeRoleWithWebIdentity';
      return undefined;
    },
    handle(operation, req, entry) {
      return operation === 'sts:AssumeRoleWithWebIdentity' ? assumeRole(req, entry) : secretsManager(operation, req, entry);
    },
    error(status, code, message, operation) {
      if (operation.startsWith('sts:')) return stsError(status, code ?? (status >= 500 ? 'ServiceUnavailable' : 'InvalidAction'), message ?? 'Injected fault');
      return smError(status, code ?? (status >= 500 ? 'InternalServiceError' : 'InvalidRequestException'), message ?? 'Injected fault');
    },
    unknown(req) {
      return req.headers['x-amz-target'] ? smError(400, 'UnknownOperationException', 'Unknown operation') : stsError(400, 'InvalidAction', 'Could not find operation');
    },
  });

  return {
    ...core,
    region,
    accountId,
    seed: {
      oidcProvider: (issuer, clientIds) => void providers.set(issuer, [...clientIds]),
      role: (role) => void roles.set(role.arn, { ...role }),
      secret: (name, value, o = {}) => newSecret(name, value, o.versionId ?? randomUUID()).arn,
    },
    setCredentialTtl: (seconds) => {
      credentialTtl = seconds;
    },
    issued: () => [...issued],
    issuedSecrets: () => issued.flatMap((c) => [c.accessKeyId, c.secretAccessKey, c.sessionToken]),
    secret(id) {
      const s = findSecret(id);
      if (!s) return undefined;
      return {
        arn: s.arn,
        name: s.name,
        versions: [...s.versions.values()].map((v) => ({ versionId: v.versionId, secretString: v.secretString, stages: [...v.stages].sort(), createdDate: v.createdDate })),
      };
    },
  };
}
