// The workflow-level runner's public shapes: what runWorkflow takes and what it reports. Types
// only, so tests can name them without loading the runner.

import type { GitHubEmulator } from '../github/index.ts';
import type { Annotation } from '../runner/index.ts';

/** A repository at one commit: its name, the commit, and a directory holding its files at that commit. */
export interface RepoAtCommit {
  fullName: string;
  sha: string;
  /** Refs that name this commit (e.g. 'refs/heads/main', 'v1.2.3'); `uses: …@<ref>` may name any of them or the sha. */
  refs?: string[];
  dir: string;
}

export interface WorkflowEvent {
  /** push, workflow_dispatch, schedule, pull_request, … (github.event_name). */
  name: string;
  /** workflow_dispatch inputs as the form sends them (strings; booleans 'true'/'false'). */
  inputs?: Record<string, string>;
  /** The event payload (github.event); a minimal one is built when absent. */
  payload?: Record<string, unknown>;
}

export interface RunWorkflowOptions {
  github: GitHubEmulator;
  /** The repository the run belongs to, at the commit the event is for (github.repository / github.sha). */
  repo: RepoAtCommit;
  /** github.ref. Default: the first of repo.refs, else refs/heads/main. */
  ref?: string;
  /** The workflow file, relative to repo.dir (e.g. '.github/workflows/pipeline.yml'). */
  workflow: string;
  event: WorkflowEvent;
  /** The run's GITHUB_TOKEN, seeded in the emulator. */
  token: string;
  /** Other repositories `uses:` may name (the suite at a release, …); anything else fails to resolve, as on GitHub. */
  remotes?: RepoAtCommit[];
  /** Decisions of the required reviewers, by environment name. A protected environment without one fails its job ("not approved"). */
  approvals?: Record<string, 'approve' | 'reject'>;
  /** Variables of the runner machine every step inherits (a self-hosted runner's tools, say). */
  runnerEnv?: Record<string, string>;
  /** github.run_id. Default: 4242 for the first run against an emulator, then 4243, … (run_number 7, 8, …). */
  runId?: string;
  runAttempt?: string;
  actor?: string;
  /** Per-step time limit. Default 120 000 ms. */
  stepTimeoutMs?: number;
}

export type JobConclusion = 'success' | 'failure' | 'cancelled' | 'skipped';

export interface StepRecord {
  /** The step's id, or its generated one (`__run_2`). */
  id: string;
  name: string;
  /** 'run', a local or remote action reference, or 'stand-in:<owner/name>'. */
  kind: string;
  outcome: JobConclusion;
  conclusion: JobConclusion;
  outputs: Record<string, string>;
  /** The `with:` values after evaluation (what reached the action). */
  with: Record<string, string>;
  /** For our node actions: the effective inputs (with action.yml defaults). */
  inputs?: Record<string, string>;
  exitCode?: number | null;
  /** Lines this step printed, masked as the runner's log shows them. */
  log: string;
  summary: string;
}

export interface JobRecord {
  /** 'caller-job / called-job' for a job of a called workflow, as GitHub names it. */
  name: string;
  id: string;
  /** The workflow file that defined the job (repo/path@ref as in job_workflow_ref). */
  workflowRef: string;
  result: JobConclusion;
  outputs: Record<string, string>;
  steps: StepRecord[];
  /** The job-level environment, when it has one. */
  environment?: { name: string; url?: string; deployment: boolean; deploymentId?: number };
  /** Effective GITHUB_TOKEN permissions. */
  permissions: Record<string, string>;
  annotations: Annotation[];
  /** Why the job failed before or instead of its steps (permissions, approvals, required inputs…). */
  error?: string;
  log: string;
  summary: string;
}

export interface ArtifactRecord {
  id: number;
  name: string;
  /** sha256 of the artifact (the stand-in hashes its canonical file list; see README). */
  digest: string;
  files: Record<string, Buffer>;
}

export interface AttestationRecord {
  id: number;
  subjects: Array<{ name: string; digest: { sha256: string } }>;
  predicateType: string;
  /** What the provenance says built it. */
  workflow: { repository: string; ref: string; sha: string; path: string; runId: string };
}

export interface WorkflowRunResult {
  result: 'success' | 'failure' | 'cancelled';
  /** Every job that ran or was skipped, called workflows' jobs included, in the order they finished. */
  jobs: JobRecord[];
  /** Outputs of the workflow (on.workflow_call.outputs) when it was called. */
  outputs: Record<string, string>;
  artifacts: ArtifactRecord[];
  attestations: AttestationRecord[];
  /** All jobs' logs, masked. */
  log: string;
  /** Every value the runner masked (secrets, tokens, ::add-mask:: values) — for leak scans. */
  masked: string[];
}
