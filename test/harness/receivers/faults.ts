// A proxy in front of a real receiver that misbehaves on cue, to prove the sinks' delivery rules:
// a scripted answer per request (429 with Retry-After, 5xx, a hang that never answers), and a
// body-size limit answered with 413 — the rest is forwarded to the real receiver untouched.
import { startReceiverServer, type Answer, type ReceiverServer } from './server.ts';

export type Fault = { status: number; retryAfter?: string; body?: string } | 'hang' | 'pass';

export interface FaultyProxy extends ReceiverServer {
  /** Answers for the next requests, in order; when empty, requests pass. */
  readonly script: Fault[];
  /** Bodies larger than this get 413 (Infinity: no limit). */
  maxBodyBytes: number;
  /** Requests answered 413. */
  tooLarge: number;
}

export async function startFaultyProxy(target: string): Promise<FaultyProxy> {
  const state = { script: [] as Fault[], maxBodyBytes: Number.POSITIVE_INFINITY, tooLarge: 0 };
  const server = await startReceiverServer('faulty proxy', async (req): Promise<Answer | undefined> => {
    if (req.body.byteLength > state.maxBodyBytes) {
      state.tooLarge++;
      return { status: 413, body: 'request entity too large' };
    }
    const fault = state.script.shift() ?? 'pass';
    if (fault === 'hang') return undefined;
    if (fault !== 'pass') return { status: fault.status, body: fault.body ?? `status ${fault.status}`, headers: fault.retryAfter ? { 'retry-after': fault.retryAfter } : {} };
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !['host', 'content-length', 'connection'].includes(k)));
    const response = await fetch(`${target}${req.path}${req.query.size ? `?${req.query}` : ''}`, { method: req.method, headers, ...(req.body.byteLength ? { body: req.body } : {}) });
    const body = new Uint8Array(await response.arrayBuffer());
    const contentType = response.headers.get('content-type');
    return { status: response.status, body, headers: contentType ? { 'content-type': contentType } : {} };
  });
  return {
    url: server.url,
    requests: server.requests,
    receivedStrings: server.receivedStrings,
    close: server.close,
    script: state.script,
    get maxBodyBytes() {
      return state.maxBodyBytes;
    },
    set maxBodyBytes(v: number) {
      state.maxBodyBytes = v;
    },
    get tooLarge() {
      return state.tooLarge;
    },
    set tooLarge(v: number) {
      state.tooLarge = v;
    },
  };
}
