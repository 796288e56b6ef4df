import { UserError } from '../../../shared/errors.ts';
import type { Change, ChangeAction, DriftEntry, OutputChange, Step } from './summary.ts';

/**
 * Reads Terraform's and OpenTofu's plan representation (`show -json PLANFILE`, the JSON output
 * format of internals/json-format, format_version 0.x and 1.x): the changes a reviewer must see —
 * addresses, actions, reasons, changed attribute paths, sensitive and destructive flags — and the
 * canonical change set the plan digest is computed from. Values are read only to find which paths
 * changed; none is copied out. Unknown properties are ignored (a minor format bump adds fields); an
 * unknown major version is refused.
 */

type Json = unknown;
type Obj = Record<string, Json>;

const isObj = (v: Json): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const MAX_PATHS = 50;
const MAX_DEPTH = 4;

export interface ShowPlan {
  formatVersion: string;
  toolVersion: string;
  changes: Change[];
  drift: DriftEntry[];
  outputs: OutputChange[];
  deferred: { address: string; reason: string }[];
  errored: boolean;
  /** Terraform's `complete` (absent before 1.8 and in OpenTofu: then true unless errored). */
  complete: boolean;
  /** The canonical change set the digest covers (see canonicalChangeSet). */
  changeSet: CanonicalChangeSet;
}

export function parseShow(doc: Json): ShowPlan {
  if (!isObj(doc)) throw new UserError('The plan JSON is not an object');
  const formatVersion = typeof doc['format_version'] === 'string' ? doc['format_version'] : '';
  const major = Number(formatVersion.split('.')[0]);
  if (!/^\d+\.\d+$/.test(formatVersion) || major > 1) {
    throw new UserError(`The plan JSON has format_version ${JSON.stringify(formatVersion)}; this action reads 0.x and 1.x (a new major version changes the format)`);
  }
  const changes: Change[] = [];
  for (const rc of array(doc['resource_changes'])) {
    const c = resourceChange(rc);
    if (c) changes.push(c);
  }
  const drift: DriftEntry[] = array(doc['resource_drift']).flatMap((rc) => {
    if (!isObj(rc) || !isObj(rc['change'])) return [];
    const actions = strings(rc['change']['actions']);
    const action = actions.includes('delete') ? 'delete' : actions.includes('update') ? 'update' : 'unknown';
    return [{ address: String(rc['address'] ?? ''), type: String(rc['type'] ?? ''), action, changed_paths: changedPaths(rc['change']).paths }];
  });
  const outputs: OutputChange[] = [];
  for (const [name, oc] of Object.entries(isObj(doc['output_changes']) ? doc['output_changes'] : {})) {
    if (!isObj(oc)) continue;
    const actions = strings(oc['actions']);
    const action = actions.includes('create') ? 'create' : actions.includes('update') ? 'update' : actions.includes('delete') ? 'delete' : undefined;
    if (action) outputs.push({ name, action, sensitive: oc['before_sensitive'] === true || oc['after_sensitive'] === true });
  }
  const deferred = array(doc['deferred_changes']).flatMap((d) =>
    isObj(d) && isObj(d['resource_change']) ? [{ address: String(d['resource_change']['address'] ?? ''), reason: String(d['reason'] ?? 'unknown') }] : [],
  );
  const errored = doc['errored'] === true;
  return {
    formatVersion,
    toolVersion: typeof doc['terraform_version'] === 'string' ? doc['terraform_version'] : '',
    changes,
    drift,
    outputs,
    deferred,
    errored,
    complete: !errored && deferred.length === 0 && doc['complete'] !== false,
    changeSet: canonicalChangeSet(doc),
  };
}

function array(v: Json): Json[] {
  return Array.isArray(v) ? v : [];
}

function strings(v: Json): string[] {
  return Array.isArray(v) ? v.map(String) : [];
}

/** Terraform's actions as one word; undefined for what is not a change (no-op without move or import, read). */
export function actionOf(actions: readonly string[], moved: boolean, importing: boolean): ChangeAction | undefined {
  const has = (a: string): boolean => actions.includes(a);
  if (has('delete') && has('create')) return 'replace';
  if (has('forget')) return 'forget';
  if (has('delete')) return 'delete';
  if (has('create')) return 'create';
  if (has('update')) return 'update';
  if (has('no-op') || actions.length === 0) return moved ? 'move' : importing ? 'import' : undefined;
  return undefined; // read: a data source, not a change
}

function resourceChange(rc: Json): Change | undefined {
  if (!isObj(rc) || !isObj(rc['change'])) return undefined;
  const change = rc['change'];
  const actions = strings(change['actions']);
  const previous = typeof rc['previous_address'] === 'string' ? rc['previous_address'] : undefined;
  const importing = change['importing'] !== undefined && change['importing'] !== null;
  const action = actionOf(actions, previous !== undefined, importing);
  if (!action) return undefined;
  const { paths, truncated, sensitive } = changedPaths(change);
  const replacePaths = Array.isArray(change['replace_paths']) ? (change['replace_paths'] as Json[]).filter(Array.isArray).map((p) => (p as Json[]).map(step)) : undefined;
  return {
    address: String(rc['address'] ?? ''),
    kind: 'resource',
    action,
    actions,
    ...(typeof rc['action_reason'] === 'string' ? { reason: rc['action_reason'] } : {}),
    ...(replacePaths && replacePaths.length > 0 ? { replace_paths: replacePaths } : {}),
    changed_paths: paths,
    ...(truncated ? { paths_truncated: true } : {}),
    sensitive,
    destructive: actions.includes('delete') || actions.includes('forget'),
    protected: false,
    type: String(rc['type'] ?? ''),
    ...(typeof rc['provider_name'] === 'string' ? { provider: rc['provider_name'] } : {}),
    ...(typeof rc['module_address'] === 'string' ? { module: rc['module_address'] } : {}),
    ...(previous !== undefined ? { previous_address: previous } : {}),
    ...(importing ? { importing: true } : {}),
  };
}

const step = (s: Json): string | number => (typeof s === 'number' ? s : String(s));

/**
 * The attribute paths where `before` and `after` differ, or that are known only after apply,
 * compared to MAX_DEPTH levels (deeper differences are reported at that depth), at most MAX_PATHS;
 * and whether any of them is sensitive in before_sensitive or after_sensitive.
 */
export function changedPaths(change: Obj): { paths: Step[]; truncated: boolean; sensitive: boolean } {
  const out: Step[] = [];
  let truncated = false;
  const marks = [change['before_sensitive'], change['after_sensitive']];
  let sensitive = marks.some((m) => m === true);
  const walk = (before: Json, after: Json, unknown: Json, at: Step): void => {
    if (unknown === true || (at.length >= MAX_DEPTH && !deepEqual(before, after)) || (isLeaf(before) && isLeaf(after) && !deepEqual(before, after))) {
      if (at.length === 0) return;
      if (out.length >= MAX_PATHS) {
        truncated = true;
        return;
      }
      out.push(at);
      if (marks.some((m) => sensitiveAt(m, at))) sensitive = true;
      return;
    }
    if (at.length >= MAX_DEPTH) return;
    if (Array.isArray(before) || Array.isArray(after)) {
      const b = Array.isArray(before) ? before : [];
      const a = Array.isArray(after) ? after : [];
      const u = Array.isArray(unknown) ? unknown : [];
      for (let i = 0; i < Math.max(a.length, b.length, u.length); i++) walk(b[i] ?? null, a[i] ?? null, u[i], [...at, i]);
      return;
    }
    const b = isObj(before) ? before : {};
    const a = isObj(after) ? after : {};
    const u = isObj(unknown) ? unknown : {};
    for (const k of [...new Set([...Object.keys(b), ...Object.keys(a), ...Object.keys(u)])].sort()) walk(b[k] ?? null, a[k] ?? null, u[k], [...at, k]);
  };
  const after = change['after'];
  const before = change['before'];
  // A delete changes nothing attribute by attribute: it removes the whole object.
  if (after !== null && after !== undefined) walk(before ?? null, after, change['after_unknown'], []);
  return { paths: out, truncated, sensitive };
}

const isLeaf = (v: Json): boolean => !Array.isArray(v) && !isObj(v);

function sensitiveAt(mark: Json, path: Step): boolean {
  let cur: Json = mark;
  for (const s of path) {
    if (cur === true) return true;
    if (Array.isArray(cur)) cur = cur[Number(s)];
    else if (isObj(cur)) cur = cur[String(s)];
    else return false;
  }
  return containsTrue(cur);
}

const containsTrue = (v: Json): boolean => v === true || (Array.isArray(v) ? v.some(containsTrue) : isObj(v) ? Object.values(v).some(containsTrue) : false);

export function deepEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

// ------------------------------------------------------------------------------------------------
// The canonical change set

/** `[path, value]` of a changed leaf; the value `{"unknown": true}` stands for "known after apply". */
export type Leaf = [Step, Json];

export interface CanonicalResource {
  address: string;
  deposed?: string;
  previous_address?: string;
  actions: string[];
  replace_paths?: Step[];
  importing?: Json;
  /** Leaves of `after` that differ from `before` or are unknown, sorted by path. */
  after: Leaf[];
}

export interface CanonicalChangeSet {
  v: 1;
  resources: CanonicalResource[];
  outputs: { name: string; actions: string[]; after: Json }[];
}

export const UNKNOWN_LEAF = Object.freeze({ unknown: true });

/**
 * What a plan will do, and nothing else: each resource change that is a change (sorted by address
 * and deposed key) with its actions, replace paths, import id, and the leaves of `after` that
 * differ from `before` or are unknown; each output change with its new value. Left out: timestamps,
 * versions, prior state, configuration, variables, relevant_attributes, checks — and attributes
 * that do not change, so refresh noise on them (dflook/terraform-github-actions#166) cannot make
 * the same change look different. Values are in it (they are what apply will set); that is why the
 * digest is an HMAC when a key is given.
 */
export function canonicalChangeSet(doc: Json): CanonicalChangeSet {
  const resources: CanonicalResource[] = [];
  for (const rc of array(isObj(doc) ? doc['resource_changes'] : undefined)) {
    if (!isObj(rc) || !isObj(rc['change'])) continue;
    const c = rc['change'];
    const actions = strings(c['actions']);
    const previous = typeof rc['previous_address'] === 'string' ? rc['previous_address'] : undefined;
    const importing = c['importing'] ?? undefined;
    if (!actionOf(actions, previous !== undefined, importing !== undefined && importing !== null)) continue;
    const replacePaths = Array.isArray(c['replace_paths']) ? (c['replace_paths'] as Json[]).map((p) => (Array.isArray(p) ? p.map(step) : [])) : [];
    resources.push({
      address: String(rc['address'] ?? ''),
      ...(typeof rc['deposed'] === 'string' ? { deposed: rc['deposed'] } : {}),
      ...(previous !== undefined ? { previous_address: previous } : {}),
      actions,
      ...(replacePaths.length > 0 ? { replace_paths: replacePaths.sort(byJson) } : {}),
      ...(importing !== undefined && importing !== null ? { importing } : {}),
      after: changedLeaves(c['before'] ?? null, c['after'] ?? null, c['after_unknown']),
    });
  }
  resources.sort((a, b) => (a.address === b.address ? (a.deposed ?? '').localeCompare(b.deposed ?? '') : a.address < b.address ? -1 : 1));
  const outputs: CanonicalChangeSet['outputs'] = [];
  const oc = isObj(doc) && isObj(doc['output_changes']) ? doc['output_changes'] : {};
  for (const name of Object.keys(oc).sort()) {
    const o = oc[name];
    if (!isObj(o)) continue;
    const actions = strings(o['actions']);
    if (actions.every((a) => a === 'no-op')) continue;
    outputs.push({ name, actions, after: o['after_unknown'] === true ? UNKNOWN_LEAF : (o['after'] ?? null) });
  }
  return { v: 1, resources, outputs };
}

function changedLeaves(before: Json, after: Json, unknown: Json): Leaf[] {
  const out: Leaf[] = [];
  const walk = (b: Json, a: Json, u: Json, at: Step): void => {
    if (u === true) {
      out.push([at, UNKNOWN_LEAF]);
      return;
    }
    if (Array.isArray(a) || isObj(a)) {
      if (Array.isArray(a)) {
        const bb = Array.isArray(b) ? b : [];
        const uu = Array.isArray(u) ? u : [];
        // A list that changed length: its new length, so removed elements count too.
        if (bb.length !== a.length) out.push([[...at, '#'], a.length]);
        a.forEach((x, i) => walk(bb[i] ?? null, x, uu[i], [...at, i]));
        return;
      }
      const bb = isObj(b) ? b : {};
      const uu = isObj(u) ? u : {};
      for (const k of [...new Set([...Object.keys(a), ...Object.keys(uu)])].sort()) walk(bb[k] ?? null, a[k] ?? null, uu[k], [...at, k]);
      // Keys that were there and are gone.
      for (const k of Object.keys(bb).sort()) if (!(k in a) && !(k in uu)) out.push([[...at, k], null]);
      return;
    }
    if (!deepEqual(b, a)) out.push([at, a]);
  };
  if (after !== null) walk(before, after, unknown, []);
  return out;
}

const byJson = (a: Json, b: Json): number => {
  const x = JSON.stringify(a);
  const y = JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
};
