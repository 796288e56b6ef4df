import * as core from '@actions/core';
import { messageOf } from '../../../shared/errors.ts';
import { formatDuration, type Logger } from '../../../shared/log.ts';
import type { Redactor } from '../../../shared/redact.ts';
import { appendSummary, cell } from '../../../shared/summary.ts';
import type { StepPlan } from './plan.ts';

/**
 * What a run tells the workflow: outputs (never the secret: names, versions, results) and a job
 * summary with what rotated, where, the strategy, the active user and every step with its
 * duration. Everything passes through the redactor on the way out.
 */

export type StepName = StepPlan['step'];
export type StepStatus = 'done' | 'skipped' | 'failed' | 'not run';
export type DestinationResult = 'created' | 'updated' | 'would write' | 'failed' | 'not reached' | 'unchanged';

interface StepRecord {
  step: StepName;
  status: StepStatus;
  detail: string;
  ms: number;
}

export class Report {
  readonly #log: Logger;
  readonly #redactor: Redactor;
  readonly #name: string;
  readonly #steps: StepRecord[] = [];
  readonly #destinations = new Map<string, { result: DestinationResult; error?: string }>();
  rotated = false;
  version = '';
  rotatedAt = '';
  activeUser = '';
  strategy = '';
  target = '';
  headline = '';
  notes: string[] = [];

  constructor(name: string, log: Logger, redactor: Redactor) {
    this.#name = name;
    this.#log = log;
    this.#redactor = redactor;
  }

  plan(steps: readonly StepPlan[]): void {
    for (const s of steps) this.#steps.push({ step: s.step, status: 'not run', detail: s.does, ms: 0 });
  }

  destination(id: string, result: DestinationResult, error?: unknown): void {
    this.#destinations.set(id, error === undefined ? { result } : { result, error: this.#redactor.scrub(messageOf(error)) });
  }

  /** Runs one step inside a log group, recording its status, detail and duration. */
  async step(step: StepName, fn: () => Promise<string | undefined>): Promise<void> {
    let rec = this.#steps.find((s) => s.step === step);
    if (!rec) {
      rec = { step, status: 'not run', detail: '', ms: 0 };
      this.#steps.push(rec);
    }
    const started = Date.now();
    rec.status = 'not run';
    try {
      const detail = await this.#log.group(`${step}`, async () => {
        const d = await fn();
        if (d !== undefined) this.#log.info(d);
        return d;
      });
      if ((rec.status as StepStatus) !== 'skipped') rec.status = 'done';
      if (detail !== undefined) rec.detail = detail;
    } catch (error) {
      rec.status = 'failed';
      rec.detail = `${rec.detail} — ${this.#redactor.scrub(messageOf(error))}`;
      throw error;
    } finally {
      rec.ms = Date.now() - started;
    }
  }

  skip(step: StepName, detail: string): void {
    const rec = this.#steps.find((s) => s.step === step);
    if (rec) Object.assign(rec, { status: 'skipped', detail });
  }

  destinationsJson(): string {
    return JSON.stringify([...this.#destinations].map(([destination, r]) => ({ destination, ...r })));
  }

  emitOutputs(): void {
    const out = (name: string, value: string): void => core.setOutput(name, this.#redactor.scrub(value));
    out('rotated', String(this.rotated));
    out('version', this.version);
    out('rotated-at', this.rotatedAt);
    out('active-user', this.activeUser);
    out('destinations', this.destinationsJson());
  }

  async writeSummary(): Promise<void> {
    const rows: string[] = [
      `### rotate-secret: ${cell(this.#name)} — ${cell(this.headline)}`,
      '',
      '| | |',
      '|---|---|',
      `| rotated | ${this.rotated ? 'yes' : 'no'} |`,
      `| strategy | ${cell(this.strategy)} |`,
      `| target | ${cell(this.target || 'none')} |`,
      `| active user | ${cell(this.activeUser || '–')} |`,
      `| version | ${cell(this.version || '–')} |`,
      `| rotated at | ${cell(this.rotatedAt || '–')} |`,
      '',
    ];
    if (this.#steps.length > 0) {
      rows.push('| step | status | what | duration |', '|---|---|---|---|');
      for (const s of this.#steps) rows.push(`| ${s.step} | ${s.status} | ${cell(s.detail)} | ${s.status === 'not run' ? '–' : formatDuration(s.ms)} |`);
      rows.push('');
    }
    if (this.#destinations.size > 0) {
      rows.push('| destination | result |', '|---|---|');
      for (const [id, r] of this.#destinations) rows.push(`| ${cell(id)} | ${cell(r.error ? `${r.result}: ${r.error}` : r.result)} |`);
      rows.push('');
    }
    for (const n of this.notes) rows.push(`> ${cell(n)}`, '');
    await appendSummary(this.#redactor, rows.join('\n'));
  }
}
