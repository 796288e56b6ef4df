// GitHub's documented REST limits: a primary hourly budget per token and the secondary limits
// (concurrency, content creation per minute/hour, points per minute). Windows run on an emulated
// clock that goes `timeScale` times faster than real time; headers speak real epoch seconds so
// clients that sleep until `x-ratelimit-reset` or for `retry-after` wait the scaled time.
import type { LimitsConfig } from './types.ts';

export const DEFAULT_LIMITS: LimitsConfig = {
  concurrency: 100,
  contentPerMinute: 80,
  contentPerHour: 500,
  pointsPerMinute: 900,
};

const MINUTE = 60_000;
const HOUR = 3_600_000;

export type Admission =
  | { ok: true; headers: Record<string, string>; release(): void }
  | { ok: false; kind: 'primary' | 'secondary'; reason: string; headers: Record<string, string> };

interface Bucket {
  windowStart: number | undefined;
  used: number;
  inflight: number;
  /** Emulated times of accepted content-creating requests within the last hour. */
  writes: number[];
  /** Emulated times and costs of accepted requests within the last minute. */
  points: { t: number; p: number }[];
}

export function isWrite(method: string): boolean {
  return ['POST', 'PATCH', 'PUT', 'DELETE'].includes(method.toUpperCase());
}

export class RateLimiter {
  private readonly origin: number;
  private readonly scale: number;
  private readonly realNow: () => number;
  readonly limits: LimitsConfig;
  private readonly buckets = new Map<string, Bucket>();

  constructor(opts: { timeScale?: number | undefined; limits?: Partial<LimitsConfig> | undefined; now?: () => number } = {}) {
    this.realNow = opts.now ?? Date.now;
    this.origin = this.realNow();
    this.scale = opts.timeScale && opts.timeScale > 0 ? opts.timeScale : 1;
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
  }

  emuNow(): number {
    return this.origin + (this.realNow() - this.origin) * this.scale;
  }

  private toReal(emu: number): number {
    return this.origin + (emu - this.origin) / this.scale;
  }

  private bucket(key: string): Bucket {
    let b = this.buckets.get(key);
    if (!b) {
      b = { windowStart: undefined, used: 0, inflight: 0, writes: [], points: [] };
      this.buckets.set(key, b);
    }
    const now = this.emuNow();
    if (b.windowStart !== undefined && now >= b.windowStart + HOUR) {
      b.windowStart = undefined;
      b.used = 0;
    }
    b.writes = b.writes.filter((t) => t > now - HOUR);
    b.points = b.points.filter((x) => x.t > now - MINUTE);
    return b;
  }

  snapshot(key: string, hourlyLimit: number): { limit: number; remaining: number; used: number; reset: number } {
    const b = this.bucket(key);
    const resetEmu = (b.windowStart ?? this.emuNow()) + HOUR;
    return {
      limit: hourlyLimit,
      remaining: Math.max(0, hourlyLimit - b.used),
      used: b.used,
      reset: Math.ceil(this.toReal(resetEmu) / 1000),
    };
  }

  headers(key: string, hourlyLimit: number): Record<string, string> {
    const s = this.snapshot(key, hourlyLimit);
    return {
      'x-ratelimit-limit': String(s.limit),
      'x-ratelimit-remaining': String(s.remaining),
      'x-ratelimit-used': String(s.used),
      'x-ratelimit-reset': String(s.reset),
      'x-ratelimit-resource': 'core',
    };
  }

  /** Real seconds (at least 1) until `emuWait` emulated milliseconds have passed. */
  private retryAfter(emuWait: number): string {
    return String(Math.max(1, Math.ceil(Math.max(0, emuWait) / this.scale / 1000)));
  }

  /**
   * Decides whether a request may proceed. On success the caller must call release() when the
   * response is finished (that is what the concurrency limit counts).
   */
  admit(key: string, hourlyLimit: number, method: string, countsPrimary = true): Admission {
    const b = this.bucket(key);
    const now = this.emuNow();
    const write = isWrite(method);
    const cost = write ? 5 : 1;
    const secondary = (reason: string, emuWait: number): Admission => ({
      ok: false,
      kind: 'secondary',
      reason,
      headers: { ...this.headers(key, hourlyLimit), 'retry-after': this.retryAfter(emuWait) },
    });

    if (b.inflight + 1 > this.limits.concurrency) return secondary('concurrency', MINUTE);
    if (countsPrimary && b.used >= hourlyLimit) {
      return { ok: false, kind: 'primary', reason: 'primary', headers: this.headers(key, hourlyLimit) };
    }
    if (write) {
      const lastMinute = b.writes.filter((t) => t > now - MINUTE);
      if (lastMinute.length >= this.limits.contentPerMinute) {
        return secondary('content-per-minute', (lastMinute[0] ?? now) + MINUTE - now);
      }
      if (b.writes.length >= this.limits.contentPerHour) {
        return secondary('content-per-hour', (b.writes[0] ?? now) + HOUR - now);
      }
    }
    const spent = b.points.reduce((sum, x) => sum + x.p, 0);
    if (spent + cost > this.limits.pointsPerMinute) {
      // Wait until enough of the oldest points have left the window.
      let freed = 0;
      let until = now + MINUTE;
      for (const x of b.points) {
        freed += x.p;
        if (spent - freed + cost <= this.limits.pointsPerMinute) {
          until = x.t + MINUTE;
          break;
        }
      }
      return secondary('points-per-minute', until - now);
    }

    if (countsPrimary) {
      b.windowStart ??= now;
      b.used += 1;
    }
    if (write) b.writes.push(now);
    b.points.push({ t: now, p: cost });
    b.inflight += 1;
    let released = false;
    return {
      ok: true,
      headers: this.headers(key, hourlyLimit),
      release: () => {
        if (!released) {
          released = true;
          b.inflight -= 1;
        }
      },
    };
  }
}
