// AWS Signature Version 4 verification, written from AWS's specification (not with aws4, so the
// client's signer is checked by an independent implementation): canonical request, string to sign,
// derived signing key, constant-time comparison; plus the checks AWS makes around it (known access
// key, matching session token, unexpired credentials, 15-minute clock skew, credential scope).
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export interface SigningKeys {
  secretAccessKey: string;
  sessionToken?: string;
  /** Epoch ms. */
  expiresAt: number;
}

export type SigV4Result =
  | { ok: true; accessKeyId: string }
  | { ok: false; status: number; code: string; message: string };

const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

/** RFC 3986 encoding as SigV4 wants it (encodeURIComponent plus !'()*). */
function uriEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function canonicalUri(path: string): string {
  return path.split('/').map((seg) => uriEncode(decodeURIComponent(seg))).join('/') || '/';
}

function canonicalQuery(query: string): string {
  if (!query) return '';
  const pairs = query.split('&').filter(Boolean).map((p) => {
    const i = p.indexOf('=');
    const k = decodeURIComponent((i < 0 ? p : p.slice(0, i)).replace(/\+/g, ' '));
    const v = i < 0 ? '' : decodeURIComponent(p.slice(i + 1).replace(/\+/g, ' '));
    return [uriEncode(k), uriEncode(v)] as const;
  });
  pairs.sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

function parseAmzDate(s: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : undefined;
}

const amz = (ms: number): string => new Date(ms).toISOString().replace(/[:-]|\.\d{3}/g, '');

export function verifySigV4(
  req: { method: string; rawPath: string; headers: Record<string, string>; body: string },
  lookup: (accessKeyId: string) => SigningKeys | undefined,
  opts: { service: string; region: string; now: number },
): SigV4Result {
  const fail = (code: string, message: string, status = 400): SigV4Result => ({ ok: false, status, code, message });
  const auth = req.headers['authorization'];
  if (!auth) return fail('MissingAuthenticationTokenException', 'Missing Authentication Token');
  const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/.exec(auth);
  if (!m) return fail('IncompleteSignatureException', 'Authorization header requires Credential, SignedHeaders and Signature parameters.');
  const [, accessKeyId, date, region, service, signedHeaderList, signature] = m as unknown as [string, string, string, string, string, string, string];

  const keys = lookup(accessKeyId);
  if (!keys) return fail('UnrecognizedClientException', 'The security token included in the request is invalid.');
  if ((keys.sessionToken ?? '') !== (req.headers['x-amz-security-token'] ?? '')) {
    return fail('UnrecognizedClientException', 'The security token included in the request is invalid.');
  }
  if (opts.now >= keys.expiresAt) return fail('ExpiredTokenException', 'The security token included in the request is expired');

  const amzDate = req.headers['x-amz-date'] ?? '';
  const at = parseAmzDate(amzDate);
  const signed = signedHeaderList.split(';');
  if (at === undefined || !signed.includes('host') || !signed.includes('x-amz-date')) {
    return fail('IncompleteSignatureException', 'The request must sign the host and x-amz-date headers and carry a valid X-Amz-Date.');
  }
  const skew = 15 * 60_000;
  if (at < opts.now - skew) {
    return fail('InvalidSignatureException', `Signature expired: ${amzDate} is now earlier than ${amz(opts.now - skew)} (${amz(opts.now)} - 15 min.)`);
  }
  if (at > opts.now + skew) {
    return fail('InvalidSignatureException', `Signature not yet current: ${amzDate} is still later than ${amz(opts.now + skew)} (${amz(opts.now)} + 15 min.)`);
  }
  if (date !== amzDate.slice(0, 8)) return fail('InvalidSignatureException', `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${date}' != '${amzDate.slice(0, 8)}'`);
  if (region !== opts.region) return fail('InvalidSignatureException', `Credential should be scoped to a valid region, not '${region}'.`);
  if (service !== opts.service) return fail('InvalidSignatureException', `Credential should be scoped to correct service: '${opts.service}'.`);

  const [path, query = ''] = req.rawPath.split('?', 2) as [string, string?];
  const canonicalHeaders = signed.map((h) => `${h}:${(req.headers[h] ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
  const canonicalRequest = [req.method, canonicalUri(path), canonicalQuery(query), canonicalHeaders, signedHeaderList, sha256(req.body)].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${keys.secretAccessKey}`, date), region), service), 'aws4_request');
  const expected = hmac(key, stringToSign);
  const given = Buffer.from(signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return fail(
      'InvalidSignatureException',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    );
  }
  return { ok: true, accessKeyId };
}
