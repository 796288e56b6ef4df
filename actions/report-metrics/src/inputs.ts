import { InputError } from '../../../shared/errors.ts';
import { githubSpec } from '../../../shared/github-spec.ts';
import { input, readInputs, runnerInputs, type Field, type InputSource, type Settings } from '../../../shared/inputs.ts';
import type { ExecutionRecord } from '../../../shared/record.ts';
import type { Redactor } from '../../../shared/redact.ts';
import { exportField, headersField, withHeaders } from './sinks/parse.ts';

const REPOSITORY = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;

export type AlertChannel = { kind: 'annotation' } | { kind: 'issue' } | { kind: 'fail' } | { kind: 'alertmanager'; url: URL };

/** One value of `alert`: annotation, issue, fail or alertmanager=URL (credentials in the URL are masked). */
function alertItem(item: string, name: string): AlertChannel {
  if (item === 'annotation' || item === 'issue' || item === 'fail') return { kind: item };
  const expected = 'annotation, issue, fail or alertmanager=URL (http or https)';
  const m = /^alertmanager=(.+)$/.exec(item);
  // The URL may carry user:password; the error shows it without them.
  const shown = item.replace(/\/\/[^/@\s]*@/, '//***@');
  if (!m) throw new InputError(name, shown, `each item to be ${expected}`);
  let url: URL;
  try {
    url = new URL(m[1]!);
  } catch {
    throw new InputError(name, shown, `each item to be ${expected}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InputError(name, shown, `each item to be ${expected}`);
  if (url.search || url.hash) throw new InputError(name, shown, 'an Alertmanager base URL without query or fragment');
  return { kind: 'alertmanager', url };
}

const alerts: Field<AlertChannel[], true> = {
  required: true,
  secret: false,
  expected: 'a list of annotation, issue, fail or alertmanager=URL',
  parse(raw, name) {
    const items = raw.split(/[\r\n,]+/).map((s) => s.trim()).filter(Boolean);
    if (items.length === 0) throw new InputError(name, raw, this.expected);
    const channels = items.map((item) => alertItem(item, name));
    const kinds = channels.map((c) => (c.kind === 'alertmanager' ? c.url.href : c.kind));
    const twice = kinds.find((k, i) => kinds.indexOf(k) !== i);
    if (twice !== undefined) throw new InputError(name, raw.replace(/\/\/[^/@\s]*@/g, '//***@'), 'each channel once');
    return channels;
  },
};

const significance: Field<number, true> = {
  required: true,
  secret: false,
  expected: 'a probability above 0 and at most 0.2, such as 0.01',
  parse(raw, name) {
    const p = /^(0?\.\d+|\d(\.\d+)?e-\d+)$/i.test(raw) ? Number(raw) : Number.NaN;
    if (!(p > 0 && p <= 0.2)) throw new InputError(name, raw, this.expected);
    return p;
  },
};

export interface MinSamples {
  baseline: number;
  current: number;
}

const minSamples: Field<MinSamples, true> = {
  required: true,
  secret: false,
  expected: 'BASELINE,CURRENT run counts such as 20,8 (each from 3 to 1000), or one count for both',
  parse(raw, name) {
    const m = /^\s*(\d{1,4})\s*(?:,\s*(\d{1,4})\s*)?$/.exec(raw);
    const baseline = Number(m?.[1]);
    const current = Number(m?.[2] ?? m?.[1]);
    if (!m || [baseline, current].some((n) => n < 3 || n > 1000)) throw new InputError(name, raw, this.expected);
    return { baseline, current };
  },
};

/** An execution record from another action of the suite, as its `record` output holds it. */
export type RecordLine = Pick<ExecutionRecord, 'action' | 'outcome' | 'duration_ms' | 'attempts' | 'retries' | 'api_calls' | 'rate_limit_remaining' | 'started_at'>;

const records: Field<RecordLine[], false> = {
  required: false,
  secret: false,
  expected: "execution records, one JSON object per line (the `record` output of the suite's actions)",
  parse(raw, name) {
    const out: RecordLine[] = [];
    raw.split(/\r?\n/).forEach((line, i) => {
      if (line.trim() === '') return;
      const where = `line ${i + 1} of records`;
      let v: Record<string, unknown>;
      try {
        v = JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new InputError(name, line.slice(0, 80), `${where} to be one JSON object (the \`record\` output of a suite action)`);
      }
      const count = (k: string): number => {
        const n = v?.[k];
        if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) throw new InputError(name, line.slice(0, 80), `${where} to have '${k}' as a number ≥ 0`);
        return n;
      };
      const text = (k: string, pattern: RegExp): string => {
        const s = v?.[k];
        if (typeof s !== 'string' || !pattern.test(s)) throw new InputError(name, line.slice(0, 80), `${where} to have '${k}' matching ${pattern.source}`);
        return s;
      };
      const remaining = v?.['rate_limit_remaining'];
      out.push({
        action: text('action', /^[a-z][a-z0-9-]{0,39}$/),
        outcome: text('outcome', /^[a-z][a-z-]{0,29}$/),
        duration_ms: count('duration_ms'),
        attempts: count('attempts'),
        retries: count('retries'),
        api_calls: count('api_calls'),
        rate_limit_remaining: typeof remaining === 'number' && remaining >= 0 ? remaining : null,
        started_at: text('started_at', /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/),
      });
    });
    return out;
  },
};

export const spec = {
  workflow: input.list({ item: /^([A-Za-z0-9_.-]+\.ya?ml|\d+|\*)$/, itemText: 'a workflow file name (ci.yml), a workflow id, or * for every workflow' }),
  repositories: input.list({ item: REPOSITORY, itemText: 'OWNER/REPO' }),
  branch: input.string({ pattern: /^[^\s~^:?*[\\]{1,255}$/, patternText: 'a branch name' }),
  event: input.string({ pattern: /^[a-z_]{1,40}$/, patternText: 'an event name such as push, pull_request or schedule' }),
  window: input.duration({ required: true, min: 3_600_000, max: 400 * 86_400_000 }),
  'baseline-window': input.duration({ required: true, min: 3_600_000, max: 400 * 86_400_000 }),
  'regression-threshold': input.integer({ required: true, min: 1, max: 1000 }),
  'regression-min-delta': input.duration({ required: true, max: 86_400_000 }),
  significance,
  'min-samples': minSamples,
  scope: input.enumOf(['workflow', 'job', 'both'] as const, { required: true }),
  'max-api-calls': input.integer({ required: true, min: 10, max: 100_000 }),
  records,
  'dora-environments': input.list({ item: /^[^\s,'"`<>\\]{1,255}$/, itemText: 'an environment name' }),
  alert: alerts,
  'confirm-runs': input.integer({ required: true, min: 1, max: 100 }),
  // One dry-run for the whole step: alerts say what they would write, sinks print their payloads.
  'dry-run': input.boolean({ required: true }),
  'github-token': input.secret({ required: true }),
  ...githubSpec,
  // Export and runner sampling (sinks/, sampler/): main reads these, post reads the export ones again.
  export: exportField,
  'export-headers': headersField,
  'export-timeout': input.duration({ required: true, min: 1_000, max: 600_000 }),
  'fail-on-export-error': input.boolean({ required: true }),
  'sample-resources': input.boolean({ required: true }),
  'sample-interval': input.duration({ required: true, min: 1_000, max: 300_000 }),
};

export type ReportSettings = Settings<typeof spec>;

export function readSettings(redactor: Redactor, source: InputSource = runnerInputs): ReportSettings {
  const s = readInputs(spec, redactor, source);
  for (const channel of s.alert) {
    if (channel.kind !== 'alertmanager') continue;
    // Basic-auth credentials in the URL are secrets from here on (logs, summaries, payloads).
    if (channel.url.password) redactor.add(decodeURIComponent(channel.url.password));
    if (channel.url.username && channel.url.password) redactor.add(`${channel.url.username}:${channel.url.password}`);
  }
  if (s.workflow && s.workflow.includes('*') && s.workflow.length > 1) throw new InputError('workflow', s.workflow.join('\n'), '* alone (every workflow), or a list of workflows');
  return withExportHeaders(s);
}

const exportSpec = {
  export: spec.export,
  'export-headers': spec['export-headers'],
  'export-timeout': spec['export-timeout'],
  'fail-on-export-error': spec['fail-on-export-error'],
  'dry-run': spec['dry-run'],
};

export type ExportInputs = Settings<typeof exportSpec>;

/** What post needs to export the runner's figures (main validated the rest). */
export function readExportSettings(redactor: Redactor, source: InputSource = runnerInputs): ExportInputs {
  return withExportHeaders(readInputs(exportSpec, redactor, source));
}

/** Gives each sink its `export-headers`; checks that scoped headers have a sink. */
function withExportHeaders<S extends ExportInputs>(s: S): S {
  const headers = s.exportHeaders ?? [];
  const orphan = headers.findIndex((h) => h.kind !== undefined && !s.export.some((t) => t.kind === h.kind));
  if (orphan >= 0) throw new InputError('export-headers', `line ${orphan + 1}`, `a [kind] that an export line uses (export has ${s.export.map((t) => t.kind).join(', ') || 'none'})`);
  return Object.freeze({ ...s, export: withHeaders(s.export, headers) });
}
