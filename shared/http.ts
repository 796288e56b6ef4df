import type { IncomingMessage } from 'node:http';
import { routeFor, withoutCredentials, type Route } from './http-proxy.ts';

/**
 * A small fetch-compatible client over node:http(s), for every outbound HTTP request of the suite:
 * GitHub API calls, cloud token exchanges, Vault, health checks. Node's global fetch loads undici
 * and compiles its WebAssembly HTTP parser: about 25 MiB of a 55 MiB memory budget, for a few JSON
 * requests. This keeps fetch's contract where callers rely on it (network failures reject with
 * TypeError('fetch failed', { cause }), an abort rejects with the signal's reason) and reads the
 * whole body up front, up to a limit.
 *
 * - **Proxies**: every request goes through the proxy HTTPS_PROXY / HTTP_PROXY name, unless
 *   NO_PROXY bypasses it (http-proxy.ts).
 * - **Redirects**: `follow` (default) follows up to 5; on a hop to another origin only the
 *   CORS-safelisted request headers (and the user agent) go along, so no token, cookie, Vault
 *   token, signature or other custom header reaches the new host. With `sameOriginRedirects`, only
 *   redirects that stay on the request's origin are followed (health checks: a health endpoint must
 *   not send the check to another host); `error` refuses every redirect; `manual` returns the
 *   redirect response. A refused redirect rejects with a TypeError whose cause has the code
 *   ERR_REDIRECT_REFUSED, which the retry policy does not retry.
 */

export interface HttpInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array | null;
  signal?: AbortSignal | null;
  redirect?: 'follow' | 'manual' | 'error';
  /** With `redirect: 'follow'`: follow only redirects within the request's origin; refuse the others. */
  sameOriginRedirects?: boolean;
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
  /**
   * The buffered body as one chunk, async-iterable like fetch's `Response.body`: what octokit
   * hands over as `data` with `request: { parseSuccessResponseBody: false }`, for callers that
   * read only a few fields of a large answer (report-metrics' run lists) instead of parsing it.
   */
  readonly body: AsyncIterable<Uint8Array> | null;
  text(): Promise<string>;
  json(): Promise<unknown>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export type Fetch = (input: string | URL, init?: HttpInit) => Promise<HttpResponse>;

/** The `code` of the cause of a refused redirect (`error`, `sameOriginRedirects`, or too many hops). */
export const REDIRECT_REFUSED = 'ERR_REDIRECT_REFUSED';

const MAX_REDIRECTS = 5;
const DEFAULT_MAX_BODY = 50 * 1024 * 1024;
/**
 * Request headers that may follow a redirect to another origin: the fetch standard's
 * CORS-safelisted request headers (https://fetch.spec.whatwg.org/#cors-safelisted-request-header)
 * and the user agent, which is not a credential. Everything else — Authorization, Cookie,
 * X-Vault-Token, X-Amz-*, Metadata-Flavor… — stays with the origin it was meant for.
 */
const CROSS_ORIGIN_HEADERS = new Set(['accept', 'accept-language', 'content-language', 'content-type', 'range', 'user-agent']);
/** Headers describing a body, dropped when a redirect turns the request into a GET. */
const BODY_HEADERS = new Set(['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location']);

export const httpFetch: Fetch = async (input, init = {}) => {
  let url = new URL(String(input));
  let method = (init.method ?? 'GET').toUpperCase();
  let body = init.body ?? undefined;
  let headers = { ...init.headers };
  const mode = init.redirect ?? 'follow';
  for (let hop = 0; ; hop++) {
    const response = await once(url, method, headers, body, init);
    const location = response.headers.get('location');
    if (!isRedirect(response.status) || !location || mode === 'manual') return hop === 0 ? response : { ...response, redirected: true };
    const next = new URL(location, url);
    if (mode === 'error') throw refused(`unexpected redirect to ${next.origin}`);
    if (init.sameOriginRedirects === true && next.origin !== url.origin) throw refused(`redirect from ${url.origin} to another origin (${next.origin}) not followed`);
    if (hop >= MAX_REDIRECTS) throw refused(`more than ${MAX_REDIRECTS} redirects`);
    if (next.origin !== url.origin) headers = only(headers, (name) => CROSS_ORIGIN_HEADERS.has(name));
    if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
      method = 'GET';
      body = undefined;
      headers = only(headers, (name) => !BODY_HEADERS.has(name));
    }
    url = next;
  }
};

function once(url: URL, method: string, headers: Record<string, string>, body: string | Uint8Array | undefined, init: HttpInit): Promise<HttpResponse> {
  const signal = init.signal ?? undefined;
  if (signal?.aborted) return Promise.reject(signal.reason);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return Promise.reject(new TypeError('fetch failed', { cause: new Error(`unsupported scheme ${url.protocol}`) }));
  let route: Route;
  try {
    route = routeFor(url);
  } catch (error) {
    return Promise.reject(error);
  }
  // Loaded on first use: https (and TLS) only for https URLs.
  const client = process.getBuiltinModule(url.protocol === 'https:' ? 'node:https' : 'node:http') as typeof import('node:http');
  const limit = init.maxBodyBytes ?? DEFAULT_MAX_BODY;
  return new Promise((resolve, reject) => {
    const outgoing = { ...headers };
    if (body !== undefined && !Object.keys(outgoing).some((k) => k.toLowerCase() === 'content-length')) outgoing['content-length'] = String(Buffer.byteLength(body));
    const req = client.request(url, { method, headers: outgoing, agent: route.agent });
    const onAbort = (): void => {
      req.destroy();
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const settle = (): void => signal?.removeEventListener('abort', onAbort);
    req.on('error', (error) => {
      settle();
      reject(new TypeError('fetch failed', { cause: route.proxy ? aboutProxy(error, route.proxy) : error }));
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

/**
 * A failure on the way through the proxy, re-made so that neither its message nor its stack names
 * the proxy's credentials (Node's tunnel errors quote the proxy URL as configured, password included).
 */
function aboutProxy(error: Error, proxy: URL): Error {
  const clean = withoutCredentials(proxy);
  const message = error.message.split(proxy.href).join(clean).split(proxy.href.replace(/\/$/, '')).join(clean);
  const code = (error as { code?: unknown }).code;
  const statusCode = (error as { statusCode?: unknown }).statusCode;
  return Object.assign(new Error(message.includes(clean) ? message : `${message} (through the proxy ${clean})`), {
    ...(code !== undefined ? { code } : {}),
    ...(statusCode !== undefined ? { statusCode } : {}),
    proxy: clean,
  });
}

function refused(message: string): TypeError {
  return new TypeError('fetch failed', { cause: Object.assign(new Error(message), { code: REDIRECT_REFUSED }) });
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
    body: { [Symbol.asyncIterator]: async function* () { yield bytes; } },
    text,
    json: async () => JSON.parse(await text()) as unknown,
    arrayBuffer: () => Promise.resolve(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer),
  };
}

const isRedirect = (status: number): boolean => [301, 302, 303, 307, 308].includes(status);

function only(headers: Record<string, string>, keep: (lowerCaseName: string) => boolean): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => keep(name.toLowerCase())));
}
