/** The services the harness can start, in the order `install` and `start` list them. */
export type ServiceName = 'postgres' | 'mariadb' | 'redis' | 'pushgateway' | 'prometheus' | 'ansible' | 'alertmanager' | 'scipy' | 'victoria-metrics' | 'influxdb' | 'statsd';

export const SERVICE_NAMES: readonly ServiceName[] = ['postgres', 'mariadb', 'redis', 'pushgateway', 'prometheus', 'ansible', 'alertmanager', 'scipy', 'victoria-metrics', 'influxdb', 'statsd'];

export function isServiceName(value: string): value is ServiceName {
  return (SERVICE_NAMES as readonly string[]).includes(value);
}
