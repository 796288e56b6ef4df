import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { UserError } from '../../../shared/errors.ts';
import type { State } from '../../../shared/state.ts';

/**
 * Files the tools read that must not sit in argv or in the workspace: variables (`-e @file`),
 * backend settings, the SSH key, the vault password, known_hosts, the decrypted plan. They live in
 * one private directory (0700) under RUNNER_TEMP, each file 0600; the directory is recorded in
 * state as soon as it exists, and removed when main ends — or by the post step when main could not.
 */
export type FilesStateKey = 'temp-dir';

export class TempFiles {
  readonly #runnerTemp: string;
  readonly #workspace: string;
  readonly #state: State<FilesStateKey>;
  #dir: string | undefined;

  constructor(runnerTemp: string, workspace: string, state: State<FilesStateKey>) {
    this.#runnerTemp = runnerTemp;
    this.#workspace = workspace;
    this.#state = state;
  }

  /** The private directory, created on first use. */
  dir(): string {
    if (this.#dir !== undefined) return this.#dir;
    const temp = realpathSync(this.#runnerTemp);
    const rel = relative(this.#workspace, temp);
    if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))) {
      throw new UserError(`Refusing to write secret files: RUNNER_TEMP (${temp}) is inside the workspace, where artifacts and commits would pick them up.`);
    }
    this.#dir = mkdtempSync(join(temp, 'provision-'));
    this.#state.save('temp-dir', this.#dir);
    return this.#dir;
  }

  /** Writes a new 0600 file and returns its path. */
  write(name: string, contents: string | Buffer): string {
    const path = join(this.dir(), name);
    writeFileSync(path, contents, { mode: 0o600, flag: 'wx' });
    return path;
  }

  /** A path in the private directory for a tool to write (a plan, a JSON document). */
  path(name: string): string {
    return join(this.dir(), name);
  }

  removeAll(): void {
    if (this.#dir === undefined) return;
    rmSync(this.#dir, { recursive: true, force: true });
    this.#dir = undefined;
    this.#state.save('temp-dir', '');
  }
}

/** For the post step: removes the directory main left (it must be one this action made directly under RUNNER_TEMP). */
export function removeLeftTempDir(path: string | undefined, runnerTemp: string | undefined): boolean {
  if (!path || !runnerTemp) return false;
  const rel = relative(realpathSync(runnerTemp), path);
  if (rel.startsWith('..') || isAbsolute(rel) || !rel.startsWith('provision-') || rel.includes('/')) return false;
  rmSync(path, { recursive: true, force: true });
  return true;
}
