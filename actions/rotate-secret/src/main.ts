import { UserError } from '../../../shared/errors.ts';
import type { ActionContext, MainResult } from '../../../shared/run-action.ts';
import { readSettings } from './inputs.ts';

export async function run(ctx: ActionContext): Promise<MainResult> {
  const settings = readSettings(ctx.redactor);
  ctx.log.info(`rotate-secret: inputs are valid for secret '${settings.name}'`);
  throw new UserError('not implemented yet (tracked in issue #5); nothing was changed.');
}
