import { runDuration, type JobFact, type RunFact } from './facts.ts';
import { mean, quantile, sorted } from './statistics.ts';

/**
 * The KPIs of one series (a workflow, or one of its jobs, in one population) over a set of runs.
 * Definitions, also in the README:
 * - success rate: success ÷ (success + failure + timed_out + startup_failure), by the latest
 *   attempt's conclusion; cancelled, skipped, neutral and action_required are counted, not rated;
 * - first-attempt success: runs that succeeded on attempt 1 ÷ the same denominator (GitHub lists only
 *   the latest attempt, so a run re-run after a success counts as not first-attempt);
 * - re-run rate: runs with more than one attempt ÷ completed runs;
 * - durations: successful runs only (a failure stops early); run = latest attempt's
 *   updated_at − run_started_at, job = completed_at − started_at;
 * - queue: job started_at − created_at, jobs copied from an earlier attempt and values ≤ 0 left out
 *   (and counted).
 */
export interface Kpis {
  runs: number;
  conclusions: Record<string, number>;
  success_rate: number | null;
  first_attempt_success_rate: number | null;
  rerun_rate: number | null;
  duration_mean_ms: number | null;
  duration_p50_ms: number | null;
  duration_p95_ms: number | null;
  queue_p50_ms: number | null;
  queue_p95_ms: number | null;
  queue_samples: number;
  /** Jobs left out of queue time: re-run artefacts and non-positive queues. */
  queue_dropped: number;
}

/** Conclusions that rate a run: it either did its job or it did not. */
export const DECIDED: ReadonlySet<string> = new Set(['success', 'failure', 'timed_out', 'startup_failure']);

interface Outcome {
  conclusion: string;
  attempt: number;
  durationMs: number | undefined;
}

function summarise(items: readonly Outcome[], jobs: readonly JobFact[]): Kpis {
  const conclusions: Record<string, number> = {};
  let decided = 0;
  let success = 0;
  let firstAttempt = 0;
  let reruns = 0;
  const durations: number[] = [];
  for (const x of items) {
    conclusions[x.conclusion || 'unknown'] = (conclusions[x.conclusion || 'unknown'] ?? 0) + 1;
    if (x.attempt > 1) reruns += 1;
    if (DECIDED.has(x.conclusion)) decided += 1;
    if (x.conclusion === 'success') {
      success += 1;
      if (x.attempt === 1) firstAttempt += 1;
      if (x.durationMs !== undefined) durations.push(x.durationMs);
    }
  }
  const queue = queueOf(jobs);
  const d = sorted(durations);
  const q = sorted(queue.values);
  return {
    runs: items.length,
    conclusions,
    success_rate: ratio(success, decided),
    first_attempt_success_rate: ratio(firstAttempt, decided),
    rerun_rate: ratio(reruns, items.length),
    duration_mean_ms: d.length ? Math.round(mean(d)) : null,
    duration_p50_ms: d.length ? Math.round(quantile(d, 0.5)) : null,
    duration_p95_ms: d.length ? Math.round(quantile(d, 0.95)) : null,
    queue_p50_ms: q.length ? Math.round(quantile(q, 0.5)) : null,
    queue_p95_ms: q.length ? Math.round(quantile(q, 0.95)) : null,
    queue_samples: q.length,
    queue_dropped: queue.dropped,
  };
}

export function runKpis(runs: readonly RunFact[], jobs: readonly JobFact[]): Kpis {
  const completed = runs.filter((r) => r.status === 'completed');
  return summarise(
    completed.map((r) => ({ conclusion: r.conclusion, attempt: r.attempt, durationMs: runDuration(r) })),
    jobs,
  );
}

export function jobKpis(jobs: readonly JobFact[]): Kpis {
  const own = jobs.filter((j) => !j.rerunArtefact);
  return summarise(
    own.map((j) => ({ conclusion: j.conclusion, attempt: j.attempt, durationMs: jobDuration(j) })),
    jobs,
  );
}

export function jobDuration(j: JobFact): number | undefined {
  const d = j.completedAt - j.startedAt;
  return !j.rerunArtefact && d >= 0 ? d : undefined;
}

export function queueOf(jobs: readonly JobFact[]): { values: number[]; dropped: number } {
  const values: number[] = [];
  let dropped = 0;
  for (const j of jobs) {
    const q = j.startedAt - j.createdAt;
    if (j.rerunArtefact || !(q > 0)) dropped += 1;
    else values.push(q);
  }
  return { values, dropped };
}

function ratio(a: number, b: number): number | null {
  return b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null;
}
