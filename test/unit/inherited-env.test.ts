// What a child process must not inherit: the step's INPUT_*, the runner-only variables, and the
// OIDC token request unless the user opted in.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OIDC_REQUEST, RUNNER_ONLY, withheldEnv } from '../../shared/inherited-env.ts';

const parent = { PATH: '/usr/bin', 'INPUT_GITHUB-TOKEN': 'ghs_x', INPUT_TOOL: 'terraform', ACTIONS_RUNTIME_TOKEN: 'rt', ACTIONS_ID_TOKEN_REQUEST_URL: 'https://t/', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'it', HOME: '/root' };

test('INPUT_*, the runner-only variables and the OIDC request are removed; the rest is inherited', () => {
  const removed = withheldEnv(parent, { oidc: false });
  assert.deepEqual(Object.keys(removed).sort(), ['INPUT_GITHUB-TOKEN', 'INPUT_TOOL', ...RUNNER_ONLY, ...OIDC_REQUEST].sort());
  assert.ok(Object.values(removed).every((v) => v === undefined), 'each set to undefined, which exec reads as "remove"');
  const child = { ...parent, ...removed };
  assert.equal(child.PATH, '/usr/bin');
  assert.equal(child.HOME, '/root');
});

test('oidc: true keeps the OIDC token request, never the runner-only variables', () => {
  const removed = withheldEnv(parent, { oidc: true });
  for (const name of OIDC_REQUEST) assert.ok(!(name in removed));
  for (const name of RUNNER_ONLY) assert.ok(name in removed);
});
