import { UserError } from '../../../shared/errors.ts';
import type { ActionContext, MainResult } from '../../../shared/run-action.ts';
import { readSettings } from './inputs.ts';

export async function run(ctx: ActionContext): Promise<MainResult> {
  const settings = readSettings(ctx.redactor);
  ctx.log.info(`report-metrics: inputs are valid (window ${settings.window} ms)`);
  throw new UserError('not implemented yet (it has no issue of its own yet); nothing was reported.');
}
