/** Polling instead of fixed sleeps: services are ready in 0.05–2 s and a sleep is either too long or flaky. */
import { setTimeout as sleep } from 'node:timers/promises';

export interface PollOptions {
  timeoutMs?: number | undefined;
  intervalMs?: number | undefined;
  /** Named in the timeout error, e.g. "postgres on 127.0.0.1:5432 to accept connections". */
  what: string;
  /** Stop early with this error when it returns a message (the service died while we waited). */
  abort?: () => string | undefined;
}

/** Calls `check` until it returns something other than undefined, and returns that. */
export async function pollUntil<T>(check: () => Promise<T | undefined>, options: PollOptions): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    const aborted = options.abort?.();
    if (aborted !== undefined) throw new Error(`Gave up waiting for ${options.what}: ${aborted}`);
    if (Date.now() > deadline) {
      const last = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`Timed out after ${options.timeoutMs ?? 30_000} ms waiting for ${options.what}${last}`);
    }
    await sleep(options.intervalMs ?? 50);
  }
}
