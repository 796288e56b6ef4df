import { UserError } from '../../../shared/errors.ts';
import type { ActionContext, MainResult } from '../../../shared/run-action.ts';
import { readSettings } from './inputs.ts';

export async function run(ctx: ActionContext): Promise<MainResult> {
  const settings = readSettings(ctx.redactor);
  ctx.log.info(`deploy: inputs are valid for environment '${settings.environment}'`);
  throw new UserError('not implemented yet (tracked in issue #4); no deployment was created.');
}
