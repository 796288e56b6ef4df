// The terraform / tofu double's entry point (install.ts puts wrappers named `terraform` and
// `tofu` on PATH). Commands: version, init, workspace, plan, apply, show, force-unlock — with the
// flags the provision action and the tests use. Exit codes as Terraform's: 0, 1 on error, and with
// `plan -detailed-exitcode` 2 when the plan has changes (for -refresh-only: when there is drift).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { applyPlan } from './apply.ts';
import { all, bool, flag, goDuration, parseArgs, type Parsed } from './args.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { faultDiagnostic, takeFault } from './faults.ts';
import { makePlan, readPlan, refresh, writePlan, type Mode, type Plan, type Variables } from './planner.ts';
import { kindOf, type Flavour } from './providers.ts';
import { renderPlan, renderState } from './render.ts';
import { installSignalHandlers, interrupted } from './signals.ts';
import { currentWorkspace, LockError, lockErrorDetail, newLineage, readState, statePath, tryLock, unlock, workspaces, type State } from './state.ts';
import { uiResource, Ui } from './ui.ts';
import type { Json } from './values.ts';

const flavour: Flavour = process.env['FAKE_TF_FLAVOUR'] === 'tofu' ? 'tofu' : 'terraform';
const VERSION = flavour === 'tofu' ? '1.9.0' : '1.11.4';
const PRODUCT = flavour === 'tofu' ? 'OpenTofu' : 'Terraform';
const cwd = process.cwd();
const providerOf = (type: string): string => kindOf(type).provider(flavour);

const BOOLEANS = new Set(['json', 'detailed-exitcode', 'refresh-only', 'destroy', 'input', 'no-color', 'lock', 'refresh', 'auto-approve', 'reconfigure', 'upgrade', 'force', 'or-create', 'compact-warnings']);

class Exit extends Error {
  readonly code: number;
  constructor(code: number) {
    super(`exit ${code}`);
    this.code = code;
  }
}

const INTERRUPT_TEXT = `\nInterrupt received.\nPlease wait for ${PRODUCT} to exit or data loss may occur.\nGracefully shutting down...\n`;
const FATAL_TEXT = '\nTwo interrupts received. Exiting immediately. Note that data loss may have occurred.\n';

async function main(argv: string[]): Promise<number> {
  const [command = '', ...rest] = argv;
  const p = parseArgs(rest, BOOLEANS);
  switch (command) {
    case 'version':
    case '-version':
    case '--version':
      if (bool(p, 'json')) process.stdout.write(`${JSON.stringify({ terraform_version: VERSION, platform: 'linux_amd64', provider_selections: {}, terraform_outdated: false }, null, 2)}\n`);
      else process.stdout.write(`${PRODUCT} v${VERSION}\non linux_amd64\n`);
      return 0;
    case 'init':
      return init(p);
    case 'workspace':
      return workspace(p);
    case 'plan':
      return plan(p);
    case 'apply':
      return apply(p);
    case 'show':
      return show(p);
    case 'force-unlock':
      return forceUnlock(p);
    default:
      process.stderr.write(`${PRODUCT} has no command named "${command}".\n\nTo see all of ${PRODUCT}'s top-level commands, run:\n  ${flavour} -help\n\n`);
      return 1;
  }
}

// ------------------------------------------------------------------------------------------------

interface BackendCache {
  backend: { type: string; config: { path: string | null; workspace_dir: string | null } };
}

function backendPath(config: Config | undefined): string | undefined {
  const file = join(cwd, '.terraform', 'terraform.tfstate');
  if (existsSync(file)) {
    const cache = JSON.parse(readFileSync(file, 'utf8')) as BackendCache;
    if (cache.backend.config.path) return cache.backend.config.path;
  }
  return config?.backendPath;
}

function requireInit(ui: Ui): void {
  if (existsSync(join(cwd, '.terraform', 'terraform.tfstate'))) return;
  ui.diagnostic('error', 'Backend initialization required, please run "' + flavour + ' init"', `Reason: Initial configuration of the requested backend "local"\n\nThe "backend" is the interface that ${PRODUCT} uses to store state.`);
  throw new Exit(1);
}

function loadOrFail(ui: Ui): Config {
  try {
    return loadConfig(cwd);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    ui.diagnostic('error', error.summary, error.detail);
    throw new Exit(1);
  }
}

function parseVarFile(path: string): Record<string, Json> {
  const text = readFileSync(resolve(cwd, path), 'utf8');
  if (path.endsWith('.json')) return JSON.parse(text) as Record<string, Json>;
  const out: Record<string, Json> = {};
  for (const line of text.split('\n')) {
    const m = /^\s*([A-Za-z_][\w-]*)\s*=\s*(.+?)\s*$/.exec(line);
    if (!m) continue;
    try {
      out[m[1]!] = JSON.parse(m[2]!) as Json;
    } catch {
      out[m[1]!] = m[2]!;
    }
  }
  return out;
}

function convert(type: string | undefined, raw: string): Json {
  if (type === 'number') return Number(raw);
  if (type === 'bool') return raw === 'true';
  if (type && type !== 'string') {
    try {
      return JSON.parse(raw) as Json;
    } catch {
      return raw;
    }
  }
  return raw;
}

/** Variables: defaults, then TF_VAR_* from the environment, then -var-file and -var in the order given. */
function variables(config: Config, p: Parsed, ui: Ui): Variables {
  const values = new Map<string, Json>();
  for (const v of config.variables.values()) {
    const env = process.env[`TF_VAR_${v.name}`];
    if (env !== undefined) values.set(v.name, convert(v.type, env));
  }
  for (const file of all(p, 'var-file')) {
    if (!existsSync(resolve(cwd, file))) {
      ui.diagnostic('error', 'Failed to read variables file', `Given variables file ${file} does not exist.`);
      throw new Exit(1);
    }
    for (const [k, v] of Object.entries(parseVarFile(file))) {
      if (!config.variables.has(k)) ui.diagnostic('warning', 'Value for undeclared variable', `The root module does not declare a variable named "${k}" but a value was found in file "${file}".`);
      else values.set(k, v);
    }
  }
  for (const kv of all(p, 'var')) {
    const eq = kv.indexOf('=');
    const name = kv.slice(0, eq);
    const decl = config.variables.get(name);
    if (eq < 0 || !decl) {
      ui.diagnostic('error', 'Value for undeclared variable', `A variable named "${name}" was assigned on the command line, but the root module does not declare a variable of that name.`);
      throw new Exit(1);
    }
    values.set(name, convert(decl.type, kv.slice(eq + 1)));
  }
  const out: Variables = {};
  for (const v of config.variables.values()) {
    const value = values.has(v.name) ? values.get(v.name)! : v.default;
    if (value === undefined) {
      ui.diagnostic('error', 'No value for required variable', `The root module input variable "${v.name}" is not set, and has no default value. Use a -var or -var-file command line argument to provide a value for this variable.`);
      throw new Exit(1);
    }
    out[v.name] = { value, sensitive: v.sensitive };
  }
  return out;
}

/** Takes the state lock, waiting (1 s doubling to 16 s) up to -lock-timeout, as statemgr.LockWithContext does. */
async function lock(ui: Ui, path: string, operation: string, p: Parsed): Promise<() => void> {
  if (!bool(p, 'lock', true)) return () => {};
  const timeout = goDuration(flag(p, 'lock-timeout'));
  const deadline = Date.now() + timeout;
  let delay = 1000;
  let announced = false;
  for (;;) {
    try {
      tryLock(path, cwd, operation, VERSION);
      let released = false;
      return () => {
        if (!released) unlock(path);
        released = true;
      };
    } catch (error) {
      if (!(error instanceof LockError)) throw error;
      if (!announced && timeout > 0) ui.stateLockAcquire();
      announced = true;
      if (Date.now() >= deadline || interrupted()) {
        ui.diagnostic('error', 'Error acquiring the state lock', lockErrorDetail(error, flavour));
        throw new Exit(1);
      }
      await sleep(Math.min(delay, Math.max(0, deadline - Date.now())));
      delay = Math.min(delay * 2, 16_000);
    }
  }
}

function emptyState(): State {
  return { lineage: newLineage(), serial: 0, terraformVersion: VERSION, outputs: {}, resources: new Map() };
}

// ------------------------------------------------------------------------------------------------

async function init(p: Parsed): Promise<number> {
  const ui = new Ui(false, flavour, VERSION);
  const config = loadOrFail(ui);
  const settings: Record<string, string> = {};
  for (const b of all(p, 'backend-config')) {
    const lines = b.includes('=') && !existsSync(resolve(cwd, b)) ? [b] : readFileSync(resolve(cwd, b), 'utf8').split('\n');
    for (const line of lines) {
      const m = /^\s*([A-Za-z_]\w*)\s*=\s*"?(.*?)"?\s*$/.exec(line);
      if (!m) continue;
      if (m[1] !== 'path' && m[1] !== 'workspace_dir') {
        ui.diagnostic('error', 'Invalid backend configuration argument', `The backend configuration argument "${m[1]}" given on the command line is not expected for the selected backend type.`);
        return 1;
      }
      settings[m[1]!] = m[2]!;
    }
  }
  process.stdout.write('Initializing the backend...\n');
  const fault = takeFault('init');
  if (fault) {
    const d = faultDiagnostic(fault, undefined, 'init');
    ui.diagnostic('error', d.summary, d.detail);
    return 1;
  }
  mkdirSync(join(cwd, '.terraform'), { recursive: true });
  const path = settings['path'] ?? config.backendPath ?? null;
  writeFileSync(
    join(cwd, '.terraform', 'terraform.tfstate'),
    `${JSON.stringify({ version: 3, terraform_version: VERSION, backend: { type: 'local', config: { path, workspace_dir: settings['workspace_dir'] ?? null }, hash: 0 } }, null, 2)}\n`,
  );
  if ([...config.resources.values()].some((r) => r.type === 'local_file')) {
    const host = flavour === 'tofu' ? 'registry.opentofu.org' : 'registry.terraform.io';
    process.stdout.write(`\nInitializing provider plugins...\n- Finding latest version of hashicorp/local...\n- Installing hashicorp/local v2.5.2...\n- Installed hashicorp/local v2.5.2 (signed by HashiCorp)\n`);
    mkdirSync(join(cwd, '.terraform', 'providers', host, 'hashicorp', 'local', '2.5.2', 'linux_amd64'), { recursive: true });
    writeFileSync(join(cwd, '.terraform.lock.hcl'), `# This file is maintained automatically by "${flavour} init".\nprovider "${host}/hashicorp/local" {\n  version = "2.5.2"\n}\n`);
  }
  process.stdout.write(`\n${PRODUCT} has been successfully initialized!\n`);
  return 0;
}

function workspace(p: Parsed): number {
  const [sub, name] = p.positional;
  const file = join(cwd, '.terraform', 'environment');
  const exists = (n: string): boolean => workspaces(cwd).includes(n);
  const select = (n: string): void => {
    mkdirSync(join(cwd, '.terraform'), { recursive: true });
    writeFileSync(file, n);
  };
  switch (sub) {
    case 'show':
      process.stdout.write(`${currentWorkspace(cwd)}\n`);
      return 0;
    case 'list':
      for (const w of workspaces(cwd)) process.stdout.write(`${w === currentWorkspace(cwd) ? '*' : ' '} ${w}\n`);
      return 0;
    case 'new':
    case 'select': {
      if (!name || !/^[\w.-]+$/.test(name)) {
        process.stderr.write(`The workspace name ${JSON.stringify(name ?? '')} is not allowed.\n`);
        return 1;
      }
      const create = sub === 'new' || bool(p, 'or-create');
      if (exists(name)) {
        if (sub === 'new') {
          process.stderr.write(`Workspace "${name}" already exists\n`);
          return 1;
        }
        select(name);
        process.stdout.write(`Switched to workspace "${name}".\n`);
        return 0;
      }
      if (!create) {
        process.stderr.write(`\nWorkspace "${name}" doesn't exist.\n\nYou can create this workspace with the "new" subcommand \nor include the "-or-create" flag with the "select" subcommand.\n`);
        return 1;
      }
      if (name !== 'default') mkdirSync(join(cwd, 'terraform.tfstate.d', name), { recursive: true });
      select(name);
      process.stdout.write(`Created and switched to workspace "${name}"!\n`);
      return 0;
    }
    default:
      process.stderr.write('Usage: terraform [global options] workspace\n');
      return 1;
  }
}

/** Refresh and plan; shared by `plan` and `apply -auto-approve`. The caller holds the lock. */
function computePlan(ui: Ui, config: Config, p: Parsed, mode: Mode, state: State | undefined, ws: string): Plan {
  const fault = takeFault('plan', 0);
  if (fault) {
    const d = faultDiagnostic(fault, undefined, 'configuring provider');
    ui.diagnostic('error', d.summary, d.detail);
    throw new Exit(1);
  }
  const vars = variables(config, p, ui);
  const doRefresh = bool(p, 'refresh', true) || mode === 'refresh-only';
  const { refreshed, drift } = doRefresh
    ? refresh(state, flavour, cwd, (address, r, i) => {
        const res = uiResource(address, r.type, r.name, kindOf(r.type).implied);
        const id = String(r.instance.attributes['id'] ?? '');
        ui.refresh(res, id, false);
        const f = takeFault('plan', i);
        if (f) {
          const d = faultDiagnostic(f, address, 'reading');
          ui.diagnostic('error', d.summary, d.detail, address);
          throw new Exit(1);
        }
        if (interrupted()) {
          ui.diagnostic('error', 'execution halted', '');
          throw new Exit(1);
        }
        ui.refresh(res, id, true);
      })
    : { refreshed: new Map(state?.resources ?? []), drift: [] };
  try {
    return makePlan({ config, flavour, version: VERSION, mode, workspace: ws, variables: vars, state, refreshed, drift, targets: all(p, 'target') });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    ui.diagnostic('error', error.summary, error.detail);
    throw new Exit(1);
  }
}

function streamPlan(ui: Ui, plan: Plan): void {
  for (const d of plan.drift) ui.drift(uiResource(d.address, d.type, d.name, d.implied), d.action);
  const counts = { add: 0, change: 0, import: 0, remove: 0 };
  for (const c of plan.changes) {
    if (c.stream === 'noop') continue;
    const previous = c.previousAddress ? uiResource(c.previousAddress, c.type, c.previousAddress.split('.')[1] ?? '', c.implied) : undefined;
    const reason = c.reason === 'replace_because_cannot_update' ? 'cannot_update' : c.reason === 'replace_because_tainted' ? 'tainted' : c.reason;
    ui.plannedChange(uiResource(c.address, c.type, c.name, c.implied), c.stream, reason, previous);
    if (c.actions.includes('create')) counts.add++;
    if (c.actions.includes('delete')) counts.remove++;
    if (c.actions[0] === 'update') counts.change++;
  }
  if (plan.targets.length > 0) {
    ui.diagnostic('warning', 'Resource targeting is in effect', `You are creating a plan with the -target option, which means that the result of this plan may not represent all of the changes requested by the current configuration.`);
  }
  ui.changeSummary('plan', counts);
  const outputs = Object.fromEntries(plan.outputs.filter((o) => o.actions[0] !== 'no-op').map((o) => [o.name, { sensitive: o.sensitive, action: o.actions[0] }]));
  if (Object.keys(outputs).length > 0 || plan.outputs.length > 0) ui.outputs(outputs);
}

function modeOf(p: Parsed): Mode {
  return bool(p, 'refresh-only') ? 'refresh-only' : bool(p, 'destroy') ? 'destroy' : 'normal';
}

async function plan(p: Parsed): Promise<number> {
  const ui = new Ui(bool(p, 'json'), flavour, VERSION);
  ui.versionMessage();
  requireInit(ui);
  const config = loadOrFail(ui);
  const ws = currentWorkspace(cwd);
  const path = statePath(cwd, ws, backendPath(config));
  const release = await lock(ui, path, 'OperationTypePlan', p);
  try {
    const result = computePlan(ui, config, p, modeOf(p), readState(path), ws);
    streamPlan(ui, result);
    const out = flag(p, 'out');
    if (out) writePlan(resolve(cwd, out), result);
    return bool(p, 'detailed-exitcode') && result.applyable ? 2 : 0;
  } finally {
    release();
  }
}

async function apply(p: Parsed): Promise<number> {
  const ui = new Ui(bool(p, 'json'), flavour, VERSION);
  ui.versionMessage();
  requireInit(ui);
  const file = p.positional[0];
  const config = file ? undefined : loadOrFail(ui);
  if (!file && !bool(p, 'auto-approve')) {
    ui.diagnostic('error', 'No configuration or plan file', 'The double applies a saved plan file, or plans and applies with -auto-approve.');
    return 1;
  }
  let saved: Plan | undefined;
  if (file) {
    try {
      saved = readPlan(resolve(cwd, file));
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      ui.diagnostic('error', error.summary, error.detail);
      return 1;
    }
  }
  const ws = saved?.workspace ?? currentWorkspace(cwd);
  const path = statePath(cwd, ws, backendPath(config));
  const release = await lock(ui, path, 'OperationTypeApply', p);
  try {
    const current = readState(path);
    let toApply: Plan;
    if (saved) {
      const now = current ? { lineage: current.lineage, serial: current.serial } : null;
      if (JSON.stringify(now) !== JSON.stringify(saved.prior)) {
        ui.diagnostic('error', 'Saved plan is stale', 'The given plan file can no longer be applied because the state was changed by another operation after the plan was created.');
        return 1;
      }
      toApply = saved;
    } else {
      toApply = computePlan(ui, config!, p, modeOf(p), current, ws);
    }
    streamPlan(ui, toApply);
    return await applyPlan(toApply, { cwd, ui, statePath: path, state: current ?? emptyState() });
  } finally {
    release();
  }
}

function show(p: Parsed): number {
  if (!bool(p, 'json')) {
    process.stderr.write('The double prints plans and state as JSON only: use show -json.\n');
    return 1;
  }
  const ui = new Ui(false, flavour, VERSION);
  const fault = takeFault('show');
  if (fault) {
    const d = faultDiagnostic(fault, undefined, 'show');
    ui.diagnostic('error', d.summary, d.detail);
    return 1;
  }
  const file = p.positional[0];
  let config: Config | undefined;
  try {
    config = loadConfig(cwd);
  } catch {
    config = undefined;
  }
  if (!file) {
    const ws = currentWorkspace(cwd);
    process.stdout.write(`${JSON.stringify(renderState(readState(statePath(cwd, ws, backendPath(config))), VERSION, providerOf))}\n`);
    return 0;
  }
  try {
    process.stdout.write(`${JSON.stringify(renderPlan(readPlan(resolve(cwd, file)), config, providerOf))}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    ui.diagnostic('error', error.summary, error.detail);
    return 1;
  }
}

function forceUnlock(p: Parsed): number {
  const id = p.positional[0];
  const ws = currentWorkspace(cwd);
  let config: Config | undefined;
  try {
    config = loadConfig(cwd);
  } catch {
    config = undefined;
  }
  if (!id || !unlock(statePath(cwd, ws, backendPath(config)), id)) {
    process.stderr.write(`\nError: Failed to unlock state\n\nlock ID "${id ?? ''}" does not match existing lock\n`);
    return 1;
  }
  process.stdout.write(`${PRODUCT} state has been successfully unlocked!\n`);
  return 0;
}

// ------------------------------------------------------------------------------------------------

const signalUi = new Ui(process.argv.includes('-json'), flavour, VERSION);
installSignalHandlers(
  () => {
    signalUi.log('Stopping operation...');
    signalUi.log(INTERRUPT_TEXT);
  },
  () => signalUi.log(FATAL_TEXT),
);

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = interrupted() && code === 0 ? 1 : code;
  },
  (error: unknown) => {
    if (error instanceof Exit) {
      process.exitCode = error.code;
      return;
    }
    process.stderr.write(`${PRODUCT} crashed! This is always indicative of a bug within ${PRODUCT}.\n${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 11;
  },
);
