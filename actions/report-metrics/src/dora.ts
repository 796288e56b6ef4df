import { finalState, type DeploymentHistory } from './collect/deployments.ts';
import { median, sorted } from './statistics.ts';

/**
 * The four DORA measures of one environment over the window, from GitHub Deployments and their
 * statuses — the records the suite's deploy action writes honestly, a rolled-back deployment
 * included (it ends `failure` and says it was rolled back). Definitions (actions/report-metrics/README.md):
 * - deployment frequency: deployments that ended `success`, per day of the window;
 * - lead time for changes: for each successful deployment, the median over the commits it shipped
 *   (since the previous success) of success time − committer date; then the median of those;
 * - change failure rate: deployments that ended `failure` or `error` ÷ all that finished;
 * - time to restore: from the start of a failed deployment until a good version is live again —
 *   its rollback finished, or else the next successful deployment of the environment.
 */
export interface DoraReport {
  repository: string;
  environment: string;
  /** Deployments started in the window that reached a final status. */
  deployments: number;
  successes: number;
  failures: number;
  rolled_back: number;
  deployment_frequency_per_day: number;
  lead_time_p50_ms: number | null;
  lead_time_deployments: number;
  change_failure_rate: number | null;
  time_to_restore_p50_ms: number | null;
  restored: number;
  /** Failures with no good version live since (still failing at the end of the window). */
  unrestored: number;
  /** Deployments or comparisons not read because max-api-calls ran out. */
  skipped: number;
}

export function doraReport(history: DeploymentHistory, from: number, to: number): DoraReport {
  const all = history.deployments;
  const inWindow = all.filter((d) => d.createdAt >= from && d.createdAt < to);
  let successes = 0;
  let failures = 0;
  let rolledBack = 0;
  const leadTimes: number[] = [];
  const restores: number[] = [];
  let unrestored = 0;
  for (const d of inWindow) {
    const last = finalState(d);
    if (!last) continue;
    if (last.state === 'success') {
      successes += 1;
      const lags = sorted(d.commitTimes.map((t) => last.createdAt - t).filter((ms) => ms >= 0));
      if (lags.length > 0) leadTimes.push(median(lags));
      continue;
    }
    failures += 1;
    if (last.rolledBack) {
      rolledBack += 1;
      restores.push(last.createdAt - d.createdAt);
      continue;
    }
    const next = all
      .filter((o) => o.createdAt > d.createdAt)
      .map((o) => finalState(o))
      .find((s) => s?.state === 'success' && s.createdAt >= last.createdAt);
    if (next) restores.push(next.createdAt - d.createdAt);
    else unrestored += 1;
  }
  const finished = successes + failures;
  const days = (to - from) / 86_400_000;
  return {
    repository: history.repository,
    environment: history.environment,
    deployments: finished,
    successes,
    failures,
    rolled_back: rolledBack,
    deployment_frequency_per_day: days > 0 ? round(successes / days, 3) : 0,
    lead_time_p50_ms: leadTimes.length ? Math.round(median(sorted(leadTimes))) : null,
    lead_time_deployments: leadTimes.length,
    change_failure_rate: finished ? round(failures / finished, 4) : null,
    time_to_restore_p50_ms: restores.length ? Math.round(median(sorted(restores))) : null,
    restored: restores.length,
    unrestored,
    skipped: history.skipped,
  };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
