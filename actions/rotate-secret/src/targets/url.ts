import { InputError } from '../../../../shared/errors.ts';

/**
 * `target`, `target-url` and `target-user`, parsed once into what the engine and the drivers use.
 * On the start path (input validation): no driver is imported here.
 */

export type TargetKind = 'postgres' | 'mysql' | 'redis';

export type TargetSettings =
  | { readonly kind: 'none' }
  | {
      readonly kind: TargetKind;
      /** The admin connection URL (a secret: registered with the redactor before it got here). */
      readonly url: string;
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

/** Parses `target-url` for `kind`; an InputError never shows the URL (it carries a password). */
export function parseTargetUrl(kind: TargetKind, raw: string, user: string): TargetSettings {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new InputError('target-url', raw, `a ${kind} URL (${SCHEME_TEXT[kind]}…)`, { secret: true });
  }
  if (!SCHEMES[kind].test(u.protocol) || u.hostname === '') throw new InputError('target-url', raw, `a ${kind} URL (${SCHEME_TEXT[kind]}…)`, { secret: true });
  const port = u.port ? `:${u.port}` : '';
  const adminUser = decodeURIComponent(u.username);
  return {
    kind,
    url: raw,
    adminUser: kind === 'redis' ? adminUser || 'default' : adminUser,
    where: `${u.hostname}${port}`,
    location: `${u.hostname}:${u.port}${u.pathname}`,
    user,
  };
}

/** The same URL with another user and password (URL-encoded), keeping host, port, database and options. */
export function withCredentials(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = encodeURIComponent(user);
  u.password = encodeURIComponent(password);
  return u.href;
}
