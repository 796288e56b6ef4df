import type { Reading } from './readings.ts';

/**
 * The sampler's readings turned into what people and stores want: per-interval rates from the
 * cumulative counters and the peak and mean of each figure (metric-model.ts turns them into
 * metric points when there is somewhere to export them).
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
