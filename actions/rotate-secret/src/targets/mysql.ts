import mysql from 'mysql2/promise';
import { withCredentials } from './url.ts';
import { TargetUnavailable, type DriverOptions, type TargetDriver } from './types.ts';

/**
 * MySQL and MariaDB through `mysql2`. An account is user@host; a user name may have several
 * accounts (hosts), and rotation changes them all in one ALTER USER statement (atomic). Statements
 * are built by us (ALTER USER takes no placeholders); string literals are escaped for the server's
 * sql_mode (NO_BACKSLASH_ESCAPES changes the rules).
 *
 * MariaDB accounts hold one password (keepsOldPassword false). Alternating users are created with
 * the template's hosts and grants (SHOW GRANTS replayed for the new account).
 */

const REJECTED = new Set([1045, 1698]); // ER_ACCESS_DENIED_ERROR, ER_ACCESS_DENIED_NO_PASSWORD_ERROR

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

/** A SHOW GRANTS line of `from` rewritten for `to`, without the password clause. */
export function regrant(line: string, from: { user: string; host: string }, to: string): string {
  const q = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const quoted = (s: string): string => `(?:\`${q(s.replaceAll('`', '``'))}\`|'${q(s.replaceAll("'", "\\'"))}')`;
  const grantee = new RegExp(`${quoted(from.user)}@${quoted(from.host)}`, 'g');
  return line
    .replace(grantee, to)
    .replace(/\s+IDENTIFIED\s+(BY\s+PASSWORD\s+'[^']*'|VIA\s+.*?)(?=\s+(WITH|REQUIRE)\b|$)/i, '');
}

export async function openMysql(opts: DriverOptions): Promise<TargetDriver> {
  const { url, adminUser, where } = opts.target;
  let admin: mysql.Connection;
  try {
    admin = await mysql.createConnection({ uri: url, connectTimeout: opts.timeoutMs, multipleStatements: false });
  } catch (error) {
    const why = REJECTED.has(errno(error) ?? 0) ? 'the admin credential of target-url was rejected' : 'the server could not be reached';
    throw new TargetUnavailable(`Could not connect to the mysql target at ${where} as '${adminUser}': ${why} (${(error as Error).message})`, {
      cause: error,
    });
  }
  admin.on('error', () => undefined);

  const [modeRows] = await admin.query<mysql.RowDataPacket[]>('SELECT @@SESSION.sql_mode AS mode');
  const noBackslash = /NO_BACKSLASH_ESCAPES/.test(String((modeRows[0] as Row | undefined)?.['mode'] ?? ''));
  const lit = (s: string): string => mysqlLiteral(s, noBackslash);
  const account = (user: string, host: string): string => `${lit(user)}@${lit(host)}`;
  const run = (sql: string): Promise<unknown> => admin.query({ sql, timeout: opts.timeoutMs });

  const hostsOf = async (user: string): Promise<string[]> => {
    const [rows] = await admin.query<mysql.RowDataPacket[]>('SELECT Host AS host FROM mysql.user WHERE User = ? ORDER BY Host', [user]);
    return rows.map((r) => String((r as Row)['host']));
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
    async createUser(user, template, password) {
      const hosts = await hostsOf(template);
      if (hosts.length === 0) throw new Error(`the template user '${template}' has no account`);
      for (const host of hosts) {
        await run(`CREATE USER ${account(user, host)} IDENTIFIED BY ${lit(password)}`);
        const [grants] = await admin.query<mysql.RowDataPacket[]>(`SHOW GRANTS FOR ${account(template, host)}`);
        for (const row of grants) {
          const line = String(Object.values(row as Row)[0] ?? '');
          if (!/^GRANT\s/i.test(line)) continue;
          await run(regrant(line, { user: template, host }, account(user, host)));
        }
      }
    },
    async setPassword(user, password, how) {
      if (how === 'add') throw new Error('mysql accounts hold one password here; add is not supported');
      const hosts = await hostsOf(user);
      if (hosts.length === 0) throw new Error(`the user '${user}' has no account`);
      await run(`ALTER USER ${hosts.map((h) => `${account(user, h)} IDENTIFIED BY ${lit(password)}`).join(', ')}`);
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
        conn = await mysql.createConnection({ uri: withCredentials(url, user, password), connectTimeout: opts.timeoutMs });
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
