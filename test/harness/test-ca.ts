// A throw-away certificate authority made with the openssl CLI, for TLS servers on 127.0.0.1: tests
// give its certificate to the client (NODE_EXTRA_CA_CERTS for a bundle, `ca` in process), so TLS is
// verified for real, host names included — nothing turns verification off. Also a TLS front that
// terminates TLS for a host name and forwards the plain bytes to a local port (an emulator that
// speaks only http becomes https://NAME through it).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, isIP, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';

export interface TestCa {
  /** PEM file of the CA certificate (for NODE_EXTRA_CA_CERTS). */
  caFile: string;
  caPem: string;
  /** A server certificate and key for these names (DNS names or IP addresses), signed by the CA. */
  issue(names: string[]): { cert: string; key: string };
  /** Removes the CA's directory. */
  remove(): void;
}

export function createTestCa(): TestCa {
  const dir = mkdtempSync(join(tmpdir(), 'test-ca-'));
  const openssl = (args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  };
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=actions-suite test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  let serial = 0;
  return {
    caFile: join(dir, 'ca.pem'),
    caPem: readFileSync(join(dir, 'ca.pem'), 'utf8'),
    issue(names) {
      const n = ++serial;
      const san = names.map((name) => (isIP(name) ? `IP:${name}` : `DNS:${name}`)).join(',');
      writeFileSync(join(dir, `leaf${n}.ext`), `subjectAltName=${san}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`);
      openssl(['req', '-new', ...ec, '-keyout', `leaf${n}.key`, '-out', `leaf${n}.csr`, '-subj', `/CN=${names[0] ?? 'localhost'}`]);
      openssl(['x509', '-req', '-in', `leaf${n}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-set_serial', String(1000 + n),
        '-out', `leaf${n}.pem`, '-days', '2', '-extfile', `leaf${n}.ext`]);
      return { cert: readFileSync(join(dir, `leaf${n}.pem`), 'utf8'), key: readFileSync(join(dir, `leaf${n}.key`), 'utf8') };
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface TlsFront {
  /** The local port the front listens on (127.0.0.1). */
  port: number;
  /** TLS connections accepted so far. */
  readonly connections: number;
  close(): Promise<void>;
}

/** Terminates TLS with `identity` and pipes each connection to 127.0.0.1:`targetPort`. */
export async function startTlsFront(identity: { cert: string; key: string }, targetPort: number): Promise<TlsFront> {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createTlsServer(identity, (client: TLSSocket) => {
    connections++;
    const upstream = connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  return {
    port: (server.address() as AddressInfo).port,
    get connections() {
      return connections;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
