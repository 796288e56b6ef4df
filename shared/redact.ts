import * as core from '@actions/core';

/**
 * The redactor. The runner masks only its own log stream and only some encodings, so every secret
 * the suite handles is registered here: each form is given to core.setSecret (so the runner masks
 * it too) and scrubbed by us from everything we log, annotate, summarise or send to an API.
 */

const MASK = '***';
/** Shorter forms would garble unrelated text; the runner refuses empty ones and garbles short ones. */
const MIN_FORM_LENGTH = 4;
/** Keys whose values are secrets even when nobody registered them (defence in depth). */
const SECRET_KEY = /pass(word)?|secret|token|authorization|private_?key|privatekey|credential|api_?key/i;

export class Redactor {
  #forms = new Set<string>();
  #sorted: string[] = [];
  readonly #register: (value: string) => void;

  constructor(register: (value: string) => void = core.setSecret) {
    this.#register = register;
  }

  /** Registers a secret and every form derived from it. Empty values are refused by the caller (inputs.ts). */
  add(secret: string): void {
    if (secret.trim().length === 0) return;
    for (const form of derivedForms(secret)) {
      if (form.length < MIN_FORM_LENGTH || this.#forms.has(form)) continue;
      this.#forms.add(form);
      this.#register(form);
    }
    // Longest first, so a secret is replaced whole before any of its lines.
    this.#sorted = [...this.#forms].sort((a, b) => b.length - a.length);
  }

  get size(): number {
    return this.#forms.size;
  }

  scrub(text: string): string {
    let out = text;
    for (const form of this.#sorted) {
      if (out.includes(form)) out = out.split(form).join(MASK);
    }
    return out;
  }

  /** Scrubs every string leaf of a value bound for an API or a JSON log line; masks secret-named keys. */
  scrubDeep<T>(value: T): T {
    return this.#deep(value, undefined) as T;
  }

  #deep(value: unknown, key: string | undefined): unknown {
    if (typeof value === 'string') return key !== undefined && SECRET_KEY.test(key) && value ? MASK : this.scrub(value);
    if (Array.isArray(value)) return value.map((v) => this.#deep(v, undefined));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.#deep(v, k)]));
    }
    return value;
  }
}

/** The secret, its lines, its JSON leaves, and each of those in the encodings a leak takes. */
export function derivedForms(secret: string): string[] {
  const bases = new Set<string>([secret]);
  for (const line of secret.split(/\r?\n|\r/)) if (line.trim()) bases.add(line.trim());
  for (const leaf of jsonLeaves(secret)) bases.add(leaf);

  const forms = new Set<string>();
  for (const base of bases) {
    const bytes = Buffer.from(base, 'utf8');
    forms.add(base);
    forms.add(bytes.toString('base64'));
    forms.add(bytes.toString('base64url'));
    forms.add(bytes.toString('hex'));
    forms.add(bytes.toString('hex').toUpperCase());
    forms.add(encodeURIComponent(base));
    forms.add(uriEscapeStrict(base));
    forms.add(JSON.stringify(base).slice(1, -1));
    // Basic auth is base64("user:" + secret), and a secret may sit inside a longer encoded value:
    // its part of the base64 depends on the bytes around it, so take the stable middle at each of
    // the three alignments.
    for (const shift of [0, 1, 2]) forms.add(shiftedBase64(bytes, shift));
  }
  return [...forms].filter((f) => f.length >= MIN_FORM_LENGTH);
}

function jsonLeaves(text: string): string[] {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return [];
  }
  const leaves: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string' && v.trim()) leaves.push(v);
    else if (typeof v === 'number' && String(v).length >= MIN_FORM_LENGTH) leaves.push(String(v));
    else if (v !== null && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(parsed);
  return leaves;
}

/** .NET's Uri.EscapeDataString (what the runner masks) also escapes !'()* which encodeURIComponent keeps. */
function uriEscapeStrict(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The base64 characters that depend only on `bytes` when `shift` unknown bytes precede them. */
export function shiftedBase64(bytes: Buffer, shift: number): string {
  const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64');
  const start = shift === 0 ? 0 : shift + 1;
  const end = Math.floor(((shift + bytes.length) * 8) / 6);
  return encoded.slice(start, end);
}
