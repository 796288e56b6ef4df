import type { ActionContext, MainResult } from '../../../shared/run-action.ts';
import type { Progress } from './abandon.ts';
import { readSettings, type RotateSettings } from './inputs.ts';
import type { RotationDeps, RunEnv } from './rotation.ts';

/**
 * rotate-secret: decide → preflight → create → set → test by logging in → distribute → retire.
 * steps.ts holds the steps and the crash-safety argument, abandon.ts what a failure leaves; plan.ts
 * decides, ledger.ts keeps the lock; destinations/ and targets/ are one file per kind. Only input
 * validation is on the start path: the engine (and through it crypto, the GitHub client and the
 * drivers) loads after it.
 */
export async function run(ctx: ActionContext): Promise<MainResult> {
  return rotate(ctx, readSettings(ctx.redactor));
}

export async function rotate(ctx: ActionContext, settings: RotateSettings, deps: RotationDeps = {}, env?: RunEnv): Promise<MainResult> {
  const [{ RotationRun, runEnv }, steps] = await Promise.all([import('./rotation.ts'), import('./steps.ts')]);
  const run = new RotationRun(ctx, settings, env ?? runEnv(), deps);
  try {
    const { known, decision } = await steps.decideRun(run);
    if (decision.action !== 'rotate') return await steps.stop(run, known, decision);
    const ready = await steps.preflight(run, known, decision);
    if (settings.dryRun) return await steps.dryRun(run, ready);
    let done: Progress = { lock: undefined, pending: undefined, targetChanged: false, written: 0 };
    try {
      const lock = await run.step('create', () => steps.takeLock(run, ready));
      done = { ...done, lock };
      const pending = await run.step('create', () => steps.makeValue(run, ready, lock));
      done = { ...done, pending };
      done = { ...done, targetChanged: await run.step('set', () => steps.setOnTarget(run, ready, pending)) };
      await run.step('test', () => steps.testLogin(run, ready, pending));
      done = { ...done, written: await run.step('distribute', () => steps.distribute(run, ready, lock, pending)) };
      const rotatedAt = await run.step('retire', () => steps.retire(run, ready, lock, pending));
      return await steps.finish(run, ready, lock, rotatedAt);
    } catch (error) {
      // What a failure leaves is worked out only when one happens: a successful run never loads it.
      const { abandon } = await import('./abandon.ts');
      return await abandon(run, ready, done, error);
    }
  } catch (error) {
    if (error instanceof steps.Busy) return await steps.stop(run, undefined, { action: 'busy', message: error.message });
    throw error;
  } finally {
    await run.close();
  }
}
