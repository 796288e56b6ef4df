import { messageOf } from '../../../shared/errors.ts';
import { sameKind } from './failure.ts';
import type { HeldLock } from './ledger.ts';
import type { RotationRun } from './rotation.ts';
import { Busy, DistributionFailed, type PendingValue, type Ready } from './steps.ts';
import type { TargetDriver } from './targets/types.ts';

/**
 * A step failed (not a crash): revert what can be reverted, keep or release the lock, and say
 * where things stand — in the error, the summary and the notes.
 *
 * The lock is released when nothing is left to finish (nothing was distributed, or the new value
 * failed its test), reverting a single-user target where it can (Redis: drop the new password;
 * otherwise `current-value`) and dropping what was staged (after the release: a kept lock keeps its
 * pending value). It is kept when destinations may hold the new value, so a re-run completes.
 *
 * "May hold" includes a write whose outcome is unknown (a timeout, a reset or a 5xx after the
 * request was sent): the store may have taken the value and consumers may be reading it, so it is
 * never revoked on the target, and the lock stays for the re-run that writes every destination again.
 */

/** How far the run got before it failed: what each step returned. */
export interface Progress {
  readonly lock: HeldLock | undefined;
  readonly pending: PendingValue | undefined;
  /** The target has the pending value (set ran). */
  readonly targetChanged: boolean;
  /** Destinations written. */
  readonly written: number;
}

export async function abandon(run: RotationRun, ready: Ready, done: Progress, error: unknown): Promise<never> {
  if (error instanceof Busy) throw error;
  const written = error instanceof DistributionFailed ? error.written : done.written;
  const uncertain = error instanceof DistributionFailed ? error.uncertain : [];
  const notes: string[] = [];
  const d = ready.decision;
  const target = ready.target;
  const failedAt = run.report.failedStep();
  const mayHoldPending = written > 0 || uncertain.length > 0 || d.resume !== undefined;
  if (uncertain.length > 0) notes.push(`the write to ${uncertain.join(', ')} failed after it was sent, so it may hold the new value: nothing was revoked`);
  let reverted = false;
  if (done.lock && done.pending && target && done.targetChanged && !run.alternating && (failedAt === 'test' || !mayHoldPending)) {
    reverted = await revert(run, ready, target, done.pending, notes);
  }
  if (done.lock) {
    if (mayHoldPending && failedAt !== 'test') {
      // Say what a re-run will really do: only a value that can be made again is resumed.
      const how = run.settings.valueSource !== 'random' || done.pending?.reproducible
        ? 'with the same value'
        : 'with a new value (no derivation-key, and no destination keeps this one): it sets it and rewrites every destination';
      notes.push(
        `the lock ${run.ledger.names.lock} stays: re-run this workflow run to complete the rotation ${how}` +
          (run.alternating ? ' (every destination holds a working user meanwhile)' : ''),
      );
      const staged = done.pending?.staged ?? [];
      if (staged.length > 0) notes.push(`the new value stays pending at ${staged.join(', ')} for the re-run`);
    } else {
      let released = false;
      try {
        await done.lock.release();
        released = true;
      } catch (releaseError) {
        notes.push(`the lock ${run.ledger.names.lock} could not be released (${messageOf(releaseError)}); it expires by itself`);
      }
      // Only once the lock is gone: a kept lock is resumed with the pending value.
      if (released) await discard(ready, done.lock.lock.version, notes);
    }
  }
  if (written === 0 && uncertain.length === 0 && !d.resume) notes.push('no destination was changed');
  if (done.targetChanged && !reverted && !run.alternating && !(target?.keepsOldPassword ?? false)) {
    notes.push(
      written === 0 && uncertain.length === 0 && failedAt !== 'test'
        ? 'the target has the new value while the destinations still hold the old one, which no longer works: re-run to distribute it, or pass current-value to let the action revert'
        : 'destinations not written yet hold the old value, which no longer works',
    );
  }
  if (run.alternating && done.targetChanged && written === 0 && uncertain.length === 0 && !d.resume) notes.push(`the destinations still use ${d.previousUser || 'the previous user'}`);
  await run.report
    .publish({
      headline: 'failed',
      rotated: false,
      version: done.lock?.lock.version ?? '',
      rotatedAt: ready.known.rotatedAt ?? '',
      activeUser: run.alternating ? (ready.known.activeUser ?? '') : d.user,
      notes,
    })
    .catch(() => undefined);
  if (notes.length === 0) throw error;
  throw sameKind(`${messageOf(error)}. ${notes.join('; ')}.`, error);
}

async function revert(run: RotationRun, ready: Ready, target: TargetDriver, pending: PendingValue, notes: string[]): Promise<boolean> {
  const user = ready.decision.user;
  try {
    if (target.keepsOldPassword) {
      await target.removePassword(user, pending.value);
      notes.push(`removed the new password from ${user}; its old password still works`);
      return true;
    }
    const current = run.settings.currentValue;
    if (current !== undefined && ready.currentWorks) {
      await target.setPassword(user, current, 'replace');
      if (await target.canLogin(user, current)) {
        notes.push(`reverted ${user} to current-value, which logs in again`);
        return true;
      }
      notes.push(`reverting ${user} to current-value did not make it log in`);
      return false;
    }
    notes.push(`${user} could not be reverted (${current === undefined ? 'no current-value given' : 'current-value did not log in'})`);
    return false;
  } catch (error) {
    notes.push(`reverting ${user} failed: ${messageOf(error)}`);
    return false;
  }
}

/** Drops what `stage` left (this run's or the interrupted one's) at every destination that can. */
async function discard(ready: Ready, version: string, notes: string[]): Promise<void> {
  const dropped: string[] = [];
  for (const dest of ready.destinations) {
    if (!dest.discard) continue;
    try {
      await dest.discard({ version });
      dropped.push(dest.id);
    } catch (error) {
      notes.push(`the pending value at ${dest.id} could not be dropped (${messageOf(error)}); it is never made current`);
    }
  }
  if (dropped.length > 0) notes.push(`dropped the pending value at ${dropped.join(', ')} (the current one is unchanged)`);
}
