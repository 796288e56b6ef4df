// An action's metadata as the runner reads it: action.yml itself, the checks that it is a node
// action the emulation can run, and its inputs (defaults applied by the runner, not by
// @actions/core, and handed over as INPUT_<NAME> variables).

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { evaluateTemplate } from './expressions.ts';
import type { ExpressionContext } from './expressions.ts';

export interface InputSpec {
  description?: string;
  required?: boolean;
  default?: unknown;
  deprecationMessage?: string;
}

export interface ActionRuns {
  using?: string;
  main?: string;
  pre?: string;
  post?: string;
  'pre-if'?: string;
  'post-if'?: string;
  /** A composite action's steps (runs.using: composite). */
  steps?: unknown[];
}

export interface ActionYml {
  name?: string;
  inputs?: Record<string, InputSpec | null>;
  runs?: ActionRuns;
}

/** Loads actions/<name>/action.yml or <dir>/action.yml. */
export function loadActionYml(dir: string): ActionYml {
  const file = ['action.yml', 'action.yaml'].map((f) => join(dir, f)).find((f) => existsSync(f));
  if (!file) throw new Error(`No action.yml in ${dir}`);
  const yml = parseYaml(readFileSync(file, 'utf8')) as ActionYml;
  if (!yml || typeof yml !== 'object' || !yml.runs) throw new Error(`${file} has no runs: section`);
  return yml;
}

/**
 * Throws unless `runs` is a JavaScript action whose entry scripts exist: the emulation runs node
 * actions only, and a missing bundle should say "build first" rather than fail inside a step.
 */
export function assertNodeAction(actionDir: string, runs: ActionRuns): asserts runs is ActionRuns & { main: string } {
  if (!runs.using || !/^node\d+$/.test(runs.using)) {
    throw new Error(`${actionDir}/action.yml: runs.using '${runs.using}' is not a JavaScript action (the emulation runs node actions only)`);
  }
  if (!runs.main) throw new Error(`${actionDir}/action.yml: runs.main is missing`);
  for (const e of ['main', 'pre', 'post'] as const) {
    const rel = runs[e];
    if (rel !== undefined && !existsSync(join(actionDir, rel))) {
      throw new Error(`${actionDir}/action.yml: runs.${e} '${rel}' does not exist (${join(actionDir, rel)}); build the bundles first`);
    }
  }
}

/** `INPUT_<NAME>` as the runner builds it: spaces → '_', upper-cased, hyphens kept. */
export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

function defaultToString(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new Error(`Unsupported input default ${JSON.stringify(v)} (expected a scalar)`);
}

/**
 * The effective inputs: `with:` values, then action.yml defaults for the rest (case-insensitive
 * names, as the runner), with defaults' `${{ }}` evaluated. Also the runner's warnings about the
 * given inputs (unexpected, deprecated), which it shows when main starts.
 */
export function resolveInputs(
  yml: ActionYml,
  given: Record<string, string>,
  ctx: Pick<ExpressionContext, 'github' | 'runner'>,
): { inputs: Record<string, string>; warnings: string[] } {
  const declared = yml.inputs ?? {};
  const inputs: Record<string, string> = { ...given };
  const givenLower = new Set(Object.keys(given).map((k) => k.toLowerCase()));
  for (const [name, spec] of Object.entries(declared)) {
    if (givenLower.has(name.toLowerCase())) continue;
    inputs[name] = evaluateTemplate(defaultToString(spec?.default), ctx);
  }
  const declaredLower = new Map(Object.keys(declared).map((k) => [k.toLowerCase(), k]));
  const unexpected = Object.keys(given).filter((k) => !declaredLower.has(k.toLowerCase()));
  const warnings: string[] = [];
  if (unexpected.length > 0) {
    warnings.push(`Unexpected input(s) '${unexpected.join("', '")}', valid inputs are ['${Object.keys(declared).join("', '")}']`);
  }
  for (const k of Object.keys(given)) {
    const spec = declared[declaredLower.get(k.toLowerCase()) ?? ''];
    if (spec?.deprecationMessage) warnings.push(`Input '${k}' has been deprecated with message: ${spec.deprecationMessage}`);
  }
  return { inputs, warnings };
}
