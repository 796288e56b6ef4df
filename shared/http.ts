import type { IncomingMessage } from 'node:http';

/**
 * A small fetch-compatible client over node:http(s), for GitHub API calls and health checks.
 * Node's global fetch loads undici and compiles its WebAssembly HTTP parser: about 25 MiB of a
 * 55 MiB memory budget, for a few JSON requests. This keeps fetch's contract where callers rely on
 * it (network failures reject with TypeError('fetch failed', { cause }), an abort rejects with the
 * signal's reason, redirects are followed) and reads the whole body up front, up to a limit.
 */

export interface HttpInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array | null;
  signal?: AbortSignal | null;
  redirect?: 'follow' | 'manual' | 'error';
  /** Bytes of body kept; the rest is discarded and the connection closed. Default 50 MiB. */
  maxBodyBytes?: number;
}

export interface HttpHeaders extends Iterable<[string, string]> {
  get(name: string): string | null;
}

export interface HttpResponse {
  readonly status: number;
  readonly statusText: string;
  readonly ok: boolean;
  readonly url: string;
  readonly headers: HttpHeaders;
  readonly redirected: boolean;
  text(): Promise<string>;
  json(): Promise<unknown>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export type Fetch = (input: string | URL, init?: HttpInit) => Promise<HttpResponse>;

const MAX_REDIRECTS = 5;
const DEFAULT_MAX_BODY = 50 * 1024 * 1024;

export const httpFetch: Fetch = async (input, init = {}) => {
  let url = new URL(String(input));
  let method = (init.method ?? 'GET').toUpperCase();
  let body = init.body ?? undefined;
  let headers = { ...init.headers };
  for (let hop = 0; ; hop++) {
    const response = await once(url, method, headers, body, init);
    const location = response.headers.get('location');
    if (!isRedirect(response.status) || !location || init.redirect === 'manual') return hop === 0 ? response : { ...response, redirected: true };
    if (init.redirect === 'error') throw new TypeError('fetch failed', { cause: new Error(`unexpected redirect to ${new URL(location, url).origin}`) });
    if (hop >= MAX_REDIRECTS) throw new TypeError('fetch failed', { cause: new Error('too many redirects') });
    const next = new URL(location, url);
    // Credentials never follow a redirect to another origin (fetch drops Authorization likewise).
    if (next.origin !== url.origin) headers = withoutAuthorization(headers);
    if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
      method = 'GET';
      body = undefined;
    }
    url = next;
  }
};

function once(url: URL, method: string, headers: Record<string, string>, body: string | Uint8Array | undefined, init: HttpInit): Promise<HttpResponse> {
  const signal = init.signal ?? undefined;
  if (signal?.aborted) return Promise.reject(signal.reason);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return Promise.reject(new TypeError('fetch failed', { cause: new Error(`unsupported scheme ${url.protocol}`) }));
  // Loaded on first use: https (and TLS) only for https URLs.
  const client = process.getBuiltinModule(url.protocol === 'https:' ? 'node:https' : 'node:http') as typeof import('node:http');
  const limit = init.maxBodyBytes ?? DEFAULT_MAX_BODY;
  return new Promise((resolve, reject) => {
    const outgoing = { ...headers };
    if (body !== undefined && !Object.keys(outgoing).some((k) => k.toLowerCase() === 'content-length')) outgoing['content-length'] = String(Buffer.byteLength(body));
    const req = client.request(url, { method, headers: outgoing });
    const onAbort = (): void => {
      req.destroy();
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const settle = (): void => signal?.removeEventListener('abort', onAbort);
    req.on('error', (error) => {
      settle();
      reject(new TypeError('fetch failed', { cause: error }));
    });
    req.on('response', (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let truncated = false;
      res.on('data', (chunk: Buffer) => {
        if (truncated) return;
        const room = limit - size;
        chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
        size += Math.min(chunk.length, room);
        if (size >= limit) {
          truncated = true;
          res.destroy();
        }
      });
      res.on('error', (error) => {
        if (truncated) return;
        settle();
        reject(new TypeError('fetch failed', { cause: error }));
      });
      const finish = (): void => {
        settle();
        resolve(toResponse(url, res, Buffer.concat(chunks)));
      };
      res.on('end', finish);
      res.on('close', () => {
        if (truncated) finish();
        else if (!res.complete) {
          settle();
          reject(new TypeError('fetch failed', { cause: Object.assign(new Error('terminated: the connection closed before the response was complete'), { code: 'ECONNRESET' }) }));
        }
      });
    });
    req.end(body);
  });
}

function toResponse(url: URL, res: IncomingMessage, bytes: Buffer): HttpResponse {
  const pairs: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(res.headers)) {
    if (value !== undefined) pairs.push([name, Array.isArray(value) ? value.join(', ') : value]);
  }
  const lookup = new Map(pairs);
  const status = res.statusCode ?? 0;
  const text = (): Promise<string> => Promise.resolve(bytes.toString('utf8'));
  return {
    status,
    statusText: res.statusMessage ?? '',
    ok: status >= 200 && status < 300,
    url: url.href,
    redirected: false,
    headers: { get: (name) => lookup.get(name.toLowerCase()) ?? null, [Symbol.iterator]: () => pairs[Symbol.iterator]() },
    text,
    json: async () => JSON.parse(await text()) as unknown,
    arrayBuffer: () => Promise.resolve(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer),
  };
}

const isRedirect = (status: number): boolean => [301, 302, 303, 307, 308].includes(status);

function withoutAuthorization(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([k]) => !['authorization', 'cookie', 'proxy-authorization'].includes(k.toLowerCase())));
}
