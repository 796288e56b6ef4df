import { TransientError, UserError } from '../../../../shared/errors.ts';
import { httpFetch } from '../../../../shared/http.ts';
import { withRetry } from '../../../../shared/retry.ts';
import type { SeriesReport } from '../analysis.ts';
import { isActive } from '../detector.ts';
import { pct, seriesTitle, type AlertContext, type AlertSender } from './types.ts';

/**
 * Prometheus Alertmanager (API v2, https://prometheus.io/docs/alerting/latest/clients/): a firing
 * alert per regressed series with the series as labels and this run as generatorURL, and a
 * resolved one (endsAt = now) once the series has recovered — only for alerts Alertmanager still
 * holds as active, so nothing is resolved that never fired. A firing alert's endsAt is now + the
 * window: a schedule that runs more often than that keeps it alive; one that stops lets it lapse
 * instead of firing forever. Basic-auth credentials in the URL are sent as a header, never in a
 * path, and are masked.
 */

export const ALERTNAME = 'WorkflowDurationRegression';

interface AlertBody {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  generatorURL: string;
  startsAt: string;
  endsAt: string;
}

export function labelsOf(s: SeriesReport): Record<string, string> {
  const k = s.key;
  return {
    alertname: ALERTNAME,
    repository: k.repository,
    workflow: k.workflow,
    ...(k.job !== undefined ? { job: k.job } : {}),
    event: k.event,
    branch_class: k.branch_class,
    severity: 'warning',
  };
}

export function alertmanagerAlert(url: URL): AlertSender {
  const base = new URL(url.href);
  base.username = '';
  base.password = '';
  const root = base.href.replace(/\/+$/, '');
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (url.username || url.password) {
    headers['authorization'] = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
  }

  const call = async (a: AlertContext, method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> =>
    withRetry(
      `Alertmanager ${method} ${path.replace(/\?.*$/, '')}`,
      async () => {
        const response = await httpFetch(`${root}${path}`, {
          method,
          headers,
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: AbortSignal.any([AbortSignal.timeout(15_000), a.ctx.signal]),
          maxBodyBytes: 8 * 1024 * 1024,
        });
        const text = await response.text();
        if (response.status === 429 || response.status >= 500) throw new TransientError(`Alertmanager answered ${response.status}`);
        if (response.status >= 300) throw new UserError(`Alertmanager at ${root} answered ${response.status} to ${method} ${path.replace(/\?.*$/, '')}: ${a.ctx.redactor.scrub(text.slice(0, 200))}`);
        return text ? (JSON.parse(text) as unknown) : undefined;
      },
      { signal: a.ctx.signal, stats: a.ctx.stats, log: (line) => a.ctx.log.info(line) },
    );

  return {
    async deliver(a) {
      const now = new Date(a.now).toISOString();
      const until = new Date(a.now + a.settings.window).toISOString();
      const firing: AlertBody[] = [];
      const regressed = a.analysis.series.filter((s) => isActive(s.evaluation));
      for (const s of regressed) {
        const e = s.evaluation;
        firing.push({
          labels: labelsOf(s),
          annotations: {
            summary: a.ctx.redactor.scrub(`${seriesTitle(s)} is ${pct(e.ratio_hl)} slower than its baseline`),
            description: a.ctx.redactor.scrub(e.reason),
            ...(e.first_slow_run ? { first_slow_run: e.first_slow_run.url, first_slow_commit: e.first_slow_run.head_sha } : {}),
          },
          generatorURL: a.target.runUrl,
          startsAt: e.first_slow_run?.created_at ?? now,
          endsAt: until,
        });
      }
      // What Alertmanager holds for these repositories, to resolve what recovered.
      const active: { labels: Record<string, string>; startsAt?: string }[] = [];
      for (const repository of new Set(a.analysis.series.map((s) => s.key.repository))) {
        const filter = new URLSearchParams([
          ['filter', `alertname="${ALERTNAME}"`],
          ['filter', `repository="${repository}"`],
          ['active', 'true'],
          ['silenced', 'true'],
          ['inhibited', 'true'],
        ]);
        const list = a.settings.dryRun ? [] : ((await call(a, 'GET', `/api/v2/alerts?${filter.toString()}`)) as typeof active);
        active.push(...(Array.isArray(list) ? list : []));
      }
      const resolved: AlertBody[] = [];
      for (const s of a.analysis.series) {
        if (!s.evaluation.recovered) continue;
        const labels = labelsOf(s);
        const match = active.find((x) => sameSeries(x.labels, labels));
        if (!match) continue;
        resolved.push({
          labels: { ...labels, ...(match.labels['severity'] ? { severity: match.labels['severity'] } : {}) },
          annotations: { summary: a.ctx.redactor.scrub(`${seriesTitle(s)} recovered`) },
          generatorURL: a.target.runUrl,
          startsAt: match.startsAt ?? now,
          endsAt: now,
        });
      }
      const actions = [...firing.map((x) => `firing: ${title(x.labels)}`), ...resolved.map((x) => `resolved: ${title(x.labels)}`)];
      const batch = [...firing, ...resolved];
      if (batch.length === 0) return { channel: 'alertmanager', actions };
      if (a.settings.dryRun) {
        a.ctx.log.info(`dry-run: would POST ${root}/api/v2/alerts ${a.ctx.redactor.scrub(JSON.stringify(batch))}`);
        return { channel: 'alertmanager', actions };
      }
      await call(a, 'POST', '/api/v2/alerts', batch);
      return { channel: 'alertmanager', actions };
    },
  };
}

const SERIES_LABELS = ['repository', 'workflow', 'job', 'event', 'branch_class'];

function sameSeries(a: Record<string, string>, b: Record<string, string>): boolean {
  return SERIES_LABELS.every((k) => (a[k] ?? '') === (b[k] ?? ''));
}

function title(labels: Record<string, string>): string {
  return `${labels['repository']} ${labels['workflow']}${labels['job'] ? ` › ${labels['job']}` : ''} (${labels['event']}, ${labels['branch_class']})`;
}
