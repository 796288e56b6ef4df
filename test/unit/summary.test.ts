// shared/summary.ts: tables that always render as tables, untrusted text that stays text, and a
// summary file that never holds a registered secret. Each check renders the markdown as GFM.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Redactor } from '../../shared/redact.ts';
import { appendSummary, cell, codeBlock, inline, table, text } from '../../shared/summary.ts';
import { sections, summaryProblems } from '../harness/summary-shape.ts';

const HOSTILE = [
  'feat/x_y*z*',
  '<img src=x onerror=alert(1)>',
  'a | b | c',
  '`code` and ``more``',
  '[link](https://evil.example) ![i](x)',
  'line one\nline two\r\nthree',
  '&amp; &lt;b&gt; ~~strike~~ \\escaped\\',
  '::error::not a command',
];

test('table: a labelled header, a delimiter row of the same width, one row each; empty cells shown as –', () => {
  const md = `### t\n\n${table(['name', 'value'], [['a', '1'], ['b', '']])}\n`;
  assert.deepEqual(summaryProblems(md), []);
  assert.deepEqual(sections(md)[0]!.tables, [{ line: 3, header: ['name', 'value'], rows: [['a', '1'], ['b', '–']] }]);
});

test('table: an unlabelled column or a row of the wrong width is refused (a bug in the caller)', () => {
  assert.throws(() => table(['', ''], []), /every column needs a label/);
  assert.throws(() => table(['a', ' '], []), /every column needs a label/);
  assert.throws(() => table([], []), /every column needs a label/);
  assert.throws(() => table(['a', 'b'], [['1']]), /row 1 has 1 cells for 2 columns/);
});

test('text: any untrusted value renders as exactly itself (line breaks as spaces), in a cell too, with no HTML', () => {
  for (const value of HOSTILE) {
    const expected = value.replace(/\r\n|\r|\n/g, ' ');
    const md = `### v\n\nvalue: ${text(value)}\n\n${table(['k', 'v'], [['x', text(value)]])}\n`;
    assert.deepEqual(summaryProblems(md), [], value);
    const [s] = sections(md);
    assert.equal(s!.text, `value: ${expected}\n`, value);
    assert.deepEqual(s!.tables[0]!.rows, [['x', expected]], value);
  }
});

test('inline: code spans and web addresses of our sentences stay markup; everything else is text', () => {
  const md = `### v\n\n${inline('add `deployments: write` to `permissions:` for <env> *now*; see https://www.githubstatus.com.')}\n`;
  assert.deepEqual(summaryProblems(md), []);
  assert.equal(sections(md)[0]!.text, 'add deployments: write to permissions: for <env> *now*; see https://www.githubstatus.com.\n');
  for (const value of HOSTILE) assert.deepEqual(summaryProblems(`### v\n\n${inline(value)}\n`), [], value);
});

test('codeBlock: shows any text verbatim, backtick fences inside included', () => {
  const body = 'error: ```\n| a | b |\n<b>x</b>\n````';
  const md = `### v\n\n${codeBlock(body)}\n`;
  assert.deepEqual(summaryProblems(md), []);
  assert.equal(sections(md)[0]!.text, `${body}\n`);
});

test('cell keeps its table-only escaping (pipes and line breaks)', () => {
  assert.equal(cell('a|b\nc'), 'a\\|b c');
  assert.equal(cell(undefined), '');
});

test('appendSummary: appends scrubbed markdown to GITHUB_STEP_SUMMARY; nothing without one', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'summary-'));
  const file = join(dir, 'summary.md');
  const saved = process.env['GITHUB_STEP_SUMMARY'];
  try {
    writeFileSync(file, 'before\n');
    const redactor = new Redactor(() => {});
    redactor.add('s3cr3t-value');
    process.env['GITHUB_STEP_SUMMARY'] = file;
    await appendSummary(redactor, 'token s3cr3t-value');
    assert.equal(readFileSync(file, 'utf8'), 'before\ntoken ***\n');
    delete process.env['GITHUB_STEP_SUMMARY'];
    await appendSummary(redactor, 'nowhere');
    assert.equal(readFileSync(file, 'utf8'), 'before\ntoken ***\n');
  } finally {
    if (saved === undefined) delete process.env['GITHUB_STEP_SUMMARY'];
    else process.env['GITHUB_STEP_SUMMARY'] = saved;
    rmSync(dir, { recursive: true, force: true });
  }
});
