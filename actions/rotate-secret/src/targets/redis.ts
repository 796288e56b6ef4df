import { createHash } from 'node:crypto';
import { createClient } from '@redis/client';
import { tlsFailure, tlsOptions } from './tls.ts';
import { withCredentials } from './url.ts';
import { TargetUnavailable, type DriverOptions, type TargetDriver } from './types.ts';

/**
 * Redis ACL users through `@redis/client` (RESP2, no reconnects, no client-info handshake).
 * Passwords are set as `#<sha256>` so the plaintext never reaches the server. An ACL user can hold
 * several passwords, so single-user rotation adds the new one and retires the old ones only at
 * the end (keepsOldPassword). Alternating users get the template's `ACL LIST` rules and the new
 * password in one `ACL SETUSER` (atomic; `reset` first when the user exists): only ever
 * `<user>_a`/`<user>_b`, which this action owns — the lock names no other user (lock.ts).
 * After every change `ACL SAVE` persists the users when the server has an ACL file; without one,
 * a restart would bring the old passwords back, so the run warns.
 */

const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

type Client = ReturnType<typeof createClient>;

const isWrongPass = (error: unknown): boolean => /^WRONGPASS\b/.test((error as Error | null)?.message ?? '');

/** The rules of one `ACL LIST` line (`user NAME rule rule (selector rules)…`), passwords dropped. */
export function aclRules(line: string): { user: string; rules: string[] } | undefined {
  const tokens: string[] = [];
  let current = '';
  let depth = 0;
  for (const ch of line) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ' ' && depth === 0) {
      if (current) tokens.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  if (current) tokens.push(current);
  if (tokens[0] !== 'user' || tokens[1] === undefined) return undefined;
  const rules = tokens.slice(2).filter((t) => !/^[#><!]/.test(t) && t !== 'nopass' && t !== 'resetpass');
  return { user: tokens[1], rules };
}

export async function openRedis(opts: DriverOptions): Promise<TargetDriver> {
  const { url, adminUser, where, tls } = opts.target;
  // Every connection — the admin's and each login test — with the TLS of target-url (the client
  // library wants rediss:// for TLS; url.ts handed the URL over as redis://).
  const secure = tlsOptions(tls);
  const clientFor = (url: string): Client =>
    createClient({
      url: secure ? url.replace(/^redis:/, 'rediss:') : url,
      RESP: 2,
      disableClientInfo: true,
      socket: { reconnectStrategy: false, connectTimeout: opts.timeoutMs, ...(secure ? { ...secure, tls: true } : {}) },
      commandOptions: { timeout: opts.timeoutMs },
    } as Parameters<typeof createClient>[0]) as Client;

  const admin = clientFor(url);
  admin.on('error', () => undefined);
  try {
    await admin.connect();
  } catch (error) {
    admin.destroy();
    const why = tlsFailure(error, tls) ?? (isWrongPass(error) ? 'the admin credential of target-url was rejected' : 'the server could not be reached');
    throw new TargetUnavailable(`Could not connect to the redis target at ${where} as '${adminUser || 'default'}': ${why} (${(error as Error).message})`, {
      cause: error,
    });
  }

  const command = <T>(args: string[]): Promise<T> => admin.sendCommand<T>(args);
  let warnedPersistence = false;
  const persist = async (): Promise<void> => {
    try {
      await command(['ACL', 'SAVE']);
    } catch (error) {
      if (warnedPersistence) return;
      warnedPersistence = true;
      opts.log.warning(
        `redis at ${where}: ACL SAVE failed (${(error as Error).message}); the ACL change is live but only in memory — ` +
          'a restart of the server would bring back the old password. Configure an aclfile so rotations persist.',
      );
    }
  };
  const rulesOf = async (): Promise<Map<string, string[]>> => {
    const lines = (await command<string[]>(['ACL', 'LIST'])).map(String);
    return new Map(lines.map(aclRules).flatMap((r) => (r ? [[r.user, r.rules] as const] : [])));
  };
  const passwordHashes = async (user: string): Promise<string[]> => {
    const reply = await command<unknown[] | null>(['ACL', 'GETUSER', user]);
    if (!Array.isArray(reply)) return [];
    const i = reply.findIndex((v) => String(v) === 'passwords');
    const list = reply[i + 1];
    return Array.isArray(list) ? list.map(String) : [];
  };

  return {
    kind: 'redis',
    adminUser: adminUser || 'default',
    where,
    keepsOldPassword: true,
    async existing(users) {
      const all = await command<string[]>(['ACL', 'USERS']);
      const set = new Set(all.map(String));
      return new Set(users.filter((u) => set.has(u)));
    },
    async checkUsers() {
      // ACL users take a SHA-256 of the password.
    },
    async provisionUser(user, template, password) {
      const all = await rulesOf();
      const rules = all.get(template);
      if (!rules) throw new Error(`the template user '${template}' does not exist`);
      // An existing user is reset first (whatever it had goes); a new one starts empty anyway.
      await command(['ACL', 'SETUSER', user, ...(all.has(user) ? ['reset'] : []), ...rules, `#${sha256(password)}`]);
      await persist();
      return [`${all.has(user) ? 'reset' : 'created'} ${user} with the rules of ${template}`];
    },
    async compareUser(user, template) {
      const all = await rulesOf();
      const mine = all.get(user);
      const theirs = all.get(template);
      if (!mine) return [`${user} does not exist`];
      if (!theirs) return [`the template user '${template}' does not exist`];
      // `reset` turns RESTORE payload sanitisation on, which is not a privilege: compare without it
      // unless the template says either way.
      const flag = /^(skip-)?sanitize-payload$/;
      const said = theirs.some((r) => flag.test(r));
      const strip = (rules: string[]): string => rules.filter((r) => said || !flag.test(r)).join(' ');
      return strip(mine) === strip(theirs) ? [] : [`the rules of ${user} differ from those of ${template}`];
    },
    async setPassword(user, password, how) {
      await command(['ACL', 'SETUSER', user, ...(how === 'replace' ? ['resetpass'] : []), `#${sha256(password)}`]);
      await persist();
    },
    async removePassword(user, password) {
      await command(['ACL', 'SETUSER', user, `!${sha256(password)}`]);
      await persist();
    },
    async retireOtherPasswords(user, keep) {
      const keepHash = sha256(keep);
      const others = (await passwordHashes(user)).filter((h) => h !== keepHash);
      if (others.length === 0) return 0;
      await command(['ACL', 'SETUSER', user, ...others.map((h) => `!${h}`)]);
      await persist();
      return others.length;
    },
    async canLogin(user, password) {
      const client = clientFor(withCredentials(url, user, password));
      client.on('error', () => undefined);
      try {
        await client.connect(); // AUTH user password
        await client.sendCommand(['PING']).catch((error: unknown) => {
          // Authenticated, but not allowed to PING: the credential itself works.
          if (!/^NOPERM\b/.test((error as Error).message)) throw error;
        });
        return true;
      } catch (error) {
        if (isWrongPass(error)) return false;
        throw new Error(`Logging in to redis at ${where} as '${user}' failed: ${(error as Error).message}`, { cause: error });
      } finally {
        client.destroy();
      }
    },
    async close() {
      admin.destroy();
    },
  };
}
