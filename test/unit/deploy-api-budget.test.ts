// deploy's api-timeout: the total time API calls may take, counted on a fake clock; the expiry is
// a seam the test fires by hand. A call nested in another (a reconcile read inside a create) shares
// its signal and its time.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiTimeoutError, createApiBudget } from '../../actions/deploy/src/api-budget.ts';
import { UserError } from '../../shared/errors.ts';
import { FakeClock } from './helpers/fake-clock.ts';

/** Expiry signals the test aborts itself, with the budget each was armed for. */
function timers() {
  const armed: { ms: number; controller: AbortController }[] = [];
  return {
    armed,
    timeout: (ms: number): AbortSignal => {
      const controller = new AbortController();
      armed.push({ ms, controller });
      return controller.signal;
    },
  };
}

test('time spent in calls is counted; each call gets what is left', async () => {
  const clock = new FakeClock();
  const t = timers();
  const budget = createApiBudget({ limitMs: 10_000, clock, timeout: t.timeout });
  await budget.run('GET a', async () => clock.advance(3000));
  await clock.sleep(60_000); // the script: not counted
  await budget.run('GET b', async () => clock.advance(2000));
  assert.equal(budget.spentMs, 5000);
  assert.deepEqual(t.armed.map((x) => x.ms), [10_000, 7000]);
});

test('a nested call shares the outer signal and is not counted twice', async () => {
  const clock = new FakeClock();
  const t = timers();
  const budget = createApiBudget({ limitMs: 10_000, clock, timeout: t.timeout });
  await budget.run('POST x', async (outer) => {
    clock.advance(1000);
    await budget.run('GET x (reconcile)', async (inner) => {
      assert.equal(inner, outer);
      clock.advance(1000);
    });
  });
  assert.equal(budget.spentMs, 2000);
  assert.equal(t.armed.length, 1);
});

test('when the budget runs out the call rejects with an ApiTimeoutError naming it; later calls fail at once', async () => {
  const clock = new FakeClock();
  const t = timers();
  const budget = createApiBudget({ limitMs: 3000, clock, timeout: t.timeout });
  const hung = budget.run('POST /repos/o/r/deployments/1/statuses', (signal) => new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')))));
  clock.advance(3000);
  t.armed[0]!.controller.abort();
  await assert.rejects(hung, (e: unknown) => e instanceof ApiTimeoutError && e instanceof UserError && /api-timeout \(3\.0s, the total time this step may wait on GitHub\) ran out while waiting for POST \/repos\/o\/r\/deployments\/1\/statuses/.test(e.message));
  await assert.rejects(budget.run('GET next', async () => 'never'), /ran out while waiting for GET next/);
});
