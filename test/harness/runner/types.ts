// The runner emulation's public shapes: what runAction takes and what it reports. Types only, so
// any file (and any test) can name them without pulling in the process-spawning code.

import type { ParsedCommand } from './commands.ts';
import type { JobStatus } from './expressions.ts';

export type StepEntry = 'pre' | 'main' | 'post';

export interface RunContext {
  repository: string;
  sha: string;
  ref: string;
  runId: string;
  runNumber: string;
  runAttempt: string;
  job: string;
  workflow: string;
  eventName: string;
  actor: string;
  serverUrl: string;
  apiUrl: string;
}

export interface RunActionOptions {
  /** Folder name under actions/, e.g. 'deploy' (reads actions/<action>/action.yml). */
  action?: string;
  /** Or any folder holding an action.yml (fixtures). */
  actionDir?: string;
  /** By input name as written in action.yml (`with:`). */
  inputs?: Record<string, string>;
  /** The step's `env:` — applied last, so it can also point GITHUB_API_URL at an emulator. */
  env?: Record<string, string>;
  context?: Partial<RunContext>;
  /** `github.token` (what `${{ github.token }}` defaults evaluate to). Default: env.GITHUB_TOKEN, else ''. Masked from the start, as the runner does. */
  token?: string;
  /** Values the runner masks from the start (the `${{ secrets.* }}` a workflow references). */
  secrets?: string[];
  /** Written to GITHUB_EVENT_PATH. Default: a minimal push payload. */
  event?: object;
  /** GITHUB_WORKSPACE and cwd. Default: a temp dir, removed afterwards; a given one is kept. */
  workspace?: string;
  /** Cancel the job this long after main starts (SIGINT to main, then SIGTERM, SIGKILL); post then sees cancelled(). */
  cancelAfterMs?: number;
  /** Cancel the job when main prints a stdout line matching this: unlike a delay, robust on a loaded machine. */
  cancelOnLine?: RegExp;
  /** Per-step time limit, like a step's timeout-minutes (the step is stopped like a cancellation and fails). Default 120 000. */
  timeoutMs?: number;
  /** Delays of the stop sequence after SIGINT. Default the runner's: SIGTERM after 7 500 ms, SIGKILL 2 500 ms later. */
  killGrace?: { sigtermAfterMs?: number; sigkillAfterMs?: number };
  /** Step debug logging (RUNNER_DEBUG=1, commands echoed, ::debug:: shown in `log`). */
  debug?: boolean;
  /** GITHUB_ACTION (the step id). Default '__self'. */
  stepId?: string;
  /** HOME for the steps. Default: a fresh temp dir, so tests never touch the real home. */
  home?: string;
  /** Keep the temp dirs (RUNNER_TEMP, default workspace, home) for inspection. */
  keepTemp?: boolean;
  /** The job's other steps: runs after main (given main's result: its state, outputs) and before post (e.g. work a sampler should see). */
  afterMain?: (main: StepResult) => Promise<void>;
}

export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  /** As the action wrote it (unmasked). */
  message: string;
  /** As the runner would show it (masked). */
  maskedMessage: string;
  file?: string;
  line?: number;
  endLine?: number;
  col?: number;
  endColumn?: number;
  title?: string;
  step: StepEntry;
  /** 'runner' for the runner's own warnings and errors (unexpected inputs, deprecated commands, …). */
  source: 'action' | 'runner';
}

export interface TranscriptLine {
  step: StepEntry;
  stream: 'stdout' | 'stderr';
  /** The raw line. */
  line: string;
  /** The line masked with the masks known when it was printed (`::add-mask::***` for a mask registration). */
  masked: string;
  /** What the runner's log shows for it (null: nothing, e.g. a processed ::add-mask:: or ::debug:: without debug). */
  shown: string | null;
  /** Set when the runner processed the line as a command. */
  command?: ParsedCommand;
}

export interface StepResult {
  entry: StepEntry;
  /** The script that ran (absolute). */
  script: string;
  condition: string;
  skipped: boolean;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  conclusion: 'success' | 'failure' | 'cancelled' | 'skipped';
  cancelled: boolean;
  timedOut: boolean;
  durationMs: number;
  stdout: string;
  stderr: string;
  /** Outputs this step set (GITHUB_OUTPUT and ::set-output). */
  outputs: Record<string, string>;
  /** Variables this step exported through GITHUB_ENV. */
  env: Record<string, string>;
  /** State this step saved. */
  state: Record<string, string>;
  /** Directories this step added through GITHUB_PATH. */
  path: string[];
  summary: string;
  /** The step summary as the runner uploads it (masked with the masks known when the step ended). */
  maskedSummary: string;
  files: { output: string; env: string; state: string; summary: string; path: string };
  /** The environment the step's process received. */
  processEnv: Record<string, string>;
}

export interface RunResult {
  /** Exit code of main (null when main was skipped or ended by a signal). */
  exitCode: number | null;
  /** The job's status after the last step. */
  conclusion: JobStatus;
  cancelled: boolean;
  steps: StepResult[];
  /** Effective inputs (given values plus action.yml defaults). */
  inputs: Record<string, string>;
  /** Outputs of main. */
  outputs: Record<string, string>;
  /** Everything exported through GITHUB_ENV (and allowed ::set-env), all steps. */
  env: Record<string, string>;
  /** Intra-action state after all steps. */
  state: Record<string, string>;
  /** Each step's GITHUB_STEP_SUMMARY, concatenated (raw). */
  summary: string;
  /** The job summary as the runner uploads it (each step's masked when it ended). */
  maskedSummary: string;
  /** The directories prepended to PATH, highest priority first. */
  path: string[];
  annotations: Annotation[];
  /** Values registered with ::add-mask:: (in order, without duplicates). */
  masks: string[];
  debug: Array<{ step: StepEntry; message: string }>;
  groups: Array<{ step: StepEntry; name: string }>;
  /** Raw stdout / stderr of all steps. */
  stdout: string;
  stderr: string;
  /** stdout as the runner masks it (each line masked with the masks registered before it). */
  maskedStdout: string;
  maskedStderr: string;
  /** The step log as the runner would render it (both streams, masked, commands rendered). */
  log: string;
  transcript: TranscriptLine[];
  files: { output: string; env: string; state: string; summary: string; path: string };
  workspace: string;
  runnerTemp: string;
}
