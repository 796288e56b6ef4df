import { existsSync, readFileSync, statfsSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';

/**
 * One reading of the machine, from /proc (Linux) and cgroup v2 where present. Counters are kept
 * cumulative (CPU jiffies, disk and network bytes) and turned into rates by usage.ts, which sees
 * the whole series; the sampler itself only reads and appends. Without /proc (macOS and Windows
 * runners) CPU, memory and load come from node:os and disk and network are absent.
 * Formats: https://docs.kernel.org/filesystems/proc.html, https://docs.kernel.org/admin-guide/iostats.html,
 * https://docs.kernel.org/admin-guide/cgroup-v2.html
 */

export interface Reading {
  /** ms since the epoch */
  t: number;
  source: 'proc' | 'os';
  /** CPU time, all cores: total and idle (idle + iowait), in jiffies (proc) or ms (os). */
  cpu?: { total: number; idle: number };
  cores?: number;
  /** bytes */
  mem?: { total: number; available: number };
  swap?: { total: number; free: number };
  load?: [number, number, number];
  /** cumulative bytes read and written by whole disks */
  disk?: { read: number; written: number };
  /** cumulative bytes received and sent, loopback excluded */
  net?: { rx: number; tx: number };
  /** the workspace's file system, bytes */
  fs?: { free: number; total: number };
  /** cgroup v2 of the job: bytes, microseconds, events */
  cgroup?: { memory: number; peak?: number; limit?: number; cpuUsec?: number; oomKills?: number };
}

export interface Sources {
  /** /proc */
  proc: string;
  /** /sys/fs/cgroup */
  cgroup: string;
  /** /sys/block, to tell whole disks from partitions */
  block: string;
  /** the workspace, for free space */
  workspace: string;
}

export const LINUX: Omit<Sources, 'workspace'> = { proc: '/proc', cgroup: '/sys/fs/cgroup', block: '/sys/block' };

function hasProc(s: Pick<Sources, 'proc'>): boolean {
  return existsSync(join(s.proc, 'stat'));
}

export function readReading(s: Sources, now: number = Date.now()): Reading {
  if (!hasProc(s)) return { t: now, source: 'os', ...osFigures(), ...optional('fs', () => fileSystem(s.workspace)) };
  return {
    t: now,
    source: 'proc',
    ...optional('cpu', () => cpuTimes(read(s.proc, 'stat'))),
    ...optional('cores', () => cpuCount(read(s.proc, 'stat'))),
    ...memory(read(s.proc, 'meminfo')),
    ...optional('load', () => loadAverage(read(s.proc, 'loadavg'))),
    ...optional('disk', () => diskBytes(read(s.proc, 'diskstats'), s.block)),
    ...optional('net', () => netBytes(read(s.proc, 'net/dev'))),
    ...optional('fs', () => fileSystem(s.workspace)),
    ...optional('cgroup', () => cgroupFigures(s)),
  };
}

/** A figure that cannot be read is left out, never guessed; the others still count. */
function optional<K extends string, V>(key: K, read: () => V | undefined): { [P in K]?: V } {
  try {
    const value = read();
    return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
  } catch {
    return {};
  }
}

function read(root: string, file: string): string {
  return readFileSync(join(root, file), 'utf8');
}

/** `cpu  user nice system idle iowait irq softirq steal guest guest_nice` (guest time is inside user). */
export function cpuTimes(stat: string): { total: number; idle: number } | undefined {
  const line = stat.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) return undefined;
  const v = line.trim().split(/\s+/).slice(1, 9).map(Number);
  if (v.length < 4 || v.some((n) => !Number.isFinite(n))) return undefined;
  const total = v.reduce((a, b) => a + b, 0);
  return { total, idle: (v[3] ?? 0) + (v[4] ?? 0) };
}

function cpuCount(stat: string): number | undefined {
  const n = stat.split('\n').filter((l) => /^cpu\d+ /.test(l)).length;
  return n > 0 ? n : undefined;
}

export function memory(meminfo: string): Pick<Reading, 'mem' | 'swap'> {
  const kb = (name: string): number | undefined => {
    const m = new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(meminfo);
    return m ? Number(m[1]) * 1024 : undefined;
  };
  const total = kb('MemTotal');
  const available = kb('MemAvailable') ?? kb('MemFree');
  const swapTotal = kb('SwapTotal');
  const swapFree = kb('SwapFree');
  return {
    ...(total !== undefined && available !== undefined ? { mem: { total, available } } : {}),
    ...(swapTotal !== undefined && swapFree !== undefined ? { swap: { total: swapTotal, free: swapFree } } : {}),
  };
}

function loadAverage(text: string): [number, number, number] | undefined {
  const [a, b, c] = text.trim().split(/\s+/).map(Number);
  return a !== undefined && b !== undefined && c !== undefined && [a, b, c].every(Number.isFinite) ? [a, b, c] : undefined;
}

/** Sectors are 512 bytes in diskstats whatever the device. Partitions, loop and RAM disks are skipped. */
export function diskBytes(diskstats: string, blockDir: string): { read: number; written: number } | undefined {
  let readBytes = 0;
  let written = 0;
  let seen = 0;
  for (const line of diskstats.split('\n')) {
    const f = line.trim().split(/\s+/);
    const name = f[2];
    if (!name || f.length < 10 || /^(loop|ram|zram|dm-)/.test(name) || !existsSync(join(blockDir, name))) continue;
    readBytes += Number(f[5]) * 512;
    written += Number(f[9]) * 512;
    seen++;
  }
  return seen > 0 ? { read: readBytes, written } : undefined;
}

/** `iface: rx_bytes packets errs drop fifo frame compressed multicast tx_bytes …`, loopback excluded. */
export function netBytes(dev: string): { rx: number; tx: number } | undefined {
  let rx = 0;
  let tx = 0;
  let seen = 0;
  for (const line of dev.split('\n').slice(2)) {
    const [iface, rest] = line.split(':');
    if (!iface || rest === undefined || iface.trim() === 'lo') continue;
    const f = rest.trim().split(/\s+/).map(Number);
    rx += f[0] ?? 0;
    tx += f[8] ?? 0;
    seen++;
  }
  return seen > 0 ? { rx, tx } : undefined;
}

function fileSystem(path: string): { free: number; total: number } | undefined {
  const st = statfsSync(path);
  return { free: st.bavail * st.bsize, total: st.blocks * st.bsize };
}

/** The job's cgroup when the machine runs cgroup v2 only (`0::/path` and cgroup.controllers at the root). */
export function cgroupFigures(s: Sources): Reading['cgroup'] {
  if (!existsSync(join(s.cgroup, 'cgroup.controllers'))) return undefined;
  const line = read(s.proc, 'self/cgroup').split('\n').find((l) => l.startsWith('0::'));
  if (!line) return undefined;
  const dir = join(s.cgroup, line.slice(3).trim());
  const number = (file: string): number | undefined => {
    try {
      const text = readFileSync(join(dir, file), 'utf8').trim();
      return /^\d+$/.test(text) ? Number(text) : undefined;
    } catch {
      return undefined;
    }
  };
  const memoryNow = number('memory.current');
  if (memoryNow === undefined) return undefined;
  const field = (file: string, key: string): number | undefined => {
    try {
      const m = new RegExp(`^${key} (\\d+)`, 'm').exec(readFileSync(join(dir, file), 'utf8'));
      return m ? Number(m[1]) : undefined;
    } catch {
      return undefined;
    }
  };
  const peak = number('memory.peak');
  const limit = number('memory.max');
  const cpuUsec = field('cpu.stat', 'usage_usec');
  const oomKills = field('memory.events', 'oom_kill');
  return {
    memory: memoryNow,
    ...(peak !== undefined ? { peak } : {}),
    ...(limit !== undefined ? { limit } : {}),
    ...(cpuUsec !== undefined ? { cpuUsec } : {}),
    ...(oomKills !== undefined ? { oomKills } : {}),
  };
}

/** node:os figures for runners without /proc. */
function osFigures(): Pick<Reading, 'cpu' | 'cores' | 'mem' | 'load'> {
  const list = cpus();
  let total = 0;
  let idle = 0;
  for (const c of list) {
    const t = c.times;
    total += t.user + t.nice + t.sys + t.idle + t.irq;
    idle += t.idle;
  }
  const load = loadavg();
  return {
    ...(list.length ? { cpu: { total, idle }, cores: list.length } : {}),
    mem: { total: totalmem(), available: freemem() },
    ...(load.length === 3 ? { load: [load[0] ?? 0, load[1] ?? 0, load[2] ?? 0] as [number, number, number] } : {}),
  };
}
