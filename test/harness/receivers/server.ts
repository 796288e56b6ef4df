// The plumbing every receiver emulator shares: an HTTP server on 127.0.0.1 (random port) that
// records each request (method, path, query, headers, body) and lets the emulator answer. Tests
// read `requests` to assert on what was sent and give `receivedStrings()` to the leak scanner.
// The Authorization header is where a sink is meant to send its credential (the emulators check
// it), so receivedStrings() shows it as [redacted], as the GitHub emulator's log does: everything
// else a receiver got — path, query, other headers, body — is scanned.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: Buffer;
}

export interface Answer {
  status: number;
  body?: string | Uint8Array;
  headers?: Record<string, string>;
}

export interface ReceiverServer {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  readonly requests: Received[];
  /** Every request as text (headers and body), for the leak scanner. */
  receivedStrings(): Array<{ where: string; text: string }>;
  close(): Promise<void>;
}

/** `handle` answers a request, or returns undefined to leave it hanging (a receiver that never answers). */
export async function startReceiverServer(name: string, handle: (req: Received) => Answer | undefined | Promise<Answer | undefined>): Promise<ReceiverServer> {
  const requests: Received[] = [];
  const hanging = new Set<ServerResponse>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://receiver');
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));
      const received: Received = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers, body: Buffer.concat(chunks) };
      requests.push(received);
      Promise.resolve(handle(received))
        .then((answer) => {
          if (!answer) {
            hanging.add(res);
            return;
          }
          const body = answer.body ?? '';
          res.writeHead(answer.status, { 'content-length': String(Buffer.byteLength(body)), ...answer.headers });
          res.end(body);
        })
        .catch((error: unknown) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(`${name} emulator error: ${error instanceof Error ? error.message : String(error)}`);
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    receivedStrings: () =>
      requests.map((r, i) => ({
        where: `${name} request #${i + 1} ${r.method} ${r.path}`,
        text: `${r.path}?${r.query.toString()}\n${Object.entries(r.headers).map(([k, v]) => `${k}: ${k === 'authorization' ? '[redacted]' : v}`).join('\n')}\n${r.body.toString('utf8')}`,
      })),
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const json = (status: number, value: unknown, headers: Record<string, string> = {}): Answer => ({
  status,
  body: JSON.stringify(value),
  headers: { 'content-type': 'application/json', ...headers },
});
