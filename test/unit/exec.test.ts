import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
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

test('accepted exit codes are results, other codes still fail', async () => {
  const r = await runScript('echo changes; exit 2', { ...quiet, acceptExitCodes: [2] });
  assert.equal(r.exitCode, 2);
  assert.equal(r.stdout, 'changes');
  await assert.rejects(runScript('exit 1', { ...quiet, acceptExitCodes: [2] }), (e: unknown) => e instanceof ExecError && e.exitCode === 1);
  await assert.rejects(runScript('sleep 30', { ...quiet, acceptExitCodes: [2], timeoutMs: 200 }), (e: unknown) => e instanceof ExecError && e.timedOut);
});

// A child that reports each signal it gets and exits cleanly on the first SIGINT, as Terraform does.
const GRACEFUL = `
trap 'echo "got INT" >> "$LOG"; sleep 0.3; echo "clean exit" >> "$LOG"; exit 1' INT
trap 'echo "got TERM" >> "$LOG"' TERM
echo started >> "$LOG"
while true; do sleep 0.05; done`;

async function signalLog(run: (log: string) => Promise<unknown>): Promise<string[]> {
  const { mkdtemp, readFile, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = await mkdtemp(join(tmpdir(), 'exec-stop-'));
  const log = join(dir, 'log');
  try {
    await run(log).catch((e: unknown) => e);
    return (await readFile(log, 'utf8')).trim().split('\n');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('stop policy: one SIGINT to the process, and it may finish cleanly within the grace', async () => {
  const controller = new AbortController();
  let error: unknown;
  const lines = await signalLog(async (log) => {
    const p = execFile('bash', ['-c', GRACEFUL], { ...quiet, env: { LOG: log }, signal: controller.signal, stop: { graceMs: 5000 } });
    await logged(log, 'started'); // its traps are set: a loaded machine may take longer than any fixed delay
    controller.abort();
    setTimeout(() => controller.abort(), 50); // a second abort sends nothing more
    error = await p.catch((e: unknown) => e);
  });
  assert.deepEqual(lines, ['started', 'got INT', 'clean exit']);
  assert.ok(error instanceof ExecError && error.exitCode === 1 && error.signal === null, String(error));
});

/** Resolves once the file holds a line that starts with `prefix`. */
async function logged(path: string, prefix: string): Promise<void> {
  for (;;) {
    try {
      if (readFileSync(path, 'utf8').split('\n').some((l) => l.startsWith(prefix))) return;
    } catch {
      // not written yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Alive and not a zombie (a killed orphan stays a zombie until init reaps it, and kill(pid, 0) still finds it). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

test('stop policy: after the grace the whole group is terminated', async () => {
  // Ignores SIGINT entirely; its grandchild (the sleep) is in the group and must go too. The timeout
  // leaves a loaded machine time to start bash and write the grandchild's pid.
  const stubborn = `trap '' INT; sleep 30 & echo "$!" >> "$LOG"; wait`;
  let error: unknown;
  const [grandchild] = await signalLog(async (log) => {
    error = await execFile('bash', ['-c', stubborn], { ...quiet, env: { LOG: log }, timeoutMs: 3000, stop: { graceMs: 300 } }).catch((e: unknown) => e);
  });
  assert.ok(error instanceof ExecError && error.timedOut, String(error));
  assert.equal(running(Number(grandchild)), false, 'the grandchild was terminated with the group');
});

test('stdoutFile: raw output goes to a 0600 file, not to the lines', async () => {
  const { mkdtemp, readFile, rm, stat } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = await mkdtemp(join(tmpdir(), 'exec-file-'));
  try {
    const lines: string[] = [];
    const file = join(dir, 'out.json');
    const r = await execFile('bash', ['-c', 'printf \'{"big":true}\'; echo note >&2'], { stdoutFile: file, onLine: (l) => lines.push(l) });
    assert.equal(await readFile(file, 'utf8'), '{"big":true}');
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    assert.equal(r.stdout, '');
    assert.deepEqual(lines, ['note']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
