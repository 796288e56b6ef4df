import { UserError } from '../../../shared/errors.ts';
import type { ActionContext, MainResult } from '../../../shared/run-action.ts';
import { exportMetrics, type ExportDeps } from './export.ts';
import { readSettings } from './inputs.ts';
import { contextLabels, recordPoints } from './points.ts';

/**
 * report-metrics: validate the inputs → start the runner sampler (post reports it) → metric points
 * from the execution records → export. The KPIs of workflow runs (issue 12) are not computed yet:
 * with nothing else to report the step says so and fails rather than pretend.
 */
export async function run(ctx: ActionContext, deps: ExportDeps = {}): Promise<MainResult> {
  const settings = readSettings(ctx.redactor);
  const points = recordPoints(settings.records ?? [], contextLabels(deps.env));
  if (points.length === 0 && !settings.sampleResources) {
    throw new UserError('not implemented yet: workflow-run KPIs are still being built; pass `records` or `sample-resources: true` to export what exists. Nothing was reported.');
  }
  if (settings.sampleResources) await (await import('./resources.ts')).startResourceSampling(ctx, settings.sampleInterval, deps);

  // Export (sinks/): one call, whatever produced the points. A sampling-only step has none yet: post exports the runner's.
  if (points.length === 0) return {};
  const { failure } = await exportMetrics(ctx, settings, points, deps);
  return failure ? { failure } : {};
}
