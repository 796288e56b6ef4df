import * as core from '@actions/core';
import type { Redactor } from '../../../shared/redact.ts';
import type { AlertOutcome } from './alerts/types.ts';
import type { Analysis } from './analysis.ts';
import { isActive } from './detector.ts';
import { gauges } from './metric-model.ts';

/** The step's outputs, all from the analysis (window figures pooled over every run analysed). */

/** GitHub keeps at most 1 MB of outputs per job; `metrics` leaves room for the others. */
const METRICS_LIMIT = 512 * 1024;

export function writeOutputs(analysis: Analysis, alerts: readonly AlertOutcome[], redactor: Redactor): void {
  const o = analysis.overall;
  const set = (name: string, value: string): void => core.setOutput(name, redactor.scrub(value));
  const num = (x: number | null): string => (x === null ? '' : String(x));
  set('success-rate', num(o.success_rate));
  set('first-attempt-success-rate', num(o.first_attempt_success_rate));
  set('rerun-rate', num(o.rerun_rate));
  set('duration-p50-ms', num(o.duration_p50_ms));
  set('duration-p95-ms', num(o.duration_p95_ms));
  set('queue-p50-ms', num(o.queue_p50_ms));
  set('queue-p95-ms', num(o.queue_p95_ms));
  set('runs', String(o.runs));
  const evaluations = analysis.series.map((s) => ({ ...s.evaluation, level: s.level }));
  set('regressed', String(evaluations.some(isActive)));
  set('regressions', JSON.stringify(evaluations));
  set('dora', JSON.stringify(analysis.dora));
  set('metrics', metricsJson(analysis, alerts));
}

function metricsJson(analysis: Analysis, alerts: readonly AlertOutcome[]): string {
  const base = {
    window: analysis.window,
    baseline: analysis.baseline,
    threshold_pct: analysis.threshold_pct,
    overall: analysis.overall,
    series: analysis.series.map((s) => ({ ...s.key, level: s.level, kpis: s.kpis, verdict: s.evaluation.verdict })),
    records: analysis.records,
    dora: analysis.dora,
    collection: analysis.collection,
    alerts: alerts.map((a) => ({ channel: a.channel, actions: a.actions })),
    analysis_ms: analysis.analysis_ms,
  };
  const full = JSON.stringify({ ...base, points: gauges(analysis) });
  return full.length <= METRICS_LIMIT ? full : JSON.stringify({ ...base, points: null, points_omitted: 'over the output size limit' });
}
