// An OTLP/HTTP metrics receiver (https://opentelemetry.io/docs/specs/otlp/#otlphttp) that decodes
// what it is sent with the official opentelemetry-proto definitions (the .proto files as npm ships
// them in @opentelemetry/otlp-grpc-exporter-base, loaded with protobufjs): `POST /v1/metrics`,
// `Content-Type: application/x-protobuf`, answered with an ExportMetricsServiceResponse — with a
// partial_success when told to reject points. No OTLP collector installs here; this decoder is the
// conformance check.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import protobuf from 'protobufjs';
import { startReceiverServer, type ReceiverServer } from './server.ts';

const require = createRequire(import.meta.url);
const PROTOS = join(dirname(require.resolve('@opentelemetry/otlp-grpc-exporter-base/package.json')), 'build', 'protos');

let root: protobuf.Root | undefined;

/** The official message types, loaded once. */
export function otlpTypes(): { request: protobuf.Type } {
  if (!root) {
    root = new protobuf.Root();
    root.resolvePath = (_origin, target) => (target.startsWith('/') ? target : join(PROTOS, target));
    root.loadSync('opentelemetry/proto/collector/metrics/v1/metrics_service.proto', { keepCase: true });
  }
  return {
    request: root.lookupType('opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest'),
  };
}

/** Decodes a request body to plain objects (64-bit values as strings, bytes as base64). */
export function decodeMetricsRequest(body: Uint8Array): Record<string, unknown> {
  const { request } = otlpTypes();
  return request.toObject(request.decode(body), { longs: String, bytes: String, defaults: false, arrays: true }) as Record<string, unknown>;
}

export interface OtlpEmulator extends ReceiverServer {
  /** Every request decoded. */
  readonly decoded: Array<Record<string, unknown>>;
  readonly violations: string[];
  /** Reject this many data points of the next request (partial_success). */
  rejectNext: number;
}

export async function startOtlpEmulator(): Promise<OtlpEmulator> {
  const decoded: Array<Record<string, unknown>> = [];
  const violations: string[] = [];
  const state = { rejectNext: 0 };
  const server = await startReceiverServer('otlp', (req) => {
    if (req.method !== 'POST' || req.path !== '/v1/metrics') return { status: 404 };
    if (req.headers['content-type'] !== 'application/x-protobuf') {
      violations.push(`Content-Type ${req.headers['content-type']}`);
      return { status: 415 };
    }
    try {
      decoded.push(decodeMetricsRequest(req.body));
    } catch (error) {
      violations.push(`undecodable body: ${error instanceof Error ? error.message : String(error)}`);
      return { status: 400 };
    }
    const rejected = state.rejectNext;
    state.rejectNext = 0;
    // The .proto files npm ships predate partial_success (opentelemetry-proto 0.19 added it):
    // ExportMetricsServiceResponse { ExportMetricsPartialSuccess partial_success = 1; }, written here by hand.
    const answer = rejected
      ? protobuf.Writer.create().uint32((1 << 3) | 2).fork().uint32(1 << 3).int64(rejected).uint32((2 << 3) | 2).string('points too old').ldelim().finish()
      : new Uint8Array();
    return { status: 200, body: answer, headers: { 'content-type': 'application/x-protobuf' } };
  });
  return {
    ...server,
    decoded,
    violations,
    get rejectNext() {
      return state.rejectNext;
    },
    set rejectNext(n: number) {
      state.rejectNext = n;
    },
  };
}
