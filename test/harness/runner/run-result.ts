// The job-level report runAction returns, assembled from the steps' results and the job state:
// per-step values concatenated in step order, and the log views rebuilt from the transcript.

import type { JobStatus } from './expressions.ts';
import type { JobState } from './job-state.ts';
import type { RunResult, StepResult } from './types.ts';

export function buildRunResult(run: {
  job: JobState;
  steps: StepResult[];
  jobStatus: JobStatus;
  cancelled: boolean;
  inputs: Record<string, string>;
  workspace: string;
  runnerTemp: string;
}): RunResult {
  const { job, steps } = run;
  const main = steps.find((s) => s.entry === 'main');
  const ran = steps.filter((s) => !s.skipped);
  const summary = ran.map((s) => s.summary).join('');
  const transcript = job.transcript;
  const view = (stream: 'stdout' | 'stderr'): string =>
    transcript
      .filter((t) => t.stream === stream)
      .map((t) => `${t.masked}\n`)
      .join('');
  return {
    exitCode: main && !main.skipped ? main.exitCode : null,
    conclusion: run.jobStatus,
    cancelled: run.cancelled,
    steps,
    inputs: run.inputs,
    outputs: main?.outputs ?? {},
    env: { ...job.exported },
    state: { ...job.state },
    summary,
    maskedSummary: ran.map((s) => s.maskedSummary).join(''),
    path: [...job.prependPath].reverse(),
    annotations: job.annotations,
    masks: job.masks,
    debug: job.debug,
    groups: job.groups,
    stdout: ran.map((s) => s.stdout).join(''),
    stderr: ran.map((s) => s.stderr).join(''),
    maskedStdout: view('stdout'),
    maskedStderr: view('stderr'),
    log: transcript
      .filter((t) => t.shown !== null)
      .map((t) => `${t.shown}\n`)
      .join(''),
    transcript,
    files: {
      output: ran.map((s) => s.files.output).join(''),
      env: ran.map((s) => s.files.env).join(''),
      state: ran.map((s) => s.files.state).join(''),
      summary: ran.map((s) => s.files.summary).join(''),
      path: ran.map((s) => s.files.path).join(''),
    },
    workspace: run.workspace,
    runnerTemp: run.runnerTemp,
  };
}
