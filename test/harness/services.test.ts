/**
 * Self-tests of the service manager against the real programs: each service starts, answers,
 * creates a user who can log in, rejects an old password after rotation, and leaves nothing
 * behind (no process, no port, no temp dir) once stopped — also when the test process just exits.
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  type Ansible,
  type AnyService,
  type InfluxDb,
  installCommand,
  isPortOpen,
  makeTestCa,
  type MariaDb,
  missingPackages,
  packagesFor,
  type Postgres,
  type Prometheus,
  type Redis,
  RespError,
  type Statsd,
  type VictoriaMetrics,
  SERVICE_NAMES,
  startService,
  stopAll,
} from './services/index.ts';
import { run } from './services/exec.ts';
import { retryOnPortClash } from './services/lifecycle.ts';
import { parseBatch } from './services/mariadb.ts';
import { isAlive } from './services/processes.ts';
import { parseQueryResponse } from './services/prometheus.ts';
import { groupingSegment } from './services/pushgateway.ts';
import { connectRedis, encodeCommand, exchange, parseReply } from './services/resp.ts';
import { parseCsv } from './services/sql.ts';

const INDEX = fileURLToPath(new URL('./services/index.ts', import.meta.url));
const CLI = fileURLToPath(new URL('../../scripts/services.ts', import.meta.url));
const NODE = process.execPath;
const execFileAsync = promisify(execFile);

/** Runs a node script (ESM, stdin) and collects its output: for exit-cleanup checks in a child. */
function runNode(script: string, onStdout?: (text: string, kill: (sig: NodeJS.Signals) => void) => void) {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(NODE, ['--input-type=module', '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      onStdout?.(stdout, (sig) => child.kill(sig));
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.end(script);
  });
}

async function assertGone(handle: { resources: { processes: { pid: number }[]; dirs: string[] } }, ports: number[]) {
  // A SIGKILL sent by an exiting process lands a moment later: wait for it (bounded), don't race it.
  for (const { pid } of handle.resources.processes) {
    for (let waited = 0; isAlive(pid) && waited < 10_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    assert.equal(isAlive(pid), false, `pid ${pid} still alive`);
  }
  for (const dir of handle.resources.dirs) assert.equal(existsSync(dir), false, `${dir} still exists`);
  for (const port of ports) assert.equal(await isPortOpen(port), false, `port ${port} still open`);
}

describe('pure helpers', () => {
  test('psql CSV rows keep commas, quotes and newlines inside values', () => {
    assert.deepEqual(parseCsv('1,"a,b"\n"x\ny","say ""hi""",\n'), [
      ['1', 'a,b'],
      ['x\ny', 'say "hi"', ''],
    ]);
    assert.deepEqual(parseCsv(''), []);
  });

  test('mariadb --batch rows are unescaped', () => {
    assert.deepEqual(parseBatch('1\ta\\tb\nx\\ny\tNULL\t\n'), [
      ['1', 'a\tb'],
      ['x\ny', 'NULL', ''],
    ]);
  });

  test('RESP replies parse, including errors, nulls, nesting and partial input', () => {
    const reply = Buffer.from('*4\r\n+OK\r\n-WRONGPASS invalid\r\n$-1\r\n*1\r\n:42\r\n');
    const parsed = parseReply(reply);
    assert.ok(parsed);
    const [ok, error, nil, nested] = parsed.value as unknown[];
    assert.equal(ok, 'OK');
    assert.ok(error instanceof RespError);
    assert.equal(error.code, 'WRONGPASS');
    assert.equal(nil, null);
    assert.deepEqual(nested, [42]);
    assert.equal(parseReply(Buffer.from('$5\r\nab')), undefined);
    assert.equal(encodeCommand(['AUTH', 'é']).toString(), '*2\r\n$4\r\nAUTH\r\n$2\r\né\r\n');
  });

  test('PromQL responses: vectors, scalars, infinities and errors', () => {
    const vector = JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{ metric: { a: 'b' }, value: [1, '+Inf'] }] } });
    assert.deepEqual(parseQueryResponse('q', 200, vector), [{ metric: { a: 'b' }, value: Infinity }]);
    const scalar = JSON.stringify({ status: 'success', data: { resultType: 'scalar', result: [1, '2'] } });
    assert.deepEqual(parseQueryResponse('q', 200, scalar), [{ metric: {}, value: 2 }]);
    const bad = JSON.stringify({ status: 'error', errorType: 'bad_data', error: 'parse error' });
    assert.throws(() => parseQueryResponse('sum(', 400, bad), /sum\(.*parse error/);
  });

  test('pushgateway grouping labels: slashes and empty values go base64url', () => {
    assert.equal(groupingSegment('instance', 'ci'), 'instance/ci');
    assert.equal(groupingSegment('path', 'a/b'), `path@base64/${Buffer.from('a/b').toString('base64url')}`);
    assert.equal(groupingSegment('empty', ''), 'empty@base64/=');
  });

  test('a start is retried on a port clash only', async () => {
    let calls = 0;
    const value = await retryOnPortClash(async () => {
      calls++;
      if (calls < 2) throw new Error('bind: address already in use');
      return 'ok';
    });
    assert.equal(value, 'ok');
    assert.equal(calls, 2);
    await assert.rejects(retryOnPortClash(async () => Promise.reject(new Error('initdb exited 1'))), /initdb/);
  });

  test('package list and install command', () => {
    assert.deepEqual(packagesFor(['prometheus', 'pushgateway']), ['prometheus', 'prometheus-pushgateway']);
    assert.match(installCommand(['redis-server']), /apt-get update && .*apt-get install -y --no-install-recommends redis-server$/);
    // Installed in this environment (by .ci/run or the first test), so nothing is missing.
    assert.deepEqual(missingPackages(SERVICE_NAMES), []);
  });

  test('importing the harness starts nothing and installs no exit hooks', async () => {
    const result = await runNode(
      `await import(${JSON.stringify(INDEX)});\n` +
        `console.log(JSON.stringify(['exit', 'SIGINT', 'SIGTERM'].map((e) => process.listenerCount(e))));`,
    );
    assert.equal(result.stdout.trim(), '[0,0,0]', result.stderr);
  });
});

// Shared by the 'services' suite and the 'stopping' suite that follows it.
let pg: Postgres;
let db: MariaDb;
let redis: Redis;
let prom: Prometheus;
let ansible: Ansible;

// Whatever fails above, nothing may outlive the file.
after(stopAll);

// The services are independent, so their tests run concurrently (prometheus's wait overlaps ansible's runs).
describe('services', { concurrency: true }, () => {
  before(async () => {
    // Started together: the slowest (mariadb, postgres) take about a second.
    [pg, db, redis, prom, ansible] = await Promise.all([
      startService('postgres'),
      startService('mariadb'),
      startService('redis'),
      startService('prometheus'),
      startService('ansible'),
    ]);
  });

  test('postgres: answers, creates a user, rejects the old password after ALTER ROLE', async () => {
    assert.equal(pg.host, '127.0.0.1');
    assert.equal(pg.url, `postgres://admin:${pg.password}@127.0.0.1:${pg.port}/postgres`);
    assert.deepEqual(await pg.query("SELECT current_user, 'a,b', 1 + 1"), [['admin', 'a,b', '2']]);
    assert.deepEqual(await pg.query('SHOW listen_addresses'), [['127.0.0.1']]);
    assert.deepEqual(await pg.query("SELECT rolsuper FROM pg_roles WHERE rolname = 'admin'"), [['t']]);
    await pg.createUser('app', 'old-pass');
    assert.equal(await pg.canLogin('app', 'old-pass'), true);
    assert.deepEqual(await pg.query('SELECT current_user', { user: 'app', password: 'old-pass' }), [['app']]);
    assert.equal(await pg.canLogin('app', 'wrong'), false);
    assert.equal(await pg.canLogin('nobody', 'x'), false);
    await pg.query("ALTER ROLE app PASSWORD 'new-pass-42'");
    assert.equal(await pg.canLogin('app', 'new-pass-42'), true);
    assert.equal(await pg.canLogin('app', 'old-pass'), false);
    await assert.rejects(pg.query('SELECT * FROM missing_table'), /missing_table/);
    // Not an answer about the password: must throw, never return false.
    await assert.rejects(pg.canLogin('app', 'new-pass-42', 'no_such_db'), /another reason/);
  });

  test('mariadb: answers, creates a user, rejects the old password after ALTER USER', async () => {
    assert.equal(db.url, `mysql://admin:${db.password}@127.0.0.1:${db.port}/`);
    assert.deepEqual(await db.query("SELECT current_user(), 'a\tb'"), [['admin@%', 'a\tb']]);
    assert.deepEqual(await db.query('SELECT @@bind_address'), [['127.0.0.1']]);
    await db.createUser('app', 'old-pass');
    assert.equal(await db.canLogin('app', 'old-pass'), true);
    assert.equal(await db.canLogin('app', 'wrong'), false);
    assert.equal(await db.canLogin('nobody', 'x'), false);
    await db.query("ALTER USER 'app'@'%' IDENTIFIED BY 'new-pass-42'");
    assert.equal(await db.canLogin('app', 'new-pass-42'), true);
    assert.equal(await db.canLogin('app', 'old-pass'), false);
    await assert.rejects(db.query('SELECT * FROM missing_table'), /ERROR/);
  });

  test('redis: default user off, creates a user, rejects the old password after ACL resetpass', async () => {
    assert.equal(redis.url, `redis://admin:${redis.password}@127.0.0.1:${redis.port}`);
    assert.equal(await redis.command(['PING']), 'PONG');
    assert.equal(await redis.command(['SET', 'k', 'v']), 'OK');
    assert.equal(await redis.command(['GET', 'k']), 'v');
    // The default user is disabled, so a wrong or missing password never falls back to it.
    assert.equal(await redis.canLogin('default', ''), false);
    await assert.rejects(redis.command(['PING'], { user: 'default', password: '' }), /WRONGPASS/);
    await redis.createUser('app', 'old-pass');
    assert.equal(await redis.canLogin('app', 'old-pass'), true);
    assert.equal(await redis.canLogin('app', 'wrong'), false);
    assert.equal(await redis.command(['ACL', 'WHOAMI'], { user: 'app', password: 'old-pass' }), 'app');
    await redis.command(['ACL', 'SETUSER', 'app', 'resetpass', '>new-pass-42']);
    assert.equal(await redis.canLogin('app', 'new-pass-42'), true);
    assert.equal(await redis.canLogin('app', 'old-pass'), false);
  });

  test('pushgateway + prometheus: a pushed metric is queryable with PromQL', async () => {
    const gateway = prom.pushgateway;
    await gateway.push(
      'report-metrics',
      '# TYPE deploy_duration_seconds gauge\ndeploy_duration_seconds{env="staging",service="api"} 42.5\n' +
        '# TYPE deploys_total counter\ndeploys_total{env="staging"} 3\n',
      { instance: 'ci' },
    );
    assert.match(await gateway.metrics(), /deploy_duration_seconds\{env="staging",instance="ci",job="report-metrics",service="api"\} 42.5/);
    const [sample] = await prom.waitFor('deploy_duration_seconds{job="report-metrics",env="staging"}');
    assert.ok(sample);
    assert.equal(sample.value, 42.5);
    // honor_labels: the job and instance of the push, not the scrape's.
    assert.equal(sample.metric['job'], 'report-metrics');
    assert.equal(sample.metric['instance'], 'ci');
    assert.deepEqual(await prom.query('sum by (env) (deploys_total)'), [{ metric: { env: 'staging' }, value: 3 }]);
  });

  test('ansible: a local playbook changes things once, then nothing', async () => {
    assert.equal(ansible.inventoryLine, 'localhost ansible_connection=local ansible_python_interpreter=/usr/bin/python3');
    assert.equal(readFileSync(ansible.inventoryPath, 'utf8').trim(), ansible.inventoryLine);
    const out = join(ansible.dir, 'out');
    const playbook = join(ansible.dir, 'site.yml');
    writeFileSync(
      playbook,
      [
        '- hosts: localhost',
        '  gather_facts: false',
        '  tasks:',
        `    - ansible.builtin.file: { path: "${out}", state: directory }`,
        `    - ansible.builtin.copy: { dest: "${out}/app.conf", content: "env=staging\\nreplicas={{ replicas | default(2) }}\\n" }`,
        '',
      ].join('\n'),
    );
    const first = await ansible.runPlaybook(playbook);
    assert.equal(first.code, 0, first.stdout + first.stderr);
    assert.match(first.stdout, /localhost\s+: ok=2\s+changed=2\s+unreachable=0\s+failed=0/);
    assert.equal(readFileSync(join(out, 'app.conf'), 'utf8'), 'env=staging\nreplicas=2\n');
    const second = await ansible.runPlaybook(playbook, [], { json: true });
    assert.equal(second.code, 0, second.stdout + second.stderr);
    const report = JSON.parse(second.stdout) as { stats: Record<string, { changed: number; ok: number; failures: number }> };
    assert.deepEqual(
      { ok: report.stats['localhost']?.ok, changed: report.stats['localhost']?.changed, failures: report.stats['localhost']?.failures },
      { ok: 2, changed: 0, failures: 0 },
    );
  });

  test('TLS mode: a certificate openssl made for the test; plaintext refused, TLS with the CA accepted, by all three databases', async () => {
    const ca = await makeTestCa();
    const tls = await ca.server({ ip: ['127.0.0.1'] });
    assert.match(tls.cert, /^-----BEGIN CERTIFICATE-----/);
    const [pg, maria, redis] = await Promise.all([startService('postgres', { tls }), startService('mariadb', { tls }), startService('redis', { tls })]);
    try {
      // The harness's own clients connect over TLS, checking the chain.
      await pg.createUser('tls_self', 'Tls-Self-0001');
      assert.equal(await pg.canLogin('tls_self', 'Tls-Self-0001'), true);
      assert.deepEqual(await pg.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"), [['t']], 'psql is on TLS');
      await maria.createUser('tls_self', 'Tls-Self-0001');
      assert.equal(await maria.canLogin('tls_self', 'Tls-Self-0001'), true);
      assert.notEqual((await maria.query("SHOW SESSION STATUS LIKE 'Ssl_cipher'"))[0]?.[1], '', 'the client is on TLS');
      await redis.createUser('tls_self', 'Tls-Self-0001');
      assert.equal(await redis.canLogin('tls_self', 'Tls-Self-0001'), true);
      assert.match(redis.url, /^rediss:\/\//);
      // Plaintext is refused: PostgreSQL by pg_hba (hostssl only), MariaDB by require_secure_transport, Redis has no plaintext port.
      const psql = await run(join(pg.binDir, 'psql'), ['-X', '-w', '-c', 'SELECT 1'], { env: { ...pg.env(), PGSSLMODE: 'disable' } });
      assert.match(psql.stderr, /no encryption/);
      assert.deepEqual(await maria.query('SELECT @@GLOBAL.require_secure_transport'), [['1']]);
      const plain = await exchange(redis.port, [['PING']]).catch((e: unknown) => e);
      assert.ok(plain instanceof Error, 'a plaintext client gets no answer from the TLS port');
      // A client trusting another CA is refused by the TLS handshake itself.
      const other = await makeTestCa('another CA');
      const refused = await new Promise<Error>((resolve) => {
        const { socket } = connectRedis(redis.port, '127.0.0.1', { ca: other.cert });
        socket.on('error', resolve);
        socket.on('secureConnect', () => resolve(new Error('connected')));
      });
      assert.match(refused.message, /self-signed certificate in certificate chain|unable to verify/);
    } finally {
      await Promise.all([pg.stop(), maria.stop(), redis.stop()]);
    }
  });
});

// The metric stores report-metrics' sinks write into: each parses the wire format for real.
describe('metric stores', { concurrency: true }, () => {
  let vm: VictoriaMetrics;
  let influx: InfluxDb;
  let statsd: Statsd;
  before(async () => {
    [vm, influx] = await Promise.all([startService('victoria-metrics'), startService('influxdb')]);
    statsd = await startService('statsd', { victoria: vm });
  });

  test('victoria-metrics: Influx line protocol in, every raw sample out with its timestamp', async () => {
    const at = Date.now() - 86_400_000;
    const r = await fetch(`${vm.url}/write?db=probe&precision=ms`, { method: 'POST', body: `probe_gauge,k=v value=7 ${at}\nprobe_gauge,k=v value=8 ${at + 1000}\n` });
    assert.equal(r.status, 204);
    const [series] = await vm.waitFor('probe_gauge{k="v",db="probe"}');
    assert.deepEqual(series?.samples, [[at, 7], [at + 1000, 8]]);
  });

  test('statsd: the Etsy daemon takes a DogStatsD-tagged gauge over UDP and flushes it through Graphite into victoria-metrics', async () => {
    assert.match(statsd.url, /^udp:\/\/127\.0\.0\.1:\d+$/);
    const socket = createSocket('udp4');
    await new Promise<void>((resolve, reject) => socket.send('probe_statsd:42|g|#team:ci', statsd.port, statsd.host, (e) => (e ? reject(e) : resolve())));
    socket.close();
    const [series] = await statsd.victoria.waitFor('{__name__="stats.gauges.probe_statsd",team="ci"}');
    assert.equal(series?.samples.at(-1)?.[1], 42);
    assert.deepEqual(statsd.badLines(), []);
  });

  test('influxdb: authentication on — the admin queries, a writer writes with basic auth, a wrong or missing password is refused', async () => {
    await influx.query('CREATE DATABASE probe');
    await influx.createWriter('probe_writer', 'writer-pass-1', 'probe');
    const write = (authorization?: string) =>
      fetch(`${influx.url}/write?db=probe&precision=ms`, { method: 'POST', body: 'm,k=v value=3 1700000000000\n', headers: authorization ? { authorization } : {} });
    const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;
    assert.equal((await write()).status, 401);
    assert.equal((await write(basic('probe_writer', 'wrong'))).status, 401);
    assert.equal((await write(basic('probe_writer', 'writer-pass-1'))).status, 204);
    const [series] = await influx.query('SELECT value FROM m', 'probe');
    assert.deepEqual(series?.values, [[1_700_000_000_000, 3]]);
    const unauthenticated = await fetch(`${influx.url}/query?q=SHOW+DATABASES`);
    assert.equal(unauthenticated.status, 401);
  });

  after(async () => {
    const handles = [statsd, vm, influx];
    const ports = [vm.port, vm.graphitePort, influx.port];
    await statsd.stop();
    await Promise.all([vm.stop(), influx.stop()]);
    for (const h of handles) await assertGone(h, ports);
  });
});

describe('stopping', () => {
  test('stopAll leaves no process, open port or temp dir; a stopped server is an error, not a refusal', async () => {
    const handles: AnyService[] = [pg, db, redis, prom, prom.pushgateway, ansible];
    const ports = handles.flatMap((h) => ('port' in h ? [h.port] : []));
    for (const port of ports) assert.equal(await isPortOpen(port), true, `port ${port} should be open before stop`);
    await stopAll();
    for (const handle of handles) await assertGone(handle, ports);
    // canLogin must not turn "connection refused" into "wrong password".
    await assert.rejects(pg.canLogin('app', 'new-pass-42'), /another reason/);
    await assert.rejects(db.canLogin('app', 'new-pass-42'), /another reason/);
    await assert.rejects(redis.canLogin('app', 'new-pass-42'), /ECONNREFUSED/);
    // stop() is idempotent.
    await pg.stop();
  });

  const startRedisScript = (then: string) =>
    `import { startService } from ${JSON.stringify(INDEX)};\n` +
    `const r = await startService('redis');\n` +
    `console.log(JSON.stringify({ port: r.port, pid: r.resources.processes[0].pid, dir: r.dir }));\n${then}\n`;

  test('a test process that exits without stopping still kills its services and removes their dirs', async () => {
    const result = await runNode(startRedisScript('process.exit(0);'));
    assert.equal(result.code, 0, result.stderr);
    const { port, pid, dir } = JSON.parse(result.stdout) as { port: number; pid: number; dir: string };
    await assertGone({ resources: { processes: [{ pid }], dirs: [dir] } }, [port]);
  });

  test('SIGTERM to a test process kills its services and still ends the process by the signal', async () => {
    let info: { port: number; pid: number; dir: string } | undefined;
    const result = await runNode(startRedisScript('setInterval(() => {}, 1000);'), (stdout, kill) => {
      if (info === undefined && stdout.includes('\n')) {
        info = JSON.parse(stdout) as { port: number; pid: number; dir: string };
        kill('SIGTERM');
      }
    });
    assert.equal(result.signal, 'SIGTERM', result.stderr);
    assert.ok(info);
    await assertGone({ resources: { processes: [{ pid: info.pid }], dirs: [info.dir] } }, [info.port]);
  });

  test('the CLI starts a service that outlives it, and stop finds it through the state file', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'services-cli-test-'));
    const env = { ...process.env, ACTIONS_SUITE_SERVICES_STATE: join(stateDir, 'state.json') };
    try {
      const started = await execFileAsync(NODE, [CLI, 'start', 'redis'], { env });
      const { redis: info } = JSON.parse(started.stdout) as { redis: { port: number; password: string; dir: string } };
      // The CLI has exited; the server must still answer, with the printed credentials.
      assert.deepEqual(await exchange(info.port, [['AUTH', 'admin', info.password], ['PING']]), ['OK', 'PONG']);
      const status = await execFileAsync(NODE, [CLI, 'status'], { env });
      assert.match(status.stdout, new RegExp(`"port": ${info.port}`));
      const stopped = await execFileAsync(NODE, [CLI, 'stop'], { env });
      assert.match(stopped.stdout, /stopped redis/);
      assert.equal(await isPortOpen(info.port), false);
      assert.equal(existsSync(info.dir), false);
      assert.equal(existsSync(env.ACTIONS_SUITE_SERVICES_STATE), false);
    } finally {
      rmSync(stateDir, { recursive: true, force: true });
    }
  });
});
