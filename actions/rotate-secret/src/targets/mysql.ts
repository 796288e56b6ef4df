import { createHash } from 'node:crypto';
import mysql from 'mysql2/promise';
import { UserError } from '../../../../shared/errors.ts';
import { tlsFailure, tlsOptions } from './tls.ts';
import { withCredentials, type TargetTls } from './url.ts';
import { TargetUnavailable, type DriverOptions, type TargetDriver } from './types.ts';

/**
 * MySQL and MariaDB through `mysql2`. An account is user@host; a user name may have several
 * accounts (hosts), and a password change alters them all in one ALTER USER statement (atomic).
 * Statements are built by us (account statements take no placeholders); string literals are
 * escaped for the server's sql_mode (NO_BACKSLASH_ESCAPES changes the rules).
 *
 * Passwords never reach a MariaDB server in clear: the mysql_native_password hash is computed here
 * and sent as `IDENTIFIED BY PASSWORD '*…'` (MariaDB logs statements as they are, general log
 * included). Accounts on another auth plugin are refused before anything changes (switching them
 * to mysql_native_password would weaken them). MySQL rewrites passwords in its own logs
 * (https://dev.mysql.com/doc/refman/8.0/en/password-logging.html), so it gets `IDENTIFIED BY`.
 *
 * Accounts hold one password here (keepsOldPassword false). Alternating users converge to the
 * template on every run: the same hosts (created, or dropped when extra), then per host the same
 * grants — SHOW GRANTS of both compared, extra lines revoked, missing ones granted. A run killed
 * between any two statements is repaired by the next one, and the engine activates a user only
 * once compareUser finds nothing missing.
 */

const REJECTED = new Set([1045, 1698]); // ER_ACCESS_DENIED_ERROR, ER_ACCESS_DENIED_NO_PASSWORD_ERROR
/** Plugins whose hash this driver computes ('' is the pre-10.4 default, the same). */
const NATIVE = new Set(['mysql_native_password', '']);

type Row = Record<string, unknown>;

function errno(error: unknown): number | undefined {
  const n = (error as { errno?: unknown } | null)?.errno;
  return typeof n === 'number' ? n : undefined;
}

export function mysqlLiteral(value: string, noBackslashEscapes: boolean): string {
  if (noBackslashEscapes) return `'${value.replaceAll("'", "''")}'`;
  const escapes: Record<string, string> = { '\0': '\\0', '\n': '\\n', '\r': '\\r', '\u001a': '\\Z' };
  let out = '';
  for (const c of value) out += escapes[c] ?? (c === '\\' || c === "'" || c === '"' ? `\\${c}` : c);
  return `'${out}'`;
}

/** mysql_native_password's stored form: '*' and the upper-case hex of SHA1(SHA1(password)). */
export function nativePasswordHash(password: string): string {
  const inner = createHash('sha1').update(password, 'utf8').digest();
  return `*${createHash('sha1').update(inner).digest('hex').toUpperCase()}`;
}

/** A SHOW GRANTS line of `from` rewritten for `to`, without the password clause. */
export function regrant(line: string, from: { user: string; host: string }, to: string): string {
  const q = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const quoted = (s: string): string => `(?:\`${q(s.replaceAll('`', '``'))}\`|'${q(s.replaceAll("'", "\\'"))}')`;
  const grantee = new RegExp(`${quoted(from.user)}@${quoted(from.host)}`, 'g');
  return line
    .replace(grantee, to)
    .replace(/\s+IDENTIFIED\s+(BY\s+PASSWORD\s+'[^']*'|VIA\s+.*?)(?=\s+(WITH|REQUIRE)\b|$)/i, '');
}

/** The statements that undo one (rewritten) SHOW GRANTS line of `account`. */
export function revokeOf(line: string, account: string): string[] {
  if (/^SET DEFAULT ROLE /i.test(line)) return [`SET DEFAULT ROLE NONE FOR ${account}`];
  const at = line.indexOf(` TO ${account}`);
  if (!/^GRANT /i.test(line) || at < 0) throw new Error(`cannot undo the grant line "${line}"`);
  const what = line.slice('GRANT '.length, at);
  const grantOption = /\bWITH\b.*\bGRANT OPTION\b/i.test(line.slice(at));
  const on = /^(.+?) ON (.+)$/.exec(what);
  if (!on) return [`REVOKE ${what} FROM ${account}`]; // a role
  if (/^USAGE$/i.test(on[1]!)) return [];
  return [`REVOKE ${on[1]}${grantOption ? ', GRANT OPTION' : ''} ON ${on[2]} FROM ${account}`];
}

/** mysql2's TLS options: it checks the host name only when asked (`verifyIdentity`). */
export function mysqlSsl(tls: TargetTls): mysql.SslOptions | undefined {
  const o = tlsOptions(tls);
  if (!o) return undefined;
  return { rejectUnauthorized: o.rejectUnauthorized ?? true, verifyIdentity: tls.mode === 'verify-full', ...(typeof o.ca === 'string' ? { ca: o.ca } : {}) };
}

export async function openMysql(opts: DriverOptions): Promise<TargetDriver> {
  const { url, adminUser, where, tls } = opts.target;
  // Every connection — the admin's and each login test — with the TLS of target-url.
  const ssl = mysqlSsl(tls);
  const connect = (uri: string, more: mysql.ConnectionOptions = {}): Promise<mysql.Connection> =>
    mysql.createConnection({ uri, connectTimeout: opts.timeoutMs, ...(ssl ? { ssl } : {}), ...more });
  let admin: mysql.Connection;
  try {
    admin = await connect(url, { multipleStatements: false });
  } catch (error) {
    // MariaDB answers a plaintext client with "access denied" when it requires TLS (require_secure_transport).
    const rejected = `the admin credential of target-url was rejected${tls.mode === 'disable' ? ' (a server that requires TLS refuses a plaintext login so too: then ask for TLS with ssl-mode in target-url)' : ''}`;
    const why = tlsFailure(error, tls) ?? (REJECTED.has(errno(error) ?? 0) ? rejected : 'the server could not be reached');
    throw new TargetUnavailable(`Could not connect to the mysql target at ${where} as '${adminUser}': ${why} (${(error as Error).message})`, {
      cause: error,
    });
  }
  admin.on('error', () => undefined);

  const [serverRows] = await admin.query<mysql.RowDataPacket[]>('SELECT @@SESSION.sql_mode AS mode, VERSION() AS version');
  const server = (serverRows[0] ?? {}) as Row;
  const noBackslash = /NO_BACKSLASH_ESCAPES/.test(String(server['mode'] ?? ''));
  const mariadb = /mariadb/i.test(String(server['version'] ?? ''));
  const lit = (s: string): string => mysqlLiteral(s, noBackslash);
  const account = (user: string, host: string): string => `${lit(user)}@${lit(host)}`;
  const run = (sql: string): Promise<unknown> => admin.query({ sql, timeout: opts.timeoutMs });
  const identified = (password: string): string => (mariadb ? `IDENTIFIED BY PASSWORD ${lit(nativePasswordHash(password))}` : `IDENTIFIED BY ${lit(password)}`);

  const accountsOf = async (user: string): Promise<Array<{ host: string; plugin: string }>> => {
    const [rows] = await admin.query<mysql.RowDataPacket[]>('SELECT Host AS host, plugin FROM mysql.user WHERE User = ? ORDER BY Host', [user]);
    return rows.map((r) => ({ host: String((r as Row)['host']), plugin: String((r as Row)['plugin'] ?? '') }));
  };
  const hostsOf = async (user: string): Promise<string[]> => (await accountsOf(user)).map((a) => a.host);
  /** The account's grant lines, written for `to` (so two accounts compare as text). */
  const grantsOf = async (user: string, host: string, to: string): Promise<string[]> => {
    const [rows] = await admin.query<mysql.RowDataPacket[]>(`SHOW GRANTS FOR ${account(user, host)}`);
    return rows.map((row) => regrant(String(Object.values(row as Row)[0] ?? ''), { user, host }, to)).filter((l) => /^(GRANT|SET DEFAULT ROLE)\s/i.test(l));
  };
  const isUsage = (line: string): boolean => /^GRANT USAGE ON \*\.\* TO /i.test(line);

  /** Per host of the template: the grant lines `user` lacks and those it has beyond them. */
  const grantDiff = async (user: string, template: string, host: string): Promise<{ missing: string[]; extra: string[] }> => {
    const to = account(user, host);
    const want = await grantsOf(template, host, to);
    const have = await grantsOf(user, host, to);
    return { missing: want.filter((l) => !have.includes(l)), extra: have.filter((l) => !want.includes(l)) };
  };

  return {
    kind: 'mysql',
    adminUser,
    where,
    keepsOldPassword: false,
    async existing(users) {
      if (users.length === 0) return new Set();
      const [rows] = await admin.query<mysql.RowDataPacket[]>('SELECT DISTINCT User AS user FROM mysql.user WHERE User IN (?)', [[...users]]);
      return new Set(rows.map((r) => String((r as Row)['user'])));
    },
    async checkUsers(users) {
      if (!mariadb) return;
      for (const user of users) {
        const other = (await accountsOf(user)).filter((a) => !NATIVE.has(a.plugin));
        if (other.length === 0) continue;
        throw new UserError(
          `the account ${user}@${other[0]!.host} on the mysql target at ${where} authenticates with ${other[0]!.plugin}: rotate-secret sets mysql_native_password hashes it computes itself ` +
            '(MariaDB would log any other form with the plaintext), and switching the account to it would weaken it. Nothing was changed.',
        );
      }
    },
    async provisionUser(user, template, password) {
      const hosts = await hostsOf(template);
      if (hosts.length === 0) throw new Error(`the template user '${template}' has no account`);
      const had = await hostsOf(user);
      const changes: string[] = [];
      for (const host of had.filter((h) => !hosts.includes(h))) {
        await run(`DROP USER ${account(user, host)}`);
        changes.push(`dropped ${user}@${host} (${template} has no such host)`);
      }
      for (const host of hosts.filter((h) => !had.includes(h))) {
        await run(`CREATE USER ${account(user, host)} ${identified(password)}`);
        changes.push(`created ${user}@${host}`);
      }
      const kept = hosts.filter((h) => had.includes(h));
      if (kept.length > 0) await run(`ALTER USER ${kept.map((h) => `${account(user, h)} ${identified(password)}`).join(', ')}`);
      for (const host of hosts) {
        const to = account(user, host);
        const { missing, extra } = await grantDiff(user, template, host);
        if (missing.some(isUsage) || extra.some(isUsage)) {
          // REQUIRE and resource limits live on the USAGE line: clear them, then take the template's.
          await run(`ALTER USER ${to} REQUIRE NONE WITH MAX_QUERIES_PER_HOUR 0 MAX_UPDATES_PER_HOUR 0 MAX_CONNECTIONS_PER_HOUR 0 MAX_USER_CONNECTIONS 0`);
        }
        for (const line of extra) for (const revoke of revokeOf(line, to)) await run(revoke);
        for (const line of missing) await run(line);
        if (missing.length + extra.length > 0) changes.push(`${user}@${host}: granted ${missing.length}, revoked ${extra.length} line(s) to match ${template}`);
      }
      return changes;
    },
    async compareUser(user, template) {
      const hosts = await hostsOf(template);
      const mine = await hostsOf(user);
      const differences = [
        ...hosts.filter((h) => !mine.includes(h)).map((h) => `${user} has no account at host '${h}'`),
        ...mine.filter((h) => !hosts.includes(h)).map((h) => `${user} has an account at host '${h}' that ${template} has not`),
      ];
      for (const host of hosts.filter((h) => mine.includes(h))) {
        const { missing, extra } = await grantDiff(user, template, host);
        if (missing.length > 0) differences.push(`${user}@${host} lacks ${missing.length} grant(s) of ${template}`);
        if (extra.length > 0) differences.push(`${user}@${host} has ${extra.length} grant(s) ${template} has not`);
      }
      return differences;
    },
    async setPassword(user, password, how) {
      if (how === 'add') throw new Error('mysql accounts hold one password here; add is not supported');
      const hosts = await hostsOf(user);
      if (hosts.length === 0) throw new Error(`the user '${user}' has no account`);
      await run(`ALTER USER ${hosts.map((h) => `${account(user, h)} ${identified(password)}`).join(', ')}`);
    },
    async removePassword() {
      throw new Error('mysql accounts hold one password here; remove is not supported');
    },
    async retireOtherPasswords() {
      return 0;
    },
    async canLogin(user, password) {
      let conn: mysql.Connection | undefined;
      try {
        conn = await connect(withCredentials(url, user, password));
        conn.on('error', () => undefined);
        await conn.query('SELECT 1');
        return true;
      } catch (error) {
        if (REJECTED.has(errno(error) ?? 0)) return false;
        throw new Error(`Logging in to mysql at ${where} as '${user}' failed: ${(error as Error).message}`, { cause: error });
      } finally {
        await conn?.end().catch(() => undefined);
      }
    },
    async close() {
      await admin.end().catch(() => undefined);
    },
  };
}
