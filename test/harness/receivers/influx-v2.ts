// InfluxDB 2's write API (https://docs.influxdata.com/influxdb/v2/api/#operation/PostWrite) in
// front of a real InfluxDB 1.x: Debian ships 1.6, which has no /api/v2/write. The emulator holds
// requests to the v2 format — `Authorization: Token <token>`, `org` (or `orgID`) and `bucket`,
// `precision` of ns/us/ms/s, a text body — answers v2's JSON errors, and forwards the line protocol
// to the real server's /write (bucket = database) as that server's admin, whose parser decides.
import { json, startReceiverServer, type ReceiverServer } from './server.ts';

export interface InfluxV2Emulator extends ReceiverServer {
  readonly violations: string[];
}

/** The real 1.x server behind the emulator, and the user it writes as. */
export interface InfluxUpstream {
  readonly url: string;
  readonly user: string;
  readonly password: string;
}

export async function startInfluxV2Emulator(upstream: InfluxUpstream, token: string, org: string): Promise<InfluxV2Emulator> {
  const authorization = `Basic ${Buffer.from(`${upstream.user}:${upstream.password}`).toString('base64')}`;
  const violations: string[] = [];
  const bad = (message: string) => {
    violations.push(message);
    return json(400, { code: 'invalid', message });
  };
  const server = await startReceiverServer('influx-v2', async (req) => {
    if (req.method !== 'POST' || req.path !== '/api/v2/write') return json(404, { code: 'not found', message: 'path not found' });
    if (req.headers.authorization !== `Token ${token}`) return json(401, { code: 'unauthorized', message: 'unauthorized access' });
    const bucket = req.query.get('bucket');
    const orgGiven = req.query.get('org') ?? req.query.get('orgID');
    if (!bucket) return bad('bucket is required');
    if (!orgGiven) return bad('org or orgID is required');
    if (orgGiven !== org) return json(404, { code: 'not found', message: `organization name "${orgGiven}" not found` });
    const precision = req.query.get('precision') ?? 'ns';
    if (!['ns', 'us', 'ms', 's'].includes(precision)) return bad(`invalid precision ${precision}`);
    const type = req.headers['content-type'];
    if (type !== undefined && !/^text\/plain/.test(type)) return bad(`Content-Type ${type} (line protocol is text/plain)`);
    const written = await fetch(`${upstream.url}/write?${new URLSearchParams({ db: bucket, precision: precision === 'us' ? 'u' : precision })}`, { method: 'POST', body: req.body, headers: { authorization } });
    if (written.status === 204) return { status: 204 };
    const detail = await written.text();
    return written.status === 400 ? bad(detail) : json(written.status, { code: 'internal error', message: detail });
  });
  return { ...server, violations };
}
