// The request pipeline: route → log → auth → rate limits → faults → body → handler → send.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { callApi } from './api.ts';
import type { Core } from './core.ts';
import { SPECIAL_ROUTES } from './core.ts';
import { errorBody, reasonFor } from './errors.ts';
import type { ActiveFault } from './faults.ts';
import { callGraphql, GRAPHQL_OPERATION, GRAPHQL_ROUTE } from './graphql.ts';
import type { Identity, Reply } from './handler.ts';
import { callOidc } from './oidc-routes.ts';
import { lowerHeaders, readBody, sendJson, sendRaw, sleep, untilAborted } from './server.ts';

const RATE_DOCS = 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api';

const UNICORN = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Unicorn! &middot; GitHub</title></head>
<body><h1>This page is taking too long to load.</h1><p>Sorry about that. Please try refreshing.</p></body></html>
`;

function requestId(): string {
  const h = (n: number) => randomBytes(n).toString('hex').toUpperCase();
  return `${h(2)}:${h(2)}:${h(3)}:${h(3)}:${h(4)}`;
}

function identify(core: Core, req: IncomingMessage, headers: Record<string, string>): Identity | undefined {
  const auth = headers['authorization'];
  if (!auth) return { key: `anon:${req.socket.remoteAddress ?? '?'}` };
  const token = auth.replace(/^(token|bearer)\s+/i, '').trim();
  const rec = core.store.tokens.get(token);
  return rec ? { key: `token:${token}`, user: rec.user, token: rec } : undefined;
}

function rateLimitMessage(kind: 'primary' | 'secondary', identity: Identity, req: IncomingMessage, id: string): string {
  if (kind === 'secondary') {
    return `You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID ${id}.`;
  }
  if (identity.user) return `API rate limit exceeded for user ID ${identity.user.id}.`;
  return `API rate limit exceeded for ${req.socket.remoteAddress ?? 'your IP'}. (But here's the good news: Authenticated requests get a higher rate limit. Check out the documentation for more details.)`;
}

/** Turns an injected status into GitHub-looking JSON (a 403/429 with remaining 0 reads as a primary limit). */
function faultReply(fault: ActiveFault, status: number): Reply {
  const r = fault.rule;
  if (r.body !== undefined) return { status, body: r.body };
  let message = r.message;
  if (message === undefined && (status === 403 || status === 429) && r.headers?.['x-ratelimit-remaining'] === '0') {
    message = 'API rate limit exceeded for user ID 1.';
  }
  return { status, body: errorBody(status, message ?? reasonFor(status)) };
}

export async function dispatch(core: Core, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', core.url);
  const method = (req.method ?? 'GET').toUpperCase();
  const headers = lowerHeaders(req);
  const special = SPECIAL_ROUTES[`${method} ${url.pathname}`];
  // GraphQL is authenticated, rate limited and faulted like REST, but outside the REST description.
  const graphql = `${method} ${url.pathname}` === GRAPHQL_ROUTE;
  const match = special || graphql ? undefined : core.contract.match(method, url.pathname);
  const route = special || graphql ? `${method} ${url.pathname}` : match ? `${method} ${match.template}` : `${method} ${url.pathname}`;
  const operationId = special ?? (graphql ? GRAPHQL_OPERATION : (match?.operationId ?? null));
  const entry = core.log.start({ method, path: url.pathname, query: url.search.slice(1), route, operationId }, headers);
  const id = requestId();
  let extra: Record<string, string> = { 'x-github-request-id': id };
  const send = (reply: Reply, more: Record<string, string> = {}): void => {
    entry.status = reply.status;
    sendJson(res, reply.status, reply.body, { ...extra, ...reply.headers, ...more });
  };

  let identity: Identity | undefined;
  if (!special) {
    identity = identify(core, req, headers);
    // Refused requests still count as "sent to GitHub" for the leak scanner: read their bodies.
    if (!identity) {
      entry.body = await readBody(req);
      return send({ status: 401, body: errorBody(401, 'Bad credentials') });
    }
    const hourly = identity.token?.hourlyLimit ?? 60;
    const admission = core.limiter.admit(identity.key, hourly, method, operationId !== 'rate-limit/get');
    if (!admission.ok) {
      entry.fault = `rate-limit:${admission.reason}`;
      entry.body = await readBody(req);
      const docs = admission.kind === 'secondary' ? `${RATE_DOCS}#about-secondary-rate-limits` : RATE_DOCS;
      const message = rateLimitMessage(admission.kind, identity, req, id);
      return send({ status: core.rateLimitStatus, body: errorBody(core.rateLimitStatus, message, docs) }, admission.headers);
    }
    res.on('close', admission.release);
    extra = {
      ...extra,
      ...admission.headers,
      'x-github-media-type': 'github.v3; format=json',
      'x-github-api-version-selected': '2022-11-28',
    };
  }

  const fault = core.faults.pick(route, operationId);
  const action = fault?.rule.action;
  if (fault) {
    entry.fault = fault.label;
    extra = { ...extra, ...fault.rule.headers };
  }
  if (action === 'reset-before-body') return void req.socket.destroy();
  entry.body = await readBody(req);
  if (action === 'reset-after-body') return void req.socket.destroy();
  if (fault?.rule.latencyMs) await sleep(fault.rule.latencyMs, core.closing);
  if (action === 'hang') {
    await untilAborted(core.closing);
    return void req.socket.destroy();
  }
  if (core.closing.aborted) return void req.socket.destroy();
  if (fault?.status !== undefined) return send(faultReply(fault, fault.status));
  if (action === 'html') {
    entry.status = fault?.rule.status ?? 502;
    return sendRaw(res, entry.status, UNICORN, { ...extra, 'content-type': 'text/html; charset=utf-8' });
  }

  const reply = special
    ? callOidc(core, special, url, headers)
    : graphql
      ? callGraphql(identity as Identity, entry.body)
      : callApi(core, match, { method, url, bodyText: entry.body, headers, identity: identity as Identity });

  if (action === 'apply-then-status') {
    // The change above is kept; the client only sees a gateway error.
    const status = fault?.rule.status ?? 502;
    return send({ status, body: errorBody(status, reasonFor(status)) });
  }
  if (action === 'reset-mid-response' && reply.body !== undefined) {
    // Headers promise the whole body; half of it arrives, then the connection drops (ECONNRESET).
    const body = Buffer.from(JSON.stringify(reply.body));
    entry.status = reply.status;
    res.writeHead(reply.status, {
      'content-type': 'application/json; charset=utf-8',
      ...extra,
      ...reply.headers,
      'content-length': String(body.length),
    });
    res.write(body.subarray(0, Math.floor(body.length / 2)), () => req.socket.destroy());
    return;
  }
  if (action === 'truncated-json' && reply.body !== undefined) {
    const text = JSON.stringify(reply.body);
    entry.status = reply.status;
    return sendRaw(res, reply.status, text.slice(0, Math.max(1, Math.floor(text.length / 2))), {
      'content-type': 'application/json; charset=utf-8',
      ...extra,
      ...reply.headers,
    });
  }
  send(reply);
}
