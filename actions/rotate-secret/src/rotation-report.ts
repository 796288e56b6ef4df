import * as core from '@actions/core';
import { messageOf } from '../../../shared/errors.ts';
import { formatDuration, type Logger } from '../../../shared/log.ts';
import type { Redactor } from '../../../shared/redact.ts';
import { appendSummary, cell, table } from '../../../shared/summary.ts';
import type { StepName, StepPlan } from './plan.ts';

/**
 * What a rotation tells the workflow: outputs (never the secret: names, versions, results) and a
 * job summary with what rotated, where, the strategy, the active user and every step with its
 * duration (the version is an output only: nothing in the summary needs it). It records steps and destination results as they happen; everything else is given
 * once, when the run publishes. Everything passes through the redactor on the way out.
 */

export type StepStatus = 'done' | 'skipped' | 'failed' | 'not run';
/** `uncertain`: the write failed after it was sent (timeout, reset, 5xx), so the store may hold the value. */
export type DestinationResult = 'created' | 'updated' | 'would write' | 'failed' | 'uncertain' | 'not reached' | 'unchanged';

interface StepRow {
  readonly step: StepName;
  status: StepStatus;
  detail: string;
  ms: number;
  /** Planned as skipped: its detail says why, not what it would do. */
  readonly idle?: boolean;
}

/** What a step function returns: what it learned, and one line saying what it did. */
export interface StepDone<T> {
  readonly result: T;
  readonly detail: string;
  /** The step had nothing to do (no target, verify: false). */
  readonly skipped?: boolean;
}

/** The end of a run, as the outputs and the summary show it. */
export interface Conclusion {
  readonly headline: string;
  readonly rotated: boolean;
  readonly version: string;
  readonly rotatedAt: string;
  readonly activeUser: string;
  readonly notes: readonly string[];
}

export class RotationReport {
  readonly #log: Logger;
  readonly #redactor: Redactor;
  readonly #name: string;
  readonly #strategy: string;
  readonly #target: string;
  /** Said in the summary whatever the outcome (plaintext to a remote target…). */
  readonly #warnings: readonly string[];
  readonly #steps: StepRow[] = [];
  readonly #destinations = new Map<string, { result: DestinationResult; error?: string }>();

  constructor(o: { name: string; strategy: string; target: string; warnings?: readonly string[]; log: Logger; redactor: Redactor }) {
    this.#name = o.name;
    this.#strategy = o.strategy;
    this.#target = o.target;
    this.#warnings = o.warnings ?? [];
    this.#log = o.log;
    this.#redactor = o.redactor;
  }

  /** The steps as this run will take them (rows in the summary before they run). */
  plan(steps: readonly StepPlan[]): void {
    for (const s of steps) this.#steps.push({ step: s.step, status: 'not run', detail: s.does, ms: 0, idle: s.skipped === true });
  }

  destination(id: string, result: DestinationResult, error?: unknown): void {
    this.#destinations.set(id, error === undefined ? { result } : { result, error: this.#redactor.scrub(messageOf(error)) });
  }

  /**
   * Runs one step inside a log group and records its status, what it did and how long it took. A
   * step run in parts (create: the lock, then the value) adds to its row.
   */
  async step<T>(step: StepName, fn: () => Promise<StepDone<T>>): Promise<T> {
    let row = this.#steps.find((s) => s.step === step);
    if (!row) {
      row = { step, status: 'not run', detail: '', ms: 0 };
      this.#steps.push(row);
    }
    const continued = row.status === 'done';
    const started = Date.now();
    try {
      const done = await this.#log.group(step, async () => {
        const d = await fn();
        this.#log.info(d.detail);
        return d;
      });
      row.detail = continued ? `${row.detail}; ${done.detail}` : done.detail;
      row.status = done.skipped ? 'skipped' : 'done';
      return done.result;
    } catch (error) {
      row.status = 'failed';
      row.detail = `${row.detail} — ${this.#redactor.scrub(messageOf(error))}`;
      throw error;
    } finally {
      row.ms += Date.now() - started;
    }
  }

  /** The step that failed, if one did. */
  failedStep(): StepName | undefined {
    return this.#steps.find((s) => s.status === 'failed')?.step;
  }

  /** Marks every planned step as not taken, saying what it would have done (dry run). */
  wouldDo(): void {
    for (const row of this.#steps) Object.assign(row, { status: 'skipped', detail: row.idle ? `dry run — nothing to do: ${row.detail}` : `dry run — would ${row.detail}` });
  }

  /** Outputs and the job summary. */
  async publish(c: Conclusion): Promise<void> {
    const out = (name: string, value: string): void => core.setOutput(name, this.#redactor.scrub(value));
    out('rotated', String(c.rotated));
    out('version', c.version);
    out('rotated-at', c.rotatedAt);
    out('active-user', c.activeUser);
    out('destinations', JSON.stringify([...this.#destinations].map(([destination, r]) => ({ destination, ...r }))));

    const rows: string[] = [
      `### rotate-secret: ${cell(this.#name)} — ${cell(c.headline)}`,
      '',
      table(
        ['fact', 'value'],
        [
          ['rotated', c.rotated ? 'yes' : 'no'],
          ['strategy', cell(this.#strategy)],
          ['target', cell(this.#target)],
          ['active user', cell(c.activeUser)],
          ['rotated at', cell(c.rotatedAt)],
        ],
      ),
      '',
    ];
    if (this.#steps.length > 0) {
      rows.push(table(['step', 'status', 'what', 'duration'], this.#steps.map((s) => [s.step, s.status, cell(s.detail), s.status === 'not run' ? '–' : formatDuration(s.ms)])), '');
    }
    if (this.#destinations.size > 0) {
      rows.push(table(['destination', 'result'], [...this.#destinations].map(([id, r]) => [cell(id), cell(r.error ? `${r.result}: ${r.error}` : r.result)])), '');
    }
    for (const w of this.#warnings) rows.push(`> **Warning:** ${cell(w)}`, '');
    for (const n of c.notes) rows.push(`> ${cell(n)}`, '');
    await appendSummary(this.#redactor, rows.join('\n'));
  }
}
