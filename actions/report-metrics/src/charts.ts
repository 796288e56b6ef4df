import type { SeriesReport } from './analysis.ts';

/**
 * Mermaid charts for the job summary, drawn by GitHub itself when it renders the markdown: no
 * outside chart service that could go away or leak data, and nothing to download. `xychart-beta`
 * has no gaps and no legend, so a bucket without runs repeats the previous value and the caption
 * names the lines.
 */

/** Keeps a collaborator-written name from breaking the chart's syntax. */
export function mermaidText(text: string): string {
  return text.replace(/[^A-Za-z0-9 ._/()+›:-]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 80);
}

function filled(values: (number | null)[], fallback: number): number[] {
  let last = fallback;
  return values.map((v) => (v === null ? last : (last = v)));
}

const axis = (s: SeriesReport): string => `x-axis [${s.trend.map((b) => `"${b.day.slice(5)}"`).join(', ')}]`;
const round1 = (x: number): number => Math.round(x * 10) / 10;

/** Median duration per bucket against the baseline's interquartile band and the threshold. */
export function durationChart(s: SeriesReport, title: string, thresholdPct: number): string | undefined {
  const band = s.band;
  if (!band || s.trend.every((b) => b.median_ms === null)) return undefined;
  const medians = filled(s.trend.map((b) => (b.median_ms === null ? null : round1(b.median_ms / 1000))), round1(band.p50_ms / 1000));
  const flat = (ms: number): string => `[${s.trend.map(() => round1(ms / 1000)).join(', ')}]`;
  const top = Math.max(...medians, (band.p50_ms * (1 + thresholdPct / 100)) / 1000) * 1.1;
  return [
    '```mermaid',
    'xychart-beta',
    `  title "${mermaidText(title)}: median duration (s) per ${s.bucket_days === 1 ? 'day' : `${s.bucket_days} days`}"`,
    `  ${axis(s)}`,
    `  y-axis "seconds" 0 --> ${Math.ceil(top)}`,
    `  line [${medians.join(', ')}]`,
    `  line ${flat(band.p25_ms)}`,
    `  line ${flat(band.p75_ms)}`,
    `  line ${flat(band.p50_ms * (1 + thresholdPct / 100))}`,
    '```',
    `<sub>Lines: the median of successful runs; the baseline's middle half (p25 and p75); the threshold (baseline median +${thresholdPct}%).</sub>`,
  ].join('\n');
}

/** Success rate per bucket, as bars (0–100 %). */
export function successChart(s: SeriesReport, title: string): string | undefined {
  if (s.trend.every((b) => b.success_rate === null)) return undefined;
  const rates = filled(s.trend.map((b) => (b.success_rate === null ? null : Math.round(b.success_rate * 100))), 100);
  return [
    '```mermaid',
    'xychart-beta',
    `  title "${mermaidText(title)}: success rate (%) per ${s.bucket_days === 1 ? 'day' : `${s.bucket_days} days`}"`,
    `  ${axis(s)}`,
    '  y-axis "%" 0 --> 100',
    `  bar [${rates.join(', ')}]`,
    '```',
  ].join('\n');
}
