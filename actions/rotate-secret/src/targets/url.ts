import { InputError } from '../../../../shared/errors.ts';

/**
 * `target`, `target-url`, `target-user` and `target-ca`, parsed once into what the engine and the
 * drivers use. On the start path (input validation): no driver and no TLS code is imported here.
 *
 * TLS comes from the URL, in each kind's own words — PostgreSQL's `sslmode`, MySQL's `ssl-mode`,
 * Redis's `rediss://` — and is taken out of the URL the drivers get (they are given explicit TLS
 * options instead, tls.ts): a driver that also read the URL could weaken what was asked. Without a
 * word about TLS, a loopback host is reached in plaintext and any other host over TLS with the
 * certificate and host name verified; plaintext to another host only when the URL says so, with a
 * warning in the summary.
 */

export type TargetKind = 'postgres' | 'mysql' | 'redis';

/**
 * verify-full: TLS, the certificate chains to a trusted CA and names the host; verify-ca: the chain
 * only; require: TLS without checking who answers; disable: plaintext.
 */
export type TlsMode = 'verify-full' | 'verify-ca' | 'require' | 'disable';

export interface TargetTls {
  readonly mode: TlsMode;
  /** PEM certificates to trust instead of Node's bundled CAs (`target-ca`); undefined: the bundled ones. */
  readonly ca: string | undefined;
  /** Where the mode came from, for messages and the summary, e.g. `sslmode=verify-full` or `default for a remote host`. */
  readonly source: string;
  /** What the summary warns about (plaintext to another host, TLS that checks nothing), if anything. */
  readonly warning: string | undefined;
}

export type TargetSettings =
  | { readonly kind: 'none' }
  | {
      readonly kind: TargetKind;
      /** The admin connection URL without its TLS settings (a secret: registered with the redactor before it got here). */
      readonly url: string;
      /** How the drivers connect: the URL's TLS settings and `target-ca`. */
      readonly tls: TargetTls;
      /** The admin user of `url` (the action refuses to rotate the credential it logs in with). */
      readonly adminUser: string;
      /** host:port, for messages. */
      readonly where: string;
      /** host:port/database: where the rotated user lives (the resume fingerprint; never the credential). */
      readonly location: string;
      /** `target-user`: the user whose password is rotated (with alternating users, the template of `<user>_a`/`<user>_b`). */
      readonly user: string;
    };

const SCHEMES: Record<TargetKind, RegExp> = { postgres: /^postgres(ql)?:$/, mysql: /^(mysql|mariadb):$/, redis: /^rediss?:$/ };
const SCHEME_TEXT: Record<TargetKind, string> = { postgres: 'postgres:// or postgresql://', mysql: 'mysql:// or mariadb://', redis: 'redis:// or rediss://' };

/** Parses `target-url` for `kind` (and `target-ca`); an InputError never shows the URL (it carries a password). */
export function parseTargetUrl(kind: TargetKind, raw: string, user: string, ca?: string): TargetSettings {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new InputError('target-url', raw, `a ${kind} URL (${SCHEME_TEXT[kind]}…)`, { secret: true });
  }
  if (!SCHEMES[kind].test(u.protocol) || u.hostname === '') throw new InputError('target-url', raw, `a ${kind} URL (${SCHEME_TEXT[kind]}…)`, { secret: true });
  const tls = tlsOf(kind, u, raw, ca);
  const port = u.port ? `:${u.port}` : '';
  const adminUser = decodeURIComponent(u.username);
  return {
    kind,
    url: u.href,
    tls,
    adminUser: kind === 'redis' ? adminUser || 'default' : adminUser,
    where: `${u.hostname}${port}`,
    location: `${u.hostname}:${u.port}${u.pathname}`,
    user,
  };
}

/** The URL words for TLS of each kind, and what they mean here (https://www.postgresql.org/docs/current/libpq-ssl.html, https://dev.mysql.com/doc/refman/8.4/en/connection-options.html#option_general_ssl-mode). */
const PARAMETER: Record<Exclude<TargetKind, 'redis'>, { name: string; modes: Record<string, TlsMode>; refused: Record<string, string> }> = {
  postgres: {
    name: 'sslmode',
    modes: { 'verify-full': 'verify-full', 'verify-ca': 'verify-ca', require: 'require', disable: 'disable' },
    refused: { prefer: 'falls back to plaintext when TLS fails', allow: 'falls back to plaintext when TLS fails' },
  },
  mysql: {
    name: 'ssl-mode',
    modes: { VERIFY_IDENTITY: 'verify-full', VERIFY_CA: 'verify-ca', REQUIRED: 'require', DISABLED: 'disable' },
    refused: { PREFERRED: 'falls back to plaintext when TLS fails' },
  },
};

const isLoopback = (host: string): boolean => host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);

/** The TLS the URL asks for; its TLS parameters are removed from `u`. */
function tlsOf(kind: TargetKind, u: URL, raw: string, ca: string | undefined): TargetTls {
  const fail = (expected: string): never => {
    throw new InputError('target-url', raw, expected, { secret: true });
  };
  let mode: TlsMode | undefined;
  let source: string;
  if (kind === 'redis') {
    mode = u.protocol === 'rediss:' ? 'verify-full' : 'disable';
    source = `${u.protocol}//`;
    // The drivers get TLS as options; the scheme stays redis:// so the client library adds nothing of its own.
    u.protocol = 'redis:';
  } else {
    const p = PARAMETER[kind];
    const values = u.searchParams.getAll(p.name);
    const other = [...u.searchParams.keys()].find((k) => k !== p.name && /^ssl|^tls/i.test(k));
    if (other !== undefined) {
      fail(`a ${kind} URL whose only TLS setting is ${p.name} (${Object.keys(p.modes).join(', ')}); '${other}' is not supported — give a private CA's certificate as target-ca`);
    }
    if (values.length > 1) fail(`a ${kind} URL with one ${p.name}`);
    const value = values[0];
    u.searchParams.delete(p.name);
    if (value === undefined) {
      source = '';
    } else {
      const key = Object.keys(p.modes).find((m) => m.toLowerCase() === value.toLowerCase());
      const refused = Object.keys(p.refused).find((m) => m.toLowerCase() === value.toLowerCase());
      if (refused !== undefined) fail(`${p.name} ${Object.keys(p.modes).join(', ')} (${refused} ${p.refused[refused]}: write ${kind === 'postgres' ? 'verify-full' : 'VERIFY_IDENTITY'} for TLS, or ${kind === 'postgres' ? 'disable' : 'DISABLED'} for plaintext)`);
      if (key === undefined) fail(`${p.name} one of ${Object.keys(p.modes).join(', ')}`);
      mode = p.modes[key!];
      source = `${p.name}=${value}`;
    }
  }
  const loopback = isLoopback(u.hostname);
  if (mode === undefined) {
    mode = loopback ? 'disable' : 'verify-full';
    source = loopback ? 'default for a loopback host' : 'default for a remote host';
  }
  if (ca !== undefined && (mode === 'disable' || mode === 'require')) {
    throw new InputError('target-ca', ca.split('\n')[0] ?? '', `no value, since target-url ${mode === 'disable' ? 'connects without TLS' : 'asks for TLS without verification'} (${source}); use ${kind === 'redis' ? 'rediss://' : kind === 'postgres' ? 'sslmode=verify-full or verify-ca' : 'ssl-mode=VERIFY_IDENTITY or VERIFY_CA'} to verify the server with it`);
  }
  let warning: string | undefined;
  if (mode === 'disable' && !loopback) {
    warning = `target-url connects to ${u.hostname} without TLS (${source}): the admin credential and the new one cross the network in plaintext`;
  } else if (mode === 'require') {
    warning = `target-url asks for TLS without verification (${source}): anyone on the path to ${u.hostname} can pose as the server and receive the admin credential; verify it (${kind === 'postgres' ? 'sslmode=verify-full' : 'ssl-mode=VERIFY_IDENTITY'}, with target-ca for a private CA)`;
  }
  return { mode, ca, source, warning };
}

/** The same URL with another user and password (URL-encoded), keeping host, port, database and options. */
export function withCredentials(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = encodeURIComponent(user);
  u.password = encodeURIComponent(password);
  return u.href;
}
