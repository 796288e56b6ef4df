import type { RecordLine } from './inputs.ts';
import { mean, quantile, sorted } from './statistics.ts';

/**
 * KPIs of the suite's own execution records (the `records` input: the `record` output of deploy,
 * provision and rotate-secret): per action, how many ran, how they ended, how long they took, how
 * often they retried and how much of the API budget they used.
 */
export interface RecordKpis {
  action: string;
  executions: number;
  outcomes: Record<string, number>;
  /** success ÷ executions that did something (skipped and cancelled left out). */
  success_rate: number | null;
  duration_p50_ms: number;
  duration_p95_ms: number;
  attempts_mean: number;
  retries: number;
  api_calls: number;
  api_calls_p95: number;
  /** Lowest rate-limit remainder any of them saw. */
  rate_limit_remaining_min: number | null;
}

const NOT_RATED = new Set(['skipped', 'cancelled']);

export function recordKpis(records: readonly RecordLine[]): RecordKpis[] {
  const byAction = new Map<string, RecordLine[]>();
  for (const r of records) byAction.set(r.action, [...(byAction.get(r.action) ?? []), r]);
  return [...byAction.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([action, list]) => {
      const outcomes: Record<string, number> = {};
      for (const r of list) outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
      const rated = list.filter((r) => !NOT_RATED.has(r.outcome));
      const durations = sorted(list.map((r) => r.duration_ms));
      const calls = sorted(list.map((r) => r.api_calls));
      const remaining = list.map((r) => r.rate_limit_remaining).filter((x): x is number => x !== null);
      return {
        action,
        executions: list.length,
        outcomes,
        success_rate: rated.length ? Math.round((rated.filter((r) => r.outcome === 'success').length / rated.length) * 10_000) / 10_000 : null,
        duration_p50_ms: Math.round(quantile(durations, 0.5)),
        duration_p95_ms: Math.round(quantile(durations, 0.95)),
        attempts_mean: Math.round(mean(list.map((r) => r.attempts)) * 100) / 100,
        retries: list.reduce((a, r) => a + r.retries, 0),
        api_calls: calls.reduce((a, x) => a + x, 0),
        api_calls_p95: Math.round(quantile(calls, 0.95)),
        rate_limit_remaining_min: remaining.length ? Math.min(...remaining) : null,
      };
    });
}
