import { UserError } from '../../../../shared/errors.ts';
import type { Logger } from '../../../../shared/log.ts';
import type { TargetKind, TargetSettings } from './url.ts';

/**
 * The system that uses the credential (a database, a cache): one folder, one interface, one file
 * per kind. On the start path: `url.ts` only (the target inputs, parsed; no driver). Loaded lazily
 * by open.ts: one file per kind (`postgres.ts`, `mysql.ts`, `redis.ts`), each implementing this
 * interface with its client library. Every method talks to the target with the admin credential
 * from `target-url`, except `canLogin`, which logs in as the user with the candidate password.
 * Passwords go to the client library in memory — never argv, never a log line — and reach the
 * server only hashed (a SCRAM verifier, a mysql_native_password hash, a SHA-256), so no statement
 * log, audit log or process list on the server sees one (MySQL, which rewrites passwords in its
 * logs itself, is the one exception: docs/rotate-secret.md).
 */
export interface TargetDriver {
  readonly kind: TargetKind;
  /** The admin user of `target-url` (the action refuses to rotate the credential it logs in with). */
  readonly adminUser: string;
  /** host:port, for messages. */
  readonly where: string;
  /**
   * True when a user can hold the new password next to the old one (Redis ACLs): single-user
   * rotation then adds the new password, distributes, and only retires the old one at the end —
   * no window in which a destination holds a dead credential.
   */
  readonly keepsOldPassword: boolean;
  /** Which of `users` exist. */
  existing(users: readonly string[]): Promise<Set<string>>;
  /**
   * Read-only, before anything changes: throws a UserError for a user whose password this driver
   * cannot set without the plaintext reaching the server (a MariaDB account on another auth plugin).
   */
  checkUsers(users: readonly string[]): Promise<void>;
  /**
   * Alternating users: makes `user` log in with `password` and hold exactly the hosts and
   * privileges of `template` — creating it, or comparing and repairing what differs. Every call
   * converges, wherever an earlier one was interrupted. Returns what it changed, in words.
   */
  provisionUser(user: string, template: string, password: string): Promise<string[]>;
  /** What `user` lacks or has beyond `template` (hosts, privileges), in words; [] when it matches. */
  compareUser(user: string, template: string): Promise<string[]>;
  /** Replaces the user's password(s) with `password`, or adds it next to the current one(s) (`keepsOldPassword`). */
  setPassword(user: string, password: string, how: 'replace' | 'add'): Promise<void>;
  /** Removes one password, keeping the others (`keepsOldPassword` only). */
  removePassword(user: string, password: string): Promise<void>;
  /** Removes every password of the user but `keep` (`keepsOldPassword` only). */
  retireOtherPasswords(user: string, keep: string): Promise<number>;
  /**
   * Logs in as `user` with `password` and runs a trivial command. False when the server rejects
   * the credential; throws when the answer says nothing about it (unreachable, timeout…).
   */
  canLogin(user: string, password: string): Promise<boolean>;
  close(): Promise<void>;
}

export interface DriverOptions {
  /** The target's inputs (the admin URL is a secret, registered with the redactor before it gets here). */
  target: Extract<TargetSettings, { kind: TargetKind }>;
  log: Logger;
  /** Per connection and per statement. */
  timeoutMs: number;
}

/** A failure to reach or log in to the target as admin; the run stops before changing anything. */
export class TargetUnavailable extends UserError {
  override readonly name = 'TargetUnavailable';
}
