/**
 * Makes sure the Debian packages a service needs are installed. A missing program is installed
 * (as root, when the mirror answers) or reported with the exact command to run, never skipped:
 * a silently skipped service test would hide that nothing was tested.
 *
 * apt runs under a lock file so that two test files starting at once don't both run apt-get
 * (dpkg would refuse the second); `.ci/run` calls `scripts/services.ts install` once up front so
 * the tests normally find everything in place.
 */
import { closeSync, existsSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { ANSIBLE_JSON_CALLBACK, findBinary, findPostgres, SCIPY_MARKER, STATSD_DAEMON, TERRAFORM_JSON_TESTDATA, terraformJsonPlans } from './binaries.ts';
import { run } from './exec.ts';
import type { ServiceName } from './names.ts';
import { isAlive } from './processes.ts';

interface Requirement {
  /** Debian packages that provide everything below (installed with --no-install-recommends). */
  packages: readonly string[];
  /** What is missing now, as short descriptions; empty when the service can start. */
  missing(): string[];
}

function missingBinaries(...names: string[]): string[] {
  return names.filter((name) => findBinary(name) === undefined);
}

// The database services also start in TLS mode, with certificates openssl makes for the test (tls.ts).
const REQUIREMENTS: Record<ServiceName, Requirement> = {
  postgres: {
    packages: ['postgresql', 'openssl'],
    missing: () => [...(findPostgres() === undefined ? ['/usr/lib/postgresql/*/bin/{postgres,initdb,psql,pg_isready}'] : []), ...missingBinaries('openssl')],
  },
  mariadb: {
    packages: ['mariadb-server', 'openssl'],
    missing: () => missingBinaries('mariadbd', 'mariadb-install-db', 'mariadb', 'openssl'),
  },
  redis: {
    packages: ['redis-server', 'openssl'],
    missing: () => missingBinaries('redis-server', 'openssl'),
  },
  pushgateway: {
    packages: ['prometheus-pushgateway'],
    missing: () => missingBinaries('prometheus-pushgateway'),
  },
  prometheus: {
    // Prometheus is started scraping a pushgateway, so it needs both.
    packages: ['prometheus', 'prometheus-pushgateway'],
    missing: () => missingBinaries('prometheus', 'prometheus-pushgateway'),
  },
  ansible: {
    // The full package, not ansible-core: only it has the json stdout callback.
    packages: ['ansible'],
    missing: () => [
      ...missingBinaries('ansible-playbook'),
      ...(existsSync(ANSIBLE_JSON_CALLBACK) ? [] : [ANSIBLE_JSON_CALLBACK]),
    ],
  },
  alertmanager: {
    packages: ['prometheus-alertmanager'],
    missing: () => missingBinaries('prometheus-alertmanager'),
  },
  scipy: {
    // Debian's build, for Debian's /usr/bin/python3 (an independent oracle for report-metrics' statistics).
    packages: ['python3-scipy'],
    missing: () => (existsSync(SCIPY_MARKER) ? [] : [SCIPY_MARKER]),
  },
  'victoria-metrics': {
    packages: ['victoria-metrics'],
    missing: () => missingBinaries('victoria-metrics'),
  },
  influxdb: {
    packages: ['influxdb'],
    missing: () => missingBinaries('influxd'),
  },
  statsd: {
    // The Etsy daemon comes from npm (a devDependency, installed by `npm ci`); its Graphite backend
    // writes into VictoriaMetrics.
    packages: ['victoria-metrics'],
    missing: () => [...missingBinaries('victoria-metrics'), ...(existsSync(STATSD_DAEMON) ? [] : [`${STATSD_DAEMON} (run npm ci)`])],
  },
  'terraform-json': {
    // Real Terraform plan JSON for provision's conformance test (read in place; ~56 KB).
    packages: ['golang-github-hashicorp-terraform-json-dev'],
    missing: () => (Object.keys(terraformJsonPlans()).length > 0 ? [] : [`${TERRAFORM_JSON_TESTDATA}/*/plan.json`]),
  },
};

/** Debian packages still needed for these services, deduplicated, in a stable order. */
export function missingPackages(names: readonly ServiceName[]): string[] {
  const packages = new Set<string>();
  for (const name of names) {
    if (REQUIREMENTS[name].missing().length > 0) for (const pkg of REQUIREMENTS[name].packages) packages.add(pkg);
  }
  return [...packages];
}

export function packagesFor(names: readonly ServiceName[]): string[] {
  return [...new Set(names.flatMap((name) => REQUIREMENTS[name].packages))];
}

export function installCommand(packages: readonly string[]): string {
  const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
  return (
    `${sudo}apt-get update && ${sudo}env DEBIAN_FRONTEND=noninteractive ` +
    `apt-get install -y --no-install-recommends ${packages.join(' ')}`
  );
}

const LOCK_FILE = '/tmp/actions-suite-services-apt.lock';
/** A fresh machine needs about two minutes for every package; allow a generous margin. */
const LOCK_WAIT_MS = 15 * 60_000;
// dpkg's own lock: wait for it rather than fail when something else runs apt.
const APT_LOCK_OPTS = ['-o', 'DPkg::Lock::Timeout=300'];

async function withAptLock<T>(fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      const fd = openSync(LOCK_FILE, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A holder that died (killed test run) leaves its lock behind; its pid tells.
      let holder = Number.NaN;
      try {
        holder = Number(readFileSync(LOCK_FILE, 'utf8').trim());
      } catch {
        continue; // Released between our open and this read: try again at once.
      }
      if (Number.isInteger(holder) && holder > 0 && !isAlive(holder)) {
        try {
          unlinkSync(LOCK_FILE);
        } catch {
          // Someone else removed it first.
        }
        continue;
      }
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${LOCK_FILE} (held by pid ${holder})`);
      await sleep(250);
    }
  }
  try {
    return await fn();
  } finally {
    try {
      unlinkSync(LOCK_FILE);
    } catch {
      // Already gone.
    }
  }
}

let aptUpdated = false;

/**
 * Installs whatever the named services still need, in one apt-get call. Returns the packages it
 * installed (empty when everything was there). Throws with the command to run when it can't.
 */
export async function ensureInstalled(names: readonly ServiceName[], log: (line: string) => void = () => {}): Promise<string[]> {
  if (missingPackages(names).length === 0) return [];
  const needed = () => missingPackages(names);
  const describe = () => names.flatMap((name) => REQUIREMENTS[name].missing()).join(', ');
  if (process.getuid?.() !== 0) {
    throw new Error(`Missing ${describe()}. Install with:\n  ${installCommand(needed())}`);
  }
  return withAptLock(async () => {
    // Another process may have installed them while we waited for the lock.
    const packages = needed();
    if (packages.length === 0) return [];
    const env = { DEBIAN_FRONTEND: 'noninteractive' };
    if (!aptUpdated) {
      log('apt-get update');
      const update = await run('apt-get', [...APT_LOCK_OPTS, 'update'], { env, timeoutMs: 5 * 60_000 });
      // apt-get update exits 0 with only warnings when a mirror is unreachable; "W: Failed" tells.
      if (update.code !== 0 || /^(E|W): (Failed|Some index files)/m.test(update.stderr)) {
        throw new Error(
          `Missing ${describe()}, and apt-get update failed (exit ${update.code}):\n` +
            `${update.stderr.trim().split('\n').slice(-5).join('\n')}\nInstall with:\n  ${installCommand(packages)}`,
        );
      }
      aptUpdated = true;
    }
    log(`apt-get install ${packages.join(' ')}`);
    const install = await run(
      'apt-get',
      [...APT_LOCK_OPTS, 'install', '-y', '--no-install-recommends', ...packages],
      { env, timeoutMs: 10 * 60_000 },
    );
    if (install.code !== 0) {
      throw new Error(
        `apt-get install ${packages.join(' ')} failed (exit ${install.code}):\n` +
          `${(install.stderr || install.stdout).trim().split('\n').slice(-10).join('\n')}\nInstall with:\n  ${installCommand(packages)}`,
      );
    }
    const still = describe();
    if (still !== '') throw new Error(`Still missing after installing ${packages.join(' ')}: ${still}`);
    return packages;
  });
}
