// The api-timeout input every GitHub-calling action adds: a duration, bounded, parsed to ms once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { githubSpec } from '../../shared/github-spec.ts';
import { readInputs } from '../../shared/inputs.ts';
import { Redactor } from '../../shared/redact.ts';

const read = (value: string) => readInputs(githubSpec, new Redactor(() => undefined), (name) => (name === 'api-timeout' ? value : ''));

test('api-timeout: a duration in ms, from 10s to 6h', () => {
  assert.equal(read('5m').apiTimeout, 300_000);
  assert.equal(read('90s').apiTimeout, 90_000);
  assert.throws(() => read('5s'), /Input 'api-timeout' has value "5s"; expected a duration of at least 10000ms/);
  assert.throws(() => read('7h'), /Input 'api-timeout'/);
  assert.throws(() => read('soon'), /Input 'api-timeout' has value "soon"; expected a duration such as 90s/);
});
