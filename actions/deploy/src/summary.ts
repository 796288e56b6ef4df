import { formatDuration, type Logger } from '../../../shared/log.ts';
import type { Redactor } from '../../../shared/redact.ts';
import { appendSummary, table, text } from '../../../shared/summary.ts';
import { printableUrl, type GateResult } from './health-check.ts';
import type { HealthSpec } from './health-spec.ts';

/**
 * The deploy's job summary, written once at the end: the facts of the deployment, each phase with
 * its result and duration (also logged as a group), the health checks, and in plain words what
 * happened. Steps append to it as they go, the way they log; the facts come from the outcome.
 */

export interface Phase {
  readonly name: string;
  outcome: 'done' | 'failed' | 'skipped';
  durationMs: number;
  note: string | undefined;
}

export interface GateReport {
  readonly label: string;
  readonly spec: HealthSpec;
  readonly result: GateResult;
}

/** What the summary's first table shows. */
export interface SummaryFacts {
  readonly environment: string;
  readonly status: string;
  readonly sha: string | undefined;
  readonly ref: string | undefined;
  readonly previousSha: string | undefined;
  readonly promotedFrom: string | undefined;
  readonly deploymentId: number | undefined;
  readonly environmentUrl: string | undefined;
  readonly attempts: number | undefined;
  readonly durationMs: number;
}

/** Shown rows of a gate's checks (the first and the latest ones when there are more). */
const MAX_CHECK_ROWS = 20;

/** Carries a phase's value out of its log group when the phase judged it a failure, so the group logs "failed". */
class FailedPhase<T> {
  readonly value: T;
  constructor(value: T) {
    this.value = value;
  }
}

export class DeploySummary {
  readonly phases: Phase[] = [];
  readonly gates: GateReport[] = [];
  readonly story: string[] = [];
  readonly #log: Logger;
  readonly #now: () => number;

  constructor(log: Logger, now: () => number = Date.now) {
    this.#log = log;
    this.#now = now;
  }

  /** Runs a phase inside a log group; `judge` says whether a value it returned is a failure (a failed health gate). */
  async phase<T>(name: string, fn: () => Promise<T>, judge?: (value: T) => boolean): Promise<T> {
    const started = this.#now();
    const phase: Phase = { name, outcome: 'failed', durationMs: 0, note: undefined };
    this.phases.push(phase);
    try {
      const value = await this.#log.group(name, async () => {
        const result = await fn();
        if (judge && !judge(result)) throw new FailedPhase(result);
        return result;
      });
      phase.outcome = 'done';
      return value;
    } catch (thrown) {
      if (thrown instanceof FailedPhase) return thrown.value as T;
      throw thrown;
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

  markdown(facts: SummaryFacts): string {
    const out: string[] = [`### deploy → ${text(facts.environment)}: ${text(facts.status)}`, ''];
    const columns: [string, string | undefined][] = [
      ['environment', text(facts.environment)],
      ['sha', code(facts.sha) ?? 'not known'],
      ['ref', facts.ref !== undefined && facts.ref !== facts.sha ? text(facts.ref) : undefined],
      ['previous sha', code(facts.previousSha) ?? 'none'],
      ['promoted from', facts.promotedFrom === undefined ? undefined : text(facts.promotedFrom)],
      ['deployment', facts.deploymentId === undefined ? undefined : String(facts.deploymentId)],
      ['environment url', facts.environmentUrl === undefined ? undefined : text(facts.environmentUrl)],
      ['script attempts', facts.attempts === undefined ? undefined : String(facts.attempts)],
      ['duration', formatDuration(facts.durationMs)],
    ];
    const shown = columns.filter((c): c is [string, string] => c[1] !== undefined);
    out.push(table(shown.map(([k]) => k), [shown.map(([, v]) => v)]), '');

    if (this.story.length > 0) out.push('**What happened**', '', ...this.story.map((line) => `- ${text(line)}`), '');

    if (this.phases.length > 0) {
      const rows = this.phases.map((p) => [text(p.name), p.outcome, p.outcome === 'skipped' ? '–' : formatDuration(p.durationMs), text(p.note ?? '')]);
      out.push(table(['phase', 'result', 'duration', 'note'], rows), '');
    }

    for (const g of this.gates) {
      const r = g.result;
      const verdict = r.passed ? 'passed' : 'failed';
      out.push(
        `**${text(g.label)}** — ${text(printableUrl(g.spec.url))}: ${verdict} after ${r.checks.length} check${r.checks.length === 1 ? '' : 's'} in ${formatDuration(r.elapsedMs)} ` +
          `(${g.spec.passes} consecutive passes needed, interval ${formatDuration(g.spec.intervalMs)}, timeout ${formatDuration(g.spec.timeoutMs)})`,
      );
      const checks = r.checks.length <= MAX_CHECK_ROWS ? r.checks : [...r.checks.slice(0, 5), undefined, ...r.checks.slice(-(MAX_CHECK_ROWS - 6))];
      const rows = checks.map((c) =>
        c === undefined ? ['…', '', '', `${r.checks.length - MAX_CHECK_ROWS + 1} more`] : [String(c.n), formatDuration(c.atMs), String(c.status ?? '–'), c.ok ? 'ok' : text(c.detail)],
      );
      out.push('', table(['#', 'at', 'HTTP', 'result'], rows), '');
    }
    return out.join('\n');
  }

  async write(redactor: Redactor, facts: SummaryFacts): Promise<void> {
    await appendSummary(redactor, this.markdown(facts));
  }
}

function code(sha: string | undefined): string | undefined {
  return sha === undefined || sha === '' ? undefined : /^[0-9a-f]{7,40}$/i.test(sha) ? `\`${sha}\`` : text(sha);
}
