// The `inputs` and `secrets` a workflow starts with, from a caller's `with:` / `secrets:`
// (workflow_call) or from the "Run workflow" form (workflow_dispatch), checked and typed the way
// GitHub does it (docs: "Reusing workflows", "Events that trigger workflows: workflow_dispatch"):
// - an unknown input or secret, a missing required one, or a value of the wrong type fails the call;
// - an omitted input takes its default, else '' (string), false (boolean) or 0 (number) — so a
//   caller that forwards `${{ inputs.x }}` of its own omitted input sends '' (the reason our
//   actions read '' as "not set");
// - a dispatch form sends strings: a boolean input is true/false in `inputs`, a choice must be one
//   of its options.

import type { Value } from '../runner/expressions.ts';
import type { InputDecl, WorkflowCallDecl } from './load.ts';

export class WorkflowCallError extends Error {}

function zero(decl: InputDecl): Value {
  return decl.type === 'boolean' ? false : decl.type === 'number' ? 0 : '';
}

function typed(name: string, decl: InputDecl, v: Value, where: string): Value {
  const type = decl.type ?? 'string';
  if (type === 'boolean') {
    if (typeof v === 'boolean') return v;
    throw new WorkflowCallError(`${where}: input '${name}' expects a boolean, got ${JSON.stringify(v)}`);
  }
  if (type === 'number') {
    if (typeof v === 'number') return v;
    throw new WorkflowCallError(`${where}: input '${name}' expects a number, got ${JSON.stringify(v)}`);
  }
  if (v === null) return '';
  if (typeof v === 'object') throw new WorkflowCallError(`${where}: input '${name}' expects a string, got an object`);
  return String(v);
}

/** workflow_call: the called workflow's `inputs` from the caller's evaluated `with:`. */
export function callInputs(decl: WorkflowCallDecl, given: Record<string, Value>, where: string, evalDefault: (s: string) => Value): Record<string, Value> {
  const out: Record<string, Value> = {};
  const lower = new Map(Object.keys(decl.inputs).map((k) => [k.toLowerCase(), k]));
  for (const k of Object.keys(given)) {
    if (!lower.has(k.toLowerCase())) throw new WorkflowCallError(`${where}: Invalid input, ${k} is not defined in the referenced workflow.`);
  }
  for (const [name, d] of Object.entries(decl.inputs)) {
    const key = Object.keys(given).find((k) => k.toLowerCase() === name.toLowerCase());
    if (key !== undefined) out[name] = typed(name, d, given[key]!, where);
    else if (d.required) throw new WorkflowCallError(`${where}: Input ${name} is required, but not provided while calling.`);
    else if (d.default !== undefined && d.default !== null) out[name] = typed(name, d, typeof d.default === 'string' ? evalDefault(d.default) : d.default, where);
    else out[name] = zero(d);
  }
  return out;
}

/** workflow_call: the called workflow's `secrets` from the caller's `secrets:` (or all of them with `inherit`). */
export function callSecrets(
  decl: WorkflowCallDecl,
  given: 'inherit' | Record<string, string> | undefined,
  callerSecrets: Record<string, string>,
  where: string,
): Record<string, string> {
  if (given === 'inherit') return { ...callerSecrets };
  const out: Record<string, string> = {};
  const lower = new Map(Object.keys(decl.secrets).map((k) => [k.toLowerCase(), k]));
  for (const [k, v] of Object.entries(given ?? {})) {
    const name = lower.get(k.toLowerCase());
    if (!name) throw new WorkflowCallError(`${where}: Invalid secret, ${k} is not defined in the referenced workflow.`);
    out[name] = v;
  }
  for (const [name, d] of Object.entries(decl.secrets)) {
    if (d.required && !(name in out)) throw new WorkflowCallError(`${where}: Secret ${name} is required, but not provided while calling.`);
  }
  if (callerSecrets['GITHUB_TOKEN'] !== undefined) out['GITHUB_TOKEN'] = callerSecrets['GITHUB_TOKEN'];
  return out;
}

/** workflow_dispatch: `inputs` from the form's strings, checked against the declarations. */
export function dispatchInputs(decl: Record<string, InputDecl>, form: Record<string, string>, environments: string[]): Record<string, Value> {
  const out: Record<string, Value> = {};
  for (const k of Object.keys(form)) {
    if (!(k in decl)) throw new WorkflowCallError(`Unexpected inputs provided: ["${k}"]`);
  }
  for (const [name, d] of Object.entries(decl)) {
    const raw = form[name] ?? (d.default === undefined || d.default === null ? undefined : String(d.default));
    if (raw === undefined || raw === '') {
      if (d.required) throw new WorkflowCallError(`Required input '${name}' not provided`);
      out[name] = zero(d);
      continue;
    }
    switch (d.type ?? 'string') {
      case 'boolean':
        if (raw !== 'true' && raw !== 'false') throw new WorkflowCallError(`Input '${name}': '${raw}' is not a boolean`);
        out[name] = raw === 'true';
        break;
      case 'number':
        if (!Number.isFinite(Number(raw))) throw new WorkflowCallError(`Input '${name}': '${raw}' is not a number`);
        out[name] = Number(raw);
        break;
      case 'choice':
        if (!(d.options ?? []).includes(raw)) throw new WorkflowCallError(`Input '${name}': '${raw}' is not one of ${JSON.stringify(d.options ?? [])}`);
        out[name] = raw;
        break;
      case 'environment':
        if (!environments.includes(raw)) throw new WorkflowCallError(`Input '${name}': no environment '${raw}' in this repository`);
        out[name] = raw;
        break;
      default:
        out[name] = raw;
    }
  }
  return out;
}
