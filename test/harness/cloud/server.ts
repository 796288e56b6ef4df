// HTTP plumbing shared by the cloud emulators: listen on 127.0.0.1 (random port), name each request's
// operation, log it, apply fault rules, run the handler, send the reply.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listen, lowerHeaders, readBody, sendRaw, sleep, untilAborted, type Listening } from '../github/server.ts';

export interface CloudRequest {
  method: string;
  url: URL;
  /** The raw request target (path and query as sent), for signature checks. */
  rawPath: string;
  /** Lower-cased names. */
  headers: Record<string, string>;
  body: string;
}

export interface CloudReply {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}

export type FaultAction = 'hang' | 'reset' | 'apply-then-reset' | 'apply-then-status';

/**
 * A fault: which requests of an operation (by their ordinal among the requests matching the rule,
 * 1-based, inclusive) get which effect. `times: n` is `from..from+n-1`; default: one request.
 */
export interface CloudFault {
  /** An operation of the emulator (see its README section), or '*'. */
  operation: string;
  from?: number;
  to?: number;
  times?: number;
  /** Answer this status with the cloud's own error shape (`code`, `message`), without applying the request. */
  status?: number;
  code?: string;
  message?: string;
  /**
   * hang: never answer (released by close()); reset: destroy the socket before answering, nothing applied;
   * apply-then-reset: apply, then destroy the socket; apply-then-status: apply, then answer `status` (default 500).
   */
  action?: FaultAction;
  /** Wait this long first (then the other effects, or a normal answer). */
  latencyMs?: number;
}

export interface CloudLogEntry {
  seq: number;
  method: string;
  path: string;
  operation: string;
  status: number;
  fault?: string;
  /** Who made the request, when the emulator knows (a role ARN, a service account); never a secret. */
  principal?: string | undefined;
}

export interface EmulatorCore {
  readonly url: string;
  readonly requests: CloudLogEntry[];
  faults: { inject(rule: CloudFault): void; clear(): void };
  close(): Promise<void>;
}

export interface ServerSpec {
  name: string;
  operations: readonly string[];
  /** The operation a request is, or undefined (answered with `unknown`). */
  route(req: CloudRequest): string | undefined;
  handle(operation: string, req: CloudRequest, entry: CloudLogEntry): Promise<CloudReply> | CloudReply;
  /** The cloud's own error shape. */
  error(status: number, code: string | undefined, message: string | undefined, operation: string): CloudReply;
  /** The reply for requests no operation matches. */
  unknown(req: CloudRequest): CloudReply;
}

interface Armed {
  rule: CloudFault;
  seen: number;
}

export async function startServer(spec: ServerSpec): Promise<EmulatorCore> {
  const requests: CloudLogEntry[] = [];
  let armed: Armed[] = [];
  let seq = 0;
  const state: { server?: Listening } = {};

  const pick = (operation: string): CloudFault | undefined => {
    let chosen: CloudFault | undefined;
    for (const a of armed) {
      if (a.rule.operation !== '*' && a.rule.operation !== operation) continue;
      a.seen += 1;
      const from = a.rule.from ?? 1;
      const to = a.rule.to ?? from + (a.rule.times ?? 1) - 1;
      if (!chosen && a.seen >= from && a.seen <= to) chosen = a.rule;
    }
    return chosen;
  };

  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const server = state.server;
    if (!server) throw new Error(`${spec.name} emulator not ready`);
    const body = await readBody(req);
    const cr: CloudRequest = {
      method: (req.method ?? 'GET').toUpperCase(),
      url: new URL(req.url ?? '/', server.url),
      rawPath: req.url ?? '/',
      headers: lowerHeaders(req),
      body,
    };
    const operation = spec.route(cr);
    const entry: CloudLogEntry = { seq: ++seq, method: cr.method, path: cr.url.pathname, operation: operation ?? 'unknown', status: 0 };
    requests.push(entry);
    const send = (reply: CloudReply): void => {
      entry.status = reply.status;
      sendRaw(res, reply.status, reply.body ?? '', { 'content-type': 'application/json', ...reply.headers });
    };
    if (!operation) return send(spec.unknown(cr));

    const fault = pick(operation);
    if (fault) {
      entry.fault = fault.action ?? (fault.status !== undefined ? `status ${fault.status}` : 'latency');
      if (fault.latencyMs) await sleep(fault.latencyMs, server.closing);
      if (fault.action === 'hang') {
        await untilAborted(server.closing);
        res.destroy();
        return;
      }
      if (fault.action === 'reset') {
        res.destroy();
        return;
      }
      if (fault.action === 'apply-then-reset' || fault.action === 'apply-then-status') {
        const reply = await spec.handle(operation, cr, entry);
        entry.fault += ` (applied: ${reply.status})`;
        if (fault.action === 'apply-then-reset') {
          res.destroy();
          return;
        }
        return send(spec.error(fault.status ?? 500, fault.code, fault.message, operation));
      }
      if (fault.status !== undefined) return send(spec.error(fault.status, fault.code, fault.message, operation));
    }
    send(await spec.handle(operation, cr, entry));
  };

  state.server = await listen(handler);
  const server = state.server;
  return {
    url: server.url,
    requests,
    faults: {
      inject(rule: CloudFault): void {
        if (rule.operation !== '*' && !spec.operations.includes(rule.operation)) {
          throw new Error(`${spec.name} fault: unknown operation '${rule.operation}' (known: ${spec.operations.join(', ')})`);
        }
        if (rule.status === undefined && rule.action === undefined && rule.latencyMs === undefined) {
          throw new Error(`${spec.name} fault has no effect: give status, action or latencyMs`);
        }
        armed.push({ rule: { ...rule }, seen: 0 });
      },
      clear(): void {
        armed = [];
      },
    },
    close: () => server.close(),
  };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): CloudReply {
  return { status, body: body === undefined ? '' : JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } };
}

/** Form or JSON body as a flat string map (Google STS takes both). */
export function formOrJson(req: CloudRequest): Record<string, string> {
  const type = req.headers['content-type'] ?? '';
  if (type.includes('json')) {
    try {
      const parsed = JSON.parse(req.body) as unknown;
      if (typeof parsed !== 'object' || parsed === null) return {};
      return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'));
    } catch {
      return {};
    }
  }
  return Object.fromEntries(new URLSearchParams(req.body));
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Random characters from `alphabet` (default letters and digits). */
export function randomChars(n: number, alphabet: string = ALNUM): string {
  const bytes = new Uint8Array(n);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}
