// A real HTTP service on 127.0.0.1 (random port) standing in for what a deploy script deploys to:
// `POST /deploy` with a version (e.g. a sha) as the body makes it "run" that version, and
// `GET /healthz` answers `{"status":"ok","version":…}` — or 503 for a version marked broken. Tests
// read what was deployed and how often health was checked; nothing is mocked inside the action.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HttpTarget {
  /** http://127.0.0.1:PORT */
  url: string;
  healthUrl: string;
  deployUrl: string;
  /** The version running now (undefined before the first deploy). */
  version: string | undefined;
  /** Every version deployed, in order. */
  readonly deploys: string[];
  /** Requests to /healthz so far. */
  healthChecks: number;
  /** Versions whose /healthz answers 503. */
  readonly broken: Set<string>;
  /** When set, /healthz requires this Basic auth (401 otherwise). */
  basicAuth: { user: string; password: string } | undefined;
  close(): Promise<void>;
}

export async function startHttpTarget(): Promise<HttpTarget> {
  const target: Omit<HttpTarget, 'url' | 'healthUrl' | 'deployUrl' | 'close'> = {
    version: undefined,
    deploys: [],
    healthChecks: 0,
    broken: new Set(),
    basicAuth: undefined,
  };
  const send = (res: ServerResponse, status: number, body: unknown): void => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').replace(/\?.*$/, '');
    if (req.method === 'POST' && path === '/deploy') {
      let body = '';
      for await (const chunk of req) body += String(chunk);
      const version = body.trim();
      if (!version) return send(res, 400, 'no version');
      target.version = version;
      target.deploys.push(version);
      return send(res, 200, `deployed ${version}\n`);
    }
    if (req.method === 'GET' && path === '/healthz') {
      target.healthChecks++;
      if (target.basicAuth) {
        const expected = `Basic ${Buffer.from(`${target.basicAuth.user}:${target.basicAuth.password}`).toString('base64')}`;
        if (req.headers.authorization !== expected) return send(res, 401, { status: 'unauthorized' });
      }
      if (target.version === undefined) return send(res, 503, { status: 'empty' });
      if (target.broken.has(target.version)) return send(res, 503, { status: 'failing', version: target.version });
      return send(res, 200, { status: 'ok', version: target.version, build: { version: target.version } });
    }
    return send(res, 404, 'not found');
  };
  const server = createServer((req, res) => {
    handle(req, res).catch(() => send(res, 500, 'error'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return Object.assign(target, {
    url,
    healthUrl: `${url}/healthz`,
    deployUrl: `${url}/deploy`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
