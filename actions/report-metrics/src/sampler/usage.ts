import type { Labels, MetricPoint } from '../sinks/types.ts';
import type { Reading } from './readings.ts';

/**
 * The sampler's readings turned into what people and stores want: per-interval rates from the
 * cumulative counters, peak and mean of each figure, and metric points — current gauges (labelled
 * `stat="max"` / `"mean"`) for the Pushgateway and StatsD, and the readings themselves at their
 * timestamps for time-series stores.
 */

export interface Stat {
  max: number;
  mean: number;
}

/** One interval between two readings (rates) or one reading (levels). */
export interface Interval {
  t: number;
  cpu?: number;
  memory?: number;
  memoryBytes?: number;
  load?: number;
  diskRead?: number;
  diskWrite?: number;
  netRx?: number;
  netTx?: number;
}

export interface Usage {
  readings: number;
  from: number;
  to: number;
  source: Reading['source'];
  intervals: Interval[];
  cpu?: Stat;
  memory?: Stat;
  memoryBytes?: Stat;
  load?: Stat;
  diskRead?: Stat;
  diskWrite?: Stat;
  netRx?: Stat;
  netTx?: Stat;
  /** Least free space seen on the workspace's file system, bytes. */
  fsFreeMin?: number;
  cgroupPeak?: number;
  oomKills?: number;
  notes: string[];
}

/** Parses the readings file (a torn last line is ignored). */
export function parseReadings(text: string): Reading[] {
  const out: Reading[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const r = JSON.parse(line) as Reading;
      if (typeof r.t === 'number') out.push(r);
    } catch {
      // the line being written when the sampler was killed
    }
  }
  return out.sort((a, b) => a.t - b.t);
}

const FIELDS = ['cpu', 'memory', 'memoryBytes', 'load', 'diskRead', 'diskWrite', 'netRx', 'netTx'] as const;

export function summarise(readings: readonly Reading[]): Usage | undefined {
  const first = readings[0];
  const last = readings.at(-1);
  if (!first || !last) return undefined;
  const intervals: Interval[] = [];
  for (let i = 0; i < readings.length; i++) {
    const r = readings[i];
    if (!r) continue;
    const prev = readings[i - 1];
    const iv: Interval = { t: r.t };
    if (r.mem && r.mem.total > 0) {
      iv.memoryBytes = r.mem.total - r.mem.available;
      iv.memory = (100 * iv.memoryBytes) / r.mem.total;
    }
    if (r.load) iv.load = r.load[0];
    if (prev) {
      const seconds = (r.t - prev.t) / 1000;
      if (r.cpu && prev.cpu && r.cpu.total > prev.cpu.total) {
        const total = r.cpu.total - prev.cpu.total;
        iv.cpu = Math.min(100, Math.max(0, (100 * (total - (r.cpu.idle - prev.cpu.idle))) / total));
      }
      if (seconds > 0 && r.disk && prev.disk) {
        iv.diskRead = Math.max(0, r.disk.read - prev.disk.read) / seconds;
        iv.diskWrite = Math.max(0, r.disk.written - prev.disk.written) / seconds;
      }
      if (seconds > 0 && r.net && prev.net) {
        iv.netRx = Math.max(0, r.net.rx - prev.net.rx) / seconds;
        iv.netTx = Math.max(0, r.net.tx - prev.net.tx) / seconds;
      }
    }
    intervals.push(iv);
  }
  const usage: Usage = { readings: readings.length, from: first.t, to: last.t, source: last.source, intervals, notes: [] };
  for (const f of FIELDS) {
    const values = intervals.map((iv) => iv[f]).filter((v): v is number => v !== undefined);
    if (values.length) usage[f] = { max: Math.max(...values), mean: values.reduce((a, b) => a + b, 0) / values.length };
  }
  const free = readings.map((r) => r.fs?.free).filter((v): v is number => v !== undefined);
  if (free.length) usage.fsFreeMin = Math.min(...free);
  const peaks = readings.map((r) => r.cgroup?.peak ?? r.cgroup?.memory).filter((v): v is number => v !== undefined);
  if (peaks.length) usage.cgroupPeak = Math.max(...peaks);
  const ooms = readings.map((r) => r.cgroup?.oomKills).filter((v): v is number => v !== undefined);
  if (ooms.length >= 1) usage.oomKills = Math.max(...ooms) - Math.min(...ooms);
  if (last.source === 'os') usage.notes.push('this runner has no /proc: CPU, memory and load come from Node\'s os module; disk and network figures are not available');
  else if (!readings.some((r) => r.cgroup)) usage.notes.push('no cgroup v2 hierarchy here: the figures are the whole machine\'s');
  if (readings.length < 2) usage.notes.push('a single reading: CPU, disk and network rates need two (a longer job or a shorter sample-interval)');
  return usage;
}

interface Figure {
  key: (typeof FIELDS)[number];
  name: string;
  help: string;
  unit: MetricPoint['unit'];
  scale: number;
}

const FIGURES: Figure[] = [
  { key: 'cpu', name: 'actions_suite_runner_cpu_utilization_ratio', help: 'Share of CPU time busy on the runner, all cores.', unit: 'ratio', scale: 0.01 },
  { key: 'memory', name: 'actions_suite_runner_memory_utilization_ratio', help: 'Share of the runner\'s memory in use (total minus available).', unit: 'ratio', scale: 0.01 },
  { key: 'memoryBytes', name: 'actions_suite_runner_memory_used_bytes', help: 'Runner memory in use (total minus available).', unit: 'bytes', scale: 1 },
  { key: 'load', name: 'actions_suite_runner_load1', help: 'One-minute load average of the runner.', unit: '', scale: 1 },
  { key: 'diskRead', name: 'actions_suite_runner_disk_read_bytes_per_second', help: 'Bytes read from the runner\'s disks per second.', unit: 'bytes_per_second', scale: 1 },
  { key: 'diskWrite', name: 'actions_suite_runner_disk_write_bytes_per_second', help: 'Bytes written to the runner\'s disks per second.', unit: 'bytes_per_second', scale: 1 },
  { key: 'netRx', name: 'actions_suite_runner_network_receive_bytes_per_second', help: 'Bytes received by the runner per second (loopback excluded).', unit: 'bytes_per_second', scale: 1 },
  { key: 'netTx', name: 'actions_suite_runner_network_transmit_bytes_per_second', help: 'Bytes sent by the runner per second (loopback excluded).', unit: 'bytes_per_second', scale: 1 },
];

/** Peak and mean as current gauges, and every reading at its time. */
export function usagePoints(usage: Usage, labels: Labels): MetricPoint[] {
  const points: MetricPoint[] = [];
  for (const f of FIGURES) {
    const stat = usage[f.key];
    if (!stat) continue;
    const base = { name: f.name, help: f.help, unit: f.unit, type: 'gauge' as const };
    points.push({ ...base, labels: { ...labels, stat: 'max' }, samples: [{ value: stat.max * f.scale }] });
    points.push({ ...base, labels: { ...labels, stat: 'mean' }, samples: [{ value: stat.mean * f.scale }] });
    const samples = usage.intervals.flatMap((iv) => (iv[f.key] === undefined ? [] : [{ value: (iv[f.key] ?? 0) * f.scale, timestampMs: iv.t }]));
    if (samples.length) points.push({ ...base, labels, samples });
  }
  if (usage.fsFreeMin !== undefined) {
    points.push({ name: 'actions_suite_runner_filesystem_free_bytes', help: 'Least free space seen on the workspace\'s file system.', unit: 'bytes', type: 'gauge', labels: { ...labels, stat: 'min' }, samples: [{ value: usage.fsFreeMin }] });
  }
  if (usage.cgroupPeak !== undefined) {
    points.push({ name: 'actions_suite_runner_cgroup_memory_peak_bytes', help: 'Peak memory of the job\'s cgroup (v2).', unit: 'bytes', type: 'gauge', labels, samples: [{ value: usage.cgroupPeak }] });
  }
  if (usage.oomKills !== undefined) {
    points.push({ name: 'actions_suite_runner_oom_kills', help: 'Processes the kernel killed for lack of memory during the job (cgroup v2).', unit: '', type: 'gauge', labels, samples: [{ value: usage.oomKills }] });
  }
  return points;
}
