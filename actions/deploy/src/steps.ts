/**
 * The named steps main.ts orchestrates, gathered so main can load them in one dynamic import once
 * the inputs are valid: the bundle's start path (input validation) stays small.
 */
export { readEnvironment } from './environment.ts';
export { gate } from './health.ts';
export { holdLock } from './lock.ts';
export { finish, liveAlready, skip, succeed } from './outcome.ts';
export { promote } from './promotion.ts';
export { openRecord } from './record.ts';
export { recover } from './rollback.ts';
export { runFor } from './script.ts';
export { openSession } from './session.ts';
