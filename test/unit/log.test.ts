import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLogger, formatDuration, inert, inertJson, type LogSink } from '../../shared/log.ts';
import { parseCommandLine, REGISTERED_COMMANDS } from '../harness/runner/commands.ts';
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

// E3: no printed text can issue a workflow command. Each case is checked with the runner
// emulation's own parser (test/harness/runner/commands.ts, modelled on actions/runner), line by
// line as the runner splits output (LF, CRLF, lone CR), in both formats and on every call path.
const INJECTIONS: Array<[string, string]> = [
  ['newline then ::', 'version 1\n::stop-commands::pwned'],
  ['CR then ::', 'version 1\r::add-mask::x'],
  ['CRLF then indented ::', 'a\r\n   ::error::forged'],
  ['## [ mid-line', 'version is "##[stop-commands]pwned"'],
  ['## [ with a zero-width space the runner skips', 'x #\u200b#[stop-commands]pwned'],
  ['a zero-width space before ::', '\u200b::warning::forged'],
  ['U+FEFF before ::', '\ufeff::warning::forged'],
  ['a whole line that is a command', '::set-output name=x::y'],
];

function commandsIn(text: string): string[] {
  return text.split(/\r\n|\r|\n/).flatMap((line) => {
    const cmd = parseCommandLine(line, new Set(REGISTERED_COMMANDS));
    return cmd ? [`${cmd.name} ← ${JSON.stringify(line)}`] : [];
  });
}

for (const format of ['text', 'json'] as const) {
  test(`E3 (${format}): untrusted text in messages, fields, group names and titles never becomes a command`, async () => {
    for (const [label, payload] of INJECTIONS) {
      const { sink, calls } = recordingSink();
      const log = createLogger({ redactor: new Redactor(() => {}), sink, format });
      log.info(`health check 1: ${payload}`, { body: payload });
      log.debug(payload);
      log.warning(payload, { why: payload }, { title: payload });
      log.error(payload);
      await log.group(payload, async () => {});
      // What @actions/core writes for each call: info as is, the others as `::cmd::` lines.
      for (const [kind, text] of calls) {
        const name = kind === 'startGroup' ? 'group' : kind === 'endGroup' ? 'endgroup' : kind;
        const printed = kind === 'info' ? text : `::${name}::${text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}`;
        const commands = commandsIn(printed).filter((c) => !c.startsWith(`${name} ← "::${name}::`));
        assert.deepEqual(commands, [], `${label}: ${kind} printed ${JSON.stringify(printed)}`);
      }
      if (format === 'json') {
        const line = JSON.parse(calls.find(([k]) => k === 'info')![1]) as { msg: string; body: string };
        assert.equal(line.msg, `health check 1: ${payload}`, 'the JSON value is unchanged');
        assert.equal(line.body, payload);
      }
    }
  });
}

test('inert: visible escapes, text otherwise unchanged; inertJson keeps the value', () => {
  assert.equal(inert('a\n::stop-commands::x'), 'a\n\\::stop-commands::x');
  assert.equal(inert('v ##[stop-commands]x'), 'v ##\\[stop-commands]x');
  assert.equal(inert('a\r  ::error::x'), 'a\n\\  ::error::x');
  assert.equal(inert('plain: a::b ## [x] #[y]'), 'plain: a::b ## [x] #[y]');
  const json = JSON.stringify({ msg: '##[add-mask]x \u200b' });
  assert.deepEqual(JSON.parse(inertJson(json)), JSON.parse(json));
  assert.ok(!inertJson(json).includes('##[') && !inertJson(json).includes('\u200b'));
});
