import { runAction } from '../../test/harness/runner/index.ts';
import type { DemoContext } from './context.ts';
import { heading, printStep } from './print.ts';

/** Actions whose behaviour has not landed yet: they validate their inputs and say so. */
export async function placeholders(ctx: DemoContext, actions: Record<string, Record<string, string>>): Promise<void> {
  heading('Actions still being built (inputs validated, then an honest failure)');
  for (const [action, inputs] of Object.entries(actions)) {
    const r = await runAction({ action, inputs, token: ctx.token, env: ctx.env, context: ctx.context });
    printStep(action, r);
  }
}
