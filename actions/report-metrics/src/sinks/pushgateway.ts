import { resultOf, sendChunks } from './delivery.ts';
import { currentSeries, exposition } from './encode/exposition.ts';
import { countSamples, partitionByTime } from './model.ts';
import type { MetricPoint, Sink } from './types.ts';

/**
 * Prometheus Pushgateway: the current values (KPIs of the window, peaks) as gauges, one group per
 * repository / workflow (/ workflow job). Pushed with POST, which replaces the metric families a
 * push carries and keeps the group's others: main's KPIs and post's runner figures share a group,
 * and a PUT from post would erase main's (found by the demo). The gateway rejects timestamps
 * ("pushed metrics must not have timestamps"), so per-run facts are skipped here and belong to a
 * time-stamped sink (remote-write, Influx, OTLP).
 * https://github.com/prometheus/pushgateway#api
 */

/** Labels that name the group (they move from the body into the URL). */
const GROUPING = ['repository', 'workflow', 'workflow_job'] as const;
const JOB = 'actions_suite';

interface Group {
  readonly key: ReadonlyArray<[string, string]>;
  readonly points: MetricPoint[];
}

export const sink: Sink = {
  kind: 'pushgateway',
  async deliver(points, target, ctx) {
    const { current, timed } = partitionByTime(points);
    const groups = new Map<string, Group>();
    for (const p of current) {
      const key = GROUPING.filter((g) => p.labels[g] !== undefined).map((g): [string, string] => [g, p.labels[g] ?? '']);
      const id = JSON.stringify(key);
      const labels = Object.fromEntries(Object.entries(p.labels).filter(([k]) => !(GROUPING as readonly string[]).includes(k)));
      const group = groups.get(id) ?? { key, points: [] };
      group.points.push({ ...p, labels });
      groups.set(id, group);
    }
    const base = target.url ?? new URL('http://invalid');
    const outcome = await sendChunks<Group>(
      {
        units: [...groups.values()],
        url: ([group]) => groupUrl(base, group?.key ?? []),
        count: (group) => currentSeries(group.points),
        maxUnits: 1,
        maxBytes: Number.POSITIVE_INFINITY,
        encode: ([group]) => {
          const body = exposition(group?.points ?? [], 'prometheus', ctx.now);
          return { body, contentType: 'text/plain; version=0.0.4; charset=utf-8', preview: `${groupUrl(base, group?.key ?? []).pathname}\n${body}` };
        },
      },
      target,
      ctx,
    );
    const skipped = countSamples(timed);
    return resultOf(target, ctx, outcome, skipped ? { skipped, note: 'the Pushgateway takes current values only (it rejects timestamps)' } : {});
  },
};

/** /metrics/job/actions_suite/<label>@base64/<value>…: base64url values carry any character, `/` included. */
function groupUrl(base: URL, key: ReadonlyArray<[string, string]>): URL {
  const path = [`job/${JOB}`, ...key.map(([k, v]) => `${k}@base64/${Buffer.from(v).toString('base64url') || '='}`)].join('/');
  return new URL(`${base.pathname.replace(/\/+$/, '')}/metrics/${path}`, base);
}
