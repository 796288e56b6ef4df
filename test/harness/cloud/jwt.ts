// JWT verification the way a cloud does it: the issuer must be trusted before anything is fetched;
// its discovery document and JWKS are fetched over HTTP (from the GitHub emulator); RS256 signature,
// expiry and not-before are checked against the emulator's clock. Audience and subject rules are
// each cloud's own and live in its emulator.
import { createPublicKey, verify } from 'node:crypto';
import type { JsonWebKey } from 'node:crypto';

export type JwtFailureReason =
  | 'malformed'
  | 'unsupported-alg'
  | 'untrusted-issuer'
  | 'keys-unavailable'
  | 'unknown-key'
  | 'bad-signature'
  | 'expired'
  | 'not-yet-valid';

export type JwtResult =
  | { ok: true; header: Record<string, unknown>; claims: Record<string, unknown> }
  | { ok: false; reason: JwtFailureReason; detail: string; claims: Record<string, unknown> };

export interface VerifyOptions {
  /** Issuers this cloud trusts (checked before any fetch). */
  trusted: (iss: string) => boolean;
  /** Seconds since the epoch. */
  nowSeconds: number;
  /** Tolerance for exp/nbf, in seconds. Default 0. */
  leewaySeconds?: number;
}

const decodePart = (part: string): Record<string, unknown> | undefined => {
  try {
    const parsed = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
};

/** Unverified claims (for error messages that echo them, as the clouds do). */
export function peekClaims(jwt: string): Record<string, unknown> {
  return decodePart(jwt.split('.')[1] ?? '') ?? {};
}

/** Fetches `${iss}/.well-known/openid-configuration`, then its jwks_uri; throws on any failure. */
async function fetchKeys(iss: string): Promise<(JsonWebKey & { kid?: string })[]> {
  const discovery = await fetch(`${iss.replace(/\/+$/, '')}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(5000) });
  if (discovery.status !== 200) throw new Error(`discovery answered ${discovery.status}`);
  const doc = (await discovery.json()) as { jwks_uri?: unknown; issuer?: unknown };
  if (doc.issuer !== iss) throw new Error('discovery issuer does not match');
  if (typeof doc.jwks_uri !== 'string') throw new Error('discovery has no jwks_uri');
  const jwks = await fetch(doc.jwks_uri, { signal: AbortSignal.timeout(5000) });
  if (jwks.status !== 200) throw new Error(`JWKS answered ${jwks.status}`);
  const body = (await jwks.json()) as { keys?: unknown };
  if (!Array.isArray(body.keys)) throw new Error('JWKS has no keys');
  return body.keys as (JsonWebKey & { kid?: string })[];
}

export async function verifyJwt(jwt: string, opts: VerifyOptions): Promise<JwtResult> {
  const parts = jwt.split('.');
  const header = decodePart(parts[0] ?? '');
  const claims = decodePart(parts[1] ?? '');
  if (parts.length !== 3 || !header || !claims || !parts[2]) return { ok: false, reason: 'malformed', detail: 'not a JWT', claims: claims ?? {} };
  if (header['alg'] !== 'RS256') return { ok: false, reason: 'unsupported-alg', detail: `alg ${String(header['alg'])}`, claims };
  const iss = claims['iss'];
  if (typeof iss !== 'string' || !opts.trusted(iss)) return { ok: false, reason: 'untrusted-issuer', detail: `issuer ${String(iss)}`, claims };

  let keys: (JsonWebKey & { kid?: string })[];
  try {
    keys = await fetchKeys(iss);
  } catch (error) {
    return { ok: false, reason: 'keys-unavailable', detail: error instanceof Error ? error.message : String(error), claims };
  }
  const jwk = keys.find((k) => k.kid === header['kid']);
  if (!jwk) return { ok: false, reason: 'unknown-key', detail: `kid ${String(header['kid'])}`, claims };
  const key = createPublicKey({ key: jwk, format: 'jwk' });
  const ok = verify('sha256', Buffer.from(`${parts[0]}.${parts[1]}`), key, Buffer.from(parts[2], 'base64url'));
  if (!ok) return { ok: false, reason: 'bad-signature', detail: 'signature does not verify', claims };

  const leeway = opts.leewaySeconds ?? 0;
  const exp = claims['exp'];
  if (typeof exp !== 'number' || opts.nowSeconds >= exp + leeway) {
    return { ok: false, reason: 'expired', detail: `exp ${String(exp)}, now ${opts.nowSeconds}`, claims };
  }
  const nbf = claims['nbf'];
  if (typeof nbf === 'number' && opts.nowSeconds < nbf - leeway) {
    return { ok: false, reason: 'not-yet-valid', detail: `nbf ${nbf}, now ${opts.nowSeconds}`, claims };
  }
  return { ok: true, header, claims };
}

/** The token's `aud` as a list. */
export function audiences(claims: Record<string, unknown>): string[] {
  const aud = claims['aud'];
  if (typeof aud === 'string') return [aud];
  return Array.isArray(aud) ? aud.filter((a): a is string => typeof a === 'string') : [];
}

/** AWS StringLike / Vault glob: `*` any run, `?` one character. */
export function globMatch(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 's');
  return re.test(value);
}
