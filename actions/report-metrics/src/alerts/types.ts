import type { GitHub } from '../../../../shared/github.ts';
import type { ActionContext } from '../../../../shared/run-action.ts';
import type { Analysis, SeriesReport } from '../analysis.ts';
import type { ReportSettings } from '../inputs.ts';
import type { Target } from '../target.ts';

/** What every alert channel gets: the analysis, where the job runs, and a GitHub client on demand. */
export interface AlertContext {
  ctx: ActionContext;
  settings: ReportSettings;
  target: Target;
  analysis: Analysis;
  github(): Promise<GitHub>;
  now: number;
}

/** What a channel did, for the log, the summary and the `alerts` part of `metrics`. */
export interface AlertOutcome {
  channel: string;
  /** One line per thing done (or, with dry-run, that would have been done). */
  actions: string[];
  /** Set by `fail` when the step must fail. */
  failure?: string;
}

export interface AlertSender {
  deliver(a: AlertContext): Promise<AlertOutcome>;
}

/** "ci.yml (push, default branch)" or "ci.yml › build (push, default branch)". */
export function seriesTitle(s: SeriesReport): string {
  const k = s.key;
  const where = `${k.event}, ${k.branch_class === 'default' ? 'default branch' : 'other branches'}`;
  return `${k.repository} ${k.workflow}${k.job !== undefined ? ` › ${k.job}` : ''} (${where})`;
}

export function pct(ratio: number | null): string {
  return ratio === null ? '?' : `${ratio >= 1 ? '+' : ''}${Math.round((ratio - 1) * 100)}%`;
}
