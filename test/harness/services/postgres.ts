/**
 * A throwaway PostgreSQL cluster: initdb with scram-sha-256 under a temp dir owned by the
 * `postgres` user, the server on 127.0.0.1 only, its socket in the temp dir. The server runs in the
 * foreground as our child (not via pg_ctl) so we hold its pid and can kill its process group.
 * With `tls`: ssl=on with the given certificate, and TCP clients accepted over TLS only (hostssl).
 */
import { writeFileSync, chownSync, rmSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { findPostgres } from './binaries.ts';
import { run, type RunResult } from './exec.ts';
import { ensureInstalled } from './install.ts';
import { Lifecycle, type Resources, retryOnPortClash, startFailure, type StartOptions } from './lifecycle.ts';
import { freePort, HOST } from './net.ts';
import { pollUntil } from './poll.ts';
import { type Daemon, spawnDaemon } from './processes.ts';
import { randomPassword } from './secrets.ts';
import { parseCsv, pgIdent, pgLiteral } from './sql.ts';
import type { ServerTls } from './tls.ts';
import { makeWorkDir, serviceOwner } from './workdir.ts';

export interface PgCredentials {
  user: string;
  password: string;
  database?: string;
}

export interface Postgres {
  readonly name: 'postgres';
  readonly host: typeof HOST;
  readonly port: number;
  /** Major version of the server that runs (the newest under /usr/lib/postgresql). */
  readonly version: number;
  readonly binDir: string;
  /** Superuser created by initdb. */
  readonly user: string;
  readonly password: string;
  readonly database: string;
  /** postgres://admin:PASSWORD@127.0.0.1:PORT/postgres (no sslmode: add what the test asks for) */
  readonly url: string;
  /** In TLS mode, the CA its certificate chains to. */
  readonly tls: { ca: string } | undefined;
  readonly dir: string;
  readonly resources: Resources;
  /** libpq variables (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE) for a child process. */
  env(as?: PgCredentials): Record<string, string>;
  /** Runs SQL through psql (SQL on stdin, password in env); rows of fields, as text. Throws on error. */
  query(sql: string, as?: PgCredentials): Promise<string[][]>;
  /** True when the user authenticates; false on a rejected password or role; throws on anything else. */
  canLogin(user: string, password: string, database?: string): Promise<boolean>;
  /** CREATE ROLE … LOGIN PASSWORD …, no other privilege. */
  createUser(user: string, password: string): Promise<void>;
  /**
   * Turns the statement log on (`log_statement = all`, reloaded, no restart) and returns a reader
   * of the server's log from now on: every statement any client sends, as the server logs it.
   */
  logStatements(): Promise<() => string>;
  stop(): Promise<void>;
}

const ADMIN = 'admin';

export interface PostgresOptions extends StartOptions {
  /** Serve TLS with this certificate, and accept TCP clients only over TLS. */
  tls?: ServerTls;
}

export async function startPostgres(options: PostgresOptions = {}): Promise<Postgres> {
  await ensureInstalled(['postgres']);
  return retryOnPortClash(() => attempt(options));
}

/** The certificate and key in the data dir (the key 0600 and the server's, as postgres demands), pg_hba TCP lines turned hostssl. */
function serveTls(dataDir: string, dir: string, tls: ServerTls, owner: { uid: number; gid: number } | undefined): string[] {
  const files = { cert: join(dataDir, 'server.crt'), key: join(dataDir, 'server.key') };
  writeFileSync(files.cert, tls.cert);
  writeFileSync(files.key, tls.key, { mode: 0o600 });
  writeFileSync(join(dir, 'ca.crt'), tls.ca);
  if (owner) for (const f of Object.values(files)) chownSync(f, owner.uid, owner.gid);
  const hba = join(dataDir, 'pg_hba.conf');
  writeFileSync(hba, readFileSync(hba, 'utf8').replace(/^host(\s)/gm, 'hostssl$1'));
  return ['-c', 'ssl=on', '-c', `ssl_cert_file=${files.cert}`, '-c', `ssl_key_file=${files.key}`];
}

async function attempt(options: PostgresOptions): Promise<Postgres> {
  const bin = findPostgres();
  if (bin === undefined) throw new Error('PostgreSQL server is not installed under /usr/lib/postgresql');
  const owner = serviceOwner('postgres');
  const dir = makeWorkDir('postgres', owner);
  const life = new Lifecycle(dir, options.persistent ?? false);
  const logFile = join(dir, 'postgres.log');
  let daemon: Daemon | undefined;
  try {
    const password = randomPassword();
    const port = await freePort();
    const dataDir = join(dir, 'data');
    const socketDir = join(dir, 'sock');
    mkdirSync(socketDir);
    if (owner) chownSync(socketDir, owner.uid, owner.gid);
    // initdb reads the superuser password from a file (never argv); it is deleted right after.
    const pwFile = join(dir, 'pwfile');
    writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
    if (owner) chownSync(pwFile, owner.uid, owner.gid);
    const asOwner = { uid: owner?.uid, gid: owner?.gid, env: { HOME: dir } };
    const init = await run(
      join(bin.dir, 'initdb'),
      ['-D', dataDir, '-A', 'scram-sha-256', '-U', ADMIN, `--pwfile=${pwFile}`, '-E', 'UTF8', '--locale=C', '--no-sync'],
      asOwner,
    );
    rmSync(pwFile, { force: true });
    if (init.code !== 0) throw new Error(`initdb exited ${init.code}: ${init.stderr.trim()}`);
    const tlsArgs = options.tls ? serveTls(dataDir, dir, options.tls, owner) : [];

    // Durability settings off: this cluster is thrown away, and tests want speed.
    daemon = life.add(
      spawnDaemon(
        join(bin.dir, 'postgres'),
        ['-D', dataDir, '-p', String(port), '-k', socketDir, '-c', `listen_addresses=${HOST}`,
          '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', ...tlsArgs],
        // SIGINT is postgres's "fast" shutdown; SIGTERM would wait for clients to disconnect.
        { ...asOwner, logFile, stopSignal: 'SIGINT', cwd: dir },
      ),
    );
    const started = daemon;
    await pollUntil(
      async () => {
        const ready = await run(join(bin.dir, 'pg_isready'), ['-q', '-h', HOST, '-p', String(port), '-t', '1']);
        return ready.code === 0 ? true : undefined;
      },
      {
        what: `postgres on ${HOST}:${port}`,
        timeoutMs: options.timeoutMs,
        abort: () => (started.hasExited() ? 'the server exited' : undefined),
      },
    );
    return makeHandle({ bin, port, password, dir, life, logFile, tls: options.tls ? { ca: options.tls.ca } : undefined });
  } catch (error) {
    const failure = startFailure('postgres', daemon, logFile, error);
    await life.stop();
    throw failure;
  }
}

interface HandleParts {
  bin: { major: number; dir: string };
  port: number;
  password: string;
  dir: string;
  life: Lifecycle;
  logFile: string;
  tls: { ca: string } | undefined;
}

function makeHandle({ bin, port, password, dir, life, logFile, tls }: HandleParts): Postgres {
  const admin: PgCredentials = { user: ADMIN, password, database: 'postgres' };
  const env = (as: PgCredentials = admin): Record<string, string> => ({
    PGHOST: HOST,
    PGPORT: String(port),
    PGUSER: as.user,
    PGPASSWORD: as.password,
    PGDATABASE: as.database ?? 'postgres',
    // No ~/.pgpass or service file may change which password is tried.
    PGPASSFILE: join(dir, 'no-pgpass'),
    PGSYSCONFDIR: join(dir, 'no-sysconf'),
    // psql checks the chain in TLS mode (the tests check host names with the action itself).
    ...(tls ? { PGSSLMODE: 'verify-ca', PGSSLROOTCERT: join(dir, 'ca.crt') } : { PGSSLMODE: 'disable' }),
    PGCONNECT_TIMEOUT: '5',
  });
  const psql = (sql: string, as?: PgCredentials): Promise<RunResult> =>
    // -X: no psqlrc; -w: never prompt; CSV without headers: the one unambiguous output format
    // (values may hold newlines, and psql puts a bare newline between statements' results).
    run(join(bin.dir, 'psql'), ['-X', '-w', '-q', '--csv', '-t', '-v', 'ON_ERROR_STOP=1'], {
      env: env(as),
      input: sql,
    });
  const handle: Postgres = {
    name: 'postgres',
    host: HOST,
    port,
    version: bin.major,
    binDir: bin.dir,
    user: ADMIN,
    password,
    database: 'postgres',
    url: `postgres://${ADMIN}:${password}@${HOST}:${port}/postgres`,
    tls,
    dir,
    resources: life.resources,
    env,
    async query(sql, as) {
      const result = await psql(sql, as);
      if (result.code !== 0) throw new Error(`psql failed (exit ${result.code}): ${result.stderr.trim()}`);
      return parseCsv(result.stdout);
    },
    async canLogin(user, pass, database = 'postgres') {
      const result = await psql('SELECT 1', { user, password: pass, database });
      if (result.code === 0) return true;
      if (/password authentication failed|is not permitted to log in|role .* does not exist/.test(result.stderr)) {
        return false;
      }
      // Connection refused, a missing database…: not an answer about the password.
      throw new Error(`psql as ${user} failed for another reason (exit ${result.code}): ${result.stderr.trim()}`);
    },
    async createUser(user, pass) {
      await handle.query(`CREATE ROLE ${pgIdent(user)} LOGIN PASSWORD ${pgLiteral(pass)};`);
    },
    async logStatements() {
      const from = statSync(logFile).size;
      await handle.query("ALTER SYSTEM SET log_statement = 'all'; SELECT pg_reload_conf();");
      return () => readFileSync(logFile).subarray(from).toString('utf8');
    },
    stop: () => life.stop(),
  };
  return handle;
}

