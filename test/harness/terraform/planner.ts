// Planning: refresh what the state holds (local_file reads the real file), compare the
// configuration with it, and produce the changes, drift and output changes a saved plan carries.
// The plan file is the double's own JSON (a real plan file is a zip only terraform reads); apply
// refuses it once the state moved on (lineage and serial), as Terraform does ("Saved plan is stale").
import { readFileSync, writeFileSync } from 'node:fs';
import { ConfigError, evaluate, references, type Config, type Scope } from './config.ts';
import { kindOf, type Flavour, type Instance } from './providers.ts';
import type { State, StateResource } from './state.ts';
import { deepEqual, hasUnknown, isObject, UNKNOWN, type Json, type Path, type Planned } from './values.ts';

export type Mode = 'normal' | 'refresh-only' | 'destroy';
export type Variables = Record<string, { value: Json; sensitive: boolean }>;

export interface ResourceChange {
  address: string;
  type: string;
  name: string;
  provider: string;
  implied: string;
  /** `change.actions` of show -json. */
  actions: string[];
  /** The single word of the UI stream's planned_change. */
  stream: 'create' | 'update' | 'replace' | 'delete' | 'remove' | 'move' | 'noop';
  before: Record<string, Json> | null;
  beforeMarks: Path[];
  after: Record<string, Planned> | null;
  afterMarks: Path[];
  replacePaths: Path[];
  /** show -json action_reason */
  reason?: string;
  previousAddress?: string;
  createBeforeDestroy: boolean;
  provisioners: { command: string }[];
  /** Raw configuration, evaluated again at apply once references are known. */
  attrs: Record<string, Json>;
}

export interface DriftChange {
  address: string;
  type: string;
  name: string;
  provider: string;
  implied: string;
  action: 'update' | 'delete';
  before: Record<string, Json>;
  beforeMarks: Path[];
  after: Record<string, Json> | null;
}

export interface OutputChange {
  name: string;
  actions: string[];
  before: Json | null;
  after: Planned;
  sensitive: boolean;
  raw: Json;
}

export interface Plan {
  flavour: Flavour;
  version: string;
  mode: Mode;
  workspace: string;
  variables: Variables;
  /** The state the plan was made from; apply refuses the plan once it changed. */
  prior: { lineage: string; serial: number } | null;
  /** The refreshed state (what apply starts from). */
  refreshed: [string, StateResource][];
  priorOutputs: State['outputs'];
  changes: ResourceChange[];
  drift: DriftChange[];
  outputs: OutputChange[];
  targets: string[];
  errored: boolean;
  applyable: boolean;
  complete: boolean;
  timestamp: string;
}

/** Resource addresses in dependency order (references and depends_on). */
export function ordered(config: Config): string[] {
  const deps = new Map<string, string[]>();
  for (const [address, r] of config.resources) {
    deps.set(address, [...references(r.attrs), ...r.dependsOn].filter((d) => config.resources.has(d) && d !== address));
  }
  const out: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (a: string): void => {
    if (state.get(a) === 'done') return;
    if (state.get(a) === 'visiting') throw new ConfigError('Cycle', `a dependency cycle goes through ${a}`);
    state.set(a, 'visiting');
    for (const d of deps.get(a) ?? []) visit(d);
    state.set(a, 'done');
    out.push(a);
  };
  for (const a of [...config.resources.keys()].sort()) visit(a);
  return out;
}

function valueAt(v: Planned, path: string[]): Planned {
  let cur: Planned = v;
  for (const step of path) {
    if (cur === UNKNOWN) return UNKNOWN;
    if (Array.isArray(cur)) cur = cur[Number(step)] ?? null;
    else if (isObject(cur)) cur = (cur as Record<string, Planned>)[step] ?? null;
    else return null;
  }
  return cur !== UNKNOWN && hasUnknown(cur) ? UNKNOWN : cur;
}

/** A scope where resources resolve to `values` (planned, or applied at apply time). */
export function scopeOf(variables: Variables, workspace: string, values: (address: string) => { value: Record<string, Planned>; marks: Path[] } | undefined): Scope {
  return {
    variable: (name) => variables[name],
    workspace,
    attribute(address, path) {
      const found = values(address);
      if (!found) return undefined;
      const sensitive = found.marks.some((m) => m.every((s, i) => String(s) === path[i]) || path.every((s, i) => String(m[i]) === s));
      return { value: valueAt(found.value, path), sensitive };
    },
  };
}

export interface PlanInput {
  config: Config;
  flavour: Flavour;
  version: string;
  mode: Mode;
  workspace: string;
  variables: Variables;
  state: State | undefined;
  /** Refreshed resources (after provider reads), in state order. */
  refreshed: Map<string, StateResource>;
  drift: DriftChange[];
  targets: string[];
}

export function makePlan(p: PlanInput): Plan {
  const changes: ResourceChange[] = [];
  const planned = new Map<string, { value: Record<string, Planned>; marks: Path[] }>();
  const configured = new Set<string>();
  const scope = scopeOf(p.variables, p.workspace, (a) => planned.get(a));
  const targeted = (a: string): boolean => p.targets.length === 0 || p.targets.includes(a);
  let errored = false;

  if (p.mode !== 'refresh-only') {
    for (const address of ordered(p.config)) {
      const decl = p.config.resources.get(address)!;
      const kind = kindOf(decl.type);
      const moved = p.config.moved.find((m) => m.to === address && !p.refreshed.has(address) && p.refreshed.has(m.from));
      const priorRes = p.refreshed.get(address) ?? (moved ? p.refreshed.get(moved.from) : undefined);
      const prior = priorRes?.instance;
      configured.add(address);
      if (moved) configured.add(moved.from);
      const base = { address, type: decl.type, name: decl.name, provider: kind.provider(p.flavour), implied: kind.implied, createBeforeDestroy: decl.createBeforeDestroy, provisioners: decl.provisioners, attrs: decl.attrs };
      const before = prior ? prior.attributes : null;
      if (p.mode === 'destroy' || !targeted(address)) {
        if (prior) planned.set(address, { value: prior.attributes, marks: prior.sensitive });
        if (p.mode === 'destroy' && prior && targeted(address)) {
          changes.push({ ...base, actions: ['delete'], stream: 'delete', before, beforeMarks: prior.sensitive, after: null, afterMarks: [], replacePaths: [] });
        }
        continue;
      }
      const evaluated = evaluate(decl.attrs, scope);
      const plan = kind.plan(prior, evaluated.value as Record<string, Planned>, evaluated.marks);
      planned.set(address, { value: plan.after, marks: plan.marks });
      const destroying = plan.action === 'replace';
      if (destroying && decl.preventDestroy) throw new ConfigError('Instance cannot be destroyed', `Resource ${address} has lifecycle.prevent_destroy set, but the plan calls for this resource to be destroyed.`);
      const actions = plan.action === 'replace' ? (decl.createBeforeDestroy ? ['create', 'delete'] : ['delete', 'create']) : [plan.action];
      const stream = plan.action === 'no-op' ? (moved ? 'move' : 'noop') : plan.action;
      changes.push({
        ...base,
        actions,
        stream,
        before,
        beforeMarks: prior?.sensitive ?? [],
        after: plan.after,
        afterMarks: plan.marks,
        replacePaths: plan.replacePaths,
        ...(plan.reason ? { reason: plan.reason } : {}),
        ...(moved ? { previousAddress: moved.from } : {}),
      });
    }
    // In the state, not in the configuration: destroyed (or forgotten with a `removed` block).
    for (const [address, r] of p.refreshed) {
      if (configured.has(address) || !targeted(address)) continue;
      const kind = kindOf(r.type);
      const forget = p.config.forget.has(address);
      changes.push({
        address,
        type: r.type,
        name: r.name,
        provider: kind.provider(p.flavour),
        implied: kind.implied,
        actions: [forget ? 'forget' : 'delete'],
        stream: forget ? 'remove' : 'delete',
        before: r.instance.attributes,
        beforeMarks: r.instance.sensitive,
        after: null,
        afterMarks: [],
        replacePaths: [],
        ...(forget ? {} : { reason: 'delete_because_no_resource_config' }),
        createBeforeDestroy: false,
        provisioners: [],
        attrs: {},
      });
    }
  }

  const outputs: OutputChange[] = [];
  const priorOutputs = p.state?.outputs ?? {};
  if (p.mode !== 'refresh-only') {
    for (const [name, o] of p.config.outputs) {
      let e;
      try {
        e = evaluate(o.value, scope);
      } catch (error) {
        errored = true;
        throw error;
      }
      if (e.marks.length > 0 && !o.sensitive) {
        throw new ConfigError('Output refers to sensitive values', `To reduce the risk of accidentally exporting sensitive data, output "${name}" must be declared sensitive.`);
      }
      const prior = priorOutputs[name];
      const after = p.mode === 'destroy' ? null : e.value;
      const actions = p.mode === 'destroy' ? (prior ? ['delete'] : ['no-op']) : !prior ? ['create'] : after === UNKNOWN || !deepEqual(prior.value, after) ? ['update'] : ['no-op'];
      outputs.push({ name, actions, before: prior?.value ?? null, after, sensitive: o.sensitive, raw: o.value });
    }
    for (const [name, prior] of Object.entries(priorOutputs)) {
      if (!p.config.outputs.has(name)) outputs.push({ name, actions: ['delete'], before: prior.value, after: null, sensitive: prior.sensitive, raw: null });
    }
  }

  const changed = changes.some((c) => c.actions[0] !== 'no-op') || outputs.some((o) => o.actions[0] !== 'no-op');
  return {
    flavour: p.flavour,
    version: p.version,
    mode: p.mode,
    workspace: p.workspace,
    variables: p.variables,
    prior: p.state ? { lineage: p.state.lineage, serial: p.state.serial } : null,
    refreshed: [...p.refreshed],
    priorOutputs,
    changes,
    drift: p.drift,
    outputs,
    targets: p.targets,
    errored,
    applyable: p.mode === 'refresh-only' ? p.drift.length > 0 : changed,
    complete: p.targets.length === 0,
    timestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  };
}

/** Refresh: each resource in the state read again; what changed outside Terraform is drift. */
export function refresh(
  state: State | undefined,
  flavour: Flavour,
  cwd: string,
  onRead: (address: string, r: StateResource, index: number) => void,
): { refreshed: Map<string, StateResource>; drift: DriftChange[] } {
  const refreshed = new Map<string, StateResource>();
  const drift: DriftChange[] = [];
  let i = 0;
  for (const [address, r] of state?.resources ?? []) {
    onRead(address, r, ++i);
    const kind = kindOf(r.type);
    const now: Instance | null = kind.read(r.instance, cwd);
    const base = { address, type: r.type, name: r.name, provider: kind.provider(flavour), implied: kind.implied, before: r.instance.attributes, beforeMarks: r.instance.sensitive };
    if (now === null) {
      drift.push({ ...base, action: 'delete', after: null });
      continue;
    }
    if (!deepEqual(now.attributes, r.instance.attributes)) drift.push({ ...base, action: 'update', after: now.attributes });
    refreshed.set(address, { ...r, instance: now });
  }
  return { refreshed, drift };
}

// ------------------------------------------------------------------------------------------------
// The plan file

const MAGIC = 'terraform-double-plan/1\n';

function encode(v: unknown): unknown {
  if (v === UNKNOWN) return { $unknown: true };
  if (v instanceof Map) return [...v].map(encode);
  if (Array.isArray(v)) return v.map(encode);
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, encode(x)]));
  return v;
}

function decode(v: unknown): unknown {
  if (isObject(v) && v['$unknown'] === true && Object.keys(v).length === 1) return UNKNOWN;
  if (Array.isArray(v)) return v.map(decode);
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, decode(x)]));
  return v;
}

export function writePlan(path: string, plan: Plan): void {
  writeFileSync(path, MAGIC + JSON.stringify(encode(plan)), { mode: 0o644 });
}

export function readPlan(path: string): Plan {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError('Failed to load plan file', `Could not read plan from ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (!text.startsWith(MAGIC)) throw new ConfigError('Failed to load plan file', `Couldn't load the given file as a plan file: zip: not a valid zip file (${path})`);
  try {
    return decode(JSON.parse(text.slice(MAGIC.length))) as Plan;
  } catch {
    throw new ConfigError('Failed to load plan file', `The given plan file is corrupt (${path})`);
  }
}
