// A workflow file as the runner reads it: YAML to a typed shape, with the parts GitHub normalises
// (`on:` as a string, a list or a map; `needs:` as a string or a list; `environment:` as a name or
// a map). Keys the emulation does not implement fail loudly instead of being ignored.

import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export type Scalar = string | number | boolean | null;

export interface InputDecl {
  description?: string;
  required?: boolean;
  type?: 'string' | 'boolean' | 'number' | 'choice' | 'environment';
  default?: Scalar;
  options?: string[];
}

export interface StepDef {
  id?: string;
  name?: string;
  if?: Scalar;
  uses?: string;
  run?: string;
  shell?: string;
  with?: Record<string, Scalar>;
  env?: Record<string, Scalar>;
  'working-directory'?: string;
  'continue-on-error'?: boolean | string;
  'timeout-minutes'?: number | string;
}

export interface EnvironmentDef {
  name: string;
  url?: string;
  /** `deployment: false` — the environment without GitHub's deployment record. */
  deployment?: boolean | string;
}

export interface JobDef {
  name?: string;
  needs?: string[];
  if?: Scalar;
  'runs-on'?: unknown;
  permissions?: Permissions;
  environment?: EnvironmentDef;
  concurrency?: unknown;
  'timeout-minutes'?: number | string;
  env?: Record<string, Scalar>;
  outputs?: Record<string, string>;
  steps?: StepDef[];
  defaults?: { run?: { shell?: string; 'working-directory'?: string } };
  // a call of a reusable workflow
  uses?: string;
  with?: Record<string, Scalar>;
  secrets?: 'inherit' | Record<string, string>;
}

export type Permissions = 'read-all' | 'write-all' | Record<string, 'read' | 'write' | 'none'>;

export interface WorkflowDef {
  name?: string;
  on: Record<string, Record<string, unknown> | null>;
  permissions?: Permissions;
  env?: Record<string, Scalar>;
  concurrency?: unknown;
  jobs: Record<string, JobDef>;
  defaults?: { run?: { shell?: string; 'working-directory'?: string } };
}

export interface WorkflowCallDecl {
  inputs: Record<string, InputDecl>;
  secrets: Record<string, { description?: string; required?: boolean }>;
  outputs: Record<string, { description?: string; value: string }>;
}

const JOB_KEYS = new Set([
  'name', 'needs', 'if', 'runs-on', 'permissions', 'environment', 'concurrency', 'timeout-minutes', 'env', 'outputs', 'steps', 'defaults',
  'uses', 'with', 'secrets',
]);
const STEP_KEYS = new Set(['id', 'name', 'if', 'uses', 'run', 'shell', 'with', 'env', 'working-directory', 'continue-on-error', 'timeout-minutes']);

/** Reads and normalises a workflow file; throws on what the emulation cannot run faithfully. */
export function loadWorkflow(file: string): WorkflowDef {
  const raw = parse(readFileSync(file, 'utf8')) as Record<string, unknown> | null;
  if (!raw || typeof raw !== 'object') throw new Error(`${file}: not a workflow`);
  const onRaw = raw['on'] ?? raw['true']; // YAML 1.1 readers turn a bare `on` into true; `yaml` keeps 'on'
  let on: WorkflowDef['on'];
  if (typeof onRaw === 'string') on = { [onRaw]: null };
  else if (Array.isArray(onRaw)) on = Object.fromEntries(onRaw.map((e) => [String(e), null]));
  else if (onRaw && typeof onRaw === 'object') on = onRaw as WorkflowDef['on'];
  else throw new Error(`${file}: no on:`);
  const jobsRaw = raw['jobs'] as Record<string, Record<string, unknown>> | undefined;
  if (!jobsRaw || typeof jobsRaw !== 'object') throw new Error(`${file}: no jobs:`);
  const jobs: Record<string, JobDef> = {};
  for (const [id, j] of Object.entries(jobsRaw)) {
    for (const k of Object.keys(j)) {
      if (!JOB_KEYS.has(k)) throw new Error(`${file}: job '${id}' uses '${k}', which the workflow runner does not implement`);
    }
    const job = { ...j } as unknown as JobDef & { needs?: string | string[]; environment?: string | EnvironmentDef };
    if (typeof job.needs === 'string') job.needs = [job.needs];
    if (typeof job.environment === 'string') job.environment = { name: job.environment };
    for (const [i, s] of (job.steps ?? []).entries()) {
      for (const k of Object.keys(s)) {
        if (!STEP_KEYS.has(k)) throw new Error(`${file}: step ${i + 1} of job '${id}' uses '${k}', which the workflow runner does not implement`);
      }
      if ((s.uses === undefined) === (s.run === undefined)) throw new Error(`${file}: step ${i + 1} of job '${id}' needs exactly one of uses and run`);
    }
    jobs[id] = job as JobDef;
  }
  return { ...(raw as unknown as WorkflowDef), on, jobs };
}

/** The `on.workflow_call` declaration (empty when the workflow is not callable). */
export function workflowCall(wf: WorkflowDef): WorkflowCallDecl | undefined {
  if (!('workflow_call' in wf.on)) return undefined;
  const d = (wf.on['workflow_call'] ?? {}) as Partial<WorkflowCallDecl>;
  return { inputs: d.inputs ?? {}, secrets: d.secrets ?? {}, outputs: d.outputs ?? {} };
}

/** The `on.workflow_dispatch` inputs (undefined when the workflow cannot be dispatched). */
export function workflowDispatch(wf: WorkflowDef): Record<string, InputDecl> | undefined {
  if (!('workflow_dispatch' in wf.on)) return undefined;
  return ((wf.on['workflow_dispatch'] ?? {}) as { inputs?: Record<string, InputDecl> }).inputs ?? {};
}
