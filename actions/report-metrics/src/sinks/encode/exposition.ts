import { sortedLabels } from '../model.ts';
import type { MetricPoint } from '../types.ts';

/**
 * Prometheus text formats, for the Pushgateway and the file sink.
 * - `prometheus` (text format 0.0.4): current values only, one sample per series, no timestamps —
 *   what the Pushgateway accepts (it rejects timestamps) and node_exporter's textfile collector
 *   reads. https://prometheus.io/docs/instrumenting/exposition_formats/
 * - `openmetrics` (1.0): every sample with its timestamp in seconds, ascending per series, `# UNIT`,
 *   counters named without `_total` in their metadata, and the closing `# EOF`.
 *   https://github.com/prometheus/OpenMetrics/blob/main/specification/OpenMetrics.md
 */

export type Dialect = 'prometheus' | 'openmetrics';

export function exposition(points: readonly MetricPoint[], dialect: Dialect, now: number): string {
  const families = new Map<string, MetricPoint[]>();
  for (const p of points) families.set(p.name, [...(families.get(p.name) ?? []), p]);
  const lines: string[] = [];
  for (const [name, members] of families) {
    const first = members[0];
    if (!first) continue;
    const type = first.type === 'counter' ? 'counter' : 'gauge';
    const family = dialect === 'openmetrics' && type === 'counter' ? name.replace(/_total$/, '') : name;
    lines.push(`# HELP ${family} ${escapeHelp(first.help, dialect)}`);
    lines.push(`# TYPE ${family} ${type}`);
    if (dialect === 'openmetrics' && first.unit && family.endsWith(`_${first.unit}`)) lines.push(`# UNIT ${family} ${first.unit}`);
    const series = new Map<string, Array<{ value: number; at: number | undefined }>>();
    for (const p of members) {
      const key = `${name}${labelText(p.labels)}`;
      const samples = series.get(key) ?? [];
      for (const s of p.samples) samples.push({ value: s.value, at: s.timestampMs });
      series.set(key, samples);
    }
    for (const [key, samples] of series) {
      if (dialect === 'prometheus') {
        const current = samples.filter((s) => s.at === undefined).at(-1);
        if (current) lines.push(`${key} ${formatValue(current.value)}`);
        continue;
      }
      const ordered = samples.map((s) => ({ value: s.value, at: s.at ?? now })).sort((a, b) => a.at - b.at);
      let last = Number.NEGATIVE_INFINITY;
      for (const s of ordered) {
        if (s.at === last) continue; // one sample per series and timestamp
        last = s.at;
        lines.push(`${key} ${formatValue(s.value)} ${(s.at / 1000).toFixed(3)}`);
      }
    }
  }
  if (dialect === 'openmetrics') lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}

/** Samples a `prometheus` exposition carries (current values, one per series). */
export function currentSeries(points: readonly MetricPoint[]): number {
  const keys = new Set<string>();
  for (const p of points) if (p.samples.some((s) => s.timestampMs === undefined)) keys.add(`${p.name}${labelText(p.labels)}`);
  return keys.size;
}

function labelText(labels: Readonly<Record<string, string>>): string {
  const pairs = sortedLabels(labels);
  if (pairs.length === 0) return '';
  return `{${pairs.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}`;
}

/** JavaScript's shortest round-trip form (`1e+21`, `0.1`) is a valid Go ParseFloat input. */
function formatValue(value: number): string {
  return String(value);
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function escapeHelp(text: string, dialect: Dialect): string {
  const escaped = text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
  return dialect === 'openmetrics' ? escaped.replace(/"/g, '\\"') : escaped;
}
