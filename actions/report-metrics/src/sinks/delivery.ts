import { causeChain, messageOf } from '../../../../shared/errors.ts';
import type { HttpResponse } from '../../../../shared/http.ts';
import { withRetry } from '../../../../shared/retry.ts';
import type { DeliveryResult, ExportContext, SinkTarget } from './types.ts';

/**
 * What every HTTP sink shares: chunking under the receiver's limits, one POST per chunk through
 * shared/http.ts, retries through shared/retry.ts (429, 5xx and network failures only), a time
 * budget per sink, a 413 answered by halving the chunk, dry-run previews, and an honest count of
 * what the receiver accepted. Loaded only with a sink (never on the start path).
 */

/** One request body and its human-readable form (printed by dry-run, redacted). */
export interface Encoded {
  readonly body: string | Uint8Array;
  readonly contentType: string;
  /** Extra headers of this encoding (Content-Encoding, protocol versions). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly preview: string;
}

/** What a receiver's 2xx answer says about the chunk (per-item errors, partial success). */
export interface Accepted {
  readonly rejected: number;
  readonly error?: string;
}

export interface ChunkPlan<T> {
  /** Where a chunk goes (the Pushgateway's URL names the group). */
  url(units: readonly T[]): URL;
  /** The units to send (series, documents, events…), in order. */
  readonly units: readonly T[];
  /** Samples one unit carries (for the count reported). */
  count(unit: T): number;
  readonly maxUnits: number;
  readonly maxBytes: number;
  /** Units with different keys never share a request; requests go out in the order keys first appear. */
  separate?(unit: T): string;
  encode(units: readonly T[]): Encoded;
  /** Reads a 2xx answer; default: everything accepted. */
  accept?(response: HttpResponse, body: string, units: readonly T[]): Accepted | Promise<Accepted>;
}

export interface Sent {
  readonly sent: number;
  readonly failed: number;
  readonly errors: readonly string[];
}

/** A receiver answered outside 2xx; shaped so shared/retry.ts reads its status and Retry-After. */
export class ReceiverError extends Error {
  override readonly name = 'ReceiverError';
  readonly status: number;
  readonly response: { status: number; headers: Record<string, string> };

  constructor(status: number, headers: Record<string, string>, detail: string) {
    super(`the receiver answered ${status}${detail ? `: ${detail}` : ''}`);
    this.status = status;
    this.response = { status, headers };
  }
}

const PER_ATTEMPT_MS = 30_000;
const DETAIL_CHARS = 300;

/** Sends every unit in chunks; never throws for a receiver's failure (it is counted and described). */
export async function sendChunks<T>(plan: ChunkPlan<T>, target: SinkTarget, ctx: ExportContext): Promise<Sent> {
  const deadline = ctx.clock.now() + ctx.timeoutMs;
  let sent = 0;
  let failed = 0;
  const errors: string[] = [];
  const groups = new Map<string, T[]>();
  for (const unit of plan.units) {
    const key = plan.separate?.(unit) ?? '';
    const group = groups.get(key) ?? [];
    group.push(unit);
    groups.set(key, group);
  }
  const queue: T[][] = [];
  for (const units of groups.values()) for (let i = 0; i < units.length; i += plan.maxUnits) queue.push(units.slice(i, i + plan.maxUnits));

  while (queue.length > 0) {
    const units = queue.shift() ?? [];
    const samples = units.reduce((n, u) => n + plan.count(u), 0);
    const encoded = plan.encode(units);
    const size = typeof encoded.body === 'string' ? Buffer.byteLength(encoded.body) : encoded.body.byteLength;
    if (size > plan.maxBytes && units.length > 1) {
      queue.unshift(...halves(units));
      continue;
    }
    if (ctx.dryRun) {
      ctx.log.info(`dry-run: ${target.label}: POST ${units.length} unit(s), ${samples} sample(s), ${size} bytes\n${ctx.redactor.scrub(encoded.preview)}`);
      sent += samples;
      continue;
    }
    if (ctx.clock.now() >= deadline) {
      failed += samples;
      errors.push(`time budget of ${ctx.timeoutMs} ms spent before every chunk was sent`);
      continue;
    }
    try {
      const accepted = await post(plan, encoded, units, target, ctx, deadline);
      sent += samples - accepted.rejected;
      failed += accepted.rejected;
      if (accepted.error) errors.push(accepted.error);
    } catch (error) {
      // withRetry wraps what it gave up on; the receiver's answer is in the cause chain.
      const tooLarge = causeChain(error).some((e) => e instanceof ReceiverError && e.status === 413);
      if (tooLarge && units.length > 1) {
        queue.unshift(...halves(units));
        continue;
      }
      failed += samples;
      errors.push(ctx.redactor.scrub(messageOf(error)));
    }
  }
  return { sent, failed, errors: [...new Set(errors)] };
}

/** The DeliveryResult of a run of sendChunks. */
export function resultOf(target: SinkTarget, ctx: ExportContext, outcome: Sent, extra: { skipped?: number; note?: string } = {}): DeliveryResult {
  const status = ctx.dryRun ? 'dry-run' : outcome.failed === 0 ? (outcome.sent === 0 ? 'nothing-to-send' : 'ok') : outcome.sent > 0 ? 'partial' : 'failed';
  return {
    sink: target.label,
    status,
    points: outcome.sent,
    ...(extra.skipped ? { skipped: extra.skipped } : {}),
    ...(extra.note ? { note: extra.note } : {}),
    ...(outcome.errors.length > 0 ? { error: outcome.errors.join('; ') } : {}),
  };
}

async function post<T>(plan: ChunkPlan<T>, encoded: Encoded, units: readonly T[], target: SinkTarget, ctx: ExportContext, deadline: number): Promise<Accepted> {
  const headers: Record<string, string> = {
    'content-type': encoded.contentType,
    'user-agent': 'actions-suite-report-metrics',
    ...encoded.headers,
    ...target.headers,
  };
  return withRetry(
    target.label,
    async () => {
      const attemptMs = Math.max(1, Math.min(PER_ATTEMPT_MS, deadline - ctx.clock.now()));
      const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(attemptMs)]);
      const response = await ctx.fetch(plan.url(units), { method: 'POST', headers, body: encoded.body, signal, redirect: 'error', maxBodyBytes: 1024 * 1024 });
      const body = await response.text();
      if (!response.ok) throw new ReceiverError(response.status, Object.fromEntries(response.headers), excerpt(ctx, body));
      return plan.accept ? plan.accept(response, body, units) : { rejected: 0 };
    },
    {
      clock: ctx.clock,
      signal: ctx.signal,
      stats: ctx.stats,
      deadline,
      policy: { maxRetryTimeMs: ctx.timeoutMs },
      log: (line) => ctx.log.info(ctx.redactor.scrub(line)),
    },
  );
}

/** The start of a receiver's error text, on one line, scrubbed: enough to act on, never a flood. */
export function excerpt(ctx: Pick<ExportContext, 'redactor'>, body: string): string {
  const line = body.replace(/\s+/g, ' ').trim();
  return ctx.redactor.scrub(line.length > DETAIL_CHARS ? `${line.slice(0, DETAIL_CHARS - 1)}…` : line);
}

function halves<T>(units: T[]): T[][] {
  const mid = Math.ceil(units.length / 2);
  return [units.slice(0, mid), units.slice(mid)];
}
