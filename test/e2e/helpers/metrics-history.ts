// A seeded CI history for report-metrics' end-to-end tests and the demo: workflows with log-normal
// durations, outlier runs, failures, re-runs (with jobs copied from the first attempt, as GitHub
// does), matrix jobs with queue times and runner names, push and pull-request populations — and
// planted changes: one workflow that became slower from a given run on, one that became noisier.
import type { GitHubEmulator, JobSeed } from '../../harness/github/index.ts';
import { durations, gaussian, prng } from '../../unit/helpers/ci-durations.ts';

export const DAY = 86_400_000;

export interface WorkflowPlan {
  file: string;
  name: string;
  /** Runs per day on the default branch (push) and from pull requests. */
  pushPerDay: number;
  prPerDay?: number;
  medianMs: number;
  sigma: number;
  /** From this time on, durations are multiplied by `slowdown`. */
  slowFrom?: number;
  slowdown?: number;
  /** From this time on, σ becomes `noisierSigma` (median unchanged). */
  noisierFrom?: number;
  noisierSigma?: number;
  /** Matrix jobs (besides one `build` job); each takes a share of the run. */
  matrix?: string[];
  failureRate?: number;
  rerunRate?: number;
}

export interface SeededRun {
  id: number;
  file: string;
  event: string;
  createdAt: number;
  durationMs: number;
  headSha: string;
  attempt: number;
  conclusion: string;
  slow: boolean;
}

const iso = (t: number): string => new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Seeds runs of every plan between `from` and `to` (evenly spread with jitter) and returns them oldest first. */
export function seedHistory(gh: GitHubEmulator, repo: string, plans: readonly WorkflowPlan[], opts: { from: number; to: number; seed: number }): SeededRun[] {
  const random = prng(opts.seed);
  const out: SeededRun[] = [];
  const planned: { plan: WorkflowPlan; t: number; event: string }[] = [];
  for (const plan of plans) {
    for (const [event, perDay] of [['push', plan.pushPerDay], ['pull_request', plan.prPerDay ?? 0]] as const) {
      const count = Math.round(((opts.to - opts.from) / DAY) * perDay);
      for (let i = 0; i < count; i++) {
        const t = opts.from + ((i + 0.5 + 0.4 * (random() - 0.5)) * (opts.to - opts.from)) / count;
        planned.push({ plan, t: Math.floor(t / 1000) * 1000, event });
      }
    }
  }
  planned.sort((a, b) => a.t - b.t);
  let commit = 0;
  for (const { plan, t, event } of planned) {
    const slow = plan.slowFrom !== undefined && t >= plan.slowFrom;
    const sigma = plan.noisierFrom !== undefined && t >= plan.noisierFrom ? (plan.noisierSigma ?? plan.sigma) : plan.sigma;
    const duration = durations(random, 1, { medianMs: plan.medianMs, sigma }, slow ? (plan.slowdown ?? 1) : 1)[0]!;
    const failed = random() < (plan.failureRate ?? 0.06);
    const rerun = !failed && random() < (plan.rerunRate ?? 0.05);
    const headSha = gh.seed.commit(repo, { date: iso(t - 60_000 - Math.floor(random() * 3_600_000)), message: `change ${++commit}` });
    const branch = event === 'push' ? 'main' : `feature-${commit % 7}`;
    // GitHub's times are whole seconds.
    const startedAt = t + 2_000 + Math.floor(random() * 3) * 1_000;
    // Re-runs: attempt 1 failed; attempt 2 re-ran the failed job and copied the others.
    const attemptStart = rerun ? startedAt + Math.round(duration / 2000) * 1000 + 600_000 : startedAt;
    const jobs = jobsFor(plan, random, attemptStart, duration, failed, rerun ? startedAt : undefined);
    const end = Math.max(...jobs.map((j) => Date.parse(j.completedAt ?? '') || attemptStart));
    // (completedAt strings are whole seconds, so `end` is too.)
    const id = gh.seed.workflowRun(repo, {
      name: plan.name,
      path: `.github/workflows/${plan.file}`,
      event,
      conclusion: failed ? 'failure' : 'success',
      headBranch: branch,
      headSha,
      createdAt: iso(t),
      runStartedAt: iso(attemptStart),
      updatedAt: iso(end),
      ...(rerun ? { attempts: [{ conclusion: 'failure', runStartedAt: iso(startedAt), updatedAt: iso(startedAt + duration / 2) }] } : {}),
      jobs,
    });
    out.push({ id, file: plan.file, event, createdAt: t, durationMs: end - attemptStart, headSha, attempt: rerun ? 2 : 1, conclusion: failed ? 'failure' : 'success', slow });
  }
  return out;
}

function jobsFor(plan: WorkflowPlan, random: () => number, start: number, duration: number, failed: boolean, firstAttemptStart: number | undefined): JobSeed[] {
  const queue = (): number => Math.round(4_000 * Math.exp(0.5 * gaussian(random)));
  const jobs: JobSeed[] = [];
  // `build` first (a quarter of the run), then the matrix in parallel.
  const q0 = queue();
  const buildEnd = start + q0 + duration * 0.25;
  const runAttempt = firstAttemptStart === undefined ? 1 : 2;
  if (firstAttemptStart !== undefined) {
    // Copied from attempt 1: created at the re-run, started and completed back then.
    jobs.push({ name: 'build', runAttempt, createdAt: iso(start), startedAt: iso(firstAttemptStart + q0), completedAt: iso(firstAttemptStart + q0 + duration * 0.25), conclusion: 'success', labels: ['ubuntu-latest'], runnerName: 'GitHub Actions 3' });
  } else {
    jobs.push({ name: 'build', runAttempt, createdAt: iso(start), startedAt: iso(start + q0), completedAt: iso(buildEnd), conclusion: 'success', labels: ['ubuntu-latest'], runnerName: `GitHub Actions ${1 + Math.floor(random() * 9)}` });
  }
  const matrix = plan.matrix ?? [];
  const cells = matrix.length ? matrix : ['test'];
  cells.forEach((cell, i) => {
    const q = queue();
    const created = firstAttemptStart !== undefined ? start : buildEnd;
    const began = created + q;
    const end = start + duration + (i === 0 ? 0 : -Math.floor(duration * 0.05 * random()));
    jobs.push({
      name: matrix.length ? `test (${cell})` : 'test',
      runAttempt,
      createdAt: iso(created),
      startedAt: iso(began),
      completedAt: iso(Math.max(began + 1_000, end)),
      conclusion: failed && i === 0 ? 'failure' : 'success',
      labels: [i % 2 === 0 ? 'ubuntu-latest' : 'ubuntu-24.04-arm'],
      runnerName: `GitHub Actions ${10 + Math.floor(random() * 20)}`,
    });
  });
  return jobs;
}
