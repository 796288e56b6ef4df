// Per-test end-to-end fixture that makes the leak check automatic:
//
//   test('rotates', async (t) => {
//     const h = e2e(t);
//     const password = h.secret('n3w-p4ssw0rd');
//     h.haystack(() => emulator.receivedStrings());   // what an API emulator was sent
//     const r = await h.run({ action: 'rotate-secret', inputs: { ... } });
//     ...
//   });   // after the test: every collected text is scanned; a leak fails the test
//
// Secrets come from h.secret(), from inputs whose names look secret (SECRET_INPUT_PATTERN,
// unless empty or true/false), from the token and `secrets` given to run(), and from every
// value the action registered with ::add-mask::. Haystacks: each run's stdout and stderr (the
// ::add-mask:: registrations themselves excluded), each step's outputs, exported env, state, the
// job summary and the annotations, plus every source registered with h.haystack().
//
// By default the scan reads what the action wrote, unmasked: the suite's own redactor must keep
// secrets out of everything (docs/faults.md, D). `view: 'runner'` scans the log and summary
// as the runner would show them instead (masked with the registered values and their encodings).

import { AssertionError } from 'node:assert';
import type { TestContext } from 'node:test';
import { scanForLeaks } from './leaks/index.ts';
import type { LeakHit } from './leaks/index.ts';
import { runAction } from './runner/index.ts';
import type { RunActionOptions, RunResult } from './runner/index.ts';

// Names of inputs that carry secrets in this suite (github-token, value, current-value, target-url…);
// public URLs such as health-url are not secrets and are meant to appear in logs.
export const SECRET_INPUT_PATTERN = /token|password|secret|credential|(^|-)value$|(^|-)key$|target-url/i;

export interface Haystack {
  where: string;
  text: string;
}
export type HaystackSource = () => Haystack[] | Promise<Haystack[]>;

export interface E2EOptions {
  /** Input names whose values are secrets. Default SECRET_INPUT_PATTERN; false: none. */
  secretInputs?: RegExp | false;
  /** Basic-auth users to try (see leakForms). */
  users?: string[];
  /** 'raw' (default): what the action wrote. 'runner': log and summary as the runner masks them. */
  view?: 'raw' | 'runner';
}

export interface E2E {
  /** Registers a secret (≥ 4 characters) and returns it. */
  secret(value: string): string;
  /** runAction, collecting the result for the scan. */
  run(opts: RunActionOptions): Promise<RunResult>;
  /** Adds texts to scan, read when the scan runs (after the test). */
  haystack(source: HaystackSource): void;
  readonly results: readonly RunResult[];
  /** Every secret known now (registered, from inputs, from masks). */
  secrets(): string[];
  /** Every haystack known now. */
  haystacks(): Promise<Haystack[]>;
  /** Scans now; the automatic scan after the test does the same. */
  scan(): Promise<LeakHit[]>;
}

function lineHaystack(result: RunResult, stream: 'stdout' | 'stderr', view: 'raw' | 'runner'): string {
  return result.transcript
    .filter((l) => l.stream === stream)
    .map((l) => (view === 'runner' || l.command?.name === 'add-mask' ? l.masked : l.line))
    .join('\n');
}

/** Haystacks of one run: logs, outputs, exported env, state, summary and annotations. */
export function runHaystacks(result: RunResult, label: string, view: 'raw' | 'runner' = 'raw'): Haystack[] {
  const out: Haystack[] = [
    { where: `${label} stdout`, text: lineHaystack(result, 'stdout', view) },
    { where: `${label} stderr`, text: lineHaystack(result, 'stderr', view) },
    { where: `${label} job summary`, text: view === 'runner' ? result.maskedSummary : result.summary },
  ];
  for (const step of result.steps) {
    for (const [k, v] of Object.entries(step.outputs)) out.push({ where: `${label} ${step.entry} output '${k}'`, text: v });
    for (const [k, v] of Object.entries(step.env)) out.push({ where: `${label} ${step.entry} GITHUB_ENV '${k}'`, text: v });
    for (const [k, v] of Object.entries(step.state)) out.push({ where: `${label} ${step.entry} state '${k}'`, text: v });
  }
  result.annotations.forEach((a, i) => {
    const text = [a.title ?? '', a.file ?? '', view === 'runner' ? a.maskedMessage : a.message].join('\n');
    out.push({ where: `${label} annotation #${i} (${a.level}, ${a.step})`, text });
  });
  return out;
}

export function e2e(t: TestContext, opts: E2EOptions = {}): E2E {
  const explicit: string[] = [];
  const fromRuns: string[] = [];
  const results: RunResult[] = [];
  const sources: HaystackSource[] = [];
  const pattern = opts.secretInputs === undefined ? SECRET_INPUT_PATTERN : opts.secretInputs;
  const view = opts.view ?? 'raw';

  const secrets = (): string[] => [...new Set([...explicit, ...fromRuns])].filter((s) => s.length >= 4);
  const haystacks = async (): Promise<Haystack[]> => {
    const all = results.flatMap((r, i) => runHaystacks(r, `run #${i + 1}`, view));
    for (const s of sources) all.push(...(await s()));
    return all;
  };
  const scan = async (): Promise<LeakHit[]> => {
    const list = secrets();
    if (list.length === 0) return [];
    const leakOpts = opts.users ? { users: opts.users } : {};
    return scanForLeaks(list, await haystacks(), leakOpts);
  };

  t.after(async () => {
    const hits = await scan();
    if (hits.length === 0) return;
    const lines = hits.map((h) => `  - secret #${h.secretIndex} as ${h.form} in ${h.where}: ${h.excerpt}`);
    throw new AssertionError({
      message: `${hits.length} secret leak(s) found after '${t.name}':\n${lines.join('\n')}`,
      operator: 'e2e leak scan',
    });
  });

  return {
    secret(value: string): string {
      if (value.length < 4) throw new Error('h.secret(): a secret shorter than 4 characters cannot be scanned for without noise; use a longer test value');
      explicit.push(value);
      return value;
    },
    async run(runOpts: RunActionOptions): Promise<RunResult> {
      const r = await runAction(runOpts);
      results.push(r);
      // A boolean switch such as `export-credentials: false` is named like a secret but never is one.
      if (pattern) for (const [name, v] of Object.entries(r.inputs)) if (pattern.test(name) && v.trim() !== '' && !/^(true|false)$/i.test(v.trim())) fromRuns.push(v);
      if (runOpts.token) fromRuns.push(runOpts.token);
      for (const s of runOpts.secrets ?? []) if (s.trim() !== '') fromRuns.push(s);
      fromRuns.push(...r.masks);
      return r;
    },
    haystack(source: HaystackSource): void {
      sources.push(source);
    },
    get results(): readonly RunResult[] {
      return results;
    },
    secrets,
    haystacks,
    scan,
  };
}
