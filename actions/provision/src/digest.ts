import { createHash, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/**
 * The plan digest: SHA-256 of the canonical change set (tf-show.ts, ansible-result.ts) as JSON
 * with sorted keys — or, when a plan-encryption-key is set, an HMAC-SHA-256 under a key derived
 * from it (HKDF), so the digest, which is printed and passed between jobs, cannot be used to guess
 * low-entropy values in the plan.
 */

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function planDigest(changeSet: unknown, key?: string): string {
  const text = canonicalJson(changeSet);
  if (key === undefined) return `sha256:${createHash('sha256').update(text).digest('hex')}`;
  const derived = Buffer.from(hkdfSync('sha256', key, 'actions-suite provision', 'plan-digest v1', 32));
  return `hmac-sha256:${createHmac('sha256', derived).update(text).digest('hex')}`;
}

export function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
