import type { HealthSpec } from './health-spec.ts';

/**
 * One health check: how an answer is judged against the gate's expectations (health-spec.ts), and
 * what a check found. Pure. Whatever the endpoint answers is untrusted: it is described — content
 * type, size, a short sanitised excerpt — never echoed as it came.
 */

export interface HealthCheck {
  readonly n: number;
  /** Since the gate started. */
  readonly atMs: number;
  readonly status: number | undefined;
  readonly ok: boolean;
  /** 'ok', or what did not match (answer text described, never echoed). */
  readonly detail: string;
  readonly durationMs: number;
}

export interface GateResult {
  readonly passed: boolean;
  readonly checks: readonly HealthCheck[];
  readonly consecutive: number;
  readonly elapsedMs: number;
  /** Why it failed. */
  readonly reason: string | undefined;
}

// ---------------------------------------------------------------------------------------------
// JSON values

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
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? 'undefined');
}

// ---------------------------------------------------------------------------------------------
// Judging an answer

export interface Answer {
  readonly status: number;
  readonly body: string;
  /** The Content-Type header, if any. */
  readonly type: string | null;
}

/** Everything that does not match; empty when the answer passes. */
export function evaluateResponse(spec: Pick<HealthSpec, 'statuses' | 'body' | 'json'>, answer: Answer): string[] {
  const problems: string[] = [];
  if (!spec.statuses.includes(answer.status)) problems.push(`status ${answer.status} (expected ${spec.statuses.join(' or ')})`);
  if (spec.body && !spec.body.test(answer.body)) problems.push(`body does not match ${JSON.stringify(String(spec.body))} (${describeBody(answer)})`);
  if (spec.json.length > 0) {
    let doc: unknown;
    try {
      doc = JSON.parse(answer.body) as unknown;
    } catch {
      problems.push(`body is not JSON (${describeBody(answer)})`);
      return problems;
    }
    for (const e of spec.json) {
      const v = jsonValueAt(doc, e.keys);
      if (!v.found) problems.push(`${e.path} is missing (expected ${JSON.stringify(e.expected)})`);
      else if (jsonText(v.value) !== e.expected) problems.push(`${e.path} is ${excerpt(jsonText(v.value))} (expected ${JSON.stringify(e.expected)})`);
    }
  }
  return problems;
}

/** For a rollback: the same expectations, with the failed sha replaced by the sha rolled back to. */
export function retarget(spec: HealthSpec, from: string, to: string): HealthSpec {
  if (!from || from === to) return spec;
  const swap = (text: string): string => text.split(from).join(to);
  return {
    ...spec,
    body: spec.body ? new RegExp(swap(spec.body.source), spec.body.flags) : undefined,
    json: spec.json.map((e) => ({ ...e, expected: swap(e.expected) })),
  };
}

// ---------------------------------------------------------------------------------------------
// Describing untrusted text

const EXCERPT_LENGTH = 40;

/**
 * A short, quoted, single-line excerpt of untrusted text: printable ASCII only, with `#`, `[`, `\`
 * and backticks replaced by `·`, so no excerpt can form a workflow command (`##[…]` is honoured
 * anywhere in a line) or a code span. Longer text says how long it was.
 */
export function excerpt(text: string, max = EXCERPT_LENGTH): string {
  const clean = text.slice(0, max).replace(/[^\x20-\x7e]|[#[\\`]/g, '·');
  return text.length > max ? `${JSON.stringify(`${clean}…`)} (${text.length} characters)` : JSON.stringify(clean);
}

/** `text/html, 2,048 bytes: "<!DOCTYPE html>…"` — what came back, described. */
export function describeBody(answer: Pick<Answer, 'body' | 'type'>): string {
  const type = (answer.type ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const kind = /^[\w.+-]+\/[\w.+-]+$/.test(type) ? type : 'no content type';
  if (answer.body.length === 0) return `${kind}, empty`;
  return `${kind}, ${Buffer.byteLength(answer.body).toLocaleString('en-US')} bytes: ${excerpt(answer.body)}`;
}

/** The URL as it may be printed: no user-info, no query, no fragment. */
export function printableUrl(url: URL): string {
  return `${url.origin}${url.pathname}${url.search ? '?…' : ''}`;
}
