import type { Clock } from '../../../../shared/clock.ts';
import type { Fetch } from '../../../../shared/http.ts';
import type { Logger } from '../../../../shared/log.ts';
import type { Redactor } from '../../../../shared/redact.ts';
import type { RunStats } from '../../../../shared/stats.ts';

/**
 * The point model every sink takes, and the one interface every sink implements. Types only: the
 * start path may import this file; parse.ts reads the export lines, open.ts loads each sink lazily.
 *
 * A MetricPoint is one series family member: a name, its help and unit, a type and a label set,
 * with one or more samples. A sample without a timestamp is a current value (a KPI of the window,
 * a peak); one with a timestamp is a fact at that time (a run's duration, a resource reading).
 * Names and labels follow docs/metrics-model.md; model.ts enforces it before any sink sees a point.
 */

export type MetricType = 'gauge' | 'counter' | 'histogram';

/** Base units only (docs/metrics-model.md): the name carries the unit as its suffix. */
export type MetricUnit = 'seconds' | 'bytes' | 'ratio' | 'percent' | 'bytes_per_second' | '';

export type Labels = Readonly<Record<string, string>>;

/** Who a sample is about, for event stores (Elasticsearch, JSON lines) — never a label. */
export interface RunRef {
  readonly id: string;
  readonly attempt?: number;
  readonly sha?: string;
  readonly url?: string;
}

export interface Sample {
  readonly value: number;
  /** Milliseconds since the epoch; absent for a current value. */
  readonly timestampMs?: number;
  readonly run?: RunRef;
}

export interface MetricPoint {
  /** Prometheus-style snake case, `actions_suite_…_<unit>`; OTLP maps it to semantic-convention names. */
  readonly name: string;
  readonly help: string;
  readonly unit: MetricUnit;
  /**
   * `histogram`: each sample is one observation (a run's duration); stores with histograms
   * aggregate them (OTLP), the others keep each observation at its timestamp.
   */
  readonly type: MetricType;
  readonly labels: Labels;
  readonly samples: readonly Sample[];
}

export type SinkKind =
  | 'pushgateway'
  | 'prometheus-remote-write'
  | 'otlp'
  | 'influx'
  | 'datadog'
  | 'statsd'
  | 'elasticsearch'
  | 'splunk-hec'
  | 'file';

/** One parsed `export` line: final values (its credentials were registered with the redactor before it was parsed). */
export interface SinkTarget {
  readonly kind: SinkKind;
  /** The URL (http sinks, statsd) with any user:password removed; or the file path. */
  readonly url: URL | undefined;
  readonly path: string | undefined;
  /** Safe to print: the kind and the target with credentials masked. */
  readonly label: string;
  /** Sent with every request: the `export-headers` for this sink, and basic auth from the URL's user:password (which wins). */
  readonly headers: Readonly<Record<string, string>>;
}

export interface ExportContext {
  readonly log: Logger;
  readonly redactor: Redactor;
  readonly stats: RunStats;
  readonly signal: AbortSignal;
  readonly clock: Clock;
  readonly fetch: Fetch;
  /** Total time one sink may take, retries included. */
  readonly timeoutMs: number;
  /** Print the redacted payloads instead of sending them. */
  readonly dryRun: boolean;
  /** The export time: current values get this timestamp where a sink needs one. */
  readonly now: number;
  /** Resolves `file=` paths (GITHUB_WORKSPACE). */
  readonly workspace: string;
}

export type DeliveryStatus = 'ok' | 'partial' | 'failed' | 'dry-run' | 'nothing-to-send';

/** One entry of the `exported` output. */
export interface DeliveryResult {
  readonly sink: string;
  readonly status: DeliveryStatus;
  /** Samples the receiver accepted (dry-run: would have sent). */
  readonly points: number;
  /** Samples this kind of receiver cannot take (timestamps for the Pushgateway, age for Datadog). */
  readonly skipped?: number;
  readonly note?: string;
  readonly error?: string;
}

export interface Sink {
  readonly kind: SinkKind;
  deliver(points: readonly MetricPoint[], target: SinkTarget, ctx: ExportContext): Promise<DeliveryResult>;
}
