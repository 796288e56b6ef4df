import { cell } from '../../../shared/summary.ts';
import type { AlertOutcome } from './alerts/types.ts';
import type { Analysis, SeriesReport } from './analysis.ts';
import { durationChart, successChart } from './charts.ts';
import type { Kpis } from './kpis.ts';

/**
 * The job summary: what was measured and with how many calls, a table per workflow (one row per
 * population, and per job at job scope), what the detector concluded and why, charts for the
 * series that matter most, DORA and the suite's own records. Every collaborator-written name goes
 * through `cell()`; the whole text is scrubbed by appendSummary.
 */

const MAX_CHARTED = 6;

const VERDICT_MARK: Record<string, string> = {
  regression: '🔴 regression',
  suspected: '🟡 suspected',
  ok: '🟢 ok',
  'insufficient-data': '⚪ insufficient data',
};

export function renderSummary(analysis: Analysis, alerts: readonly AlertOutcome[]): string {
  const lines: string[] = [];
  const counts = new Map<string, number>();
  for (const s of analysis.series) counts.set(s.evaluation.verdict, (counts.get(s.evaluation.verdict) ?? 0) + 1);
  const c = analysis.collection;
  lines.push(
    `## report-metrics: ${analysis.window.from.slice(0, 16)} → ${analysis.window.to.slice(0, 16)} (baseline from ${analysis.baseline.from.slice(0, 10)})`,
    '',
    `**${counts.get('regression') ?? 0} regression(s)**, ${counts.get('suspected') ?? 0} suspected, ${counts.get('ok') ?? 0} ok, ${counts.get('insufficient-data') ?? 0} with too little data — threshold +${analysis.threshold_pct}%.`,
    '',
    `Collected ${c.runs_listed} runs from ${c.repositories} repositor${c.repositories === 1 ? 'y' : 'ies'} with ${c.list_calls} list call(s) over ${c.slices} date slice(s)` +
      (c.split_calls ? ` (${c.split_calls} call(s) spent splitting at GitHub's 1,000-result cap)` : '') +
      `; jobs of ${c.job_runs_sampled} of ${c.job_runs_eligible} completed runs (${c.job_calls} call(s))` +
      (c.job_runs_sampled < c.job_runs_eligible ? `, **sampled evenly in time: max-api-calls (${c.max_api_calls}) is short of one call per run**` : '') +
      `; ${c.api_calls} API call(s) in all.` +
      (c.capped_slices ? ` ⚠️ ${c.capped_slices} slice(s) still hit the 1,000-result cap: some runs are missing.` : ''),
    '',
  );
  const byWorkflow = new Map<string, SeriesReport[]>();
  for (const s of analysis.series) byWorkflow.set(`${s.key.repository} ${s.key.workflow}`, [...(byWorkflow.get(`${s.key.repository} ${s.key.workflow}`) ?? []), s]);
  for (const [workflow, series] of byWorkflow) {
    lines.push(`### ${cell(workflow)}`, '', '| population | job | runs | success | first attempt | re-runs | mean | p50 | p95 | queue p50 | queue p95 | verdict |', '|---|---|---|---|---|---|---|---|---|---|---|---|');
    for (const s of series) lines.push(row(s));
    lines.push('');
    for (const s of series.filter((x) => x.evaluation.verdict === 'regression' || x.evaluation.verdict === 'suspected' || x.evaluation.verdict === 'insufficient-data')) {
      const e = s.evaluation;
      const first = e.first_slow_run ? ` First slow run: [#${e.first_slow_run.run_number}](${e.first_slow_run.url}), commit \`${e.first_slow_run.head_sha.slice(0, 12)}\`.` : '';
      lines.push(`- ${VERDICT_MARK[e.verdict]} ${cell(population(s))}${s.key.job !== undefined ? ` › ${cell(s.key.job)}` : ''}: ${cell(e.reason)}${first}`);
    }
    lines.push('');
  }
  const charted = [...analysis.series]
    .filter((s) => s.level === 'workflow' || s.evaluation.verdict === 'regression')
    .sort((a, b) => rank(a) - rank(b) || b.kpis.runs - a.kpis.runs)
    .slice(0, MAX_CHARTED);
  if (charted.length) lines.push('### Trends', '');
  for (const s of charted) {
    const title = `${s.key.workflow}${s.key.job !== undefined ? ` › ${s.key.job}` : ''} ${population(s)}`;
    const d = durationChart(s, title, analysis.threshold_pct);
    const r = successChart(s, title);
    if (d) lines.push(d, '');
    if (r) lines.push(r, '');
  }
  if (analysis.dora.length) {
    lines.push('### DORA', '', '| repository | environment | deployments | per day | lead time p50 | change failure rate | time to restore p50 | rolled back |', '|---|---|---|---|---|---|---|---|');
    for (const d of analysis.dora) {
      lines.push(`| ${cell(d.repository)} | ${cell(d.environment)} | ${d.deployments} | ${d.deployment_frequency_per_day} | ${duration(d.lead_time_p50_ms)} | ${d.change_failure_rate === null ? '–' : `${Math.round(d.change_failure_rate * 100)}%`} | ${duration(d.time_to_restore_p50_ms)} | ${d.rolled_back} |`);
    }
    lines.push('');
  }
  if (analysis.records.length) {
    lines.push("### The suite's own executions", '', '| action | executions | success | p50 | p95 | attempts (mean) | retries | API calls | lowest rate limit left |', '|---|---|---|---|---|---|---|---|---|');
    for (const r of analysis.records) {
      lines.push(`| ${r.action} | ${r.executions} | ${rate(r.success_rate)} | ${duration(r.duration_p50_ms)} | ${duration(r.duration_p95_ms)} | ${r.attempts_mean} | ${r.retries} | ${r.api_calls} | ${r.rate_limit_remaining_min ?? '–'} |`);
    }
    lines.push('');
  }
  const done = alerts.flatMap((a) => a.actions.map((x) => `- ${a.channel}: ${cell(x)}`));
  if (done.length) lines.push('### Alerts', '', ...done, '');
  return lines.join('\n');
}

function rank(s: SeriesReport): number {
  return { regression: 0, suspected: 1, ok: 2, 'insufficient-data': 3 }[s.evaluation.verdict];
}

function population(s: SeriesReport): string {
  return `${s.key.event} · ${s.key.branch_class === 'default' ? 'default branch' : 'other branches'}`;
}

function row(s: SeriesReport): string {
  const k: Kpis = s.kpis;
  return `| ${cell(population(s))} | ${s.key.job === undefined ? '(run)' : cell(s.key.job)} | ${k.runs} | ${rate(k.success_rate)} | ${rate(k.first_attempt_success_rate)} | ${rate(k.rerun_rate)} | ${duration(k.duration_mean_ms)} | ${duration(k.duration_p50_ms)} | ${duration(k.duration_p95_ms)} | ${duration(k.queue_p50_ms)} | ${duration(k.queue_p95_ms)} | ${VERDICT_MARK[s.evaluation.verdict]} |`;
}

export function rate(x: number | null): string {
  return x === null ? '–' : `${(x * 100).toFixed(1)}%`;
}

export function duration(ms: number | null): string {
  if (ms === null) return '–';
  if (ms < 1000) return `${ms} ms`;
  const s = ms / 1000;
  if (s < 120) return `${s.toFixed(1)} s`;
  if (s < 7200) return `${(s / 60).toFixed(1)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}
