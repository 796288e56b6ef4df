import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import pg from 'pg';
import { tlsFailure, tlsOptions } from './tls.ts';
import { withCredentials } from './url.ts';
import { TargetUnavailable, type DriverOptions, type TargetDriver } from './types.ts';

/**
 * PostgreSQL through `pg`. Passwords are always sent as SCRAM-SHA-256 verifiers computed here (what
 * psql's \password does), whatever `password_encryption` says, so the plaintext never reaches the
 * server, its statement log or pg_stat_activity. A SCRAM verifier also serves `md5` lines of
 * pg_hba.conf (the server then uses SCRAM). Passwords SASLprep would change are refused at input
 * validation (saslprep.ts), so the verifier of the raw password logs in for every client.
 *
 * A role cannot hold two passwords, so single-user rotation replaces it (keepsOldPassword false).
 * Alternating users are LOGIN roles that are members of the template role (INHERIT: they have its
 * privileges); provisionUser creates one in one statement, or repairs login, inherit and membership.
 */

const REJECTED = new Set(['28P01', '28000']); // invalid_password, invalid_authorization_specification

/** SCRAM-SHA-256 verifier as PostgreSQL stores it (RFC 5802 / RFC 7677). */
export function scramVerifier(password: string, salt: Buffer = randomBytes(16), iterations = 4096): string {
  const salted = pbkdf2Sync(password, salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

function code(error: unknown): string | undefined {
  const c = (error as { code?: unknown } | null)?.code;
  return typeof c === 'string' ? c : undefined;
}

export async function openPostgres(opts: DriverOptions): Promise<TargetDriver> {
  const { url, adminUser, where, tls } = opts.target;
  // Every connection — the admin's and each login test — with the TLS of target-url.
  const ssl = tlsOptions(tls) ?? false;
  const config = (url: string): pg.ClientConfig => ({
    connectionString: url,
    ssl,
    connectionTimeoutMillis: opts.timeoutMs,
    query_timeout: opts.timeoutMs,
    application_name: 'actions-suite/rotate-secret',
  });

  const admin = new pg.Client(config(url));
  admin.on('error', () => undefined); // a dropped connection surfaces on the next query
  try {
    await admin.connect();
  } catch (error) {
    const why = tlsFailure(error, tls) ?? (REJECTED.has(code(error) ?? '') ? `the admin credential of target-url was rejected` : `the server could not be reached`);
    throw new TargetUnavailable(`Could not connect to the postgres target at ${where} as '${adminUser}': ${why} (${(error as Error).message})`, {
      cause: error,
    });
  }

  const literalFor = (password: string): string => admin.escapeLiteral(scramVerifier(password));
  const ident = (name: string): string => admin.escapeIdentifier(name);
  const roleOf = async (user: string, template: string): Promise<{ login: boolean; inherit: boolean; member: boolean } | undefined> => {
    const r = await admin.query<{ rolcanlogin: boolean; rolinherit: boolean; member: boolean }>(
      `SELECT r.rolcanlogin, r.rolinherit,
              EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles t ON t.oid = m.roleid WHERE m.member = r.oid AND t.rolname = $2) AS member
         FROM pg_roles r WHERE r.rolname = $1`,
      [user, template],
    );
    const row = r.rows[0];
    return row ? { login: row.rolcanlogin, inherit: row.rolinherit, member: row.member } : undefined;
  };

  return {
    kind: 'postgres',
    adminUser,
    where,
    keepsOldPassword: false,
    async existing(users) {
      const r = await admin.query<{ rolname: string }>('SELECT rolname FROM pg_roles WHERE rolname = ANY($1::text[])', [[...users]]);
      return new Set(r.rows.map((row) => row.rolname));
    },
    async checkUsers() {
      // Every role takes a SCRAM verifier.
    },
    async provisionUser(user, template, password) {
      const role = await roleOf(user, template);
      if (!role) {
        await admin.query(`CREATE ROLE ${ident(user)} LOGIN INHERIT PASSWORD ${literalFor(password)} IN ROLE ${ident(template)}`);
        return [`created ${user} as a member of ${template}`];
      }
      const changes: string[] = [];
      await admin.query(`ALTER ROLE ${ident(user)} LOGIN INHERIT PASSWORD ${literalFor(password)}`);
      if (!role.login || !role.inherit) changes.push(`made ${user} LOGIN INHERIT`);
      if (!role.member) {
        await admin.query(`GRANT ${ident(template)} TO ${ident(user)}`);
        changes.push(`made ${user} a member of ${template}`);
      }
      return changes;
    },
    async compareUser(user, template) {
      const role = await roleOf(user, template);
      if (!role) return [`${user} does not exist`];
      return [
        ...(role.login ? [] : [`${user} cannot log in`]),
        ...(role.inherit ? [] : [`${user} does not inherit privileges`]),
        ...(role.member ? [] : [`${user} is not a member of ${template}`]),
      ];
    },
    async setPassword(user, password, how) {
      if (how === 'add') throw new Error('postgres roles hold one password; add is not supported');
      await admin.query(`ALTER ROLE ${ident(user)} PASSWORD ${literalFor(password)}`);
    },
    async removePassword() {
      throw new Error('postgres roles hold one password; remove is not supported');
    },
    async retireOtherPasswords() {
      return 0;
    },
    async canLogin(user, password) {
      const client = new pg.Client(config(withCredentials(url, user, password)));
      client.on('error', () => undefined);
      try {
        await client.connect();
        await client.query('SELECT 1');
        return true;
      } catch (error) {
        if (REJECTED.has(code(error) ?? '')) return false;
        throw new Error(`Logging in to postgres at ${where} as '${user}' failed: ${(error as Error).message}`, { cause: error });
      } finally {
        await client.end().catch(() => undefined);
      }
    },
    async close() {
      await admin.end().catch(() => undefined);
    },
  };
}
