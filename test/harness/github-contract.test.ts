// The emulator checks both directions against GitHub's OpenAPI description.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadContract } from './github/contract.ts';
import { api, fixture, type Fixture, type OctokitError } from './github/testing.ts';

describe('GitHub emulator contract checks', () => {
  let f: Fixture;
  before(async () => {
    f = await fixture();
  });
  after(() => f.em.close());

  it('loads the description once per process and shares it', async () => {
    assert.equal(await loadContract(), await loadContract());
  });

  it('answers a schema-violating request with 422 like GitHub and records it', async () => {
    f.em.clearLog();
    const res = await api(f.em, '/repos/octo-org/app/deployments', {
      method: 'POST',
      body: JSON.stringify({ environment: 'prod', auto_merge: 'yes' }),
    });
    assert.equal(res.status, 422);
    const body = (await res.json()) as Record<string, unknown>;
    assert.match(String(body['message']), /^Invalid request\.\n\n/);
    assert.match(String(body['message']), /must have required property 'ref'/);
    assert.equal(body['status'], '422');
    assert.match(String(body['documentation_url']), /^https:\/\/docs\.github\.com\/rest\/deployments/);
    assert.ok(Array.isArray(body['errors']) && body['errors'].length === 2);
    assert.deepEqual(f.em.contractViolations, [
      "repos/create-deployment request: /requestBody must have required property 'ref'",
      'repos/create-deployment request: /requestBody/auto_merge must be boolean',
    ]);
    assert.equal(f.em.requests.at(-1)?.status, 422);
  });

  it('catches invalid query and path parameters', async () => {
    f.em.clearLog();
    const res = await api(f.em, '/repos/octo-org/app/deployments?per_page=lots');
    assert.equal(res.status, 422);
    assert.deepEqual(f.em.contractViolations, ['repos/list-deployments request: /query/per_page must be integer']);
    f.em.clearLog();
    const res2 = await api(f.em, '/repos/octo-org/app/deployments/abc');
    assert.equal(res2.status, 422);
    assert.match(f.em.contractViolations[0] ?? '', /repos\/get-deployment request: \/path\/deployment_id must be integer/);
  });

  it('catches a non-base64 encrypted_value before the handler sees it (Octokit path)', async () => {
    f.em.clearLog();
    const key = await f.octokit.actions.getRepoPublicKey({ owner: f.owner, repo: f.repo });
    const err = (await f.octokit.actions
      .createOrUpdateRepoSecret({ owner: f.owner, repo: f.repo, secret_name: 'X', key_id: key.data.key_id, encrypted_value: 'not base64!' })
      .catch((e: unknown) => e)) as OctokitError;
    assert.equal(err.status, 422);
    assert.equal(f.em.contractViolations.length, 1);
    assert.match(f.em.contractViolations[0] ?? '', /encrypted_value must match pattern/);
    assert.equal(f.em.secrets.get({ repo: 'octo-org/app' }, 'X'), undefined);
  });

  it('records (and still sends) a response of its own that breaks the description', async () => {
    f.em.clearLog();
    f.em.debug.mutateResponses('repos/get', (body) => {
      const copy = { ...(body as Record<string, unknown>) };
      delete copy['node_id'];
      copy['private'] = 'nope';
      return copy;
    });
    try {
      const res = await f.octokit.repos.get({ owner: f.owner, repo: f.repo });
      assert.equal(res.status, 200);
      assert.equal((res.data as unknown as Record<string, unknown>)['private'], 'nope');
      assert.deepEqual(f.em.contractViolations.sort(), [
        "repos/get response 200: / must have required property 'node_id'",
        'repos/get response 200: /private must be boolean',
      ]);
    } finally {
      f.em.debug.clearMutations();
    }
  });

  it('validates error bodies too, and keeps a clean run clean', async () => {
    f.em.clearLog();
    const err = (await f.octokit.repos.getDeployment({ owner: f.owner, repo: f.repo, deployment_id: 999 }).catch((e: unknown) => e)) as OctokitError;
    assert.equal(err.status, 404);
    assert.deepEqual(f.em.contractViolations, []);
  });

  it('answers unknown routes with GitHub error JSON and notes unimplemented operations', async () => {
    f.em.clearLog();
    const res = await api(f.em, '/no/such/route');
    assert.equal(res.status, 404);
    assert.deepEqual(await res.json(), { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' });
    const res2 = await api(f.em, '/repos/octo-org/app/pulls');
    assert.equal(res2.status, 404);
    assert.deepEqual(f.em.unimplemented, ['pulls/list']);
    assert.equal(f.em.countsByRoute()['GET /no/such/route'], 1);
    assert.equal(f.em.countsByRoute()['GET /repos/{owner}/{repo}/pulls'], 1);
  });

  it('rejects unparseable JSON with 400 "Problems parsing JSON"', async () => {
    const res = await api(f.em, '/repos/octo-org/app/issues', { method: 'POST', body: '{"title":' });
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as Record<string, unknown>)['message'], 'Problems parsing JSON');
  });
});
