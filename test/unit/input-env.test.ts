import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError } from '../../shared/errors.ts';
import { applyInputEnv, closestName, defaultSource, inputEnvName, resolveInputEnv, type ActionMetadata } from '../../shared/input-env.ts';

const META: ActionMetadata = {
  action: 'deploy',
  inputs: { environment: null, ref: '${{ github.sha }}', 'soak-time': '0s', 'health-url': null, 'github-token': '${{ github.token }}', 'log-format': 'text' },
};
const ENV = { GITHUB_SHA: 'abc123', 'INPUT_GITHUB-TOKEN': 'ghs_x', INPUT_ENVIRONMENT: 'staging' };

test("inputEnvName: the runner's mapping (upper-case, spaces → _, hyphens kept)", () => {
  assert.equal(inputEnvName('health-url'), 'INPUT_HEALTH-URL');
  assert.equal(inputEnvName('my input'), 'INPUT_MY_INPUT');
});

test("'' , whitespace and absent all get the action.yml default; expression defaults read the runner's variables", () => {
  for (const value of [undefined, '', '   ', '\n']) {
    const env: NodeJS.ProcessEnv = { ...ENV };
    if (value !== undefined) env['INPUT_SOAK-TIME'] = value;
    const r = resolveInputEnv(META, env);
    assert.deepEqual(r.defaults, { INPUT_REF: 'abc123', 'INPUT_SOAK-TIME': '0s', 'INPUT_LOG-FORMAT': 'text' }, JSON.stringify(value));
    assert.deepEqual(r.errors, []);
  }
});

test('a given value is kept; an input without a default stays empty', () => {
  const r = resolveInputEnv(META, { ...ENV, INPUT_REF: 'v1', 'INPUT_SOAK-TIME': '5m', 'INPUT_LOG-FORMAT': 'json' });
  assert.deepEqual(r.defaults, {});
  assert.ok(!('INPUT_HEALTH-URL' in r.defaults));
});

test('an empty github-token gets a hint that says what to pass, in one sentence, in place of "required"', () => {
  const r = resolveInputEnv(META, { ...ENV, 'INPUT_GITHUB-TOKEN': '' });
  assert.deepEqual(r.errors, []);
  assert.equal(r.hints.length, 1);
  const required = [new InputError('environment', '', 'an environment (this input is required)'), new InputError('github-token', '', 'a secret (this input is required)')];
  const replaced = InputError.combine(required).replacing(r.hints);
  assert.deepEqual(replaced.parts.map((p) => p.input), ['environment', 'github-token']);
  assert.match(replaced.message, /^2 inputs are invalid:\n- Input 'environment' has value ""; expected an environment \(this input is required\)\.\n- Input 'github-token' is empty/);
  assert.equal(required[0]!.replacing(r.hints), required[0], 'an error about other inputs is kept as it is');
  assert.match(r.hints[0]!.message, /^Input 'github-token' is empty, and an action cannot read the job's token by itself: pass it, e\.g\. `github-token: \$\{\{ secrets\.GH_TOKEN \|\| github\.token \}\}`/);
});

test('an unknown INPUT_* fails with the closest name; an empty one is ignored; the switch turns failures into warnings', () => {
  const r = resolveInputEnv(META, { ...ENV, INPUT_HEALTH_URL: 'https://x', INPUT_UNRELATED_THING: 'y', INPUT_BLANK: '' , 'input_lower': 'z' });
  assert.deepEqual(
    r.errors.map((e) => e.message),
    ["unknown input 'health_url' (INPUT_HEALTH_URL); did you mean 'health-url'?", "unknown input 'unrelated_thing' (INPUT_UNRELATED_THING); it is not an input of deploy (its README lists them)"],
  );
  const warned = resolveInputEnv(META, { ...ENV, INPUT_HEALTH_URL: 'https://x', ACTIONS_SUITE_UNKNOWN_INPUTS: 'warn' });
  assert.deepEqual(warned.errors, []);
  assert.match(warned.warnings[0] ?? '', /did you mean 'health-url'\? Ignored, since ACTIONS_SUITE_UNKNOWN_INPUTS is warn/);
});

test('closestName: separators alike, then a small edit distance; nothing for a distant name', () => {
  const names = ['health-url', 'health-json', 'environment', 'lock', 'github-token', 'retry-on-exit-codes'];
  const cases: Array<[string, string | undefined]> = [
    ['health_url', 'health-url'],
    ['healthurl', 'health-url'],
    ['helth-url', 'health-url'],
    ['enviroment', 'environment'],
    ['evnironment', 'environment'],
    ['lokc', 'lock'],
    ['token', undefined],
    ['retry_on_exit_code', 'retry-on-exit-codes'],
    ['something-else', undefined],
  ];
  for (const [given, expected] of cases) assert.equal(closestName(given, names), expected, given);
});

test('defaultSource: literals, the exported github/runner values, github.token; anything else is refused', () => {
  assert.deepEqual(defaultSource('30m'), { literal: '30m' });
  assert.deepEqual(defaultSource('${{ github.sha }}'), { env: 'GITHUB_SHA' });
  assert.deepEqual(defaultSource('${{github.repository}}'), { env: 'GITHUB_REPOSITORY' });
  assert.deepEqual(defaultSource('${{ runner.temp }}'), { env: 'RUNNER_TEMP' });
  assert.deepEqual(defaultSource('${{ github.token }}'), { token: true });
  for (const bad of ['${{ matrix.os }}', '${{ github.event.number }}', 'v-${{ github.sha }}', "${{ hashFiles('x') }}", '${{ job.status }}', '${{ secrets.X }}']) {
    assert.throws(() => defaultSource(bad), /cannot be resolved by a JavaScript action/, bad);
  }
});

test('applyInputEnv writes the defaults into the environment and throws the unknown inputs together', () => {
  const env: NodeJS.ProcessEnv = { ...ENV, 'INPUT_SOAK-TIME': '' };
  assert.deepEqual(applyInputEnv(META, env), { warnings: [], hints: [] });
  assert.equal(env['INPUT_SOAK-TIME'], '0s');
  assert.equal(env['INPUT_REF'], 'abc123');
  assert.throws(() => applyInputEnv(META, { ...ENV, INPUT_HEALTH_URL: 'x', INPUT_ENVIROMENT: 'y' }), (e: unknown) => {
    assert.ok(e instanceof InputError);
    assert.match(e.message, /^2 inputs are invalid:\n- unknown input 'health_url'.*\n- unknown input 'enviroment' \(INPUT_ENVIROMENT\); did you mean 'environment'\?$/);
    return true;
  });
});
