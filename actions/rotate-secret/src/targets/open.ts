import type { DriverOptions, TargetDriver } from './types.ts';

/** Each driver is its own file and chunk: its client library loads only when that target is used. */
export async function openTarget(opts: DriverOptions): Promise<TargetDriver> {
  switch (opts.target.kind) {
    case 'postgres':
      return (await import('./postgres.ts')).openPostgres(opts);
    case 'mysql':
      return (await import('./mysql.ts')).openMysql(opts);
    case 'redis':
      return (await import('./redis.ts')).openRedis(opts);
  }
}
