// The /_emulator/ admin API (for processes that only know the URL) and the request log.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sealFor, startGitHubEmulator } from './github/index.ts';
import type { GitHubEmulator, ReceivedString, RequestLogEntry } from './github/index.ts';

describe('GitHub emulator: admin API and request log', () => {
  let em: GitHubEmulator;
  const admin = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${em.url}/_emulator/${path}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  };
  const gh = (path: string, init: RequestInit = {}) =>
    fetch(`${em.url}${path}`, {
      ...init,
      headers: { authorization: 'Bearer ghs_admin', 'content-type': 'application/json', 'x-trace': 'trace-value' },
    });

  before(async () => {
    em = await startGitHubEmulator();
  });
  after(() => em.close());

  it('seeds through HTTP', async () => {
    assert.equal((await admin('POST', 'seed/org', { org: 'acme' })).status, 204);
    const repo = await admin('POST', 'seed/repo', { fullName: 'acme/web', id: 4242 });
    assert.deepEqual(repo, { status: 200, body: { id: 4242 } });
    assert.equal((await admin('POST', 'seed/token', { token: 'ghs_admin', hourlyLimit: 100 })).status, 204);
    assert.equal((await admin('POST', 'seed/environment', { fullName: 'acme/web', env: 'prod' })).status, 204);
    const branch = await admin('POST', 'seed/branch', { fullName: 'acme/web', name: 'release' });
    assert.match(String((branch.body as { sha: string }).sha), /^[0-9a-f]{40}$/);
    const run = await admin('POST', 'seed/workflow-run', { fullName: 'acme/web', name: 'CI', jobs: [{ name: 'build' }] });
    assert.equal(typeof (run.body as { id: number }).id, 'number');
    await admin('POST', 'seed/variable', { scope: { repo: 'acme/web' }, name: 'REGION', value: 'eu' });
    await admin('POST', 'seed/secret', { scope: { org: 'acme' }, name: 'ORG_S', plaintext: 'p', visibility: 'selected', selectedRepositoryIds: [4242] });
    const res = await gh('/repos/acme/web');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-ratelimit-limit'), '100');
    assert.equal(((await (await gh('/repos/acme/web/actions/variables/REGION')).json()) as { value: string }).value, 'eu');
    assert.deepEqual((await admin('GET', 'secret?org=acme&name=ORG_S')).body, {
      ...(em.secrets.get({ org: 'acme' }, 'ORG_S') as object),
    });
    assert.equal((await admin('POST', 'seed/repo', { fullName: 'not-a-repo' })).status, 400);
  });

  it('exposes secrets in plaintext, state, OIDC details and public keys', async () => {
    const key = (await admin('GET', 'public-key?repo=acme/web')).body as { keyId: string; key: string };
    const put = await gh('/repos/acme/web/actions/secrets/DB', {
      method: 'PUT',
      body: JSON.stringify({ key_id: key.keyId, encrypted_value: sealFor(key.key, 'sealed-value') }),
    });
    assert.equal(put.status, 201);
    const secret = (await admin('GET', 'secret?repo=acme/web&name=DB')).body as { plaintext: string; keyId: string };
    assert.equal(secret.plaintext, 'sealed-value');
    assert.equal(secret.keyId, key.keyId);
    assert.deepEqual((await admin('GET', 'secrets?repo=acme/web')).body, ['DB']);
    assert.equal((await admin('GET', 'secret?repo=acme/web&name=MISSING')).body, null);
    const rotated = (await admin('POST', 'seed/rotate-key', { scope: { repo: 'acme/web' } })).body as { keyId: string };
    assert.notEqual(rotated.keyId, key.keyId);
    const state = (await admin('GET', 'state')).body as { repos: { fullName: string; environments: { name: string }[] }[]; secrets: Record<string, string[]> };
    assert.deepEqual(state.repos.map((r) => r.fullName), ['acme/web']);
    assert.deepEqual(state.repos[0]?.environments.map((e) => e.name), ['prod']);
    assert.ok(Object.values(state.secrets).some((names) => names.includes('DB')));
    const oidc = (await admin('GET', 'oidc')).body as { requestUrl: string; requestToken: string };
    assert.equal(oidc.requestToken, em.oidc.requestToken);
  });

  it('injects and clears faults through HTTP', async () => {
    assert.equal((await admin('POST', 'faults', { route: 'repos/get', statuses: [502] })).status, 204);
    assert.equal((await gh('/repos/acme/web')).status, 502);
    assert.equal((await gh('/repos/acme/web')).status, 200);
    await admin('POST', 'faults', { route: 'repos/get', statuses: [503, 503] });
    await admin('DELETE', 'faults');
    assert.equal((await gh('/repos/acme/web')).status, 200);
    const bad = await admin('POST', 'faults', { route: 'GET /nowhere', statuses: [500] });
    assert.equal(bad.status, 400);
    assert.match((bad.body as { message: string }).message, /unknown route/);
  });

  it('logs requests (authorization redacted, admin calls excluded) and counts them per route', async () => {
    await admin('DELETE', 'requests');
    await gh('/repos/acme/web/deployments?environment=prod&per_page=5');
    await gh('/repos/acme/web/deployments', { method: 'POST', body: JSON.stringify({ ref: 'release', required_contexts: [], description: 'ship it' }) });
    const log = (await admin('GET', 'requests')).body as RequestLogEntry[];
    assert.deepEqual(log.map((e) => [e.method, e.path, e.status]), [
      ['GET', '/repos/acme/web/deployments', 200],
      ['POST', '/repos/acme/web/deployments', 201],
    ]);
    assert.equal(log[0]?.query, 'environment=prod&per_page=5');
    assert.equal(log[0]?.operationId, 'repos/list-deployments');
    assert.equal(log[0]?.headers['authorization'], '[redacted]');
    assert.deepEqual((await admin('GET', 'counts')).body, {
      'GET /repos/{owner}/{repo}/deployments': 1,
      'POST /repos/{owner}/{repo}/deployments': 1,
    });
    assert.deepEqual(em.countsByRoute(), (await admin('GET', 'counts')).body);
  });

  it('lists every received string except Authorization and encrypted_value', async () => {
    await admin('DELETE', 'requests');
    const key = em.secrets.publicKey({ repo: 'acme/web' });
    await gh('/repos/acme/web/actions/secrets/LEAKCHECK', {
      method: 'PUT',
      body: JSON.stringify({ key_id: key.keyId, encrypted_value: sealFor(key.key, 'plaintext-never-sent') }),
    });
    await gh('/repos/acme/web/issues?labels=from%20query', { method: 'POST', body: JSON.stringify({ title: 'T', body: 'line1\nline2' }) });
    const strings = (await admin('GET', 'received-strings')).body as ReceivedString[];
    const texts = strings.map((s) => s.text);
    assert.ok(texts.includes('line1\nline2'), 'JSON leaves, unescaped');
    assert.ok(texts.includes('from query'), 'decoded query values');
    assert.ok(texts.includes('trace-value'), 'headers');
    assert.ok(texts.includes(key.keyId), 'key_id is not secret');
    assert.ok(texts.some((t) => t.includes('/actions/secrets/LEAKCHECK')), 'paths');
    assert.equal(texts.some((t) => t.includes('ghs_admin')), false, 'no Authorization');
    const sealed = JSON.parse(em.requests[0]?.body ?? '{}') as { encrypted_value: string };
    assert.equal(texts.some((t) => t.includes(sealed.encrypted_value)), false, 'no encrypted_value');
    assert.deepEqual(em.receivedStrings(), strings);
  });

  it('reports contract violations and unimplemented operations', async () => {
    await admin('DELETE', 'requests');
    await gh('/repos/acme/web/deployments', { method: 'POST', body: JSON.stringify({ environment: 'prod' }) });
    await gh('/repos/acme/web/releases');
    assert.deepEqual((await admin('GET', 'violations')).body, {
      contractViolations: ["repos/create-deployment request: /requestBody must have required property 'ref'"],
      unimplemented: ['repos/list-releases'],
    });
    await admin('DELETE', 'requests');
    assert.deepEqual((await admin('GET', 'violations')).body, { contractViolations: [], unimplemented: [] });
  });

  it('answers unknown admin routes with the list of routes', async () => {
    const res = await admin('GET', 'nope');
    assert.equal(res.status, 404);
    assert.ok((res.body as { routes: string[] }).routes.includes('POST /_emulator/faults'));
  });
});
