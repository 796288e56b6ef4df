// shared/record.ts: the execution record's job-summary section is headed and labelled, never a bare
// row of numbers, and renders as one well-formed table.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildRecord, recordMarkdown } from '../../shared/record.ts';
import { RunStats } from '../../shared/stats.ts';
import { sections, summaryProblems } from '../harness/summary-shape.ts';

test('the record section: a heading, labelled columns and one row of values', () => {
  const stats = new RunStats();
  stats.apiCalls = 4;
  stats.retries = 1;
  stats.noteRateLimit(4990);
  const env = { GITHUB_RUN_ID: '77', GITHUB_RUN_ATTEMPT: '2', GITHUB_JOB: 'deploy_prod' };
  const md = recordMarkdown(buildRecord({ action: 'deploy', outcome: 'rolled-back', startedAt: 1_000, endedAt: 3_500, attempts: 2, stats, env }));
  assert.deepEqual(summaryProblems(md), []);
  const [section, ...more] = sections(md);
  assert.equal(more.length, 0);
  assert.equal(section!.heading, 'Execution record of deploy');
  assert.deepEqual(section!.tables, [
    {
      line: 4,
      header: ['action', 'version', 'outcome', 'duration', 'attempts', 'retries', 'API calls', 'rate limit left', 'run (id/attempt/job)'],
      rows: [['deploy', section!.tables[0]!.rows[0]![1]!, 'rolled-back', '2500 ms', '2', '1', '4', '4990', '77/2/deploy_prod']],
    },
  ]);
  assert.match(section!.tables[0]!.rows[0]![1]!, /^\d+\.\d+\.\d+$/);
});

test('no rate limit seen: a dash, not an empty cell', () => {
  const md = recordMarkdown(buildRecord({ action: 'provision', outcome: 'failure', startedAt: 0, endedAt: 0, attempts: 0, stats: new RunStats(), env: {} }));
  assert.deepEqual(summaryProblems(md), []);
  const row = sections(md)[0]!.tables[0]!.rows[0]!;
  assert.equal(row[7], '–');
  assert.equal(row[8], 'local/1/job');
});
