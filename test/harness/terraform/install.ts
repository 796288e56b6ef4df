// Puts the double on PATH for a test: a directory with `terraform` and `tofu` wrappers that run
// cli.ts on this Node (24, which runs TypeScript as is), plus the fault-control and signal-log
// files. Also finds a real terraform or tofu on PATH, for running the same tests against it.
import { accessSync, chmodSync, closeSync, constants, mkdirSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FaultFile } from './faults.ts';

export const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));

export interface TerraformDouble {
  /** Holds `terraform` and `tofu`. */
  readonly binDir: string;
  /** FAKE_TF_FAULTS and PATH (binDir first) for the processes that should find the double. */
  env(basePath?: string): Record<string, string>;
  /** Replaces the fault rules (see faults.ts). */
  setFaults(faults: FaultFile): void;
  /** What is left of the fault rules (consumed ones have times 0). */
  faults(): FaultFile;
  /** Signals the double received, in order. */
  signals(): string[];
}

export function installTerraformDouble(dir: string): TerraformDouble {
  const binDir = join(dir, 'bin');
  mkdirSync(binDir, { recursive: true });
  const faultsFile = join(dir, 'faults.json');
  const signalLog = join(dir, 'signals.log');
  writeFileSync(signalLog, '');
  for (const flavour of ['terraform', 'tofu']) {
    const wrapper = join(binDir, flavour);
    // exec keeps one process: signals sent to the wrapper's pid reach the double itself. NODE_OPTIONS
    // is dropped so a caller's --import hooks (the benchmark's RSS probe) do not run in the double.
    writeFileSync(wrapper, `#!/bin/sh\nFAKE_TF_FLAVOUR=${flavour} exec env -u NODE_OPTIONS ${JSON.stringify(process.execPath)} --no-warnings ${JSON.stringify(CLI)} "$@"\n`);
    chmodSync(wrapper, 0o755);
  }
  const write = (f: FaultFile): void => writeFileSync(faultsFile, JSON.stringify({ ...f, signalLog }, null, 2));
  write({});
  return {
    binDir,
    env: (basePath = process.env['PATH'] ?? '') => ({ PATH: `${binDir}${delimiter}${basePath}`, FAKE_TF_FAULTS: faultsFile }),
    setFaults: write,
    faults: () => JSON.parse(readFileSync(faultsFile, 'utf8')) as FaultFile,
    signals: () => readFileSync(signalLog, 'utf8').split('\n').filter(Boolean),
  };
}

/** A real `terraform` (or `tofu`) on PATH, if this machine has one. */
export function findRealBinary(name: 'terraform' | 'tofu', path = process.env['PATH'] ?? ''): string | undefined {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      // A script (this double's wrapper, setup-terraform's node shim) is not the real program.
      const fd = openSync(candidate, 'r');
      const head = Buffer.alloc(2);
      readSync(fd, head, 0, 2, 0);
      closeSync(fd);
      if (head.toString() !== '#!') return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}
