import type { Clock } from '../../../shared/clock.ts';
import { causeChain } from '../../../shared/errors.ts';
import type { Fetch, HttpResponse } from '../../../shared/http.ts';
import { formatDuration } from '../../../shared/log.ts';
import { evaluateResponse, printableUrl, type GateResult, type HealthCheck } from './health-check.ts';
import type { HealthSpec } from './health-spec.ts';
import type { DeployRun } from './run-context.ts';

/**
 * The health gate: poll a URL until `passes` consecutive checks match the expected status, body
 * regex and JSON values, backing off while it fails, within an overall timeout. The matching is
 * pure (health-check.ts); the loop takes its fetch, clock and random as seams.
 *
 * Redirects: by default a check follows only redirects to the same origin — a health endpoint that
 * sends the check to another host (a link-local metadata service, an internal admin page) is a
 * failed check, not a request deploy makes for it. `health-follow-redirects: any` follows them all
 * (credentials are never sent to another origin), `none` judges the redirect itself.
 */

const BODY_LIMIT = 1024 * 1024;
const CHECK_TIMEOUT_MS = 10_000;
const MAX_REDIRECTS = 5;

// ---------------------------------------------------------------------------------------------
// Pacing

/** The delay's ceiling after `failStreak` failures in a row: interval doubling, at most 8× the interval and 30 s. */
export function healthDelayCap(intervalMs: number, failStreak: number): number {
  const ceiling = Math.max(intervalMs, Math.min(intervalMs * 8, 30_000));
  return Math.min(ceiling, intervalMs * 2 ** Math.max(0, failStreak - 1));
}

/** The wait before the next check: the interval after a pass; after failures, backoff with equal jitter, never below the interval. */
export function healthDelay(intervalMs: number, failStreak: number, random: () => number = Math.random): number {
  if (failStreak <= 0) return intervalMs;
  const cap = healthDelayCap(intervalMs, failStreak);
  const r = Math.min(1, Math.max(0, random()));
  return Math.max(intervalMs, Math.round(cap / 2 + (r * cap) / 2));
}

// ---------------------------------------------------------------------------------------------
// The gate

export interface GateDeps {
  fetch: Fetch;
  clock: Clock;
  random?: () => number;
  signal?: AbortSignal;
  log?: (line: string) => void;
}

export async function runHealthGate(spec: HealthSpec, deps: GateDeps): Promise<GateResult> {
  const { clock, signal } = deps;
  const random = deps.random ?? Math.random;
  const log = deps.log ?? (() => undefined);
  const started = clock.now();
  const deadline = started + spec.timeoutMs;
  const checks: HealthCheck[] = [];
  let consecutive = 0;
  let failStreak = 0;
  for (;;) {
    signal?.throwIfAborted();
    const check = await checkOnce(spec, deps, checks.length + 1, started, Math.min(CHECK_TIMEOUT_MS, Math.max(1000, deadline - clock.now())));
    checks.push(check);
    if (check.ok) {
      consecutive++;
      failStreak = 0;
    } else {
      consecutive = 0;
      failStreak++;
    }
    log(`health check ${check.n}: ${check.status === undefined ? 'no response' : `HTTP ${check.status}`} ${check.ok ? `ok (${consecutive}/${spec.passes})` : `— ${check.detail}`}`);
    if (consecutive >= spec.passes) {
      return { passed: true, checks, consecutive, elapsedMs: clock.now() - started, reason: undefined };
    }
    const remaining = deadline - clock.now();
    if (remaining <= 0) {
      const last = checks.at(-1);
      const reason =
        `${consecutive} of ${spec.passes} consecutive passes when health-timeout (${formatDuration(spec.timeoutMs)}) ran out after ${checks.length} check${checks.length === 1 ? '' : 's'}` +
        (last && !last.ok ? `; last check: ${last.detail}` : '');
      return { passed: false, checks, consecutive, elapsedMs: clock.now() - started, reason };
    }
    await clock.sleep(Math.min(remaining, check.ok ? spec.intervalMs : healthDelay(spec.intervalMs, failStreak, random)), signal);
  }
}

async function checkOnce(spec: HealthSpec, deps: GateDeps, n: number, gateStart: number, timeoutMs: number): Promise<HealthCheck> {
  const at = deps.clock.now();
  const signal = AbortSignal.any([AbortSignal.timeout(timeoutMs), ...(deps.signal ? [deps.signal] : [])]);
  const done = (status: number | undefined, problems: string[]): HealthCheck => ({
    n,
    atMs: at - gateStart,
    status,
    ok: problems.length === 0,
    detail: problems.length === 0 ? 'ok' : problems.join('; '),
    durationMs: deps.clock.now() - at,
  });
  try {
    const answer = await request(spec, deps.fetch, signal);
    if ('refused' in answer) return done(answer.status, [answer.refused]);
    const body = await answer.response.text();
    return done(answer.response.status, evaluateResponse(spec, { status: answer.response.status, body, type: answer.response.headers.get('content-type') }));
  } catch (error) {
    deps.signal?.throwIfAborted();
    return done(undefined, [describeFailure(error, timeoutMs)]);
  }
}

/** One check's request, following redirects as `spec.redirects` allows. */
async function request(spec: HealthSpec, fetch: Fetch, signal: AbortSignal): Promise<{ response: HttpResponse } | { refused: string; status: number }> {
  const init = {
    headers: { accept: 'application/json, text/plain;q=0.9, */*;q=0.5', 'user-agent': 'actions-suite-deploy-health', ...spec.headers },
    signal,
    maxBodyBytes: BODY_LIMIT,
  };
  if (spec.redirects === 'any') return { response: await fetch(spec.url, { ...init, redirect: 'follow' }) };
  let url = spec.url;
  for (let hop = 0; ; hop++) {
    const response = await fetch(url, { ...init, redirect: 'manual' });
    const location = response.headers.get('location');
    if (spec.redirects === 'none' || !isRedirect(response.status) || location === null) return { response };
    let next: URL;
    try {
      next = new URL(location, url);
    } catch {
      return { refused: `redirected to a location that is not a URL, not followed`, status: response.status };
    }
    if (next.origin !== url.origin) {
      return { refused: `redirected to another origin (${next.protocol}//${next.host}), not followed (health-follow-redirects: same-origin)`, status: response.status };
    }
    if (hop >= MAX_REDIRECTS) return { refused: `more than ${MAX_REDIRECTS} redirects`, status: response.status };
    url = next;
  }
}

const isRedirect = (status: number): boolean => [301, 302, 303, 307, 308].includes(status);

/** A network failure in words, without the URL (it may carry a query the user would rather not print). */
export function describeFailure(error: unknown, timeoutMs: number): string {
  const chain = causeChain(error);
  for (const e of chain) {
    const name = (e as { name?: unknown }).name;
    if (name === 'TimeoutError') return `no answer within ${formatDuration(timeoutMs)}`;
  }
  for (const e of chain) {
    const code = (e as { code?: unknown }).code;
    if (code === 'ECONNREFUSED') return 'connection refused';
    if (code === 'ECONNRESET') return 'connection reset';
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `host not found (${code})`;
    if (typeof code === 'string' && /^[A-Z_]{2,40}$/.test(code)) return `network error ${code}`;
  }
  const first = chain[0];
  return `request failed (${first instanceof Error ? first.name : typeof first})`;
}

// ---------------------------------------------------------------------------------------------
// Step

/** Runs a gate as a phase of the summary (its checks go there too); the phase fails when the gate does. */
export async function gate(run: DeployRun, label: string, spec: HealthSpec): Promise<GateResult> {
  const { summary, ctx } = run;
  ctx.log.info(`${label}: ${printableUrl(spec.url)} — ${spec.passes} consecutive passes, every ${formatDuration(spec.intervalMs)}, within ${formatDuration(spec.timeoutMs)}`);
  const result = await summary.phase(
    label,
    () => runHealthGate(spec, { fetch: run.fetch, clock: run.clock, random: run.random, signal: ctx.signal, log: (line) => ctx.log.info(line) }),
    (r) => r.passed,
  );
  summary.gate(label, spec, result);
  summary.note(label, result.passed ? `${result.consecutive}/${spec.passes} consecutive passes, ${result.checks.length} checks` : (result.reason ?? 'failed'));
  return result;
}
