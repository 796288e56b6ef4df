import type { CloudCredentials } from '../../../../shared/oidc/with-cloud.ts';
import type { ActionContext } from '../../../../shared/run-action.ts';
import type { State } from '../../../../shared/state.ts';
import type { TempFiles } from '../files.ts';
import type { ProvisionSettings, Tool } from '../inputs.ts';
import type { JobContext } from '../job.ts';
import type { StateKey } from '../state-keys.ts';
import type { Change, Diagnostic, DriftEntry, OutputChange } from '../summary.ts';

/**
 * One interface, one file per tool (terraform.ts serves terraform and tofu; ansible.ts): index.ts
 * loads the chosen one with `await import()`, so neither is on the start path.
 */

/** normal: what apply would do. refresh-only: drift (reality ≠ state). no-refresh: pending changes (configuration ≠ state). */
export type PlanMode = 'normal' | 'refresh-only' | 'no-refresh';

export interface ToolPlan {
  readonly formatVersion: string;
  readonly toolVersion: string;
  readonly changes: readonly Change[];
  readonly drift: readonly DriftEntry[];
  readonly outputs: readonly OutputChange[];
  readonly deferred: readonly { address: string; reason: string }[];
  readonly diagnostics: readonly Diagnostic[];
  readonly complete: boolean;
  readonly errored: boolean;
  /** What the plan digest covers. */
  readonly changeSet: unknown;
  /** The tool's own plan (Terraform's plan file; Ansible's reviewed change set), for the plan file. */
  readonly artifact: Buffer;
  /** Terraform: where that plan file is on disk now (what apply runs). */
  readonly planPath?: string;
  /** The tool's exit code (plan -detailed-exitcode: 0 no changes, 2 changes). */
  readonly exitCode: number;
}

export interface ApplyResult {
  readonly exitCode: number;
  /** What was applied: Terraform's completed resources, Ansible's changed tasks. */
  readonly applied: readonly string[];
  /** Tool runs, retries and resumes included. */
  readonly attempts: number;
  /** Plain-words notes for the summary (a retry of the same plan, a resume after a re-plan…). */
  readonly notes: readonly string[];
  /** Ansible: what the real run changed, as summary changes. */
  readonly changes?: readonly Change[];
}

export interface ToolRunner {
  readonly tool: Tool;
  /** Set once prepare() ran. */
  version(): string;
  /** Terraform: version, init, workspace. Ansible: version and the secret files. */
  prepare(): Promise<void>;
  plan(mode: PlanMode): Promise<ToolPlan>;
  /** The reviewed plan from the tool bytes of a plan file. */
  reviewed(artifact: Buffer): Promise<ToolPlan>;
  /** Applies the reviewed plan; `fromFile` when it came from a plan file (not planned in this step). */
  apply(reviewed: ToolPlan, fromFile: boolean): Promise<ApplyResult>;
}

export interface ToolContext {
  readonly ctx: ActionContext;
  readonly settings: ProvisionSettings;
  readonly job: JobContext;
  readonly files: TempFiles;
  readonly cloud: CloudCredentials;
  readonly state: State<StateKey>;
}
