import assert from 'node:assert/strict';
import { test } from 'node:test';
import { COMMENT_LIMIT, commentBody, jobSummary, md, type Outcome } from '../../actions/provision/src/report.ts';
import { countChanges, SUMMARY_SCHEMA, type Change, type PlanSummary } from '../../actions/provision/src/summary.ts';

const ctx = { runUrl: 'https://github.com/o/r/actions/runs/1', sha: 'a'.repeat(40) };
const render = { command: 'plan', tool: 'terraform', dir: 'infra', workspace: 'default' };

function summary(changes: Change[]): PlanSummary {
  return {
    schema: SUMMARY_SCHEMA,
    tool: 'terraform',
    tool_version: '1.11.4',
    format_version: '1.2',
    command: 'plan',
    working_directory: 'infra',
    workspace: 'default',
    status: 'changes',
    complete: true,
    counts: countChanges(changes, [], []),
    changes,
    drift: [],
    outputs: [],
    diagnostics: [],
    deferred: [],
    digest: `sha256:${'0'.repeat(64)}`,
    truncated: false,
  };
}

const create = (address: string): Change => ({ address, kind: 'resource', action: 'create', actions: ['create'], changed_paths: [['tags', 'env'], ['name']], sensitive: false, destructive: false, protected: false, type: 'aws_instance' });

test('untrusted names stay text: markdown, HTML and pipes are escaped', () => {
  assert.equal(md('a|b <script>`x`</script> *y* [z](u)\nnext'), 'a\\|b \\<script\\>\\`x\\`\\</script\\> \\*y\\* \\[z\\](u) next');
  const s = jobSummary({ summary: summary([create('aws_instance.web["<img src=x onerror=alert(1)>"]')]), notes: [], attempts: 1 }, ctx, render);
  assert.doesNotMatch(s, /(^|[^\\])<img/, 'no unescaped HTML');
  assert.match(s, /aws\\_instance\.web\\\["\\<img src=x onerror=alert\(1\)\\>"\\\]/);
});

test('the PR comment fits GitHub\'s 65,536 characters: rows dropped, and counted', () => {
  const many = Array.from({ length: 3000 }, (_, i) => create(`module.fleet.aws_instance.node_${String(i).padStart(4, '0')}`));
  const o: Outcome = { summary: summary(many), notes: [], attempts: 1 };
  const body = commentBody('<!-- marker -->', o, ctx, render);
  assert.ok(body.length <= COMMENT_LIMIT, `${body.length}`);
  assert.ok(body.length > COMMENT_LIMIT * 0.8, 'uses the room it has');
  assert.ok(body.startsWith('<!-- marker -->\n'));
  const shown = (body.match(/\| \+ create \|/g) ?? []).length;
  assert.match(body, new RegExp(`… and ${3000 - shown} more not shown here: see the job summary of the run`));
  assert.match(body, /\*\*3000 to add\*\*/);
  const small = commentBody('<!-- marker -->', { summary: summary(many.slice(0, 3)), notes: [], attempts: 1 }, ctx, render);
  assert.ok(!small.includes('not shown'));
});

test('failures, the guard and the lock holder are said in words', () => {
  const s = summary([{ ...create('aws_db_instance.main'), action: 'delete', destructive: true, protected: true }]);
  s.guard = { max_destroy: 0, destroy: 1, protected_hits: ['aws_db_instance.main'], verdict: 'blocked', reasons: ['aws_db_instance.main is protected (protected-resources) and would be deleted'] };
  const text = jobSummary(
    {
      summary: s,
      notes: ['a note'],
      attempts: 1,
      failure: { reason: 'state-locked', message: 'locked', lockInfo: { ID: 'abc', Path: 'p', Operation: 'OperationTypeApply', Who: 'ci@runner', Version: '1.11.4', Created: 'now', Info: '' } },
    },
    ctx,
    render,
  );
  assert.match(text, /> \*\*Failed \(state-locked\):\*\* locked/);
  assert.match(text, /> \*\*Destructive changes blocked\*\*/);
  assert.match(text, /> - aws\\_db\\_instance\.main is protected/);
  assert.match(text, /> Lock held by ci@runner — ID abc, OperationTypeApply, since now/);
  assert.match(text, /\| − delete \| aws\\_db\\_instance\.main \| aws\\_instance \| tags\.env, name \| \*\*protected\*\*, destructive \|/);
  assert.match(text, /commit aaaaaaa/);
});
