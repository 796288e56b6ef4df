import type { Clock } from '../../../shared/clock.ts';
import { formatDuration } from '../../../shared/log.ts';
import type { Redactor } from '../../../shared/redact.ts';
import type { Session } from './session.ts';
import type { Fetch } from '../../../shared/http.ts';
import { causeChain } from '../../../shared/errors.ts';

/**
 * The health gate: poll a URL until `passes` consecutive checks match the expected status, body
 * regex and JSON values, backing off while it fails, within an overall timeout. The matching is
 * pure (unit-tested table by table); the loop takes its fetch, clock and random as seams.
 */

export interface JsonExpectation {
  /** As written, e.g. `build.version`. */
  path: string;
  keys: string[];
  expected: string;
}

export interface HealthSpec {
  /** Without user-info (credentials go to `headers`). */
  url: URL;
  headers: Record<string, string>;
  statuses: number[];
  body: RegExp | undefined;
  json: JsonExpectation[];
  passes: number;
  intervalMs: number;
  timeoutMs: number;
}

export interface HealthCheck {
  n: number;
  /** Since the gate started. */
  atMs: number;
  status: number | undefined;
  ok: boolean;
  /** 'ok', or what did not match (values quoted and clipped). */
  detail: string;
  durationMs: number;
}

export interface GateResult {
  passed: boolean;
  checks: HealthCheck[];
  consecutive: number;
  elapsedMs: number;
  /** Why it failed. */
  reason: string | undefined;
}

const BODY_LIMIT = 1024 * 1024;
const CHECK_TIMEOUT_MS = 10_000;

// ---------------------------------------------------------------------------------------------
// Expectations

/** `version=abc` → path `version`, expected `abc`. Splits at the first `=`; the path may use `a.b`, `a[0]`, `a.0`, a leading `$.`. */
export function parseJsonExpectation(line: string): JsonExpectation {
  const at = line.indexOf('=');
  const path = line.slice(0, at).trim();
  return { path, keys: parseJsonPath(path), expected: line.slice(at + 1).trim() };
}

export function parseJsonPath(path: string): string[] {
  const body = path.replace(/^\$\.?/, '');
  return [...body.matchAll(/\[(\d+)\]|\[["']([^"']*)["']\]|([^.[\]]+)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

/** The value at `keys`, or `{ found: false }`. */
export function jsonValueAt(doc: unknown, keys: readonly string[]): { found: true; value: unknown } | { found: false } {
  let current: unknown = doc;
  for (const key of keys) {
    if (Array.isArray(current) && /^\d+$/.test(key) && Number(key) < current.length) current = current[Number(key)];
    else if (typeof current === 'object' && current !== null && !Array.isArray(current) && Object.hasOwn(current, key)) {
      current = (current as Record<string, unknown>)[key];
    } else return { found: false };
  }
  return { found: true, value: current };
}

/** How a JSON value compares with the text after `=`: strings as they are, everything else as JSON (`3`, `true`, `null`). */
export function jsonText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value) ?? 'undefined';
}

/** Everything that does not match; empty when the response passes. */
export function evaluateResponse(spec: Pick<HealthSpec, 'statuses' | 'body' | 'json'>, status: number, body: string): string[] {
  const problems: string[] = [];
  if (!spec.statuses.includes(status)) problems.push(`status ${status} (expected ${spec.statuses.join(' or ')})`);
  if (spec.body && !spec.body.test(body)) problems.push(`body does not match ${show(String(spec.body))}`);
  if (spec.json.length > 0) {
    let doc: unknown;
    try {
      doc = JSON.parse(body) as unknown;
    } catch {
      problems.push(`body is not JSON (starts ${show(body.slice(0, 40))})`);
      return problems;
    }
    for (const e of spec.json) {
      const v = jsonValueAt(doc, e.keys);
      if (!v.found) problems.push(`${e.path} is missing (expected ${show(e.expected)})`);
      else if (jsonText(v.value) !== e.expected) problems.push(`${e.path} is ${show(jsonText(v.value))} (expected ${show(e.expected)})`);
    }
  }
  return problems;
}

/** For a rollback: the same expectations, with the failed sha replaced by the sha rolled back to. */
export function retarget<T extends Pick<HealthSpec, 'body' | 'json'>>(spec: T, from: string, to: string): T {
  if (!from || from === to) return spec;
  const swap = (s: string): string => s.split(from).join(to);
  return {
    ...spec,
    body: spec.body ? new RegExp(swap(spec.body.source), spec.body.flags) : undefined,
    json: spec.json.map((e) => ({ ...e, expected: swap(e.expected) })),
  };
}

/** Quoted, clipped and on one line: response text is untrusted. */
export function show(value: string, max = 80): string {
  return JSON.stringify(value.length > max ? `${value.slice(0, max)}…` : value);
}

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
  const signals = [AbortSignal.timeout(timeoutMs), ...(deps.signal ? [deps.signal] : [])];
  const done = (status: number | undefined, problems: string[]): HealthCheck => ({
    n,
    atMs: at - gateStart,
    status,
    ok: problems.length === 0,
    detail: problems.length === 0 ? 'ok' : problems.join('; '),
    durationMs: deps.clock.now() - at,
  });
  try {
    const response = await deps.fetch(spec.url, {
      headers: { accept: 'application/json, text/plain;q=0.9, */*;q=0.5', 'user-agent': 'actions-suite-deploy-health', ...spec.headers },
      signal: AbortSignal.any(signals),
      redirect: 'follow',
      maxBodyBytes: BODY_LIMIT,
    });
    const body = await response.text();
    return done(response.status, evaluateResponse(spec, response.status, body));
  } catch (error) {
    deps.signal?.throwIfAborted();
    return done(undefined, [describeFailure(error, timeoutMs)]);
  }
}

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
    if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'connection reset';
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `host not found (${code})`;
    if (typeof code === 'string') return `network error ${code}`;
  }
  const first = chain[0];
  return `request failed (${first instanceof Error ? first.name : typeof first})`;
}

// ---------------------------------------------------------------------------------------------

/** Builds the gate's spec from inputs; credentials in the URL become a Basic header and are registered as secrets. */
export function healthSpec(
  s: {
    healthUrl: URL;
    healthStatus: readonly string[];
    healthBody: string | undefined;
    healthJson: readonly string[] | undefined;
    healthPasses: number;
    healthInterval: number;
    healthTimeout: number;
  },
  redactor: Redactor,
): HealthSpec {
  const url = new URL(s.healthUrl.href);
  const headers: Record<string, string> = {};
  if (url.username || url.password) {
    const user = decodeURIComponent(url.username);
    const password = decodeURIComponent(url.password);
    if (password) redactor.add(password);
    const basic = Buffer.from(`${user}:${password}`).toString('base64');
    redactor.add(basic);
    headers['authorization'] = `Basic ${basic}`;
    url.username = '';
    url.password = '';
  }
  return {
    url,
    headers,
    statuses: s.healthStatus.map(Number),
    body: s.healthBody === undefined ? undefined : new RegExp(s.healthBody),
    json: (s.healthJson ?? []).map(parseJsonExpectation),
    passes: s.healthPasses,
    intervalMs: s.healthInterval,
    timeoutMs: s.healthTimeout,
  };
}

/** The URL as it may be printed: no user-info, no query, no fragment. */
export function printableUrl(url: URL): string {
  return `${url.origin}${url.pathname}${url.search ? '?…' : ''}`;
}

// ---------------------------------------------------------------------------------------------
// Step

/** Runs a gate as a phase of the report (its checks go to the summary). */
export async function gate(s: Session, label: string, spec: HealthSpec): Promise<GateResult> {
  s.ctx.log.info(`${label}: ${printableUrl(spec.url)} — ${spec.passes} consecutive passes, every ${formatDuration(spec.intervalMs)}, within ${formatDuration(spec.timeoutMs)}`);
  const result = await s.report.phase(
    label,
    () => runHealthGate(spec, { fetch: s.fetch, clock: s.clock, random: s.random, signal: s.ctx.signal, log: (line) => s.ctx.log.info(line) }),
    (r) => r.passed,
  );
  s.report.gate(label, spec, result);
  s.report.note(label, result.passed ? `${result.consecutive}/${spec.passes} consecutive passes, ${result.checks.length} checks` : (result.reason ?? 'failed'));
  return result;
}
