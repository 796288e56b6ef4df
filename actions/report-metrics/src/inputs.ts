import { InputError } from '../../../shared/errors.ts';
import { input, readInputs, runnerInputs, type InputSource, type Settings } from '../../../shared/inputs.ts';
import type { Redactor } from '../../../shared/redact.ts';
import { recordsField } from './points.ts';
import { exportField, headersField, withHeaders } from './sinks/parse.ts';

export const spec = {
  workflow: input.string({ pattern: /^([A-Za-z0-9_.-]+\.ya?ml|\d+)$/, patternText: 'a workflow file name (ci.yml) or id' }),
  branch: input.string({ pattern: /^[^\s~^:?*[\\]{1,255}$/, patternText: 'a branch name' }),
  window: input.duration({ required: true, min: 3_600_000, max: 400 * 86_400_000 }),
  'baseline-window': input.duration({ required: true, min: 3_600_000, max: 400 * 86_400_000 }),
  'regression-threshold': input.integer({ required: true, min: 1, max: 1000 }),
  records: recordsField,
  alert: input.enumOf(['annotation', 'issue', 'fail'] as const, { required: true }),
  'github-token': input.secret({ required: true }),
  // Export and runner sampling (sinks/, sampler/): main and post both read these.
  export: exportField,
  'export-headers': headersField,
  'export-timeout': input.duration({ required: true, min: 1_000, max: 600_000 }),
  'fail-on-export-error': input.boolean({ required: true }),
  'dry-run': input.boolean({ required: true }),
  'sample-resources': input.boolean({ required: true }),
  'sample-interval': input.duration({ required: true, min: 1_000, max: 300_000 }),
};

export type ReportSettings = Settings<typeof spec>;

export function readSettings(redactor: Redactor, source?: InputSource): ReportSettings {
  return withExportHeaders(readInputs(spec, redactor, source));
}

const exportSpec = {
  export: spec.export,
  'export-headers': spec['export-headers'],
  'export-timeout': spec['export-timeout'],
  'fail-on-export-error': spec['fail-on-export-error'],
  'dry-run': spec['dry-run'],
};

export type ExportInputs = Settings<typeof exportSpec>;

/** What post needs to export the runner's figures (the rest was validated by main). */
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
