/**
 * The plan summary: one schema for Terraform, OpenTofu and Ansible. It names what changes —
 * addresses, actions, changed attribute *paths*, flags — and never a value: plans print
 * variables and sensitive values in clear (cal-itp/benefits#3926), so nothing from `before` or
 * `after` leaves the runner through the summary, the PR comment or the outputs.
 */

export const SUMMARY_SCHEMA = 'actions-suite/plan-summary@1';

export type ChangeAction = 'create' | 'update' | 'replace' | 'delete' | 'forget' | 'move' | 'import' | 'unknown';
export type Step = (string | number)[];

export interface Change {
  /** Terraform: the instance address; Ansible: `host: task name (file:line)`. */
  address: string;
  kind: 'resource' | 'task';
  action: ChangeAction;
  /** The tool's own actions (Terraform's `change.actions`; Ansible: changed / skipped). */
  actions: string[];
  /** Terraform's action_reason. */
  reason?: string;
  replace_paths?: Step[];
  /** Attribute paths that differ (or become known only after apply). */
  changed_paths: Step[];
  /** More paths changed than are listed. */
  paths_truncated?: boolean;
  /** A sensitive value is among the changed ones. */
  sensitive: boolean;
  /** Deletes or forgets something: delete, replace, forget; Ansible `state: absent`. */
  destructive: boolean;
  /** Matches protected-resources. */
  protected: boolean;
  /** Resource type, or the Ansible module. */
  type: string;
  /** Terraform provider, or the Ansible play. */
  provider?: string;
  module?: string;
  previous_address?: string;
  importing?: boolean;
}

export interface DriftEntry {
  address: string;
  type: string;
  /** update: changed outside the tool; delete: gone outside the tool. */
  action: 'update' | 'delete' | 'unknown';
  changed_paths: Step[];
}

export interface OutputChange {
  name: string;
  action: 'create' | 'update' | 'delete';
  sensitive: boolean;
}

export interface Diagnostic {
  severity: 'error' | 'warning';
  summary: string;
  address?: string;
}

export interface Counts {
  add: number;
  change: number;
  destroy: number;
  replace: number;
  import: number;
  move: number;
  forget: number;
  unknown: number;
  drift: number;
  outputs: number;
}

export interface GuardReport {
  max_destroy: number | 'unlimited';
  /** Deletes, replaces and forgets. */
  destroy: number;
  protected_hits: string[];
  verdict: 'ok' | 'blocked';
  reasons: string[];
}

export interface PlanSummary {
  schema: typeof SUMMARY_SCHEMA;
  tool: 'terraform' | 'tofu' | 'ansible';
  tool_version: string;
  /** Terraform's JSON format_version; Ansible: the stdout callback. */
  format_version: string;
  command: 'plan' | 'apply' | 'drift';
  working_directory: string;
  workspace: string;
  status: 'no-changes' | 'changes' | 'errored';
  /** false: -target, deferred changes, an errored plan, or Ansible tasks check mode could not predict. */
  complete: boolean;
  counts: Counts;
  changes: Change[];
  drift: DriftEntry[];
  outputs: OutputChange[];
  diagnostics: Diagnostic[];
  /** Changes the tool deferred to a later run (Terraform's deferred_changes). */
  deferred: { address: string; reason: string }[];
  guard?: GuardReport;
  digest?: string;
  truncated: boolean;
}

export function emptyCounts(): Counts {
  return { add: 0, change: 0, destroy: 0, replace: 0, import: 0, move: 0, forget: 0, unknown: 0, drift: 0, outputs: 0 };
}

/** Counts by action (disjoint: a replacement is neither an add nor a destroy), plus imports and moves on top. */
export function countChanges(changes: readonly Change[], drift: readonly DriftEntry[], outputs: readonly OutputChange[]): Counts {
  const c = emptyCounts();
  for (const ch of changes) {
    switch (ch.action) {
      case 'create':
        c.add++;
        break;
      case 'update':
        c.change++;
        break;
      case 'replace':
        c.replace++;
        break;
      case 'delete':
        c.destroy++;
        break;
      case 'forget':
        c.forget++;
        break;
      case 'unknown':
        c.unknown++;
        break;
      case 'move':
      case 'import':
        break;
    }
    if (ch.importing) c.import++;
    if (ch.previous_address !== undefined) c.move++;
  }
  c.drift = drift.length;
  c.outputs = outputs.length;
  return c;
}

/** Whether applying would change anything (resources or outputs). */
export const hasChanges = (s: Pick<PlanSummary, 'changes' | 'outputs'>): boolean => s.changes.length > 0 || s.outputs.length > 0;

/** "2 to add, 1 to change, 1 to replace" — the non-zero counts, or "no changes". */
export function headline(c: Counts): string {
  const parts: string[] = [];
  const add = (n: number, text: string): void => {
    if (n > 0) parts.push(`${n} ${text}`);
  };
  add(c.add, 'to add');
  add(c.change, 'to change');
  add(c.replace, 'to replace');
  add(c.destroy, 'to destroy');
  add(c.forget, 'to forget');
  add(c.import, 'to import');
  add(c.move, 'to move');
  add(c.unknown, 'unknown (check mode could not tell)');
  add(c.outputs, c.outputs === 1 ? 'output change' : 'output changes');
  return parts.length > 0 ? parts.join(', ') : 'no changes';
}
