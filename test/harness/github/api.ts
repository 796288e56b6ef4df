// One REST call through the contract: parse, validate the request (422 like GitHub when it is
// invalid), run the handler, then validate the emulator's own response.
import type { MatchedRoute } from './contract.ts';
import type { Core } from './core.ts';
import { errorBody, HttpError } from './errors.ts';
import type { Ctx, Identity, Reply } from './handler.ts';
import { routes } from './routes/index.ts';

export interface ApiInput {
  method: string;
  url: URL;
  bodyText: string;
  headers: Record<string, string>;
  identity: Identity;
}

function queryObject(q: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(q.keys())) {
    const all = q.getAll(key);
    out[key] = all.length > 1 ? all : (all[0] ?? '');
  }
  return out;
}

function run(core: Core, match: MatchedRoute | undefined, input: ApiInput): { reply: Reply; checked: boolean } {
  if (!match) return { reply: { status: 404, body: errorBody(404, 'Not Found') }, checked: false };
  const handler = routes[match.operationId];
  if (!handler) {
    if (!core.unimplemented.includes(match.operationId)) core.unimplemented.push(match.operationId);
    return { reply: { status: 404, body: errorBody(404, 'Not Found', match.docsUrl) }, checked: false };
  }
  if (!input.identity.user && input.method !== 'GET') {
    return { reply: { status: 401, body: errorBody(401, 'Requires authentication', match.docsUrl) }, checked: true };
  }
  let body: unknown;
  if (input.bodyText.trim()) {
    try {
      body = JSON.parse(input.bodyText);
    } catch {
      return { reply: { status: 400, body: errorBody(400, 'Problems parsing JSON', match.docsUrl) }, checked: false };
    }
  }
  const problems = core.contract.validateRequest(match.operationId, {
    method: input.method,
    path: input.url.pathname,
    query: queryObject(input.url.searchParams),
    headers: input.headers,
    body,
  });
  if (problems.length) {
    for (const p of problems) core.violations.push(`${match.operationId} request: ${p}`);
    const errors = problems.map((message) => ({ resource: match.operationId, code: 'invalid', message }));
    const reply = { status: 422, body: errorBody(422, `Invalid request.\n\n${problems.join('\n')}`, match.docsUrl, { errors }) };
    return { reply, checked: false };
  }
  const ctx: Ctx = {
    operationId: match.operationId,
    params: match.params,
    query: input.url.searchParams,
    body: body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {},
    identity: input.identity,
    store: core.store,
    render: core.render,
    docs: match.docsUrl,
    path: input.url.pathname,
    rateLimit: () => core.limiter.snapshot(input.identity.key, input.identity.token?.hourlyLimit ?? 60),
  };
  try {
    return { reply: handler(ctx), checked: true };
  } catch (err) {
    if (err instanceof HttpError) return { reply: { status: err.status, body: err.body, headers: err.headers }, checked: true };
    throw err;
  }
}

/** Runs the call; records contract violations of the emulator's own response (and still sends it). */
export function callApi(core: Core, match: MatchedRoute | undefined, input: ApiInput): Reply {
  const { reply, checked } = run(core, match, input);
  if (!match || !checked) return reply;
  const mutate = core.mutators.get(match.operationId);
  if (mutate && reply.status < 300) reply.body = mutate(reply.body);
  if (reply.body !== undefined) {
    for (const p of core.contract.validateResponse(match.operationId, reply.status, reply.body)) {
      core.violations.push(`${match.operationId} response ${reply.status}: ${p}`);
    }
  }
  return reply;
}
