// Leak scanner: looks for a secret, and for the forms a secret commonly takes on its way out of a
// process, in any text the tests can collect (logs, outputs, env files, summaries, annotations,
// what an emulated API received). The runner masks only its own log and only some encodings
// (https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#using-secrets);
// this covers what it misses: base64url, hex, double base64, encodeURIComponent, base64 of the
// secret after an unknown prefix (basic auth), JSON leaves and the lines of a multi-line value.
//
// Reports name the secret by index and the form by a description; they never contain the secret.

import { AssertionError } from 'node:assert';

export interface LeakForm {
  /** What the text is, e.g. `base64url(line 2)`; never contains the secret. */
  form: string;
  text: string;
}

export interface LeakHit {
  secretIndex: number;
  form: string;
  where: string;
  /** Context around the hit, with every detected secret form replaced by a `[leak: …]` marker. */
  excerpt: string;
}

export interface LeakOptions {
  /** User names to try for basic auth `base64(user:secret)` (any user is covered by the shifted base64 forms too). */
  users?: string[];
}

/** Forms shorter than this are noise (they occur by chance) and are not searched. */
export const MIN_FORM_LENGTH = 4;

/** Users tried for basic auth when none are given: GitHub's token user and common defaults. */
export const DEFAULT_USERS: readonly string[] = ['x-access-token', 'git', 'token', 'oauth2', 'user', 'admin', 'root', 'postgres'];

const b64 = (s: string | Buffer): string => Buffer.from(s).toString('base64');

/** .NET Uri.EscapeDataString: encodeURIComponent plus !'()* escaped. */
function dotnetUriEscape(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The base64 characters of `secret` that do not depend on what comes before it (when it starts
 * `shift` bytes into a 3-byte group) nor on what follows it: the part of the encoding that appears
 * whatever the surrounding bytes, e.g. inside `base64(user:secret)` or `base64(secret + suffix)`.
 */
export function stableBase64Core(secret: string, shift: 0 | 1 | 2): string {
  const bytes = Buffer.from(secret, 'utf8');
  const padded = Buffer.concat([Buffer.alloc(shift), bytes, Buffer.alloc(2)]);
  const encoded = padded.toString('base64');
  const firstBit = 8 * shift;
  const endBit = 8 * (shift + bytes.length);
  const first = Math.ceil(firstBit / 6);
  const last = Math.floor(endBit / 6); // exclusive
  return last > first ? encoded.slice(first, last) : '';
}

function isPemArmor(line: string): boolean {
  return /^-----(BEGIN|END)[A-Z0-9 ]*-----$/.test(line);
}

function jsonLeaves(value: unknown, path: string, out: Array<[string, string]>): void {
  if (typeof value === 'string') out.push([path, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => jsonLeaves(v, `${path}[${i}]`, out));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      jsonLeaves(v, /^[A-Za-z_$][\w$]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`, out);
    }
  }
}

/**
 * Every form of `secret` the scanner searches for: the secret, each of its lines (trimmed,
 * non-empty, PEM armour lines excluded), each string leaf if it is JSON — and of each of those the
 * base64, base64url, hex (lower and upper), double base64, JSON-escaped, encodeURIComponent and
 * .NET URI-escaped forms, basic auth for `users`, and the stable base64 core at byte shifts 0/1/2.
 * Forms shorter than MIN_FORM_LENGTH are dropped; duplicates keep the first name.
 */
export function leakForms(secret: string, opts: LeakOptions = {}): LeakForm[] {
  const bases: Array<[string, string]> = [['secret', secret]];
  const lines = secret.split(/\r\n|\r|\n/).map((l) => l.trim()).filter((l) => l !== '');
  if (lines.length > 1 || (lines.length === 1 && lines[0] !== secret)) {
    lines.forEach((l, i) => {
      if (!isPemArmor(l)) bases.push([`line ${i + 1}`, l]);
    });
  }
  const trimmed = secret.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      const leaves: Array<[string, string]> = [];
      jsonLeaves(JSON.parse(trimmed), '$', leaves);
      for (const [p, v] of leaves) bases.push([`json ${p}`, v]);
    } catch {
      // not JSON
    }
  }
  const users = opts.users ?? DEFAULT_USERS;
  const forms: LeakForm[] = [];
  const seen = new Set<string>();
  const add = (form: string, text: string): void => {
    if (text.length < MIN_FORM_LENGTH || seen.has(text)) return;
    seen.add(text);
    forms.push({ form, text });
  };
  for (const [name, text] of bases) {
    if (text.length < MIN_FORM_LENGTH) continue;
    add(name, text);
    add(`base64(${name})`, b64(text));
    add(`base64url(${name})`, Buffer.from(text).toString('base64url'));
    add(`hex(${name})`, Buffer.from(text).toString('hex'));
    add(`HEX(${name})`, Buffer.from(text).toString('hex').toUpperCase());
    add(`base64(base64(${name}))`, b64(b64(text)));
    add(`json-escaped(${name})`, JSON.stringify(text).slice(1, -1));
    add(`encodeURIComponent(${name})`, encodeURIComponent(text));
    add(`uri-escaped(${name})`, dotnetUriEscape(text));
    for (const user of users) add(`basic-auth(${user}:${name})`, b64(`${user}:${text}`));
    for (const shift of [0, 1, 2] as const) add(`base64-after-${shift}-byte-prefix(${name})`, stableBase64Core(text, shift));
  }
  return forms;
}

interface RawHit {
  secretIndex: number;
  form: string;
  where: string;
  start: number;
  end: number;
}

const CONTEXT = 24;
const PARTIAL_RUN = 6;

/** Masks, in a short excerpt, any run of ≥ PARTIAL_RUN characters that also occurs in a secret text. */
function maskPartials(excerpt: string, secretTexts: string[]): string {
  const hide = new Array<boolean>(excerpt.length).fill(false);
  for (let i = 0; i + PARTIAL_RUN <= excerpt.length; i++) {
    const probe = excerpt.slice(i, i + PARTIAL_RUN);
    if (probe.includes('[') || probe.includes(']')) continue;
    if (secretTexts.some((s) => s.includes(probe))) for (let j = i; j < i + PARTIAL_RUN; j++) hide[j] = true;
  }
  let out = '';
  for (let i = 0; i < excerpt.length; i++) {
    if (hide[i]) {
      if (i === 0 || !hide[i - 1]) out += '[part of a secret]';
    } else out += excerpt[i];
  }
  return out;
}

function printable(s: string): string {
  return s.replace(/\r/g, '\\r').replace(/\n/g, '\\n').replace(/\t/g, '\\t');
}

/** Finds every leaked form of every secret in every haystack. */
export function scanForLeaks(secrets: string[], haystacks: Array<{ where: string; text: string }>, opts: LeakOptions = {}): LeakHit[] {
  const formsBySecret = secrets.map((s) => leakForms(s, opts));
  const allTexts = formsBySecret.flat().map((f) => f.text);
  const hits: LeakHit[] = [];
  for (const hay of haystacks) {
    const raw: RawHit[] = [];
    formsBySecret.forEach((forms, secretIndex) => {
      for (const f of forms) {
        for (let i = hay.text.indexOf(f.text); i >= 0; i = hay.text.indexOf(f.text, i + 1)) {
          raw.push({ secretIndex, form: f.form, where: hay.where, start: i, end: i + f.text.length });
        }
      }
    });
    if (raw.length === 0) continue;
    // Keep the widest hit where hits of one secret nest (a secret's line inside the secret, …).
    const kept = raw.filter(
      (h) =>
        !raw.some(
          (o) =>
            o !== h &&
            o.secretIndex === h.secretIndex &&
            o.start <= h.start &&
            o.end >= h.end &&
            (o.end - o.start > h.end - h.start || raw.indexOf(o) < raw.indexOf(h)),
        ),
    );
    // Mark every hit (of any secret) in the haystack before cutting excerpts.
    const sorted = [...raw].sort((a, b) => a.start - b.start);
    for (const h of kept) {
      const from = Math.max(0, h.start - CONTEXT);
      const to = Math.min(hay.text.length, h.end + CONTEXT);
      let excerpt = '';
      let cursor = from;
      for (const o of sorted) {
        if (o.end <= cursor || o.start >= to) continue;
        const segStart = Math.max(o.start, cursor);
        excerpt += maskPartials(hay.text.slice(cursor, segStart), allTexts);
        excerpt += o === h ? `[leak: ${h.form}]` : `[secret ${o.secretIndex}: ${o.form}]`;
        cursor = Math.min(o.end, to);
        if (cursor >= to) break;
      }
      if (cursor < to) excerpt += maskPartials(hay.text.slice(cursor, to), allTexts);
      hits.push({
        secretIndex: h.secretIndex,
        form: h.form,
        where: h.where,
        excerpt: `${from > 0 ? '…' : ''}${printable(excerpt)}${to < hay.text.length ? '…' : ''}`,
      });
    }
  }
  return hits;
}

/** Throws an AssertionError listing each leak (where, which secret, which form) — never the secret. */
export function assertNoLeaks(secrets: string[], haystacks: Array<{ where: string; text: string }>, opts: LeakOptions = {}): void {
  const hits = scanForLeaks(secrets, haystacks, opts);
  if (hits.length === 0) return;
  const lines = hits.map((h) => `  - secret #${h.secretIndex} as ${h.form} in ${h.where}: ${h.excerpt}`);
  throw new AssertionError({
    message: `${hits.length} secret leak(s) found:\n${lines.join('\n')}`,
    operator: 'assertNoLeaks',
  });
}
