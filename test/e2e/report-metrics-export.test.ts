// report-metrics' export through the bundle, as the runner runs it — the KPIs of a workflow's runs
// read from the GitHub emulator, and the suite's execution records — to real receivers where one
// installs here (Pushgateway + Prometheus, Prometheus remote-write, VictoriaMetrics for Influx line
// protocol and Datadog series, InfluxDB 1.x, the Etsy StatsD daemon into VictoriaMetrics' Graphite
// listener, promtool for the files) and to emulators held to the documented formats elsewhere
// (Elasticsearch bulk, Splunk HEC, Influx v2, OTLP decoded with the official protos). Faults come
// from a proxy in front of a real receiver. Every run is leak-scanned.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import { e2e } from '../harness/e2e.ts';
import { startGitHubEmulator, type GitHubEmulator } from '../harness/github/index.ts';
import { startElasticsearchEmulator } from '../harness/receivers/elasticsearch.ts';
import { startFaultyProxy } from '../harness/receivers/faults.ts';
import { startInfluxV2Emulator } from '../harness/receivers/influx-v2.ts';
import { startOtlpEmulator } from '../harness/receivers/otlp.ts';
import type { ReceiverServer } from '../harness/receivers/server.ts';
import { startSplunkHecEmulator } from '../harness/receivers/splunk-hec.ts';
import type { RunResult } from '../harness/runner/index.ts';
import { startService, type InfluxDb, type Prometheus, type Statsd, type VictoriaMetrics } from '../harness/services/index.ts';

let prom: Prometheus;
let vm: VictoriaMetrics;
let influx: InfluxDb;
let statsd: Statsd;
before(async () => {
  [prom, vm, influx] = await Promise.all([startService('prometheus'), startService('victoria-metrics'), startService('influxdb')]);
  statsd = await startService('statsd', { victoria: vm });
  await influx.query('CREATE DATABASE ci');
  // A first scrape puts the present in Prometheus' head, as on any running server: past samples
  // written afterwards are out-of-order ones, which is what the remote-write tests are about.
  await prom.waitFor('up');
});
/** Receiver emulators close here, not in a test's t.after: a failed leak scan (e2e's own after hook) skips the hooks registered after it. */
const receivers = new Set<ReceiverServer>();
function track<R extends ReceiverServer>(receiver: R): R {
  receivers.add(receiver);
  return receiver;
}
after(async () => {
  await Promise.all([...receivers].map((r) => r.close()));
  await statsd?.stop();
  await Promise.all([prom?.stop(), vm?.stop(), influx?.stop()]);
});

const NOW = Math.floor(Date.now() / 1000) * 1000;
const REPO = 'octo/app';
/**
 * Six completed ci.yml runs on the default branch, each ending `ago` before now: three more than an
 * hour old (older than Datadog takes, older than Prometheus' head), three in the last half hour.
 */
const RUNS = [
  { conclusion: 'success', ago: 2 * 86_400_000, duration: 95_000 },
  { conclusion: 'success', ago: 2 * 86_400_000 - 3_600_000, duration: 101_000 },
  { conclusion: 'failure', ago: 86_400_000, duration: 30_000 },
  { conclusion: 'success', ago: 1_800_000, duration: 88_000 },
  { conclusion: 'timed_out', ago: 1_200_000, duration: 140_000 },
  { conclusion: 'success', ago: 600_000, duration: 92_000 },
] as const;
const iso = (t: number): string => new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
/** The suite's own execution records: they add the per-action gauges. */
const RECORDS = [
  { outcome: 'success', ago: 2 * 86_400_000, duration: 95_000, run: 7001 },
  { outcome: 'success', ago: 2 * 86_400_000 - 3_600_000, duration: 101_000, run: 7002 },
  { outcome: 'failure', ago: 86_400_000, duration: 30_000, run: 7003 },
  { outcome: 'success', ago: 1_800_000, duration: 88_000, run: 7004 },
  { outcome: 'rolled-back', ago: 1_200_000, duration: 140_000, run: 7005 },
  { outcome: 'success', ago: 600_000, duration: 92_000, run: 7006 },
]
  .map((r) => JSON.stringify({ action: 'deploy', version: '0.1.0', outcome: r.outcome, duration_ms: r.duration, attempts: 1, retries: 0, api_calls: 9, rate_limit_remaining: 4900, correlation_id: `${r.run}/1/deploy`, started_at: new Date(NOW - r.ago - r.duration).toISOString() }))
  .join('\n');

let serial = 0;
/** One test's world: a GitHub emulator holding RUNS (their ids in `ids`), and `run` starting the bundle on it. */
async function exporter(t: TestContext, opts: { workspace?: string } = {}) {
  const h = e2e(t);
  const gh: GitHubEmulator = await startGitHubEmulator();
  t.after(() => gh.close());
  const token = `ghs_export${++serial}${'0'.repeat(40)}`.slice(0, 40);
  gh.seed.repo(REPO);
  gh.seed.token(token);
  h.haystack(() => gh.receivedStrings());
  const ids = RUNS.map((r) => {
    const end = NOW - r.ago;
    return gh.seed.workflowRun(REPO, { name: 'CI', path: '.github/workflows/ci.yml', event: 'push', headBranch: 'main', conclusion: r.conclusion, createdAt: iso(end - r.duration - 2_000), runStartedAt: iso(end - r.duration), updatedAt: iso(end) });
  });
  return {
    h,
    ids,
    run: (inputs: Record<string, string>): Promise<RunResult> =>
      h.run({
        action: 'report-metrics',
        inputs: { workflow: 'ci.yml', records: RECORDS, ...inputs },
        token,
        env: { GITHUB_API_URL: gh.url },
        ...(opts.workspace ? { workspace: opts.workspace } : {}),
        context: { repository: REPO, runId: String(8000 + serial), job: 'metrics' },
      }),
  };
}

/** The window's values as the `metrics` output lists them: every one is a current value the sinks send. */
const gauges = (r: RunResult): number => (JSON.parse(r.outputs.metrics ?? '{}') as { points: unknown[] }).points.length;

const exported = (r: RunResult): Array<{ sink: string; status: string; points: number; skipped?: number; note?: string; error?: string }> => JSON.parse(r.outputs.exported ?? '[]');

describe('report-metrics export to real receivers', { concurrency: 3 }, () => {
  test('Pushgateway: the current values as gauges in a repository/workflow group, queried with PromQL; per-run facts skipped and counted', async (t) => {
    const { run } = await exporter(t);
    const r = await run({ export: `pushgateway=${prom.pushgateway.url}` });
    assert.equal(r.exitCode, 0, r.stdout);
    const [result] = exported(r);
    assert.equal(result?.status, 'ok', JSON.stringify(result));
    assert.equal(result?.skipped, 6, 'the six runs, each a timestamped sample');
    assert.equal(result?.points, gauges(r), 'every value of the window, as the metrics output lists them');
    const ratio = await prom.waitFor(`actions_suite_workflow_success_ratio{job="actions_suite",repository="${REPO}",workflow="ci.yml",event="push",branch_class="default"}`);
    assert.equal(ratio[0]?.value, 0.6667, 'the analysis rounds ratios to four places');
    assert.equal(ratio[0]?.metric.job, 'actions_suite');
    const runs = await prom.waitFor(`sum by (conclusion) (actions_suite_workflow_runs{job="actions_suite",repository="${REPO}"})`, (s) => s.length === 3);
    assert.deepEqual(Object.fromEntries(runs.map((s) => [s.metric.conclusion, s.value])), { success: 4, failure: 1, timed_out: 1 });
    const deploys = await prom.waitFor('sum by (outcome) (actions_suite_action_executions{job="actions_suite",action="deploy"})', (s) => s.length === 3);
    assert.deepEqual(Object.fromEntries(deploys.map((s) => [s.metric.outcome, s.value])), { success: 4, failure: 1, 'rolled-back': 1 });
    assert.match(r.summary, new RegExp(`\\| pushgateway=http://127\\.0\\.0\\.1:\\d+/ \\| ✅ ok \\| ${gauges(r)} \\| 6 \\|`));
  });

  test('Prometheus remote-write: every run queryable at its own timestamp, two days back, taken through the out-of-order window', async (t) => {
    const { run } = await exporter(t);
    const outOfOrderBefore = await outOfOrderAppended(prom);
    const r = await run({ export: `prometheus-remote-write=${prom.url}/api/v1/write` });
    assert.equal(r.exitCode, 0, r.stdout);
    assert.equal(exported(r)[0]?.status, 'ok', r.outputs.exported);
    assert.equal(exported(r)[0]?.points, gauges(r) + 6, 'the window\'s values and the 6 runs');
    const at = async (conclusion: string, ago: number) => (await prom.query(`actions_suite_workflow_run_duration_seconds{repository="${REPO}",workflow="ci.yml",conclusion="${conclusion}"}`, NOW - ago + 1000)).map((s) => s.value);
    assert.deepEqual(await at('success', 2 * 86_400_000), [95], 'the oldest run, at its end two days ago');
    assert.deepEqual(await at('success', 2 * 86_400_000 - 3_600_000), [101]);
    assert.deepEqual(await at('failure', 86_400_000), [30], 'the failed run, a day ago');
    assert.deepEqual(await at('timed_out', 1_200_000), [140]);
    assert.equal(await outOfOrderAppended(prom) - outOfOrderBefore, 3, 'the three runs older than the head\'s hour went in out of order');
    assert.deepEqual((await prom.query(`actions_suite_workflow_success_ratio{job="",repository="${REPO}",event="push"}`)).map((s) => s.value), [0.6667]);
    assert.equal((await prom.query('count({__name__=~"actions_suite_.+",run_id!=""})')).length, 0, 'no run id label');
  });

  test('Prometheus without out-of-order ingestion: the last hour and the current values land, older runs are refused and the delivery is partial, naming the setting', async (t) => {
    const stock = await startService('prometheus', { outOfOrderTimeWindow: '0s' });
    t.after(() => stock.stop());
    await stock.waitFor('up');
    const { run } = await exporter(t);
    const r = await run({ export: `prometheus-remote-write=${stock.url}/api/v1/write` });
    assert.equal(r.exitCode, 0, r.stdout);
    const [result] = exported(r);
    assert.equal(result?.status, 'partial', r.outputs.exported);
    assert.equal(result?.points, gauges(r) + 3, 'the window\'s values and the three recent runs');
    assert.match(result?.error ?? '', /answered 400: out of bounds/);
    assert.match(result?.note ?? '', /out_of_order_time_window/);
    assert.deepEqual((await stock.query('actions_suite_workflow_run_duration_seconds{conclusion="timed_out"}', NOW - 1_200_000 + 1000)).map((s) => s.value), [140]);
    assert.deepEqual((await stock.query('actions_suite_workflow_success_ratio')).map((s) => s.value), [0.6667]);
    assert.deepEqual(await stock.query('actions_suite_workflow_run_duration_seconds{conclusion="failure"}', NOW - 86_400_000 + 1000), [], 'the day-old run was refused');
    assert.ok(r.annotations.some((a) => a.level === 'warning' && /export to prometheus-remote-write=.* was partial/.test(a.message)));
  });

  test('VictoriaMetrics: Influx line protocol and Datadog v1 series parsed by its own ingesters and read back with their timestamps', async (t) => {
    const { run } = await exporter(t);
    const r = await run({ export: `influx=${vm.url}/write?db=ci\ndatadog=${vm.url}/datadog`, 'export-headers': '[datadog] DD-API-KEY: dd-test-key-0001' });
    assert.equal(r.exitCode, 0, r.stdout);
    const [viaInflux, viaDatadog] = exported(r);
    assert.equal(viaInflux?.status, 'ok');
    assert.equal(viaDatadog?.status, 'ok');
    assert.equal(viaDatadog?.skipped, 3, 'the three runs more than an hour old are not sent to Datadog');
    const series = await vm.waitFor('actions_suite_workflow_run_duration_seconds{conclusion="success",db="ci"}');
    assert.deepEqual(series[0]?.samples.map(([, v]) => v), [95, 101, 88, 92]);
    const dd = await vm.waitFor('actions_suite_workflow_run_duration_seconds{conclusion="timed_out",db!="ci"}');
    assert.deepEqual(dd[0]?.samples.map(([ts, v]) => [Math.round((NOW - ts) / 60_000), v]), [[20, 140]], 'the datadog point, 20 minutes old, at second precision');
    assert.equal(dd[0]?.metric.repository, REPO);
    assert.equal((await vm.waitFor('actions_suite_action_executions{outcome="rolled-back",db!="ci"}'))[0]?.samples.at(-1)?.[1], 1, 'a current value, stamped with the export time');
  });

  test('InfluxDB 1.x with authentication: v1 /write with user:password in the URL (a wrong one refused), and the v2 API (emulated over the real server), read back with InfluxQL', async (t) => {
    const token = 'influx-v2-token-0123456789';
    const v2 = track(await startInfluxV2Emulator(influx, token, 'octo'));
    const { run, h } = await exporter(t);
    h.secret(token);
    h.haystack(() => v2.receivedStrings());
    const password = h.secret('influxWriterPass2468');
    await Promise.all(['CREATE DATABASE ci2', 'CREATE DATABASE ci3'].map((q) => influx.query(q)));
    await influx.createWriter('ci_writer', password, 'ci');
    const r = await run({
      export: `influx=http://ci_writer:${password}@${influx.url.slice(7)}/write?db=ci\ninflux=${v2.url}/api/v2/write?org=octo&bucket=ci2\ninflux=http://ci_writer:${password}x@${influx.url.slice(7)}/write?db=ci3`,
      'export-headers': `[influx] Authorization: Token ${token}`,
      'export-timeout': '5s',
    });
    assert.equal(r.exitCode, 0, r.stdout);
    assert.deepEqual(exported(r).map((e) => e.status), ['ok', 'ok', 'failed'], r.outputs.exported);
    const v1 = await influx.query('SELECT value FROM actions_suite_workflow_run_duration_seconds WHERE conclusion = \'failure\'', 'ci');
    assert.deepEqual(v1[0]?.values.map(([, v]) => v), [30]);
    assert.deepEqual(v2.violations, []);
    const rows = await influx.query('SELECT count(value) FROM actions_suite_workflow_run_duration_seconds', 'ci2');
    assert.equal(rows[0]?.values[0]?.[1], 6);
    assert.match(exported(r)[2]?.error ?? '', /answered 401/, 'the real server checked the credentials');
    assert.deepEqual(await influx.query('SELECT count(value) FROM actions_suite_workflow_run_duration_seconds', 'ci3'), []);
  });

  test('StatsD: the real daemon parses the gauges and DogStatsD tags and flushes them through Graphite', async (t) => {
    const { run } = await exporter(t);
    const r = await run({ export: `statsd=${statsd.url}` });
    assert.equal(r.exitCode, 0, r.stdout);
    assert.equal(exported(r)[0]?.points, gauges(r), 'the current values (StatsD has no timestamps)');
    const found = await statsd.victoria.waitFor('{__name__="stats.gauges.actions_suite_workflow_success_ratio",workflow="ci.yml",event="push"}');
    assert.equal(found[0]?.samples.at(-1)?.[1], 0.6667);
    assert.equal(found[0]?.metric.repository, 'octo-app', 'the daemon turns / into - in names and tags');
    assert.deepEqual(statsd.badLines(), []);
  });

  test('OTLP: decoded with the official protos — semantic-convention names, a histogram of the runs, partial success reported', async (t) => {
    const otlp = track(await startOtlpEmulator());
    const { run, h } = await exporter(t);
    h.haystack(() => otlp.receivedStrings());
    const r = await run({ export: `otlp=${otlp.url}` });
    assert.equal(r.exitCode, 0, r.stdout);
    assert.deepEqual(otlp.violations, []);
    const text = JSON.stringify(otlp.decoded[0]);
    assert.match(text, /"name":"cicd\.pipeline\.run\.duration","description":"A completed run's duration \(latest attempt, start to last update\)","unit":"s","histogram"/);
    assert.match(text, /\{"key":"cicd\.pipeline\.name","value":\{"string_value":"ci\.yml"\}\}/);
    assert.match(text, /"name":"actions_suite\.workflow\.success","description":"[^"]+","unit":"1","gauge"/);
    assert.match(text, /\{"key":"service\.name","value":\{"string_value":"actions-suite"\}\}/);
    otlp.rejectNext = 2;
    const partial = await run({ export: `otlp=${otlp.url}` });
    assert.equal(exported(partial)[0]?.status, 'partial');
    assert.match(exported(partial)[0]?.error ?? '', /the collector rejected 2 data point\(s\): points too old/);
    assert.ok(partial.annotations.some((a) => a.level === 'warning' && /export to otlp=.* was partial/.test(a.message)));
  });

  test('Elasticsearch and Splunk HEC: documents per run and per KPI, metric events with the token header; a re-export duplicates nothing', async (t) => {
    const hecToken = 'hec-token-0000-1111-2222';
    const apiKey = 'es-api-key-abcdef012345';
    const es = track(await startElasticsearchEmulator());
    const hec = track(await startSplunkHecEmulator(hecToken));
    es.apiKey = apiKey;
    const { run, h, ids } = await exporter(t);
    h.secret(hecToken);
    h.secret(apiKey);
    h.haystack(() => [...es.receivedStrings(), ...hec.receivedStrings()]);
    const inputs = {
      export: `elasticsearch=${es.url}/ci-metrics\nsplunk-hec=${hec.url}?index=ci`,
      'export-headers': `[elasticsearch] Authorization: ApiKey ${apiKey}\n[splunk-hec] Authorization: Splunk ${hecToken}`,
    };
    const r = await run(inputs);
    assert.equal(r.exitCode, 0, r.stdout);
    assert.deepEqual(exported(r).map((e) => e.status), ['ok', 'ok'], r.outputs.exported);
    const docs = [...(es.indices.get('ci-metrics')?.values() ?? [])];
    assert.equal(docs.filter((d) => d.kind === 'run').length, 6, 'one document per run');
    const timedOut = docs.find((d) => (d.run as { id?: string } | undefined)?.id === String(ids[4]));
    assert.deepEqual(timedOut?.metrics, { actions_suite_workflow_run_duration_seconds: 140 });
    assert.equal(docs.filter((d) => d.kind === 'kpi').length, gauges(r));
    assert.deepEqual(es.violations, []);
    assert.deepEqual(hec.violations, []);
    assert.ok(hec.events.every((e) => e.event === 'metric' && e.index === 'ci'));
    assert.equal(hec.events.find((e) => e.fields?.['metric_name:actions_suite_workflow_success_ratio'] !== undefined)?.fields?.workflow, 'ci.yml');
    assert.equal(hec.events.find((e) => e.fields?.['metric_name:actions_suite_action_retries'] !== undefined)?.fields?.action, 'deploy');
    es.busyItems = 3;
    const again = await run(inputs);
    assert.equal(exported(again)[0]?.status, 'ok', again.outputs.exported);
    assert.equal([...(es.indices.get('ci-metrics')?.values() ?? [])].filter((d) => d.kind === 'run').length, 6, '429 items retried; runs already stored are not duplicated');
  });

  test('files: .prom passes promtool check metrics, .om is backfilled by promtool\'s OpenMetrics parser, .jsonl keeps run identity', async (t) => {
    const workspace = mkdtempSync(join(tmpdir(), 'rm-files-'));
    t.after(() => rmSync(workspace, { recursive: true, force: true }));
    const { run, ids } = await exporter(t, { workspace });
    const r = await run({ export: 'file=out/m.prom\nfile=out/m.om\nfile=out/m.jsonl' });
    assert.equal(r.exitCode, 0, r.stdout);
    const prom = readFileSync(join(workspace, 'out/m.prom'), 'utf8');
    execFileSync('promtool', ['check', 'metrics'], { input: prom });
    const blocks = join(workspace, 'blocks');
    const out = execFileSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', join(workspace, 'out/m.om'), blocks], { encoding: 'utf8' });
    assert.doesNotMatch(out, /error/i);
    // `promtool tsdb dump` opens the folder as a database, which has a (here empty) write-ahead log.
    mkdirSync(join(blocks, 'wal'));
    const dump = execFileSync('promtool', ['tsdb', 'dump', blocks], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    assert.match(dump, /actions_suite_workflow_run_duration_seconds.*conclusion="timed_out".* 140 \d+/);
    const lines = readFileSync(join(workspace, 'out/m.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(lines.length, gauges(r) + 6);
    assert.deepEqual(lines.find((l) => l.metric === 'actions_suite_workflow_run_duration_seconds' && l.value === 140)?.run?.id, String(ids[4]));
  });
});

describe('report-metrics export when receivers misbehave', () => {
  test('429 then 503: retried and delivered; 413: chunks halve until they fit; every point lands', async (t) => {
    const proxy = track(await startFaultyProxy(vm.url));
    const { run } = await exporter(t);
    proxy.script.push({ status: 429, retryAfter: '1' }, { status: 503 });
    proxy.maxBodyBytes = 1_500;
    const r = await run({ export: `influx=${proxy.url}/write?db=faults` });
    assert.equal(r.exitCode, 0, r.stdout);
    assert.equal(exported(r)[0]?.status, 'ok', r.outputs.exported);
    assert.ok(proxy.tooLarge >= 1, 'the receiver refused a chunk as too large');
    assert.match(r.stdout, /attempt 1\/5 failed \(rate limited, status 429\)/);
    const rows = await vm.waitFor('{db="faults"}', (s) => s.reduce((n, x) => n + x.samples.length, 0) === gauges(r) + 6);
    assert.equal(rows.reduce((n, x) => n + x.samples.length, 0), gauges(r) + 6);
    assert.equal(JSON.parse(r.outputs.record ?? '{}').retries, 2);
  });

  test('a receiver that keeps failing or hangs: reported in exported and as a warning, the step still succeeds; fail-on-export-error fails it', async (t) => {
    const proxy = track(await startFaultyProxy(vm.url));
    const hang = track(await startFaultyProxy(vm.url));
    const { run } = await exporter(t);
    for (let i = 0; i < 10; i++) proxy.script.push({ status: 500, body: 'internal error' });
    for (let i = 0; i < 10; i++) hang.script.push('hang');
    const inputs = { export: `influx=${proxy.url}/write?db=x\nprometheus-remote-write=${hang.url}/api/v1/write\npushgateway=${prom.pushgateway.url}`, 'export-timeout': '3s' };
    const r = await run(inputs);
    assert.equal(r.exitCode, 0, r.stdout);
    const [failing, hanging, fine] = exported(r);
    assert.equal(failing?.status, 'failed');
    assert.match(failing?.error ?? '', /failed after \d attempts \(status 500\).*answered 500: internal error/);
    assert.equal(hanging?.status, 'failed');
    assert.match(hanging?.error ?? '', /attempt timed out|time budget/);
    assert.equal(fine?.status, 'ok', 'one failing sink does not stop the others');
    assert.equal(r.annotations.filter((a) => a.level === 'warning' && /export to .* failed/.test(a.message)).length, 2);
    const strict = await run({ ...inputs, 'fail-on-export-error': 'true' });
    assert.equal(strict.exitCode, 1);
    assert.match(strict.annotations.find((a) => a.level === 'error')?.message ?? '', /export failed for influx=.*, prometheus-remote-write=.* \(fail-on-export-error is on\)/);
  });

  test('dry-run prints each payload, credentials masked, and sends nothing', async (t) => {
    const proxy = track(await startFaultyProxy(vm.url));
    const { run, h } = await exporter(t);
    const password = h.secret('pg-basic-pass-4567');
    const r = await run({ export: `influx=http://ci:${password}@${proxy.url.slice(7)}/write?db=dry&p=${password}`, 'dry-run': 'true', alert: 'annotation\nissue' });
    assert.equal(r.exitCode, 0, r.stdout);
    assert.equal(proxy.requests.length, 0);
    assert.equal(exported(r)[0]?.status, 'dry-run');
    const n = gauges(r) + 6;
    assert.match(r.stdout, new RegExp(`dry-run: influx=http://127\\.0\\.0\\.1:\\d+/write\\?db=dry&p=\\*\\*\\*: POST ${n} unit\\(s\\), ${n} sample\\(s\\)`));
    assert.match(r.stdout, /actions_suite_workflow_run_duration_seconds,branch_class=default,conclusion=success,event=push,repository=octo\/app,workflow=ci\.yml value=95 \d+/);
    assert.doesNotMatch(r.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n'), /pg-basic-pass-4567/, 'the log shows the payloads, never the password');
  });
});

/** Samples Prometheus appended through its out-of-order path so far (its own /metrics). */
async function outOfOrderAppended(p: Prometheus): Promise<number> {
  const text = await (await fetch(`${p.url}/metrics`)).text();
  const line = /^prometheus_tsdb_head_out_of_order_samples_appended_total(?:\{[^}]*\})? (\S+)$/m.exec(text);
  assert.ok(line, 'Prometheus reports prometheus_tsdb_head_out_of_order_samples_appended_total');
  return Number(line[1]);
}
