import * as core from '@actions/core';
import { TransientError, UserError } from '../errors.ts';
import { CloudServiceError, describeBody, httpRequest, isTransientStatus, parseJson, retryAfterOf, retrying, str } from './http.ts';
import type { CallDeps, IdToken, IdTokenClaims } from './types.ts';
import { inert } from '../log.ts';

/**
 * The job's OIDC token, requested with the suite's retry policy rather than `core.getIDToken`:
 * the toolkit's client retries only 502–504 on GET, not 500 or network errors, and sometimes throws
 * a TypeError that succeeds on rerun (actions/toolkit#1569, #1441; docs/faults.md C2–C4).
 */

export const ID_TOKEN_PERMISSION_HINT =
  'Add `permissions: id-token: write` to the job (or the workflow) so that GitHub issues an OIDC token. ' +
  'A workflow that calls a reusable workflow must grant it too; pull requests from forks never get one.';

export interface IdTokenOptions extends CallDeps {
  /** Where ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN are read. Default: process.env. */
  env?: Record<string, string | undefined>;
}

/** The request URL and bearer, or a UserError saying which permission is missing. Checks before any attempt. */
export function idTokenRequestSettings(env: Record<string, string | undefined> = process.env): { url: string; bearer: string } {
  const url = env['ACTIONS_ID_TOKEN_REQUEST_URL']?.trim();
  const bearer = env['ACTIONS_ID_TOKEN_REQUEST_TOKEN']?.trim();
  if (!url || !bearer) {
    const missing = [!url && 'ACTIONS_ID_TOKEN_REQUEST_URL', !bearer && 'ACTIONS_ID_TOKEN_REQUEST_TOKEN'].filter(Boolean).join(' and ');
    throw new UserError(`Cannot request an OIDC token: ${missing} ${missing.includes(' and ') ? 'are' : 'is'} not set. ${ID_TOKEN_PERMISSION_HINT}`);
  }
  return { url, bearer };
}

/**
 * Requests the job's OIDC token for `audience` (undefined: GitHub's default, `https://github.com/OWNER`).
 * Fails at once, before any request, when the job lacks `id-token: write`. Network errors, 5xx, 429,
 * timeouts and TypeErrors are retried; other 4xx are not. The token, the request bearer and the
 * request URL are masked the moment they are known; the non-secret claims are logged at debug level.
 */
export async function requestIdToken(audience: string | undefined, opts: IdTokenOptions): Promise<IdToken> {
  const { url, bearer } = idTokenRequestSettings(opts.env);
  opts.redactor.add(bearer);
  opts.redactor.add(url);
  const target = new URL(url);
  if (audience !== undefined) target.searchParams.set('audience', audience);
  const what = `OIDC token${audience === undefined ? '' : ` for audience '${audience}'`}`;
  const now = (): number => (opts.clock ? opts.clock.now() : Date.now());

  const value = await retrying(`Request ${what}`, opts, async () => {
    const res = await httpRequest(target, { method: 'GET', headers: { authorization: `Bearer ${bearer}`, accept: 'application/json' } }, opts);
    const body = parseJson(res.text);
    const jwt = str(body, 'value');
    if (jwt) opts.redactor.add(jwt);
    if (res.status === 200 && jwt && jwt.split('.').length === 3) return jwt;
    if (res.status === 200) throw new TransientError(`the token service answered 200 without a token (${describeBody(res)})`);
    const message = str(body, 'message');
    const retryable = isTransientStatus(res.status);
    const retryAfterMs = retryAfterOf(res, now());
    throw new CloudServiceError(
      `the token service answered ${res.status}${message ? `: ${message}` : ''}` +
        (res.status === 401 || res.status === 403 ? ` (the job's token request bearer was refused; ${ID_TOKEN_PERMISSION_HINT})` : ''),
      { status: res.status, retryable, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) },
    );
  });

  const claims = decodeClaims(value);
  const token: IdToken = { value, claims, audience, expiresAt: typeof claims.exp === 'number' ? claims.exp * 1000 : Number.NaN };
  const line = `Got an ${what}: ${describeClaims(claims)}${Number.isFinite(token.expiresAt) ? `, expires in ${Math.round((token.expiresAt - now()) / 1000)}s` : ''}`;
  if (opts.log) opts.log.debug(line);
  else core.debug(inert(opts.redactor.scrub(line)));
  return token;
}

/** The payload of a JWT, not verified. Malformed tokens give `{}`. */
export function decodeClaims(jwt: string): IdTokenClaims {
  const payload = jwt.split('.')[1];
  if (!payload) return {};
  try {
    const parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as IdTokenClaims) : {};
  } catch {
    return {};
  }
}

const SHOWN_CLAIMS = ['sub', 'aud', 'iss', 'repository', 'ref', 'environment', 'job_workflow_ref', 'runner_environment'] as const;

/** `sub=… aud=… repository=… ref=… environment=…`: what a trust policy matches on. Never the token. */
export function describeClaims(claims: IdTokenClaims): string {
  const parts: string[] = [];
  for (const name of SHOWN_CLAIMS) {
    const v = claims[name];
    if (v === undefined || v === '') continue;
    parts.push(`${name}=${Array.isArray(v) ? v.join(',') : String(v)}`);
  }
  return parts.join(' ');
}

/** `sub 'repo:o/r:ref:refs/heads/main' and aud 'sts.amazonaws.com'`, for refusals about trust conditions. */
export function subjectAndAudience(token: IdToken): string {
  const aud = token.claims.aud;
  const audText = Array.isArray(aud) ? aud.join(',') : (aud ?? token.audience ?? '(none)');
  return `sub '${token.claims.sub ?? '(none)'}' and aud '${audText}'`;
}
