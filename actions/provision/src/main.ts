import type { ActionContext, MainResult } from '../../../shared/run-action.ts';
import { withCloud, type CloudCredentials } from '../../../shared/oidc/with-cloud.ts';
import { createState, type State } from '../../../shared/state.ts';
import { readSettings, type ProvisionSettings } from './inputs.ts';
import { readJobContext, type JobContext } from './job.ts';
import type { Pipeline } from './pipeline.ts';
import type { Outcome } from './report.ts';
import type { StateKey } from './state-keys.ts';
import type { ToolRunner } from './tools/types.ts';

/**
 * provision: validate the inputs and the paths → cloud credentials (with `cloud`) → prepare the
 * tool → plan | apply | drift → publish (outputs, summary file, job summary, PR comment).
 *
 * - plan: plan → summary, guard and digest → plan file (sealed with plan-encryption-key).
 * - apply: the reviewed plan file → its digest must be plan-digest → guard again → apply, with
 *   safe retries (tools/terraform.ts, tools/ansible.ts).
 * - drift: refresh-only plan and pending changes, apart → alert (annotation, issue, fail).
 *
 * Only input validation is on the start path: pipeline.ts, the tool runners, the parsers and the
 * GitHub client load after it.
 */
type Steps = typeof import('./pipeline.ts');

export async function run(ctx: ActionContext): Promise<MainResult> {
  const settings = readSettings(ctx.redactor);
  const job = readJobContext(settings);
  const state = createState<StateKey>(ctx.redactor);
  // Before the tool runs: a missing id-token permission or a trust mismatch fails here.
  return withCloud(ctx, settings.cloud, state, (cloud) => provision(ctx, settings, job, state, cloud));
}

async function provision(ctx: ActionContext, settings: ProvisionSettings, job: JobContext, state: State<StateKey>, cloud: CloudCredentials): Promise<MainResult> {
  const steps: Steps = await import('./pipeline.ts');
  const p = steps.open(ctx, settings, job, state, cloud);
  try {
    let outcome: Outcome;
    try {
      const tool = await steps.prepare(p);
      outcome = settings.command === 'plan' ? await plan(steps, p, tool) : settings.command === 'apply' ? await apply(steps, p, tool) : await drift(steps, p, tool);
    } catch (error) {
      outcome = steps.failed(p, error);
    }
    return await steps.publish(p, outcome);
  } finally {
    steps.close(p);
  }
}

async function plan(steps: Steps, p: Pipeline, tool: ToolRunner): Promise<Outcome> {
  const planned = await tool.plan('normal');
  const summary = steps.review(p, tool, planned);
  const saved = await steps.savePlan(p, planned, summary);
  return steps.planned(p, summary, planned, saved);
}

async function apply(steps: Steps, p: Pipeline, tool: ToolRunner): Promise<Outcome> {
  const reviewed = await steps.loadReviewed(p, tool);
  const summary = steps.review(p, tool, reviewed.plan);
  const refusal = steps.refuse(p, summary);
  if (refusal) return refusal;
  try {
    return steps.applied(p, summary, await tool.apply(reviewed.plan, reviewed.fromFile));
  } catch (error) {
    return steps.failed(p, error, summary);
  }
}

async function drift(steps: Steps, p: Pipeline, tool: ToolRunner): Promise<Outcome> {
  return steps.alert(p, await steps.detectDrift(p, tool));
}
