// The workflow-level runner's own tests: small workflows of `run:` steps (no bundles), each
// checking one behaviour GitHub documents — input mapping and types, needs and outputs, job `if:`,
// permissions of called workflows, environments, masking, stand-ins — against the emulator.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startGitHubEmulator, type GitHubEmulator } from './github/index.ts';
import { evaluateExpression, interpolate, type ExpressionContext } from './runner/expressions.ts';
import { runWorkflow, type RepoAtCommit, type WorkflowRunResult } from './workflow/index.ts';

const REPO = 'octo-org/app';
const SHA = '1234567890123456789012345678901234567890';
const TOKEN = 'ghs_workflowRunnerTestToken0000000000000';
const LIB = 'octo-org/lib';
const LIB_SHA = 'abcdefabcdefabcdefabcdefabcdefabcdefabcd';
const CHECKOUT = 'actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683';

let em: GitHubEmulator;
let tmp: string;
let n = 0;
before(async () => {
  em = await startGitHubEmulator();
  em.seed.org('octo-org');
  em.seed.repo(REPO);
  em.seed.token(TOKEN);
  tmp = mkdtempSync(join(tmpdir(), 'workflow-test-'));
});
after(async () => {
  await em.close();
  rmSync(tmp, { recursive: true, force: true });
});

function tree(files: Record<string, string>, fullName = REPO, sha = SHA, refs = ['refs/heads/main']): RepoAtCommit {
  const dir = join(tmp, `repo-${++n}`);
  for (const [p, c] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), c);
  }
  return { fullName, sha, refs, dir };
}

async function run(files: Record<string, string>, extra: Partial<Parameters<typeof runWorkflow>[0]> = {}): Promise<WorkflowRunResult> {
  return runWorkflow({ github: em, token: TOKEN, repo: tree(files), workflow: '.github/workflows/w.yml', event: { name: 'push' }, ...extra });
}

describe('expressions for workflows', () => {
  const ctx: ExpressionContext = {
    github: {},
    runner: {},
    env: {},
    jobStatus: 'success',
    contexts: { inputs: { force: true, age: '', n: 3, list: ['a', 'b'] }, steps: { s: { outputs: { 'the-out': 'x' } } }, github: { event: { inputs: { Name: 'v' } } } },
  };
  const cases: Array<[string, unknown]> = [
    ["!inputs.force && inputs.age || ''", ''],
    ["inputs.force && 'yes' || 'no'", 'yes'],
    ['inputs.n == 3', true],
    ["inputs.n == '3'", true],
    ['steps.s.outputs.the-out', 'x'],
    ["steps['s'].outputs['the-out']", 'x'],
    ['github.event.inputs.name', 'v'],
    ['inputs.missing', null],
    ["contains(inputs.list, 'B')", true],
    ["format('{0}-{1}{{', inputs.n, 'z')", '3-z{'],
    ["join(inputs.list, '+')", 'a+b'],
    ["fromJSON('{\"a\":[1,2]}').a[1]", 2],
  ];
  for (const [src, want] of cases) test(src, () => assert.deepEqual(evaluateExpression(src, ctx), want));
  test('a value that is one expression keeps its type; text gets strings', () => {
    assert.equal(interpolate('${{ inputs.force }}', ctx), true);
    assert.equal(interpolate('force=${{ inputs.force }} n=${{ inputs.n }}', ctx), 'force=true n=3');
  });
  test('an unknown context fails loudly', () => assert.throws(() => evaluateExpression('matrix.x', ctx), /Unsupported context 'matrix'/));
});

describe('workflow runner', () => {
  test('steps: run with bash, outputs, env precedence, GITHUB_ENV, if, continue-on-error', async () => {
    const r = await run({
      '.github/workflows/w.yml': `on: push
env: { A: workflow, B: workflow }
jobs:
  j:
    runs-on: ubuntu-24.04
    env: { B: job }
    outputs:
      out: \${{ steps.one.outputs.value }}
    steps:
      - id: one
        env: { C: step }
        run: |
          echo "value=$A/$B/$C" >> "$GITHUB_OUTPUT"
          echo "LATER=exported" >> "$GITHUB_ENV"
      - id: two
        run: test "$LATER" = exported && exit 3
        continue-on-error: true
      - id: three
        if: steps.two.outcome == 'failure'
        run: echo "pipefail=$(set -o | grep pipefail | tr -s ' ')"
      - if: failure()
        run: exit 1
`,
    });
    assert.equal(r.result, 'success', r.log);
    const j = r.jobs[0]!;
    assert.equal(j.outputs['out'], 'workflow/job/step');
    assert.deepEqual(j.steps.map((s) => [s.id, s.outcome, s.conclusion]), [
      ['one', 'success', 'success'],
      ['two', 'failure', 'success'],
      ['three', 'success', 'success'],
      ['__step_4', 'skipped', 'skipped'],
    ]);
    assert.match(j.steps[2]!.log, /pipefail\s+on/);
  });

  test('needs: order, outputs, a failure skips dependants unless always()', async () => {
    const r = await run({
      '.github/workflows/w.yml': `on: push
jobs:
  c:
    needs: [a, b]
    runs-on: ubuntu-24.04
    steps:
      - run: echo never
  b:
    needs: a
    runs-on: ubuntu-24.04
    steps:
      - run: test "\${{ needs.a.outputs.v }}" = 42 && exit 1
  a:
    runs-on: ubuntu-24.04
    outputs: { v: '\${{ steps.s.outputs.v }}' }
    steps:
      - id: s
        run: echo v=42 >> "$GITHUB_OUTPUT"
  report:
    needs: [b]
    if: always() && needs.b.result == 'failure'
    runs-on: ubuntu-24.04
    steps:
      - run: echo reported
`,
    });
    assert.equal(r.result, 'failure');
    assert.deepEqual(r.jobs.map((j) => [j.name, j.result]), [['a', 'success'], ['b', 'failure'], ['c', 'skipped'], ['report', 'success']]);
  });

  test('workflow_call: types, defaults, omitted inputs forwarded as empty, secrets, outputs', async () => {
    em.seed.secret({ repo: REPO }, 'LIB_KEY', 'lib-key-value-1234');
    const lib = tree(
      {
        '.github/workflows/called.yml': `on:
  workflow_call:
    inputs:
      name: { type: string, required: true }
      flag: { type: boolean, default: true }
      count: { type: number }
      empty: { type: string }
      forwarded: { type: string }
    secrets:
      KEY: { required: true }
    outputs:
      said: { value: '\${{ jobs.say.outputs.said }}' }
permissions: {}
jobs:
  say:
    runs-on: ubuntu-24.04
    outputs: { said: '\${{ steps.s.outputs.said }}' }
    steps:
      - id: s
        env: { KEY: '\${{ secrets.KEY }}', FWD: '\${{ inputs.forwarded }}' }
        run: |
          echo "said=\${{ inputs.name }}|\${{ inputs.flag }}|\${{ inputs.count }}|\${{ inputs.empty }}|[$FWD]" >> "$GITHUB_OUTPUT"
          echo "the key is $KEY"
`,
      },
      LIB,
      LIB_SHA,
      ['v2'],
    );
    const r = await run(
      {
        '.github/workflows/w.yml': `on: workflow_dispatch
jobs:
  call:
    uses: ${LIB}/.github/workflows/called.yml@v2
    with:
      name: hi
      forwarded: \${{ inputs.not-declared-here }}
    secrets:
      KEY: \${{ secrets.LIB_KEY }}
  after:
    needs: call
    runs-on: ubuntu-24.04
    steps:
      - run: test '\${{ needs.call.outputs.said }}' = 'hi|true|0||[]'
`,
      },
      { remotes: [lib], event: { name: 'workflow_dispatch', inputs: {} } },
    );
    assert.equal(r.result, 'success', r.log);
    assert.deepEqual(r.jobs.map((j) => j.name), ['call / say', 'call', 'after']);
    assert.equal(r.jobs[0]!.workflowRef, `${LIB}/.github/workflows/called.yml@v2`);
    assert.match(r.log, /the key is \*\*\*\n/, 'secrets passed to a called workflow are masked');
    assert.ok(!r.log.includes('lib-key-value-1234'));
  });

  test('workflow_call: an unknown input, a missing required one and a wrong type fail the call', async () => {
    const lib = tree({ '.github/workflows/c.yml': 'on:\n  workflow_call:\n    inputs:\n      n: { type: number, required: true }\njobs:\n  j:\n    runs-on: x\n    steps:\n      - run: "true"\n' }, LIB, LIB_SHA, ['v2']);
    const call = (w: string): Promise<WorkflowRunResult> => run({ '.github/workflows/w.yml': `on: push\njobs:\n  c:\n    uses: ${LIB}/.github/workflows/c.yml@v2\n${w}` }, { remotes: [lib] });
    assert.match((await call('    with: { n: 1, typo: 2 }\n')).jobs[0]!.error!, /Invalid input, typo is not defined/);
    assert.match((await call('')).jobs[0]!.error!, /Input n is required/);
    assert.match((await call("    with: { n: 'one' }\n")).jobs[0]!.error!, /expects a number/);
    assert.match((await call('    with: { n: 1 }\n'.replace('v2', 'v3'))).jobs.at(-1)!.result, /success/);
    const unknownRef = await run({ '.github/workflows/w.yml': `on: push\njobs:\n  c:\n    uses: ${LIB}/.github/workflows/c.yml@main\n` }, { remotes: [lib] });
    assert.match(unknownRef.jobs[0]!.error!, /repository or version not found/);
  });

  test('permissions: a called workflow asking for more than its caller job fails; id-token gates OIDC', async () => {
    const lib = tree(
      {
        '.github/workflows/c.yml': `on: workflow_call
jobs:
  j:
    runs-on: x
    permissions: { contents: read, id-token: write }
    steps:
      - run: test -n "$ACTIONS_ID_TOKEN_REQUEST_URL"
`,
      },
      LIB,
      LIB_SHA,
      ['v2'],
    );
    const w = (perm: string): Record<string, string> => ({ '.github/workflows/w.yml': `on: push\npermissions: { contents: read }\njobs:\n  c:\n    uses: ${LIB}/.github/workflows/c.yml@v2\n    permissions: ${perm}\n` });
    const denied = await run(w('{ contents: read }'), { remotes: [lib] });
    assert.match(denied.jobs[0]!.error!, /requesting 'id-token: write', but is only allowed 'id-token: none'/);
    const ok = await run(w('{ contents: read, id-token: write }'), { remotes: [lib] });
    assert.equal(ok.result, 'success', ok.log);
    const token = await run({ '.github/workflows/w.yml': 'on: push\njobs:\n  j:\n    runs-on: x\n    permissions: { contents: read }\n    steps:\n      - run: test -z "$ACTIONS_ID_TOKEN_REQUEST_URL"\n' });
    assert.equal(token.result, 'success', token.log);
  });

  test('environments: reviewers decide, their secrets and variables apply, GitHub records the job unless deployment: false', async () => {
    em.seed.environment(REPO, 'prod');
    em.seed.secret({ repo: REPO, environment: 'prod' }, 'API_KEY', 'prod-api-key-value');
    em.seed.variable({ repo: REPO, environment: 'prod' }, 'URL', 'https://prod.example');
    const user = await fetch(`${em.url}/repos/${REPO}`, { headers: { authorization: `token ${TOKEN}` } }).then((x) => x.json() as Promise<{ owner: { id: number } }>);
    const put = await fetch(`${em.url}/repos/${REPO}/environments/prod`, {
      method: 'PUT',
      headers: { authorization: `token ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reviewers: [{ type: 'User', id: user.owner.id }] }),
    });
    assert.ok(put.ok, await put.text());
    const wf = (deployment: string): Record<string, string> => ({
      '.github/workflows/w.yml': `on: push
jobs:
  j:
    runs-on: x
    environment: { name: prod${deployment} }
    steps:
      - env: { K: '\${{ secrets.API_KEY }}' }
        run: echo "url=\${{ vars.URL }} key=$K"
`,
    });
    const waiting = await run(wf(''));
    assert.match(waiting.jobs[0]!.error!, /waiting for a required reviewer of 'prod'/);
    const rejected = await run(wf(''), { approvals: { prod: 'reject' } });
    assert.match(rejected.jobs[0]!.error!, /rejected/);
    const before = (em.state()['repos'] as Array<{ fullName: string; deployments: unknown[] }>).find((x) => x.fullName === REPO)!.deployments.length;
    const withRecord = await run(wf(''), { approvals: { prod: 'approve' } });
    assert.equal(withRecord.result, 'success', withRecord.log);
    assert.match(withRecord.log, /url=https:\/\/prod\.example key=\*\*\*/);
    const deployments = () => (em.state()['repos'] as Array<{ fullName: string; deployments: Array<{ creator: { login: string }; statuses: Array<{ state: string; log_url: string }> }> }>).find((x) => x.fullName === REPO)!.deployments;
    assert.equal(deployments().length, before + 1, 'GitHub created a deployment for the job');
    const d = deployments().find((x) => x.creator.login === 'github-actions[bot]')!;
    assert.deepEqual(d.statuses.map((s) => s.state).sort(), ['in_progress', 'success']);
    assert.match(d.statuses[0]!.log_url, /\/actions\/runs\/\d+\/job\/\d+$/);
    const without = await run(wf(', deployment: false'), { approvals: { prod: 'approve' } });
    assert.equal(without.result, 'success');
    assert.equal(deployments().length, before + 1, 'deployment: false: no record');
    assert.ok(!without.log.includes('prod-api-key-value'));
  });

  test('stand-ins: checkout refuses persisted credentials; artifacts travel between jobs with a digest; local actions need a checkout', async () => {
    const r = await run({
      '.github/workflows/w.yml': `on: push
jobs:
  up:
    runs-on: x
    outputs: { digest: '\${{ steps.u.outputs.artifact-digest }}' }
    steps:
      - uses: ${CHECKOUT} # v4.2.2
        with: { persist-credentials: false }
      - run: mkdir out && echo plan > out/plan.bin
      - id: u
        uses: actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02 # v4.6.2
        with: { name: plan, path: out/plan.bin }
  down:
    needs: up
    runs-on: x
    steps:
      - uses: actions/download-artifact@d3f86a106a0bac45b974a628896c90dbdf5c8093 # v4.3.0
        with: { name: plan, path: got }
      - run: test "$(cat got/plan.bin)" = plan && test -n '\${{ needs.up.outputs.digest }}'
  local:
    runs-on: x
    steps:
      - uses: ./actions/mine
`,
      'README.md': 'hello',
    });
    assert.deepEqual(r.jobs.map((j) => [j.name, j.result]), [['up', 'success'], ['down', 'success'], ['local', 'failure']]);
    assert.match(r.jobs[2]!.annotations[0]!.message, /Can't find 'action.yml'.*Did you forget to run actions\/checkout/);
    assert.equal(r.artifacts[0]!.name, 'plan');
    const persisted = await run({ '.github/workflows/w.yml': `on: push\njobs:\n  j:\n    runs-on: x\n    steps:\n      - uses: ${CHECKOUT}\n` });
    assert.match(persisted.jobs[0]!.annotations[0]!.message, /persist-credentials: false/);
    const unpinned = await run({ '.github/workflows/w.yml': 'on: push\njobs:\n  j:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n' });
    assert.match(unpinned.jobs[0]!.annotations[0]!.message, /pinned to a full commit sha/);
  });

  test('the OIDC token of a job names the workflow file that defined it (job_workflow_ref)', async () => {
    const lib = tree({ '.github/workflows/c.yml': `on: workflow_call\njobs:\n  j:\n    runs-on: x\n    permissions: { id-token: write }\n    steps:\n      - run: |\n          curl -fsS -H "Authorization: Bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN" "$ACTIONS_ID_TOKEN_REQUEST_URL&audience=x" | node -e 'let s="";process.stdin.on("data",(d)=>(s+=d)).on("end",()=>{const jwt=JSON.parse(s).value;console.log(JSON.stringify({job_workflow_ref:JSON.parse(Buffer.from(jwt.split(".")[1],"base64url")).job_workflow_ref}))})'\n` }, LIB, LIB_SHA, ['v2']);
    const r = await run({ '.github/workflows/w.yml': `on: push\njobs:\n  c:\n    uses: ${LIB}/.github/workflows/c.yml@v2\n    permissions: { id-token: write }\n` }, { remotes: [lib] });
    assert.equal(r.result, 'success', r.log);
    assert.match(r.log, new RegExp(`\\{"job_workflow_ref":"${LIB}/.github/workflows/c.yml@v2"\\}`));
  });
});
