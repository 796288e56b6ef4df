// Local state as Terraform keeps it: `terraform.tfstate` (version 4, lineage, serial) for the
// default workspace, `terraform.tfstate.d/NAME/terraform.tfstate` for the others, a backup on
// every write, the selected workspace in `.terraform/environment`, and the lock's info in
// `.terraform.tfstate.lock.info` beside the state.
//
// One deliberate difference: Terraform's local backend also holds an OS file lock, which dies with
// the process; the double's lock is the info file alone (created with O_EXCL), so a double that
// is killed leaves its lock behind, as remote backends (S3, GCS, Consul, http) do. Waiting for a
// lock follows statemgr.LockWithContext: 1 s, doubling to 16 s, until -lock-timeout.
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import type { Instance } from './providers.ts';
import { kindOf } from './providers.ts';
import { ctyPath, fromCtyPath, type Json } from './values.ts';

export interface StateResource {
  type: string;
  name: string;
  provider: string;
  instance: Instance;
}

export interface State {
  lineage: string;
  serial: number;
  terraformVersion: string;
  outputs: Record<string, { value: Json; sensitive: boolean }>;
  resources: Map<string, StateResource>;
}

export function newLineage(): string {
  const h = randomBytes(16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function currentWorkspace(cwd: string): string {
  const fromEnv = process.env['TF_WORKSPACE'];
  if (fromEnv) return fromEnv;
  const file = join(cwd, '.terraform', 'environment');
  return existsSync(file) ? readFileSync(file, 'utf8').trim() || 'default' : 'default';
}

export function statePath(cwd: string, workspace: string, backendPath?: string): string {
  const file = backendPath ?? 'terraform.tfstate';
  return workspace === 'default' ? join(cwd, file) : join(cwd, 'terraform.tfstate.d', workspace, basename(file));
}

export function workspaces(cwd: string): string[] {
  const dir = join(cwd, 'terraform.tfstate.d');
  return ['default', ...(existsSync(dir) ? readdirSync(dir).sort() : [])];
}

export function readState(path: string): State | undefined {
  if (!existsSync(path)) return undefined;
  const raw = JSON.parse(readFileSync(path, 'utf8')) as {
    lineage: string;
    serial: number;
    terraform_version: string;
    outputs?: Record<string, { value: Json; sensitive?: boolean }>;
    resources?: { mode: string; type: string; name: string; provider: string; instances: { attributes: Record<string, Json>; sensitive_attributes?: unknown[]; status?: string }[] }[];
  };
  const resources = new Map<string, StateResource>();
  for (const r of raw.resources ?? []) {
    const inst = r.instances[0];
    if (r.mode !== 'managed' || !inst) continue;
    resources.set(`${r.type}.${r.name}`, {
      type: r.type,
      name: r.name,
      provider: r.provider,
      instance: {
        attributes: kindOf(r.type).decode(inst.attributes),
        sensitive: (inst.sensitive_attributes ?? []).map(fromCtyPath),
        tainted: inst.status === 'tainted',
      },
    });
  }
  const outputs: State['outputs'] = {};
  for (const [k, o] of Object.entries(raw.outputs ?? {})) outputs[k] = { value: o.value, sensitive: o.sensitive === true };
  return { lineage: raw.lineage, serial: raw.serial, terraformVersion: raw.terraform_version, outputs, resources };
}

/** Writes the state (serial + 1) through a temp file, keeping the previous one as `.backup`. */
export function writeState(path: string, state: State): State {
  const next = { ...state, serial: state.serial + 1 };
  const doc = {
    version: 4,
    terraform_version: next.terraformVersion,
    serial: next.serial,
    lineage: next.lineage,
    outputs: Object.fromEntries(
      Object.entries(next.outputs).map(([k, o]) => [k, { value: o.value, type: typeName(o.value), ...(o.sensitive ? { sensitive: true } : {}) }]),
    ),
    resources: [...next.resources.values()].map((r) => ({
      mode: 'managed',
      type: r.type,
      name: r.name,
      provider: r.provider,
      instances: [
        {
          ...(r.instance.tainted ? { status: 'tainted' } : {}),
          schema_version: 0,
          attributes: kindOf(r.type).encode(r.instance.attributes),
          sensitive_attributes: r.instance.sensitive.map(ctyPath),
        },
      ],
    })),
    check_results: null,
  };
  mkdirSync(dirname(path), { recursive: true });
  if (existsSync(path)) writeFileSync(`${path}.backup`, readFileSync(path));
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(doc, null, 2)}\n`);
  renameSync(tmp, path);
  return next;
}

function typeName(v: Json): Json {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return ['tuple', v.map(typeName)];
  if (v === null) return 'dynamic';
  return ['object', Object.fromEntries(Object.entries(v).map(([k, x]) => [k, typeName(x)]))];
}

// ------------------------------------------------------------------------------------------------
// Locking

export interface LockInfo {
  ID: string;
  Operation: string;
  Info: string;
  Who: string;
  Version: string;
  Created: string;
  Path: string;
}

export const lockPath = (state: string): string => join(dirname(state), `.${basename(state)}.lock.info`);

export class LockError extends Error {
  override readonly name = 'LockError';
  readonly info: LockInfo | undefined;
  constructor(info: LockInfo | undefined) {
    super('resource temporarily unavailable');
    this.info = info;
  }
}

/** Go's time.Time String(): `2006-01-02 15:04:05.999999999 -0700 MST` (UTC here). */
export function goTime(iso: string): string {
  const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/.exec(iso);
  if (!m) return iso;
  const frac = (m[3] ?? '').replace(/0+$/, '');
  return `${m[1]} ${m[2]}${frac ? `.${frac}` : ''} +0000 UTC`;
}

/** The text Terraform puts in the diagnostic's detail (clistate.LockErrorMessage around LockError.Error()). */
export function lockErrorDetail(error: LockError, binary: string): string {
  const i = error.info;
  const info = i
    ? `Lock Info:\n  ID:        ${i.ID}\n  Path:      ${i.Path}\n  Operation: ${i.Operation}\n  Who:       ${i.Who}\n  Version:   ${i.Version}\n  Created:   ${goTime(i.Created)}\n  Info:      ${i.Info}\n`
    : '';
  const name = binary === 'tofu' ? 'OpenTofu' : 'Terraform';
  return (
    `Error message: ${error.message}\n${info}\n\n` +
    `${name} acquires a state lock to protect the state from being written\n` +
    'by multiple users at the same time. Please resolve the issue above and try\n' +
    'again. For most commands, you can disable locking with the "-lock=false"\n' +
    'flag, but this is not recommended.'
  );
}

export function tryLock(state: string, cwd: string, operation: string, version: string): LockInfo {
  const path = lockPath(state);
  mkdirSync(dirname(path), { recursive: true });
  const info: LockInfo = {
    ID: newLineage(),
    Operation: operation,
    Info: '',
    Who: `${userInfo().username}@${hostname()}`,
    Version: version,
    Created: new Date().toISOString(),
    Path: relative(cwd, state) || basename(state),
  };
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    let held: LockInfo | undefined;
    try {
      held = JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
    } catch {
      held = undefined;
    }
    throw new LockError(held);
  }
  writeSync(fd, JSON.stringify(info));
  closeSync(fd);
  return info;
}

export function unlock(state: string, id?: string): boolean {
  const path = lockPath(state);
  if (!existsSync(path)) return false;
  if (id !== undefined) {
    const held = JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
    if (held.ID !== id) return false;
  }
  rmSync(path, { force: true });
  return true;
}
