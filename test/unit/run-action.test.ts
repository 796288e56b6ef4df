import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { root } from '../../scripts/lib/actions.ts';
import { createGitHub } from '../../shared/github.ts';
import { withCauses } from '../../shared/diagnosis.ts';
import { sections, summaryProblems, type SummarySection } from '../harness/summary-shape.ts';
import { FakeClock } from './helpers/fake-clock.ts';
import { fakeFetch, type Step } from './helpers/fake-github-fetch.ts';

const ENTRY = join(root, 'test', 'fixtures', 'run-action', 'entry.ts');

function run(fixtureCase: string, inputs: Record<string, string> = {}): { status: number | null; errors: string[]; record: Record<string, unknown>; summary: string } {
  const dir = mkdtempSync(join(tmpdir(), 'run-action-'));
  try {
    const output = join(dir, 'output');
    const summary = join(dir, 'summary');
    writeFileSync(output, '');
    writeFileSync(summary, '');
    const r = spawnSync(process.execPath, [ENTRY], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, FIXTURE_CASE: fixtureCase, 'INPUT_LOG-FORMAT': 'text', GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary, GITHUB_RUN_ID: '5', GITHUB_RUN_ATTEMPT: '1', GITHUB_JOB: 'j', GITHUB_SHA: 'feedface', ...inputs },
    });
    const errors = r.stdout.split('\n').filter((l) => l.startsWith('::error::')).map((l) => decodeURIComponent(l.slice(9).replace(/%0A/g, '\n')));
    const record = JSON.parse(/record<<(\S+)\n([\s\S]*?)\n\1/.exec(readFileSync(output, 'utf8'))?.[2] ?? '{}') as Record<string, unknown>;
    return { status: r.status, errors, record, summary: readFileSync(summary, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('success: exit 0, the outcome and attempts the action reports, a record row', () => {
  const r = run('success');
  assert.equal(r.status, 0);
  assert.deepEqual(r.errors, []);
  assert.equal(r.record.outcome, 'skipped');
  assert.equal(r.record.attempts, 2);
  assert.match(r.summary, /\| fixture \| \d+\.\d+\.\d+ \| skipped \|/);
});

test('a reported failure fails the step after the record is written', () => {
  const r = run('failure');
  assert.equal(r.status, 1);
  assert.deepEqual(r.errors, ['fixture: the health gate failed; rolled back to abc1234']);
  assert.equal(r.record.outcome, 'rolled-back');
});

test('problems the user can fix are reported plainly, bugs as bugs', async (t) => {
  const cases: Array<[string, RegExp]> = [
    ['user-error', /^fixture: promotion refused: sha abc is not live in staging$/],
    ['wrapped-api-error', /^fixture: Failed to create deployment: POST \/repos\/o\/r\/deployments: failed after 5 attempts \(status 502\)$/],
    ['bug', /^fixture: unexpected error: Cannot read properties of undefined\. This is a bug in the actions suite/],
    ['string', /^fixture: unexpected error: a thrown string\. This is a bug/],
  ];
  for (const [name, expected] of cases) {
    await t.test(name, () => {
      const r = run(name);
      assert.equal(r.status, 1, 'a thrown value never passes as success');
      assert.equal(r.errors.length, 1);
      assert.match(r.errors[0]!, expected);
      assert.equal(r.record.outcome, 'failure');
    });
  }
});

test('error messages are scrubbed', () => {
  const r = run('secret-in-message');
  assert.deepEqual(r.errors, ['fixture: login failed with ***']);
});

test("empty inputs reach main with their action.yml defaults (expression defaults from the runner's variables)", () => {
  const r = run('inputs', { 'INPUT_SOAK-TIME': '', INPUT_REF: '  ' });
  assert.equal(r.status, 0, r.errors.join('\n'));
  assert.equal(r.record.outcome, '0s|feedface');
});

test('an unknown input fails the step before main runs, with a record', () => {
  const r = run('inputs', { INPUT_SOAK_TIME: '5m' });
  assert.equal(r.status, 1);
  assert.deepEqual(r.errors, ["fixture: unknown input 'soak_time' (INPUT_SOAK_TIME); did you mean 'soak-time'?"]);
  assert.equal(r.record.outcome, 'failure');
});

// Issue 14 (2): an annotation is one short, useful line, whatever the server answered.
test('a failed GitHub call is annotated in one line: method, path, attempts, status, request id, and a description of the body', async (t) => {
  const html = `<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title><style>${'body{color:red}'.repeat(100)}</style></head><body><h1>Bad gateway</h1></body></html>`;
  const cases: Array<[string, Step, RegExp]> = [
    ['an HTML error page', { status: 502, headers: { 'content-type': 'text/html', 'x-github-request-id': 'R9' }, body: html }, /^Failed to create deployment: POST \/repos\/o\/r\/deployments: failed after \d+ attempts \(status 502, request id R9\)[^:]*: an HTML error page \(title: 502 Bad Gateway\)$/],
    ['GitHub\'s JSON message', { status: 422, headers: { 'content-type': 'application/json', 'x-github-request-id': 'R7' }, body: { message: 'Validation Failed', errors: [{ resource: 'Deployment', code: 'custom', message: 'x'.repeat(500) }], documentation_url: 'https://docs.github.com/rest' } }, /^Failed to create deployment: POST \/repos\/o\/r\/deployments: failed after 1 attempt \(status 422, request id R7\): Validation Failed$/],
    ['a long plain-text answer', { status: 503, headers: { 'content-type': 'text/plain' }, body: `upstream overloaded\n${'y'.repeat(2000)}` }, /\(status 503\)[^:]*: a \d{4}-character answer that is not JSON$/],
  ];
  for (const [label, step, expected] of cases) {
    await t.test(label, async () => {
      const clock = new FakeClock();
      const octokit = createGitHub({ token: 'ghs_0000000000000000000000000000000000aa', baseUrl: 'https://api.github.com', fetch: fakeFetch([step], clock).fetch, retry: { clock, random: () => 0.5, log: () => {} } });
      let error: unknown;
      try {
        await octokit.request('POST /repos/{owner}/{repo}/deployments', { owner: 'o', repo: 'r', ref: 'main', request: { reconcile: async () => undefined } });
      } catch (e) {
        error = new Error('Failed to create deployment', { cause: e });
      }
      const line = withCauses(error);
      assert.match(line, expected);
      assert.ok(!line.includes('\n') && line.length < 300, `one short line: ${line}`);
      assert.doesNotMatch(line, /<style|color:red|xxxxx/);
    });
  }
});

/** The summary's sections, after checking it renders as well-formed GFM. */
function summaryOf(r: { summary: string }): SummarySection[] {
  assert.deepEqual(summaryProblems(r.summary), [], r.summary);
  return sections(r.summary);
}

const RECORD_HEADER = ['action', 'version', 'outcome', 'duration', 'attempts', 'retries', 'API calls', 'rate limit left', 'run (id/attempt/job)'];

test('job summary: every run ends with one headed, labelled record; a success adds nothing else', () => {
  const s = summaryOf(run('success'));
  assert.deepEqual(s.map((x) => x.heading), ['Execution record of fixture']);
  assert.deepEqual(s[0]!.tables[0]!.header, RECORD_HEADER);
  assert.deepEqual(s[0]!.tables[0]!.rows[0]!.slice(2, 5), ['skipped', s[0]!.tables[0]!.rows[0]![3], '2']);
  assert.equal(s[0]!.tables[0]!.rows[0]![8], '5/1/j');
});

test('job summary: each failure says what failed and how to fix it, before the record', async (t) => {
  const cases: Array<[string, Record<string, string>, string, RegExp]> = [
    ['inputs', { INPUT_SOAK_TIME: '5m' }, "fixture: failure — invalid input 'soak_time'", /How to fix: Remove or rename the unknown input: the closest valid name is suggested above/],
    ['user-error', {}, 'fixture: failure — promotion refused: sha abc is not live in staging', /How to fix: The message above says what stopped the action/],
    ['failure', {}, 'fixture: rolled-back — the health gate failed; rolled back to abc1234', /How to fix: The fixture section above shows each step/],
    ['bug', {}, 'fixture: failure — a bug in the actions suite', /How to report it:\nRe-run the job with debug logging enabled/],
    ['cancel', {}, 'fixture: cancelled', /What happened: The job was cancelled while fixture was running[^]*What to do: Nothing needs fixing/],
  ];
  for (const [name, inputs, heading, body] of cases) {
    await t.test(name, () => {
      const r = run(name, inputs);
      assert.equal(r.status, 1);
      const s = summaryOf(r);
      assert.deepEqual(s.map((x) => x.heading), [heading, 'Execution record of fixture'], r.summary);
      assert.match(s[0]!.text, body);
      assert.equal(s[1]!.tables.length, 1, 'one record table');
      assert.equal(s[1]!.tables[0]!.rows[0]![2], name === 'failure' ? 'rolled-back' : name === 'cancel' ? 'cancelled' : 'failure');
    });
  }
});

test('a cancelled run: annotated and recorded as cancelled, never as a failure', () => {
  const r = run('cancel');
  assert.equal(r.record.outcome, 'cancelled');
  assert.deepEqual(r.errors, ['fixture: cancelled (fixture was cancelled)']);
});
