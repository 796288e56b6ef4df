import { appendFileSync } from 'node:fs';
import type { Redactor } from './redact.ts';

/**
 * Appends markdown to the job summary, scrubbed: the runner masks summaries, but not every encoding.
 * A plain synchronous append: core.summary would load fs/promises (and readline) on every start.
 */
export async function appendSummary(redactor: Redactor, markdown: string): Promise<void> {
  const file = process.env.GITHUB_STEP_SUMMARY;
  if (!file) return; // outside a runner (local runs) there is no summary file
  appendFileSync(file, `${redactor.scrub(markdown)}\n`);
}

/** Escapes a value for a markdown table cell. */
export function cell(value: unknown): string {
  return String(value ?? '').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
