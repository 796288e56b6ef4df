import type { ActionContext, MainResult } from '../../../shared/run-action.ts';
import type { Analysis, Collected } from './analysis.ts';
import type { Exported } from './export.ts';
import { readSettings, type ReportSettings } from './inputs.ts';
import { readTarget } from './target.ts';

/**
 * report-metrics: validate → start the runner sampler (post reports it) → collect (runs by date
 * slice, jobs within the budget, deployments) → analyse (KPIs, the regression detector, DORA) →
 * alert → outputs and job summary → export to the sinks. Only input validation is on the start
 * path; the GitHub client, the sampler's launcher and each sink load when they are used.
 */
export async function run(ctx: ActionContext, now: number = Date.now()): Promise<MainResult> {
  const settings = readSettings(ctx.redactor);
  const target = readTarget(settings, process.env, now);
  if (settings.sampleResources) await (await import('./resources.ts')).startResourceSampling(ctx, settings.sampleInterval);
  const { connect, collect, analyse, alert, report } = await import('./steps.ts');
  const gh = connect(ctx, settings);
  const collected = await ctx.log.group('Collect', () => collect(ctx, gh, settings, target));
  const analysis = analyse(collected, settings, target);
  ctx.log.info(`analysed ${analysis.series.length} series in ${analysis.analysis_ms} ms`);
  const alerts = await ctx.log.group('Alert', () => alert(ctx, settings, target, analysis, async () => gh, now));
  await report(ctx, analysis, alerts);
  const exported = settings.export.length === 0 ? undefined : await ctx.log.group('Export', () => exportKpis(ctx, settings, analysis, collected));
  const failure = alerts.find((a) => a.failure !== undefined)?.failure ?? exported?.failure;
  return { outcome: analysis.series.some((s) => s.evaluation.active) ? 'regressed' : 'success', ...(failure ? { failure } : {}) };
}

/** The sinks' code and the metric model's adapter load only when an `export` line names a sink. */
async function exportKpis(ctx: ActionContext, settings: ReportSettings, analysis: Analysis, facts: Collected): Promise<Exported> {
  const [{ exportMetrics }, { kpiPoints }] = await Promise.all([import('./export.ts'), import('./metric-model.ts')]);
  return exportMetrics(ctx, settings, kpiPoints(analysis, facts));
}
