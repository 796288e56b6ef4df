import { cell } from '../../../../shared/summary.ts';
import type { Interval, Stat, Usage } from './usage.ts';

/**
 * The job-summary section of a sampled job: a table of peaks and means, and Mermaid `xychart-beta`
 * charts that GitHub renders itself — no outside chart service (whose users lost their charts when
 * it went away: catchpoint/workflow-telemetry-action#97) and nothing to fetch on an offline runner.
 * https://mermaid.js.org/syntax/xyChart.html
 */

const MAX_POINTS = 60;

export function resourceSummary(usage: Usage): string {
  const rows: Array<[string, Stat | undefined, (v: number) => string]> = [
    ['CPU busy', usage.cpu, percent],
    ['Memory used', usage.memory, percent],
    ['Memory used (bytes)', usage.memoryBytes, bytes],
    ['Load (1 min)', usage.load, (v) => v.toFixed(2)],
    ['Disk read', usage.diskRead, rate],
    ['Disk write', usage.diskWrite, rate],
    ['Network in', usage.netRx, rate],
    ['Network out', usage.netTx, rate],
  ];
  const lines = [
    '',
    `### Runner resources (${usage.readings} readings over ${duration(usage.to - usage.from)})`,
    '',
    '| figure | peak | mean |',
    '|---|---|---|',
    ...rows.filter(([, s]) => s).map(([name, s, f]) => `| ${cell(name)} | ${f(s?.max ?? 0)} | ${f(s?.mean ?? 0)} |`),
  ];
  if (usage.fsFreeMin !== undefined) lines.push(`| Least free disk space (workspace) | ${bytes(usage.fsFreeMin)} | |`);
  if (usage.cgroupPeak !== undefined) lines.push(`| Job cgroup memory peak | ${bytes(usage.cgroupPeak)} | |`);
  if (usage.oomKills) lines.push(`| Out-of-memory kills | ${usage.oomKills} | |`);
  lines.push('');
  const cpu = chart('CPU busy (%)', usage, (iv) => iv.cpu, 100);
  const memory = chart('Memory used (%)', usage, (iv) => iv.memory, 100);
  const load = chart('Load (1 min)', usage, (iv) => iv.load);
  for (const c of [cpu, memory, load]) if (c) lines.push(c, '');
  for (const note of usage.notes) lines.push(`> ${cell(note)}`, '');
  return lines.join('\n');
}

/** One line chart, at most MAX_POINTS points: each point the maximum of its bucket, so peaks survive. */
function chart(title: string, usage: Usage, pick: (iv: Interval) => number | undefined, yMax?: number): string | undefined {
  const series = usage.intervals.map((iv) => ({ t: iv.t, v: pick(iv) })).filter((p): p is { t: number; v: number } => p.v !== undefined);
  if (series.length < 2) return undefined;
  const size = Math.ceil(series.length / MAX_POINTS);
  const buckets: Array<{ t: number; v: number }> = [];
  for (let i = 0; i < series.length; i += size) {
    const slice = series.slice(i, i + size);
    buckets.push({ t: slice[0]?.t ?? 0, v: Math.max(...slice.map((p) => p.v)) });
  }
  const top = yMax ?? Math.max(1, Math.ceil(Math.max(...buckets.map((b) => b.v)) * 1.1));
  const labels = buckets.map((b) => `"${elapsed(b.t - usage.from)}"`).join(', ');
  return [
    '```mermaid',
    'xychart-beta',
    `  title "${title}"`,
    `  x-axis [${labels}]`,
    `  y-axis 0 --> ${top}`,
    `  line [${buckets.map((b) => Number(b.v.toFixed(2))).join(', ')}]`,
    '```',
  ].join('\n');
}

function elapsed(ms: number): string {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 120 ? `${s} s` : `${Math.round(s / 60)} min`;
}

const percent = (v: number): string => `${v.toFixed(1)} %`;

function bytes(v: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let x = v;
  let i = 0;
  while (x >= 1024 && i < units.length - 1) {
    x /= 1024;
    i++;
  }
  return `${x.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

const rate = (v: number): string => `${bytes(v)}/s`;
