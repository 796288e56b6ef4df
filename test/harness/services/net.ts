/** Loopback ports: found free at run time, and checked open or closed. */
import { createConnection, createServer } from 'node:net';

export const HOST = '127.0.0.1';

/**
 * A port that was free a moment ago: bind port 0 and let the kernel choose. Another process can
 * still take it before the service binds it, so starters retry with a new port on "address in use".
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen({ host: HOST, port: 0, exclusive: true }, () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not read the bound port'));
      });
    });
  });
}

/** True when something accepts TCP connections on 127.0.0.1:port. */
export function isPortOpen(port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: HOST, port });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Log lines that mean the chosen port was taken between freePort() and the service's bind. */
export const PORT_IN_USE = /address already in use|EADDRINUSE|bind.*(failed|error)|Do you already have another/i;

/** A UDP port that was free a moment ago (the StatsD daemon's). */
export async function freeUdpPort(): Promise<number> {
  const { createSocket } = await import('node:dgram');
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.on('error', reject);
    socket.bind({ address: HOST, port: 0, exclusive: true }, () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}
