/**
 * Each service lives in its own temp dir (data, sockets, config, logs), removed on stop, so no
 * state leaks between runs. postgres and mariadbd run as their own system users, who must own it.
 */
import { chownSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Owner {
  uid: number;
  gid: number;
}

/** The uid/gid of a system user such as `postgres` or `mysql` (created by their Debian packages). */
export function systemUser(name: string): Owner {
  for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
    const fields = line.split(':');
    if (fields[0] === name && fields[2] !== undefined && fields[3] !== undefined) {
      return { uid: Number(fields[2]), gid: Number(fields[3]) };
    }
  }
  throw new Error(`system user '${name}' does not exist (is its Debian package installed?)`);
}

/** As root, run the service as its own user (postgres refuses root); otherwise as ourselves. */
export function serviceOwner(systemName: string): Owner | undefined {
  return process.getuid?.() === 0 ? systemUser(systemName) : undefined;
}

export function makeWorkDir(service: string, owner?: Owner): string {
  const dir = mkdtempSync(join(tmpdir(), `actions-suite-${service}-`));
  if (owner !== undefined) chownSync(dir, owner.uid, owner.gid);
  return dir;
}

export function removeWorkDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}
