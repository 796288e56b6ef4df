// The receiver emulators themselves, held to the receivers' documented formats and answers — the
// documentation's own example requests are accepted, malformed ones refused with the receiver's
// error shape — and the OTLP one to the official encoder and decoder. The e2e tests can only
// trust what these emulators accept if the emulators refuse what the real receivers refuse.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AggregationTemporality, DataPointType } from '@opentelemetry/sdk-metrics';
import { startElasticsearchEmulator } from './receivers/elasticsearch.ts';
import { startFaultyProxy } from './receivers/faults.ts';
import { startInfluxV2Emulator } from './receivers/influx-v2.ts';
import { startOtlpEmulator } from './receivers/otlp.ts';
import { startReceiverServer, type ReceiverServer } from './receivers/server.ts';
import { startSplunkHecEmulator } from './receivers/splunk-hec.ts';

const open = new Set<ReceiverServer>();
async function started<R extends ReceiverServer>(receiver: Promise<R>): Promise<R> {
  const r = await receiver;
  open.add(r);
  return r;
}
after(() => Promise.all([...open].map((r) => r.close())));

async function post(url: string, body: string | Uint8Array, headers: Record<string, string> = {}): Promise<{ status: number; json: Record<string, unknown>; bytes: Uint8Array }> {
  const response = await fetch(url, { method: 'POST', body, headers });
  const bytes = new Uint8Array(await response.arrayBuffer());
  const text = Buffer.from(bytes).toString('utf8');
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // not JSON (protobuf, empty)
  }
  return { status: response.status, json, bytes };
}

describe('Elasticsearch bulk emulator', () => {
  test('takes the bulk API documentation\'s example (index, delete, create, update) and answers one item per action', async () => {
    const es = await started(startElasticsearchEmulator());
    // The example request of https://www.elastic.co/docs/api/doc/elasticsearch/operation/operation-bulk
    const body = [
      '{ "index" : { "_index" : "test", "_id" : "1" } }',
      '{ "field1" : "value1" }',
      '{ "delete" : { "_index" : "test", "_id" : "2" } }',
      '{ "create" : { "_index" : "test", "_id" : "3" } }',
      '{ "field1" : "value3" }',
      '{ "update" : {"_id" : "1", "_index" : "test"} }',
      '{ "doc" : {"field2" : "value2"} }',
      '',
    ].join('\n');
    const r = await post(`${es.url}/_bulk`, body, { 'content-type': 'application/x-ndjson' });
    assert.equal(r.status, 200);
    assert.equal(r.json.errors, false);
    assert.deepEqual((r.json.items as Array<Record<string, unknown>>).map((i) => Object.keys(i)[0]), ['index', 'create', 'update']);
    assert.deepEqual(es.indices.get('test')?.get('3'), { field1: 'value3' });
    assert.deepEqual(es.violations, []);
  });

  test('refuses what Elasticsearch refuses: no final newline, an unknown action, a non-NDJSON type; a second create is a per-item 409', async () => {
    const es = await started(startElasticsearchEmulator());
    const ndjson = { 'content-type': 'application/x-ndjson' };
    assert.equal((await post(`${es.url}/i/_bulk`, '{"create":{}}\n{"a":1}', ndjson)).status, 400);
    assert.equal((await post(`${es.url}/i/_bulk`, '{"upsert":{}}\n{"a":1}\n', ndjson)).status, 400);
    assert.equal((await post(`${es.url}/i/_bulk`, '{"create":{}}\n{"a":1}\n', { 'content-type': 'text/plain' })).status, 400);
    assert.equal(es.violations.length, 3);
    const once = await post(`${es.url}/i/_bulk`, '{"create":{"_id":"x"}}\n{"a":1}\n', ndjson);
    assert.equal(once.json.errors, false);
    const twice = await post(`${es.url}/i/_bulk`, '{"create":{"_id":"x"}}\n{"a":2}\n', ndjson);
    assert.equal(twice.status, 200);
    assert.equal(twice.json.errors, true);
    assert.equal(((twice.json.items as Array<{ create: { status: number } }>)[0]?.create.status), 409);
    assert.deepEqual(es.indices.get('i')?.get('x'), { a: 1 });
  });

  test('busy items answer a per-item 429; an API key, once set, is required', async () => {
    const es = await started(startElasticsearchEmulator());
    es.busyItems = 1;
    const r = await post(`${es.url}/i/_bulk`, '{"create":{"_id":"a"}}\n{"n":1}\n{"create":{"_id":"b"}}\n{"n":2}\n', { 'content-type': 'application/x-ndjson' });
    assert.deepEqual((r.json.items as Array<{ create: { status: number } }>).map((i) => i.create.status), [429, 201]);
    es.apiKey = 'key-0001';
    assert.equal((await post(`${es.url}/i/_bulk`, '{"create":{}}\n{"n":3}\n', { 'content-type': 'application/x-ndjson' })).status, 401);
    assert.equal((await post(`${es.url}/i/_bulk`, '{"create":{}}\n{"n":3}\n', { 'content-type': 'application/x-ndjson', authorization: 'ApiKey key-0001' })).status, 200);
  });
});

describe('Splunk HEC emulator', () => {
  const token = 'hec-token-1111';
  const auth = { authorization: `Splunk ${token}` };

  test('takes the documented event and metric examples, several events in one body', async () => {
    const hec = await started(startSplunkHecEmulator(token));
    // From "Format events for HTTP Event Collector" and "Get metrics in from other sources" (the multiple-metric JSON format).
    const event = '{"time": 1426279439, "host": "localhost", "source": "random-data-generator", "sourcetype": "my_sample_data", "index": "main", "event": "Hello world!"}';
    const metric = '{"time": 1486683865.000, "event":"metric", "source":"disk", "host":"host_99", "fields":{"region":"us-west-1","datacenter":"dc2","rack":"63","os":"Ubuntu16.10","arch":"x64","team":"LON","service":"6","service_version":"0","service_environment":"test","path":"/dev/sda1","fstype":"ext3","metric_name:cpu.usr": 11.12,"metric_name:cpu.sys": 12.23,"metric_name:cpu.idle": 13.34}}';
    const r = await post(`${hec.url}/services/collector`, `${event}\n${metric}${event}`, auth);
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, { text: 'Success', code: 0 });
    assert.equal(hec.events.length, 3);
    assert.equal(hec.events[1]?.fields?.['metric_name:cpu.idle'], 13.34);
    assert.deepEqual(hec.violations, []);
  });

  test('answers the collector\'s status and codes: 2, 3, 4 for credentials; 5, 6, 12, 13 for bodies', async () => {
    const hec = await started(startSplunkHecEmulator(token));
    const url = `${hec.url}/services/collector`;
    const codes = async (body: string, headers: Record<string, string>) => {
      const r = await post(url, body, headers);
      return [r.status, r.json.code];
    };
    assert.deepEqual(await codes('{"event":"x"}', {}), [401, 2]);
    assert.deepEqual(await codes('{"event":"x"}', { authorization: token }), [401, 3]);
    assert.deepEqual(await codes('{"event":"x"}', { authorization: 'Splunk wrong-token' }), [403, 4]);
    assert.deepEqual(await codes('', auth), [400, 5]);
    assert.deepEqual(await codes('{"event":"x"} [1]', auth), [400, 6]);
    assert.deepEqual(await codes('{"event":"x"}{"time":1}', auth), [400, 12]);
    assert.deepEqual(await codes('{"event":""}', auth), [400, 13]);
    assert.deepEqual(await codes('{"event":"metric","fields":{"metric_name:a":"high"}}', auth), [400, 6]);
    assert.equal((await post(url, '{"event":"x"}{"time":1}', auth)).json['invalid-event-number'], 1);
    assert.equal(hec.events.length, 0, 'a refused body stores none of its events');
  });
});

describe('Influx v2 write emulator', () => {
  test('holds requests to the v2 API (token, org, bucket, precision) and forwards the lines to the 1.x /write as its user', async () => {
    const upstream = await started(startReceiverServer('influx 1.x', () => ({ status: 204 })));
    const v2 = await started(startInfluxV2Emulator({ url: upstream.url, user: 'admin', password: 'pw-1234' }, 'tok-5678', 'octo'));
    const write = (query: string, headers: Record<string, string> = { authorization: 'Token tok-5678' }) => post(`${v2.url}/api/v2/write?${query}`, 'm,k=v value=1 1700000000000\n', headers);
    assert.equal((await write('org=octo&bucket=ci&precision=ms')).status, 204);
    const forwarded = upstream.requests[0];
    assert.equal(forwarded?.path, '/write');
    assert.deepEqual(Object.fromEntries(forwarded?.query ?? []), { db: 'ci', precision: 'ms' });
    assert.equal(forwarded?.headers.authorization, `Basic ${Buffer.from('admin:pw-1234').toString('base64')}`);
    assert.equal(forwarded?.body.toString(), 'm,k=v value=1 1700000000000\n');
    assert.equal((await write('org=octo&bucket=ci', {})).status, 401);
    assert.equal((await write('org=other&bucket=ci')).status, 404);
    assert.equal((await write('org=octo')).status, 400);
    assert.equal((await write('org=octo&bucket=ci&precision=m')).status, 400);
    assert.equal(upstream.requests.length, 1, 'nothing refused reaches the server');
    assert.deepEqual(v2.violations, ['bucket is required', 'invalid precision m']);
  });
});

describe('OTLP emulator', () => {
  test('decodes what the official exporter encodes; answers partial_success that the official client reads', async () => {
    const otlp = await started(startOtlpEmulator());
    const body = ProtobufMetricsSerializer.serializeRequest({
      resource: resourceFromAttributes({ 'service.name': 'probe' }),
      scopeMetrics: [
        {
          scope: { name: 'probe-scope' },
          metrics: [
            {
              descriptor: { name: 'probe.value', description: 'd', unit: '1', valueType: 1 },
              aggregationTemporality: AggregationTemporality.CUMULATIVE,
              dataPointType: DataPointType.GAUGE,
              isMonotonic: false,
              dataPoints: [{ attributes: { k: 'v' }, startTime: [1_700_000_000, 0], endTime: [1_700_000_000, 0], value: 7 }],
            },
          ],
        },
      ],
    } as never);
    assert.ok(body);
    const ok = await post(`${otlp.url}/v1/metrics`, body, { 'content-type': 'application/x-protobuf' });
    assert.equal(ok.status, 200);
    assert.match(JSON.stringify(otlp.decoded[0]), /"name":"probe\.value".*"as_double":7/);
    otlp.rejectNext = 1;
    const partial = await post(`${otlp.url}/v1/metrics`, body, { 'content-type': 'application/x-protobuf' });
    assert.deepEqual(ProtobufMetricsSerializer.deserializeResponse(partial.bytes), { partialSuccess: { rejectedDataPoints: 1, errorMessage: 'points too old' } });
    assert.equal((await post(`${otlp.url}/v1/metrics`, '{}', { 'content-type': 'application/json' })).status, 415);
    assert.equal((await post(`${otlp.url}/v1/metrics`, new Uint8Array([0x0a, 0xff]), { 'content-type': 'application/x-protobuf' })).status, 400);
    assert.equal(otlp.violations.length, 2);
  });
});

describe('faulty proxy', () => {
  test('answers its script in order (429 with Retry-After, 5xx), refuses large bodies with 413, forwards the rest untouched, and can hang', async () => {
    const target = await started(startReceiverServer('target', (req) => ({ status: 202, body: `got ${req.body.byteLength}`, headers: { 'content-type': 'text/plain' } })));
    const proxy = await started(startFaultyProxy(target.url));
    proxy.script.push({ status: 429, retryAfter: '3' }, { status: 503, body: 'down' });
    proxy.maxBodyBytes = 10;
    const limited = await fetch(`${proxy.url}/p`, { method: 'POST', body: 'x' });
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '3');
    assert.equal((await fetch(`${proxy.url}/p`, { method: 'POST', body: 'x' })).status, 503);
    assert.equal((await fetch(`${proxy.url}/p`, { method: 'POST', body: 'x'.repeat(11) })).status, 413);
    assert.equal(proxy.tooLarge, 1);
    const passed = await fetch(`${proxy.url}/p?q=1`, { method: 'POST', body: 'hello', headers: { 'x-k': 'v' } });
    assert.equal(passed.status, 202);
    assert.equal(await passed.text(), 'got 5');
    assert.equal(target.requests.length, 1, 'only the passed request reached the target');
    assert.equal(target.requests[0]?.query.get('q'), '1');
    assert.equal(target.requests[0]?.headers['x-k'], 'v');
    proxy.script.push('hang');
    await assert.rejects(fetch(`${proxy.url}/p`, { method: 'POST', body: 'x', signal: AbortSignal.timeout(300) }), /timeout|abort/i);
  });

  test('the leak scanner sees everything a receiver got except the Authorization header a sink is meant to send', async () => {
    const r = await started(startReceiverServer('probe', () => ({ status: 204 })));
    await fetch(`${r.url}/x?token=in-query`, { method: 'POST', body: 'in-body', headers: { authorization: 'Bearer meant-for-it', 'x-other': 'in-header' } });
    const [seen] = r.receivedStrings();
    assert.match(seen?.text ?? '', /in-query/);
    assert.match(seen?.text ?? '', /in-body/);
    assert.match(seen?.text ?? '', /x-other: in-header/);
    assert.match(seen?.text ?? '', /authorization: \[redacted\]/);
    assert.doesNotMatch(seen?.text ?? '', /meant-for-it/);
  });
});
