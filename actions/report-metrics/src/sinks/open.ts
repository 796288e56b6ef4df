import type { Sink, SinkKind } from './types.ts';

/**
 * Each sink's file, imported only when an `export` line names its kind (ncc emits each as a lazy
 * chunk): a run that exports to the Pushgateway loads no protobuf, OTLP or bulk encoder.
 */
const MODULES: Record<SinkKind, () => Promise<{ sink: Sink }>> = {
  pushgateway: () => import('./pushgateway.ts'),
  'prometheus-remote-write': () => import('./prometheus-remote-write.ts'),
  otlp: () => import('./otlp.ts'),
  influx: () => import('./influx.ts'),
  datadog: () => import('./datadog.ts'),
  statsd: () => import('./statsd.ts'),
  elasticsearch: () => import('./elasticsearch.ts'),
  'splunk-hec': () => import('./splunk-hec.ts'),
  file: () => import('./file.ts'),
};

/** The sink for a kind, loaded on first use. */
export async function openSink(kind: SinkKind): Promise<Sink> {
  return (await MODULES[kind]()).sink;
}
