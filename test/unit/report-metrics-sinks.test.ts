// report-metrics' sinks in process: the export-line parser (credentials never shown), the metric
// model's enforcement, each encoder against its format (OTLP against the official JS exporter,
// decoded with the official .proto files), and the delivery rules over an injected fetch (413
// halves a chunk, 429/5xx retry, 4xx is reported, nothing thrown).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AggregationTemporality, DataPointType } from '@opentelemetry/sdk-metrics';
import { METRIC_CICD_PIPELINE_RUN_DURATION, ATTR_CICD_PIPELINE_NAME, ATTR_CICD_PIPELINE_RESULT, ATTR_CICD_PIPELINE_RUN_STATE, ATTR_CICD_PIPELINE_TASK_NAME } from '@opentelemetry/semantic-conventions/incubating';
import { InputError } from '../../shared/errors.ts';
import type { Fetch, HttpResponse } from '../../shared/http.ts';
import { createLogger } from '../../shared/log.ts';
import { Redactor } from '../../shared/redact.ts';
import { RunStats } from '../../shared/stats.ts';
import { SUITE_VERSION } from '../../shared/version.ts';
import { readSettings } from '../../actions/report-metrics/src/inputs.ts';
import { documents } from '../../actions/report-metrics/src/sinks/elasticsearch.ts';
import { exposition } from '../../actions/report-metrics/src/sinks/encode/exposition.ts';
import { ProtoWriter } from '../../actions/report-metrics/src/sinks/encode/protobuf.ts';
import { snappyBlock } from '../../actions/report-metrics/src/sinks/encode/snappy.ts';
import { openSink } from '../../actions/report-metrics/src/sinks/open.ts';
import { exportField, headersField, parseExportLine, withHeaders } from '../../actions/report-metrics/src/sinks/parse.ts';
import { conform } from '../../actions/report-metrics/src/sinks/model.ts';
import { exportRequest, metricsView, SCOPE } from '../../actions/report-metrics/src/sinks/otlp.ts';
import { toSeries } from '../../actions/report-metrics/src/sinks/prometheus-remote-write.ts';
import { events } from '../../actions/report-metrics/src/sinks/splunk-hec.ts';
import { pack } from '../../actions/report-metrics/src/sinks/statsd.ts';
import type { ExportContext, MetricPoint, SinkTarget } from '../../actions/report-metrics/src/sinks/types.ts';
import { decodeMetricsRequest } from '../harness/receivers/otlp.ts';
import { FakeClock } from './helpers/fake-clock.ts';
import { withActionDefaults } from './helpers/action-inputs.ts';

const NOW = Date.UTC(2026, 11, 1, 12, 0, 0);

const POINTS: MetricPoint[] = [
  {
    name: 'actions_suite_workflow_run_duration_seconds',
    help: 'Duration of a workflow run.',
    unit: 'seconds',
    type: 'histogram',
    labels: { repository: 'octo/app', workflow: 'ci.yml', conclusion: 'success' },
    samples: [
      { value: 42, timestampMs: NOW - 3_000_000, run: { id: '101', attempt: 1 } },
      { value: 630, timestampMs: NOW - 2_000_000, run: { id: '102', attempt: 1 } },
    ],
  },
  { name: 'actions_suite_success_ratio', help: 'Share of successful runs.', unit: 'ratio', type: 'gauge', labels: { repository: 'octo/app', workflow: 'ci.yml' }, samples: [{ value: 0.75 }] },
  { name: 'actions_suite_runs_total', help: 'Runs.', unit: '', type: 'counter', labels: { repository: 'octo/app', workflow: 'ci.yml', conclusion: 'failure' }, samples: [{ value: 3, timestampMs: NOW - 60_000 }] },
];

describe('export lines', () => {
  test('each kind parses to its endpoint; credentials leave the URL, become basic auth and are never in the label', () => {
    const cases: Array<[string, string]> = [
      ['pushgateway=http://pg:9091', 'http://pg:9091/'],
      ['prometheus-remote-write=http://prom:9090', 'http://prom:9090/api/v1/write'],
      ['prometheus-remote-write=https://mimir.example/api/v1/push', 'https://mimir.example/api/v1/push'],
      ['otlp=https://otel.example:4318', 'https://otel.example:4318/v1/metrics'],
      ['otlp=https://otel.example/v1/metrics', 'https://otel.example/v1/metrics'],
      ['influx=http://influx:8086/write?db=ci', 'http://influx:8086/write?db=ci'],
      ['influx=https://eu.influx.example/api/v2/write?org=o&bucket=b', 'https://eu.influx.example/api/v2/write?org=o&bucket=b'],
      ['datadog=https://api.datadoghq.eu', 'https://api.datadoghq.eu/api/v1/series'],
      ['statsd=udp://127.0.0.1:8125', 'udp://127.0.0.1:8125'],
      ['elasticsearch=https://es:9200/ci-metrics', 'https://es:9200/ci-metrics'],
      ['splunk-hec=https://splunk:8088', 'https://splunk:8088/services/collector'],
    ];
    for (const [line, url] of cases) assert.equal(parseExportLine(line).url?.href, url, line);
    const t = parseExportLine('elasticsearch=https://elastic:S3cret-pass@es:9200/ci');
    assert.equal(t.label, 'elasticsearch=https://es:9200/ci');
    assert.equal(t.headers.authorization, `Basic ${Buffer.from('elastic:S3cret-pass').toString('base64')}`);
    assert.deepEqual(exportField.secretsOf?.('elasticsearch=https://elastic:S3cret-pass@es:9200/ci\ninflux=http://i/write?db=ci&p=hunter22'), [
      'https://elastic:S3cret-pass@es:9200/ci',
      'elastic:S3cret-pass',
      'S3cret-pass',
      Buffer.from('elastic:S3cret-pass').toString('base64'),
      'hunter22',
    ]);
    const v1 = parseExportLine('influx=http://influx:8086/write?db=ci&u=me&p=hunter22');
    assert.match(v1.label, /p=\*\*\*/);
    assert.ok(!v1.label.includes('hunter22'));
    assert.deepEqual(parseExportLine('file=out/metrics.om'), { kind: 'file', url: undefined, path: 'out/metrics.om', label: 'file=out/metrics.om', headers: {} });
  });

  test('bad lines name the input, the line (credentials masked) and the expected form', () => {
    const bad: Array<[string, RegExp]> = [
      ['grafana=http://x', /each line to be none, or one of pushgateway=URL/],
      ['pushgateway=ftp://x', /pushgateway=URL with scheme http or https/],
      ['influx=http://u:Pa55word@influx:8086/write', /\/write\?db=DATABASE/],
      ['statsd=udp://host', /statsd=udp:\/\/HOST:PORT/],
      ['elasticsearch=https://es:9200', /elasticsearch=URL\/INDEX/],
      ['file=/etc/passwd', /relative path inside the workspace/],
      ['file=../x.om', /relative path inside the workspace/],
    ];
    for (const [line, expected] of bad) {
      assert.throws(() => exportField.parse(line, 'export'), (e: unknown) => e instanceof InputError && /^Input 'export'/.test(e.message) && expected.test(e.message) && !e.message.includes('Pa55word'), line);
    }
    assert.throws(() => exportField.parse('file=a.om\nfile=a.om', 'export'), /each sink once/);
    assert.deepEqual(exportField.parse('none', 'export'), []);
  });

  test('export-headers: scoped lines reach only their sink; values, tokens and URL passwords are registered before parsing', () => {
    const registered: string[] = [];
    const redactor = new Redactor((v) => registered.push(v));
    const settings = readSettings(redactor, withActionDefaults('report-metrics', {
      'github-token': 'ghs_x123',
      export: 'splunk-hec=https://s:8088\npushgateway=https://u:pw-9876@pg',
      'export-headers': '[splunk-hec] Authorization: Splunk hec-token-1234\nX-Scope-OrgID: tenant-a',
    }));
    const targets = settings.export;
    const [v1, v2] = withHeaders([parseExportLine('influx=http://w:pw-1357@i:8086/write?db=ci'), parseExportLine('influx=https://i2/api/v2/write?org=o&bucket=b')], headersField.parse('[influx] Authorization: Token tk-2468\nAuthorization: Bearer every-1', 'export-headers'));
    assert.equal(v1?.headers.authorization, `Basic ${Buffer.from('w:pw-1357').toString('base64')}`, 'the line\'s own user:password wins');
    assert.equal(v2?.headers.authorization, 'Token tk-2468', 'a [kind] line wins over a line for every sink');
    assert.equal(targets[0]?.headers.authorization, 'Splunk hec-token-1234');
    assert.equal(targets[1]?.headers.authorization, `Basic ${Buffer.from('u:pw-9876').toString('base64')}`, 'the Splunk token never goes to the Pushgateway');
    assert.equal(targets[1]?.headers['x-scope-orgid'], 'tenant-a');
    for (const s of ['hec-token-1234', 'Splunk hec-token-1234', 'tenant-a', 'pw-9876', Buffer.from('u:pw-9876').toString('base64')]) assert.ok(registered.includes(s), s);
    assert.throws(() => readSettings(redactor, withActionDefaults('report-metrics', { 'github-token': 'ghs_x123', export: 'influx=http://u:Leak-Pass-77@i:8086/nowrite' })), (e: unknown) => e instanceof InputError && !e.message.includes('Leak-Pass-77'));
    assert.ok(registered.includes('Leak-Pass-77'), 'registered before the line was refused');
    assert.throws(() => headersField.parse('Authorization Bearer x', 'export-headers'), /Input 'export-headers' has value "line 1"/);
    assert.throws(() => headersField.parse('[grafana] A: b', 'export-headers'), /a sink kind in brackets/);
    assert.throws(() => headersField.parse('Content-Type: text/html', 'export-headers'), /the sink sets those/);
    assert.throws(() => parseExportLine('splunk-hec=https://s:8088?index=_internal'), /\?index= a Splunk index name/);
    assert.equal(parseExportLine('splunk-hec=https://s:8088?index=ci_metrics').url?.href, 'https://s:8088/services/collector?index=ci_metrics');
  });

  test('records: parsed once into execution records; a bad line is named by its number', () => {
    const redactor = new Redactor(() => {});
    const line = JSON.stringify({ action: 'deploy', outcome: 'success', duration_ms: 1200, attempts: 1, retries: 0, api_calls: 3, started_at: '2026-12-01T10:00:00Z', correlation_id: '77/1/deploy' });
    const s = readSettings(redactor, withActionDefaults('report-metrics', { 'github-token': 'ghs_x123', records: `${line}\n\n${line}` }));
    assert.deepEqual(s.records?.map((r) => [r.action, r.duration_ms]), [['deploy', 1200], ['deploy', 1200]]);
    assert.throws(() => readSettings(redactor, withActionDefaults('report-metrics', { 'github-token': 'ghs_x123', records: `${line}\n{"outcome` })), /Input 'records' .*expected line 2 of records to be one JSON object/);
    assert.throws(() => readSettings(redactor, withActionDefaults('report-metrics', { 'github-token': 'ghs_x123', records: '{"action":"deploy"}' })), /expected line 1 of records to have 'outcome'/);
  });

  test('readSettings: a scoped header without its sink is an input error; defaults come from action.yml', () => {
    const redactor = new Redactor(() => {});
    const s = readSettings(redactor, withActionDefaults('report-metrics', { 'github-token': 'ghs_x123', export: 'pushgateway=http://pg:9091' }));
    assert.equal(s.exportTimeout, 60_000);
    assert.equal(s.sampleInterval, 5_000);
    assert.equal(s.failOnExportError, false);
    assert.throws(
      () => readSettings(redactor, withActionDefaults('report-metrics', { 'github-token': 'ghs_x123', export: 'pushgateway=http://pg:9091', 'export-headers': '[datadog] DD-API-KEY: abcd1234' })),
      /Input 'export-headers' .*a \[kind\] that an export line uses \(export has pushgateway\)/,
    );
  });
});

describe('metric model', () => {
  test('only the catalogue\'s names and each name\'s own labels pass: run ids, shas and actors are dropped with a reason, so are non-finite samples', () => {
    const ratio: MetricPoint = { name: 'actions_suite_workflow_success_ratio', help: 'h', unit: 'ratio', type: 'gauge', labels: { repository: 'octo/app', workflow: 'ci.yml' }, samples: [{ value: 0.75 }] };
    const { points, problems } = conform([
      { ...ratio, labels: { workflow: 'ci.yml', run_id: '123456789', sha: 'abc', actor: 'octocat', action: 'deploy', workflow_job: '' } },
      { ...ratio, name: 'CamelCase' },
      { ...ratio, name: 'actions_suite_duration' },
      { ...ratio, samples: [{ value: Number.NaN }, { value: 1 }] },
    ]);
    assert.deepEqual(points.map((p) => p.labels), [{ workflow: 'ci.yml' }, ratio.labels], 'action is a label of other metrics, not of this one; an empty value is an absent label');
    assert.equal(points[1]?.samples.length, 1);
    for (const re of [/label 'run_id' dropped/, /label 'sha' dropped/, /label 'actor' dropped/, /label 'action' dropped/, /'CamelCase' dropped: not in the metric model/, /'actions_suite_duration' dropped/, /not finite/]) {
      assert.ok(problems.some((p) => re.test(p)), `${re}: ${problems.join(' | ')}`);
    }
    assert.ok(!problems.some((p) => /workflow_job/.test(p)), problems.join(' | '));
  });
});

describe('encoders', () => {
  test('protobuf writer: varints, negative int64, fixed64, doubles, nested messages', () => {
    const bytes = new ProtoWriter().varint(1, 300).varint(2, -1).fixed64(3, 1n).double(4, 1.5).message(5, (w) => w.string(1, 'hi')).finish();
    assert.deepEqual([...bytes], [
      0x08, 0xac, 0x02,
      0x10, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01,
      0x19, 1, 0, 0, 0, 0, 0, 0, 0,
      0x21, 0, 0, 0, 0, 0, 0, 0xf8, 0x3f,
      0x2a, 4, 0x0a, 2, 0x68, 0x69,
    ]);
  });

  test('snappy block: uncompressed length then literals, each tag form, decoded back by a reference decoder', () => {
    for (const size of [0, 1, 60, 61, 256, 70_000, 200_000]) {
      const input = Uint8Array.from({ length: size }, (_, i) => (i * 7) % 251);
      assert.deepEqual(snappyDecode(snappyBlock(input)), input, `size ${size}`);
    }
    assert.deepEqual([...snappyBlock(Uint8Array.of(0x61, 0x62))], [2, 1 << 2, 0x61, 0x62]);
  });

  test('remote-write series: one per name and label set, sorted labels, samples in time order, current values at the export time', () => {
    const series = toSeries([...POINTS, { ...POINTS[0]!, samples: [{ value: 1, timestampMs: NOW - 4_000_000 }] }], NOW);
    const duration = series.find((s) => s.point.name === 'actions_suite_workflow_run_duration_seconds');
    assert.deepEqual(duration?.labels.map(([k]) => k), ['__name__', 'conclusion', 'repository', 'workflow']);
    assert.deepEqual(duration?.samples.map((s) => s.at), [NOW - 4_000_000, NOW - 3_000_000, NOW - 2_000_000]);
    assert.deepEqual(series.find((s) => s.point.name === 'actions_suite_success_ratio')?.samples, [{ value: 0.75, at: NOW }]);
  });

  test('OTLP: field by field what the official JS exporter encodes for the same points, with semantic-convention names', () => {
    const view = metricsView(POINTS, NOW);
    assert.equal(view[0]?.name, METRIC_CICD_PIPELINE_RUN_DURATION);
    const attrs = Object.fromEntries(view[0]?.points[0]?.attributes ?? []);
    assert.equal(attrs[ATTR_CICD_PIPELINE_NAME], 'ci.yml');
    assert.equal(attrs[ATTR_CICD_PIPELINE_RESULT], 'success');
    assert.equal(attrs[ATTR_CICD_PIPELINE_RUN_STATE], 'executing');
    assert.equal(metricsView([{ ...POINTS[1]!, labels: { workflow_job: 'build' } }], NOW)[0]?.points[0]?.attributes[0]?.[0], ATTR_CICD_PIPELINE_TASK_NAME);

    const hr = (ms: number): [number, number] => [Math.floor(ms / 1000), (ms % 1000) * 1e6];
    const official = ProtobufMetricsSerializer.serializeRequest({
      resource: resourceFromAttributes({ 'service.name': 'actions-suite', 'service.version': SUITE_VERSION }),
      scopeMetrics: [
        {
          scope: { name: SCOPE, version: SUITE_VERSION },
          metrics: view.map((m) => ({
            descriptor: { name: m.name, description: m.description, unit: m.unit, valueType: 1 },
            aggregationTemporality: m.kind === 'histogram' ? AggregationTemporality.DELTA : AggregationTemporality.CUMULATIVE,
            dataPointType: m.kind === 'histogram' ? DataPointType.HISTOGRAM : m.kind === 'sum' ? DataPointType.SUM : DataPointType.GAUGE,
            isMonotonic: true,
            dataPoints: m.points.map((p) => ({
              attributes: Object.fromEntries(p.attributes),
              startTime: hr(p.start),
              endTime: hr(p.time),
              value: p.histogram ? { buckets: { boundaries: p.histogram.bounds, counts: p.histogram.counts }, sum: p.histogram.sum, count: p.histogram.count, min: p.histogram.min, max: p.histogram.max } : (p.value ?? 0),
            })),
          })),
        },
      ],
    } as never);
    assert.ok(official);
    const ours = decodeMetricsRequest(exportRequest(POINTS, NOW));
    assert.deepEqual(ours, decodeMetricsRequest(official));
    const histogram = JSON.stringify(ours).match(/"histogram":\{"data_points":\[\{.*?"count":"(\d+)","sum":(\d+)/);
    assert.deepEqual([histogram?.[1], histogram?.[2]], ['2', '672'], 'two runs, 42 s + 630 s');
  });

  test('exposition: Prometheus text has current values only; OpenMetrics has every sample, seconds timestamps, counters without _total metadata, # EOF', () => {
    const prom = exposition(POINTS, 'prometheus', NOW);
    assert.equal(prom, '# HELP actions_suite_workflow_run_duration_seconds Duration of a workflow run.\n# TYPE actions_suite_workflow_run_duration_seconds gauge\n# HELP actions_suite_success_ratio Share of successful runs.\n# TYPE actions_suite_success_ratio gauge\nactions_suite_success_ratio{repository="octo/app",workflow="ci.yml"} 0.75\n# HELP actions_suite_runs_total Runs.\n# TYPE actions_suite_runs_total counter\n');
    const om = exposition(POINTS, 'openmetrics', NOW);
    assert.match(om, /^# TYPE actions_suite_runs counter\nactions_suite_runs_total\{conclusion="failure",repository="octo\/app",workflow="ci.yml"\} 3 1796126340\.000$/m);
    assert.match(om, /^# UNIT actions_suite_workflow_run_duration_seconds seconds$/m);
    assert.match(om, /\} 42 1796123400\.000\n.*\} 630 1796124400\.000\n/);
    assert.ok(om.endsWith('# EOF\n'));
    assert.match(exposition([{ ...POINTS[1]!, labels: { workflow: 'a"b\\c\nd' } }], 'prometheus', NOW), /workflow="a\\"b\\\\c\\nd"/);
  });

  test('StatsD packets stay under 1,432 bytes and split on line boundaries', () => {
    const lines = Array.from({ length: 100 }, (_, i) => `actions_suite_x_${i}:${i}|g|#workflow:ci.yml`);
    const packets = pack(lines);
    assert.ok(packets.length > 1);
    assert.ok(packets.every((p) => Buffer.byteLength(p) <= 1432));
    assert.deepEqual(packets.join('\n').split('\n'), lines);
  });

  test('Elasticsearch: one document per run (its figures together, run identity kept), one per KPI; ids stable', () => {
    const docs = documents([...POINTS, { ...POINTS[2]!, name: 'actions_suite_queue_seconds', unit: 'seconds', type: 'gauge', samples: [{ value: 5, timestampMs: NOW - 2_000_000, run: { id: '102', attempt: 1 } }], labels: POINTS[0]!.labels }], NOW);
    const runs = docs.filter((d) => d.body.kind === 'run');
    assert.equal(runs.length, 2);
    assert.deepEqual(runs.find((d) => (d.body.run as { id: string }).id === '102')?.body.metrics, { actions_suite_workflow_run_duration_seconds: 630, actions_suite_queue_seconds: 5 });
    assert.deepEqual(docs.filter((d) => d.body.kind === 'kpi').map((d) => d.body.metric), ['actions_suite_success_ratio']);
    assert.deepEqual(documents(POINTS, NOW + 1).filter((d) => d.body.kind === 'run').map((d) => d.id), runs.map((d) => d.id), 'a run document keeps its id across exports');
  });

  test('Splunk HEC: metric events, one per time and label set, numeric metric_name fields, seconds', () => {
    const e = events(POINTS, NOW, 'ci_metrics');
    assert.deepEqual(e[0]?.json, { time: (NOW - 3_000_000) / 1000, event: 'metric', source: 'actions-suite', index: 'ci_metrics', fields: { conclusion: 'success', repository: 'octo/app', workflow: 'ci.yml', 'metric_name:actions_suite_workflow_run_duration_seconds': 42 } });
  });
});

describe('delivery rules (injected fetch, fake clock)', () => {
  const respond = (status: number, body = '', headers: Record<string, string> = {}): HttpResponse => ({
    status,
    statusText: '',
    ok: status >= 200 && status < 300,
    url: '',
    redirected: false,
    headers: { get: (n) => headers[n.toLowerCase()] ?? null, [Symbol.iterator]: () => Object.entries(headers)[Symbol.iterator]() },
    text: async () => body,
    json: async () => JSON.parse(body) as unknown,
    arrayBuffer: async () => new ArrayBuffer(0),
    body: (async function* () {
      yield new TextEncoder().encode(body);
    })(),
  });
  const context = (fetch: Fetch, extra: Partial<ExportContext> = {}): { ctx: ExportContext; lines: string[] } => {
    const lines: string[] = [];
    const redactor = new Redactor(() => {});
    const sink = { debug: () => {}, info: (m: string) => lines.push(m), warning: (m: string) => lines.push(m), error: (m: string) => lines.push(m), startGroup: () => {}, endGroup: () => {} };
    const clock = new FakeClock({ start: NOW });
    return { lines, ctx: { log: createLogger({ redactor, sink }), redactor, stats: new RunStats(), signal: new AbortController().signal, clock, fetch, timeoutMs: 60_000, dryRun: false, now: NOW, workspace: '/tmp', ...extra } };
  };
  const many: MetricPoint[] = Array.from({ length: 40 }, (_, i) => ({ ...POINTS[1]!, labels: { workflow: `w${i}.yml` } }));
  const influx = (): SinkTarget => parseExportLine('influx=http://influx:8086/write?db=ci');

  test('413 halves the chunk until the receiver takes it; every point arrives once', async () => {
    const bodies: string[] = [];
    const fetch: Fetch = async (_url, init) => {
      const body = String(init?.body ?? '');
      if (body.length > 600) return respond(413, 'too large');
      bodies.push(body);
      return respond(204);
    };
    const { ctx } = context(fetch);
    const result = await (await openSink('influx')).deliver(many, influx(), ctx);
    assert.deepEqual({ status: result.status, points: result.points }, { status: 'ok', points: 40 });
    assert.equal(bodies.join('').trim().split('\n').length, 40);
    assert.ok(bodies.length >= 4);
  });

  test('429 with Retry-After and a 503 are retried; a 400 is reported with the receiver\'s words, not thrown', async () => {
    const answers = [respond(429, '', { 'retry-after': '2' }), respond(503), respond(204)];
    const { ctx, lines } = context(async () => answers.shift() ?? respond(204));
    const ok = await (await openSink('influx')).deliver(POINTS, influx(), ctx);
    assert.equal(ok.status, 'ok');
    assert.equal(ctx.stats.retries, 2);
    assert.ok(lines.some((l) => /attempt 1\/5 failed \(rate limited, status 429\); retrying in 2\.0s/.test(l)), lines.join('\n'));
    const { ctx: ctx2 } = context(async () => respond(400, '{"error":"unable to parse \'x\': bad timestamp"}'));
    const bad = await (await openSink('influx')).deliver(POINTS, influx(), ctx2);
    assert.equal(bad.status, 'failed');
    assert.match(bad.error ?? '', /answered 400: \{"error":"unable to parse 'x': bad timestamp"\}/);
    assert.equal(ctx2.stats.retries, 0);
  });

  test('dry-run sends nothing and prints the payload with secrets scrubbed', async () => {
    let calls = 0;
    const { ctx, lines } = context(async () => (calls++, respond(204)), { dryRun: true });
    ctx.redactor.add('octo/app');
    const r = await (await openSink('influx')).deliver(POINTS, influx(), ctx);
    assert.equal(calls, 0);
    assert.equal(r.status, 'dry-run');
    assert.equal(r.points, 4);
    assert.ok(lines.some((l) => l.includes('repository=***')));
  });
});

/** A reference snappy block decoder (literals and copies), from the format description. */
function snappyDecode(input: Uint8Array): Uint8Array {
  let i = 0;
  let length = 0;
  for (let shift = 0; ; shift += 7) {
    const b = input[i++] ?? 0;
    length += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) break;
  }
  const out: number[] = [];
  while (i < input.length) {
    const tag = input[i++] ?? 0;
    if ((tag & 3) !== 0) throw new Error('copies are not expected from a literal-only encoder');
    let n = tag >> 2;
    if (n >= 60) {
      const bytes = n - 59;
      n = 0;
      for (let k = 0; k < bytes; k++) n += (input[i++] ?? 0) * 256 ** k;
    }
    for (let k = 0; k <= n; k++) out.push(input[i++] ?? 0);
  }
  assert.equal(out.length, length);
  return Uint8Array.from(out);
}
