/**
 * Real programs for tests: PostgreSQL, MariaDB, Redis, a Pushgateway, Prometheus, Ansible,
 * Alertmanager, SciPy (an oracle, not a server), VictoriaMetrics, InfluxDB and the StatsD daemon, each
 * on 127.0.0.1 with a free port, random admin credentials and its own temp dir, stopped by
 * `handle.stop()`, by `stopAll()`, or at the latest when the test process exits.
 *
 *   const pg = await startService('postgres');
 *   await pg.createUser('app', 'old');
 *   assert.equal(await pg.canLogin('app', 'old'), true);
 *   after(stopAll);
 *
 * Importing this module starts nothing and installs no hooks.
 */
import { type Alertmanager, type AlertmanagerOptions, startAlertmanager } from './alertmanager.ts';
import { type Ansible, startAnsible } from './ansible.ts';
import type { StartOptions } from './lifecycle.ts';
import { type MariaDb, type MariaDbOptions, startMariaDb } from './mariadb.ts';
import type { ServiceName } from './names.ts';
import { type Postgres, type PostgresOptions, startPostgres } from './postgres.ts';
import { type Prometheus, type PrometheusOptions, startPrometheus } from './prometheus.ts';
import { type Pushgateway, startPushgateway } from './pushgateway.ts';
import { type Redis, type RedisOptions, startRedis } from './redis.ts';
import { type InfluxDb, startInfluxDb } from './influxdb.ts';
import { type Statsd, type StatsdOptions, startStatsd } from './statsd.ts';
import { type VictoriaMetrics, startVictoriaMetrics } from './victoria-metrics.ts';
import { type Scipy, startScipy } from './scipy.ts';
import { startTerraformJson, type TerraformJson } from './terraform-json.ts';

export type { ActiveAlert, AlertNotification, AlertReceiver, Alertmanager, AlertmanagerOptions } from './alertmanager.ts';
export type { Ansible } from './ansible.ts';
export type { Scipy } from './scipy.ts';
export type { RunResult } from './exec.ts';
export type { Resources, StartOptions } from './lifecycle.ts';
export type { MariaDb, MariaDbOptions, MyCredentials } from './mariadb.ts';
export type { PgCredentials, Postgres, PostgresOptions } from './postgres.ts';
export type { ProcessRecord } from './processes.ts';
export type { Prometheus, PrometheusOptions, PromSample } from './prometheus.ts';
export type { Pushgateway } from './pushgateway.ts';
export type { Redis, RedisCredentials, RedisOptions } from './redis.ts';
export type { ServerTls, TestCa } from './tls.ts';
export { makeTestCa } from './tls.ts';
export type { RespValue } from './resp.ts';
export type { InfluxDb } from './influxdb.ts';
export type { Statsd, StatsdOptions } from './statsd.ts';
export type { VictoriaMetrics, VmSeries } from './victoria-metrics.ts';
export type { TerraformJson } from './terraform-json.ts';
export type { ServiceName } from './names.ts';

export { ensureInstalled, installCommand, missingPackages, packagesFor } from './install.ts';
export { isPortOpen } from './net.ts';
export { SERVICE_NAMES, isServiceName } from './names.ts';
export { stopAll } from './registry.ts';
export { RespError } from './resp.ts';
export { startAlertReceiver } from './alertmanager.ts';
export { startAlertmanager, startAnsible, startInfluxDb, startMariaDb, startPostgres, startPrometheus, startPushgateway, startRedis, startScipy, startStatsd, startTerraformJson, startVictoriaMetrics };

export interface ServiceHandles {
  postgres: Postgres;
  mariadb: MariaDb;
  redis: Redis;
  pushgateway: Pushgateway;
  prometheus: Prometheus;
  ansible: Ansible;
  alertmanager: Alertmanager;
  scipy: Scipy;
  'victoria-metrics': VictoriaMetrics;
  influxdb: InfluxDb;
  statsd: Statsd;
  'terraform-json': TerraformJson;
}

export interface ServiceOptions {
  postgres: PostgresOptions;
  mariadb: MariaDbOptions;
  redis: RedisOptions;
  pushgateway: StartOptions;
  prometheus: PrometheusOptions;
  ansible: StartOptions;
  alertmanager: AlertmanagerOptions;
  scipy: StartOptions;
  'victoria-metrics': StartOptions;
  influxdb: StartOptions;
  statsd: StatsdOptions;
  'terraform-json': StartOptions;
}

export type AnyService = ServiceHandles[ServiceName];

const starters: { [N in ServiceName]: (options?: ServiceOptions[N]) => Promise<ServiceHandles[N]> } = {
  postgres: startPostgres,
  mariadb: startMariaDb,
  redis: startRedis,
  pushgateway: startPushgateway,
  prometheus: startPrometheus,
  ansible: startAnsible,
  alertmanager: startAlertmanager,
  scipy: startScipy,
  'victoria-metrics': startVictoriaMetrics,
  influxdb: startInfluxDb,
  statsd: startStatsd,
  'terraform-json': startTerraformJson,
};

/** Starts one service (installing its Debian packages first if needed) and returns its typed handle. */
export function startService<N extends ServiceName>(name: N, options?: ServiceOptions[N]): Promise<ServiceHandles[N]> {
  const start = starters[name] as (options?: ServiceOptions[N]) => Promise<ServiceHandles[N]>;
  return start(options);
}
