import type { Analysis, SeriesKey, SeriesReport } from './analysis.ts';
import { runDuration, type JobFact, type RunFact } from './facts.ts';
import type { Kpis } from './kpis.ts';
import type { Usage } from './sampler/usage.ts';
import type { Labels, MetricPoint, MetricType, MetricUnit, RunRef, Sample } from './sinks/types.ts';

/**
 * The one metric model every sink consumes (docs/metrics-model.md): the analysis as named values
 * with labels, and `kpiPoints` turning them into the series the sinks send. Names follow
 * Prometheus conventions (base units, `_seconds`, `_ratio`); an OTLP sink maps them with `otel`.
 * Two kinds:
 * - `gauge`: a figure of the current window (pushed as is, e.g. to a Pushgateway, which refuses
 *   timestamps);
 * - `sample`: one fact per run or job at its own time (for stores that take timestamps, so
 *   dashboards compute their own percentiles).
 * Labels are low-cardinality only: never a run id, a sha or an actor (those stay in the `metrics`
 * output and the summary). A job's name is `workflow_job`, not `job`: Prometheus and the
 * Pushgateway own `job` (the scrape target, the grouping key) and would overwrite it. Percentiles
 * are `stat="p50"` / `"p95"`, not `quantile`: Prometheus reserves that label for summaries
 * (`promtool check metrics` refuses it on a gauge).
 */

export type MetricKind = 'gauge' | 'sample';

/** One value of a metric (the `metrics` output's `points`); `kpiPoints` groups them into series for the sinks. */
export interface MetricValue {
  name: string;
  kind: MetricKind;
  value: number;
  labels: Readonly<Record<string, string>>;
  /** ms since the epoch, for samples. */
  timestamp?: number;
  /** The run a sample is about: never a label, kept by event stores (Elasticsearch, JSON lines). */
  run?: RunRef;
}

export interface MetricInfo {
  kind: MetricKind;
  help: string;
  labels: readonly string[];
  /** OpenTelemetry CI/CD semantic-convention name, where one exists. */
  otel?: string;
}

const SERIES = ['repository', 'workflow', 'event', 'branch_class'] as const;
const JOB = [...SERIES, 'workflow_job'] as const;
const RUNNER = ['repository', 'workflow', 'workflow_job', 'runner_os', 'runner_arch'] as const;

/** Every metric the model can emit, with its labels: what sinks and dashboards can rely on. */
export const METRICS: Readonly<Record<string, MetricInfo>> = {
  actions_suite_workflow_run_duration_seconds: { kind: 'sample', help: "A completed run's duration (latest attempt, start to last update)", labels: [...SERIES, 'conclusion'], otel: 'cicd.pipeline.run.duration' },
  actions_suite_job_run_duration_seconds: { kind: 'sample', help: "A completed job's duration (completed_at − started_at)", labels: [...JOB, 'conclusion', 'runner_label'] },
  actions_suite_job_run_queue_seconds: { kind: 'sample', help: "A job's queue time (started_at − created_at)", labels: [...JOB, 'runner_label'] },
  actions_suite_workflow_runs: { kind: 'gauge', help: 'Completed runs in the window, by conclusion', labels: [...SERIES, 'conclusion'] },
  actions_suite_workflow_success_ratio: { kind: 'gauge', help: 'success ÷ (success + failure + timed_out + startup_failure) in the window', labels: SERIES },
  actions_suite_workflow_first_attempt_success_ratio: { kind: 'gauge', help: 'Runs that succeeded on their first attempt ÷ decided runs', labels: SERIES },
  actions_suite_workflow_rerun_ratio: { kind: 'gauge', help: 'Runs with more than one attempt ÷ completed runs', labels: SERIES },
  actions_suite_workflow_duration_seconds: { kind: 'gauge', help: 'Duration of successful runs in the window, as stat p50 and p95', labels: [...SERIES, 'stat'] },
  actions_suite_workflow_duration_mean_seconds: { kind: 'gauge', help: 'Mean duration of successful runs in the window', labels: SERIES },
  actions_suite_workflow_queue_seconds: { kind: 'gauge', help: "Queue time of the runs' jobs in the window, as stat p50 and p95", labels: [...SERIES, 'stat'] },
  actions_suite_job_runs: { kind: 'gauge', help: 'Completed jobs in the window, by conclusion', labels: [...JOB, 'conclusion'] },
  actions_suite_job_success_ratio: { kind: 'gauge', help: 'Job success rate in the window', labels: JOB },
  actions_suite_job_duration_seconds: { kind: 'gauge', help: 'Duration of successful jobs in the window, as stat p50 and p95', labels: [...JOB, 'stat'] },
  actions_suite_job_queue_seconds: { kind: 'gauge', help: 'Queue time of the jobs in the window, as stat p50 and p95', labels: [...JOB, 'stat'] },
  actions_suite_duration_regression: { kind: 'gauge', help: "1 for the series' current verdict (regression, suspected, ok, insufficient-data), 0 for the others", labels: ['repository', 'workflow', 'workflow_job', 'event', 'branch_class', 'verdict'] },
  actions_suite_duration_change_ratio: { kind: 'gauge', help: 'Hodges–Lehmann ratio of window to baseline durations', labels: ['repository', 'workflow', 'workflow_job', 'event', 'branch_class'] },
  actions_suite_duration_min_detectable_ratio: { kind: 'gauge', help: 'Smallest slowdown ratio the data could show', labels: ['repository', 'workflow', 'workflow_job', 'event', 'branch_class'] },
  actions_suite_dora_deployments: { kind: 'gauge', help: 'Deployments that finished in the window, by outcome (success, failure, rolled_back)', labels: ['repository', 'environment', 'outcome'] },
  actions_suite_dora_deployment_frequency_per_day: { kind: 'gauge', help: 'Successful deployments per day', labels: ['repository', 'environment'] },
  actions_suite_dora_lead_time_seconds: { kind: 'gauge', help: 'Median lead time for changes (commit to successful deployment)', labels: ['repository', 'environment'] },
  actions_suite_dora_change_failure_ratio: { kind: 'gauge', help: 'Failed deployments ÷ finished deployments', labels: ['repository', 'environment'] },
  actions_suite_dora_time_to_restore_seconds: { kind: 'gauge', help: 'Median time from a failed deployment to a good version live again', labels: ['repository', 'environment'] },
  actions_suite_action_executions: { kind: 'gauge', help: "The suite's own executions (records input), by action and outcome", labels: ['action', 'outcome'] },
  actions_suite_action_duration_seconds: { kind: 'gauge', help: "The suite's executions' duration, as stat p50 and p95", labels: ['action', 'stat'] },
  actions_suite_action_retries: { kind: 'gauge', help: 'Retries summed over the executions', labels: ['action'] },
  actions_suite_action_api_calls: { kind: 'gauge', help: 'GitHub API calls summed over the executions', labels: ['action'] },
  actions_suite_action_rate_limit_remaining: { kind: 'gauge', help: 'Lowest API rate-limit remainder the executions saw', labels: ['action'] },
  // The runner this step's job ran on (sample-resources: true): peak and mean as gauges (stat), each reading at its time.
  actions_suite_runner_cpu_utilization_ratio: { kind: 'gauge', help: 'Share of CPU time busy on the runner, all cores', labels: [...RUNNER, 'stat'] },
  actions_suite_runner_memory_utilization_ratio: { kind: 'gauge', help: "Share of the runner's memory in use (total minus available)", labels: [...RUNNER, 'stat'] },
  actions_suite_runner_memory_used_bytes: { kind: 'gauge', help: 'Runner memory in use (total minus available)', labels: [...RUNNER, 'stat'] },
  actions_suite_runner_load1: { kind: 'gauge', help: 'One-minute load average of the runner', labels: [...RUNNER, 'stat'] },
  actions_suite_runner_disk_read_bytes_per_second: { kind: 'gauge', help: "Bytes read from the runner's disks per second", labels: [...RUNNER, 'stat'] },
  actions_suite_runner_disk_write_bytes_per_second: { kind: 'gauge', help: "Bytes written to the runner's disks per second", labels: [...RUNNER, 'stat'] },
  actions_suite_runner_network_receive_bytes_per_second: { kind: 'gauge', help: 'Bytes received by the runner per second (loopback excluded)', labels: [...RUNNER, 'stat'] },
  actions_suite_runner_network_transmit_bytes_per_second: { kind: 'gauge', help: 'Bytes sent by the runner per second (loopback excluded)', labels: [...RUNNER, 'stat'] },
  actions_suite_runner_filesystem_free_bytes: { kind: 'gauge', help: "Least free space seen on the workspace's file system", labels: [...RUNNER, 'stat'] },
  actions_suite_runner_cgroup_memory_peak_bytes: { kind: 'gauge', help: "Peak memory of the job's cgroup (v2)", labels: RUNNER },
  actions_suite_runner_oom_kills: { kind: 'gauge', help: 'Processes the kernel killed for lack of memory during the job (cgroup v2)', labels: RUNNER },
};

const VERDICTS = ['regression', 'suspected', 'ok', 'insufficient-data'] as const;

function seriesLabels(k: SeriesKey): Record<string, string> {
  return { repository: k.repository, workflow: k.workflow, event: k.event, branch_class: k.branch_class, ...(k.job !== undefined ? { workflow_job: k.job } : {}) };
}

/** The window's figures as gauges. */
export function gauges(analysis: Analysis): MetricValue[] {
  const out: MetricValue[] = [];
  const g = (name: string, value: number | null | undefined, labels: Record<string, string>): void => {
    if (value === null || value === undefined || !Number.isFinite(value)) return;
    out.push({ name, kind: 'gauge', value, labels });
  };
  for (const s of analysis.series) kpiGauges(s, g);
  for (const s of analysis.series) {
    const labels = { ...seriesLabels(s.key), workflow_job: s.key.job ?? '' };
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
    g('actions_suite_action_duration_seconds', seconds(r.duration_p50_ms), { action: r.action, stat: 'p50' });
    g('actions_suite_action_duration_seconds', seconds(r.duration_p95_ms), { action: r.action, stat: 'p95' });
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
  g(`actions_suite_${level}_duration_seconds`, seconds(k.duration_p50_ms), { ...labels, stat: 'p50' });
  g(`actions_suite_${level}_duration_seconds`, seconds(k.duration_p95_ms), { ...labels, stat: 'p95' });
  g(`actions_suite_${level}_queue_seconds`, seconds(k.queue_p50_ms), { ...labels, stat: 'p50' });
  g(`actions_suite_${level}_queue_seconds`, seconds(k.queue_p95_ms), { ...labels, stat: 'p95' });
}

/** One timestamped sample per completed run and job (at its completion). */
export function samples(runs: readonly RunFact[], jobs: readonly JobFact[]): MetricValue[] {
  const out: MetricValue[] = [];
  for (const r of runs) {
    const d = runDuration(r);
    if (d === undefined) continue;
    out.push({
      name: 'actions_suite_workflow_run_duration_seconds',
      kind: 'sample',
      value: d / 1000,
      timestamp: r.updatedAt,
      run: { id: String(r.id), attempt: r.attempt, sha: r.headSha, url: r.url },
      labels: { repository: r.repository, workflow: r.workflow, event: r.event, branch_class: r.branchClass, conclusion: r.conclusion || 'unknown' },
    });
  }
  for (const j of jobs) {
    if (j.rerunArtefact) continue;
    const labels = { repository: j.repository, workflow: j.workflow, event: j.event, branch_class: j.branchClass, workflow_job: j.name };
    out.push({ name: 'actions_suite_job_run_duration_seconds', kind: 'sample', value: (j.completedAt - j.startedAt) / 1000, timestamp: j.completedAt, run: { id: String(j.runId), attempt: j.attempt }, labels: { ...labels, conclusion: j.conclusion || 'unknown', runner_label: j.runnerLabel } });
    if (j.startedAt > j.createdAt) {
      out.push({ name: 'actions_suite_job_run_queue_seconds', kind: 'sample', value: (j.startedAt - j.createdAt) / 1000, timestamp: j.startedAt, run: { id: String(j.runId), attempt: j.attempt }, labels: { ...labels, runner_label: j.runnerLabel } });
    }
  }
  return out;
}

const seconds = (ms: number | null): number | null => (ms === null ? null : ms / 1000);

/** The unit a name ends with (base units only; the name carries it). */
function unitOf(name: string): MetricUnit {
  const bare = name.replace(/_total$/, '');
  for (const unit of ['bytes_per_second', 'seconds', 'bytes', 'ratio', 'percent'] as const) if (bare.endsWith(`_${unit}`)) return unit;
  return '';
}

/** One series of the model as the sinks take it: help, unit and type from the catalogue. */
export function modelPoint(name: string, labels: Labels, samples: readonly Sample[]): MetricPoint {
  const info = METRICS[name];
  if (!info) throw new Error(`${name} is not in the metric model`);
  // A sample metric's values are observations (one per run): histogram stores aggregate them.
  const type: MetricType = info.kind === 'sample' ? 'histogram' : 'gauge';
  return { name, help: info.help, unit: unitOf(name), type, labels, samples };
}

/**
 * The adapter from the analysis to the sinks: the window's gauges (current values) and one
 * timestamped sample per completed run and job of the window, grouped into series (name × labels). Run identity
 * never becomes a label; it rides on the sample for the event stores (Elasticsearch, JSON lines).
 */
export function kpiPoints(analysis: Analysis, facts: { readonly runs: readonly RunFact[]; readonly jobs: readonly JobFact[] }): MetricPoint[] {
  const series = new Map<string, { name: string; labels: Labels; samples: Sample[] }>();
  const add = (v: MetricValue, sample: Sample): void => {
    const key = `${v.name}\u0000${JSON.stringify(Object.entries(v.labels).sort(([a], [b]) => (a < b ? -1 : 1)))}`;
    const entry = series.get(key) ?? { name: v.name, labels: v.labels, samples: [] };
    entry.samples.push(sample);
    series.set(key, entry);
  };
  for (const v of gauges(analysis)) add(v, { value: v.value });
  // The window's runs only: the baseline's were the window of earlier evaluations, and stores take
  // past samples only so far back (Prometheus: its out-of-order window; docs/metrics-model.md).
  const from = Date.parse(analysis.window.from);
  const runs = facts.runs.filter((r) => r.createdAt >= from);
  const ids = new Set(runs.map((r) => r.id));
  for (const v of samples(runs, facts.jobs.filter((j) => ids.has(j.runId)))) add(v, { value: v.value, ...(v.timestamp === undefined ? {} : { timestampMs: v.timestamp }), ...(v.run ? { run: v.run } : {}) });
  return [...series.values()].map((s) => modelPoint(s.name, s.labels, s.samples));
}

/** The runner's figures (sample-resources: true). */
interface Figure {
  key: 'cpu' | 'memory' | 'memoryBytes' | 'load' | 'diskRead' | 'diskWrite' | 'netRx' | 'netTx';
  /** A name of the metric model (metric-model.ts), which gives its help and unit. */
  name: string;
  scale: number;
}

const FIGURES: Figure[] = [
  { key: 'cpu', name: 'actions_suite_runner_cpu_utilization_ratio', scale: 0.01 },
  { key: 'memory', name: 'actions_suite_runner_memory_utilization_ratio', scale: 0.01 },
  { key: 'memoryBytes', name: 'actions_suite_runner_memory_used_bytes', scale: 1 },
  { key: 'load', name: 'actions_suite_runner_load1', scale: 1 },
  { key: 'diskRead', name: 'actions_suite_runner_disk_read_bytes_per_second', scale: 1 },
  { key: 'diskWrite', name: 'actions_suite_runner_disk_write_bytes_per_second', scale: 1 },
  { key: 'netRx', name: 'actions_suite_runner_network_receive_bytes_per_second', scale: 1 },
  { key: 'netTx', name: 'actions_suite_runner_network_transmit_bytes_per_second', scale: 1 },
];

/** Peak and mean as current gauges (`stat`), and every reading at its time. */
export function usagePoints(usage: Usage, labels: Labels): MetricPoint[] {
  const points: MetricPoint[] = [];
  for (const f of FIGURES) {
    const stat = usage[f.key];
    if (!stat) continue;
    points.push(modelPoint(f.name, { ...labels, stat: 'max' }, [{ value: stat.max * f.scale }]));
    points.push(modelPoint(f.name, { ...labels, stat: 'mean' }, [{ value: stat.mean * f.scale }]));
    const samples = usage.intervals.flatMap((iv) => (iv[f.key] === undefined ? [] : [{ value: (iv[f.key] ?? 0) * f.scale, timestampMs: iv.t }]));
    if (samples.length) points.push(modelPoint(f.name, labels, samples));
  }
  if (usage.fsFreeMin !== undefined) points.push(modelPoint('actions_suite_runner_filesystem_free_bytes', { ...labels, stat: 'min' }, [{ value: usage.fsFreeMin }]));
  if (usage.cgroupPeak !== undefined) points.push(modelPoint('actions_suite_runner_cgroup_memory_peak_bytes', labels, [{ value: usage.cgroupPeak }]));
  if (usage.oomKills !== undefined) points.push(modelPoint('actions_suite_runner_oom_kills', labels, [{ value: usage.oomKills }]));
  return points;
}
