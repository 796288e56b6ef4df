import type { Socket } from 'node:dgram';
import { messageOf } from '../../../../shared/errors.ts';
import { withRetry } from '../../../../shared/retry.ts';
import { countSamples, partitionByTime, sortedLabels } from './model.ts';
import type { DeliveryResult, Sink } from './types.ts';

/**
 * StatsD over UDP: current values as gauges (`name:value|g`), labels as DogStatsD tags
 * (`|#key:value,…`), which the Etsy daemon (0.9+), the Datadog agent, Telegraf and
 * statsd_exporter read. StatsD has no timestamps, so per-run facts are skipped; a StatsD counter is
 * a delta, so our totals go as gauges too. A gauge cannot be set negative in one line (`-5|g`
 * decrements), so a negative value is sent as `0|g` then `-5|g`.
 * https://github.com/statsd/statsd/blob/master/docs/metric_types.md
 * Packets stay under 1,432 bytes (the daemon's advice for a 1,500-byte MTU).
 */

const MAX_PACKET = 1_432;

export const sink: Sink = {
  kind: 'statsd',
  async deliver(points, target, ctx): Promise<DeliveryResult> {
    const { current, timed } = partitionByTime(points);
    const skipped = countSamples(timed);
    const extra = skipped ? { skipped, note: 'StatsD has no timestamps: current values only' } : {};
    const lines: string[] = [];
    for (const p of current) {
      const tags = sortedLabels(p.labels).map(([k, v]) => `${clean(k)}:${clean(v)}`).join(',');
      const suffix = tags ? `|g|#${tags}` : '|g';
      const value = p.samples.at(-1)?.value ?? 0;
      if (value < 0) lines.push(`${p.name}:0${suffix}`);
      lines.push(`${p.name}:${value}${suffix}`);
    }
    const samples = current.length;
    const packets = pack(lines);
    if (ctx.dryRun) {
      for (const packet of packets) ctx.log.info(`dry-run: ${target.label}: UDP packet of ${Buffer.byteLength(packet)} bytes\n${ctx.redactor.scrub(packet)}`);
      return { sink: target.label, status: 'dry-run', points: samples, ...extra };
    }
    if (samples === 0) return { sink: target.label, status: 'nothing-to-send', points: 0, ...extra };
    const url = target.url ?? new URL('udp://invalid:1');
    try {
      const deadline = ctx.clock.now() + ctx.timeoutMs;
      await withRetry(target.label, () => send(url, packets, AbortSignal.any([ctx.signal, AbortSignal.timeout(Math.max(1, deadline - ctx.clock.now()))])), {
        clock: ctx.clock,
        signal: ctx.signal,
        stats: ctx.stats,
        deadline,
        policy: { maxRetryTimeMs: ctx.timeoutMs },
        log: (line) => ctx.log.info(line),
      });
      return { sink: target.label, status: 'ok', points: samples, ...extra };
    } catch (error) {
      return { sink: target.label, status: 'failed', points: 0, ...extra, error: ctx.redactor.scrub(messageOf(error)) };
    }
  },
};

/** Lines joined with newlines into packets under MAX_PACKET bytes. */
export function pack(lines: readonly string[]): string[] {
  const packets: string[] = [];
  let current = '';
  for (const line of lines) {
    if (current && Buffer.byteLength(current) + 1 + Buffer.byteLength(line) > MAX_PACKET) {
      packets.push(current);
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) packets.push(current);
  return packets;
}

/** `|`, `,`, `#`, `:` and newlines structure a line; they never appear inside a tag. */
function clean(text: string): string {
  return text.replace(/[|,#:\s@]/g, '_');
}

async function send(url: URL, packets: readonly string[], signal: AbortSignal): Promise<void> {
  const dgram = await import('node:dgram');
  const { isIPv6 } = await import('node:net');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const socket: Socket = dgram.createSocket(isIPv6(host) ? 'udp6' : 'udp4');
  try {
    await new Promise<void>((resolve, reject) => {
      const onAbort = (): void => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      socket.once('error', reject);
      socket.connect(Number(url.port), host, () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      });
    });
    for (const packet of packets) {
      await new Promise<void>((resolve, reject) => socket.send(packet, (error) => (error ? reject(error) : resolve())));
    }
  } finally {
    socket.close();
  }
}
