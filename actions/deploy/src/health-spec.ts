/**
 * What the health gate expects, as inputs.ts parses `health-*` once: on the start path, so it holds
 * the shapes and their parsers only — judging answers is health-check.ts, polling health.ts.
 */

export interface JsonExpectation {
  /** As written, e.g. `build.version`. */
  readonly path: string;
  readonly keys: readonly string[];
  readonly expected: string;
}

/** Which redirects a check follows: only to the same origin (default), to any host, or none. */
export const REDIRECT_POLICIES = ['same-origin', 'any', 'none'] as const;
export type RedirectPolicy = (typeof REDIRECT_POLICIES)[number];

export interface HealthSpec {
  /** Without user-info (credentials are in `headers`). */
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly statuses: readonly number[];
  readonly body: RegExp | undefined;
  readonly json: readonly JsonExpectation[];
  readonly passes: number;
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly redirects: RedirectPolicy;
}

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
