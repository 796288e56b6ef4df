import type { Analysis, SeriesKey, SeriesReport } from './analysis.ts';
import { runDuration, type JobFact, type RunFact } from './facts.ts';
import type { Kpis } from './kpis.ts';

/**
 * The one metric model every sink consumes: the analysis as named points with labels. Names follow
 * Prometheus conventions (base units, `_seconds`, `_ratio`); an OTLP sink maps them with `otel`.
 * Two kinds:
 * - `gauge`: a figure of the current window (pushed as is, e.g. to a Pushgateway, which refuses
 *   timestamps);
 * - `sample`: one fact per run or job at its own time (for stores that take timestamps, so
 *   dashboards compute their own percentiles).
 * Labels are low-cardinality only: never a run id, a sha or an actor (those stay in the `metrics`
 * output and the summary).
 */

export type MetricKind = 'gauge' | 'sample';

export interface MetricPoint {
  name: string;
  kind: MetricKind;
  value: number;
  labels: Readonly<Record<string, string>>;
  /** ms since the epoch, for samples. */
  timestamp?: number;
}

export interface MetricInfo {
  kind: MetricKind;
  help: string;
  labels: readonly string[];
  /** OpenTelemetry CI/CD semantic-convention name, where one exists. */
  otel?: string;
}

const SERIES = ['repository', 'workflow', 'event', 'branch_class'] as const;
const JOB = [...SERIES, 'job'] as const;

/** Every metric the model can emit, with its labels: what sinks and dashboards can rely on. */
export const METRICS: Readonly<Record<string, MetricInfo>> = {
  actions_suite_workflow_run_duration_seconds: { kind: 'sample', help: "A completed run's duration (latest attempt, start to last update)", labels: [...SERIES, 'conclusion'], otel: 'cicd.pipeline.run.duration' },
  actions_suite_job_run_duration_seconds: { kind: 'sample', help: "A completed job's duration (completed_at − started_at)", labels: [...JOB, 'conclusion', 'runner_label'] },
  actions_suite_job_run_queue_seconds: { kind: 'sample', help: "A job's queue time (started_at − created_at)", labels: [...JOB, 'runner_label'] },
  actions_suite_workflow_runs: { kind: 'gauge', help: 'Completed runs in the window, by conclusion', labels: [...SERIES, 'conclusion'] },
  actions_suite_workflow_success_ratio: { kind: 'gauge', help: 'success ÷ (success + failure + timed_out + startup_failure) in the window', labels: SERIES },
  actions_suite_workflow_first_attempt_success_ratio: { kind: 'gauge', help: 'Runs that succeeded on their first attempt ÷ decided runs', labels: SERIES },
  actions_suite_workflow_rerun_ratio: { kind: 'gauge', help: 'Runs with more than one attempt ÷ completed runs', labels: SERIES },
  actions_suite_workflow_duration_seconds: { kind: 'gauge', help: 'Duration of successful runs in the window, by quantile (0.5, 0.95)', labels: [...SERIES, 'quantile'] },
  actions_suite_workflow_duration_mean_seconds: { kind: 'gauge', help: 'Mean duration of successful runs in the window', labels: SERIES },
  actions_suite_workflow_queue_seconds: { kind: 'gauge', help: "Queue time of the runs' jobs in the window, by quantile", labels: [...SERIES, 'quantile'] },
  actions_suite_job_runs: { kind: 'gauge', help: 'Completed jobs in the window, by conclusion', labels: [...JOB, 'conclusion'] },
  actions_suite_job_success_ratio: { kind: 'gauge', help: 'Job success rate in the window', labels: JOB },
  actions_suite_job_duration_seconds: { kind: 'gauge', help: 'Duration of successful jobs in the window, by quantile', labels: [...JOB, 'quantile'] },
  actions_suite_job_queue_seconds: { kind: 'gauge', help: 'Queue time of the jobs in the window, by quantile', labels: [...JOB, 'quantile'] },
  actions_suite_duration_regression: { kind: 'gauge', help: "1 for the series' current verdict (regression, suspected, ok, insufficient-data), 0 for the others", labels: ['repository', 'workflow', 'job', 'event', 'branch_class', 'verdict'] },
  actions_suite_duration_change_ratio: { kind: 'gauge', help: 'Hodges–Lehmann ratio of window to baseline durations', labels: ['repository', 'workflow', 'job', 'event', 'branch_class'] },
  actions_suite_duration_min_detectable_ratio: { kind: 'gauge', help: 'Smallest slowdown ratio the data could show', labels: ['repository', 'workflow', 'job', 'event', 'branch_class'] },
  actions_suite_dora_deployments: { kind: 'gauge', help: 'Deployments that finished in the window, by outcome (success, failure, rolled_back)', labels: ['repository', 'environment', 'outcome'] },
  actions_suite_dora_deployment_frequency_per_day: { kind: 'gauge', help: 'Successful deployments per day', labels: ['repository', 'environment'] },
  actions_suite_dora_lead_time_seconds: { kind: 'gauge', help: 'Median lead time for changes (commit to successful deployment)', labels: ['repository', 'environment'] },
  actions_suite_dora_change_failure_ratio: { kind: 'gauge', help: 'Failed deployments ÷ finished deployments', labels: ['repository', 'environment'] },
  actions_suite_dora_time_to_restore_seconds: { kind: 'gauge', help: 'Median time from a failed deployment to a good version live again', labels: ['repository', 'environment'] },
  actions_suite_action_executions: { kind: 'gauge', help: "The suite's own executions (records input), by action and outcome", labels: ['action', 'outcome'] },
  actions_suite_action_duration_seconds: { kind: 'gauge', help: "The suite's executions' duration, by quantile", labels: ['action', 'quantile'] },
  actions_suite_action_retries: { kind: 'gauge', help: 'Retries summed over the executions', labels: ['action'] },
  actions_suite_action_api_calls: { kind: 'gauge', help: 'GitHub API calls summed over the executions', labels: ['action'] },
  actions_suite_action_rate_limit_remaining: { kind: 'gauge', help: 'Lowest API rate-limit remainder the executions saw', labels: ['action'] },
};

const VERDICTS = ['regression', 'suspected', 'ok', 'insufficient-data'] as const;

function seriesLabels(k: SeriesKey): Record<string, string> {
  return { repository: k.repository, workflow: k.workflow, event: k.event, branch_class: k.branch_class, ...(k.job !== undefined ? { job: k.job } : {}) };
}

/** The window's figures as gauges. */
export function gauges(analysis: Analysis): MetricPoint[] {
  const out: MetricPoint[] = [];
  const g = (name: string, value: number | null | undefined, labels: Record<string, string>): void => {
    if (value === null || value === undefined || !Number.isFinite(value)) return;
    out.push({ name, kind: 'gauge', value, labels });
  };
  for (const s of analysis.series) kpiGauges(s, g);
  for (const s of analysis.series) {
    const labels = { ...seriesLabels(s.key), job: s.key.job ?? '' };
    for (const v of VERDICTS) g('actions_suite_duration_regression', s.evaluation.verdict === v ? 1 : 0, { ...labels, verdict: v });
    g('actions_suite_duration_change_ratio', s.evaluation.ratio_hl, labels);
    const detectable = s.evaluation.min_detectable_pct;
    g('actions_suite_duration_min_detectable_ratio', detectable === null ? null : 1 + detectable / 100, labels);
  }
  for (const d of analysis.dora) {
    const labels = { repository: d.repository, environment: d.environment };
    g('actions_suite_dora_deployments', d.successes, { ...labels, outcome: 'success' });
    g('actions_suite_dora_deployments', d.failures - d.rolled_back, { ...labels, outcome: 'failure' });
    g('actions_suite_dora_deployments', d.rolled_back, { ...labels, outcome: 'rolled_back' });
    g('actions_suite_dora_deployment_frequency_per_day', d.deployment_frequency_per_day, labels);
    g('actions_suite_dora_lead_time_seconds', seconds(d.lead_time_p50_ms), labels);
    g('actions_suite_dora_change_failure_ratio', d.change_failure_rate, labels);
    g('actions_suite_dora_time_to_restore_seconds', seconds(d.time_to_restore_p50_ms), labels);
  }
  for (const r of analysis.records) {
    for (const [outcome, n] of Object.entries(r.outcomes)) g('actions_suite_action_executions', n, { action: r.action, outcome });
    g('actions_suite_action_duration_seconds', seconds(r.duration_p50_ms), { action: r.action, quantile: '0.5' });
    g('actions_suite_action_duration_seconds', seconds(r.duration_p95_ms), { action: r.action, quantile: '0.95' });
    g('actions_suite_action_retries', r.retries, { action: r.action });
    g('actions_suite_action_api_calls', r.api_calls, { action: r.action });
    g('actions_suite_action_rate_limit_remaining', r.rate_limit_remaining_min, { action: r.action });
  }
  return out;
}

function kpiGauges(s: SeriesReport, g: (name: string, value: number | null | undefined, labels: Record<string, string>) => void): void {
  const labels = seriesLabels(s.key);
  const level = s.level === 'job' ? 'job' : 'workflow';
  const k: Kpis = s.kpis;
  for (const [conclusion, n] of Object.entries(k.conclusions)) g(`actions_suite_${level}_runs`, n, { ...labels, conclusion });
  g(`actions_suite_${level}_success_ratio`, k.success_rate, labels);
  if (level === 'workflow') {
    g('actions_suite_workflow_first_attempt_success_ratio', k.first_attempt_success_rate, labels);
    g('actions_suite_workflow_rerun_ratio', k.rerun_rate, labels);
    g('actions_suite_workflow_duration_mean_seconds', seconds(k.duration_mean_ms), labels);
  }
  g(`actions_suite_${level}_duration_seconds`, seconds(k.duration_p50_ms), { ...labels, quantile: '0.5' });
  g(`actions_suite_${level}_duration_seconds`, seconds(k.duration_p95_ms), { ...labels, quantile: '0.95' });
  g(`actions_suite_${level}_queue_seconds`, seconds(k.queue_p50_ms), { ...labels, quantile: '0.5' });
  g(`actions_suite_${level}_queue_seconds`, seconds(k.queue_p95_ms), { ...labels, quantile: '0.95' });
}

/** One timestamped sample per completed run and job (at its completion). */
export function samples(runs: readonly RunFact[], jobs: readonly JobFact[]): MetricPoint[] {
  const out: MetricPoint[] = [];
  for (const r of runs) {
    const d = runDuration(r);
    if (d === undefined) continue;
    out.push({
      name: 'actions_suite_workflow_run_duration_seconds',
      kind: 'sample',
      value: d / 1000,
      timestamp: r.updatedAt,
      labels: { repository: r.repository, workflow: r.workflow, event: r.event, branch_class: r.branchClass, conclusion: r.conclusion || 'unknown' },
    });
  }
  for (const j of jobs) {
    if (j.rerunArtefact) continue;
    const labels = { repository: j.repository, workflow: j.workflow, event: j.event, branch_class: j.branchClass, job: j.name };
    out.push({ name: 'actions_suite_job_run_duration_seconds', kind: 'sample', value: (j.completedAt - j.startedAt) / 1000, timestamp: j.completedAt, labels: { ...labels, conclusion: j.conclusion || 'unknown', runner_label: j.runnerLabel } });
    if (j.startedAt > j.createdAt) {
      out.push({ name: 'actions_suite_job_run_queue_seconds', kind: 'sample', value: (j.startedAt - j.createdAt) / 1000, timestamp: j.startedAt, labels: { ...labels, runner_label: j.runnerLabel } });
    }
  }
  return out;
}

const seconds = (ms: number | null): number | null => (ms === null ? null : ms / 1000);
