// The services' statement logs and the MariaDB statement proxy, against the real servers: each
// reader shows a statement sent after it was turned on, and the proxy forwards statements until
// it is told to hold them, after which the server never sees them.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import mysql from 'mysql2/promise';
import { startService, type MariaDb, type Postgres, type Redis } from './services/index.ts';
import { startStatementProxy } from './services/statement-proxy.ts';

let pg: Postgres;
let maria: MariaDb;
let redis: Redis;
before(async () => {
  [pg, maria, redis] = await Promise.all([startService('postgres'), startService('mariadb'), startService('redis')]);
});
after(async () => {
  await Promise.all([pg?.stop(), maria?.stop(), redis?.stop()]);
});

describe('statement logs', { concurrency: 4 }, () => {
  test('PostgreSQL: log_statement = all from now on, read back from the server log', async () => {
    const read = await pg.logStatements();
    await pg.query("SELECT 'pg-marker-1234';");
    assert.match(read(), /statement: SELECT 'pg-marker-1234';/);
  });

  test('MariaDB: the general log, read back from its file', async () => {
    const read = await maria.logStatements();
    await maria.query("SELECT 'maria-marker-5678';");
    assert.match(read(), /Query\s+SELECT 'maria-marker-5678'/);
    const again = await maria.logStatements();
    await maria.query("SELECT 'maria-marker-9012';");
    assert.doesNotMatch(again(), /maria-marker-5678/, 'a reader starts where it was made');
    assert.match(again(), /maria-marker-9012/);
  });

  test('Redis: MONITOR sees data commands, the slow log administrative ones (arguments redacted by Redis)', async () => {
    const monitor = await redis.monitor();
    const slowlog = await redis.slowlog();
    await redis.command(['SET', 'redis-marker', '42']);
    await redis.command(['ACL', 'SETUSER', 'marker-user', 'on', '>Marker-Pass-0001']);
    for (let i = 0; i < 50 && !monitor.lines().some((l) => l.includes('"redis-marker"')); i++) await new Promise((r) => setTimeout(r, 20));
    monitor.stop();
    assert.ok(monitor.lines().some((l) => /"SET" "redis-marker" "42"/.test(l)), monitor.lines().join('\n'));
    assert.ok(!monitor.lines().some((l) => /ACL/.test(l)), 'MONITOR leaves administrative commands out');
    const entries = await slowlog();
    assert.ok(entries.includes('ACL SETUSER (redacted) (redacted) (redacted)'), entries.slice(0, 5).join('\n'));
    assert.ok(!entries.some((e) => e.includes('Marker-Pass-0001')));
  });
});

describe('statement proxy', () => {
  test('forwards and records statements, then holds the Nth and every later one', async () => {
    const proxy = await startStatementProxy(maria.port);
    const conn = await mysql.createConnection({ host: '127.0.0.1', port: proxy.port, user: maria.user, password: maria.password });
    try {
      assert.deepEqual(await conn.query('SELECT 1 AS one').then(([rows]) => rows), [{ one: 1 }]);
      proxy.holdFrom(3);
      await conn.query("CREATE DATABASE IF NOT EXISTS proxydb");
      const held = conn.query({ sql: 'CREATE DATABASE proxy_never', timeout: 500 });
      await assert.rejects(held, /timeout|Timeout/);
      assert.equal(proxy.held(), true);
      assert.deepEqual(proxy.statements, ['SELECT 1 AS one', 'CREATE DATABASE IF NOT EXISTS proxydb', 'CREATE DATABASE proxy_never']);
      assert.deepEqual(await maria.query("SHOW DATABASES LIKE 'proxy%'"), [['proxydb']], 'the held statement never reached the server');
    } finally {
      conn.destroy();
      await proxy.close();
    }
  });
});
