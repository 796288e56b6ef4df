import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, after, describe, test } from 'node:test';
import { dotenvQuote, runLocalAction } from './local-action.ts';
import {
  RunnerSecretMasker,
  binDir,
  evaluateCondition,
  evaluateTemplate,
  inputEnvName,
  node24,
  parseCommandLine,
  parseKeyValueFile,
  REGISTERED_COMMANDS,
  repoRoot,
  runAction,
} from './runner/index.ts';
import type { ExpressionContext, JobStatus, RunResult } from './runner/index.ts';

const fixtures = join(repoRoot, 'test', 'fixtures', 'actions');
const registered = new Set(REGISTERED_COMMANDS);

describe('expressions', () => {
  const ctx = (jobStatus: JobStatus, env: Record<string, string> = {}): ExpressionContext => ({
    github: { token: 'tok', sha: 'abc123', ref: 'refs/heads/main', repository: 'o/r', workspace: '/w' },
    runner: { os: 'Linux', arch: 'X64', temp: '/t' },
    env,
    jobStatus,
  });

  test('input defaults: the supported github.* names, inside text too', () => {
    const c = ctx('success');
    assert.equal(evaluateTemplate('${{ github.token }}', c), 'tok');
    assert.equal(evaluateTemplate('${{github.sha}}', c), 'abc123');
    assert.equal(evaluateTemplate('v-${{ github.ref }}/${{ github.repository }}@${{ github.workspace }}', c), 'v-refs/heads/main/o/r@/w');
    assert.equal(evaluateTemplate('plain', c), 'plain');
  });

  test('input defaults: anything else fails loudly', () => {
    const c = ctx('success');
    for (const e of ['${{ secrets.TOKEN }}', '${{ github.event.pull_request.title }}', "${{ format('{0}', github.sha) }}", '${{ env.HOME }}', '${{ github.sha']) {
      assert.throws(() => evaluateTemplate(e, c), /Unsupported expression|Unterminated/, e);
    }
  });

  const conditions: Array<[string, Partial<Record<JobStatus, boolean>>]> = [
    ['always()', { success: true, failure: true, cancelled: true }],
    ['success()', { success: true, failure: false, cancelled: false }],
    ['failure()', { success: false, failure: true, cancelled: false }],
    ['cancelled()', { success: false, failure: false, cancelled: true }],
    ['!cancelled()', { success: true, failure: true, cancelled: false }],
    ['${{ failure() }}', { success: false, failure: true, cancelled: false }],
    ['failure() || cancelled()', { success: false, failure: true, cancelled: true }],
    ["runner.os == 'Linux'", { success: true, failure: false, cancelled: false }], // implicit success() &&
    ["runner.os == 'linux' && always()", { success: true, failure: true, cancelled: true }],
    ["runner.os != 'Linux'", { success: false }],
    ["always() && runner.os == 'Windows'", { success: false, failure: false }],
    ["always() && env.MODE == 'fast'", { success: true }],
    ["always() && env.MISSING == ''", { success: true }],
    ["always() && startsWith(github.ref, 'refs/heads/')", { success: true }],
    ["always() && contains(github.repository, 'O/')", { success: true }],
    ['', { success: true, failure: false }],
  ];
  for (const [cond, expected] of conditions) {
    test(`condition ${JSON.stringify(cond)}`, () => {
      for (const [status, want] of Object.entries(expected)) {
        assert.equal(evaluateCondition(cond, ctx(status as JobStatus, { MODE: 'fast' })), want, status);
      }
    });
  }

  test('conditions: unknown functions and contexts fail loudly', () => {
    for (const c of ['hashFiles()', "steps.x.outputs.y == 'a'", 'job.status', "inputs.x == 'y'"]) {
      assert.throws(() => evaluateCondition(c, ctx('success')), /Unsupported/, c);
    }
  });
});

describe('workflow command parsing', () => {
  const cases: Array<[string, { name: string; properties?: Record<string, string>; data: string } | undefined]> = [
    ['::add-mask::s3cret', { name: 'add-mask', data: 's3cret' }],
    ['  ::debug::leading spaces are allowed', { name: 'debug', data: 'leading spaces are allowed' }],
    ['::ERROR::names are case-insensitive', { name: 'error', data: 'names are case-insensitive' }],
    ['::error file=a%2Cb.ts,line=3,col=4,title=T%3A x::m%0Aline2 %25', { name: 'error', properties: { file: 'a,b.ts', line: '3', col: '4', title: 'T: x' }, data: 'm\nline2 %' }],
    ['::warning endLine=5,endColumn=9::x', { name: 'warning', properties: { endline: '5', endcolumn: '9' }, data: 'x' }],
    ['::set-output name=out::a::b', { name: 'set-output', properties: { name: 'out' }, data: 'a::b' }],
    ['::group::', { name: 'group', data: '' }],
    ['::unknown::not a command', undefined],
    ['text ::debug:: in the middle', undefined],
    [':: debug::x', undefined],
    ['::debug', undefined],
    ['##[warning]legacy form', { name: 'warning', data: 'legacy form' }],
    ['prefix ##[set-output name=x;]legacy%3Bdata', { name: 'set-output', properties: { name: 'x' }, data: 'legacy;data' }],
    // .NET's TrimStart: U+00A0 and U+0085 are whitespace (JavaScript's trimStart keeps U+0085).
    ['\u00a0\u0085::debug::nbsp and NEL trimmed', { name: 'debug', data: 'nbsp and NEL trimmed' }],
    // U+FEFF is not whitespace to .NET, but ICU's comparison skips it: counted as a command.
    ['\ufeff::debug::BOM', { name: 'debug', data: 'BOM' }],
    // ICU's culture-sensitive StartsWith / IndexOf skip default-ignorable characters.
    ['\u200b::stop-commands::zero-width-space', { name: 'stop-commands', data: 'zero-width-space' }],
    ['x #\u200b#[stop-commands]zws-legacy', { name: 'stop-commands', data: 'zws-legacy' }],
    // What shared/log.ts's inert() prints instead: visible, and no command.
    ['\\::stop-commands::x', undefined],
    ['x ##\\[stop-commands]y', undefined],
  ];
  for (const [line, want] of cases) {
    test(JSON.stringify(line), () => {
      const got = parseCommandLine(line, registered);
      if (want === undefined) return assert.equal(got, undefined);
      assert.ok(got);
      assert.equal(got.name, want.name);
      assert.equal(got.data, want.data);
      assert.deepEqual(got.properties, want.properties ?? {});
    });
  }
});

describe('environment files', () => {
  test('name=value and heredoc forms, = before << and after', () => {
    const text = 'a=1\nb<<EOF\nline 1\nline 2\nEOF\nc=x<<y\nd<<E=Q\nv\nE=Q\n\nempty<<Z\nZ\ncr=v\r\n';
    assert.deepEqual(parseKeyValueFile(text), {
      entries: [
        ['a', '1'],
        ['b', 'line 1\nline 2'],
        ['c', 'x<<y'],
        ['d', 'v'],
        ['empty', ''],
        ['cr', 'v\r'], // Linux runners split on LF only
      ],
    });
  });

  test('errors the runner fails the step for', () => {
    assert.match(parseKeyValueFile('novalue\n').error ?? '', /Invalid format 'novalue'/);
    assert.match(parseKeyValueFile('=v\n').error ?? '', /Name must not be empty/);
    assert.match(parseKeyValueFile('x<<EOF\nvalue\n').error ?? '', /Matching delimiter not found 'EOF'/);
    assert.match(parseKeyValueFile('x<<EOF\nvalue').error ?? '', /EOF marker missing new line/);
    assert.match(parseKeyValueFile('x<<\n').error ?? '', /delimiter must not be empty/);
    const partial = parseKeyValueFile('ok=1\nbad\n');
    assert.deepEqual(partial.entries, [['ok', '1']]);
  });

  test('INPUT_ names: upper-cased, spaces to underscores, hyphens kept', () => {
    assert.equal(inputEnvName('fetch-depth'), 'INPUT_FETCH-DEPTH');
    assert.equal(inputEnvName('display name'), 'INPUT_DISPLAY_NAME');
    assert.equal(inputEnvName('Mixed Case-name x'), 'INPUT_MIXED_CASE-NAME_X');
  });
});

describe('runner secret masker', () => {
  test('masks the value, each line, and the encodings the runner knows', () => {
    const m = new RunnerSecretMasker();
    const secret = 'first-line-secret\n  second-line-secret  ';
    assert.equal(m.addMask(secret), true);
    assert.equal(m.mask('a first-line-secret b'), 'a *** b');
    assert.equal(m.mask('second-line-secret'), '***');
    assert.equal(m.mask(Buffer.from('first-line-secret').toString('base64')), '***');
    assert.equal(m.mask(`Basic ${Buffer.from('ab:first-line-secret').toString('base64')}`), 'Basic YWI6***', 'shifted base64 at the end');
    assert.equal(m.mask(JSON.stringify(secret)), '"***"');
    assert.equal(m.mask(encodeURIComponent('first-line-secret')), '***');
  });

  test('does not mask what the runner misses (hex, base64url, double base64)', () => {
    const m = new RunnerSecretMasker();
    m.addMask('p+ss/w0rd?~~');
    for (const v of [Buffer.from('p+ss/w0rd?~~').toString('hex'), Buffer.from('p+ss/w0rd?~~').toString('base64url'), Buffer.from(Buffer.from('p+ss/w0rd?~~').toString('base64')).toString('base64')]) {
      assert.equal(m.mask(v), v);
    }
  });

  test('merges overlapping hits; empty values register nothing', () => {
    const m = new RunnerSecretMasker();
    m.addValue('abcdef');
    m.addValue('defghi');
    assert.equal(m.mask('xxabcdefghixx'), 'xx***xx');
    assert.equal(m.addMask('  \n '), false);
    assert.equal(m.mask('  \n '), '  \n ');
  });
});

describe('runAction: a pre → main → post action (fixture "full")', () => {
  const secret = 'hunter2-very-secret\nsecond-line-secret';
  let r: RunResult;
  const step = (entry: 'pre' | 'main' | 'post') => r.steps.find((s) => s.entry === entry)!;

  before(async () => {
    r = await runAction({
      actionDir: join(fixtures, 'full'),
      inputs: { 'secret-value': secret, 'old-input': 'x', 'unknown-one': 'y', 'Fetch-Depth': '5' },
      token: 'ghs_tokentokentoken123',
      context: { repository: 'acme/widgets', sha: '0123456789abcdef0123456789abcdef01234567', ref: 'refs/tags/v1.2.3', runId: '99', job: 'deploy' },
    });
  });

  test('runs pre, main and post in order and succeeds', () => {
    assert.deepEqual(
      r.steps.map((s) => [s.entry, s.conclusion]),
      [
        ['pre', 'success'],
        ['main', 'success'],
        ['post', 'success'],
      ],
    );
    assert.equal(r.exitCode, 0);
    assert.equal(r.conclusion, 'success');
    assert.match(r.stdout, /^pre ran\n[\s\S]*post ran\n$/);
  });

  test('applies action.yml defaults, evaluating ${{ github.* }}; names keep hyphens, spaces become _', () => {
    const env = JSON.parse(r.outputs['inputs']!) as Record<string, string>;
    assert.equal(env['INPUT_TOKEN'], 'ghs_tokentokentoken123');
    assert.equal(env['INPUT_SHA'], '0123456789abcdef0123456789abcdef01234567');
    assert.equal(env['INPUT_REF'], 'refs/tags/v1.2.3');
    assert.equal(env['INPUT_REPOSITORY'], 'acme/widgets');
    assert.equal(env['INPUT_WORKSPACE'], r.workspace);
    assert.equal(env['INPUT_TAGGED'], 'build-0123456789abcdef0123456789abcdef01234567-x');
    assert.equal(env['INPUT_FETCH-DEPTH'], '5', 'a given value wins over the default, names compared case-insensitively');
    assert.equal(env['INPUT_DISPLAY_NAME'], 'Ada Lovelace');
    assert.equal(env['INPUT_FLAG'], 'true');
    assert.equal(env['INPUT_LENGTH'], '16');
    assert.equal(env['INPUT_NO-DEFAULT'], '');
    assert.equal(env['INPUT_UNKNOWN-ONE'], 'y', 'unexpected inputs are still passed');
    assert.equal(r.inputs['display name'], 'Ada Lovelace');
  });

  test('warns about unexpected and deprecated inputs, as the runner does', () => {
    const runner = r.annotations.filter((a) => a.source === 'runner').map((a) => a.message);
    assert.ok(runner.some((m) => m.startsWith("Unexpected input(s) 'unknown-one', valid inputs are ['token', 'sha'")));
    assert.ok(runner.includes("Input 'old-input' has been deprecated with message: use something else"));
  });

  test('GITHUB_* and RUNNER_* context, cwd = workspace, isolated HOME', () => {
    const ctx = JSON.parse(r.outputs['context']!) as Record<string, string>;
    assert.equal(ctx['GITHUB_ACTIONS'], 'true');
    assert.equal(ctx['CI'], 'true');
    assert.equal(ctx['GITHUB_REPOSITORY'], 'acme/widgets');
    assert.equal(ctx['GITHUB_REPOSITORY_OWNER'], 'acme');
    assert.equal(ctx['GITHUB_REF_NAME'], 'v1.2.3');
    assert.equal(ctx['GITHUB_REF_TYPE'], 'tag');
    assert.equal(ctx['GITHUB_RUN_ID'], '99');
    assert.equal(ctx['GITHUB_RUN_ATTEMPT'], '1');
    assert.equal(ctx['GITHUB_JOB'], 'deploy');
    assert.equal(ctx['GITHUB_ACTION_PATH'], undefined, 'the runner sets it only for the steps of a composite action');
    assert.equal(ctx['GITHUB_API_URL'], 'https://api.github.com');
    assert.equal(ctx['RUNNER_OS'], 'Linux');
    assert.equal(ctx['GITHUB_WORKSPACE'], r.workspace);
    assert.ok(ctx['GITHUB_EVENT_PATH']!.startsWith(r.runnerTemp));
    assert.ok(ctx['GITHUB_OUTPUT']!.startsWith(join(r.runnerTemp, '_runner_file_commands', 'set_output_')));
    assert.equal(ctx['GITHUB_TOKEN'], undefined, 'the runner passes the token as an input, not as env');
    assert.notEqual(ctx['HOME'], process.env['HOME']);
    assert.equal(r.outputs['cwd'], r.workspace);
    assert.equal(step('main').processEnv['NODE_TEST_CONTEXT'], undefined, 'nothing of the test process leaks in');
  });

  test('outputs in both forms and the deprecated ::set-output', () => {
    assert.equal(r.outputs['multiline'], 'line 1\nline 2');
    assert.equal(r.outputs['with-equals'], 'a=b=c');
    assert.equal(r.outputs['legacy'], 'old-style');
    assert.ok(r.annotations.some((a) => a.source === 'runner' && a.message.startsWith('The `set-output` command is deprecated')));
    assert.equal(r.outputs['pre-output'], undefined, "outputs are main's");
    assert.equal(step('pre').outputs['pre-output'], 'not an output of the action');
  });

  test('state: pre → main → post as STATE_<name>', () => {
    assert.equal(r.outputs['from-state'], 'pre-value');
    assert.equal(r.outputs['multi-state'], 'first line\nsecond line');
    assert.equal(step('post').outputs['state-pre'], 'pre-value');
    assert.equal(step('post').outputs['state-main'], 'main-value');
    assert.deepEqual(r.state, { from_pre: 'pre-value', multi: 'first line\nsecond line', from_main: 'main-value' });
    assert.deepEqual(step('main').state, { from_main: 'main-value' });
  });

  test('GITHUB_ENV and GITHUB_PATH reach later steps; NODE_OPTIONS is refused', () => {
    assert.equal(r.outputs['env-from-pre'], 'yes');
    assert.equal(r.outputs['path-head'], '/opt/from-pre');
    assert.equal(step('post').outputs['env-pre'], 'yes');
    assert.equal(step('post').outputs['env-main'], JSON.stringify('multi\nline'));
    assert.equal(step('post').outputs['path'], '/opt/from-main:/opt/from-pre', 'the latest addition comes first');
    assert.deepEqual(r.path, ['/opt/from-main', '/opt/from-pre']);
    assert.deepEqual(r.env, { FROM_PRE: 'yes', MAIN_VAR: 'multi\nline' });
    assert.equal(step('post').outputs['node-options'], '<unset>');
    assert.ok(r.annotations.some((a) => a.level === 'error' && a.message.includes("Can't store NODE_OPTIONS")));
  });

  test('masks: the value and each line, in later lines of stdout and stderr', () => {
    assert.deepEqual(r.masks, [secret]);
    const m = r.maskedStdout;
    assert.match(m, /^before mask: hunter2-very-secret$/m, 'masking only affects later lines');
    assert.match(m, /^::add-mask::\*\*\*$/m);
    assert.match(m, /^after mask: \*\*\*\n\*\*\*$/m);
    assert.match(m, /^a line: \*\*\*\na line: \*\*\*$/m);
    assert.match(m, /^base64: \*\*\*$/m, 'the runner masks base64');
    assert.match(m, /^hex: [0-9a-f]+$/m, 'but not hex');
    assert.equal(r.maskedStderr, 'stderr: ***\n***\n');
    assert.ok(!r.log.includes('second-line-secret'));
    assert.deepEqual(r.log.match(/^::add-mask::.*$/gm), ['::add-mask::not-a-mask-while-stopped'], 'processed registrations are not shown');
    assert.ok(r.annotations.some((a) => a.message === "Can't add secret mask for empty string in ##[add-mask] command."));
  });

  test('annotations with file, line, columns and title (unescaped), paths made workspace-relative', () => {
    const actionAnnotations = r.annotations.filter((a) => a.source === 'action');
    assert.deepEqual(
      actionAnnotations.map(({ level, message, file, line, col, endColumn, title }) => ({ level, message, file, line, col, endColumn, title })),
      [
        { level: 'warning', message: 'Something\nnext line 100%', file: 'src/a.ts', line: 3, col: 7, endColumn: 9, title: 'Title, with: comma' },
        { level: 'error', message: 'plain error', file: undefined, line: undefined, col: undefined, endColumn: undefined, title: undefined },
        { level: 'notice', message: 'a notice', file: undefined, line: undefined, col: undefined, endColumn: undefined, title: 'Note' },
        { level: 'error', message: 'absolute path', file: 'src/abs.ts', line: 12, col: undefined, endColumn: undefined, title: undefined },
        { level: 'notice', message: 'after resume', file: undefined, line: undefined, col: undefined, endColumn: undefined, title: undefined },
      ],
    );
    assert.ok(actionAnnotations.every((a) => a.step === 'main'));
  });

  test('::stop-commands:: suspends processing until its token; debug, groups', () => {
    assert.ok(!r.annotations.some((a) => a.message.includes('not a command while stopped')));
    assert.ok(!r.masks.includes('not-a-mask-while-stopped'));
    assert.match(r.log, /^::warning::not a command while stopped$/m);
    assert.match(r.log, /^::unknown-command::stays a plain line$/m);
    assert.deepEqual(r.debug, [{ step: 'main', message: 'a debug message' }]);
    assert.ok(!r.log.includes('a debug message'), 'debug lines are hidden without step debug');
    assert.deepEqual(r.groups, [{ step: 'main', name: 'My group' }]);
    // stdout alone: a line the step wrote to stderr earlier may arrive anywhere through its own pipe.
    const shownStdout = r.transcript.filter((t) => t.stream === 'stdout' && t.shown !== null).map((t) => t.shown).join('\n');
    assert.match(shownStdout, /^##\[group\]My group\ninside group\n##\[endgroup\]$/m);
  });

  test('job summary: each step appended; raw files kept', () => {
    assert.equal(r.summary, '## from pre\n## from main\n## from post\n');
    assert.equal(r.files.summary, r.summary);
    assert.match(r.files.output, /^multiline<<ghadelimiter_[0-9a-f-]+\nline 1\nline 2\nghadelimiter_/m);
    assert.match(r.files.env, /^FROM_PRE=yes$/m);
    assert.match(r.files.state, /^from_pre=pre-value$/m);
  });

  test('temp dirs are removed afterwards', () => {
    assert.equal(existsSync(r.runnerTemp), false);
    assert.equal(existsSync(r.workspace), false);
  });
});

describe('runAction: conditions, failures, cancellation', () => {
  test('afterMain (the job\'s other steps) runs between main and post, with main\'s result', async () => {
    const seen: Array<[string, string | undefined]> = [];
    const r = await runAction({
      actionDir: join(fixtures, 'full'),
      afterMain: async (main) => {
        seen.push([main.entry, main.state['from_main']]);
      },
    });
    assert.deepEqual(seen, [['main', 'main-value']]);
    assert.deepEqual(r.steps.map((s) => s.entry), ['pre', 'main', 'post']);
  });

  test('pre-if false skips pre; main then sees no state from it', async () => {
    const r = await runAction({ actionDir: join(fixtures, 'full'), env: { SKIP_PRE: 'yes' } });
    assert.equal(r.steps[0]!.skipped, true);
    assert.equal(r.steps[0]!.conclusion, 'skipped');
    assert.equal(r.outputs['from-state'], '<unset>');
    assert.equal(r.inputs['token'], '', 'no token given: ${{ github.token }} is empty');
  });

  test('post-if failure(): skipped after success, run after a failure', async () => {
    const ok = await runAction({ actionDir: join(fixtures, 'post-on-failure') });
    assert.deepEqual(
      ok.steps.map((s) => [s.entry, s.conclusion]),
      [
        ['main', 'success'],
        ['post', 'skipped'],
      ],
    );
    const failed = await runAction({ actionDir: join(fixtures, 'post-on-failure'), inputs: { 'exit-code': '1' } });
    assert.equal(failed.exitCode, 1);
    assert.equal(failed.conclusion, 'failure');
    assert.deepEqual(
      failed.steps.map((s) => [s.entry, s.conclusion]),
      [
        ['main', 'failure'],
        ['post', 'success'],
      ],
    );
    assert.equal(failed.steps[1]!.outputs['post'], 'ran after yes');
    assert.ok(failed.annotations.some((a) => a.level === 'error' && a.message === 'main failed on purpose'));
  });

  test('a malformed GITHUB_OUTPUT fails the step although the process exits 0', async () => {
    const r = await runAction({ actionDir: join(fixtures, 'bad-file-command') });
    assert.equal(r.exitCode, 0);
    assert.equal(r.steps[0]!.conclusion, 'failure');
    assert.equal(r.conclusion, 'failure');
    assert.deepEqual(r.outputs, { good: '1' });
    assert.ok(r.annotations.some((a) => a.message === "Unable to process file command 'output' successfully."));
    assert.ok(r.annotations.some((a) => a.message === "Invalid format 'this line has no separator'"));
  });

  test('an unsupported expression in a default fails loudly', async () => {
    await assert.rejects(runAction({ actionDir: join(fixtures, 'bad-default') }), /Unsupported expression \$\{\{ secrets\.PASSWORD \}\}/);
  });

  test('action names resolve to actions/<name>; a missing one is an error', async () => {
    await assert.rejects(runAction({ action: 'no-such-action' }), new RegExp(`No action.yml in ${join(repoRoot, 'actions', 'no-such-action')}`));
    await assert.rejects(runAction({ actionDir: join(fixtures, 'full'), action: 'deploy' }), /exactly one/);
  });

  test('cancellation: SIGINT to main, then post with cancelled()', async () => {
    const r = await runAction({ actionDir: join(fixtures, 'cancel'), cancelAfterMs: 300 });
    const [main, post] = r.steps;
    assert.equal(main!.signal, 'SIGINT');
    assert.equal(main!.exitCode, null);
    assert.equal(main!.conclusion, 'cancelled');
    assert.equal(r.cancelled, true);
    assert.equal(r.conclusion, 'cancelled');
    assert.equal(post!.skipped, false);
    assert.match(post!.stdout, /post saw the cancellation/);
    assert.ok(main!.durationMs < 5000);
  });

  test('cancellation: a main that handles SIGINT can save state for post', async () => {
    const r = await runAction({ actionDir: join(fixtures, 'cancel'), inputs: { mode: 'graceful' }, cancelOnLine: /^main started$/ });
    assert.equal(r.exitCode, 130);
    assert.match(r.steps[0]!.stdout, /got SIGINT/);
    assert.equal(r.steps[1]!.outputs['interrupted'], 'yes');
  });

  test('cancellation: SIGTERM follows when SIGINT is ignored', async () => {
    const r = await runAction({ actionDir: join(fixtures, 'cancel'), inputs: { mode: 'stubborn' }, cancelOnLine: /^main started$/, killGrace: { sigtermAfterMs: 300 } });
    assert.equal(r.exitCode, 143);
    assert.match(r.steps[0]!.stdout, /ignoring SIGINT\ngot SIGTERM/);
    assert.equal(r.cancelled, true);
  });

  test('a step timeout fails the step (not a cancellation): cancelled() posts do not run', async () => {
    const r = await runAction({ actionDir: join(fixtures, 'cancel'), timeoutMs: 300 });
    assert.equal(r.steps[0]!.timedOut, true);
    assert.equal(r.steps[0]!.conclusion, 'failure');
    assert.equal(r.conclusion, 'failure');
    assert.equal(r.steps[1]!.skipped, true);
  });

  test('a caller-provided workspace is kept; debug mode shows debug lines', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'ws-'));
    try {
      writeFileSync(join(ws, 'marker'), 'x');
      const r = await runAction({ actionDir: join(fixtures, 'full'), workspace: ws, debug: true });
      assert.equal(r.outputs['cwd'], ws);
      assert.ok(existsSync(join(ws, 'marker')));
      assert.match(r.log, /^##\[debug\]a debug message$/m);
      assert.equal((JSON.parse(r.outputs['context']!) as Record<string, string>)['RUNNER_DEBUG'], '1');
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  });
});

describe('cross-check with @github/local-action (fixture "ts-cross")', () => {
  const src = join(fixtures, 'ts-cross');
  let bundleDir: string;

  before(() => {
    // The runner runs the bundle; build it the way the suite does (ncc), outside the source tree.
    bundleDir = mkdtempSync(join(tmpdir(), 'ts-cross-'));
    const r = spawnSync(node24(), [join(binDir, 'ncc'), 'build', join(src, 'src', 'index.ts'), '-o', join(bundleDir, 'dist'), '--quiet'], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 120_000,
    });
    assert.equal(r.status, 0, `ncc build failed:\n${r.stdout}\n${r.stderr}`);
    copyFileSync(join(src, 'action.yml'), join(bundleDir, 'action.yml'));
  });
  after(() => rmSync(bundleDir, { recursive: true, force: true }));

  test('dotenv quoting round-trips newlines and quotes', () => {
    assert.equal(dotenvQuote('plain'), "'plain'");
    assert.equal(dotenvQuote('a\nb'), "'a\nb'");
    assert.equal(dotenvQuote("it's"), '"it\'s"');
    assert.equal(dotenvQuote('it\'s "x"'), '`it\'s "x"`');
  });

  test('the bundle under the runner emulation and the source under local-action agree', async () => {
    const inputs = { 'secret-name': 'db_password' };
    const [emulated, local] = await Promise.all([runAction({ actionDir: bundleDir, inputs }), runLocalAction({ actionDir: src, inputs })]);
    assert.equal(local.exitCode, 0, local.stdout + local.stderr);
    assert.equal(emulated.exitCode, 0, emulated.stdout + emulated.stderr);
    assert.deepEqual(local.outputs, { 'masked-name': 'DB_PASSWORD', length: '16', greeting: 'hello Grace Hopper' });
    assert.deepEqual(emulated.outputs, local.outputs);
    assert.equal(emulated.summary, local.summary);
    assert.match(local.summary, /<h1>Cross-check<\/h1>/);
    assert.deepEqual(emulated.env, { CROSS_CHECK: 'yes' });
    assert.match(local.stdout, /rotating db_password \(len 16\)/);
    assert.match(emulated.stdout, /^rotating db_password \(len 16\)$/m);
  });

  test('both report a failing input the same way', async () => {
    const inputs = { 'secret-name': 'x', length: 'many' };
    const [emulated, local] = await Promise.all([runAction({ actionDir: bundleDir, inputs }), runLocalAction({ actionDir: src, inputs })]);
    assert.equal(emulated.exitCode, 1);
    assert.deepEqual(
      emulated.annotations.filter((a) => a.source === 'action').map((a) => [a.level, a.message]),
      [['error', "Input 'length' must be an integer"]],
    );
    assert.match(local.stdout, /::error::Input 'length' must be an integer/);
    assert.deepEqual(local.outputs, {});
    assert.deepEqual(emulated.outputs, {});
    assert.ok(readFileSync(join(bundleDir, 'dist', 'index.js'), 'utf8').length > 0);
  });
});

describe('stop-commands as the runner validates it (ActionCommandManager.ValidateStopToken)', () => {
  test("an empty token, 'pause-logging' or a command's name is refused: the step fails and commands go on", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stop-token-'));
    try {
      writeFileSync(join(dir, 'action.yml'), "name: t\ndescription: t\nruns:\n  using: node24\n  main: main.js\n");
      writeFileSync(
        join(dir, 'main.js'),
        ["console.log('::stop-commands::');", "console.log('::stop-commands::pause-logging');", "console.log('::stop-commands::warning');", "console.log('::warning::still processed');", "console.log('::stop-commands::long-token-1');", "console.log('::error::not processed');", "console.log('long-token-1 is masked');"].join('\n'),
      );
      const r = await runAction({ actionDir: dir });
      assert.equal(r.steps[0]?.conclusion, 'failure', 'a refused token fails the step');
      assert.equal(r.annotations.filter((a) => a.source === 'runner' && /You cannot use a endToken/.test(a.message)).length, 3);
      assert.ok(r.annotations.some((a) => a.source === 'action' && a.message === 'still processed'));
      assert.ok(!r.annotations.some((a) => a.message === 'not processed'));
      assert.match(r.log, /^\*\*\* is masked$/m, 'a token longer than 6 characters is masked');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
