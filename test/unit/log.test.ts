import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLogger, formatDuration, type LogSink } from '../../shared/log.ts';
import { Redactor } from '../../shared/redact.ts';

function recordingSink(): { sink: LogSink; calls: Array<[string, string, unknown?]> } {
  const calls: Array<[string, string, unknown?]> = [];
  const sink: LogSink = {
    debug: (m) => calls.push(['debug', m]),
    info: (m) => calls.push(['info', m]),
    warning: (m, p) => calls.push(['warning', m, p]),
    error: (m, p) => calls.push(['error', m, p]),
    startGroup: (n) => calls.push(['startGroup', n]),
    endGroup: () => calls.push(['endGroup', '']),
  };
  return { sink, calls };
}

test('text logs are scrubbed, fields appended', () => {
  const redactor = new Redactor(() => {});
  redactor.add('s3cr3t-value');
  const { sink, calls } = recordingSink();
  const log = createLogger({ redactor, sink });
  log.info('connecting with s3cr3t-value', { host: 'db', password: 'unregistered-pw' });
  assert.deepEqual(calls, [['info', 'connecting with *** host=db password=***']]);
});

test('json logs are one object per line, scrubbed at every leaf', () => {
  const redactor = new Redactor(() => {});
  redactor.add('s3cr3t-value');
  const { sink, calls } = recordingSink();
  const log = createLogger({ redactor, sink, format: 'json', now: () => Date.UTC(2026, 0, 1) });
  log.info('rotated', { nested: { note: 'was s3cr3t-value' }, attempt: 2 });
  const line = JSON.parse(calls[0]![1]);
  assert.deepEqual(line, { time: '2026-01-01T00:00:00.000Z', level: 'info', msg: 'rotated', nested: { note: 'was ***' }, attempt: 2 });
});

test('warnings and errors become annotations with scrubbed titles', () => {
  const redactor = new Redactor(() => {});
  redactor.add('s3cr3t-value');
  const { sink, calls } = recordingSink();
  const log = createLogger({ redactor, sink });
  log.warning('slow: s3cr3t-value', undefined, { title: 'about s3cr3t-value', file: 'deploy.sh', startLine: 3 });
  assert.deepEqual(calls, [['warning', 'slow: ***', { title: 'about ***', file: 'deploy.sh', startLine: 3 }]]);
});

test('groups are closed and timed whatever happens inside', async () => {
  let t = 0;
  const { sink, calls } = recordingSink();
  const log = createLogger({ redactor: new Redactor(() => {}), sink, now: () => t });
  const value = await log.group('deploy', async () => {
    t += 1500;
    return 42;
  });
  assert.equal(value, 42);
  await assert.rejects(log.group('health gate', async () => {
    t += 250;
    throw new Error('unhealthy');
  }), /unhealthy/);
  assert.deepEqual(calls, [
    ['startGroup', 'deploy'], ['endGroup', ''], ['info', 'deploy: done in 1.5s'],
    ['startGroup', 'health gate'], ['endGroup', ''], ['info', 'health gate: failed in 250ms'],
  ]);
});

test('formatDuration', () => {
  assert.equal(formatDuration(850), '850ms');
  assert.equal(formatDuration(1234), '1.2s');
  assert.equal(formatDuration(95_000), '1m35s');
});
