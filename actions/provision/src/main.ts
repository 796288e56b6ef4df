import { UserError } from '../../../shared/errors.ts';
import type { ActionContext, MainResult } from '../../../shared/run-action.ts';
import { readSettings } from './inputs.ts';

export async function run(ctx: ActionContext): Promise<MainResult> {
  const settings = readSettings(ctx.redactor);
  const cloud = settings.cloud.provider === 'none' ? '' : ` with ${settings.cloud.provider} credentials`;
  ctx.log.info(`provision: inputs are valid for ${settings.tool} ${settings.command}${cloud}`);
  throw new UserError('not implemented yet (it has no issue of its own yet); nothing was changed.');
}
