import { evaluate, type Evaluation, type Point } from './detector.ts';
import type { DoraReport } from './dora.ts';
import { runDuration, type BranchClass, type JobFact, type RunFact } from './facts.ts';
import type { ReportSettings } from './inputs.ts';
import { DECIDED, jobDuration, jobKpis, runKpis, type Kpis } from './kpis.ts';
import { recordKpis, type RecordKpis } from './records.ts';
import { median, quantile, sorted } from './statistics.ts';
import type { Target } from './target.ts';

/**
 * Collected facts → the report: runs grouped into series that are alike (repository × workflow ×
 * event × default-branch-or-not, and × job name at job scope — a pull-request run and a main-branch
 * run are different populations), KPIs of the window per series and overall, one detector
 * evaluation for all series at once (so Benjamini–Hochberg sees every test), and a daily trend per
 * series for the charts. Pure: no I/O, no clock.
 */

export interface SeriesKey {
  repository: string;
  workflow: string;
  /** Present for job series. */
  job?: string;
  event: string;
  branch_class: BranchClass;
}

export interface TrendBucket {
  /** Start of the bucket (ISO date). */
  day: string;
  runs: number;
  median_ms: number | null;
  success_rate: number | null;
}

export interface SeriesReport {
  key: SeriesKey;
  level: 'workflow' | 'job';
  kpis: Kpis;
  evaluation: Evaluation<SeriesKey>;
  trend: TrendBucket[];
  /** Days per trend bucket. */
  bucket_days: number;
  /** Quartiles of the baseline's successful durations (the band the charts draw). */
  band: { p25_ms: number; p50_ms: number; p75_ms: number } | null;
}

export interface Collection {
  repositories: number;
  runs_listed: number;
  list_calls: number;
  slices: number;
  /** First pages discarded to split slices at GitHub's 1,000-result cap. */
  split_calls: number;
  /** Slices still at the cap (runs may be missing). */
  capped_slices: number;
  job_runs_sampled: number;
  job_runs_eligible: number;
  job_calls: number;
  dora_calls: number;
  /** Every GitHub call of the collection, retries included. */
  api_calls: number;
  max_api_calls: number;
}

export interface Analysis {
  window: { from: string; to: string };
  baseline: { from: string; to: string };
  threshold_pct: number;
  overall: Kpis;
  series: SeriesReport[];
  records: RecordKpis[];
  dora: DoraReport[];
  collection: Collection;
  /** Time the analysis itself took (not the collection). */
  analysis_ms: number;
}

export interface Collected {
  runs: readonly RunFact[];
  jobs: readonly JobFact[];
  dora: readonly DoraReport[];
  collection: Collection;
}

const keyOf = (k: SeriesKey): string => [k.repository, k.workflow, k.job ?? '', k.event, k.branch_class].join('\u0000');

function group<T>(items: readonly T[], key: (x: T) => SeriesKey): Map<string, { key: SeriesKey; items: T[] }> {
  const out = new Map<string, { key: SeriesKey; items: T[] }>();
  for (const x of items) {
    const k = key(x);
    const id = keyOf(k);
    const entry = out.get(id) ?? { key: k, items: [] };
    entry.items.push(x);
    out.set(id, entry);
  }
  return out;
}

const runKey = (r: { repository: string; workflow: string; event: string; branchClass: BranchClass }): SeriesKey => ({
  repository: r.repository,
  workflow: r.workflow,
  event: r.event,
  branch_class: r.branchClass,
});

export function analyse(collected: Collected, settings: ReportSettings, target: Target, clock: () => number = () => performance.now()): Analysis {
  const started = clock();
  const inWindow = (t: number): boolean => t >= target.window.from && t < target.window.to;
  const inBaseline = (t: number): boolean => t >= target.baseline.from && t < target.baseline.to;
  const runsById = new Map(collected.runs.map((r) => [r.id, r]));
  const windowRuns = collected.runs.filter((r) => inWindow(r.createdAt));
  const jobsOf = (runs: readonly RunFact[]): JobFact[] => {
    const ids = new Set(runs.map((r) => r.id));
    return collected.jobs.filter((j) => ids.has(j.runId));
  };

  const candidates: { key: SeriesKey; level: 'workflow' | 'job'; kpis: Kpis; baseline: Point[]; current: Point[]; all: TrendItem[] }[] = [];
  if (settings.scope !== 'job') {
    for (const { key, items } of group(collected.runs, runKey).values()) {
      const window = items.filter((r) => inWindow(r.createdAt));
      const points = (pred: (t: number) => boolean): Point[] =>
        items.filter((r) => pred(r.createdAt) && r.conclusion === 'success' && runDuration(r) !== undefined).map((r) => ({ value: runDuration(r)!, run: refOf(r) }));
      candidates.push({
        key,
        level: 'workflow',
        kpis: runKpis(window, jobsOf(window)),
        baseline: points(inBaseline),
        current: points(inWindow),
        all: items.filter((r) => r.status === 'completed').map((r) => ({ t: r.createdAt, conclusion: r.conclusion, ms: runDuration(r) })),
      });
    }
  }
  if (settings.scope !== 'workflow') {
    const jobKey = (j: JobFact): SeriesKey => ({ ...runKey(j), job: j.name });
    for (const { key, items } of group(collected.jobs, jobKey).values()) {
      const timeOf = (j: JobFact): number => runsById.get(j.runId)?.createdAt ?? j.createdAt;
      const own = items.filter((j) => !j.rerunArtefact);
      const points = (pred: (t: number) => boolean): Point[] =>
        own
          .filter((j) => pred(timeOf(j)) && j.conclusion === 'success' && jobDuration(j) !== undefined)
          .map((j) => ({ value: jobDuration(j)!, run: refOf(runsById.get(j.runId)) }));
      candidates.push({
        key,
        level: 'job',
        kpis: jobKpis(items.filter((j) => inWindow(timeOf(j)))),
        baseline: points(inBaseline),
        current: points(inWindow),
        all: own.map((j) => ({ t: timeOf(j), conclusion: j.conclusion, ms: jobDuration(j) })),
      });
    }
  }
  candidates.sort((a, b) => keyOf(a.key).localeCompare(keyOf(b.key)));

  const evaluations = evaluate(
    candidates.map((c) => ({ key: c.key, baseline: c.baseline, current: c.current })),
    {
      thresholdPct: settings.regressionThreshold,
      minDeltaMs: settings.regressionMinDelta,
      alpha: settings.significance,
      minBaseline: settings.minSamples.baseline,
      minCurrent: settings.minSamples.current,
      confirmRuns: settings.confirmRuns,
    },
  );
  const span = target.window.to - target.baseline.from;
  const bucketDays = Math.max(1, Math.ceil(span / 86_400_000 / 40));
  const series: SeriesReport[] = candidates.map((c, i) => ({
    key: c.key,
    level: c.level,
    kpis: c.kpis,
    evaluation: evaluations[i]!,
    trend: trend(c.all, target.baseline.from, target.window.to, bucketDays),
    bucket_days: bucketDays,
    band: bandOf(c.baseline),
  }));

  return {
    window: { from: iso(target.window.from), to: iso(target.window.to) },
    baseline: { from: iso(target.baseline.from), to: iso(target.baseline.to) },
    threshold_pct: settings.regressionThreshold,
    overall: runKpis(windowRuns, jobsOf(windowRuns)),
    series,
    records: recordKpis(settings.records ?? []),
    dora: [...collected.dora],
    collection: collected.collection,
    analysis_ms: Math.round((clock() - started) * 10) / 10,
  };
}

function bandOf(points: readonly Point[]): SeriesReport['band'] {
  if (points.length === 0) return null;
  const v = sorted(points.map((p) => p.value));
  return { p25_ms: Math.round(quantile(v, 0.25)), p50_ms: Math.round(quantile(v, 0.5)), p75_ms: Math.round(quantile(v, 0.75)) };
}

function refOf(r: RunFact | undefined): Point['run'] {
  return r ? { id: r.id, runNumber: r.runNumber, headSha: r.headSha, url: r.url, createdAt: r.createdAt } : { id: 0, runNumber: 0, headSha: '', url: '', createdAt: 0 };
}

interface TrendItem {
  t: number;
  conclusion: string;
  ms: number | undefined;
}

/** Per bucket: completed runs, the median duration of the successful ones, and the success rate (as in Kpis). */
function trend(items: readonly TrendItem[], from: number, to: number, bucketDays: number): TrendBucket[] {
  const size = bucketDays * 86_400_000;
  const start = Math.floor(from / 86_400_000) * 86_400_000;
  const buckets: { ms: number[]; ok: number; decided: number; n: number }[] = [];
  for (let t = start; t < to; t += size) buckets.push({ ms: [], ok: 0, decided: 0, n: 0 });
  for (const x of items) {
    const b = buckets[Math.floor((x.t - start) / size)];
    if (!b) continue;
    b.n += 1;
    if (DECIDED.has(x.conclusion)) b.decided += 1;
    if (x.conclusion === 'success') {
      b.ok += 1;
      if (x.ms !== undefined) b.ms.push(x.ms);
    }
  }
  return buckets.map((b, i) => ({
    day: iso(start + i * size).slice(0, 10),
    runs: b.n,
    median_ms: b.ms.length ? Math.round(median(sorted(b.ms))) : null,
    success_rate: b.decided ? Math.round((b.ok / b.decided) * 1000) / 1000 : null,
  }));
}

const iso = (t: number): string => new Date(t).toISOString();
