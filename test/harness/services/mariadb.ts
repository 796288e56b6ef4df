/**
 * A throwaway MariaDB server: mariadb-install-db into a temp datadir, mariadbd on 127.0.0.1 with its
 * socket in the temp dir. root@localhost authenticates by unix socket only (we bootstrap through
 * it); tests get an `admin`@`%` account with a random password over TCP. --no-defaults everywhere:
 * Debian's /etc/mysql config would point the socket and datadir at the system server's. With `tls`:
 * the given certificate, and require_secure_transport=ON (TCP clients over TLS only).
 */
import { chownSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { requireBinary } from './binaries.ts';
import { run, type RunResult } from './exec.ts';
import { ensureInstalled } from './install.ts';
import { Lifecycle, type Resources, retryOnPortClash, startFailure, type StartOptions } from './lifecycle.ts';
import { freePort, HOST } from './net.ts';
import { pollUntil } from './poll.ts';
import { type Daemon, spawnDaemon } from './processes.ts';
import { randomPassword } from './secrets.ts';
import { myLiteral } from './sql.ts';
import type { ServerTls } from './tls.ts';
import { makeWorkDir, serviceOwner } from './workdir.ts';

export interface MyCredentials {
  user: string;
  password: string;
  database?: string;
}

export interface MariaDb {
  readonly name: 'mariadb';
  readonly host: typeof HOST;
  readonly port: number;
  /** Account with every privilege (WITH GRANT OPTION), reachable over TCP. */
  readonly user: string;
  readonly password: string;
  /** mysql://admin:PASSWORD@127.0.0.1:PORT/ (no ssl-mode: add what the test asks for) */
  readonly url: string;
  /** In TLS mode, the CA its certificate chains to. */
  readonly tls: { ca: string } | undefined;
  /** Unix socket (root@localhost by socket auth); tests normally use TCP. */
  readonly socket: string;
  readonly dir: string;
  readonly resources: Resources;
  /** Runs SQL through the mariadb client (SQL on stdin, password in MYSQL_PWD). Rows of fields; NULL is 'NULL'. */
  query(sql: string, as?: MyCredentials): Promise<string[][]>;
  /** True when the user authenticates over TCP; false on ERROR 1045/1698; throws on anything else. */
  canLogin(user: string, password: string): Promise<boolean>;
  /** CREATE USER 'user'@'%' IDENTIFIED BY …, no privilege beyond USAGE. */
  createUser(user: string, password: string): Promise<void>;
  /**
   * Turns the general query log on (into a file of the server's dir) and returns a reader of it
   * from now on: every statement any client sends, as the server logs it.
   */
  logStatements(): Promise<() => string>;
  stop(): Promise<void>;
}

const ADMIN = 'admin';

export interface MariaDbOptions extends StartOptions {
  /** Serve TLS with this certificate, and accept TCP clients only over TLS (require_secure_transport). */
  tls?: ServerTls;
}

export async function startMariaDb(options: MariaDbOptions = {}): Promise<MariaDb> {
  await ensureInstalled(['mariadb']);
  return retryOnPortClash(() => attempt(options));
}

/** Certificate, key and CA in the server's dir, readable by it; the server options that use them. */
function serveTls(dir: string, tls: ServerTls, owner: { uid: number; gid: number } | undefined): string[] {
  const files = { cert: join(dir, 'server.crt'), key: join(dir, 'server.key'), ca: join(dir, 'ca.crt') };
  writeFileSync(files.cert, tls.cert);
  writeFileSync(files.key, tls.key, { mode: 0o600 });
  writeFileSync(files.ca, tls.ca);
  if (owner) for (const f of Object.values(files)) chownSync(f, owner.uid, owner.gid);
  return [`--ssl-cert=${files.cert}`, `--ssl-key=${files.key}`, `--ssl-ca=${files.ca}`, '--require-secure-transport=ON'];
}

async function attempt(options: MariaDbOptions): Promise<MariaDb> {
  const mariadbd = requireBinary('mariadbd');
  const installDb = requireBinary('mariadb-install-db');
  const client = requireBinary('mariadb');
  const owner = serviceOwner('mysql');
  // As root, mariadbd drops to --user itself; otherwise it runs as us.
  const osUser = owner === undefined ? userInfo().username : 'mysql';
  // The account that authenticates by unix socket is the OS user we run the client as.
  const bootstrapUser = owner === undefined ? osUser : 'root';
  const dir = makeWorkDir('mariadb', owner);
  const life = new Lifecycle(dir, options.persistent ?? false);
  const logFile = join(dir, 'mariadbd.log');
  let daemon: Daemon | undefined;
  try {
    const password = randomPassword();
    const port = await freePort();
    const dataDir = join(dir, 'data');
    const socket = join(dir, 'mysqld.sock');
    const install = await run(installDb, [
      '--no-defaults', `--user=${osUser}`, `--datadir=${dataDir}`,
      '--auth-root-authentication-method=socket', '--skip-test-db',
    ], { cwd: dir, timeoutMs: 120_000 });
    if (install.code !== 0) throw new Error(`mariadb-install-db exited ${install.code}: ${install.stderr.trim()}`);

    daemon = life.add(
      spawnDaemon(mariadbd, [
        '--no-defaults', `--user=${osUser}`, `--datadir=${dataDir}`, `--socket=${socket}`,
        `--port=${port}`, `--bind-address=${HOST}`, `--pid-file=${join(dir, 'mariadbd.pid')}`, `--tmpdir=${dir}`,
        // Accounts are matched by IP, so '%' and '127.0.0.1' behave predictably; no binlog, small pool.
        '--skip-name-resolve', '--skip-log-bin', '--innodb-buffer-pool-size=16M', '--innodb-flush-log-at-trx-commit=0',
        ...(options.tls ? serveTls(dir, options.tls, owner) : []),
      ], { logFile, cwd: dir }),
    );
    const started = daemon;
    const viaSocket = (sql: string) =>
      run(client, ['--no-defaults', `--socket=${socket}`, '-u', bootstrapUser, '--batch', '--skip-column-names'], {
        input: sql,
      });
    await pollUntil(
      async () => {
        if (!/ready for connections/.test(await readLog(logFile))) return undefined;
        const ping = await viaSocket('SELECT 1');
        return ping.code === 0 ? true : undefined;
      },
      {
        what: `mariadbd on ${HOST}:${port}`,
        timeoutMs: options.timeoutMs,
        abort: () => (started.hasExited() ? 'the server exited' : undefined),
      },
    );
    const bootstrap = await viaSocket(
      `CREATE USER '${ADMIN}'@'%' IDENTIFIED BY ${myLiteral(password)};\n` +
        `GRANT ALL PRIVILEGES ON *.* TO '${ADMIN}'@'%' WITH GRANT OPTION;\n`,
    );
    if (bootstrap.code !== 0) throw new Error(`creating the admin account failed: ${bootstrap.stderr.trim()}`);
    return makeHandle({ client, port, password, socket, dir, life, tls: options.tls ? { ca: options.tls.ca } : undefined });
  } catch (error) {
    const failure = startFailure('mariadb', daemon, logFile, error);
    await life.stop();
    throw failure;
  }
}

function readLog(path: string): Promise<string> {
  return readFile(path, 'utf8').catch(() => '');
}

interface HandleParts {
  client: string;
  port: number;
  password: string;
  socket: string;
  dir: string;
  life: Lifecycle;
  tls: { ca: string } | undefined;
}

function makeHandle({ client, port, password, socket, dir, life, tls }: HandleParts): MariaDb {
  const tcp = (sql: string, as: MyCredentials): Promise<RunResult> =>
    run(
      client,
      [
        '--no-defaults', '--protocol=TCP', '-h', HOST, '-P', String(port), '-u', as.user,
        '--batch', '--skip-column-names', '--connect-timeout=5',
        // The client checks the chain in TLS mode (the tests check host names with the action itself).
        ...(tls ? ['--ssl', `--ssl-ca=${join(dir, 'ca.crt')}`] : []),
        ...(as.database === undefined ? [] : ['-D', as.database]),
      ],
      // MariaDB's client still reads MYSQL_PWD (MySQL 8 dropped it); it keeps the password off argv.
      { env: { MYSQL_PWD: as.password, HOME: dir }, input: sql },
    );
  const handle: MariaDb = {
    name: 'mariadb',
    host: HOST,
    port,
    user: ADMIN,
    password,
    url: `mysql://${ADMIN}:${password}@${HOST}:${port}/`,
    tls,
    socket,
    dir,
    resources: life.resources,
    async query(sql, as = { user: ADMIN, password }) {
      const result = await tcp(sql, as);
      if (result.code !== 0) throw new Error(`mariadb client failed (exit ${result.code}): ${result.stderr.trim()}`);
      return parseBatch(result.stdout);
    },
    async canLogin(user, pass) {
      const result = await tcp('SELECT 1', { user, password: pass });
      if (result.code === 0) return true;
      // 1045: wrong password; 1698: an account that does not exist (or has no usable password).
      if (/ERROR (1045|1698) /.test(result.stderr)) return false;
      throw new Error(`mariadb client as ${user} failed for another reason (exit ${result.code}): ${result.stderr.trim()}`);
    },
    async createUser(user, pass) {
      await handle.query(`CREATE USER ${myLiteral(user)}@'%' IDENTIFIED BY ${myLiteral(pass)};`);
    },
    async logStatements() {
      const file = join(dir, 'general.log');
      const [[already] = []] = await handle.query("SELECT @@GLOBAL.general_log, @@GLOBAL.general_log_file");
      if (already !== '1') await handle.query(`SET GLOBAL general_log_file = ${myLiteral(file)}; SET GLOBAL log_output = 'FILE'; SET GLOBAL general_log = 1;`);
      const read = (): Buffer => {
        try {
          return readFileSync(file);
        } catch {
          return Buffer.alloc(0);
        }
      };
      const from = read().length;
      return () => read().subarray(from).toString('utf8');
    },
    stop: () => life.stop(),
  };
  return handle;
}

/** --batch output: tab-separated rows; tab, newline, NUL and backslash escaped inside values. */
export function parseBatch(stdout: string): string[][] {
  if (stdout === '') return [];
  const unescape = (field: string) =>
    field.replace(/\\(.)/g, (_, ch: string) => ({ n: '\n', t: '\t', '0': '\0', '\\': '\\' })[ch] ?? `\\${ch}`);
  return stdout.replace(/\n$/, '').split('\n').map((line) => line.split('\t').map(unescape));
}
