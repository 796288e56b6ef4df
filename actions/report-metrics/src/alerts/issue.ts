import type { GitHub, Reconcile } from '../../../../shared/github.ts';
import { cell } from '../../../../shared/summary.ts';
import type { SeriesKey, SeriesReport } from '../analysis.ts';
import { repoParams } from '../collect/budget.ts';
import { isActive } from '../detector.ts';
import { pct, seriesTitle, type AlertContext, type AlertSender } from './types.ts';

/**
 * One GitHub issue per regressed series, in the repository the job runs in, found again by a
 * hidden marker in its body (the series key, base64url-encoded so no name can end the comment):
 * opened when a series regresses, its body refreshed on every evaluation while it lasts, and
 * closed with a comment once the newest `confirm-runs` runs are back under the baseline.
 * Creates are reconciled by looking for the marker, so a retried POST never opens a second issue.
 */

export const LABEL = 'report-metrics';
const MARKER = /<!-- actions-suite\/report-metrics series:([A-Za-z0-9_-]+) -->/;

export function markerOf(key: SeriesKey): string {
  const canonical = JSON.stringify([key.repository, key.workflow, key.job ?? null, key.event, key.branch_class]);
  return `<!-- actions-suite/report-metrics series:${Buffer.from(canonical).toString('base64url')} -->`;
}

interface OpenIssue {
  number: number;
  body: string;
  marker: string;
}

export const issueAlert: AlertSender = {
  async deliver(a) {
    const gh = await a.github();
    const params = repoParams(a.target.home);
    const actions: string[] = [];
    const open = await openIssues(gh, params);
    for (const s of a.analysis.series) {
      const marker = markerOf(s.key);
      const issue = open.get(marker);
      const e = s.evaluation;
      if (issue && e.recovered) {
        actions.push(`close #${issue.number}: ${seriesTitle(s)} recovered`);
        if (a.settings.dryRun) continue;
        const note = `<!-- actions-suite/report-metrics recovered ${a.target.runUrl} -->`;
        await gh.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
          ...params,
          issue_number: issue.number,
          body: scrub(a, `${note}\nRecovered: the newest ${a.settings.confirmRuns} runs of ${cell(seriesTitle(s))} are back under the baseline median plus half the threshold (median now ${seconds(e.current.median_ms)}, baseline ${seconds(e.baseline.median_ms)}). Closed by [report-metrics](${a.target.runUrl}).`),
          request: { reconcile: commentReconcile(gh, params, issue.number, note) },
        });
        await gh.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', { ...params, issue_number: issue.number, state: 'closed', state_reason: 'completed' });
        continue;
      }
      if (!issue && !isActive(e)) continue;
      const body = scrub(a, bodyFor(a, s, marker));
      if (!issue) {
        actions.push(`open an issue: ${seriesTitle(s)}`);
        if (a.settings.dryRun) continue;
        const { data } = await gh.request('POST /repos/{owner}/{repo}/issues', {
          ...params,
          title: scrub(a, `Duration regression: ${seriesTitle(s)} is ${pct(e.ratio_hl)} slower`).slice(0, 250),
          body,
          labels: [LABEL],
          request: { reconcile: createReconcile(gh, params, marker) },
        });
        actions[actions.length - 1] += ` (#${(data as { number: number }).number})`;
      } else if (issue.body !== body) {
        actions.push(`update #${issue.number}: ${seriesTitle(s)} (${e.verdict})`);
        if (a.settings.dryRun) continue;
        await gh.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', { ...params, issue_number: issue.number, body });
      }
    }
    return { channel: 'issue', actions };
  },
};

async function openIssues(gh: GitHub, params: { owner: string; repo: string }): Promise<Map<string, OpenIssue>> {
  const found = new Map<string, OpenIssue>();
  for (let page = 1; page <= 10; page++) {
    const { data } = await gh.request('GET /repos/{owner}/{repo}/issues', { ...params, state: 'open', labels: LABEL, per_page: 100, page });
    const list = data as { number: number; body?: string | null; pull_request?: unknown }[];
    for (const i of list) {
      const m = MARKER.exec(i.body ?? '');
      if (m && !i.pull_request) found.set(m[0], { number: i.number, body: i.body ?? '', marker: m[0] });
    }
    if (list.length < 100) break;
  }
  return found;
}

function createReconcile(gh: GitHub, params: { owner: string; repo: string }, marker: string): Reconcile {
  return async () => {
    const issue = (await openIssues(gh, params)).get(marker);
    return issue ? { data: { number: issue.number }, status: 201 } : undefined;
  };
}

function commentReconcile(gh: GitHub, params: { owner: string; repo: string }, issueNumber: number, note: string): Reconcile {
  return async () => {
    const { data } = await gh.request('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', { ...params, issue_number: issueNumber, per_page: 100 });
    const hit = (data as { body?: string }[]).find((c) => (c.body ?? '').includes(note));
    return hit ? { data: hit, status: 201 } : undefined;
  };
}

function bodyFor(a: AlertContext, s: SeriesReport, marker: string): string {
  const e = s.evaluation;
  const k = s.key;
  const first = e.first_slow_run;
  const status =
    e.verdict === 'regression'
      ? '**Status: regressed.**'
      : `**Status: ${e.verdict}; waiting for ${a.settings.confirmRuns} consecutive runs under the baseline before closing.**`;
  return [
    marker,
    `${status} ${e.reason}`,
    '',
    '| | baseline | window |',
    '|---|---|---|',
    `| successful runs | ${e.baseline.n} | ${e.current.n} |`,
    `| median | ${seconds(e.baseline.median_ms)} | ${seconds(e.current.median_ms)} |`,
    `| p95 | ${seconds(e.baseline.p95_ms)} | ${seconds(e.current.p95_ms)} |`,
    '',
    `- Series: repository \`${cell(k.repository)}\`, workflow \`${cell(k.workflow)}\`${k.job !== undefined ? `, job \`${cell(k.job)}\`` : ''}, event \`${k.event}\`, ${k.branch_class === 'default' ? 'default branch' : 'other branches'}`,
    `- Change: ${pct(e.ratio_hl)} (Hodges–Lehmann; 95% interval ${e.ratio_hl_ci95 ? `${pct(e.ratio_hl_ci95[0])} to ${pct(e.ratio_hl_ci95[1])}` : '?'}), adjusted p = ${e.q_value?.toPrecision(2) ?? '?'}, threshold +${e.threshold_pct}%`,
    first
      ? `- First slow run: [#${first.run_number}](${first.url}) at ${first.created_at}, commit ${first.head_sha}${first.previous_head_sha && first.previous_head_sha !== first.head_sha ? ` ([changes since the run before](${a.target.serverUrl}/${k.repository}/compare/${first.previous_head_sha}...${first.head_sha}))` : ''}`
      : '- First slow run: not located',
    `- Window ${a.analysis.window.from} → ${a.analysis.window.to}; baseline from ${a.analysis.baseline.from}`,
    `- Evaluated by [report-metrics](${a.target.runUrl}). This issue closes itself once the newest ${a.settings.confirmRuns} runs are back under the baseline median plus half the threshold.`,
  ].join('\n');
}

function seconds(ms: number | null): string {
  return ms === null ? '–' : `${(ms / 1000).toFixed(1)} s`;
}

function scrub(a: AlertContext, text: string): string {
  return a.ctx.redactor.scrub(text);
}
