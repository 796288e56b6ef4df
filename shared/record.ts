import * as core from '@actions/core';
import type { Logger } from './log.ts';
import { appendSummary, table, text } from './summary.ts';
import type { RunStats } from './stats.ts';
import { SUITE_VERSION } from './version.ts';

/**
 * The execution record every action ends with: one structured log line, a `record` output (JSON)
 * and a job-summary section (a heading and one labelled row; runAction writes it once per run).
 * report-metrics aggregates these.
 */
export interface ExecutionRecord {
  action: string;
  version: string;
  outcome: string;
  duration_ms: number;
  attempts: number;
  retries: number;
  api_calls: number;
  rate_limit_remaining: number | null;
  correlation_id: string;
  started_at: string;
}

export function buildRecord(a: {
  action: string;
  outcome: string;
  startedAt: number;
  endedAt: number;
  attempts: number;
  stats: RunStats;
  env?: NodeJS.ProcessEnv;
}): ExecutionRecord {
  const env = a.env ?? process.env;
  return {
    action: a.action,
    version: SUITE_VERSION,
    outcome: a.outcome,
    duration_ms: Math.max(0, Math.round(a.endedAt - a.startedAt)),
    attempts: a.attempts,
    retries: a.stats.retries,
    api_calls: a.stats.apiCalls,
    rate_limit_remaining: a.stats.rateLimitRemaining ?? null,
    correlation_id: [env.GITHUB_RUN_ID ?? 'local', env.GITHUB_RUN_ATTEMPT ?? '1', env.GITHUB_JOB ?? 'job'].join('/'),
    started_at: new Date(a.startedAt).toISOString(),
  };
}

export async function emitRecord(record: ExecutionRecord, log: Logger): Promise<void> {
  log.info(`execution record: ${JSON.stringify(record)}`);
  core.setOutput('record', JSON.stringify(record));
  await appendSummary(log.redactor, recordMarkdown(record));
}

const RECORD_COLUMNS = ['action', 'version', 'outcome', 'duration', 'attempts', 'retries', 'API calls', 'rate limit left', 'run (id/attempt/job)'];

/** The record as the job summary shows it: a heading, then one table row under labelled columns. */
export function recordMarkdown(record: ExecutionRecord): string {
  const row = [
    record.action,
    record.version,
    record.outcome,
    `${record.duration_ms} ms`,
    String(record.attempts),
    String(record.retries),
    String(record.api_calls),
    record.rate_limit_remaining === null ? '–' : String(record.rate_limit_remaining),
    record.correlation_id,
  ].map(text);
  return [
    '',
    `#### Execution record of ${text(record.action)}`,
    '',
    table(RECORD_COLUMNS, [row]),
    '',
  ].join('\n');
}
