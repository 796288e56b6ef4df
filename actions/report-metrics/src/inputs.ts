import { input, readInputs, type InputSource, type Settings } from '../../../shared/inputs.ts';
import type { Redactor } from '../../../shared/redact.ts';

const EXPORT = /^(none|pushgateway=https?:\/\/\S+|otlp=https?:\/\/\S+|file=(?!\/)(?!.*\.\.)\S+)$/;

export const spec = {
  workflow: input.string({ pattern: /^([A-Za-z0-9_.-]+\.ya?ml|\d+)$/, patternText: 'a workflow file name (ci.yml) or id' }),
  branch: input.string({ pattern: /^[^\s~^:?*[\\]{1,255}$/, patternText: 'a branch name' }),
  window: input.duration({ required: true, min: 3_600_000, max: 400 * 86_400_000 }),
  'baseline-window': input.duration({ required: true, min: 3_600_000, max: 400 * 86_400_000 }),
  'regression-threshold': input.integer({ required: true, min: 1, max: 1000 }),
  records: input.string({ patternText: 'execution records, one JSON object per line' }),
  export: input.list({ required: true, lines: true, item: EXPORT, itemText: 'none, pushgateway=URL, otlp=URL or file=PATH' }),
  alert: input.enumOf(['annotation', 'issue', 'fail'] as const, { required: true }),
  'github-token': input.secret({ required: true }),
};

export type ReportSettings = Settings<typeof spec>;

export function readSettings(redactor: Redactor, source?: InputSource): ReportSettings {
  return readInputs(spec, redactor, source);
}
