// shared/diagnosis.ts: every way a run fails becomes a summary section that says what failed and
// how to fix it — inputs with their expected forms, a failed GitHub call with status, method, path
// and request id, a command's last error lines, a cancellation as "cancelled", a bug with how to
// report it — rendered as well-formed GFM, with no secret in it. API failures come from the real
// client (shared/github.ts) on a scripted fetch, so the facts are the ones users will see.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { diagnose, diagnosisMarkdown, reported, type Diagnosis } from '../../shared/diagnosis.ts';
import { ExecError, InputError, TransientError, UserError } from '../../shared/errors.ts';
import { createGitHub } from '../../shared/github.ts';
import { input, readInputs } from '../../shared/inputs.ts';
import { Redactor } from '../../shared/redact.ts';
import { sections, summaryProblems, type SummarySection } from '../harness/summary-shape.ts';
import { FakeClock } from './helpers/fake-clock.ts';
import { fakeFetch, networkError, type Step } from './helpers/fake-github-fetch.ts';

const TOKEN = 'ghs_diagnosisToken000000000000000000000aa';

function render(d: Diagnosis, redactor = new Redactor(() => {})): { md: string; section: SummarySection } {
  const md = diagnosisMarkdown('deploy', d, redactor);
  assert.deepEqual(summaryProblems(md), [], md);
  const all = sections(md);
  assert.equal(all.length, 1, md);
  return { md, section: all[0]! };
}

/** The error a real client call ends with, wrapped at the action's boundary as actions do. */
async function apiFailure(steps: Step[], call: 'write-secret' | 'create-deployment' | 'read' = 'read'): Promise<unknown> {
  const clock = new FakeClock();
  const octokit = createGitHub({ token: TOKEN, baseUrl: 'https://api.github.com', fetch: fakeFetch(steps, clock).fetch, retry: { clock, random: () => 0.5, log: () => {} } });
  try {
    if (call === 'write-secret') await octokit.request('PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}', { owner: 'o', repo: 'r', secret_name: 'DB', encrypted_value: 'x', key_id: '1' });
    else if (call === 'create-deployment') await octokit.request('POST /repos/{owner}/{repo}/deployments', { owner: 'o', repo: 'r', ref: 'main', request: { reconcile: async () => undefined } });
    else await octokit.request('GET /repos/{owner}/{repo}/deployments', { owner: 'o', repo: 'r' });
  } catch (error) {
    return new UserError('Failed to reach GitHub', { cause: error });
  }
  throw new Error('the call was meant to fail');
}

const fact = (s: SummarySection, label: string): string | undefined => s.tables.find((t) => t.header[0] === 'detail')?.rows.find((r) => r[0] === label)?.[1];
const json = (status: number, body: unknown, headers: Record<string, string> = {}): Step => ({ status, headers: { 'x-github-request-id': `REQ-${status}`, ...headers }, body });

describe('input errors: each input with the problem and the expected form', () => {
  test('several at once, a secret hidden, an unknown input with its closest name', () => {
    const redactor = new Redactor(() => {});
    const spec = {
      retries: input.integer({ min: 0, max: 10 }),
      environment: input.string({ required: true, pattern: /^[a-z]+$/, patternText: 'lower-case letters' }),
      'api-key': input.secret(),
    };
    const raw: Record<string, string> = { retries: 'lots', environment: '', 'api-key': 'x' };
    let error: unknown;
    try {
      readInputs(spec, redactor, (name) => raw[name] ?? '');
    } catch (e) {
      error = InputError.combine([...(e as InputError).parts, InputError.withMessage('enviroment', "unknown input 'enviroment' (INPUT_ENVIROMENT); did you mean 'environment'?")]);
    }
    const d = diagnose(error, { action: 'deploy', cancelled: false });
    assert.equal(d.kind, 'input');
    assert.equal(d.outcome, 'failure');
    const { section } = render(d, redactor);
    assert.equal(section.heading, 'deploy: failure — 4 invalid inputs');
    assert.match(section.text, /^What failed: 4 inputs are not valid, so the action stopped/);
    assert.deepEqual(section.tables[0]!.header, ['input', 'problem', 'expected']);
    assert.deepEqual(section.tables[0]!.rows, [
      ['retries', 'given "lots"', 'an integer from 0 to 10'],
      ['environment', 'not set', 'lower-case letters (this input is required)'],
      ['api-key', 'a secret value (hidden) that is not valid', 'a secret of at least 4 characters (shorter values cannot be masked)'],
      ['enviroment', "unknown input 'enviroment' (INPUT_ENVIROMENT); did you mean 'environment'?", '–'],
    ]);
    assert.match(section.text, /How to fix:\nGive each input listed above a value of the expected form under the step's with: /);
    assert.match(section.text, /\nRemove or rename the unknown input: the closest valid name is suggested above/);
    assert.match(d.annotation, /^deploy: 4 inputs are invalid:/);
  });

  test('a URL input with credentials never shows them', () => {
    const redactor = new Redactor(() => {});
    let error: unknown;
    try {
      readInputs({ 'target-url': input.url({ schemes: ['postgres'] }) }, redactor, () => 'mysql://admin:pa_ss|w0rd@db:5432/x');
    } catch (e) {
      error = e;
    }
    const { md, section } = render(diagnose(error, { action: 'deploy', cancelled: false }), redactor);
    assert.deepEqual(section.tables[0]!.rows, [['target-url', 'given "mysql://***@db:5432/x"', 'an absolute URL with scheme postgres']]);
    assert.ok(!md.includes('w0rd') && !section.text.includes('w0rd'));
  });
});

describe('GitHub API failures: request, status, request id, what GitHub said, and the fix', () => {
  test('403 on a secret write: the permission the token lacks and how to get it', async () => {
    const error = await apiFailure([json(403, { message: 'Resource not accessible by integration' }, { 'x-accepted-github-permissions': 'secrets=write' })], 'write-secret');
    const d = diagnose(error, { action: 'deploy', cancelled: false });
    assert.equal(d.kind, 'api');
    const { section } = render(d);
    assert.equal(section.heading, 'deploy: failure — GitHub API PUT /repos/o/r/actions/secrets/DB answered 403');
    assert.equal(fact(section, 'request'), 'PUT /repos/o/r/actions/secrets/DB');
    assert.equal(fact(section, 'status'), '403');
    assert.equal(fact(section, 'request id'), 'REQ-403');
    assert.equal(fact(section, 'attempts'), '1');
    assert.equal(fact(section, 'GitHub said'), 'Resource not accessible by integration');
    // The fix is the client's own explanation of the 403 (shared/github.ts), not a generic line.
    const fix = /How to fix: (.*)/.exec(section.text)?.[1] ?? '';
    assert.match(fix, /^The token lacks .*secrets/i);
    assert.doesNotMatch(fix, /GitHub refused the request/);
  });

  test('401: the token is refused', async () => {
    const { section } = render(diagnose(await apiFailure([json(401, { message: 'Bad credentials' })]), { action: 'deploy', cancelled: false }));
    assert.equal(fact(section, 'status'), '401');
    assert.match(section.text, /How to fix: .*token/i);
  });

  test('502 HTML pages until the retries ran out: GitHub kept failing, the page described, not pasted', async () => {
    const page = '<!DOCTYPE html><html><head><title>Unicorn! · GitHub</title></head><body>' + 'x'.repeat(3000) + '</body></html>';
    const { md, section } = render(diagnose(await apiFailure([{ status: 502, headers: { 'content-type': 'text/html' }, body: page }]), { action: 'deploy', cancelled: false }));
    assert.equal(fact(section, 'status'), '502');
    assert.match(fact(section, 'attempts') ?? '', /^[2-9]\d*$/);
    assert.equal(fact(section, 'GitHub said'), 'an HTML error page (title: Unicorn! · GitHub)');
    assert.match(section.text, /How to fix: GitHub kept failing \(status 502\) through \d+ attempts: re-run the job later/);
    assert.ok(!md.includes('xxxxxxxx'));
  });

  test('422: GitHub refused the request as invalid, in its own words', async () => {
    const { section } = render(diagnose(await apiFailure([json(422, { message: 'No ref found for: nope' })], 'create-deployment'), { action: 'deploy', cancelled: false }));
    assert.equal(fact(section, 'request'), 'POST /repos/o/r/deployments');
    assert.match(section.text, /How to fix: GitHub refused the request as invalid\. GitHub said: No ref found for: nope\. Check the inputs/);
  });

  test('no answer at all (connection refused until the retries ran out)', async () => {
    const { section } = render(diagnose(await apiFailure([{ error: networkError('ECONNREFUSED') }]), { action: 'deploy', cancelled: false }));
    assert.equal(fact(section, 'status'), 'no answer');
    assert.match(section.text, /How to fix: GitHub did not answer, even after retries/);
  });

  test('rate limit exhausted beyond the deadline: when it resets', async () => {
    const reset = Math.floor(Date.UTC(2026, 10, 28, 14, 0, 0) / 1000);
    const limited = json(403, { message: 'API rate limit exceeded for installation ID 1.' }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) });
    const { section } = render(diagnose(await apiFailure([limited]), { action: 'deploy', cancelled: false }));
    assert.equal(fact(section, 'rate limit resets'), new Date((reset + 1) * 1000).toISOString());
    assert.match(section.text, /How to fix: The token's rate limit resets at 2026-11-28T14:00:01\.000Z/);
  });
});

describe('other failures', () => {
  test("a command: its exit code and last error lines, verbatim in a code block", () => {
    const error = new UserError('the deploy script failed', { cause: new ExecError('bash deploy.sh', { exitCode: 3, signal: null, timedOut: false, stderrTail: '| not | a table |\n<b>boom</b> ```' }) });
    const d = diagnose(error, { action: 'deploy', cancelled: false });
    assert.equal(d.kind, 'command');
    const { section } = render(d);
    assert.equal(section.heading, 'deploy: failure — a command exited with code 3');
    assert.equal(fact(section, 'exit'), 'code 3');
    assert.match(section.text, /Last lines of its error output:\n\| not \| a table \|\n<b>boom<\/b> ```\n/);
    assert.match(section.text, /How to fix: The command itself failed/);
  });

  test('an environment problem (UserError) and a transient one', () => {
    const user = render(diagnose(new UserError("promotion refused: abc is not live in 'staging'"), { action: 'deploy', cancelled: false }));
    assert.equal(user.section.heading, "deploy: failure — promotion refused: abc is not live in 'staging'");
    assert.match(user.section.text, /How to fix: The message above says what stopped the action/);
    // An action that knows the fix says it (UserError's `fix`); before the kind's own advice.
    const given = render(diagnose(new UserError('not implemented yet', { fix: 'Remove the step for now.' }), { action: 'deploy', cancelled: false }));
    assert.match(given.section.text, /How to fix: Remove the step for now\.\n/);
    const wrapped = diagnose(new UserError('github-token cannot write the secret', { fix: 'Pass a GitHub App token as `github-token`.', cause: new ExecError('x', { exitCode: 1, signal: null, timedOut: false, stderrTail: '' }) }), { action: 'deploy', cancelled: false });
    assert.equal(wrapped.fix[0], 'Pass a GitHub App token as `github-token`.');
    assert.equal(wrapped.fix.length, 2);
    const transient = render(diagnose(new TransientError('the health endpoint did not answer'), { action: 'deploy', cancelled: false }));
    assert.match(transient.section.text, /How to fix: A service kept failing or did not answer: re-run the job later/);
  });

  test('a bug: said honestly, with where and how to report it', () => {
    const env = { GITHUB_ACTION_REPOSITORY: 'acme/actions-suite', GITHUB_SERVER_URL: 'https://github.com', GITHUB_RUN_ID: '9', GITHUB_RUN_ATTEMPT: '2', GITHUB_JOB: 'ship' };
    const d = diagnose(new TypeError("Cannot read properties of undefined (reading 'id')"), { action: 'deploy', cancelled: false, env });
    assert.equal(d.kind, 'bug');
    assert.match(d.annotation, /^deploy: unexpected error: Cannot read properties .*This is a bug in the actions suite; please report it/);
    const { section } = render(d);
    assert.equal(section.heading, 'deploy: failure — a bug in the actions suite');
    assert.match(section.text, /This is a bug in the actions suite, not a problem with your workflow\./);
    assert.match(section.text, /How to report it:\nRe-run the job with debug logging enabled .*\nReport it at https:\/\/github\.com\/acme\/actions-suite\/issues\/new /);
    assert.equal(fact(section, 'run'), '9/2/ship');
    assert.match(fact(section, 'suite version') ?? '', /^\d+\.\d+\.\d+$/);
    // A thrown string is a bug too, and never a success.
    assert.equal(diagnose('a thrown string', { action: 'deploy', cancelled: false, env: {} }).kind, 'bug');
    assert.match(render(diagnose('oops', { action: 'deploy', cancelled: false, env: {} })).section.text, /Report it at the issues of the repository this step's uses: names/);
  });

  test('cancelled: headed "cancelled" (never "failure"), with what to do', () => {
    const d = diagnose(new UserError('deploy was cancelled'), { action: 'deploy', cancelled: true });
    assert.equal(d.outcome, 'cancelled');
    const { section } = render(d);
    assert.equal(section.heading, 'deploy: cancelled');
    assert.doesNotMatch(section.heading + section.text, /failure/i);
    assert.match(section.text, /What happened: The job was cancelled while deploy was running/);
    assert.match(section.text, /What to do: Nothing needs fixing because of the cancellation itself\. Re-run the job/);
    assert.equal(reported({ action: 'deploy', cancelled: true, outcome: 'rolled-back', failure: 'stopped' }).outcome, 'cancelled');
  });

  test("a failure the action reported: its outcome and words, and its fix when it gave one", () => {
    const plain = render(reported({ action: 'deploy', cancelled: false, outcome: 'rolled-back', failure: 'the health gate failed; rolled back to abc1234' }));
    assert.equal(plain.section.heading, 'deploy: rolled-back — the health gate failed; rolled back to abc1234');
    assert.match(plain.section.text, /How to fix: The deploy section above shows each step/);
    const withFix = render(reported({ action: 'deploy', cancelled: false, outcome: 'failure', failure: 'x', fix: 'Raise `health-timeout`.' }));
    assert.match(withFix.section.text, /How to fix: Raise health-timeout\./);
  });
});

test('secrets are scrubbed before escaping: one with markdown characters never shows, raw or rendered', () => {
  const secret = 'p_a|s*s`w<rd>&1';
  const redactor = new Redactor(() => {});
  redactor.add(secret);
  const cases: unknown[] = [
    new UserError(`login failed with ${secret}`),
    new Error(`bug with ${secret}`),
    new UserError('x', { cause: new ExecError('bash', { exitCode: 1, signal: null, timedOut: false, stderrTail: `password: ${secret}` }) }),
  ];
  for (const error of cases) {
    const { md, section } = render(diagnose(error, { action: 'deploy', cancelled: false, env: {} }), redactor);
    for (const where of [md, section.text, JSON.stringify(section.tables)]) {
      assert.ok(!where.includes(secret) && !where.includes('s\\*s') && !where.includes('w<rd'), where);
    }
  }
});
