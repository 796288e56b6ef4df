/**
 * The CLI's record of services it left running (`scripts/services.ts start`), so a later
 * `scripts/services.ts stop` — another process — can find their pids and temp dirs.
 * Test processes never use it: their services die with them.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { Resources } from './lifecycle.ts';
import type { ServiceName } from './names.ts';
import { runsCommand, stopProcess } from './processes.ts';
import { removeWorkDir } from './workdir.ts';

/** Overridable so the CLI's own test doesn't touch services someone started by hand. */
export const STATE_FILE = process.env['ACTIONS_SUITE_SERVICES_STATE'] ?? '/tmp/actions-suite-services.json';

export interface SavedService {
  name: ServiceName;
  startedAt: string;
  /** What `start` printed: host, port, credentials, URLs. */
  info: Record<string, unknown>;
  resources: Resources;
}

export function readState(): SavedService[] {
  if (!existsSync(STATE_FILE)) return [];
  return JSON.parse(readFileSync(STATE_FILE, 'utf8')) as SavedService[];
}

export function writeState(services: readonly SavedService[]): void {
  if (services.length === 0) {
    rmSync(STATE_FILE, { force: true });
    return;
  }
  // It holds passwords: readable by us only. Written whole, then renamed, so it is never half a file.
  const temp = `${STATE_FILE}.${process.pid}`;
  writeFileSync(temp, `${JSON.stringify(services, null, 2)}\n`, { mode: 0o600 });
  renameSync(temp, STATE_FILE);
}

/** Stops a saved service from another process: its processes (reverse order), then its dirs. */
export async function stopSaved(service: SavedService): Promise<void> {
  for (const record of [...service.resources.processes].reverse()) {
    if (runsCommand(record)) await stopProcess(record);
  }
  for (const dir of service.resources.dirs) removeWorkDir(dir);
}
