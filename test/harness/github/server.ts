// HTTP plumbing: listen on loopback, read bodies, send JSON/raw, and tear everything down,
// including connections deliberately left hanging by faults.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export interface Listening {
  url: string;
  /** Aborted when close() starts: hanging handlers and latency sleeps stop waiting. */
  closing: AbortSignal;
  close(): Promise<void>;
}

export async function listen(handler: RequestHandler): Promise<Listening> {
  const stop = new AbortController();
  const server = createServer((req, res) => {
    handler(req, res).catch((err: unknown) => {
      // A bug in the emulator must be visible to the test, not a hung client.
      if (!res.headersSent) {
        sendJson(res, 500, { message: `emulator error: ${err instanceof Error ? err.stack : String(err)}` });
      } else {
        res.destroy();
      }
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    closing: stop.signal,
    close: async () => {
      stop.abort();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
    req.on('aborted', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

export function sendRaw(res: ServerResponse, status: number, text: string, headers: Record<string, string>): void {
  if (res.destroyed) return;
  const body = Buffer.from(text, 'utf8');
  res.writeHead(status, { ...headers, 'content-length': String(body.length) });
  res.end(body);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (status === 204 || status === 304 || body === undefined) {
    if (res.destroyed) return;
    const rest = { ...headers };
    delete rest['content-type'];
    res.writeHead(status, rest);
    res.end();
    return;
  }
  sendRaw(res, status, JSON.stringify(body), { 'content-type': 'application/json; charset=utf-8', ...headers });
}

/** Resolves after `ms`, or as soon as `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}

export function lowerHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

/** Resolves only when `signal` aborts: a response that never comes. */
export function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
