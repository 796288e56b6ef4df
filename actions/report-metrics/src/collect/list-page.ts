import { withRetry, type RetryOptions } from '../../../../shared/retry.ts';

/**
 * One page of a GitHub list answer (`{ "total_count": n, "<list>": [ {…}, … ] }`), read straight
 * from the body's bytes: `total_count` and, of each item, only the named fields whose values are
 * scalars or arrays of scalars. Nested objects (a run's repository, actor, head commit: most of its
 * ~10 KB) are stepped over without being decoded, so a 100-run page costs a few hundred small
 * strings instead of a ~5 MB object graph that lives until the page is done — the graph that made
 * V8 grow its heap with the number of pages (docs/metrics-memory.md).
 *
 * The whole document is checked as it is walked (brackets, separators, literals, numbers, closed
 * strings, nothing after the end), so a cut body or an HTML page fails as UnreadablePage and is
 * asked for again (fetchListPage); string contents are decoded only for the fields kept (with
 * JSON.parse when they hold escapes).
 */

export type Scalar = string | number | boolean | null;
export type Field = Scalar | Scalar[];

export interface ListPage {
  /** `total_count` (0 when absent). */
  total: number;
  /** Per item, the wanted fields it has; other fields and nested objects are left out. */
  items: Record<string, Field>[];
}

/** A 2xx body that is not a JSON list page (cut, HTML from a proxy, …). */
export class UnreadablePage extends Error {
  override readonly name = 'UnreadablePage';
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
/** Nesting deeper than this is not a GitHub answer. */
const MAX_DEPTH = 64;
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

export function readListPage(body: Uint8Array, listKey: string, fields: ReadonlySet<string>): ListPage {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const n = bytes.length;
  let i = 0;
  // Where the next backslash is: found once per stretch, so strings without escapes cost no search.
  let nextBackslash = -1;
  const lengths = new Set([...fields].map((f) => f.length));

  const fail = (what: string): never => {
    throw new UnreadablePage(`${what} at byte ${i} of ${n}`);
  };
  const space = (): void => {
    for (let c = bytes[i]; c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09; c = bytes[++i]);
  };
  const expect = (byte: number, what: string): void => {
    space();
    if (bytes[i] !== byte) fail(`expected ${what}`);
    i += 1;
  };
  /** i at an opening quote → the index of its closing quote. */
  const stringEnd = (): number => {
    for (let from = i + 1; ; ) {
      const quote = bytes.indexOf(QUOTE, from);
      if (quote < 0) return fail('unterminated string');
      let slashes = 0;
      while (bytes[quote - 1 - slashes] === BACKSLASH) slashes += 1;
      if (slashes % 2 === 0) return quote;
      from = quote + 1;
    }
  };
  const string = (): string => {
    const start = i;
    const end = stringEnd();
    i = end + 1;
    if (nextBackslash < start) {
      nextBackslash = bytes.indexOf(BACKSLASH, start);
      if (nextBackslash < 0) nextBackslash = n;
    }
    if (nextBackslash > end) return bytes.toString('utf8', start + 1, end);
    try {
      return JSON.parse(bytes.toString('utf8', start, end + 1)) as string;
    } catch {
      return fail('bad string escape');
    }
  };
  const literal = (word: string): void => {
    for (let k = 0; k < word.length; k++) if (bytes[i + k] !== word.charCodeAt(k)) fail('unexpected character');
    i += word.length;
  };
  const numberEnd = (): number => {
    let j = i;
    for (let c = bytes[j]; c !== undefined && ((c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e || c === 0x65 || c === 0x45); c = bytes[++j]);
    if (j === i) fail('unexpected character');
    return j;
  };
  const scalar = (): Scalar => {
    space();
    switch (bytes[i]) {
      case QUOTE:
        return string();
      case 0x74:
        literal('true');
        return true;
      case 0x66:
        literal('false');
        return false;
      case 0x6e:
        literal('null');
        return null;
      default: {
        const end = numberEnd();
        const text = bytes.toString('latin1', i, end);
        if (!NUMBER.test(text)) fail('bad number');
        i = end;
        return Number(text);
      }
    }
  };
  /** Walks over any value, checking it, decoding nothing. */
  const skip = (depth: number): void => {
    space();
    const c = bytes[i];
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (depth > MAX_DEPTH) fail('nesting too deep');
      members(c, () => {
        if (c === OPEN_OBJECT) key();
        skip(depth + 1);
      });
    } else if (c === QUOTE) i = stringEnd() + 1;
    else if (c === 0x74) literal('true');
    else if (c === 0x66) literal('false');
    else if (c === 0x6e) literal('null');
    else if (c === undefined) fail('unexpected end');
    else i = numberEnd();
  };
  /** i at `{` or `[`: calls `each` per member until the matching close. */
  const members = (open: number, each: () => void): void => {
    const close = open === OPEN_OBJECT ? CLOSE_OBJECT : CLOSE_ARRAY;
    i += 1;
    space();
    if (bytes[i] === close) {
      i += 1;
      return;
    }
    for (;;) {
      each();
      space();
      if (bytes[i] === COMMA) i += 1;
      else if (bytes[i] === close) {
        i += 1;
        return;
      } else fail(`expected , or ${String.fromCharCode(close)}`);
    }
  };
  /** A member's key and colon; the key is decoded only when it could be a wanted one. */
  const key = (wanted?: ReadonlySet<number>): string | undefined => {
    space();
    if (bytes[i] !== QUOTE) fail('expected a key');
    const end = stringEnd();
    const name = wanted?.has(end - i - 1) ? bytes.toString('latin1', i + 1, end) : undefined;
    i = end + 1;
    expect(COLON, ':');
    return name;
  };
  const value = (): Field => {
    space();
    if (bytes[i] !== OPEN_ARRAY) return scalar();
    const list: Scalar[] = [];
    members(OPEN_ARRAY, () => {
      space();
      if (bytes[i] === OPEN_OBJECT || bytes[i] === OPEN_ARRAY) skip(2);
      else list.push(scalar());
    });
    return list;
  };
  const item = (): Record<string, Field> => {
    const out: Record<string, Field> = {};
    space();
    if (bytes[i] !== OPEN_OBJECT) fail('expected an item object');
    members(OPEN_OBJECT, () => {
      const name = key(lengths);
      space();
      if (name !== undefined && fields.has(name) && bytes[i] !== OPEN_OBJECT) out[name] = value();
      else skip(2);
    });
    return out;
  };

  let total = 0;
  const items: Record<string, Field>[] = [];
  const topKeys = new Set(['total_count'.length, listKey.length]);
  space();
  if (bytes[i] !== OPEN_OBJECT) fail('expected a JSON object');
  members(OPEN_OBJECT, () => {
    const name = key(topKeys);
    space();
    if (name === 'total_count') {
      const t = scalar();
      total = typeof t === 'number' ? t : 0;
    } else if (name === listKey && bytes[i] === OPEN_ARRAY) members(OPEN_ARRAY, () => items.push(item()));
    else skip(1);
  });
  space();
  if (i !== n) fail('unexpected bytes after the document');
  return { total, items };
}

/** Attempts at a page that came back unreadable (the GitHub client retries failed requests itself). */
const UNREADABLE_RETRIES = 2;

/**
 * `send` makes the request with `request: { parseSuccessResponseBody: false }` and returns octokit's
 * `data` (the body); the page is read from it, and sent for again while it is unreadable.
 */
export function fetchListPage(label: string, send: () => Promise<unknown>, listKey: string, fields: ReadonlySet<string>, retry: Partial<RetryOptions> = {}): Promise<ListPage> {
  return withRetry(label, async () => readListPage(await bodyBytes(await send()), listKey, fields), {
    ...retry,
    policy: { retries: UNREADABLE_RETRIES },
    shouldRetry: (error) => (error instanceof UnreadablePage ? { retry: true, reason: `not a JSON list page: ${error.message}` } : { retry: false, reason: 'not a page fault' }),
  });
}

/**
 * The bytes of a body octokit hands over with `request: { parseSuccessResponseBody: false }`:
 * shared/http.ts gives its buffered body as one chunk (no copy); fetch's ReadableStream is read
 * and joined.
 */
export async function bodyBytes(body: unknown): Promise<Uint8Array> {
  if (body instanceof Uint8Array) return body;
  if (body === null || typeof body !== 'object' || !(Symbol.asyncIterator in body)) throw new UnreadablePage('no response body');
  const chunks: Uint8Array[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array>) chunks.push(chunk);
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}
