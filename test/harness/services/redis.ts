/**
 * A throwaway redis-server on 127.0.0.1, no persistence. Its config is read from stdin
 * (`redis-server -`) so the admin password is never on argv, and the `default` user is off from
 * the first moment: a disabled default user is what makes a wrong password actually fail. With
 * `tls`, it listens on a TLS port only (`tls-port`, no plaintext port; clients need no certificate).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireBinary } from './binaries.ts';
import { ensureInstalled } from './install.ts';
import { Lifecycle, type Resources, retryOnPortClash, startFailure, type StartOptions } from './lifecycle.ts';
import { freePort, HOST } from './net.ts';
import { pollUntil } from './poll.ts';
import { type Daemon, spawnDaemon } from './processes.ts';
import { connectRedis, encodeCommand, exchange, parseReply, RespError, type RespValue } from './resp.ts';
import type { ServerTls } from './tls.ts';
import { randomPassword } from './secrets.ts';
import { makeWorkDir } from './workdir.ts';

export interface RedisCredentials {
  user: string;
  password: string;
}

export interface Redis {
  readonly name: 'redis';
  readonly host: typeof HOST;
  readonly port: number;
  /** ACL user with every permission (`on ~* &* +@all`). */
  readonly user: string;
  readonly password: string;
  /** redis://admin:PASSWORD@127.0.0.1:PORT (rediss:// in TLS mode) */
  readonly url: string;
  /** In TLS mode, the CA its certificate chains to. */
  readonly tls: { ca: string } | undefined;
  readonly dir: string;
  readonly resources: Resources;
  /** One command, authenticated as admin (or `as`); an error reply is thrown as RespError. */
  command(args: readonly string[], as?: RedisCredentials): Promise<RespValue>;
  /** True on +OK to `AUTH user password`; false on WRONGPASS; throws on anything else. */
  canLogin(user: string, password: string): Promise<boolean>;
  /** ACL SETUSER user on >password ~* &* +@all. */
  createUser(user: string, password: string): Promise<void>;
  /**
   * Starts MONITOR on its own connection: every command any client sends, as the server echoes it.
   * `lines()` reads what arrived so far; `stop()` closes the connection.
   */
  monitor(): Promise<{ lines(): string[]; stop(): void }>;
  /**
   * Turns the slow log on for every command (threshold 0, room for 10 000 entries) and returns a
   * reader of its entries, newest first, each as its arguments joined by spaces. Unlike MONITOR,
   * the slow log records administrative commands (ACL SETUSER, with its arguments redacted).
   */
  slowlog(): Promise<() => Promise<string[]>>;
  stop(): Promise<void>;
}

const ADMIN = 'admin';

export interface RedisOptions extends StartOptions {
  /** Serve TLS only, with this certificate. */
  tls?: ServerTls;
}

export async function startRedis(options: RedisOptions = {}): Promise<Redis> {
  await ensureInstalled(['redis']);
  return retryOnPortClash(() => attempt(options));
}

async function attempt(options: RedisOptions): Promise<Redis> {
  const server = requireBinary('redis-server');
  const dir = makeWorkDir('redis');
  const life = new Lifecycle(dir, options.persistent ?? false);
  const logFile = join(dir, 'redis.log');
  let daemon: Daemon | undefined;
  try {
    const password = randomPassword();
    const port = await freePort();
    const tls = options.tls ? { ca: options.tls.ca } : undefined;
    if (options.tls) {
      writeFileSync(join(dir, 'server.crt'), options.tls.cert);
      writeFileSync(join(dir, 'server.key'), options.tls.key, { mode: 0o600 });
      writeFileSync(join(dir, 'ca.crt'), options.tls.ca);
    }
    // Config values are ours (no quoting needed: the password is alphanumeric).
    const config = [
      `bind ${HOST}`,
      ...(options.tls
        ? ['port 0', `tls-port ${port}`, `tls-cert-file ${join(dir, 'server.crt')}`, `tls-key-file ${join(dir, 'server.key')}`, `tls-ca-cert-file ${join(dir, 'ca.crt')}`, 'tls-auth-clients no']
        : [`port ${port}`]),
      'protected-mode yes',
      'daemonize no',
      `dir ${dir}`,
      'save ""',
      'appendonly no',
      'user default off',
      `user ${ADMIN} on >${password} ~* &* +@all`,
    ].join('\n');
    daemon = life.add(spawnDaemon(server, ['-'], { logFile, cwd: dir, input: `${config}\n` }));
    const started = daemon;
    const admin = { user: ADMIN, password };
    await pollUntil(
      async () => {
        const [auth, pong] = await exchange(port, [['AUTH', ADMIN, password], ['PING']], HOST, 5_000, tls);
        if (auth instanceof RespError) throw auth;
        return pong === 'PONG' ? true : undefined;
      },
      {
        what: `redis on ${HOST}:${port}`,
        timeoutMs: options.timeoutMs,
        abort: () => (started.hasExited() ? 'the server exited' : undefined),
      },
    );
    const command = async (args: readonly string[], as: RedisCredentials = admin): Promise<RespValue> => {
      const [auth, reply] = await exchange(port, [['AUTH', as.user, as.password], args], HOST, 5_000, tls);
      if (auth instanceof RespError) throw new RespError(`AUTH as ${as.user}: ${auth.message}`);
      if (reply instanceof RespError) throw reply;
      return reply ?? null;
    };
    return {
      name: 'redis',
      host: HOST,
      port,
      user: ADMIN,
      password,
      url: `${tls ? 'rediss' : 'redis'}://${ADMIN}:${password}@${HOST}:${port}`,
      tls,
      dir,
      resources: life.resources,
      command,
      async canLogin(user, pass) {
        const [reply] = await exchange(port, [['AUTH', user, pass]], HOST, 5_000, tls);
        if (reply === 'OK') return true;
        if (reply instanceof RespError && reply.code === 'WRONGPASS') return false;
        throw new Error(`AUTH ${user} got an unexpected reply: ${reply instanceof Error ? reply.message : JSON.stringify(reply)}`);
      },
      async createUser(user, pass) {
        await command(['ACL', 'SETUSER', user, 'on', `>${pass}`, '~*', '&*', '+@all']);
      },
      monitor: () => monitor(port, admin, tls),
      async slowlog() {
        await command(['CONFIG', 'SET', 'slowlog-log-slower-than', '0']);
        await command(['CONFIG', 'SET', 'slowlog-max-len', '10000']);
        return async () => {
          const entries = (await command(['SLOWLOG', 'GET', '-1'])) as RespValue[];
          return entries.map((e) => ((e as RespValue[])[3] as RespValue[]).map(String).join(' '));
        };
      },
      stop: () => life.stop(),
    };
  } catch (error) {
    const failure = startFailure('redis', daemon, logFile, error);
    await life.stop();
    throw failure;
  }
}

/** MONITOR on a connection of its own, authenticated as `as`; resolves once the server said OK. */
function monitor(port: number, as: RedisCredentials, tls: { ca: string } | undefined): Promise<{ lines(): string[]; stop(): void }> {
  return new Promise((resolve, reject) => {
    const { socket, ready } = connectRedis(port, HOST, tls);
    const lines: string[] = [];
    let buffer = Buffer.alloc(0);
    let replies = 0;
    const handle = { lines: () => [...lines], stop: () => socket.destroy() };
    socket.on('error', (error) => (replies < 2 ? reject(error) : undefined));
    socket.on(ready, () => socket.write(Buffer.concat([encodeCommand(['AUTH', as.user, as.password]), encodeCommand(['MONITOR'])])));
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const parsed = parseReply(buffer);
        if (parsed === undefined) break;
        buffer = buffer.subarray(parsed.next);
        replies += 1;
        if (parsed.value instanceof RespError) {
          socket.destroy();
          reject(parsed.value);
          return;
        }
        if (replies === 2) resolve(handle);
        else if (replies > 2) lines.push(String(parsed.value));
      }
    });
  });
}
