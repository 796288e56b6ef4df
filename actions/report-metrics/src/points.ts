import { InputError } from '../../../shared/errors.ts';
import type { Field } from '../../../shared/inputs.ts';
import type { ExecutionRecord } from '../../../shared/record.ts';
import type { Labels, MetricPoint, RunRef } from './sinks/types.ts';

/**
 * Metric points from what exists today: the suite's execution records (the `records` input, JSON
 * lines from deploy, provision and rotate-secret) — one observation per record at its end time,
 * and per action the runs and success ratio of the records given. The KPIs of workflow runs
 * (issue 12) join these through the same MetricPoint model.
 */

/** Labels naming where this job runs: repository, workflow file, job, runner OS and architecture. */
export function contextLabels(env: NodeJS.ProcessEnv = process.env): Labels {
  // GITHUB_WORKFLOW_REF is owner/repo/.github/workflows/ci.yml@refs/heads/main: its file name is stable, unlike the display name.
  const workflow = /\/([^/@]+)@/.exec(env.GITHUB_WORKFLOW_REF ?? '')?.[1] ?? env.GITHUB_WORKFLOW;
  const labels: Record<string, string> = {};
  const put = (key: string, value: string | undefined): void => {
    if (value) labels[key] = value;
  };
  put('repository', env.GITHUB_REPOSITORY);
  put('workflow', workflow);
  put('workflow_job', env.GITHUB_JOB);
  put('runner_os', env.RUNNER_OS);
  put('runner_arch', env.RUNNER_ARCH);
  return labels;
}

/** The `records` input, parsed once: one execution record per line (errors name the line, never echo it). */
export const recordsField: Field<ExecutionRecord[], false> = {
  required: false,
  secret: false,
  expected: 'execution records, one JSON object per line (the `record` output of a suite action)',
  parse(raw, name) {
    return raw.split(/\r?\n/).flatMap((line, i) => {
      if (!line.trim()) return [];
      let r: Partial<ExecutionRecord>;
      try {
        r = JSON.parse(line) as Partial<ExecutionRecord>;
      } catch {
        throw new InputError(name, `line ${i + 1}`, 'one JSON execution record per line (the `record` output of a suite action)');
      }
      const ok =
        typeof r.action === 'string' && /^[a-z-]{1,40}$/.test(r.action) &&
        typeof r.outcome === 'string' && /^[a-z-]{1,40}$/.test(r.outcome) &&
        typeof r.duration_ms === 'number' && Number.isFinite(r.duration_ms) &&
        typeof r.started_at === 'string' && Number.isFinite(Date.parse(r.started_at));
      if (!ok) throw new InputError(name, `line ${i + 1}`, 'an execution record with action, outcome, duration_ms and started_at');
      return [Object.freeze(r as ExecutionRecord)];
    });
  },
};

export function recordPoints(records: readonly ExecutionRecord[], labels: Labels): MetricPoint[] {
  const points: MetricPoint[] = [];
  const byAction = new Map<string, ExecutionRecord[]>();
  for (const r of records) byAction.set(r.action, [...(byAction.get(r.action) ?? []), r]);
  for (const [action, list] of byAction) {
    const base = { ...labels, action };
    const observe = (name: string, help: string, unit: MetricPoint['unit'], pick: (r: ExecutionRecord) => number | null | undefined, type: MetricPoint['type'] = 'gauge'): void => {
      for (const outcome of new Set(list.map((r) => r.outcome))) {
        const samples = list
          .filter((r) => r.outcome === outcome)
          .flatMap((r) => {
            const value = pick(r);
            const run = runRef(r);
            return typeof value === 'number' ? [{ value, timestampMs: Date.parse(r.started_at) + r.duration_ms, ...(run ? { run } : {}) }] : [];
          });
        if (samples.length) points.push({ name, help, unit, type, labels: { ...base, outcome }, samples });
      }
    };
    observe('actions_suite_action_duration_seconds', 'Duration of a suite action run.', 'seconds', (r) => r.duration_ms / 1000, 'histogram');
    observe('actions_suite_action_attempts', 'Attempts an action run needed.', '', (r) => r.attempts);
    observe('actions_suite_action_retries', 'Retried calls and steps in an action run.', '', (r) => r.retries);
    observe('actions_suite_action_api_calls', 'GitHub API calls of an action run.', '', (r) => r.api_calls);
    observe('actions_suite_action_rate_limit_remaining', 'Lowest GitHub rate-limit remaining an action run saw.', '', (r) => r.rate_limit_remaining);
    for (const outcome of new Set(list.map((r) => r.outcome))) {
      const n = list.filter((r) => r.outcome === outcome).length;
      points.push({ name: 'actions_suite_action_runs', help: 'Action runs in the records given, by outcome.', unit: '', type: 'gauge', labels: { ...base, outcome }, samples: [{ value: n }] });
    }
    const successes = list.filter((r) => r.outcome === 'success').length;
    points.push({ name: 'actions_suite_action_success_ratio', help: 'Share of the action\'s runs that succeeded, in the records given.', unit: 'ratio', type: 'gauge', labels: base, samples: [{ value: successes / list.length }] });
  }
  return points;
}

/** correlation_id is run_id/run_attempt/job. */
function runRef(r: ExecutionRecord): RunRef | undefined {
  const [id, attempt] = (r.correlation_id ?? '').split('/');
  if (!id || !/^\d+$/.test(id)) return undefined;
  return { id, ...(attempt && /^\d+$/.test(attempt) ? { attempt: Number(attempt) } : {}) };
}
