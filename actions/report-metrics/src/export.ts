import * as core from '@actions/core';
import { realClock, type Clock } from '../../../shared/clock.ts';
import { messageOf } from '../../../shared/errors.ts';
import { httpFetch, type Fetch } from '../../../shared/http.ts';
import type { ActionContext } from '../../../shared/run-action.ts';
import { appendSummary, cell } from '../../../shared/summary.ts';
import { openSink } from './sinks/open.ts';
import { conform } from './sinks/model.ts';
import type { DeliveryResult, ExportContext, MetricPoint, SinkTarget } from './sinks/types.ts';

/**
 * The export step: the points go to every `export` sink at once, each sink in its own time budget;
 * a failure is reported, never hidden — in the `exported` output, as a warning annotation, in the
 * job summary — and fails the step only with `fail-on-export-error` (main decides; post never
 * fails a job). The sinks' encoders load here, on first use.
 */

export interface ExportSettings {
  readonly export: readonly SinkTarget[];
  readonly exportTimeout: number;
  readonly failOnExportError: boolean;
  readonly dryRun: boolean;
}

export interface ExportDeps {
  fetch?: Fetch;
  clock?: Clock;
  env?: NodeJS.ProcessEnv;
}

export interface Exported {
  readonly results: readonly DeliveryResult[];
  /** Set when a sink failed and `fail-on-export-error` is on: the step's failure message. */
  readonly failure: string | undefined;
}

export async function exportMetrics(ctx: ActionContext, settings: ExportSettings, points: readonly MetricPoint[], deps: ExportDeps = {}): Promise<Exported> {
  if (settings.export.length === 0) return { results: [], failure: undefined };
  const clock = deps.clock ?? realClock;
  const { points: conformed, problems } = conform(points);
  for (const problem of problems) ctx.log.warning(`report-metrics: ${problem} (docs/metrics-model.md)`);
  const ectx: ExportContext = {
    log: ctx.log,
    redactor: ctx.redactor,
    stats: ctx.stats,
    signal: ctx.signal,
    clock,
    fetch: deps.fetch ?? httpFetch,
    timeoutMs: settings.exportTimeout,
    dryRun: settings.dryRun,
    now: clock.now(),
    workspace: (deps.env ?? process.env).GITHUB_WORKSPACE || process.cwd(),
  };
  const results = await Promise.all(settings.export.map((target) => deliverOne(target, conformed, ectx)));
  const failed = results.filter((r) => r.status === 'failed' || r.status === 'partial');
  for (const r of failed) ctx.log.warning(`report-metrics: export to ${r.sink} ${r.status === 'failed' ? 'failed' : 'was partial'}: ${r.error ?? 'no detail'}`);
  core.setOutput('exported', JSON.stringify(results));
  await appendSummary(ctx.redactor, exportTable(results));
  const failure = settings.failOnExportError && failed.length > 0 ? `export failed for ${failed.map((r) => r.sink).join(', ')} (fail-on-export-error is on)` : undefined;
  return { results, failure };
}

async function deliverOne(target: SinkTarget, points: readonly MetricPoint[], ctx: ExportContext): Promise<DeliveryResult> {
  try {
    const sink = await openSink(target.kind);
    return await sink.deliver(points, target, ctx);
  } catch (error) {
    // A sink's own bug or an abort: still one honest entry, never a lost one.
    return { sink: target.label, status: 'failed', points: 0, error: ctx.redactor.scrub(messageOf(error)) };
  }
}

function exportTable(results: readonly DeliveryResult[]): string {
  const mark: Record<DeliveryResult['status'], string> = { ok: '✅ ok', partial: '⚠️ partial', failed: '❌ failed', 'dry-run': '📝 dry-run', 'nothing-to-send': '➖ nothing to send' };
  return [
    '',
    '### Metrics export',
    '',
    '| sink | status | points | skipped | detail |',
    '|---|---|---|---|---|',
    ...results.map((r) => `| ${cell(r.sink)} | ${mark[r.status]} | ${r.points} | ${r.skipped ?? ''} | ${cell([r.error, r.note].filter(Boolean).join('; '))} |`),
    '',
  ].join('\n');
}
