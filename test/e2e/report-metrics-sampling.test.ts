// report-metrics' runner sampling through the bundles, as the runner runs them: main starts the
// detached sampler bundle (dist/report-metrics/sampler), the job's other steps burn CPU, post stops
// the sampler, charts the job in the summary and exports the figures to a real Pushgateway +
// Prometheus and to a JSON-lines file. Leak-scanned like every e2e run.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import { e2e, type E2E } from '../harness/e2e.ts';
import { startGitHubEmulator } from '../harness/github/index.ts';
import type { RunActionOptions } from '../harness/runner/index.ts';
import { startService, type Prometheus } from '../harness/services/index.ts';

let prom: Prometheus;
before(async () => {
  prom = await startService('prometheus');
});
after(() => prom?.stop());

/** The job's other steps: two CPU-bound children for a while, as a build would. */
async function busyJob(): Promise<void> {
  const burn = 'const end = Date.now() + 2500; while (Date.now() < end);';
  const children = [0, 1].map(() => spawn(process.execPath, ['-e', burn], { stdio: 'ignore' }));
  await Promise.all(children.map((c) => new Promise((resolve) => c.on('exit', resolve))));
}

let worlds = 0;
/** A GitHub emulator with the repository and one earlier run of its workflow (what main analyses), and `run` starting the bundles on it. */
async function world(t: TestContext, repository: string): Promise<{ h: E2E; run: (opts: Omit<RunActionOptions, 'action' | 'token' | 'env'>) => ReturnType<E2E['run']> }> {
  const h = e2e(t);
  const gh = await startGitHubEmulator();
  t.after(() => gh.close());
  const token = `ghs_samplingToken${++worlds}${'0'.repeat(40)}`.slice(0, 40);
  gh.seed.repo(repository);
  gh.seed.token(token);
  const iso = (ago: number): string => new Date(Math.floor((Date.now() - ago) / 1000) * 1000).toISOString();
  gh.seed.workflowRun(repository, { name: 'CI', path: '.github/workflows/ci.yml', event: 'push', headBranch: 'main', conclusion: 'success', createdAt: iso(3_700_000), runStartedAt: iso(3_600_000), updatedAt: iso(3_000_000) });
  h.haystack(() => gh.receivedStrings());
  return { h, run: (opts) => h.run({ action: 'report-metrics', token, env: { GITHUB_API_URL: gh.url }, ...opts }) };
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('report-metrics runner sampling', () => {
  test('main exports the records and starts the sampler, post stops it, charts the job and exports peaks and readings beside main\'s KPIs (Pushgateway queried with PromQL, JSON lines)', async (t) => {
    const workspace = mkdtempSync(join(tmpdir(), 'rm-sampling-'));
    t.after(() => rmSync(workspace, { recursive: true, force: true }));
    const { run } = await world(t, 'octo/app');
    const r = await run({
      workspace,
      inputs: {
        records: JSON.stringify({ action: 'deploy', outcome: 'success', duration_ms: 42_000, attempts: 1, retries: 0, api_calls: 4, started_at: new Date(Date.now() - 60_000).toISOString() }),
        'sample-resources': 'true',
        'sample-interval': '1s',
        export: `pushgateway=${prom.pushgateway.url}\nfile=metrics/runner.jsonl`,
      },
      context: { repository: 'octo/app', job: 'build' },
      afterMain: busyJob,
    });
    assert.equal(r.conclusion, 'success', r.stdout + r.stderr);
    assert.deepEqual(r.steps.map((s) => [s.entry, s.conclusion]), [['main', 'success'], ['post', 'success']]);
    const pid = Number(r.state['sampler-pid']);
    assert.ok(pid > 1, 'main saved the sampler pid in the state');
    assert.equal(isRunning(pid), false, 'post stopped the sampler');
    assert.match(r.stdout, /report-metrics: sampling the runner every 1s/);

    assert.match(r.summary, /### Runner resources \(\d+ readings over \d+ s\)/);
    assert.match(r.summary, /\| CPU busy \| \d+\.\d % \| \d+\.\d % \|/);
    assert.match(r.summary, /```mermaid\nxychart-beta\n {2}title "CPU busy \(%\)"/);
    assert.match(r.summary, /\| pushgateway=http:\/\/127\.0\.0\.1:\d+\/ \| ✅ ok \|/);

    const [peak] = await prom.waitFor('actions_suite_runner_cpu_utilization_ratio{job="actions_suite",repository="octo/app",workflow_job="build",stat="max"}');
    assert.ok(peak && peak.value > 0 && peak.value <= 1, `peak CPU ratio ${peak?.value}`);
    const [memory] = await prom.waitFor('actions_suite_runner_memory_used_bytes{job="actions_suite",stat="mean"}');
    assert.ok((memory?.value ?? 0) > 0);
    // Main's KPIs and post's runner figures side by side in the gateway: post's push replaced none of main's.
    const groupMetrics = await prom.pushgateway.metrics();
    assert.match(groupMetrics, /actions_suite_action_executions\{action="deploy",[^}]*outcome="success"[^}]*\} 1/);
    assert.match(groupMetrics, /actions_suite_runner_cpu_utilization_ratio\{[^}]*repository="octo\/app"[^}]*stat="max"[^}]*workflow_job="build"[^}]*\}/);

    const lines = readFileSync(join(workspace, 'metrics/runner.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { metric: string; time: string; current?: boolean });
    const readings = lines.filter((l) => l.metric === 'actions_suite_runner_cpu_utilization_ratio' && !l.current);
    assert.ok(readings.length >= 2, `${readings.length} CPU readings at their own times`);
    assert.ok(readings.every((l, i) => i === 0 || Date.parse(l.time) > Date.parse(readings[i - 1]?.time ?? '')), 'ascending timestamps');
  });

  test('a sampler killed with the job: post says so, reports the readings it left and the job stays green', async (t) => {
    const { run } = await world(t, 'octo/killed');
    const r = await run({
      inputs: { 'sample-resources': 'true', 'sample-interval': '1s', export: `pushgateway=${prom.pushgateway.url}` },
      context: { repository: 'octo/killed', job: 'build' },
      afterMain: async (main) => {
        await busyJob();
        process.kill(Number(main.state['sampler-pid']), 'SIGKILL');
      },
    });
    assert.equal(r.conclusion, 'success', r.stdout + r.stderr);
    assert.ok(r.annotations.some((a) => a.level === 'warning' && /the resource sampler had already stopped; reporting the readings it left/.test(a.message)));
    assert.match(r.summary, /### Runner resources \(\d+ readings/);
    await prom.waitFor('actions_suite_runner_cpu_utilization_ratio{repository="octo/killed",stat="max"}');
  });

  test('its readings file removed before post: a warning, nothing exported, the job stays green', async (t) => {
    const { run } = await world(t, 'octo/gone');
    const r = await run({
      inputs: { 'sample-resources': 'true', 'sample-interval': '1s', export: `pushgateway=${prom.pushgateway.url}` },
      context: { repository: 'octo/gone', job: 'build' },
      afterMain: async (main) => {
        process.kill(Number(main.state['sampler-pid']), 'SIGKILL');
        rmSync(main.state['sampler-file'] ?? '', { force: true });
      },
    });
    assert.equal(r.conclusion, 'success', r.stdout + r.stderr);
    assert.ok(r.annotations.some((a) => a.level === 'warning' && /the sampler left no readings/.test(a.message)), JSON.stringify(r.annotations));
    assert.doesNotMatch(r.summary, /Runner resources/);
    assert.doesNotMatch(await prom.pushgateway.metrics(), /actions_suite_runner_[^{]*\{[^}]*repository="octo\/gone"/, 'no runner figure was pushed');
  });

  test('without sample-resources, post has nothing to stop and says nothing', async (t) => {
    const { run } = await world(t, 'octo/app');
    const r = await run({
      inputs: { records: JSON.stringify({ action: 'deploy', outcome: 'success', duration_ms: 1000, attempts: 1, retries: 0, api_calls: 1, started_at: new Date().toISOString() }), export: 'file=out/m.prom' },
      context: { repository: 'octo/app' },
    });
    assert.equal(r.conclusion, 'success', r.stdout + r.stderr);
    assert.equal(r.state['sampler-pid'], undefined);
    assert.doesNotMatch(r.summary, /Runner resources/);
    assert.deepEqual(r.annotations.filter((a) => a.level === 'warning'), []);
  });
});
