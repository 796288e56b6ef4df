// provision's inputs: each validated to its final form before anything runs, cross-field rules
// named with the input, the value and the expected form, and secrets never echoed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readSettings } from '../../actions/provision/src/inputs.ts';
import { Redactor } from '../../shared/redact.ts';
import { withActionDefaults } from './helpers/action-inputs.ts';

const TOKEN = 'ghs_inputsTestToken0000000000000000000000';
const read = (values: Record<string, string>) => readSettings(new Redactor(() => {}), withActionDefaults('provision', { 'github-token': TOKEN, ...values }));
const rejects = (values: Record<string, string>, message: RegExp) => assert.throws(() => read(values), message);

test('defaults from action.yml, parsed to final values', () => {
  const s = read({ tool: 'terraform' });
  assert.equal(s.command, 'plan');
  assert.equal(s.workingDirectory, '.');
  assert.equal(s.lockTimeout, 300_000);
  assert.equal(s.maxDestroy, 0);
  assert.equal(s.stopGrace, 120_000);
  assert.equal(s.comment, 'update');
  assert.equal(s.alert, 'annotation');
  assert.equal(s.apiTimeout, 300_000, 'api-timeout: 5m, for the client (createGitHub apiTimeoutMs)');
  assert.equal(s.toolOidc, false, 'the tools get no OIDC token request unless asked');
  assert.equal(read({ tool: 'terraform', 'max-destroy': 'unlimited' }).maxDestroy, Number.POSITIVE_INFINITY);
  assert.deepEqual(read({ tool: 'ansible', playbook: 'site.yml', tags: 'web, db' }).tags, ['web', 'db']);
});

test('api-timeout: the time PR comments and drift issues may wait on GitHub, from 10s to 6h', () => {
  assert.equal(read({ tool: 'terraform', 'api-timeout': '45s' }).apiTimeout, 45_000);
  rejects({ tool: 'terraform', 'api-timeout': '5s' }, /Input 'api-timeout' has value "5s"; expected a duration of at least 10000ms/);
  rejects({ tool: 'terraform', 'api-timeout': 'forever' }, /Input 'api-timeout' has value "forever"/);
});

test('backend-config is KEY=VALUE lines and a secret: a bad line is named without its value', () => {
  const s = read({ tool: 'terraform', 'backend-config': 'bucket=state\nkey = infra/prod.tfstate', vars: 'env=prod\nurl=https://x/?a=b' });
  assert.deepEqual(s.backendConfig, [['bucket', 'state'], ['key', 'infra/prod.tfstate']]);
  assert.deepEqual(s.vars, [['env', 'prod'], ['url', 'https://x/?a=b']], 'parsed once, to pairs');
  assert.throws(
    () => read({ tool: 'terraform', 'backend-config': 'bucket=state\nsecret_key: AKIAVERYSECRET' }),
    (e: Error) => /Input 'backend-config' has value \*\*\*; expected each line to be KEY=value/.test(e.message) && !e.message.includes('AKIAVERYSECRET'),
  );
});

test('terraform and tofu apply need the reviewed plan file and its digest', () => {
  rejects({ tool: 'terraform', command: 'apply' }, /2 inputs are invalid[\s\S]*Input 'plan-file'[\s\S]*Input 'plan-digest' has value ""; expected the plan-digest output of the plan step/);
  rejects({ tool: 'tofu', command: 'apply', 'plan-file': 'p', 'plan-digest': 'sha256:nothex' }, /Input 'plan-digest' has value "sha256:nothex"; expected the plan-digest output/);
  assert.equal(read({ tool: 'tofu', command: 'apply', 'plan-file': 'p', 'plan-digest': `sha256:${'a'.repeat(64)}` }).planDigest, `sha256:${'a'.repeat(64)}`);
  rejects({ tool: 'terraform', 'plan-digest': `sha256:${'a'.repeat(64)}` }, /Input 'plan-digest' .* expected nothing with command plan/);
});

test('inputs of the other tool are refused, naming the tool', () => {
  rejects({ tool: 'terraform', playbook: 'site.yml' }, /Input 'playbook' has value "site\.yml"; expected nothing, since tool is terraform/);
  rejects({ tool: 'terraform', 'ssh-private-key': 'a-private-key-xyz' }, /Input 'ssh-private-key' has value \*\*\*; expected nothing/);
  rejects({ tool: 'ansible', playbook: 'site.yml', workspace: 'prod' }, /Input 'workspace' has value "prod"; expected nothing, since tool is ansible/);
  rejects({ tool: 'ansible' }, /Input 'playbook' has value ""; expected a playbook path, since tool is ansible/);
});

test('paths stay in the workspace; values that would be flags are refused', () => {
  rejects({ tool: 'terraform', 'working-directory': '../elsewhere' }, /Input 'working-directory' has value "\.\.\/elsewhere"; expected a path relative to the workspace/);
  rejects({ tool: 'terraform', 'plan-file': '/tmp/x.plan' }, /Input 'plan-file'/);
  rejects({ tool: 'terraform', targets: '-destroy' }, /Input 'targets' has value "-destroy"; expected each item to be a resource address/);
  rejects({ tool: 'ansible', playbook: 'site.yml', limit: '--become' }, /Input 'limit' has value "--become"/);
  rejects({ tool: 'terraform', 'protected-resources': 'aws_db_instance\n$(rm -rf /)' }, /Input 'protected-resources' has value "\$\(rm -rf \/\)"/);
  rejects({ tool: 'terraform', vars: 'not a var' }, /Input 'vars' has value "not a var"; expected each line to be KEY \(letters, digits, _\)=value/);
  rejects({ tool: 'terraform', 'max-destroy': 'lots' }, /Input 'max-destroy' has value "lots"; expected a number of deletions and replacements from 0 to 100000, or unlimited/);
});
