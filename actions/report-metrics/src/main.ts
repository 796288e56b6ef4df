import type { ActionContext, MainResult } from '../../../shared/run-action.ts';
import { readSettings } from './inputs.ts';
import { readTarget } from './target.ts';

/**
 * report-metrics: validate → collect (runs by date slice, jobs within the budget, deployments) →
 * analyse (KPIs, the regression detector, DORA) → alert → outputs and job summary. Only input
 * validation is on the start path; the GitHub client and everything after load with steps.ts.
 */
export async function run(ctx: ActionContext, now: number = Date.now()): Promise<MainResult> {
  const settings = readSettings(ctx.redactor);
  const target = readTarget(settings, process.env, now);
  const { connect, collect, analyse, alert, report } = await import('./steps.ts');
  const gh = connect(ctx, settings);
  const collected = await ctx.log.group('Collect', () => collect(ctx, gh, settings, target));
  const analysis = analyse(collected, settings, target);
  ctx.log.info(`analysed ${analysis.series.length} series in ${analysis.analysis_ms} ms`);
  const alerts = await ctx.log.group('Alert', () => alert(ctx, settings, target, analysis, async () => gh, now));
  await report(ctx, analysis, alerts);
  const failure = alerts.find((a) => a.failure !== undefined)?.failure;
  return { outcome: analysis.series.some((s) => s.evaluation.active) ? 'regressed' : 'success', ...(failure ? { failure } : {}) };
}
