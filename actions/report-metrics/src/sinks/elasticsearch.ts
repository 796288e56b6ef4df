import { createHash } from 'node:crypto';
import { TransientError } from '../../../../shared/errors.ts';
import { resultOf, sendChunks } from './delivery.ts';
import { sortedLabels } from './model.ts';
import type { MetricPoint, RunRef, Sink } from './types.ts';

/**
 * Elasticsearch (and OpenSearch) bulk API: NDJSON line pairs, `{"create":{"_id":…}}` then the
 * document. One document per run (its figures together, with the run's id, attempt, sha and URL —
 * an event store is where run identity belongs), one per resource reading, one per KPI.
 * Ids are derived from the content, so a retried chunk (or a re-run over the same window) finds
 * its documents already there (409) instead of duplicating them; `create` also works with data
 * streams. Per-item errors are read from the answer: 429s make the chunk retry, others count as
 * rejected with the first reason. https://www.elastic.co/docs/api/doc/elasticsearch/operation/operation-bulk
 */

const MAX_DOCS = 1_000;
const MAX_BYTES = 5 * 1024 * 1024;

interface Doc {
  readonly id: string;
  readonly samples: number;
  readonly body: Record<string, unknown>;
}

interface BulkAnswer {
  errors?: boolean;
  items?: Array<Record<string, { status?: number; error?: { type?: string; reason?: string } }>>;
}

export const sink: Sink = {
  kind: 'elasticsearch',
  async deliver(points, target, ctx) {
    const docs = documents(points, ctx.now);
    const base = target.url ?? new URL('http://invalid/index');
    const url = new URL(`${base.pathname.replace(/\/+$/, '')}/_bulk`, base);
    const outcome = await sendChunks<Doc>(
      {
        url: () => url,
        units: docs,
        count: (d) => d.samples,
        maxUnits: MAX_DOCS,
        maxBytes: MAX_BYTES,
        encode: (units) => {
          const body = units.map((d) => `${JSON.stringify({ create: { _id: d.id } })}\n${JSON.stringify(d.body)}\n`).join('');
          return { body, contentType: 'application/x-ndjson', preview: body };
        },
        accept: (_response, text, units) => {
          const answer = JSON.parse(text) as BulkAnswer;
          if (!answer.errors) return { rejected: 0 };
          const items = answer.items ?? [];
          const results = items.map((item) => Object.values(item)[0] ?? {});
          // Retried whole: the documents already stored answer 409 next time, which counts as delivered.
          if (results.some((r) => r.status === 429)) throw new TransientError('some documents were refused with 429 (the cluster is busy)');
          let rejected = 0;
          let reason = '';
          results.forEach((r, i) => {
            if ((r.status ?? 500) < 300 || r.status === 409) return;
            rejected += units[i]?.samples ?? 0;
            reason ||= `${r.error?.type ?? 'error'}: ${r.error?.reason ?? `status ${r.status}`}`;
          });
          return rejected ? { rejected, error: `${rejected} sample(s) refused by the bulk API (${reason.slice(0, 200)})` } : { rejected: 0 };
        },
      },
      target,
      ctx,
    );
    return resultOf(target, ctx, outcome);
  },
};

/** Groups samples into documents: per run, per resource reading (time + labels), per KPI. */
export function documents(points: readonly MetricPoint[], now: number): Doc[] {
  const byKey = new Map<string, { samples: number; at: number; kind: string; labels: Record<string, string>; run?: RunRef; metrics: Record<string, number>; extra: Record<string, unknown> }>();
  for (const p of points) {
    const labels = Object.fromEntries(sortedLabels(p.labels));
    for (const s of p.samples) {
      let key: string;
      let kind: string;
      if (s.timestampMs === undefined) {
        kind = 'kpi';
        key = JSON.stringify([kind, now, p.name, labels]);
      } else if (s.run) {
        kind = 'run';
        key = JSON.stringify([kind, s.run.id, s.run.attempt ?? 1, labels]);
      } else {
        kind = 'reading';
        key = JSON.stringify([kind, s.timestampMs, labels]);
      }
      const at = s.timestampMs ?? now;
      const doc = byKey.get(key) ?? { samples: 0, at, kind, labels, metrics: {}, extra: {}, ...(s.run ? { run: s.run } : {}) };
      doc.samples++;
      doc.at = Math.max(doc.at, at);
      doc.metrics[p.name] = s.value;
      if (kind === 'kpi') doc.extra = { metric: p.name, value: s.value, unit: p.unit, help: p.help };
      byKey.set(key, doc);
    }
  }
  return [...byKey.entries()].map(([key, d]) => ({
    id: createHash('sha256').update(key).digest('base64url').slice(0, 32),
    samples: d.samples,
    body: {
      '@timestamp': new Date(d.at).toISOString(),
      kind: d.kind,
      labels: d.labels,
      ...(d.run ? { run: d.run } : {}),
      ...(d.kind === 'kpi' ? d.extra : { metrics: d.metrics }),
    },
  }));
}
