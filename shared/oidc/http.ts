import * as core from '@actions/core';
import { messageOf } from '../errors.ts';
import { httpFetch, type HttpHeaders } from '../http.ts';
import { classify, parseRetryAfter, withRetry, type RetryContext, type Verdict } from '../retry.ts';
import type { CallDeps } from './types.ts';
import { inert } from '../log.ts';

/**
 * HTTP plumbing for the cloud calls (the OIDC token request, the four exchanges, the Vault and
 * Secrets Manager clients): one fetch with a per-attempt timeout, errors that carry a status and a
 * cloud error code but never a body or a header value, and the retry classification they share.
 */

export const DEFAULT_TIMEOUT_MS = 30_000;

export interface HttpResponse {
  status: number;
  headers: HttpHeaders;
  text: string;
}

/**
 * A cloud answered with an error. The message is built by the caller from the cloud's own error
 * text (never a token, which the redactor scrubs anyway); `retryable` says what the classifier does.
 */
export class CloudServiceError extends Error {
  override readonly name = 'CloudServiceError';
  readonly status: number;
  /** The cloud's error code (`AccessDenied`, `invalid_grant`, `AADSTS70021`…), when it gave one. */
  readonly code: string | undefined;
  readonly requestId: string | undefined;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(
    message: string,
    details: { status: number; code?: string; requestId?: string; retryable: boolean; retryAfterMs?: number },
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
    this.status = details.status;
    this.code = details.code;
    this.requestId = details.requestId;
    this.retryable = details.retryable;
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** One attempt: fetch with the caller's signal and a per-attempt timeout; the body read as text. */
export async function httpRequest(
  url: string | URL,
  init: { method: string; headers?: Record<string, string>; body?: string },
  deps: Pick<CallDeps, 'fetch' | 'signal' | 'timeoutMs'>,
): Promise<HttpResponse> {
  const doFetch = deps.fetch ?? httpFetch;
  const timeout = AbortSignal.timeout(deps.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const signal = deps.signal ? AbortSignal.any([deps.signal, timeout]) : timeout;
  const res = await doFetch(url, { method: init.method, ...(init.headers ? { headers: init.headers } : {}), ...(init.body === undefined ? {} : { body: init.body }), signal, redirect: 'error' });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text };
}

/** Statuses worth another attempt whatever the cloud says: throttling and server-side trouble. */
export function isTransientStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505);
}

/** The wait a 429/503 asked for, if it said. */
export function retryAfterOf(res: HttpResponse, now: number): number | undefined {
  const value = res.headers.get('retry-after');
  return value === null ? undefined : parseRetryAfter(value, now);
}

/** Parses JSON, or undefined (HTML error pages, truncated bodies). */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string field of a parsed body, or undefined. */
export function str(value: unknown, key: string): string | undefined {
  const v = isRecord(value) ? value[key] : undefined;
  return typeof v === 'string' ? v : undefined;
}

/**
 * The classifier of every cloud call: CloudServiceError by its own verdict; then the shared one
 * (network errors, timeouts, TransientError, UserError/InputError); and any other TypeError thrown
 * around a request as transient — the toolkit's `getIDToken` throws one that succeeds on rerun
 * (actions/toolkit #1441), and fetch reports network trouble as TypeError. TLS errors, refused
 * redirects and a proxy's refusal stay final.
 */
export function cloudVerdict(error: unknown, context: RetryContext): Verdict {
  if (error instanceof CloudServiceError) {
    const reason = error.code ? `${error.code}, status ${error.status}` : `status ${error.status}`;
    return {
      retry: error.retryable,
      reason,
      status: error.status,
      ...(error.requestId ? { requestId: error.requestId } : {}),
      ...(error.retryable && error.retryAfterMs !== undefined ? { waitMs: error.retryAfterMs } : {}),
    };
  }
  // Redirects are refused (a token must not follow one to another host): a configuration problem, not a glitch.
  if (error instanceof TypeError && /redirect/i.test(messageOf(error.cause ?? ''))) return { retry: false, reason: 'unexpected redirect' };
  const verdict = classify(error, { now: context.now });
  // A TypeError the shared classifier knows (TLS, a refused redirect, a proxy's refusal) keeps its verdict.
  if (!verdict.retry && error instanceof TypeError && verdict.reason.startsWith('not a transient failure')) {
    return { retry: true, reason: `TypeError (${firstLine(messageOf(error))})` };
  }
  return verdict;
}

/** withRetry with the cloud classifier and the deps' clock, policy, signal, stats and log. */
export function retrying<T>(label: string, deps: CallDeps, fn: (attempt: number) => Promise<T>): Promise<T> {
  const log = deps.log;
  return withRetry(label, fn, {
    shouldRetry: cloudVerdict,
    ...(deps.retry ? { policy: deps.retry } : {}),
    ...(deps.clock ? { clock: deps.clock } : {}),
    ...(deps.random ? { random: deps.random } : {}),
    ...(deps.signal ? { signal: deps.signal } : {}),
    ...(deps.stats ? { stats: deps.stats } : {}),
    log: (line) => (log ? log.info(line) : core.info(inert(deps.redactor.scrub(line)))),
  });
}

/** The first line, at most 200 characters, for messages built from a cloud's error text. */
export function firstLine(text: string): string {
  const line = (text.split('\n')[0] ?? '').trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

/** A short, safe description of an unexpected body: its length and content type, never its text. */
export function describeBody(res: HttpResponse): string {
  const type = res.headers.get('content-type')?.split(';')[0] ?? 'no content type';
  return `${res.text.length} bytes of ${type}`;
}
