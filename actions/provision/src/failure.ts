import { UserError } from '../../../shared/errors.ts';
import type { LockInfo } from './tf-stream.ts';

/**
 * Why a provision run failed, as the `failure-reason` output says it (one word, for `if:`
 * expressions), with the lock holder when a state lock was the problem.
 */
export type FailureReason =
  | 'init-failed'
  | 'plan-failed'
  | 'apply-failed'
  | 'plan-changed'
  | 'plan-stale'
  | 'destroy-blocked'
  | 'state-locked'
  | 'partial-apply'
  | 'unreachable'
  | 'drift'
  | 'timeout'
  | 'cancelled';

export class ProvisionFailure extends UserError {
  override readonly name: string = 'ProvisionFailure';
  readonly reason: FailureReason;
  readonly lockInfo: LockInfo | undefined;
  readonly exitCode: number | undefined;
  /** For a failed or partial apply: what was applied, and what of the reviewed plan was not. */
  readonly applied: readonly string[] | undefined;
  readonly notApplied: readonly string[] | undefined;

  constructor(
    reason: FailureReason,
    message: string,
    options: { lockInfo?: LockInfo; exitCode?: number; applied?: readonly string[]; notApplied?: readonly string[]; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.reason = reason;
    this.lockInfo = options.lockInfo;
    this.exitCode = options.exitCode;
    this.applied = options.applied;
    this.notApplied = options.notApplied;
  }
}
