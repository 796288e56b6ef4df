// HTTP admin API under /_emulator/ so processes that only know the URL can seed, inject faults
// and read what the emulator saw. Not logged, not rate limited, not faulted.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Core } from './core.ts';
import type { GitHubEmulator } from './index.ts';
import { readBody, sendJson } from './server.ts';
import type { FaultRule, ScopeRef, SecretApp } from './types.ts';

type Body = Record<string, unknown>;
type Action = (em: GitHubEmulator, body: Body, url: URL) => unknown;

const str = (b: Body, k: string): string => {
  const v = b[k];
  if (typeof v !== 'string' || !v) throw new Error(`'${k}' (string) is required`);
  return v;
};

/** ScopeRef from a JSON body's `scope` or from query parameters repo/environment/org/app. */
function scopeFrom(raw: unknown): ScopeRef {
  const s = (raw ?? {}) as Record<string, string | undefined>;
  const app = (s['app'] ?? 'actions') as SecretApp;
  if (s['org']) return { org: s['org'], app };
  if (!s['repo']) throw new Error("scope needs 'repo' or 'org'");
  return s['environment'] ? { repo: s['repo'], environment: s['environment'], app } : { repo: s['repo'], app };
}

function queryScope(url: URL): ScopeRef {
  return scopeFrom(Object.fromEntries(url.searchParams));
}

const ROUTES: Record<string, Action> = {
  'POST seed/repo': (em, b) => ({ id: em.seed.repo(str(b, 'fullName'), b as never) }),
  'POST seed/org': (em, b) => em.seed.org(str(b, 'org')),
  'POST seed/environment': (em, b) => em.seed.environment(str(b, 'fullName'), str(b, 'env'), b as never),
  'POST seed/token': (em, b) => em.seed.token(str(b, 'token'), b as never),
  'POST seed/branch': (em, b) => ({ sha: em.seed.branch(str(b, 'fullName'), str(b, 'name'), b as never) }),
  'POST seed/commits': (em, b) => ({ sha: em.seed.commits(str(b, 'fullName'), str(b, 'branch'), (b['shas'] ?? []) as string[]) }),
  'POST seed/tag': (em, b) => ({ sha: em.seed.tag(str(b, 'fullName'), str(b, 'name'), b['sha'] as string | undefined) }),
  'POST seed/commit-status': (em, b) =>
    em.seed.commitStatus(str(b, 'fullName'), str(b, 'ref'), str(b, 'context'), str(b, 'state') as never),
  'POST seed/secret': (em, b) => em.seed.secret(scopeFrom(b['scope']), str(b, 'name'), str(b, 'plaintext'), b as never),
  'POST seed/variable': (em, b) => em.seed.variable(scopeFrom(b['scope']), str(b, 'name'), String(b['value'] ?? ''), b as never),
  'POST seed/rotate-key': (em, b) => em.seed.rotateKey(scopeFrom(b['scope'])),
  'POST seed/deployment': (em, b) => ({ id: em.seed.deployment(str(b, 'fullName'), b as never) }),
  'POST seed/workflow-run': (em, b) => ({ id: em.seed.workflowRun(str(b, 'fullName'), b as never) }),
  'POST seed/commit': (em, b) => ({ sha: em.seed.commit(str(b, 'fullName'), b as never) }),
  'POST seed/issue': (em, b) => ({ number: em.seed.issue(str(b, 'fullName'), b as never) }),
  'POST seed/issue-comment': (em, b) => ({
    id: em.seed.issueComment(str(b, 'fullName'), Number(b['issueNumber']), str(b, 'body'), b as never),
  }),
  'POST seed/oidc': (em, b) => em.seed.oidc(b as never),
  'GET state': (em) => em.state(),
  'GET secret': (em, _b, url) => em.secrets.get(queryScope(url), url.searchParams.get('name') ?? '') ?? null,
  'GET secrets': (em, _b, url) => em.secrets.list(queryScope(url)),
  'GET public-key': (em, _b, url) => em.secrets.publicKey(queryScope(url)),
  'GET variable': (em, _b, url) => em.variables.get(queryScope(url), url.searchParams.get('name') ?? '') ?? null,
  'GET oidc': (em) => ({ ...em.oidc, issuedTokens: em.oidc.issuedTokens() }),
  'POST faults': (em, b) => em.faults.inject(b as unknown as FaultRule),
  'DELETE faults': (em) => em.faults.clear(),
  'GET requests': (em) => em.requests,
  'DELETE requests': (em) => em.clearLog(),
  'GET counts': (em) => em.countsByRoute(),
  'GET received-strings': (em) => em.receivedStrings(),
  'GET violations': (em) => ({ contractViolations: em.contractViolations, unimplemented: em.unimplemented }),
  'GET info': (em) => ({ url: em.url, oidc: em.oidc }),
};

export const ADMIN_ROUTES = Object.keys(ROUTES).map((k) => k.replace(' ', ' /_emulator/'));

export async function handleAdmin(core: Core, em: GitHubEmulator, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', core.url);
  const key = `${(req.method ?? 'GET').toUpperCase()} ${url.pathname.replace(/^\/_emulator\//, '')}`;
  const action = ROUTES[key];
  const text = await readBody(req);
  if (!action) return sendJson(res, 404, { message: `no admin route ${key}`, routes: ADMIN_ROUTES });
  let body: Body = {};
  try {
    body = text.trim() ? (JSON.parse(text) as Body) : {};
    const result = action(em, body, url);
    sendJson(res, result === undefined ? 204 : 200, result);
  } catch (err) {
    sendJson(res, 400, { message: err instanceof Error ? err.message : String(err) });
  }
}
