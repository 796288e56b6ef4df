/**
 * Ansible is not a server: "starting" it checks the programs (installing the full Debian
 * `ansible` package when needed, for its json stdout callback) and prepares an isolated temp dir
 * with a local inventory and an empty ansible.cfg, so no stray config or ~/.ansible is used.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireBinary } from './binaries.ts';
import { run, type RunResult } from './exec.ts';
import { ensureInstalled } from './install.ts';
import { Lifecycle, type Resources, type StartOptions } from './lifecycle.ts';
import { makeWorkDir } from './workdir.ts';

export interface Ansible {
  readonly name: 'ansible';
  /** Absolute path of ansible-playbook (Debian's, not a pyenv shim). */
  readonly playbookBin: string;
  readonly ansibleBin: string;
  /** Pinning the interpreter matters: pyenv's python3 comes first on PATH and lacks ansible's deps. */
  readonly inventoryLine: string;
  /** A file holding `inventoryLine`, for `-i`. */
  readonly inventoryPath: string;
  readonly dir: string;
  readonly resources: Resources;
  /** ANSIBLE_* variables that keep runs inside `dir` and uncoloured; pass to any ansible child. */
  env(): Record<string, string>;
  /**
   * Runs ansible-playbook -i inventoryPath PLAYBOOK …args. With `json: true` the json stdout
   * callback is used and stdout is one JSON document (`stats.localhost.changed` …).
   */
  runPlaybook(playbook: string, args?: readonly string[], options?: { json?: boolean; env?: Record<string, string> }): Promise<RunResult>;
  stop(): Promise<void>;
}

export const INVENTORY_LINE = 'localhost ansible_connection=local ansible_python_interpreter=/usr/bin/python3';

export async function startAnsible(options: StartOptions = {}): Promise<Ansible> {
  await ensureInstalled(['ansible']);
  const playbookBin = requireBinary('ansible-playbook');
  const ansibleBin = requireBinary('ansible');
  const dir = makeWorkDir('ansible');
  const life = new Lifecycle(dir, options.persistent ?? false);
  const inventoryPath = join(dir, 'inventory.ini');
  writeFileSync(inventoryPath, `${INVENTORY_LINE}\n`);
  const configPath = join(dir, 'ansible.cfg');
  writeFileSync(configPath, '[defaults]\n');
  mkdirSync(join(dir, 'tmp'));
  const env = (): Record<string, string> => ({
    HOME: dir,
    ANSIBLE_CONFIG: configPath,
    ANSIBLE_LOCAL_TEMP: join(dir, 'tmp'),
    ANSIBLE_REMOTE_TEMP: join(dir, 'tmp'),
    ANSIBLE_HOME: join(dir, 'home'),
    ANSIBLE_NOCOLOR: '1',
    ANSIBLE_FORCE_COLOR: '0',
    ANSIBLE_RETRY_FILES_ENABLED: '0',
    ANSIBLE_HOST_KEY_CHECKING: '0',
    // The playbook's deprecation chatter is not what tests look at.
    ANSIBLE_DEPRECATION_WARNINGS: '0',
  });
  return {
    name: 'ansible',
    playbookBin,
    ansibleBin,
    inventoryLine: INVENTORY_LINE,
    inventoryPath,
    dir,
    resources: life.resources,
    env,
    runPlaybook(playbook, args = [], runOptions = {}) {
      return run(playbookBin, ['-i', inventoryPath, playbook, ...args], {
        env: {
          ...env(),
          ...(runOptions.json ? { ANSIBLE_STDOUT_CALLBACK: 'json' } : {}),
          ...runOptions.env,
        },
        timeoutMs: 120_000,
      });
    },
    stop: () => life.stop(),
  };
}
