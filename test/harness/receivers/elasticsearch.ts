// An Elasticsearch bulk API emulator held to the documented request format
// (https://www.elastic.co/docs/api/doc/elasticsearch/operation/operation-bulk): NDJSON, one action
// line ({"index"|"create"|"update"|"delete": {...}}) then, except for delete, one source line; the
// body ends with a newline; the answer lists one item per action with its status, and `errors`
// says whether any failed. `create` of an existing _id is a per-item 409. Format violations are
// answered 400 like Elasticsearch's and recorded in `violations`.
import { json, startReceiverServer, type ReceiverServer } from './server.ts';

export interface ElasticsearchEmulator extends ReceiverServer {
  /** index → _id → document */
  readonly indices: Map<string, Map<string, Record<string, unknown>>>;
  readonly violations: string[];
  /** The next N bulk items are refused with a per-item 429 (the cluster is busy). */
  busyItems: number;
  /** When set, requests must carry `Authorization: ApiKey <apiKey>` (401 otherwise). */
  apiKey: string | undefined;
}

const ACTIONS = new Set(['index', 'create', 'update', 'delete']);

export async function startElasticsearchEmulator(): Promise<ElasticsearchEmulator> {
  const indices = new Map<string, Map<string, Record<string, unknown>>>();
  const violations: string[] = [];
  const state = { busyItems: 0, apiKey: undefined as string | undefined };
  const bad = (reason: string) => {
    violations.push(reason);
    return json(400, { error: { type: 'illegal_argument_exception', reason }, status: 400 });
  };
  const server = await startReceiverServer('elasticsearch', (req) => {
    const match = /^\/(?:([^/_][^/]*)\/)?_bulk$/.exec(req.path);
    if (req.method !== 'POST' && req.method !== 'PUT') return bad(`method ${req.method} on ${req.path}`);
    if (!match) return json(404, { error: { type: 'no_handler_found' }, status: 404 });
    if (state.apiKey !== undefined && req.headers.authorization !== `ApiKey ${state.apiKey}`) return json(401, { error: { type: 'security_exception', reason: 'missing authentication credentials' }, status: 401 });
    const type = req.headers['content-type'] ?? '';
    if (!/^application\/(x-ndjson|json)/.test(type)) return bad(`Content-Type ${type} (expected application/x-ndjson)`);
    const text = req.body.toString('utf8');
    if (!text.endsWith('\n')) return bad('The bulk request must be terminated by a newline [\\n]');
    const lines = text.split('\n').slice(0, -1);
    const items: Array<Record<string, unknown>> = [];
    for (let i = 0; i < lines.length; i++) {
      let action: Record<string, Record<string, unknown>>;
      try {
        action = JSON.parse(lines[i] ?? '') as typeof action;
      } catch {
        return bad(`line ${i + 1}: action is not JSON`);
      }
      const keys = Object.keys(action);
      const op = keys[0] ?? '';
      if (keys.length !== 1 || !ACTIONS.has(op)) return bad(`line ${i + 1}: Malformed action/metadata line, expected one of index, create, update, delete`);
      const meta = action[op] ?? {};
      const index = (meta._index as string | undefined) ?? match[1];
      if (!index) return bad(`line ${i + 1}: no index in the action nor the path`);
      const id = meta._id as string | undefined;
      if (id !== undefined && typeof id !== 'string') return bad(`line ${i + 1}: _id must be a string`);
      if (op === 'delete') continue;
      const source = lines[++i];
      let doc: Record<string, unknown>;
      try {
        doc = JSON.parse(source ?? '') as Record<string, unknown>;
      } catch {
        return bad(`line ${i + 1}: source is not a JSON object`);
      }
      if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return bad(`line ${i + 1}: source is not a JSON object`);
      const store = indices.get(index) ?? new Map<string, Record<string, unknown>>();
      indices.set(index, store);
      const docId = id ?? `auto-${store.size + 1}`;
      if (state.busyItems > 0) {
        state.busyItems--;
        items.push({ [op]: { _index: index, _id: docId, status: 429, error: { type: 'es_rejected_execution_exception', reason: 'rejected execution (queue capacity 200)' } } });
      } else if (op === 'create' && store.has(docId)) {
        items.push({ [op]: { _index: index, _id: docId, status: 409, error: { type: 'version_conflict_engine_exception', reason: `[${docId}]: version conflict, document already exists` } } });
      } else if (typeof doc['@timestamp'] === 'string' && Number.isNaN(Date.parse(doc['@timestamp']))) {
        items.push({ [op]: { _index: index, _id: docId, status: 400, error: { type: 'mapper_parsing_exception', reason: 'failed to parse field [@timestamp] of type [date]' } } });
      } else {
        store.set(docId, doc);
        items.push({ [op]: { _index: index, _id: docId, _version: 1, result: 'created', status: 201 } });
      }
    }
    return json(200, { took: 1, errors: items.some((it) => ((Object.values(it)[0] as { status: number }).status ?? 500) >= 300), items });
  });
  return {
    ...server,
    url: server.url,
    indices,
    violations,
    get busyItems() {
      return state.busyItems;
    },
    set busyItems(n: number) {
      state.busyItems = n;
    },
    get apiKey() {
      return state.apiKey;
    },
    set apiKey(k: string | undefined) {
      state.apiKey = k;
    },
  };
}
