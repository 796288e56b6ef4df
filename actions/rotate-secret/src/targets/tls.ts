import { X509Certificate } from 'node:crypto';
import type { ConnectionOptions } from 'node:tls';
import { InputError, messageOf } from '../../../../shared/errors.ts';
import type { TargetTls } from './url.ts';

/**
 * What a target's TLS settings (url.ts) mean to Node's TLS client, for every driver alike, and how a
 * TLS failure is worded. Loaded with the drivers, never on the start path.
 */

/**
 * Node TLS options for `tls` (undefined: plaintext). verify-full keeps Node's own checks (chain and
 * host name); verify-ca keeps the chain and drops the host name; require checks nothing. `target-ca`
 * replaces Node's bundled CAs: each certificate is parsed first, so a bad one is an input error.
 */
export function tlsOptions(tls: TargetTls): ConnectionOptions | undefined {
  if (tls.mode === 'disable') return undefined;
  if (tls.mode === 'require') return { rejectUnauthorized: false };
  const ca = tls.ca === undefined ? undefined : checkedCa(tls.ca);
  return {
    rejectUnauthorized: true,
    ...(ca ? { ca } : {}),
    ...(tls.mode === 'verify-ca' ? { checkServerIdentity: () => undefined } : {}),
  };
}

function checkedCa(pem: string): string {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  for (const [i, block] of blocks.entries()) {
    try {
      const cert = new X509Certificate(block);
      if (!cert.ca) throw new Error(`it is not a CA certificate (subject ${cert.subject.replaceAll('\n', ', ')})`);
    } catch (error) {
      throw new InputError('target-ca', block.split('\n')[0] ?? '', `PEM CA certificates; certificate ${i + 1} cannot be used (${messageOf(error)})`);
    }
  }
  return pem;
}

/** Node's codes for a certificate that was not accepted. */
const CERTIFICATE_CODES = /^(ERR_TLS_CERT_ALTNAME_INVALID|SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|CERT_\w+|ERR_SSL_\w+)$/;

/**
 * Why a connection failed, when TLS is the reason (undefined otherwise): the certificate was refused,
 * the server speaks no TLS, or the server insists on TLS the URL did not ask for. Says what to change.
 */
export function tlsFailure(error: unknown, tls: TargetTls): string | undefined {
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  const text = messageOf(error);
  const verify = tls.mode === 'verify-full' ? 'verify-full' : tls.mode;
  if (CERTIFICATE_CODES.test(code) || /certificate|altnames/i.test(text)) {
    // Some drivers pass Node's error on without its code: the wording tells too.
    const name = code === 'ERR_TLS_CERT_ALTNAME_INVALID' || /altnames|Hostname\/IP does not match/i.test(text);
    const what = name ? 'its TLS certificate does not name the host of target-url' : 'its TLS certificate does not chain to a CA this run trusts';
    const fix = name ? 'connect to a name the certificate holds' : tls.ca === undefined ? 'give the CA that signed it as target-ca' : 'check target-ca is the CA that signed it';
    return `the server was not accepted: ${what} (${tls.source || verify}); ${fix}`;
  }
  if (/does not support (ssl|secure)|no ssl support|HANDSHAKE_NO_SSL_SUPPORT/i.test(`${code} ${text}`)) {
    return `the server does not accept TLS (${tls.source}); enable TLS on the server, or say so in target-url to connect in plaintext`;
  }
  if (tls.mode === 'disable' && /no encryption|insecure transport|SSL (connection is )?required|3159/i.test(`${code} ${text}`)) {
    return `the server accepts only TLS connections and target-url connects without (${tls.source}); ask for TLS in target-url`;
  }
  return undefined;
}
