import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError, causeChain, messageOf } from '../../shared/errors.ts';

test('causeChain: the error and its causes, outermost first, bounded', () => {
  const root = new Error('ECONNRESET');
  const mid = new Error('POST /deployments failed', { cause: root });
  const top = new Error('Failed to create deployment', { cause: mid });
  assert.deepEqual(causeChain(top), [top, mid, root]);
  assert.deepEqual(causeChain('a thrown string'), ['a thrown string']);
  assert.deepEqual(causeChain(undefined), []);
  const loop: { cause?: unknown } = {};
  loop.cause = loop;
  assert.equal(causeChain(loop).length, 5, 'a cyclic chain stops at the bound');
});

test('messageOf never lets a thrown value pass silently', () => {
  assert.equal(messageOf(new Error('x')), 'x');
  assert.equal(messageOf('plain'), 'plain');
  assert.equal(messageOf({ code: 7 }), '{"code":7}');
});

test('InputError names the input, the value and the expected form; secrets are never echoed', () => {
  assert.equal(new InputError('retries', 'lots', 'an integer from 0 to 10').message, `Input 'retries' has value "lots"; expected an integer from 0 to 10.`);
  assert.doesNotMatch(new InputError('token', 'ghs_secret', 'a token', { secret: true }).message, /ghs_secret/);
});
