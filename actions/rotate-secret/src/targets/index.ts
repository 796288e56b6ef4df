import type { DriverOptions, TargetDriver } from './types.ts';

export type { DriverOptions, TargetDriver } from './types.ts';
export { TargetUnavailable } from './types.ts';
export { describeUrl, withCredentials } from './url.ts';

/** Each driver is its own chunk: its client library loads only when that target is used. */
export async function openTarget(kind: TargetDriver['kind'], opts: DriverOptions): Promise<TargetDriver> {
  switch (kind) {
    case 'postgres':
      return (await import('./postgres.ts')).openPostgres(opts);
    case 'mysql':
      return (await import('./mysql.ts')).openMysql(opts);
    case 'redis':
      return (await import('./redis.ts')).openRedis(opts);
  }
}
