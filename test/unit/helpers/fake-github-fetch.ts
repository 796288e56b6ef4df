import type { Clock } from '../../../shared/clock.ts';

/**
 * A scripted stand-in for fetch at the GitHub client's seam: no network. Each call takes the next
 * step (the last one repeats) and is recorded with the fake clock's time.
 */

export interface Call {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
  signal: AbortSignal | undefined;
  at: number;
}

export type Step =
  | { status: number; headers?: Record<string, string>; body?: unknown; /** Sent as is instead of JSON (a cut or garbled answer). */ raw?: string }
  | { error: unknown }
  /** Never answers; rejects with the signal's reason when it aborts (as fetch does). */
  | { hang: true }
  | ((call: Call) => Step | Promise<Step>);

export interface FakeFetch {
  fetch: typeof fetch;
  calls: Call[];
  /** Most requests that were in flight at once. */
  maxInFlight: number;
}

export function fakeFetch(steps: Step[], clock?: Clock): FakeFetch {
  const state: FakeFetch = { fetch: undefined as unknown as typeof fetch, calls: [], maxInFlight: 0 };
  let inFlight = 0;
  state.fetch = async (input, init) => {
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, key) => {
      headers[key] = value;
    });
    const call: Call = {
      method: init?.method ?? 'GET',
      url: String(input),
      headers,
      body: typeof init?.body === 'string' ? init.body : undefined,
      signal: init?.signal ?? undefined,
      at: clock?.now() ?? Date.now(),
    };
    let step = steps[Math.min(state.calls.length, steps.length - 1)];
    state.calls.push(call);
    inFlight += 1;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    try {
      // Let other queued work run, as a real round trip would.
      await new Promise((resolve) => setImmediate(resolve));
      while (typeof step === 'function') step = await step(call);
      if (step === undefined) throw new Error('fakeFetch: no steps');
      if ('error' in step) throw step.error;
      if ('hang' in step) {
        return await new Promise<Response>((_resolve, reject) => {
          const signal = call.signal;
          if (!signal) return;
          if (signal.aborted) {
            reject(signal.reason);
            return;
          }
          // Stands for the open socket that keeps the event loop alive (AbortSignal.timeout's timer does not).
          const socket = setInterval(() => {}, 1_000);
          signal.addEventListener(
            'abort',
            () => {
              clearInterval(socket);
              reject(signal.reason);
            },
            { once: true },
          );
        });
      }
      const body = step.raw !== undefined ? step.raw : step.status === 204 || step.body === undefined ? null : JSON.stringify(step.body);
      return new Response(body, {
        status: step.status,
        headers: { 'content-type': 'application/json; charset=utf-8', ...step.headers },
      });
    } finally {
      inFlight -= 1;
    }
  };
  return state;
}

/** What undici's fetch throws for a transport failure: TypeError('fetch failed') caused by a coded error. */
export function networkError(code: string, extra: Record<string, unknown> = {}): TypeError {
  const cause = Object.assign(new Error(`${code === 'ENOTFOUND' ? 'getaddrinfo' : 'connect'} ${code} ${String(extra['hostname'] ?? 'api.github.com')}`), {
    code,
    ...extra,
  });
  return new TypeError('fetch failed', { cause });
}
