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

/**
 * How to fix each failure, for the job summary's "How to fix" (shared/diagnosis.ts puts an action's
 * own fix first: it knows the domain). A cancellation needs none: the summary says what to do.
 */
export const FIX: Record<Exclude<FailureReason, 'cancelled'>, string> = {
  'init-failed':
    'The log above shows why init failed: check backend-config and that the providers and modules can be downloaded from the runner, then re-run the job.',
  'plan-failed': 'Fix the error the tool reported (the log above shows it, with the file and line), push the fix and plan again.',
  'apply-failed':
    'The log above shows the error; the summary lists what was applied. Fix the cause, then plan again, have the new plan reviewed and apply it: the state already holds what was applied.',
  'plan-changed':
    "Apply exactly the reviewed plan: give apply the plan step's plan-file (the same artifact) and its plan-digest output, with the same plan-encryption-key. If the plan was meant to change, plan again and have the new plan reviewed.",
  'plan-stale': 'The state changed after the plan was made: plan again, have the new plan reviewed, and apply that one.',
  'destroy-blocked':
    'If these deletions or replacements are intended, allow them in the workflow (raise max-destroy, or take the resource out of protected-resources) and plan again; otherwise change the configuration so that they are not planned.',
  'state-locked':
    'Another run holds the state lock (the lock-info output names it): wait for it to end, or give lock-timeout more time. Release a lock with `terraform force-unlock LOCK_ID` only once you know its holder is gone.',
  'partial-apply':
    'Part of the reviewed plan was applied (the summary lists what was and was not): plan again, have the rest reviewed and apply it.',
  unreachable:
    'Check that the hosts named above are up and reachable over SSH from the runner (inventory, known-hosts, ssh-private-key), then re-run the job.',
  drift:
    'Infrastructure changed outside the tool (the summary lists what): apply the configuration to bring it back, or change the configuration to match what is there; the step fails while drift remains (alert: fail).',
  timeout:
    'The tool run took longer than the timeout input allows: give it more time (timeout), or look in the log for what it was waiting on (a provider, a host, a lock).',
};
