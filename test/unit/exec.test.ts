import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ExecError, execFile, runScript } from '../../shared/exec.ts';
import { Redactor } from '../../shared/redact.ts';

const quiet = { onLine: null };

test('argv is passed as data, never through a shell', async () => {
  const evil = '$(touch /tmp/pwned-by-argv); `id`; a"b';
  const r = await execFile('printf', ['%s', evil], quiet);
  assert.equal(r.stdout, evil);
});

test('untrusted values reach scripts through env, not text', async () => {
  const ref = 'zzz";echo${IFS}"hello";#';
  const r = await runScript('printf "%s" "$DEPLOY_REF"', { ...quiet, env: { DEPLOY_REF: ref } });
  assert.equal(r.stdout, ref);
});

test('scripts run with bash -e and pipefail', async () => {
  await assert.rejects(runScript('false | true\necho unreachable', quiet), (e: unknown) => {
    assert.ok(e instanceof ExecError);
    assert.equal(e.exitCode, 1);
    return true;
  });
});

test('a failure carries the exit code and the scrubbed tail of stderr', async () => {
  const redactor = new Redactor(() => {});
  redactor.add('hunter2-password');
  await assert.rejects(
    runScript('for i in $(seq 1 30); do echo "line $i" >&2; done; echo "auth failed for $PW" >&2; exit 7', {
      ...quiet, redactor, env: { PW: 'hunter2-password' },
    }),
    (e: unknown) => {
      assert.ok(e instanceof ExecError);
      assert.equal(e.exitCode, 7);
      assert.match(e.message, /exited with code 7/);
      assert.ok(e.stderrTail.endsWith('auth failed for ***'), e.stderrTail);
      assert.ok(!e.stderrTail.includes('line 1\n'), 'only the tail');
      assert.ok(!e.message.includes('hunter2'));
      return true;
    },
  );
});

test('secrets can be given on stdin', async () => {
  const r = await execFile('cat', [], { ...quiet, stdin: 'from-stdin' });
  assert.equal(r.stdout, 'from-stdin');
});

test('output lines stream through the redactor', async () => {
  const redactor = new Redactor(() => {});
  redactor.add('hunter2-password');
  const lines: string[] = [];
  await runScript('echo "pw=$PW"; echo done', { redactor, env: { PW: 'hunter2-password' }, onLine: (l) => lines.push(l) });
  assert.deepEqual(lines, ['pw=***', 'done']);
});

test('a timeout kills the whole process group', async () => {
  await assert.rejects(runScript('sleep 30 & sleep 30; wait', { ...quiet, timeoutMs: 300 }), (e: unknown) => {
    assert.ok(e instanceof ExecError);
    assert.equal(e.timedOut, true);
    assert.match(e.message, /timed out/);
    return true;
  });
});

test('an abort signal stops the child', async () => {
  const controller = new AbortController();
  const p = runScript('sleep 30', { ...quiet, signal: controller.signal });
  setTimeout(() => controller.abort(), 100);
  await assert.rejects(p, (e: unknown) => e instanceof ExecError && e.signal === 'SIGTERM');
});

test('a missing command is a clear error', async () => {
  await assert.rejects(execFile('definitely-not-a-command-xyz', [], quiet), /Failed to start definitely-not-a-command-xyz/);
});
