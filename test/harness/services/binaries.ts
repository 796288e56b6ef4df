/**
 * Finds the programs each service needs. The Debian directories come first: the services are
 * installed from Debian's packages, and PATH here starts with pyenv and cargo shims that could
 * shadow them with something else (pyenv's python3 is not the one Debian's ansible uses).
 */
import { accessSync, constants, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const SYSTEM_DIRS = ['/usr/sbin', '/usr/bin', '/sbin', '/bin', '/usr/local/sbin', '/usr/local/bin'];

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Absolute path of an executable, or undefined when it is not installed. */
export function findBinary(name: string): string | undefined {
  const pathDirs = (process.env['PATH'] ?? '').split(':').filter((dir) => dir !== '');
  for (const dir of [...SYSTEM_DIRS, ...pathDirs]) {
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

export function requireBinary(name: string): string {
  const found = findBinary(name);
  if (found === undefined) throw new Error(`${name} is not installed (run: node scripts/services.ts install)`);
  return found;
}

export interface PostgresBin {
  major: number;
  dir: string;
}

const POSTGRES_TOOLS = ['postgres', 'initdb', 'psql', 'pg_isready'];

/** The newest PostgreSQL server under /usr/lib/postgresql/<major>/bin, found at run time. */
export function findPostgres(): PostgresBin | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const majors = readdirSync(root)
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .sort((a, b) => b - a);
  for (const major of majors) {
    const dir = join(root, String(major), 'bin');
    if (POSTGRES_TOOLS.every((tool) => isExecutable(join(dir, tool)))) return { major, dir };
  }
  return undefined;
}

/** ansible-core alone has no `json` stdout callback; Debian's full `ansible` package ships it. */
export const ANSIBLE_JSON_CALLBACK =
  '/usr/lib/python3/dist-packages/ansible_collections/ansible/posix/plugins/callback/json.py';

/** The Etsy StatsD daemon, an npm devDependency (no Debian package). */
export const STATSD_DAEMON = join(import.meta.dirname, '..', '..', '..', 'node_modules', 'statsd', 'stats.js');
/** Debian's interpreter: pyenv's python3 comes first on PATH here and lacks Debian's python3-* packages. */
export const DEBIAN_PYTHON = '/usr/bin/python3';
/** Where python3-scipy puts the package: present = installed. */
export const SCIPY_MARKER = '/usr/lib/python3/dist-packages/scipy/__init__.py';
