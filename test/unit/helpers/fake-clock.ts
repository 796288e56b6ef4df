import type { Clock } from '../../../shared/clock.ts';

/**
 * A Clock that never really sleeps. Every sleep is recorded in `sleeps`.
 * - auto (default): a sleep advances `now` by its length and resolves at once.
 * - manual (`auto: false`): a sleep stays pending until `advance()` passes its end or its signal
 *   aborts; `nextSleep()` resolves when one starts.
 */
export class FakeClock implements Clock {
  readonly sleeps: number[] = [];
  readonly auto: boolean;
  #now: number;
  #waiters: { until: number; resolve: () => void }[] = [];
  #onSleep: ((ms: number) => void)[] = [];

  constructor(options: { start?: number; auto?: boolean } = {}) {
    this.#now = options.start ?? Date.UTC(2026, 10, 28, 12, 0, 0);
    this.auto = options.auto ?? true;
  }

  now(): number {
    return this.#now;
  }

  get slept(): number {
    return this.sleeps.reduce((sum, ms) => sum + ms, 0);
  }

  get pending(): number {
    return this.#waiters.length;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    for (const notify of this.#onSleep.splice(0)) notify(ms);
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.auto) {
      this.#now += Math.max(0, ms);
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter = {
        until: this.#now + ms,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiters.push(waiter);
    });
  }

  /** Moves time on (any mode) and wakes the sleeps that are due. */
  advance(ms: number): void {
    this.#now += ms;
    const due = this.#waiters.filter((w) => w.until <= this.#now);
    this.#waiters = this.#waiters.filter((w) => w.until > this.#now);
    for (const w of due) w.resolve();
  }

  /** Resolves with the length of the next sleep to start. */
  nextSleep(): Promise<number> {
    return new Promise((resolve) => this.#onSleep.push(resolve));
  }
}

/** Deterministic "random" values, cycled. */
export function sequence(...values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length] ?? 0;
}
