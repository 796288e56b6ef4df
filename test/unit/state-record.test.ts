import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildRecord } from '../../shared/record.ts';
import { Redactor } from '../../shared/redact.ts';
import { createState } from '../../shared/state.ts';
import { RunStats } from '../../shared/stats.ts';

test('state carries identifiers and refuses secrets', () => {
  const store = new Map<string, string>();
  const redactor = new Redactor(() => {});
  redactor.add('ghs_secret_token_value');
  const state = createState<'deployment-id' | 'token'>(redactor, { save: (k, v) => store.set(k, v), get: (k) => store.get(k) ?? '' });
  state.save('deployment-id', 42);
  assert.equal(state.get('deployment-id'), '42');
  assert.equal(state.get('token'), undefined);
  assert.throws(() => state.save('token', 'Bearer ghs_secret_token_value'), /Refusing to save a secret value in state 'token'/);
  assert.equal(store.has('token'), false);
});

test('the execution record has every field report-metrics aggregates', () => {
  const stats = new RunStats();
  stats.apiCalls = 4;
  stats.retries = 1;
  stats.noteRateLimit(4990);
  stats.noteRateLimit(4997);
  const record = buildRecord({
    action: 'deploy', outcome: 'success', startedAt: Date.UTC(2026, 0, 1), endedAt: Date.UTC(2026, 0, 1) + 1234, attempts: 2, stats,
    env: { GITHUB_RUN_ID: '99', GITHUB_RUN_ATTEMPT: '2', GITHUB_JOB: 'deploy' },
  });
  assert.equal(record.action, 'deploy');
  assert.equal(record.outcome, 'success');
  assert.equal(record.duration_ms, 1234);
  assert.equal(record.attempts, 2);
  assert.equal(record.retries, 1);
  assert.equal(record.api_calls, 4);
  assert.equal(record.rate_limit_remaining, 4990);
  assert.equal(record.correlation_id, '99/2/deploy');
  assert.equal(record.started_at, '2026-01-01T00:00:00.000Z');
  assert.match(record.version, /^\d+\.\d+\.\d+/);
});
