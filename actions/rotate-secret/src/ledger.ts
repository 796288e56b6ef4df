import { UserError } from '../../../shared/errors.ts';
import type { GitHub, Reconcile } from '../../../shared/github.ts';
import { failure, isForbidden, statusOf, tokenCannotWrite } from './failure.ts';
import { LEASE_MS, parseLock, type LockState, type RotationLock } from './lock.ts';

/**
 * The rotation's control plane: Actions variables of the repository the workflow runs in.
 *
 * - `<NAME>_ROTATION_LOCK` — the lock and write-ahead record of a rotation in progress (lock.ts:
 *   version, user, owner, lease; never a secret). Created with POST, which GitHub refuses with 409
 *   when it exists: that makes acquiring atomic, so of two concurrent runs exactly one proceeds.
 *   Deleted when the rotation completes, or when it fails with nothing left to finish. A run that
 *   dies keeps it (it is the resume point); a re-run of the same workflow run takes it over at
 *   once, any other run once its lease (10 min, renewed while distributing) has expired.
 * - `<NAME>_ROTATED_AT` — when the secret was last rotated (ISO 8601), for `rotate-if-older-than`.
 * - `<NAME>_ACTIVE_USER` — alternating-users: the user the destinations now hold.
 */

export interface Home {
  owner: string;
  repo: string;
}

export interface LedgerState {
  rotatedAt: string | undefined;
  activeUser: string | undefined;
  lock: LockState;
}

export class Ledger {
  readonly names: { lock: string; rotatedAt: string; activeUser: string };
  readonly #github: () => Promise<GitHub>;
  readonly #home: Home;
  readonly #signal: AbortSignal;

  constructor(github: () => Promise<GitHub>, home: Home, name: string, signal: AbortSignal) {
    this.#github = github;
    this.#home = home;
    this.#signal = signal;
    this.names = { lock: `${name}_ROTATION_LOCK`, rotatedAt: `${name}_ROTATED_AT`, activeUser: `${name}_ACTIVE_USER` };
  }

  get where(): string {
    return `${this.#home.owner}/${this.#home.repo}`;
  }

  async read(withActiveUser: boolean): Promise<LedgerState> {
    // In parallel, but a failure is reported in a fixed order (the same run, the same message).
    const settled = await Promise.allSettled([
      this.#get(this.names.lock),
      this.#get(this.names.rotatedAt),
      withActiveUser ? this.#get(this.names.activeUser) : Promise.resolve(undefined),
    ]);
    const [lock, rotatedAt, activeUser] = settled.map((r) => {
      if (r.status === 'rejected') throw r.reason;
      return r.value;
    });
    return { rotatedAt, activeUser, lock: lock === undefined ? undefined : parseLock(lock) };
  }

  /** Creates the lock. Undefined when another run holds it (409). */
  async acquire(lock: RotationLock): Promise<HeldLock | undefined> {
    const gh = await this.#github();
    const reconcile: Reconcile = async () => ((await this.holds(lock.owner)) ? { data: {}, status: 201 } : undefined);
    try {
      await gh.request('POST /repos/{owner}/{repo}/actions/variables', {
        ...this.#home,
        name: this.names.lock,
        value: JSON.stringify(lock),
        request: { signal: this.#signal, reconcile },
      });
      return new HeldLock(this, lock);
    } catch (error) {
      if (statusOf(error) === 409) return undefined;
      throw this.#explain('create the lock variable', error);
    }
  }

  /**
   * Takes over the lock of an interrupted rotation: checks it still holds `previous` (nobody took
   * it meanwhile), writes ours, and reads it back. GitHub has no compare-and-swap for variables,
   * so two runs taking over the same expired lock within the same instant could both proceed; the
   * read-back makes that window a few milliseconds wide.
   */
  async takeOver(previous: RotationLock, lock: RotationLock): Promise<HeldLock | undefined> {
    if (!(await this.holds(previous.owner))) return undefined;
    await this.update(this.names.lock, JSON.stringify(lock));
    return (await this.holds(lock.owner)) ? new HeldLock(this, lock) : undefined;
  }

  /** Records the rotation time and the active user (alternating-users). */
  async record(rotatedAt: string, activeUser: string | undefined, known: LedgerState): Promise<void> {
    await this.#upsert(this.names.rotatedAt, rotatedAt, known.rotatedAt !== undefined);
    if (activeUser !== undefined && known.activeUser !== activeUser) await this.#upsert(this.names.activeUser, activeUser, known.activeUser !== undefined);
  }

  async deleteLock(): Promise<void> {
    const gh = await this.#github();
    try {
      await gh.request('DELETE /repos/{owner}/{repo}/actions/variables/{name}', { ...this.#home, name: this.names.lock, request: { signal: this.#signal } });
    } catch (error) {
      if (statusOf(error) !== 404) throw this.#explain('delete the lock variable', error);
    }
  }

  /** Whether the lock variable now names `owner`. */
  async holds(owner: string): Promise<boolean> {
    const now = await this.#get(this.names.lock);
    const state = now === undefined ? undefined : parseLock(now);
    return state !== undefined && 'lock' in state && state.lock.owner === owner;
  }

  async #get(name: string): Promise<string | undefined> {
    const gh = await this.#github();
    try {
      const { data } = await gh.request('GET /repos/{owner}/{repo}/actions/variables/{name}', { ...this.#home, name, request: { signal: this.#signal } });
      return (data as { value?: string }).value;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw failure(`Failed to read the variable ${name} of ${this.where}`, error);
    }
  }

  async update(name: string, value: string): Promise<void> {
    const gh = await this.#github();
    try {
      await gh.request('PATCH /repos/{owner}/{repo}/actions/variables/{name}', { ...this.#home, name, value, request: { signal: this.#signal } });
    } catch (error) {
      throw this.#explain(`update the variable ${name}`, error);
    }
  }

  async #upsert(name: string, value: string, exists: boolean): Promise<void> {
    const gh = await this.#github();
    if (exists) {
      try {
        await this.update(name, value);
        return;
      } catch (error) {
        if (statusOf((error as Error).cause) !== 404) throw error;
      }
    }
    const reconcile: Reconcile = async () => ((await this.#get(name)) === value ? { data: {}, status: 201 } : undefined);
    try {
      await gh.request('POST /repos/{owner}/{repo}/actions/variables', { ...this.#home, name, value, request: { signal: this.#signal, reconcile } });
    } catch (error) {
      if (statusOf(error) === 409) return this.update(name, value);
      throw this.#explain(`create the variable ${name}`, error);
    }
  }

  #explain(what: string, error: unknown): Error {
    if (isForbidden(error)) {
      return tokenCannotWrite(`Actions variables of ${this.where} (this action keeps its lock and ${this.names.rotatedAt} there)`, error);
    }
    return failure(`Failed to ${what} of ${this.where}`, error);
  }
}

/**
 * The lock while this run holds it: its current record (the lease moves), renewed before it runs
 * out, and released or completed at the end.
 */
export class HeldLock {
  readonly #ledger: Ledger;
  #lock: RotationLock;

  constructor(ledger: Ledger, lock: RotationLock) {
    this.#ledger = ledger;
    this.#lock = lock;
  }

  get lock(): RotationLock {
    return this.#lock;
  }

  /** Extends the lease when less than half of it is left; throws when the lock is no longer ours (someone took over an expired lease). */
  async renewIfDue(now: number): Promise<void> {
    if (Date.parse(this.#lock.leaseUntil) - now >= LEASE_MS / 2) return;
    if (!(await this.#ledger.holds(this.#lock.owner))) {
      throw new UserError(`the lock ${this.#ledger.names.lock} is no longer held by this run (its lease expired and another run took it over); stopping`);
    }
    const renewed = { ...this.#lock, leaseUntil: new Date(now + LEASE_MS).toISOString() };
    await this.#ledger.update(this.#ledger.names.lock, JSON.stringify(renewed));
    this.#lock = renewed;
  }

  /** Records the rotation, then releases the lock. */
  async complete(rotatedAt: string, activeUser: string | undefined, known: LedgerState): Promise<void> {
    await this.#ledger.record(rotatedAt, activeUser, known);
    await this.release();
  }

  async release(): Promise<void> {
    await this.#ledger.deleteLock();
  }
}
