// A composite action's `uses:` steps, as actions/runner's CompositeActionHandler prepares them:
// the composite's inputs reach its steps only as the `inputs` expression context (never as
// INPUT_* variables); each nested action gets its own inputs from its `with:` (evaluated against
// that context) plus its own action.yml defaults, and an environment of the job's env, the
// composite step's `env:` and the nested step's `env:`; GITHUB_ACTION_PATH is the composite's
// folder. Only steps that use a JavaScript action are emulated (`run:` steps throw).

import { isAbsolute, resolve } from 'node:path';
import { assertNodeAction, loadActionYml, resolveInputs } from './action-yml.ts';
import type { ActionRuns, ActionYml } from './action-yml.ts';
import { evaluateTemplate } from './expressions.ts';
import type { ExpressionContext } from './expressions.ts';

/** One `uses:` step of a composite action, ready to run. */
export interface NestedAction {
  dir: string;
  runs: ActionRuns & { main: string };
  /** Its effective inputs (the `with:` values plus its action.yml defaults). */
  inputs: Record<string, string>;
  /** The runner's warnings about those inputs. */
  warnings: string[];
  /** The nested step's own `env:` (evaluated). */
  env: Record<string, string>;
}

interface CompositeStep {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}

/**
 * The nested actions of `yml`'s `runs.steps`, in order. `uses: ./path` is resolved from the
 * workspace, as the runner does; an absolute path is accepted too (a test's generated composite).
 */
export function nestedActions(
  yml: ActionYml,
  compositeInputs: Record<string, string>,
  ctx: Pick<ExpressionContext, 'github' | 'runner'>,
  workspace: string,
): NestedAction[] {
  const steps = (yml.runs?.steps ?? []) as CompositeStep[];
  const scope = { ...ctx, inputs: compositeInputs };
  const evaluate = (values: Record<string, unknown> | undefined): Record<string, string> =>
    Object.fromEntries(Object.entries(values ?? {}).map(([k, v]) => [k, evaluateTemplate(String(v ?? ''), scope)]));
  return steps.map((step, i) => {
    if (step.run !== undefined || typeof step.uses !== 'string') {
      throw new Error(`composite step #${i + 1}: the emulation runs only \`uses:\` steps of local JavaScript actions`);
    }
    const dir = isAbsolute(step.uses) ? step.uses : resolve(workspace, step.uses);
    const nested = loadActionYml(dir);
    const runs = nested.runs!;
    assertNodeAction(dir, runs);
    const { inputs, warnings } = resolveInputs(nested, evaluate(step.with), ctx);
    return { dir, runs, inputs, warnings, env: evaluate(step.env) };
  });
}
