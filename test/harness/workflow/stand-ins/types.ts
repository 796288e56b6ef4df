// The one interface every stand-in implements. A stand-in replaces a third-party action the
// runner cannot fetch here (no network to GitHub): it takes the step's evaluated `with:` and does,
// on this machine, what the real action does for the workflows we ship — see ../README.md for what
// each keeps and what it leaves out.

import type { GitHubEmulator } from '../../github/index.ts';
import type { ArtifactRecord, AttestationRecord, RepoAtCommit } from '../types.ts';

export interface StandInContext {
  /** The step's `with:`, evaluated (strings, as an action receives them). */
  with: Record<string, string>;
  workspace: string;
  runnerTemp: string;
  github: GitHubEmulator;
  /** The run's repository, commit and workflow (github.* of the job). */
  run: { repository: string; sha: string; ref: string; runId: string; serverUrl: string; workflowRef: string; workflowSha: string; token: string };
  /** The job's effective GITHUB_TOKEN permissions. */
  permissions: Record<string, string>;
  /** Repositories a checkout can fetch (the run's own and the remotes). */
  repos: RepoAtCommit[];
  artifacts: ArtifactRecord[];
  attestations: AttestationRecord[];
  /** Registers a value with the job's masker (the real actions call core.setSecret). */
  mask(value: string): void;
  log(line: string): void;
}

export interface StandIn {
  /** owner/name as written in `uses:` (before the @). */
  readonly action: string;
  /** Runs the step; returns its outputs; throws (with a message for the log) to fail it. */
  run(ctx: StandInContext): Promise<Record<string, string>>;
}
