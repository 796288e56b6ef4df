import { formatDuration, type Logger } from '../../../shared/log.ts';
import type { Redactor } from '../../../shared/redact.ts';
import { appendSummary } from '../../../shared/summary.ts';
import type { GateResult, HealthSpec } from './health.ts';
import { printableUrl } from './health.ts';

/**
 * The deploy's report: each phase with its outcome and duration (also logged as a group), the
 * health checks, and in plain words what happened. Rendered once, at the end, as the job summary.
 */

export interface Phase {
  name: string;
  outcome: 'done' | 'failed' | 'skipped';
  durationMs: number;
  note: string | undefined;
}

export interface GateReport {
  label: string;
  spec: HealthSpec;
  result: GateResult;
}

export interface Facts {
  environment: string;
  status?: string;
  sha?: string | undefined;
  ref?: string | undefined;
  previousSha?: string | undefined;
  deploymentId?: number;
  environmentUrl?: string | undefined;
  promotedFrom?: string;
  attempts?: number;
  durationMs?: number;
}

/** Shown rows of a gate's checks (the first and the latest ones when there are more). */
const MAX_CHECK_ROWS = 20;

export class Report {
  readonly phases: Phase[] = [];
  readonly gates: GateReport[] = [];
  readonly story: string[] = [];
  readonly facts: Facts;
  readonly #log: Logger;
  readonly #now: () => number;

  constructor(log: Logger, environment: string, now: () => number = Date.now) {
    this.#log = log;
    this.#now = now;
    this.facts = { environment };
  }

  /** Runs a phase inside a log group and records its outcome and duration. */
  async phase<T>(name: string, fn: () => Promise<T>, judge?: (value: T) => boolean): Promise<T> {
    const started = this.#now();
    const phase: Phase = { name, outcome: 'failed', durationMs: 0, note: undefined };
    this.phases.push(phase);
    try {
      const value = await this.#log.group(name, fn);
      phase.outcome = judge && !judge(value) ? 'failed' : 'done';
      return value;
    } finally {
      phase.durationMs = this.#now() - started;
    }
  }

  skip(name: string, note: string): void {
    this.phases.push({ name, outcome: 'skipped', durationMs: 0, note });
  }

  /** Adds a note to the latest phase of that name. */
  note(name: string, note: string): void {
    const phase = this.phases.findLast((p) => p.name === name);
    if (phase) phase.note = note;
  }

  tell(line: string): void {
    this.story.push(line);
  }

  gate(label: string, spec: HealthSpec, result: GateResult): void {
    this.gates.push({ label, spec, result });
  }

  markdown(): string {
    const f = this.facts;
    const out: string[] = [`### deploy → ${esc(f.environment)}: ${esc(f.status ?? 'failure')}`, ''];
    const rows: [string, string | undefined][] = [
      ['environment', esc(f.environment)],
      ['sha', code(f.sha)],
      ['ref', f.ref !== undefined && f.ref !== f.sha ? esc(f.ref) : undefined],
      ['previous sha', code(f.previousSha) ?? 'none'],
      ['promoted from', f.promotedFrom === undefined ? undefined : esc(f.promotedFrom)],
      ['deployment', f.deploymentId === undefined ? undefined : String(f.deploymentId)],
      ['environment url', f.environmentUrl === undefined ? undefined : esc(f.environmentUrl)],
      ['script attempts', f.attempts === undefined ? undefined : String(f.attempts)],
      ['duration', f.durationMs === undefined ? undefined : formatDuration(f.durationMs)],
    ];
    out.push('| | |', '|---|---|', ...rows.filter(([, v]) => v !== undefined).map(([k, v]) => `| ${k} | ${v} |`), '');

    if (this.story.length > 0) out.push('**What happened**', '', ...this.story.map((s) => `- ${esc(s)}`), '');

    out.push('| phase | result | duration | note |', '|---|---|---|---|');
    for (const p of this.phases) {
      out.push(`| ${esc(p.name)} | ${p.outcome} | ${p.outcome === 'skipped' ? '–' : formatDuration(p.durationMs)} | ${esc(p.note ?? '')} |`);
    }
    out.push('');

    for (const g of this.gates) {
      const r = g.result;
      const verdict = r.passed ? 'passed' : 'failed';
      out.push(
        `**${esc(g.label)}** — ${esc(printableUrl(g.spec.url))}: ${verdict} after ${r.checks.length} check${r.checks.length === 1 ? '' : 's'} in ${formatDuration(r.elapsedMs)} ` +
          `(${g.spec.passes} consecutive passes needed, interval ${formatDuration(g.spec.intervalMs)}, timeout ${formatDuration(g.spec.timeoutMs)})`,
        '',
        '| # | at | HTTP | result |',
        '|---|---|---|---|',
      );
      const checks = r.checks.length <= MAX_CHECK_ROWS ? r.checks : [...r.checks.slice(0, 5), undefined, ...r.checks.slice(-(MAX_CHECK_ROWS - 6))];
      for (const c of checks) {
        if (c === undefined) out.push(`| … | | | ${r.checks.length - MAX_CHECK_ROWS + 1} more |`);
        else out.push(`| ${c.n} | ${formatDuration(c.atMs)} | ${c.status ?? '–'} | ${c.ok ? 'ok' : esc(c.detail)} |`);
      }
      out.push('');
    }
    return out.join('\n');
  }

  async write(redactor: Redactor): Promise<void> {
    await appendSummary(redactor, this.markdown());
  }
}

/** Markdown-safe text on one line: untrusted values (refs, URLs, response text) stay text. */
export function esc(value: unknown): string {
  return String(value ?? '')
    .replace(/\r?\n|\r/g, ' ')
    .replace(/[\\`*_[\]<>|~&]/g, (c) => `\\${c}`);
}

function code(sha: string | undefined): string | undefined {
  return sha === undefined ? undefined : /^[0-9a-f]{7,40}$/i.test(sha) ? `\`${sha}\`` : esc(sha);
}
