/**
 * Certificates for services started in TLS mode, made by the openssl CLI in each test: a CA, and
 * server certificates it signs for the names given. Keys are P-256 (every server here takes them)
 * and live in memory; openssl works in a temp dir that is removed as soon as it is done.
 *
 *   const ca = await makeTestCa();
 *   const pg = await startService('postgres', { tls: await ca.server({ ip: ['127.0.0.1'] }) });
 *   // target-url: `${pg.url}?sslmode=verify-full`, target-ca: ca.cert
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireBinary } from './binaries.ts';
import { run } from './exec.ts';

/** What a service needs to serve TLS (PEM), and the CA its clients trust. */
export interface ServerTls {
  cert: string;
  key: string;
  /** The CA that signed `cert` (the harness's own clients verify the server with it). */
  ca: string;
  /** Refuse plaintext clients (PostgreSQL hostssl only, MariaDB require_secure_transport, Redis without its plaintext port). Default true. */
  required?: boolean;
}

export interface TestCa {
  /** The CA certificate (PEM): what target-ca gets. */
  readonly cert: string;
  /** A certificate and key for a server, signed by this CA, naming these hosts. */
  server(names: { dns?: string[]; ip?: string[] }): Promise<ServerTls>;
}

/** Runs openssl steps in a fresh temp dir holding `files`, and returns the files named in `read`. */
async function openssl(steps: string[][], files: Record<string, string>, read: string[]): Promise<Record<string, string>> {
  const dir = mkdtempSync(join(tmpdir(), 'actions-suite-pki-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text, { mode: 0o600 });
    for (const args of steps) {
      const result = await run(requireBinary('openssl'), args, { cwd: dir });
      if (result.code !== 0) throw new Error(`openssl ${args[0]} exited ${result.code}: ${result.stderr.trim()}`);
    }
    return Object.fromEntries(read.map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const P256 = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

/** A new CA, valid for two days. */
export async function makeTestCa(name = 'actions-suite test CA'): Promise<TestCa> {
  const ca = await openssl(
    [['req', '-x509', ...P256, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', `/CN=${name}`,
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']],
    {},
    ['ca.crt', 'ca.key'],
  );
  let serial = 1000;
  return {
    cert: ca['ca.crt']!,
    async server(names) {
      const san = [...(names.dns ?? []).map((d) => `DNS:${d}`), ...(names.ip ?? []).map((i) => `IP:${i}`)].join(',');
      const out = await openssl(
        [
          ['req', ...P256, '-keyout', 'server.key', '-out', 'server.csr', '-subj', `/CN=${names.dns?.[0] ?? names.ip?.[0] ?? 'server'}`],
          ['x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-set_serial', String(++serial), '-days', '2', '-extfile', 'server.ext', '-out', 'server.crt'],
        ],
        {
          'ca.crt': ca['ca.crt']!,
          'ca.key': ca['ca.key']!,
          'server.ext': `basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=${san}\n`,
        },
        ['server.crt', 'server.key'],
      );
      return { cert: out['server.crt']!, key: out['server.key']!, ca: ca['ca.crt']! };
    },
  };
}
