import { TransientError, UserError } from '../errors.ts';
import { IdTokenExpiredError } from './errors.ts';
import { CloudServiceError, describeBody, firstLine, httpRequest, isTransientStatus, retryAfterOf, retrying } from './http.ts';
import { subjectAndAudience } from './token.ts';
import type { AwsCredentials, CallDeps, IdToken } from './types.ts';

/**
 * AWS STS AssumeRoleWithWebIdentity over the query API (form POST, XML answer). The call is not
 * signed: the OIDC token is the credential. Transient refusals are retried — throttling, 5xx,
 * IDPCommunicationError and InvalidIdentityToken "Couldn't retrieve verification key" (STS failing
 * to fetch GitHub's JWKS; aws-actions/configure-aws-credentials #299, PR #329). AccessDenied is
 * not (configure-aws-credentials #929 retried it 12 times): its message points at the role's trust
 * conditions on `sub` and `aud` and shows this token's.
 */

export interface AwsExchangeOptions extends CallDeps {
  roleArn: string;
  region: string;
  /** 900 to 43 200; at most the role's maximum session duration. Default 3600. */
  durationSeconds?: number;
  /** Default `GitHubActions-RUN_ID-RUN_ATTEMPT` from the environment. */
  sessionName?: string;
  /** STS base URL. Default: https://sts.REGION.amazonaws.com (.com.cn for cn- regions). */
  stsEndpoint?: string;
  /** For the default session name (GITHUB_RUN_ID, GITHUB_RUN_ATTEMPT). Default: process.env. */
  env?: Record<string, string | undefined>;
}

const TRANSIENT_CODES = new Set([
  'IDPCommunicationError',
  'Throttling',
  'ThrottlingException',
  'RequestLimitExceeded',
  'ServiceUnavailable',
  'InternalFailure',
  'InternalError',
  'RequestTimeout',
]);
const VERIFICATION_KEY = /couldn'?t retrieve verification key/i;

export function defaultStsEndpoint(region: string): string {
  return `https://sts.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;
}

export function defaultSessionName(env: Record<string, string | undefined> = process.env): string {
  const runId = env['GITHUB_RUN_ID'];
  const name = runId ? `GitHubActions-${runId}-${env['GITHUB_RUN_ATTEMPT'] ?? '1'}` : 'GitHubActions';
  return name.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
}

export async function assumeRoleWithWebIdentity(idToken: IdToken, opts: AwsExchangeOptions): Promise<AwsCredentials> {
  const endpoint = (opts.stsEndpoint ?? defaultStsEndpoint(opts.region)).replace(/\/+$/, '');
  const body = new URLSearchParams({
    Action: 'AssumeRoleWithWebIdentity',
    Version: '2011-06-15',
    RoleArn: opts.roleArn,
    RoleSessionName: opts.sessionName ?? defaultSessionName(opts.env),
    WebIdentityToken: idToken.value,
    DurationSeconds: String(opts.durationSeconds ?? 3600),
  }).toString();
  const now = (): number => (opts.clock ? opts.clock.now() : Date.now());

  return retrying(`Assume AWS role ${opts.roleArn}`, opts, async () => {
    const res = await httpRequest(
      `${endpoint}/`,
      { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', accept: 'text/xml' }, body },
      opts,
    );
    if (res.status === 200) {
      // Mask each component before anything else looks at the answer.
      const accessKeyId = xmlTag(res.text, 'AccessKeyId');
      const secretAccessKey = xmlTag(res.text, 'SecretAccessKey');
      const sessionToken = xmlTag(res.text, 'SessionToken');
      for (const secret of [accessKeyId, secretAccessKey, sessionToken]) if (secret) opts.redactor.add(secret);
      const expiration = Date.parse(xmlTag(res.text, 'Expiration') ?? '');
      if (!accessKeyId || !secretAccessKey || !sessionToken || !Number.isFinite(expiration)) {
        throw new TransientError(`STS answered 200 without complete credentials (${describeBody(res)})`);
      }
      const assumedRoleArn = xmlTag(res.text, 'Arn');
      opts.log?.debug(`Assumed AWS role ${assumedRoleArn ?? opts.roleArn}; credentials expire at ${new Date(expiration).toISOString()}`);
      return {
        provider: 'aws',
        accessKeyId,
        secretAccessKey,
        sessionToken,
        region: opts.region,
        expiresAt: expiration,
        ...(assumedRoleArn ? { assumedRoleArn } : {}),
      } satisfies AwsCredentials;
    }
    throw stsError(res.status, res.text, res.headers.get('x-amzn-requestid') ?? undefined, retryAfterOf(res, now()), idToken, opts.roleArn);
  });
}

function stsError(status: number, text: string, headerRequestId: string | undefined, retryAfterMs: number | undefined, token: IdToken, roleArn: string): Error {
  const code = xmlTag(text, 'Code');
  const message = firstLine(xmlTag(text, 'Message') ?? '');
  const requestId = xmlTag(text, 'RequestId') ?? headerRequestId;
  const said = `${code ?? `status ${status}`}${message ? `: ${message}` : ''}`;
  const issuer = issuerHost(token.claims.iss);
  const ids = { status, ...(code ? { code } : {}), ...(requestId ? { requestId } : {}) };

  if (code === 'AccessDenied') {
    return new UserError(
      `AWS refused to let this workflow assume ${roleArn} (${said}). The role's trust policy must allow the OIDC provider ` +
        `${issuer} and its conditions on ${issuer}:sub and ${issuer}:aud must match this token: ${subjectAndAudience(token)}. ` +
        `Check the sub pattern (branch, tag, environment or pull_request) and the role ARN.`,
      { cause: new CloudServiceError(said, { ...ids, retryable: false }) },
    );
  }
  if (code === 'ExpiredTokenException' || /token (is )?expired/i.test(message)) {
    return new IdTokenExpiredError(`AWS STS says the OIDC token has expired (${said})`, { cause: new CloudServiceError(said, { ...ids, retryable: false }) });
  }
  const retryable = isTransientStatus(status) || (code !== undefined && TRANSIENT_CODES.has(code)) || (code === 'InvalidIdentityToken' && VERIFICATION_KEY.test(message));
  if (retryable) return new CloudServiceError(`STS answered ${said}`, { ...ids, retryable: true, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
  if (code === 'InvalidIdentityToken' || code === 'IDPRejectedClaim') {
    return new UserError(
      `AWS STS rejected the OIDC token (${said}). The account needs an IAM OIDC identity provider for ${token.claims.iss ?? issuer} ` +
        `whose audiences (client ids) include '${token.audience ?? '(GitHub default)'}'; this token has ${subjectAndAudience(token)}.`,
      { cause: new CloudServiceError(said, { ...ids, retryable: false }) },
    );
  }
  if (code === 'ValidationError' || code === 'MalformedPolicyDocument' || code === 'PackedPolicyTooLarge' || code === 'RegionDisabledException') {
    return new UserError(`AWS STS refused the request to assume ${roleArn} (${said})`, { cause: new CloudServiceError(said, { ...ids, retryable: false }) });
  }
  return new CloudServiceError(`STS answered ${said}`, { ...ids, retryable: false });
}

/** The issuer as IAM names it in condition keys: host and path, no scheme. */
function issuerHost(iss: string | undefined): string {
  return iss ? iss.replace(/^https?:\/\//, '').replace(/\/+$/, '') : 'token.actions.githubusercontent.com';
}

/** The text of the first `<name>` element (entities decoded), or undefined. */
export function xmlTag(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`).exec(xml);
  return match?.[1] === undefined ? undefined : decodeXml(match[1].trim());
}

function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(Number.parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(Number.parseInt(e.slice(1), 10));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[e] ?? '';
  });
}
