// The Actions OIDC token service: RS256 JWTs with GitHub's claims, discovery document and JWKS.
import { createHash, generateKeyPair, randomBytes, randomUUID, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

/** Inputs for the default claims; anything else goes in `claims` and wins over the defaults. */
export interface OidcConfig {
  repository?: string;
  repositoryId?: number;
  repositoryOwnerId?: number;
  ref?: string;
  sha?: string;
  environment?: string | undefined;
  actor?: string;
  workflow?: string;
  eventName?: string;
  runId?: string;
  runAttempt?: string;
  /** Lifetime of issued tokens (GitHub: 300 s). */
  ttlSeconds?: number;
  /** Raw claim overrides (e.g. sub, job_workflow_ref). */
  claims?: Record<string, unknown>;
}

const b64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

export class OidcProvider {
  readonly requestToken = `oidc-request-${randomBytes(16).toString('hex')}`;
  readonly kid: string;
  private readonly privateKey: KeyObject;
  private readonly jwk: Record<string, unknown>;
  config: OidcConfig = {};
  /** Every JWT handed out, for leak scanners and assertions. */
  readonly issued: string[] = [];

  private constructor(privateKey: KeyObject, publicKey: KeyObject) {
    this.privateKey = privateKey;
    const jwk = publicKey.export({ format: 'jwk' }) as Record<string, unknown>;
    this.kid = createHash('sha256').update(String(jwk['n'])).digest('hex').slice(0, 40);
    this.jwk = { ...jwk, kid: this.kid, alg: 'RS256', use: 'sig' };
  }

  static async create(): Promise<OidcProvider> {
    const pair = await new Promise<{ privateKey: KeyObject; publicKey: KeyObject }>((resolve, reject) =>
      generateKeyPair('rsa', { modulusLength: 2048 }, (err, publicKey, privateKey) =>
        err ? reject(err) : resolve({ publicKey, privateKey }),
      ),
    );
    return new OidcProvider(pair.privateKey, pair.publicKey);
  }

  configure(patch: OidcConfig): void {
    this.config = { ...this.config, ...patch, claims: { ...this.config.claims, ...patch.claims } };
  }

  claims(issuer: string, audience: string | undefined, fallback: { repository: string; repositoryId: number; ownerId: number }): Record<string, unknown> {
    const c = this.config;
    const repository = c.repository ?? fallback.repository;
    const owner = repository.split('/')[0] ?? repository;
    const ref = c.ref ?? 'refs/heads/main';
    const sha = c.sha ?? createHash('sha1').update(`${repository}:${ref}`).digest('hex');
    const workflowFile = `${repository}/.github/workflows/deploy.yml@${ref}`;
    const sub = c.environment
      ? `repo:${repository}:environment:${c.environment}`
      : `repo:${repository}:ref:${ref}`;
    const iat = Math.floor(Date.now() / 1000);
    const claims: Record<string, unknown> = {
      jti: randomUUID(),
      sub,
      aud: audience ?? `https://github.com/${owner}`,
      ref,
      sha,
      repository,
      repository_owner: owner,
      repository_owner_id: String(c.repositoryOwnerId ?? fallback.ownerId),
      run_id: c.runId ?? '1234567890',
      run_number: '1',
      run_attempt: c.runAttempt ?? '1',
      repository_visibility: 'public',
      repository_id: String(c.repositoryId ?? fallback.repositoryId),
      actor_id: '1',
      actor: c.actor ?? 'octocat',
      workflow: c.workflow ?? 'deploy',
      head_ref: '',
      base_ref: '',
      event_name: c.eventName ?? 'push',
      ref_protected: 'false',
      ref_type: ref.startsWith('refs/tags/') ? 'tag' : 'branch',
      workflow_ref: workflowFile,
      workflow_sha: sha,
      job_workflow_ref: workflowFile,
      job_workflow_sha: sha,
      runner_environment: 'github-hosted',
      iss: issuer,
      nbf: iat - 5,
      exp: iat + (c.ttlSeconds ?? 300),
      iat,
    };
    if (c.environment) claims['environment'] = c.environment;
    return { ...claims, ...c.claims };
  }

  sign(claims: Record<string, unknown>): string {
    const header = { typ: 'JWT', alg: 'RS256', kid: this.kid };
    const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
    const signature = sign('sha256', Buffer.from(input), this.privateKey);
    const jwt = `${input}.${b64url(signature)}`;
    this.issued.push(jwt);
    return jwt;
  }

  jwks(): { keys: Record<string, unknown>[] } {
    return { keys: [this.jwk] };
  }

  discovery(issuer: string, jwksUrl: string): Record<string, unknown> {
    return {
      issuer,
      jwks_uri: jwksUrl,
      subject_types_supported: ['public', 'pairwise'],
      response_types_supported: ['id_token'],
      claims_supported: ['sub', 'aud', 'exp', 'iat', 'iss', 'jti', 'nbf', 'ref', 'sha', 'repository', 'repository_id', 'repository_owner', 'repository_owner_id', 'environment', 'job_workflow_ref', 'workflow', 'run_id', 'run_attempt', 'actor', 'event_name'],
      id_token_signing_alg_values_supported: ['RS256'],
      scopes_supported: ['openid'],
    };
  }
}
