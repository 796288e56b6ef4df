import * as core from '@actions/core';
import { InputError } from './errors.ts';
import type { Redactor } from './redact.ts';

/**
 * Typed, declarative inputs. Each action lists its inputs once (a Spec); readInputs validates all of
 * them before any side effect and returns a frozen object keyed in camelCase. Each field's `parse`
 * returns the final value the code uses (a URL, a RegExp, numbers, pairs, an action's own objects),
 * so nothing downstream parses a setting again. Defaults live in action.yml only: runAction gives
 * an input that arrived empty its default (shared/input-env.ts), so an empty value here means the
 * input has no default and was not given.
 */

export interface Field<T, R extends boolean = boolean> {
  readonly required: R;
  /** Secret inputs are registered with the redactor the moment they are read, and never echoed. */
  readonly secret: boolean;
  /** The expected form, for error messages and docs. */
  readonly expected: string;
  /**
   * The secret parts of a raw value (e.g. a URL's password), registered with the redactor before
   * `parse` runs, so no error about the value can print them. Default: the whole value when
   * `secret`, else nothing.
   */
  secretsOf?(raw: string): string[];
  parse(raw: string, name: string): T;
}

type Opts<R extends boolean> = { required?: R; secret?: boolean };

function field<T, R extends boolean>(
  expected: string,
  parse: (raw: string, name: string, secret: boolean) => T,
  o: Opts<R>,
  secretsOf?: (raw: string) => string[],
): Field<T, R> {
  const secret = o.secret ?? false;
  const f: Field<T, R> = { required: (o.required ?? false) as R, secret, expected, parse: (raw, name) => parse(raw, name, secret) };
  return secretsOf ? { ...f, secretsOf } : f;
}

const fail = (name: string, raw: string, expected: string, secret: boolean): never => {
  throw new InputError(name, raw, expected, { secret });
};

export const MAX_SECRET_BYTES = 48 * 1024;

export const input = {
  string: <R extends boolean = false>(o: Opts<R> & { pattern?: RegExp; patternText?: string; maxLength?: number } = {}) =>
    field<string, R>(o.patternText ?? 'a string', (raw, name, secret) => {
      if (o.pattern && !o.pattern.test(raw)) fail(name, raw, o.patternText ?? String(o.pattern), secret);
      if (o.maxLength !== undefined && raw.length > o.maxLength) fail(name, raw, `at most ${o.maxLength} characters`, secret);
      return raw;
    }, o),

  secret: <R extends boolean = false>(o: { required?: R } = {}) =>
    field<string, R>('a secret of 4 bytes to 48 KB', (raw, name) => {
      // Masking a 1–3 character value garbles every log line; GitHub caps secrets at 48 KB.
      if (raw.length < 4) fail(name, raw, 'a secret of at least 4 characters (shorter values cannot be masked)', true);
      if (Buffer.byteLength(raw) > MAX_SECRET_BYTES) fail(name, raw, 'at most 48 KB (GitHub\'s limit for a secret)', true);
      return raw;
    }, { ...o, secret: true }),

  boolean: <R extends boolean = false>(o: Opts<R> = {}) =>
    field<boolean, R>('true or false', (raw, name, secret) => {
      if (/^(true|True|TRUE)$/.test(raw)) return true;
      if (/^(false|False|FALSE)$/.test(raw)) return false;
      return fail(name, raw, 'true or false', secret);
    }, o),

  integer: <R extends boolean = false>(o: Opts<R> & { min: number; max: number }) =>
    field<number, R>(`an integer from ${o.min} to ${o.max}`, (raw, name, secret) => {
      const n = /^-?\d+$/.test(raw) ? Number(raw) : Number.NaN;
      if (!Number.isSafeInteger(n) || n < o.min || n > o.max) fail(name, raw, `an integer from ${o.min} to ${o.max}`, secret);
      return n;
    }, o),

  enumOf: <const V extends string, R extends boolean = false>(values: readonly V[], o: Opts<R> = {}) =>
    field<V, R>(`one of ${values.join(', ')}`, (raw, name, secret) => {
      if (!(values as readonly string[]).includes(raw)) fail(name, raw, `one of ${values.join(', ')}`, secret);
      return raw as V;
    }, o),

  /** One item per line (commas also separate unless `lines` is set); blank lines and surrounding spaces dropped. */
  list: <R extends boolean = false>(o: Opts<R> & { lines?: boolean; item?: RegExp; itemText?: string } = {}) =>
    field<string[], R>(o.itemText ? `a list of ${o.itemText}` : 'a list, one item per line', (raw, name, secret) => {
      const items = splitList(raw, o.lines);
      for (const item of items) {
        if (o.item && !o.item.test(item)) fail(name, item, `each item to be ${o.itemText ?? String(o.item)}`, secret);
      }
      return items;
    }, o),

  /** `90s`, `5m`, `1h30m`, `7d`, `500ms`, in milliseconds. */
  duration: <R extends boolean = false>(o: Opts<R> & { min?: number; max?: number } = {}) =>
    field<number, R>('a duration such as 90s, 5m, 1h30m or 7d', (raw, name, secret) => {
      const ms = parseDuration(raw);
      const expected = 'a duration such as 90s, 5m, 1h30m or 7d';
      if (ms === undefined) return fail(name, raw, expected, secret);
      if (o.min !== undefined && ms < o.min) fail(name, raw, `a duration of at least ${o.min}ms`, secret);
      if (o.max !== undefined && ms > o.max) fail(name, raw, `a duration of at most ${o.max}ms`, secret);
      return ms;
    }, o),

  /**
   * An absolute URL with one of `schemes`. Credentials in it (`https://user:password@host`) are
   * registered as secrets before it is even parsed — the password, user:password and the whole
   * value — so an error about a bad URL cannot print them; `credentials: false` refuses them (for a
   * URL that is stored or shown, such as a deployment's environment URL).
   */
  url: <R extends boolean = false>(o: Opts<R> & { schemes: readonly string[]; credentials?: boolean }) =>
    field<URL, R>(
      `a URL with scheme ${o.schemes.join(' or ')}`,
      (raw, name, secret) => {
        const expected = `an absolute URL with scheme ${o.schemes.join(' or ')}`;
        // Errors show the value with its credentials hidden (they are registered secrets anyway).
        const shown = withoutCredentials(raw);
        let url: URL;
        try {
          url = new URL(raw);
        } catch {
          return fail(name, shown, expected, secret);
        }
        if (!o.schemes.includes(url.protocol.replace(/:$/, ''))) fail(name, shown, expected, secret);
        if (o.credentials === false && (url.username || url.password)) fail(name, shown, `${expected} and no user name or password in it`, secret);
        return url;
      },
      o,
      urlSecrets,
    ),

  /** A regular expression (JavaScript syntax), compiled once here. */
  regex: <R extends boolean = false>(o: Opts<R> & { flags?: string } = {}) =>
    field<RegExp, R>('a regular expression', (raw, name, secret) => {
      try {
        return new RegExp(raw, o.flags);
      } catch (error) {
        return fail(name, raw, `a valid regular expression (${(error as Error).message})`, secret);
      }
    }, o),

  /**
   * One `key=value` per line (blank lines dropped; the value may hold further `=`), as ordered
   * pairs. `key` constrains the keys; a repeated key is refused unless `repeat` is set.
   */
  pairs: <R extends boolean = false>(o: Opts<R> & { key?: RegExp; keyText?: string; repeat?: boolean } = {}) =>
    field<ReadonlyArray<readonly [string, string]>, R>(`lines of ${o.keyText ?? 'key'}=value`, (raw, name, secret) => {
      const pairs: Array<readonly [string, string]> = [];
      for (const line of raw.split(/\r?\n/).map((l) => l.trim()).filter(Boolean)) {
        const at = line.indexOf('=');
        const key = at > 0 ? line.slice(0, at).trim() : '';
        if (!key || (o.key && !o.key.test(key))) fail(name, line, `each line to be ${o.keyText ?? 'key'}=value`, secret);
        if (!o.repeat && pairs.some(([k]) => k === key)) fail(name, line, `each ${o.keyText ?? 'key'} once`, secret);
        pairs.push(Object.freeze([key, line.slice(at + 1).trim()] as const));
      }
      return Object.freeze(pairs);
    }, o),

  /**
   * A list whose items are each parsed by `item` (any field): `input.listOf(input.integer({ min: 100,
   * max: 599 }))` gives `number[]`. Items are separated by lines (and commas unless `lines`).
   */
  listOf: <T, R extends boolean = false>(item: Field<T>, o: Opts<R> & { lines?: boolean } = {}) =>
    field<readonly T[], R>(
      `a list of ${item.expected}`,
      (raw, name) => Object.freeze(splitList(raw, o.lines).map((s) => item.parse(s, name))),
      { ...o, secret: o.secret ?? item.secret },
      item.secretsOf ? (raw) => splitList(raw, o.lines).flatMap((s) => item.secretsOf!(s)) : undefined,
    ),

  /**
   * Any other final value: `parse` turns the raw text into what the code uses, throwing an
   * InputError (`new InputError(name, raw, expected)`) when it cannot. For an action's own
   * objects (a destination, a health check), so they are parsed once, here.
   */
  custom: <T, R extends boolean = false>(o: Opts<R> & { expected: string; parse: (raw: string, name: string) => T; secretsOf?: (raw: string) => string[] }) =>
    field<T, R>(o.expected, (raw, name) => o.parse(raw, name), o, o.secretsOf),
};

function splitList(raw: string, lines: boolean | undefined): string[] {
  return raw.split(lines ? /\r?\n/ : /[\r\n,]+/).map((s) => s.trim()).filter(Boolean);
}

/**
 * The credentials in a URL, found even when the rest of it does not parse: the user-info between
 * `scheme://` and the last `@` of the authority. Registered: the password (raw and decoded), the
 * user-info, and the whole value; a user name alone is registered too (tokens are often sent so).
 */
export function urlSecrets(raw: string): string[] {
  const userinfo = userinfoOf(raw);
  if (userinfo === undefined) return [];
  const colon = userinfo.indexOf(':');
  const secrets = [raw, userinfo];
  if (colon >= 0) {
    const password = userinfo.slice(colon + 1);
    secrets.push(password, safeDecode(password));
  }
  return [...new Set(secrets.filter((s) => s.length > 0))];
}

function userinfoOf(raw: string): string | undefined {
  const rest = raw.includes('://') ? raw.slice(raw.indexOf('://') + 3) : raw;
  const authority = rest.split(/[/?#]/, 1)[0] ?? '';
  const at = authority.lastIndexOf('@');
  return at > 0 ? authority.slice(0, at) : undefined;
}

/** The value with its user-info replaced by `***`, for messages. */
export function withoutCredentials(raw: string): string {
  const userinfo = userinfoOf(raw);
  return userinfo === undefined ? raw : raw.replace(`${userinfo}@`, '***@');
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export function parseDuration(raw: string): number | undefined {
  if (!/^(\d+(ms|s|m|h|d|w))+$/.test(raw)) return undefined;
  let total = 0;
  for (const [, n, unit] of raw.matchAll(/(\d+)(ms|s|m|h|d|w)/g)) total += Number(n) * (UNIT_MS[unit ?? ''] ?? Number.NaN);
  return Number.isSafeInteger(total) ? total : undefined;
}

export type Spec = Record<string, Field<unknown, boolean>>;

type Camel<S extends string> = S extends `${infer H}-${infer T}` ? `${H}${Capitalize<Camel<T>>}` : S;
type Value<F> = F extends Field<infer T, infer R> ? (R extends true ? T : T | undefined) : never;
export type Settings<S extends Spec> = { readonly [K in keyof S & string as Camel<K>]: Value<S[K]> };

export const camelCase = (name: string): string => name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** Reads raw values as the runner provides them (INPUT_<NAME>, untrimmed for secrets). */
export type InputSource = (name: string, secret: boolean) => string;

export const runnerInputs: InputSource = (name, secret) =>
  core.getInput(name, { trimWhitespace: !secret });

/**
 * Validates every input of `spec` and returns them frozen. Secrets are registered before anything
 * else can print them; all errors are collected so the user fixes them in one go.
 */
export function readInputs<S extends Spec>(spec: S, redactor: Redactor, source: InputSource = runnerInputs): Settings<S> {
  const out: Record<string, unknown> = {};
  const errors: InputError[] = [];
  for (const [name, f] of Object.entries(spec)) {
    const raw = source(name, f.secret);
    if (raw) for (const secret of [...(f.secret ? [raw] : []), ...(f.secretsOf?.(raw) ?? [])]) redactor.add(secret);
    if (raw === '' || (!f.secret && raw.trim() === '')) {
      if (f.required) errors.push(new InputError(name, '', f.expected + ' (this input is required)', { secret: f.secret }));
      out[camelCase(name)] = undefined;
      continue;
    }
    try {
      out[camelCase(name)] = f.parse(raw, name);
    } catch (error) {
      if (error instanceof InputError) errors.push(error);
      else throw error;
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw InputError.combine(errors);
  return Object.freeze(out) as Settings<S>;
}
