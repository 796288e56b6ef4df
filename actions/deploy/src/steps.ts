/**
 * The named steps main.ts orchestrates, gathered so main can load them in one dynamic import once
 * the inputs are valid: the bundle's start path (input validation) stays small.
 */
export { openRecord } from './deployment-record.ts';
export { readEnvironment } from './environment.ts';
export { gate } from './health.ts';
export { holdLock } from './lock.ts';
export { finish, liveAlready, skipped, stopped, succeeded } from './outcome.ts';
export { promote } from './promotion.ts';
export { recover, rollbackCandidate } from './rollback.ts';
export { startRun } from './run-context.ts';
export { runFor } from './script.ts';
