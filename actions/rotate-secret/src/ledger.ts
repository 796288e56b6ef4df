import { UserError } from '../../../shared/errors.ts';
import type { GitHub, Reconcile } from '../../../shared/github.ts';
import { failure, isForbidden, statusOf, tokenCannotWrite } from './failure.ts';
import { LEASE_MS, parseLock, signLock, type LockExpectation, type LockState, type RotationLock } from './lock.ts';

/**
 * The rotation's control plane: Actions variables of the repository the workflow runs in.
 *
 * - `<NAME>_ROTATION_LOCK` — the lock and write-ahead record of a rotation in progress (lock.ts:
 *   version, user, owner, lease; never a secret). Created with POST, which GitHub refuses with 409
 *   when it exists: that makes acquiring atomic, so of two concurrent runs exactly one proceeds.
 *   Deleted when the rotation completes, or when it fails with nothing left to finish. A run that
 *   dies keeps it (it is the resume point); a re-run of the same workflow run takes it over at
 *   once, any other run (only with derivation-key: the record is signed) once its lease (10 min,
 *   renewed while distributing) has expired.
 * - `<NAME>_ROTATION_TAKEOVER_<OWNER>` — taking over the lock of owner OWNER: created with POST as
 *   well (GitHub's only create-if-absent primitive for variables), so of two runs taking over the
 *   same expired lock exactly one wins; the lock records it and the marker is deleted at the end.
 * - `<NAME>_ROTATED_AT` — when the secret was last rotated (ISO 8601), for `rotate-if-older-than`.
 * - `<NAME>_ACTIVE_USER` — alternating-users: the user the destinations now hold.
 *
 * Every value read is untrusted (anyone with `variables: write` can write it): lock.ts and plan.ts
 * validate them, and no message prints one unvalidated.
 */

export interface Home {
  owner: string;
  repo: string;
}

export interface LedgerState {
  /** `<NAME>_ROTATED_AT`, unvalidated (plan.ts checks it where it is used). */
  readonly rotatedAt: string | undefined;
  /** `<NAME>_ACTIVE_USER`, unvalidated (plan.ts checks it). */
  readonly activeUser: string | undefined;
  readonly lock: LockState;
}

const ownerOf = (text: string | undefined): string | undefined => {
  try {
    const owner = (JSON.parse(text ?? '') as { owner?: unknown } | null)?.owner;
    return typeof owner === 'string' ? owner : undefined;
  } catch {
    return undefined;
  }
};

export class Ledger {
  readonly names: { lock: string; rotatedAt: string; activeUser: string };
  readonly #github: () => Promise<GitHub>;
  readonly #home: Home;
  readonly #signal: AbortSignal;
  readonly #key: Buffer | undefined;

  /** `key` signs the lock records this run writes (from derivation-key), if it has one. */
  constructor(github: () => Promise<GitHub>, home: Home, name: string, signal: AbortSignal, key: Buffer | undefined) {
    this.#github = github;
    this.#home = home;
    this.#signal = signal;
    this.#key = key;
    this.names = { lock: `${name}_ROTATION_LOCK`, rotatedAt: `${name}_ROTATED_AT`, activeUser: `${name}_ACTIVE_USER` };
  }

  get where(): string {
    return `${this.#home.owner}/${this.#home.repo}`;
  }

  /** The marker variable of taking over `owner`'s lock. */
  takeoverMarker(owner: string): string {
    return `${this.names.lock.replace(/_LOCK$/, '')}_TAKEOVER_${owner.toUpperCase()}`;
  }

  async read(withActiveUser: boolean, expect: Omit<LockExpectation, 'key'>): Promise<LedgerState> {
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
    return { rotatedAt, activeUser, lock: lock === undefined ? undefined : parseLock(lock, { ...expect, key: this.#key }) };
  }

  /** Creates the lock. Undefined when another run holds it (409). */
  async acquire(record: Omit<RotationLock, 'mac'>): Promise<HeldLock | undefined> {
    const lock = signLock(record, this.#key);
    const gh = await this.#github();
    const reconcile: Reconcile = async () => ((await this.holds(lock.owner)) ? { data: {}, status: 201 } : undefined);
    try {
      await gh.request('POST /repos/{owner}/{repo}/actions/variables', {
        ...this.#home,
        name: this.names.lock,
        value: JSON.stringify(lock),
        request: { signal: this.#signal, reconcile },
      });
      return new HeldLock(this, lock, this.#key);
    } catch (error) {
      if (statusOf(error) === 409) return undefined;
      throw this.#explain('create the lock variable', error);
    }
  }

  /**
   * Takes over the lock of an interrupted rotation, exclusively: creates the marker of `previous`'s
   * owner (a 409 means another run won it), checks the lock still holds `previous`, then writes
   * ours. Undefined when another run got there first.
   */
  async takeOver(previous: RotationLock, record: Omit<RotationLock, 'mac'>): Promise<HeldLock | undefined> {
    const marker = this.takeoverMarker(previous.owner);
    const gh = await this.#github();
    const reconcile: Reconcile = async () => ((await this.#get(marker)) === record.owner ? { data: {}, status: 201 } : undefined);
    try {
      await gh.request('POST /repos/{owner}/{repo}/actions/variables', { ...this.#home, name: marker, value: record.owner, request: { signal: this.#signal, reconcile } });
    } catch (error) {
      if (statusOf(error) === 409) return undefined;
      throw this.#explain(`create the variable ${marker}`, error);
    }
    if (!(await this.holds(previous.owner))) {
      // The holder finished (or gave up) meanwhile: nothing to take over; our marker is of no use.
      await this.#delete(marker);
      return undefined;
    }
    const lock = signLock(record, this.#key);
    await this.update(this.names.lock, JSON.stringify(lock));
    return new HeldLock(this, lock, this.#key);
  }

  /** Records the rotation time and the active user (alternating-users). */
  async record(rotatedAt: string, activeUser: string | undefined, known: LedgerState): Promise<void> {
    await this.#upsert(this.names.rotatedAt, rotatedAt, known.rotatedAt !== undefined);
    if (activeUser !== undefined && known.activeUser !== activeUser) await this.#upsert(this.names.activeUser, activeUser, known.activeUser !== undefined);
  }

  /** Deletes the lock, then the take-over markers it records (the caller checked it is `lock`'s). */
  async deleteLock(lock: RotationLock): Promise<void> {
    await this.#delete(this.names.lock);
    for (const owner of lock.takenFrom) await this.#delete(this.takeoverMarker(owner));
  }

  /** Whether the lock variable now names `owner`. */
  async holds(owner: string): Promise<boolean> {
    return ownerOf(await this.#get(this.names.lock)) === owner;
  }

  async update(name: string, value: string): Promise<void> {
    const gh = await this.#github();
    try {
      await gh.request('PATCH /repos/{owner}/{repo}/actions/variables/{name}', { ...this.#home, name, value, request: { signal: this.#signal } });
    } catch (error) {
      throw this.#explain(`update the variable ${name}`, error);
    }
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

  async #delete(name: string): Promise<void> {
    const gh = await this.#github();
    try {
      await gh.request('DELETE /repos/{owner}/{repo}/actions/variables/{name}', { ...this.#home, name, request: { signal: this.#signal } });
    } catch (error) {
      if (statusOf(error) !== 404) throw this.#explain(`delete the variable ${name}`, error);
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
 * out, and released or completed at the end — each checking it is still ours.
 */
export class HeldLock {
  readonly #ledger: Ledger;
  readonly #key: Buffer | undefined;
  #lock: RotationLock;

  constructor(ledger: Ledger, lock: RotationLock, key: Buffer | undefined) {
    this.#ledger = ledger;
    this.#lock = lock;
    this.#key = key;
  }

  get lock(): RotationLock {
    return this.#lock;
  }

  /** Extends the lease when less than half of it is left; throws when the lock is no longer ours (someone took over an expired lease). */
  async renewIfDue(now: number): Promise<void> {
    if (Date.parse(this.#lock.leaseUntil) - now >= LEASE_MS / 2) return;
    if (!(await this.#ledger.holds(this.#lock.owner))) throw this.#lost();
    const { mac: _mac, ...record } = this.#lock;
    const renewed = signLock({ ...record, leaseUntil: new Date(now + LEASE_MS).toISOString() }, this.#key);
    await this.#ledger.update(this.#ledger.names.lock, JSON.stringify(renewed));
    this.#lock = renewed;
  }

  /** Records the rotation, then releases the lock; throws when another run holds it now (it is theirs to complete). */
  async complete(rotatedAt: string, activeUser: string | undefined, known: LedgerState): Promise<void> {
    if (!(await this.#ledger.holds(this.#lock.owner))) throw this.#lost();
    await this.#ledger.record(rotatedAt, activeUser, known);
    await this.#ledger.deleteLock(this.#lock);
  }

  /** Deletes the lock if it is still ours (read, compare, delete); throws when another run holds it now (it is theirs to release). */
  async release(): Promise<void> {
    if (!(await this.#ledger.holds(this.#lock.owner))) throw this.#lost();
    await this.#ledger.deleteLock(this.#lock);
  }

  #lost(): UserError {
    return new UserError(`the lock ${this.#ledger.names.lock} is no longer held by this run (its lease expired and another run took it over); stopping`);
  }
}
