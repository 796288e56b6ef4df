// A real forward proxy on 127.0.0.1 (random port), as a company's egress proxy behaves: plain http
// requests arrive in absolute form and are forwarded; https goes through a CONNECT tunnel that
// carries the client's TLS bytes untouched to the target. Optional Basic credentials (407 without
// them). `hosts` maps names to local ports, so a test can give an action an address only this proxy
// can reach ("api.github.test" does not resolve anywhere): if the request arrived, it came through
// the proxy. Every request and tunnel is logged (target, whether credentials were right), never the
// credentials themselves.
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';

export interface ProxyLogEntry {
  /** 'CONNECT' for a tunnel, else the forwarded request's method. */
  method: string;
  /** host:port for a tunnel, the absolute URL (without query) for a forwarded request. */
  target: string;
  /** Whether the request carried the proxy's credentials (true when the proxy asks for none). */
  authorized: boolean;
  /** The proxy's own answer when it refused (407, 502…); undefined when it forwarded. */
  refused?: number;
}

export interface TestProxyOptions {
  /** Require these Basic credentials (Proxy-Authorization); 407 otherwise. */
  credentials?: { user: string; password: string };
  /** Host name (lower case) → local port. Other hosts are refused with 502 unless `passThrough`. */
  hosts?: Record<string, number>;
  /** Connect to hosts not in `hosts` by their own name and port (default false: 502). */
  passThrough?: boolean;
  /** Host names refused with 403, as a company proxy refuses destinations it does not allow. */
  deny?: string[];
}

export interface TestProxy {
  /** http://127.0.0.1:PORT (without credentials). */
  url: string;
  /** The URL with the credentials, as HTTPS_PROXY would carry them. */
  urlWithCredentials: string;
  readonly log: ProxyLogEntry[];
  close(): Promise<void>;
}

export async function startProxy(opts: TestProxyOptions = {}): Promise<TestProxy> {
  const log: ProxyLogEntry[] = [];
  const sockets = new Set<Socket | Duplex>();
  const expected = opts.credentials
    ? `Basic ${Buffer.from(`${opts.credentials.user}:${opts.credentials.password}`).toString('base64')}`
    : undefined;
  const authorized = (req: IncomingMessage): boolean => expected === undefined || req.headers['proxy-authorization'] === expected;
  const resolve = (host: string, port: number): { host: string; port: number } | undefined => {
    const local = opts.hosts?.[host.toLowerCase()];
    if (local !== undefined) return { host: '127.0.0.1', port: local };
    return opts.passThrough ? { host, port } : undefined;
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end('absolute-form request expected');
      return;
    }
    const entry: ProxyLogEntry = { method: req.method ?? 'GET', target: `${target.origin}${target.pathname}`, authorized: authorized(req) };
    log.push(entry);
    if (!entry.authorized) {
      entry.refused = 407;
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="test proxy"' }).end();
      return;
    }
    const to = resolve(target.hostname, Number(target.port || 80));
    if (!to) {
      entry.refused = 502;
      res.writeHead(502).end(`unknown host ${target.hostname}`);
      return;
    }
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const upstream = request({ host: to.host, port: to.port, method: req.method, path: `${target.pathname}${target.search}`, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });

  server.on('connect', (req: IncomingMessage, client: Duplex, head: Buffer) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    const [host = '', portText = '443'] = splitHostPort(req.url ?? '');
    const entry: ProxyLogEntry = { method: 'CONNECT', target: `${host}:${portText}`, authorized: authorized(req) };
    log.push(entry);
    if (!entry.authorized) {
      entry.refused = 407;
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test proxy"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    if (opts.deny?.includes(host.toLowerCase())) {
      entry.refused = 403;
      client.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const to = resolve(host, Number(portText));
    if (!to) {
      entry.refused = 502;
      client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const upstream = connect(to.port, to.host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => {
      entry.refused = 502;
      if (!client.destroyed) client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n');
    });
  });

  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const userinfo = opts.credentials
    ? `${encodeURIComponent(opts.credentials.user)}:${encodeURIComponent(opts.credentials.password)}@`
    : '';
  return {
    url,
    urlWithCredentials: `http://${userinfo}127.0.0.1:${port}`,
    log,
    close: async () => {
      for (const s of sockets) s.destroy();
      const closed = new Promise<void>((done) => server.close(() => done()));
      server.closeAllConnections();
      await closed;
    },
  };
}

/** "host:443" and "[::1]:443" → [host, port]. */
function splitHostPort(authority: string): [string, string] {
  const match = /^\[?([^\]]*?)\]?:(\d+)$/.exec(authority);
  return match ? [match[1] ?? '', match[2] ?? ''] : [authority, '443'];
}
