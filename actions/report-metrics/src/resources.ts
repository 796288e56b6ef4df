import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { ActionContext } from '../../../shared/run-action.ts';
import { createState, type State } from '../../../shared/state.ts';
import { appendSummary } from '../../../shared/summary.ts';
import type { ExportDeps } from './export.ts';
import { readExportSettings } from './inputs.ts';
import { resourceSummary } from './sampler/resource-charts.ts';
import { startSampler, stopSampler, type SamplerStateKey } from './sampler/control.ts';
import type { Labels } from './sinks/types.ts';
import { parseReadings, summarise } from './sampler/usage.ts';

/**
 * `sample-resources: true`: main starts the sampler; post stops it, summarises peak and mean,
 * charts the job in the summary and exports the figures to the same sinks. Post never fails the
 * job: a problem becomes a warning (runPost).
 */

export interface ResourceDeps extends ExportDeps {
  state?: State<SamplerStateKey>;
  /** The sampler bundle (tests run it from source). */
  script?: string;
}

export async function startResourceSampling(ctx: ActionContext, intervalMs: number, deps: ResourceDeps = {}): Promise<void> {
  const env = deps.env ?? process.env;
  const state = deps.state ?? createState<SamplerStateKey>(ctx.redactor);
  const id = [env.GITHUB_RUN_ID ?? 'local', env.GITHUB_RUN_ATTEMPT ?? '1', env.GITHUB_JOB ?? 'job'].join('-');
  const { pid, file } = await startSampler(state, {
    ...(deps.script ? { script: deps.script } : {}),
    intervalMs,
    runnerTemp: env.RUNNER_TEMP || tmpdir(),
    workspace: env.GITHUB_WORKSPACE || process.cwd(),
    id,
  });
  ctx.log.info(`report-metrics: sampling the runner every ${intervalMs / 1000}s (process ${pid}, readings in ${file}); the post step reports them`);
}

export async function reportResources(ctx: ActionContext, deps: ResourceDeps = {}): Promise<void> {
  const state = deps.state ?? createState<SamplerStateKey>(ctx.redactor);
  const stopped = await stopSampler(state);
  if (!stopped) {
    ctx.log.debug('report-metrics (post): no sampler was started; nothing to report');
    return;
  }
  if (!stopped.wasRunning) ctx.log.warning('report-metrics (post): the resource sampler had already stopped; reporting the readings it left');
  let text = '';
  try {
    text = readFileSync(stopped.file, 'utf8');
  } catch {
    ctx.log.warning(`report-metrics (post): the sampler left no readings (${stopped.file})`);
    return;
  }
  const usage = summarise(parseReadings(text));
  if (!usage) {
    ctx.log.warning('report-metrics (post): the sampler left no readable readings');
    return;
  }
  await appendSummary(ctx.redactor, resourceSummary(usage));
  for (const note of usage.notes) ctx.log.info(`report-metrics: ${note}`);
  const settings = readExportSettings(ctx.redactor);
  if (settings.export.length === 0) return;
  // The export step and the metric model load only when there is somewhere to send the figures.
  const [{ exportMetrics }, { usagePoints }] = await Promise.all([import('./export.ts'), import('./metric-model.ts')]);
  await exportMetrics(ctx, settings, usagePoints(usage, contextLabels(deps.env)), deps);
}

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
