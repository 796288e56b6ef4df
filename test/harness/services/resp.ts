/**
 * A minimal Redis (RESP2) client over net.Socket. redis-cli exits 0 even on WRONGPASS and then
 * carries on as the `default` user, so its exit code proves nothing; here every reply is read.
 * One short-lived connection per call: commands are pipelined and the socket closed afterwards.
 */
import { createConnection, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

/** An error reply (-WRONGPASS …, -NOAUTH …, -ERR …), kept apart from data. */
export class RespError extends Error {
  override readonly name = 'RespError';
  /** The first word of the reply: WRONGPASS, NOAUTH, NOPERM, ERR… */
  get code(): string {
    return this.message.split(' ', 1)[0] ?? '';
  }
}

export type RespValue = string | number | null | RespError | RespValue[];

interface Parsed {
  value: RespValue;
  next: number;
}

/** Parses one reply starting at `offset`; undefined when more bytes are needed. */
export function parseReply(buffer: Buffer, offset = 0): Parsed | undefined {
  const lineEnd = buffer.indexOf('\r\n', offset);
  if (lineEnd === -1) return undefined;
  const type = String.fromCharCode(buffer[offset] ?? 0);
  const line = buffer.toString('utf8', offset + 1, lineEnd);
  const afterLine = lineEnd + 2;
  switch (type) {
    case '+':
      return { value: line, next: afterLine };
    case '-':
      return { value: new RespError(line), next: afterLine };
    case ':':
      return { value: Number(line), next: afterLine };
    case '$': {
      const length = Number(line);
      if (length < 0) return { value: null, next: afterLine };
      if (buffer.length < afterLine + length + 2) return undefined;
      return { value: buffer.toString('utf8', afterLine, afterLine + length), next: afterLine + length + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { value: null, next: afterLine };
      const items: RespValue[] = [];
      let next = afterLine;
      for (let i = 0; i < count; i++) {
        const item = parseReply(buffer, next);
        if (item === undefined) return undefined;
        items.push(item.value);
        next = item.next;
      }
      return { value: items, next };
    }
    default:
      throw new Error(`unexpected RESP reply type ${JSON.stringify(type)}`);
  }
}

export function encodeCommand(args: readonly string[]): Buffer {
  const parts = [`*${args.length}\r\n`];
  for (const arg of args) parts.push(`$${Buffer.byteLength(arg)}\r\n${arg}\r\n`);
  return Buffer.from(parts.join(''));
}

/** A connection to redis, over TLS (trusting `tls.ca`) when given; `ready` is the event after which it can be written to. */
export function connectRedis(port: number, host: string, tls?: { ca: string }): { socket: Socket; ready: 'connect' | 'secureConnect' } {
  if (!tls) return { socket: createConnection({ host, port }), ready: 'connect' };
  return { socket: tlsConnect({ host, port, ca: tls.ca }), ready: 'secureConnect' };
}

/** Sends the commands on one connection and resolves with one reply per command. */
export function exchange(port: number, commands: readonly (readonly string[])[], host = '127.0.0.1', timeoutMs = 5_000, tls?: { ca: string }): Promise<RespValue[]> {
  return new Promise((resolve, reject) => {
    const { socket, ready } = connectRedis(port, host, tls);
    let buffer = Buffer.alloc(0);
    const replies: RespValue[] = [];
    const finish = (error?: Error) => {
      socket.destroy();
      if (error) reject(error);
      else resolve(replies);
    };
    socket.setTimeout(timeoutMs, () => finish(new Error(`redis on ${host}:${port} did not answer within ${timeoutMs} ms`)));
    socket.on('error', (error) => finish(error));
    socket.on(ready, () => socket.write(Buffer.concat(commands.map(encodeCommand))));
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      try {
        for (;;) {
          const parsed = parseReply(buffer);
          if (parsed === undefined) break;
          replies.push(parsed.value);
          buffer = buffer.subarray(parsed.next);
        }
      } catch (error) {
        finish(error as Error);
        return;
      }
      if (replies.length >= commands.length) finish();
    });
    socket.on('close', () => {
      if (replies.length < commands.length) finish(new Error(`redis closed the connection after ${replies.length} of ${commands.length} replies`));
    });
  });
}
