import * as core from '@actions/core';
import type { Redactor } from './redact.ts';

/** Appends markdown to the job summary, scrubbed: the runner masks summaries, but not every encoding. */
export async function appendSummary(redactor: Redactor, markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return; // outside a runner (local runs) there is no summary file
  await core.summary.addRaw(redactor.scrub(markdown), true).write();
}

/** Escapes a value for a markdown table cell. */
export function cell(value: unknown): string {
  return String(value ?? '').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
