/**
 * A TCP proxy in front of MariaDB/MySQL that sees every statement clients send (COM_QUERY packets,
 * https://mariadb.com/kb/en/com_query/) and can hold them: from the Nth statement on, nothing more
 * reaches the server — what a process killed between two statements leaves behind. Tests point a
 * connection URL at `port` instead of the server's, wait for `held()`, and kill the client.
 *
 * Packets are read from the client side only: 3-byte length, sequence id, payload. A command is a
 * packet with sequence id 0 (the handshake answer and authentication packets have others); COM_QUERY
 * is command byte 0x03 followed by the statement text.
 */
import { createConnection, createServer, type Socket } from 'node:net';
import { HOST } from './net.ts';

export interface StatementProxy {
  readonly port: number;
  /** Every statement received, in order, across connections (held ones included). */
  readonly statements: string[];
  /** Holds statement `n` (1-based, counted from the proxy's start) and everything after it. */
  holdFrom(n: number): void;
  /** True once a statement was held. */
  held(): boolean;
  /** Forwards again (new statements only; held connections stay frozen). */
  clear(): void;
  close(): Promise<void>;
}

const COM_QUERY = 0x03;

export async function startStatementProxy(upstreamPort: number): Promise<StatementProxy> {
  const statements: string[] = [];
  let holdFrom = Number.POSITIVE_INFINITY;
  let held = false;
  const sockets = new Set<Socket>();

  const server = createServer((client) => {
    const upstream = createConnection({ host: HOST, port: upstreamPort });
    sockets.add(client).add(upstream);
    let buffer = Buffer.alloc(0);
    let frozen = false;
    const drop = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop);
    upstream.on('error', drop);
    client.on('close', () => upstream.end());
    upstream.on('close', () => client.end());
    upstream.on('data', (chunk) => {
      if (!frozen) client.write(chunk);
    });
    client.on('data', (chunk: Buffer) => {
      if (frozen) return;
      buffer = Buffer.concat([buffer, chunk]);
      while (buffer.length >= 4) {
        const length = buffer.readUIntLE(0, 3);
        if (buffer.length < 4 + length) break;
        const packet = buffer.subarray(0, 4 + length);
        buffer = buffer.subarray(4 + length);
        if (packet[3] === 0 && packet[4] === COM_QUERY) {
          statements.push(packet.subarray(5).toString('utf8'));
          if (statements.length >= holdFrom) {
            held = true;
            frozen = true;
            return;
          }
        }
        upstream.write(packet);
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, HOST, () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the statement proxy has no port');
  return {
    port: address.port,
    statements,
    holdFrom(n) {
      holdFrom = n;
    },
    held: () => held,
    clear() {
      holdFrom = Number.POSITIVE_INFINITY;
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
