// Everything the emulator received: the request log, counts per route, and the strings a leak
// scanner should search (fields meant to carry a secret excluded).
import type { ReceivedString, RequestLogEntry } from './types.ts';

/** Body fields that legitimately carry a secret (sealed), so they are not "leaks". */
const SECRET_FIELDS = new Set(['encrypted_value']);

function withoutSecretFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecretFields);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).filter(([k]) => !SECRET_FIELDS.has(k)).map(([k, v]) => [k, withoutSecretFields(v)]),
    );
  }
  return value;
}

function leaves(value: unknown, path: string, out: ReceivedString[], where: string): void {
  if (typeof value === 'string') out.push({ where: `${where}${path || '/'}`, text: value });
  else if (Array.isArray(value)) value.forEach((v, i) => leaves(v, `${path}/${i}`, out, where));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) leaves(v, `${path}/${k}`, out, where);
  }
}

export class RequestLog {
  readonly entries: RequestLogEntry[] = [];
  private seq = 0;

  start(init: Omit<RequestLogEntry, 'seq' | 'status' | 'body' | 'headers'>, rawHeaders: Record<string, string>): RequestLogEntry {
    const headers = { ...rawHeaders };
    if ('authorization' in headers) headers['authorization'] = '[redacted]';
    this.seq += 1;
    const entry: RequestLogEntry = { seq: this.seq, ...init, status: 0, headers, body: '' };
    this.entries.push(entry);
    return entry;
  }

  clear(): void {
    this.entries.length = 0;
  }

  counts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const e of this.entries) out[e.route] = (out[e.route] ?? 0) + 1;
    return out;
  }

  receivedStrings(): ReceivedString[] {
    const out: ReceivedString[] = [];
    for (const e of this.entries) {
      const at = `#${e.seq} ${e.method} ${e.path}`;
      out.push({ where: `${at} path`, text: e.path });
      try {
        out.push({ where: `${at} path (decoded)`, text: decodeURIComponent(e.path) });
      } catch {
        // undecodable path: the raw form above is what arrived
      }
      if (e.query) {
        out.push({ where: `${at} query`, text: e.query });
        for (const [k, v] of new URLSearchParams(e.query)) out.push({ where: `${at} query:${k}`, text: v });
      }
      for (const [k, v] of Object.entries(e.headers)) {
        if (k !== 'authorization') out.push({ where: `${at} header:${k}`, text: v });
      }
      if (!e.body) continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(e.body);
      } catch {
        out.push({ where: `${at} body`, text: e.body });
        continue;
      }
      const clean = withoutSecretFields(parsed);
      out.push({ where: `${at} body`, text: JSON.stringify(clean) });
      leaves(clean, '', out, `${at} body:`);
    }
    return out;
  }
}
