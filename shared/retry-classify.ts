/**
 * Failure classification (docs/faults.md, "What is retried"; docs/rate-limits.md): is a failure worth retrying, is it safe to re-send,
 * and did the server say how long to wait. Separate from the retry loop so the loop stays about
 * timing and this file stays about what GitHub, undici and Node put on an error.
 */

import { InputError, TransientError, UserError, messageOf } from './errors.ts';
import { RATE_LIMIT_FALLBACK_MS, parseRetryAfter, untilReset } from './retry-after.ts';
import { RetryError } from './retry-error.ts';

export interface Verdict {
  retry: boolean;
  /** Short and log-safe: a status, an error code, a host name — never a body, header value or URL. */
  reason: string;
  /** A wait the server asked for (Retry-After, x-ratelimit-reset, the 60 s secondary-limit floor); replaces backoff. */
  waitMs?: number;
  /** Double `waitMs` on each further retry for the same reason (secondary limit without headers: 60 s, 120 s, …). */
  escalate?: boolean;
  /** Retry this reason at most this many times in one call (a persistent ENOTFOUND: 1). */
  maxRetries?: number;
  /** The failure proves the request was not processed, so even a non-idempotent request may be re-sent. */
  notProcessed?: boolean;
  /** HTTP status, when a response was received. */
  status?: number;
  /** `x-github-request-id`, when the response had one. */
  requestId?: string;
}

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EAI_AGAIN',
  'EPIPE',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
]);
/** Failures that prove nothing reached the server. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'UND_ERR_CONNECT_TIMEOUT',
]);
/** undici codes that are programming errors, not the network. */
const UNDICI_BUGS = new Set([
  'UND_ERR_INVALID_ARG',
  'UND_ERR_NOT_SUPPORTED',
  'UND_ERR_INVALID_RETURN_VALUE',
  'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH',
  'UND_ERR_ABORTED',
]);
const TLS_CODE =
  /^(CERT_|ERR_TLS_|ERR_SSL_|UNABLE_TO_(GET|VERIFY|DECRYPT)|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|HOSTNAME_MISMATCH|INVALID_CA|INVALID_PURPOSE)/;
const SECONDARY_LIMIT = /secondary rate limit|abuse detection/i;

/**
 * What to do about a failure. `now` (ms since epoch) is used to turn an HTTP-date or
 * `x-ratelimit-reset` into a wait.
 */
export function classify(error: unknown, options: { now?: number } = {}): Verdict {
  const now = options.now ?? Date.now();
  if (error instanceof RetryError) {
    return withIds(error, { retry: false, reason: `already retried: ${error.reason}` });
  }
  if (error instanceof InputError || error instanceof UserError) return { retry: false, reason: error.name };
  if (error instanceof TransientError) {
    const wait = error.retryAfterMs;
    return {
      retry: true,
      reason: 'transient error',
      ...(wait !== undefined && Number.isFinite(wait) && wait > 0 ? { waitMs: wait } : {}),
    };
  }

  const status = statusOf(error);
  // octokit reports a transport failure as status 500 with the fetch error as `cause` and no response.
  if (status !== undefined && (isObject(prop(error, 'response')) || prop(error, 'cause') === undefined)) {
    return classifyStatus(error, status, now);
  }
  const network = classifyTransport(error);
  if (network) return network;
  if (status !== undefined) {
    return { retry: false, reason: `request failed before any response (${nameOf(prop(error, 'cause'))})` };
  }
  return { retry: false, reason: `not a transient failure (${nameOf(error)})` };
}

function classifyStatus(error: unknown, status: number, now: number): Verdict {
  const requestId = headerOf(error, 'x-github-request-id');
  const ids = { status, ...(requestId ? { requestId } : {}) };
  if (status === 429 || status === 403) {
    const retryAfter = headerOf(error, 'retry-after');
    const remaining = headerOf(error, 'x-ratelimit-remaining');
    const secondary = SECONDARY_LIMIT.test(messageText(error));
    const primary = remaining?.trim() === '0';
    if (status === 429 || secondary || primary || retryAfter !== undefined) {
      const kind = secondary ? 'secondary rate limit' : primary ? 'primary rate limit exhausted' : 'rate limited';
      const reason = `${kind}, status ${status}`;
      if (retryAfter !== undefined) return { retry: true, reason, waitMs: parseRetryAfter(retryAfter, now), notProcessed: true, ...ids };
      if (primary) {
        return { retry: true, reason, waitMs: untilReset(headerOf(error, 'x-ratelimit-reset'), now), notProcessed: true, ...ids };
      }
      return { retry: true, reason, waitMs: RATE_LIMIT_FALLBACK_MS, escalate: true, notProcessed: true, ...ids };
    }
    return { retry: false, reason: `status ${status}`, ...ids };
  }
  if (status >= 500 && status !== 501 && status !== 505) {
    const retryAfter = headerOf(error, 'retry-after');
    return {
      retry: true,
      reason: `status ${status}`,
      ...(retryAfter !== undefined ? { waitMs: parseRetryAfter(retryAfter, now) } : {}),
      ...ids,
    };
  }
  return { retry: false, reason: `status ${status}`, ...ids };
}

/** Network, DNS, TLS and timeout failures, found anywhere in the `cause` chain. */
function classifyTransport(error: unknown): Verdict | undefined {
  const chain = causesOf(error);
  for (const e of chain) {
    const code = prop(e, 'code');
    if (typeof code === 'string' && TLS_CODE.test(code)) {
      return { retry: false, reason: `TLS certificate error ${code}` };
    }
  }
  for (const e of chain) {
    const code = prop(e, 'code');
    // A redirect the request's policy refused (http.ts): the same answer would come again.
    if (code === 'ERR_REDIRECT_REFUSED') return { retry: false, reason: 'redirect refused' };
    if (code === 'ERR_PROXY_TUNNEL') {
      // The proxy would not open a tunnel: nothing reached the server. 407 means its credentials are wrong.
      const status = prop(e, 'statusCode');
      if (status === 407) return { retry: false, reason: 'the proxy refused its credentials (407 Proxy Authentication Required)' };
      if (typeof status === 'number' && status >= 400 && status < 500) return { retry: false, reason: `the proxy refused the tunnel (status ${status})` };
      return { retry: true, reason: `proxy tunnel failed${typeof status === 'number' ? ` (proxy status ${status})` : ''}`, notProcessed: true };
    }
  }
  for (const e of chain) {
    const code = prop(e, 'code');
    if (typeof code !== 'string') continue;
    if (code === 'ENOTFOUND') {
      const host = hostnameOf(e);
      return { retry: true, reason: `ENOTFOUND${host ? ` ${host}` : ''}`, maxRetries: 1, notProcessed: true };
    }
    if (NETWORK_CODES.has(code) || (code.startsWith('UND_ERR_') && !UNDICI_BUGS.has(code))) {
      return { retry: true, reason: code, ...(NOT_SENT_CODES.has(code) ? { notProcessed: true } : {}) };
    }
  }
  for (const e of chain) {
    const name = prop(e, 'name');
    if (name === 'TimeoutError' || name === 'AbortError') return { retry: true, reason: 'attempt timed out' };
  }
  for (const e of chain) {
    if (e instanceof TypeError && /^(fetch failed|terminated)$/i.test(e.message)) {
      return { retry: true, reason: `network error (${e.message})` };
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Reading what octokit, fetch and undici put on an error

function withIds(error: RetryError, verdict: Verdict): Verdict {
  return {
    ...verdict,
    ...(error.status !== undefined ? { status: error.status } : {}),
    ...(error.requestId !== undefined ? { requestId: error.requestId } : {}),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null;
}

function prop(value: unknown, key: string): unknown {
  return isObject(value) ? value[key] : undefined;
}

function nameOf(value: unknown): string {
  const name = prop(value, 'name');
  return typeof name === 'string' && name !== '' ? name : typeof value;
}

function statusOf(error: unknown): number | undefined {
  for (const candidate of [prop(error, 'status'), prop(prop(error, 'response'), 'status')]) {
    if (typeof candidate === 'number' && Number.isInteger(candidate) && candidate >= 100 && candidate <= 599) {
      return candidate;
    }
  }
  return undefined;
}

/** A response header from an octokit error (`response.headers`, a lower-cased record) or a fetch Headers. */
function headerOf(error: unknown, name: string): string | undefined {
  const headers = prop(prop(error, 'response'), 'headers') ?? prop(error, 'headers');
  // Duck-typed: naming the global Headers would load undici (~7 MiB) on the first failure.
  const get = prop(headers, 'get');
  if (typeof get === 'function') {
    const value: unknown = get.call(headers, name);
    return typeof value === 'string' ? value : undefined;
  }
  if (!isObject(headers)) return undefined;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    if (typeof value === 'string') return value;
    if (typeof value === 'number') return String(value);
  }
  return undefined;
}

/** The error's message plus the response body's `message`, for the secondary-limit test. */
function messageText(error: unknown): string {
  const own = prop(error, 'message');
  const body = prop(prop(prop(error, 'response'), 'data'), 'message');
  return `${typeof own === 'string' ? own : ''}\n${typeof body === 'string' ? body : ''}`;
}

function causesOf(error: unknown): unknown[] {
  const out: unknown[] = [];
  const queue: unknown[] = [error];
  const seen = new Set<unknown>();
  while (queue.length > 0 && out.length < 16) {
    const next = queue.shift();
    if (next === undefined || next === null || seen.has(next)) continue;
    seen.add(next);
    out.push(next);
    queue.push(prop(next, 'cause'));
    if (next instanceof AggregateError) queue.push(...(next.errors as unknown[]));
  }
  return out;
}

function hostnameOf(error: unknown): string | undefined {
  const host = prop(error, 'hostname');
  if (typeof host === 'string' && host !== '') return host;
  const match = /ENOTFOUND\s+([^\s:/]+)/.exec(messageOf(error));
  return match?.[1];
}
