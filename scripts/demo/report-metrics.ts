import { spawn } from 'node:child_process';
import { DAY, seedHistory } from '../../test/e2e/helpers/metrics-history.ts';
import { runAction, type RunResult } from '../../test/harness/runner/index.ts';
import { startAlertReceiver, startService } from '../../test/harness/services/index.ts';
import type { DemoContext } from './context.ts';
import { heading } from './print.ts';

/**
 * report-metrics over the demo repository's history: five weeks of CI runs in which `ci.yml` got
 * 40 % slower six days ago (and `nightly.yml` only noisier), plus the deployment records the deploy
 * scene just wrote. The action finds the slowdown and names its first slow run, opens an issue and
 * fires an alert in a real Prometheus Alertmanager (installed like the other services); once three
 * fast runs land, the issue closes and the alert resolves. DORA comes from the deploy records,
 * the rolled-back dev deployment included. The first evaluation also exports its KPIs to a real
 * Prometheus (gauges through its Pushgateway, each run at its own time through remote-write) and
 * samples the runner while the job "builds"; post charts it in the summary. The scene then asks
 * Prometheus, with PromQL, what arrived.
 */
export async function metricsScene(ctx: DemoContext): Promise<void> {
  heading('report-metrics: a planted 40 % slowdown found, an issue opened, an alert fired and resolved');
  const receiver = await startAlertReceiver();
  const am = await startService('alertmanager', { webhookUrl: receiver.url });
  const prom = await startService('prometheus');
  try {
    await prom.waitFor('up');
    const now = Date.now();
    const gh = ctx.github;
    const runs = seedHistory(
      gh,
      ctx.repository,
      [
        { file: 'ci.yml', name: 'CI', pushPerDay: 6, prPerDay: 3, medianMs: 480_000, sigma: 0.08, slowFrom: now - 6 * DAY, slowdown: 1.4, matrix: ['node 22', 'node 24'] },
        { file: 'nightly.yml', name: 'Nightly', pushPerDay: 2, medianMs: 1_500_000, sigma: 0.1, noisierFrom: now - 7 * DAY, noisierSigma: 0.3 },
      ],
      { from: now - 35 * DAY, to: now - 3_600_000, seed: 2026 },
    );
    const planted = runs.find((r) => r.file === 'ci.yml' && r.event === 'push' && r.slow && r.conclusion === 'success');
    // The commits the deploy scene shipped, so lead time can be read through compare.
    const deployed = deploymentShas(ctx);
    deployed.forEach((sha, i) => gh.seed.commit(ctx.repository, { sha, date: iso(now - (deployed.length - i) * 3_600_000), message: `release ${i + 1}` }));
    console.log(`\n  seeded ${runs.length} runs over 35 days; ci.yml 40 % slower from run ${planted?.id} (${planted?.headSha.slice(0, 7)}); nightly.yml only noisier`);
    console.log(`  Alertmanager at ${am.url}, notifications to ${receiver.url}`);

    console.log(`  Prometheus at ${prom.url} (remote-write receiver on), its Pushgateway at ${prom.pushgateway.url}`);
    const report = (runId: string, extra: Record<string, string> = {}, afterMain?: () => Promise<void>): Promise<RunResult> =>
      runAction({
        action: 'report-metrics',
        inputs: {
          workflow: 'ci.yml\nnightly.yml',
          'regression-threshold': '40',
          alert: `annotation\nissue\nalertmanager=${am.url}`,
          'dora-environments': 'dev\nstaging\nproduction',
          'max-api-calls': '400',
          ...extra,
        },
        token: ctx.token,
        env: ctx.env,
        context: { ...ctx.context, runId, job: 'health' },
        ...(afterMain ? { afterMain } : {}),
      });

    const first = await report('9001', { export: `pushgateway=${prom.pushgateway.url}\nprometheus-remote-write=${prom.url}/api/v1/write`, 'sample-resources': 'true', 'sample-interval': '1s' }, build);
    show('report-metrics (weekly schedule; main exports and starts sampling · the job builds · post charts and exports the runner)', first);
    const cpu = /title "CPU busy \(%\)"\n[^\n]*\n[^\n]*\n {2}line \[([^\]]*)\]/.exec(first.summary)?.[1];
    if (cpu) console.log(`  the runner's CPU chart, as a terminal sparkline: ${sparkline(cpu.split(', ').map(Number))}`);
    console.log(`  exported: ${(JSON.parse(first.outputs['exported'] ?? '[]') as { sink: string; status: string; points: number }[]).map((e) => `${e.sink.split('=')[0]} ${e.status} (${e.points} points)`).join(', ')}`);
    console.log('\n  What Prometheus now holds (PromQL):');
    const queries: [string, string][] = [
      ['ci.yml success ratio on main (Pushgateway gauge)', `actions_suite_workflow_success_ratio{job="actions_suite",workflow="ci.yml",event="push",branch_class="default"}`],
      ['ci.yml regression verdict (Pushgateway gauge)', `actions_suite_duration_regression{job="actions_suite",workflow="ci.yml",event="push",verdict="regression"}`],
      ['ci.yml runs of the 7-day window, each at its own time (remote-write)', `sum(count_over_time(actions_suite_workflow_run_duration_seconds{job="",workflow="ci.yml"}[8d]))`],
      ['peak CPU of the runner during the job (post step)', `actions_suite_runner_cpu_utilization_ratio{job="actions_suite",stat="max"}`],
    ];
    let arrived = true;
    for (const [what, promql] of queries) {
      const samples = await prom.waitFor(promql, undefined, 15_000).catch(() => []);
      arrived &&= samples.length > 0;
      console.log(`    ${samples.length ? '✓' : '✗'} ${what}: ${samples.map((x) => Number(x.value.toFixed(3))).join(', ') || 'nothing'}\n        ${promql}`);
    }
    const evaluations = JSON.parse(first.outputs['regressions'] ?? '[]') as { series: { workflow: string; event: string; branch_class: string }; verdict: string; first_slow_run: { id: number } | null }[];
    const ci = evaluations.find((e) => e.series.workflow === 'ci.yml' && e.series.event === 'push' && e.series.branch_class === 'default');
    const nightly = evaluations.find((e) => e.series.workflow === 'nightly.yml');
    const issues = (): { title: string; state: string }[] =>
      ((gh.state()['repos'] as { fullName: string; issues: { title: string; state: string }[] }[]).find((r) => r.fullName === ctx.repository)?.issues ?? []).filter((i) => i.title.startsWith('Duration regression'));
    const firing = await receiver.waitFor((n) => n.status === 'firing', 30_000).catch(() => undefined);
    const fired = (): string[] => [...new Set(receiver.notifications.filter((n) => n.status === 'firing').flatMap((n) => n.alerts.map((a) => `${a.labels['alertname']}{workflow=${a.labels['workflow']}, event=${a.labels['event']}}`)))];
    console.log(`\n  issues opened: ${issues().map((i) => `"${i.title}"`).join(', ') || 'none'}`);
    console.log(`  Alertmanager notified: ${firing ? `firing ${fired().join(', ')}` : 'nothing'}`);

    // The fix lands on main and in the open pull requests: three runs of each at the old speed.
    for (const [event, headBranch] of [['push', 'main'], ['pull_request', 'feature-fix']] as const) {
      for (let i = 3; i >= 1; i--) {
        const created = now - i * 600_000;
        gh.seed.workflowRun(ctx.repository, { name: 'CI', path: '.github/workflows/ci.yml', event, headBranch, createdAt: iso(created), runStartedAt: iso(created + 2_000), updatedAt: iso(created + 2_000 + 470_000) });
      }
    }
    console.log('\n  … the fix lands: three ci.yml runs on main and three in pull requests, back at 8 minutes');
    const second = await report('9002');
    show('report-metrics (next evaluation)', second);
    const resolved = await receiver.waitFor((n) => n.status === 'resolved', 30_000).catch(() => undefined);
    const resolvedAll = (): boolean => fired().length > 0 && receiver.notifications.filter((n) => n.status === 'resolved').flatMap((n) => n.alerts).length >= fired().length;
    await receiver.waitFor(() => resolvedAll(), 15_000).catch(() => undefined);
    console.log(`\n  issues now: ${issues().map((i) => `"${i.title}" (${i.state})`).join(', ')}`);
    const resolvedLabels = receiver.notifications.filter((n) => n.status === 'resolved').flatMap((n) => n.alerts.map((a) => `${a.labels['workflow']}/${a.labels['event']}`));
    console.log(`  Alertmanager notified: ${resolved ? `resolved ${resolvedLabels.join(', ')}` : 'nothing'}`);

    const dora = JSON.parse(first.outputs['dora'] ?? '[]') as { environment: string; deployments: number; rolled_back: number; change_failure_rate: number | null; lead_time_p50_ms: number | null; time_to_restore_p50_ms: number | null }[];
    console.log('\n  DORA from the deploy scene\'s records:');
    for (const d of dora) {
      console.log(`    ${d.environment.padEnd(10)} ${d.deployments} finished, ${d.rolled_back} rolled back, change failure rate ${d.change_failure_rate ?? '–'}, lead time p50 ${minutes(d.lead_time_p50_ms)}, time to restore p50 ${minutes(d.time_to_restore_p50_ms)}`);
    }

    const checks: [string, boolean][] = [
      ['ci.yml is flagged as a regression', ci?.verdict === 'regression'],
      ['its first slow run is the planted one', ci?.first_slow_run?.id === planted?.id],
      ['nightly.yml (only noisier) is not', nightly !== undefined && nightly.verdict !== 'regression'],
      ['an issue was opened, then closed after the fix', issues().length > 0 && issues().every((i) => i.state === 'closed')],
      ['the Alertmanager alerts fired, then resolved', firing !== undefined && resolved !== undefined && resolvedAll()],
      ['after the fix nothing is regressed', second.outputs['regressed'] === 'false'],
      ['DORA counted the rolled-back dev deployment', dora.some((d) => d.environment === 'dev' && d.rolled_back === 1)],
      ['both evaluations succeeded', first.conclusion === 'success' && second.conclusion === 'success'],
      ['the KPIs, the runs and the runner figures are queryable in Prometheus', arrived],
      ['the job summary charts the runner', /### Runner resources/.test(first.summary)],
    ];
    const ok = checks.every(([, pass]) => pass);
    console.log(`\n${ok ? '✓' : '✗'} report-metrics — ${ok ? 'success' : 'failure'}`);
    for (const [what, pass] of checks) console.log(`  ${pass ? '✓' : '✗'} ${what}`);
    if (!ok) process.exitCode = 1;
  } finally {
    await prom.stop();
    await am.stop();
    await receiver.close();
  }
}

/** A step as the job's page shows it, without the long job summary (its tables and charts are in the `metrics` output too). */
function show(title: string, r: RunResult): void {
  const mark = r.conclusion === 'success' ? '✓' : '✗';
  console.log(`\n${mark} ${title} — ${r.conclusion}`);
  for (const a of r.annotations.filter((x) => x.source === 'action')) console.log(`  ${a.level}: ${a.maskedMessage.split('\n').join('\n    ')}`);
  const keep = ['runs', 'success-rate', 'first-attempt-success-rate', 'rerun-rate', 'duration-p50-ms', 'duration-p95-ms', 'queue-p50-ms', 'queue-p95-ms', 'regressed'];
  console.log(`  outputs: ${keep.map((k) => `${k}=${r.outputs[k] ?? ''}`).join(', ')}`);
  const lines = r.maskedSummary.split('\n');
  const charts = lines.filter((l) => l === 'xychart-beta').length;
  console.log(`  job summary: ${lines.length} lines, ${charts} Mermaid charts; its first lines:`);
  for (const line of lines.slice(0, 6)) console.log(`  │ ${line}`);
}

function deploymentShas(ctx: DemoContext): string[] {
  const repo = (ctx.github.state()['repos'] as { fullName: string; deployments: { sha: string }[] }[]).find((r) => r.fullName === ctx.repository);
  return [...new Set((repo?.deployments ?? []).map((d) => d.sha))];
}

const iso = (t: number): string => new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
const minutes = (ms: number | null): string => (ms === null ? '–' : `${(ms / 60_000).toFixed(1)} min`);

/** The job's other steps: a build that keeps both cores busy for a few seconds. */
async function build(): Promise<void> {
  const burn = 'const end = Date.now() + 3000; while (Date.now() < end);';
  const children = [0, 1].map(() => spawn(process.execPath, ['-e', burn], { stdio: 'ignore' }));
  await Promise.all(children.map((c) => new Promise((resolve) => c.on('exit', resolve))));
}

function sparkline(values: number[]): string {
  const bars = '▁▂▃▄▅▆▇█';
  return values.map((v) => bars[Math.min(bars.length - 1, Math.max(0, Math.round((v / 100) * (bars.length - 1))))]).join('');
}
