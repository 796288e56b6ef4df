// A Splunk HTTP Event Collector emulator held to the documented format
// (https://docs.splunk.com/Documentation/Splunk/latest/Data/FormateventsforHTTPEventCollector,
// https://docs.splunk.com/Documentation/Splunk/latest/Data/TroubleshootHTTPEventCollector):
// `Authorization: Splunk <token>`; a body of JSON event objects one after another; each with an
// `event`, an optional numeric epoch `time`, flat `fields`; metric events (`"event": "metric"`)
// carry numeric `metric_name:<name>` fields. Answers `{"text":"Success","code":0}` or the
// collector's error codes (401 with 2 token required or 3 invalid authorization, 403 with 4 invalid
// token; 400 with 5 no data, 6 invalid data format, 12 event field is required, 13 event field
// cannot be blank — the last three with `invalid-event-number`).
import { json, startReceiverServer, type ReceiverServer } from './server.ts';

export interface HecEvent {
  time?: number;
  event: unknown;
  source?: string;
  index?: string;
  fields?: Record<string, unknown>;
}

export interface SplunkHecEmulator extends ReceiverServer {
  readonly events: HecEvent[];
  readonly violations: string[];
  readonly token: string;
}

export async function startSplunkHecEmulator(token: string): Promise<SplunkHecEmulator> {
  const events: HecEvent[] = [];
  const violations: string[] = [];
  const invalid = (n: number, why: string, code = 6, text = 'Invalid data format') => {
    violations.push(`event ${n}: ${why}`);
    return json(400, { text, code, 'invalid-event-number': n });
  };
  const server = await startReceiverServer('splunk-hec', (req) => {
    if (req.method !== 'POST' || !/^\/services\/collector(\/event)?\/?$/.test(req.path)) return json(404, { text: 'The requested URL was not found on this server.', code: 404 });
    const auth = req.headers.authorization;
    if (!auth) return json(401, { text: 'Token is required', code: 2 });
    if (!/^Splunk \S+$/.test(auth)) return json(401, { text: 'Invalid authorization', code: 3 });
    if (auth !== `Splunk ${token}`) return json(403, { text: 'Invalid token', code: 4 });
    const objects = parseConcatenated(req.body.toString('utf8'));
    if (objects === undefined) return invalid(0, 'the body is not a sequence of JSON objects');
    if (objects.length === 0) return json(400, { text: 'No data', code: 5 });
    const accepted: HecEvent[] = [];
    for (const [n, o] of objects.entries()) {
      if (o === null || typeof o !== 'object' || Array.isArray(o)) return invalid(n, 'not an object');
      const e = o as Record<string, unknown>;
      if (!('event' in e)) return invalid(n, 'no event', 12, 'Event field is required');
      if (e.event === '' || e.event === null) return invalid(n, 'a blank event', 13, 'Event field cannot be blank');
      if ('time' in e && (typeof e.time !== 'number' || !Number.isFinite(e.time))) return invalid(n, 'time is not a number of epoch seconds');
      if ('fields' in e) {
        const fields = e.fields;
        if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) return invalid(n, 'fields is not an object');
        for (const [k, v] of Object.entries(fields)) {
          if (v !== null && typeof v === 'object' && !Array.isArray(v)) return invalid(n, `field ${k} is nested`);
        }
        if (e.event === 'metric') {
          const metrics = Object.entries(fields).filter(([k]) => k.startsWith('metric_name:'));
          const single = 'metric_name' in fields && '_value' in fields;
          if (metrics.length === 0 && !single) return invalid(n, 'a metric event without metric_name fields');
          for (const [k, v] of metrics) if (typeof v !== 'number') return invalid(n, `${k} is not numeric`);
        }
      }
      accepted.push(e as unknown as HecEvent);
    }
    events.push(...accepted);
    return json(200, { text: 'Success', code: 0 });
  });
  return { ...server, events, violations, token };
}

/** HEC takes JSON objects one after another (whitespace between them optional). */
function parseConcatenated(text: string): unknown[] | undefined {
  const out: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{') {
      if (depth === 0) start = i;
      depth++;
    } else if (c === '}') {
      depth--;
      if (depth === 0) {
        try {
          out.push(JSON.parse(text.slice(start, i + 1)));
        } catch {
          return undefined;
        }
      }
    } else if (depth === 0 && !/\s/.test(c ?? '')) return undefined;
  }
  return depth === 0 ? out : undefined;
}
