import { UserError, messageOf } from '../../../shared/errors.ts';
import type { MainResult } from '../../../shared/run-action.ts';
import { openDestinations } from './destinations/open.ts';
import { mayHaveLanded } from './failure.ts';
import type { Credential, Destination } from './destinations/types.ts';
import { derivedValue, freshValue } from './generate.ts';
import type { HeldLock, LedgerState } from './ledger.ts';
import { LEASE_MS, newOwner, newVersion, type RotationLock } from './lock.ts';
import { alternatingUsers, decide, planSteps, settingsFingerprint, type Decision, type Rotate, type StepPlan } from './plan.ts';
import type { RotationRun } from './rotation.ts';
import type { StepDone } from './rotation-report.ts';
import type { TargetDriver } from './targets/types.ts';

/**
 * The steps main.ts orchestrates: decide → preflight → create → set → test → distribute → retire.
 * Each returns what it learned; nothing here keeps state between steps.
 *
 * Where the pending value lives. Nowhere of ours — it can be made again instead (a destination
 * with a pending state of its own, AWS Secrets Manager's AWSPENDING, also keeps it). Before the
 * target is touched, the lock variable records the rotation's version (a write-ahead record,
 * ledger.ts); the value is derived from `derivation-key` and that version (generate.ts). A re-run
 * reads the version back, makes the same value, and finds out how far the interrupted run got by
 * logging in with it (AWS's "pending already works" check): so a crash at any point resumes with
 * the value the target and some destinations may already hold, and no copy of it is ever stored —
 * in particular not in a variable anyone with read access can see. Without `derivation-key` a
 * fresh random value is drawn, and a resumed run draws another and rewrites every destination —
 * unless a destination holds the interrupted run's value (`recover`); with a `value` input the
 * value is the input. The admin credential is never an input to the value (docs/rotate-secret.md).
 *
 * Crash safety, step by step (L = the lock variable exists):
 * - before L: nothing changed; a re-run starts afresh.
 * - L, target not set: the re-run takes L over, makes the value again, sets it.
 * - target set, destinations partly written: alternating-users — every destination holds a user
 *   that works (the previous one, or the new one); single-user — destinations not yet written hold
 *   the old password, dead since `set` (Redis: still alive, the old password is kept until retire);
 *   the re-run makes the same value, sees it logs in, and writes every destination.
 * - retire partly done: the re-run rewrites the destinations (idempotent) and completes.
 * A failure (not a crash) is abandon.ts's: it releases L when nothing is left to finish, and keeps
 * it when destinations may hold the new value, so a re-run completes.
 *
 * Destinations with a pending state make the value durable without a derivation: `create` stages
 * it there right after L, before the target changes, and `distribute` commits it. A resumed run
 * first asks the destinations for the value they hold for L's version (`recover`) and resumes with
 * it — so once a value reached such a store, a crash never makes the rotation switch to another.
 * The order per run: L → recover (resume only) → stage → set → test → write → retire.
 */

/** What preflight found: everything checked, nothing changed yet. */
export interface Ready {
  readonly decision: Rotate;
  /** What the variables held when the run started. */
  readonly known: LedgerState;
  readonly target: TargetDriver | undefined;
  readonly destinations: readonly Destination[];
  /** The rotated user exists on the target (alternating users are created otherwise). */
  readonly userExists: boolean;
  /** `current-value` logs in: a single-user target can be reverted to it. */
  readonly currentWorks: boolean;
  readonly plan: readonly StepPlan[];
}

/** The value this rotation sets and distributes, and where it came from. */
export interface PendingValue {
  /** The password set on the target. */
  readonly value: string;
  /** What the destinations store for it (value-format). */
  readonly credential: Credential;
  /** Whether a re-run gets the same value again (given, stored at a destination, or derived). */
  readonly reproducible: boolean;
  /** Destinations holding it as pending (staged before the target changed). */
  readonly staged: readonly string[];
}

/** Another run holds the lock: this run changed nothing and stops. */
export class Busy extends Error {
  override readonly name = 'Busy';
}

/** Some destinations were written, some not; `uncertain` ones failed after sending and may hold the value. */
export class DistributionFailed extends Error {
  override readonly name = 'DistributionFailed';
  readonly written: number;
  readonly uncertain: readonly string[];
  constructor(message: string, written: number, uncertain: readonly string[], options: { cause: unknown }) {
    super(message, options);
    this.written = written;
    this.uncertain = uncertain;
  }
}

const PREPARE_CONCURRENCY = 8;

async function inBatches<T>(items: readonly T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

/** The rotated user's name ('' without a target). */
function targetUser(run: RotationRun): string {
  const t = run.settings.target;
  return t.kind === 'none' ? '' : t.user;
}

function fingerprint(run: RotationRun): string {
  const s = run.settings;
  return settingsFingerprint({
    target: s.target.kind,
    location: s.target.kind === 'none' ? '' : s.target.location,
    targetUser: targetUser(run),
    strategy: s.strategy,
    charset: s.charset,
    length: s.length,
    value: s.valueSource,
    format: s.valueFormat,
  });
}

/** The users a rotation with these settings sets, and can have set before (a lock naming others is refused). */
function expectedUsers(run: RotationRun): { users: Set<string>; previousUsers: Set<string> } {
  const base = targetUser(run);
  if (!run.alternating) return { users: new Set([base]), previousUsers: new Set(['']) };
  const pair = alternatingUsers(base);
  return { users: new Set(pair), previousUsers: new Set(['', ...pair]) };
}

// ---------------------------------------------------------------------------------------------
// Deciding and checking: reads only.

export async function decideRun(run: RotationRun): Promise<{ known: LedgerState; decision: Decision }> {
  const known = await run.ledger.read(run.alternating, { now: run.env.now(), ...expectedUsers(run) });
  const decision = decide({
    now: run.env.now(),
    run: run.env.run,
    name: run.settings.name,
    strategy: run.settings.strategy,
    targetUser: targetUser(run),
    settings: fingerprint(run),
    rotateIfOlderThanMs: run.settings.rotateIfOlderThan,
    rotatedAt: known.rotatedAt,
    activeUser: known.activeUser,
    lock: known.lock,
    variables: run.ledger.names,
  });
  return { known, decision };
}

/** Busy, young or refused: outputs and summary, nothing changed. */
export async function stop(run: RotationRun, known: LedgerState | undefined, decision: Exclude<Decision, Rotate>): Promise<MainResult> {
  if (decision.action === 'refuse') throw new UserError(decision.message);
  if (decision.action === 'busy') run.ctx.log.warning(`rotate-secret: ${decision.message}`);
  else run.ctx.log.info(`rotate-secret: ${decision.message}; nothing to do`);
  for (const spec of run.settings.destinations) run.report.destination(spec.id, 'unchanged');
  await run.report.publish({
    headline: decision.action === 'busy' ? 'another rotation is in progress; nothing changed' : `not due until ${decision.nextAt}`,
    rotated: false,
    version: '',
    rotatedAt: known?.rotatedAt ?? '',
    activeUser: run.alternating ? (known?.activeUser ?? '') : targetUser(run),
    notes: [],
  });
  return { outcome: 'skipped' };
}

/** Target and destinations checked and ready; throws (nothing changed) on any problem. */
export async function preflight(run: RotationRun, known: LedgerState, decision: Rotate): Promise<Ready> {
  const s = run.settings;
  const target = await run.target();
  let userExists = true;
  let currentWorks = false;
  if (target && s.target.kind !== 'none') {
    const base = s.target.user;
    const ours = run.alternating ? [base, ...alternatingUsers(base)] : [base];
    // The user comes from the lock on a resume: only ever one this rotation can set (lock.ts checks it too).
    if (!expectedUsers(run).users.has(decision.user)) throw new Error(`the rotated user '${decision.user}' is not one of ${[...expectedUsers(run).users].join(', ')}`);
    if (ours.includes(target.adminUser)) {
      throw new UserError(
        `target-url logs in as '${target.adminUser}', the user being rotated: rotating the credential this action logs in with would lock it out. Use a separate admin account in target-url.`,
      );
    }
    const exists = await onTarget(run, target, 'looking up the users', () => target.existing(ours));
    userExists = exists.has(decision.user);
    if (!userExists) {
      if (!run.alternating) throw new UserError(`user '${decision.user}' does not exist on the ${target.kind} target at ${target.where}; create it first (nothing was changed)`);
      if (!exists.has(base)) {
        throw new UserError(
          `user '${decision.user}' does not exist on the ${target.kind} target at ${target.where}, and neither does '${base}' to create it from; create '${base}' (its privileges are copied) or both '${alternatingUsers(base).join("' and '")}' (nothing was changed)`,
        );
      }
    }
    if (run.alternating && decision.previousUser && !exists.has(decision.previousUser)) {
      run.ctx.log.warning(`the active user '${decision.previousUser}' recorded in ${run.ledger.names.activeUser} does not exist on the target`);
    }
    if (run.alternating && s.currentValue !== undefined) {
      run.ctx.log.info('current-value is not needed with alternating-users (the active user is never changed); ignoring it');
    }
    if (userExists) await onTarget(run, target, 'checking the user', () => target.checkUsers([decision.user]));
    const current = s.currentValue;
    if (!run.alternating && current !== undefined && !target.keepsOldPassword && !decision.resume) {
      currentWorks = await onTarget(run, target, `logging in as ${decision.user} with current-value`, () => target.canLogin(decision.user, current));
      if (!currentWorks) run.ctx.log.warning(`current-value does not log in as '${decision.user}'; the target cannot be reverted to it if the new value fails its test`);
    }
  }
  // Opening loads each kind's client (and, for vault/aws destinations, obtains the cloud credentials).
  const destinations = await run.ctx.log.group(`check ${s.destinations.length} destination(s)`, async () => {
    const opened = await openDestinations(s.destinations, run.destinationDeps());
    await inBatches(opened, PREPARE_CONCURRENCY, (d) => d.prepare());
    return opened;
  });
  const plan = planSteps({
    decision,
    strategy: s.strategy,
    target: s.target.kind,
    value: s.valueSource,
    verify: s.verify,
    userExists,
    keepsOldPassword: target?.keepsOldPassword ?? false,
    destinations: destinations.map((d) => d.id),
    staged: destinations.filter((d) => d.stage).map((d) => d.id),
  });
  run.report.plan(plan);
  return { decision, known, target, destinations, userExists, currentWorks, plan };
}

export async function dryRun(run: RotationRun, ready: Ready): Promise<MainResult> {
  for (const d of ready.destinations) run.report.destination(d.id, 'would write');
  run.report.wouldDo();
  run.ctx.log.info('rotate-secret: dry run; nothing was changed');
  await run.report.publish({
    headline: ready.decision.resume ? 'dry run: would resume the interrupted rotation' : 'dry run: would rotate',
    rotated: false,
    version: '',
    rotatedAt: ready.known.rotatedAt ?? '',
    activeUser: run.alternating ? (ready.known.activeUser ?? '') : targetUser(run),
    notes: [],
  });
  return { outcome: 'dry-run' };
}

/** A target operation: what the server refused (a password policy, a lost connection) is the user's to fix, not a bug. */
export async function onTarget<T>(run: RotationRun, target: TargetDriver, what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof TypeError || error instanceof RangeError || error instanceof ReferenceError || error instanceof UserError) throw error;
    throw new UserError(`${what} on the ${target.kind} target at ${target.where} failed: ${messageOf(error)}`, { cause: error });
  }
}

// ---------------------------------------------------------------------------------------------
// create: the lock (the write-ahead record), then the value.

export async function takeLock(run: RotationRun, ready: Ready): Promise<StepDone<HeldLock>> {
  const d = ready.decision;
  const now = run.env.now();
  const record: Omit<RotationLock, 'mac'> = {
    v: 2,
    owner: newOwner(),
    run: run.env.run,
    version: d.resume?.version ?? newVersion(now),
    strategy: run.settings.strategy,
    user: d.user,
    previousUser: d.previousUser,
    settings: fingerprint(run),
    value: run.settings.valueSource,
    startedAt: d.resume?.startedAt ?? new Date(now).toISOString(),
    leaseUntil: new Date(now + LEASE_MS).toISOString(),
    takenFrom: d.resume ? [...d.resume.takenFrom, d.resume.owner].slice(-10) : [],
  };
  const held = d.resume ? await run.ledger.takeOver(d.resume, record) : await run.ledger.acquire(record);
  if (!held) throw new Busy(`another run took the lock ${run.ledger.names.lock} first; nothing was changed`);
  const detail = d.resume ? `took over the lock of run ${d.resume.run.id} attempt ${d.resume.run.attempt}` : `locked ${run.ledger.names.lock}`;
  return { result: held, detail: `${detail}; version ${record.version}` };
}

/** The pending value — given, recovered from a store, derived or drawn — then staged where a store keeps it pending. */
export async function makeValue(run: RotationRun, ready: Ready, held: HeldLock): Promise<StepDone<PendingValue>> {
  const s = run.settings;
  const { version } = held.lock;
  const d = ready.decision;
  let value: string;
  let source: string;
  let reproducible = true;
  const recovered = d.resume && s.value === undefined ? await recover(run, ready, version) : undefined;
  if (s.value !== undefined) {
    value = s.value;
    source = 'the given value';
  } else if (recovered) {
    value = recovered.value;
    source = `the value the interrupted run stored at ${recovered.at} (resumed with, not made again)`;
  } else if (s.derivationKey !== undefined) {
    value = derivedValue(s.derivationKey, version, [s.name, s.target.kind, d.user], s.length, s.charset);
    source = `a ${s.length}-character ${s.charset} value derived from derivation-key (a re-run derives it again)`;
  } else {
    value = freshValue(s.length, s.charset);
    source = `a random ${s.length}-character ${s.charset} value`;
    reproducible = ready.destinations.some((x) => x.stage);
  }
  run.ctx.redactor.add(value);
  // Not the JSON of value-format json: the redactor would mask its every leaf, the user too; the password in it is masked already.
  const credential = credentialOf(run, ready, value);
  if (d.resume && s.valueSource === 'random' && !recovered) {
    run.ctx.log.warning('the value of the interrupted rotation cannot be made again (no derivation-key, and no destination stored it): a new value is used and every destination is rewritten');
  }
  const staged: string[] = [];
  for (const dest of ready.destinations) {
    if (!dest.stage) continue;
    await held.renewIfDue(run.env.now());
    await dest.stage(credential, { version });
    staged.push(dest.id);
  }
  const stagedText = staged.length > 0 ? `; stored as pending at ${staged.join(', ')}` : '';
  return { result: { value, credential, reproducible, staged }, detail: `${source}${stagedText}` };
}

/**
 * What the destinations store for `password`: the password itself, with alternating users the
 * user beside it (each kind says where); or, with value-format json, `{"user","password"}` in one
 * secret — consumers then get the pair in one read, never one half of a change.
 */
function credentialOf(run: RotationRun, ready: Ready, password: string): Credential {
  const user = ready.decision.user;
  if (run.settings.valueFormat === 'json') return { secret: JSON.stringify({ user, password }), user: undefined };
  return { secret: password, user: run.alternating ? user : undefined };
}

/** Resume: the password a destination holds for `version` (the first that has one). */
async function recover(run: RotationRun, ready: Ready, version: string): Promise<{ value: string; at: string } | undefined> {
  for (const dest of ready.destinations) {
    if (!dest.recover) continue;
    const stored = await dest.recover({ version });
    if (stored === undefined) continue;
    const value = passwordIn(ready, run.settings.valueFormat, stored, dest.id);
    run.ctx.redactor.add(value);
    return { value, at: dest.id };
  }
  return undefined;
}

/** The password in what a destination stored for this rotation (the JSON of value-format json, checked). */
function passwordIn(ready: Ready, format: 'plain' | 'json', stored: string, at: string): string {
  if (format !== 'json') return stored;
  let parsed: unknown;
  try {
    parsed = JSON.parse(stored);
  } catch {
    parsed = undefined;
  }
  const { user, password } = (parsed ?? {}) as { user?: unknown; password?: unknown };
  if (typeof password !== 'string' || user !== ready.decision.user) {
    throw new UserError(`${at} holds a value for this rotation that is not the {"user","password"} JSON this action writes for ${ready.decision.user}; re-run with the inputs the interrupted rotation had (value-format), or delete the lock variable to start a new rotation`);
  }
  return password;
}

// ---------------------------------------------------------------------------------------------
// set, test, distribute, retire.

/**
 * Applies the pending value to the target. Alternating users: the user is provisioned — created, or
 * compared with the template and repaired — on every run, resumed or not (a crash may have left it
 * half made). Single-user: skipped when the value already logs in (a resumed run). True when the
 * target now has the value.
 */
export async function setOnTarget(run: RotationRun, ready: Ready, pending: PendingValue): Promise<StepDone<boolean>> {
  const target = ready.target;
  const s = run.settings;
  if (!target || s.target.kind === 'none') return { result: false, detail: 'no target', skipped: true };
  const d = ready.decision;
  const { value } = pending;
  if (run.alternating) {
    const template = s.target.user;
    const changes = await onTarget(run, target, `provisioning ${d.user}`, () => target.provisionUser(d.user, template, value));
    return { result: true, detail: `set the password of ${d.user}; ${changes.length > 0 ? changes.join('; ') : `it already matched ${template}`}` };
  }
  if (d.resume && (await onTarget(run, target, `logging in as ${d.user}`, () => target.canLogin(d.user, value)))) {
    return { result: true, detail: `${d.user} already logs in with the pending value (set by the interrupted run)` };
  }
  const how = target.keepsOldPassword ? 'add' : 'replace';
  await onTarget(run, target, `setting the password of ${d.user}`, () => target.setPassword(d.user, value, how));
  return { result: true, detail: how === 'add' ? `added a password to ${d.user} (the old one still works until retire)` : `changed the password of ${d.user}` };
}

/**
 * Logs in with the pending value for real; with alternating users also checks the user holds
 * exactly the template's hosts and privileges — it is never activated before (verify: false skips
 * only the login).
 */
export async function testLogin(run: RotationRun, ready: Ready, pending: PendingValue): Promise<StepDone<void>> {
  const target = ready.target;
  const s = run.settings;
  if (!target || s.target.kind === 'none') return { result: undefined, detail: 'no target', skipped: true };
  const user = ready.decision.user;
  const parts: string[] = [];
  if (run.alternating) {
    const template = s.target.user;
    const differences = await onTarget(run, target, `comparing ${user} with ${template}`, () => target.compareUser(user, template));
    if (differences.length > 0) throw new UserError(`${user} does not match ${template} on the ${target.kind} target at ${target.where}: ${differences.join('; ')}`);
    parts.push(`${user} matches ${template}`);
  }
  if (!s.verify) {
    run.ctx.log.warning('verify is false: the new value is distributed without logging in with it first');
    return { result: undefined, detail: [...parts, 'login skipped (verify: false)'].join('; '), skipped: !run.alternating };
  }
  if (!(await onTarget(run, target, `logging in as ${user}`, () => target.canLogin(user, pending.value)))) {
    throw new UserError(`the new value does not log in as '${user}' on the ${target.kind} target at ${target.where}`);
  }
  return { result: undefined, detail: [`logged in as ${user}`, ...parts].join('; ') };
}

/** Writes every destination; a failed one does not stop the others (more of them then work). Returns how many hold the value. */
export async function distribute(run: RotationRun, ready: Ready, held: HeldLock, pending: PendingValue): Promise<StepDone<number>> {
  const failures: unknown[] = [];
  const uncertain: string[] = [];
  let written = 0;
  let created = 0;
  let unchanged = 0;
  for (const dest of ready.destinations) {
    try {
      await held.renewIfDue(run.env.now());
      const outcome = await dest.write(pending.credential, { version: held.lock.version });
      if (outcome === 'created') created++;
      if (outcome === 'unchanged') unchanged++;
      written++;
      run.report.destination(dest.id, outcome);
    } catch (error) {
      failures.push(error);
      // A write that failed after it was sent may have landed: it counts as possibly holding the value (abandon.ts).
      const maybe = mayHaveLanded(error);
      if (maybe) uncertain.push(dest.id);
      run.report.destination(dest.id, maybe ? 'uncertain' : 'failed', error);
      if (run.ctx.signal.aborted) break;
    }
  }
  for (const dest of ready.destinations.slice(written + failures.length)) run.report.destination(dest.id, 'not reached');
  if (failures.length > 0) {
    const first = failures[0];
    throw new DistributionFailed(`${failures.length} of ${ready.destinations.length} destination(s) could not be written; the first: ${messageOf(first)}`, written, uncertain, { cause: first });
  }
  return { result: written, detail: `wrote ${written} destination(s) (${created} created${unchanged > 0 ? `, ${unchanged} already held it` : ''})` };
}

/** Retires the old credential where the target kept it, records the rotation, releases the lock. Returns the rotation time. */
export async function retire(run: RotationRun, ready: Ready, held: HeldLock, pending: PendingValue): Promise<StepDone<string>> {
  const d = ready.decision;
  const parts: string[] = [];
  const target = ready.target;
  if (target && !run.alternating && target.keepsOldPassword) {
    const n = await onTarget(run, target, `retiring the old passwords of ${d.user}`, () => target.retireOtherPasswords(d.user, pending.value));
    parts.push(`removed ${n} old password(s) of ${d.user}`);
  }
  if (run.alternating) parts.push(`${d.user} is active; ${d.previousUser || 'no previous user'}${d.previousUser ? ' stays valid until the next rotation' : ''}`);
  parts.push(...(await retireAtDestinations(run, ready, held)));
  const rotatedAt = new Date(run.env.now()).toISOString();
  await held.complete(rotatedAt, run.alternating ? d.user : undefined, ready.known);
  parts.push(`recorded ${run.ledger.names.rotatedAt}`);
  return { result: rotatedAt, detail: parts.join('; ') };
}

/** Each destination retires what the old value left there (a replaced version): best effort, a refusal is a warning. */
async function retireAtDestinations(run: RotationRun, ready: Ready, held: HeldLock): Promise<string[]> {
  const done: string[] = [];
  for (const dest of ready.destinations) {
    if (!dest.retire) continue;
    await held.renewIfDue(run.env.now());
    try {
      const what = await dest.retire({ version: held.lock.version });
      if (what) done.push(what);
    } catch (error) {
      run.ctx.log.warning(`${messageOf(error)}; the rotation is complete, the old version stays enabled`);
    }
  }
  return done;
}

export async function finish(run: RotationRun, ready: Ready, held: HeldLock, rotatedAt: string): Promise<MainResult> {
  const d = ready.decision;
  const notes: string[] = [];
  if (!run.alternating && ready.target && !ready.target.keepsOldPassword) {
    notes.push('single-user: the old password stopped working at the set step; consumers that read the secret before this run must read it again.');
  }
  await run.report.publish({
    headline: d.resume ? 'rotated (completed an interrupted rotation)' : 'rotated',
    rotated: true,
    version: held.lock.version,
    rotatedAt,
    activeUser: d.user,
    notes,
  });
  return { outcome: 'success' };
}
