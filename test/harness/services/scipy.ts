/**
 * SciPy is not a server: "starting" it makes sure Debian's python3-scipy is installed and gives a
 * way to run a Python script with Debian's own interpreter (/usr/bin/python3: pyenv's python3
 * comes first on PATH here and is not the one the package installs into). Tests use it as an
 * independent oracle for the statistics report-metrics computes: JSON in on stdin, JSON out.
 */
import { existsSync } from 'node:fs';
import { DEBIAN_PYTHON } from './binaries.ts';
import { run } from './exec.ts';
import { ensureInstalled } from './install.ts';
import { Lifecycle, type Resources, type StartOptions } from './lifecycle.ts';
import { makeWorkDir } from './workdir.ts';

export interface Scipy {
  readonly name: 'scipy';
  readonly python: string;
  /** SciPy's version (`scipy.__version__`). */
  readonly version: string;
  readonly dir: string;
  readonly resources: Resources;
  /** Runs `script` with `input` serialised as JSON on stdin; the script prints one JSON document. */
  evaluate<T>(script: string, input: unknown): Promise<T>;
  stop(): Promise<void>;
}

export async function startScipy(options: StartOptions = {}): Promise<Scipy> {
  await ensureInstalled(['scipy']);
  if (!existsSync(DEBIAN_PYTHON)) throw new Error(`${DEBIAN_PYTHON} is missing although python3-scipy is installed`);
  const dir = makeWorkDir('scipy');
  const life = new Lifecycle(dir, options.persistent ?? false);
  const evaluate = async <T,>(script: string, input: unknown): Promise<T> => {
    // -I: isolated (no user site-packages, no PYTHON* variables), so only Debian's packages count.
    const result = await run(DEBIAN_PYTHON, ['-I', '-c', script], { input: JSON.stringify(input), cwd: dir, timeoutMs: 120_000 });
    if (result.code !== 0) throw new Error(`python3 exited ${result.code}: ${result.stderr.trim().split('\n').slice(-8).join('\n')}`);
    return JSON.parse(result.stdout) as T;
  };
  try {
    const version = await evaluate<string>('import json, scipy; print(json.dumps(scipy.__version__))', null);
    return { name: 'scipy', python: DEBIAN_PYTHON, version, dir, resources: life.resources, evaluate, stop: () => life.stop() };
  } catch (error) {
    await life.stop();
    throw error;
  }
}
