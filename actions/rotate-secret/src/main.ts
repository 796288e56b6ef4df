import type { ActionContext, MainResult } from '../../../shared/run-action.ts';
import { readSettings, type RotateSettings } from './inputs.ts';
import type { RotationDeps, RunEnv } from './rotation.ts';

/**
 * rotate-secret: create → set on the target → test by logging in → distribute → retire.
 * rotation.ts holds the steps and the crash-safety argument; plan.ts decides; ledger.ts keeps
 * the lock; destinations/ and targets/ are one file per kind. Only input validation is on the
 * start path: the engine (and through it the GitHub client and the drivers) loads after it.
 */
export async function run(ctx: ActionContext): Promise<MainResult> {
  return rotate(ctx, readSettings(ctx.redactor));
}

export async function rotate(ctx: ActionContext, settings: RotateSettings, deps: RotationDeps = {}, env?: RunEnv): Promise<MainResult> {
  const { Busy, Rotation, runEnv } = await import('./rotation.ts');
  const rotation = new Rotation(ctx, settings, env ?? runEnv(), deps);
  try {
    const decision = await rotation.decide();
    if (decision.action !== 'rotate') return await rotation.stop(decision);
    await rotation.preflight();
    if (settings.dryRun) return await rotation.dryRun();
    try {
      await rotation.step('create', () => rotation.create());
      await rotation.step('set', () => rotation.set());
      await rotation.step('test', () => rotation.test());
      await rotation.step('distribute', () => rotation.distribute());
      await rotation.step('retire', () => rotation.retire());
    } catch (error) {
      return await rotation.abandon(error);
    }
    return await rotation.finish();
  } catch (error) {
    if (error instanceof Busy) return await rotation.stop({ action: 'busy', wal: undefined, message: error.message });
    throw error;
  } finally {
    await rotation.close();
  }
}
