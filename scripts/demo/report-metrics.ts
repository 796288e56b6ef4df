import { spawn } from 'node:child_process';
import { runAction } from '../../test/harness/runner/index.ts';
import { startService } from '../../test/harness/services/index.ts';
import type { DemoContext } from './context.ts';
import { heading, printStep } from './print.ts';

/**
 * report-metrics on a real Prometheus (and its Pushgateway; installed with apt-get on first use,
 * like the PostgreSQL of the rotate-secret scene): the deploy scene's execution records go out as
 * KPIs to the Pushgateway and as per-run samples through remote-write, while the step samples the
 * runner during a CPU-heavy "build". The post step draws the runner chart in the job summary. The
 * scene then asks Prometheus, with PromQL, what arrived.
 */
export async function metricsScene(ctx: DemoContext, records: readonly string[]): Promise<void> {
  heading('report-metrics: the deploys\' KPIs into Prometheus, the runner sampled and charted');
  const prom = await startService('prometheus');
  try {
    await prom.waitFor('up');
    console.log(`\n✓ Prometheus on ${prom.url} (remote-write receiver on), Pushgateway on ${prom.pushgateway.url}; ${records.length} deploy records to report`);
    const r = await runAction({
      action: 'report-metrics',
      inputs: {
        records: records.join('\n'),
        export: `pushgateway=${prom.pushgateway.url}\nprometheus-remote-write=${prom.url}/api/v1/write`,
        'sample-resources': 'true',
        'sample-interval': '1s',
      },
      token: ctx.token,
      env: ctx.env,
      context: { ...ctx.context, job: 'release' },
      afterMain: build,
    });
    printStep('report-metrics (main: export and start sampling · the job builds · post: chart and export)', r);
    const cpu = /title "CPU busy \(%\)"\n[^\n]*\n[^\n]*\n {2}line \[([^\]]*)\]/.exec(r.summary)?.[1];
    if (cpu) console.log(`\n  the CPU chart, as a terminal sparkline: ${sparkline(cpu.split(', ').map(Number))}`);

    heading('What Prometheus now holds (PromQL)');
    const queries: Array<[string, string]> = [
      ['success ratio of the deploys (Pushgateway gauge)', `actions_suite_action_success_ratio{job="actions_suite",action="deploy"}`],
      ['deploy runs by outcome (Pushgateway gauge)', `sum by (outcome) (actions_suite_action_runs{job="actions_suite",action="deploy"})`],
      ['deploy durations, each run at its own time (remote-write)', `count_over_time(actions_suite_action_duration_seconds{action="deploy",job=""}[1h])`],
      ['peak CPU of the runner during the job (post step)', `actions_suite_runner_cpu_utilization_ratio{job="actions_suite",stat="max"}`],
    ];
    let ok = r.conclusion === 'success';
    for (const [what, promql] of queries) {
      const samples = await prom.waitFor(promql, undefined, 15_000).catch(() => []);
      ok &&= samples.length > 0;
      const shown = samples.map((s) => `${Object.entries(s.metric).filter(([k]) => ['outcome'].includes(k)).map(([k, v]) => `${k}=${v} `).join('')}${Number(s.value.toFixed(3))}`).join(', ');
      console.log(`  ${samples.length ? '✓' : '✗'} ${what}: ${shown || 'nothing'}\n      ${promql}`);
    }
    console.log(`\n${ok ? '✓' : '✗'} KPIs and runner figures queryable in Prometheus — ${ok ? 'success' : 'failure'}`);
    if (!ok) process.exitCode = 1;
  } finally {
    await prom.stop();
  }
}

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
