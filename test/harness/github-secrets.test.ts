// Secrets with real sealed boxes: the emulator opens what clients seal with its public keys.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sealFor } from './github/index.ts';
import { client, fixture, type Fixture, type OctokitError } from './github/testing.ts';

const fail = (p: Promise<unknown>) => p.then(() => assert.fail('expected a rejection'), (e: unknown) => e as OctokitError);

describe('GitHub emulator: secrets', () => {
  let f: Fixture;
  let otherRepoId: number;
  before(async () => {
    f = await fixture();
    f.em.seed.environment('octo-org/app', 'production');
    otherRepoId = f.em.seed.repo('octo-org/other');
    f.em.seed.repo('someone/else');
  });
  after(async () => {
    assert.deepEqual(f.em.contractViolations, []);
    await f.em.close();
  });

  const repoKey = () => f.octokit.actions.getRepoPublicKey({ owner: f.owner, repo: f.repo }).then((r) => r.data);
  const putRepo = (name: string, value: string, key: { key_id: string; key: string }) =>
    f.octokit.actions.createOrUpdateRepoSecret({
      owner: f.owner,
      repo: f.repo,
      secret_name: name,
      key_id: key.key_id,
      encrypted_value: sealFor(key.key, value),
    });

  it('serves a stable X25519 public key in base64 ORIGINAL form', async () => {
    const a = await repoKey();
    const b = await repoKey();
    assert.deepEqual(a, b);
    assert.equal(a.key.length, 44);
    assert.match(a.key, /^[A-Za-z0-9+/]{43}=$/);
    assert.match(a.key_id, /^\d+$/);
    assert.deepEqual(f.em.secrets.publicKey({ repo: 'octo-org/app' }), { keyId: a.key_id, key: a.key });
  });

  it('opens sealed repository secrets: 201 on create, 204 on update, then get/list/delete', async () => {
    const key = await repoKey();
    assert.equal((await putRepo('db_password', 'hunter2', key)).status, 201);
    assert.equal(f.em.secrets.get({ repo: 'octo-org/app' }, 'DB_PASSWORD')?.plaintext, 'hunter2');
    assert.equal((await putRepo('DB_PASSWORD', 'hunter3\nline two', key)).status, 204);
    const stored = f.em.secrets.get({ repo: 'octo-org/app' }, 'db_password');
    assert.equal(stored?.plaintext, 'hunter3\nline two');
    assert.equal(stored?.keyId, key.key_id);
    const meta = await f.octokit.actions.getRepoSecret({ owner: f.owner, repo: f.repo, secret_name: 'DB_PASSWORD' });
    assert.equal(meta.data.name, 'DB_PASSWORD');
    assert.equal('value' in meta.data, false);
    const list = await f.octokit.actions.listRepoSecrets({ owner: f.owner, repo: f.repo });
    assert.equal(list.data.total_count, 1);
    assert.equal((await f.octokit.actions.deleteRepoSecret({ owner: f.owner, repo: f.repo, secret_name: 'DB_PASSWORD' })).status, 204);
    assert.equal((await fail(f.octokit.actions.getRepoSecret({ owner: f.owner, repo: f.repo, secret_name: 'DB_PASSWORD' }))).status, 404);
  });

  it('refuses a wrong or stale key_id and a box sealed for another key with 422, storing nothing', async () => {
    const key = await repoKey();
    const wrongId = await fail(
      f.octokit.actions.createOrUpdateRepoSecret({
        owner: f.owner, repo: f.repo, secret_name: 'A', key_id: '1', encrypted_value: sealFor(key.key, 'x'),
      }),
    );
    assert.equal(wrongId.status, 422);
    assert.match(String(wrongId.response?.data['message']), /key_id/);
    const envKey = await f.octokit.actions.getEnvironmentPublicKey({ owner: f.owner, repo: f.repo, environment_name: 'production' });
    const badBox = await fail(
      f.octokit.actions.createOrUpdateRepoSecret({
        owner: f.owner, repo: f.repo, secret_name: 'A', key_id: key.key_id, encrypted_value: sealFor(envKey.data.key, 'x'),
      }),
    );
    assert.equal(badBox.status, 422);
    assert.match(String(badBox.response?.data['message']), /could not be decrypted/);
    assert.deepEqual(f.em.secrets.list({ repo: 'octo-org/app' }), []);
  });

  it('rotates a scope key: the old key_id is refused until the client re-fetches', async () => {
    const old = await repoKey();
    const rotated = f.em.seed.rotateKey({ repo: 'octo-org/app' });
    assert.notEqual(rotated.keyId, old.key_id);
    assert.equal((await fail(putRepo('ROTATED', 'v1', old))).status, 422);
    const fresh = await repoKey();
    assert.equal(fresh.key_id, rotated.keyId);
    assert.equal((await putRepo('ROTATED', 'v1', fresh)).status, 201);
    assert.equal(f.em.secrets.get({ repo: 'octo-org/app' }, 'ROTATED')?.plaintext, 'v1');
  });

  it('keeps environment secrets under the environment key', async () => {
    const key = (await f.octokit.actions.getEnvironmentPublicKey({ owner: f.owner, repo: f.repo, environment_name: 'production' })).data;
    assert.notEqual(key.key_id, (await repoKey()).key_id);
    const put = await f.octokit.actions.createOrUpdateEnvironmentSecret({
      owner: f.owner, repo: f.repo, environment_name: 'production', secret_name: 'API_TOKEN',
      key_id: key.key_id, encrypted_value: sealFor(key.key, 'env-secret'),
    });
    assert.equal(put.status, 201);
    assert.equal(f.em.secrets.get({ repo: 'octo-org/app', environment: 'production' }, 'API_TOKEN')?.plaintext, 'env-secret');
    assert.equal(f.em.secrets.get({ repo: 'octo-org/app' }, 'API_TOKEN'), undefined);
    const list = await f.octokit.actions.listEnvironmentSecrets({ owner: f.owner, repo: f.repo, environment_name: 'production' });
    assert.deepEqual(list.data.secrets.map((s) => s.name), ['API_TOKEN']);
    const missing = await fail(f.octokit.actions.getEnvironmentPublicKey({ owner: f.owner, repo: f.repo, environment_name: 'nope' }));
    assert.equal(missing.status, 404);
  });

  it('handles organisation secrets with visibility and selected repositories', async () => {
    const key = (await f.octokit.actions.getOrgPublicKey({ org: 'octo-org' })).data;
    const put = (visibility: 'all' | 'private' | 'selected', ids?: number[]) =>
      f.octokit.actions.createOrUpdateOrgSecret({
        org: 'octo-org', secret_name: 'ORG_TOKEN', key_id: key.key_id, encrypted_value: sealFor(key.key, `v-${visibility}`),
        visibility, ...(ids ? { selected_repository_ids: ids } : {}),
      });
    assert.equal((await put('selected', [f.repoId])).status, 201);
    const stored = f.em.secrets.get({ org: 'octo-org' }, 'ORG_TOKEN');
    assert.equal(stored?.plaintext, 'v-selected');
    assert.deepEqual(stored?.selectedRepositoryIds, [f.repoId]);
    const meta = await f.octokit.actions.getOrgSecret({ org: 'octo-org', secret_name: 'ORG_TOKEN' });
    assert.equal(meta.data.visibility, 'selected');
    assert.equal(meta.data.selected_repositories_url, `${f.em.url}/orgs/octo-org/actions/secrets/ORG_TOKEN/repositories`);

    const args = { org: 'octo-org', secret_name: 'ORG_TOKEN' };
    await f.octokit.actions.addSelectedRepoToOrgSecret({ ...args, repository_id: otherRepoId });
    let repos = await f.octokit.actions.listSelectedReposForOrgSecret(args);
    assert.deepEqual(repos.data.repositories.map((r) => r.full_name).sort(), ['octo-org/app', 'octo-org/other']);
    await f.octokit.actions.removeSelectedRepoFromOrgSecret({ ...args, repository_id: f.repoId });
    await f.octokit.actions.setSelectedReposForOrgSecret({ ...args, selected_repository_ids: [otherRepoId] });
    repos = await f.octokit.actions.listSelectedReposForOrgSecret(args);
    assert.deepEqual(repos.data.repositories.map((r) => r.full_name), ['octo-org/other']);

    const foreign = f.em.state()['repos'] as { fullName: string; id: number }[];
    const elseId = foreign.find((r) => r.fullName === 'someone/else')?.id ?? 0;
    assert.equal((await fail(f.octokit.actions.addSelectedRepoToOrgSecret({ ...args, repository_id: elseId }))).status, 422);
    assert.equal((await fail(put('all', [f.repoId]))).status, 422, 'ids only with visibility selected');

    assert.equal((await put('private')).status, 204);
    assert.equal(f.em.secrets.get({ org: 'octo-org' }, 'ORG_TOKEN')?.visibility, 'private');
    assert.equal((await fail(f.octokit.actions.listSelectedReposForOrgSecret(args))).status, 409);
    assert.equal((await fail(f.octokit.actions.addSelectedRepoToOrgSecret({ ...args, repository_id: f.repoId }))).status, 409);
    const list = await f.octokit.actions.listOrgSecrets({ org: 'octo-org' });
    assert.deepEqual(list.data.secrets.map((s) => [s.name, s.visibility]), [['ORG_TOKEN', 'private']]);
    assert.equal((await f.octokit.actions.deleteOrgSecret(args)).status, 204);
    assert.equal((await fail(f.octokit.actions.getOrgPublicKey({ org: 'no-such-org' }))).status, 404);
  });

  it('keeps Dependabot secrets apart from Actions secrets, with their own keys', async () => {
    const dk = (await f.octokit.dependabot.getRepoPublicKey({ owner: f.owner, repo: f.repo })).data;
    assert.notEqual(dk.key_id, (await repoKey()).key_id);
    await f.octokit.dependabot.createOrUpdateRepoSecret({
      owner: f.owner, repo: f.repo, secret_name: 'NPM_TOKEN', key_id: dk.key_id, encrypted_value: sealFor(dk.key, 'npm-secret'),
    });
    assert.equal(f.em.secrets.get({ repo: 'octo-org/app', app: 'dependabot' }, 'NPM_TOKEN')?.plaintext, 'npm-secret');
    assert.equal(f.em.secrets.get({ repo: 'octo-org/app' }, 'NPM_TOKEN'), undefined);
    const ok = (await f.octokit.dependabot.getOrgPublicKey({ org: 'octo-org' })).data;
    const put = await f.octokit.dependabot.createOrUpdateOrgSecret({
      org: 'octo-org', secret_name: 'REGISTRY', key_id: ok.key_id, encrypted_value: sealFor(ok.key, 'reg'), visibility: 'all',
    });
    assert.equal(put.status, 201);
    assert.equal(f.em.secrets.get({ org: 'octo-org', app: 'dependabot' }, 'REGISTRY')?.visibility, 'all');
    const list = await f.octokit.dependabot.listRepoSecrets({ owner: f.owner, repo: f.repo });
    assert.deepEqual(list.data.secrets.map((s) => s.name), ['NPM_TOKEN']);
  });

  it('enforces GitHub secret-name rules', async () => {
    const key = await repoKey();
    assert.equal((await fail(putRepo('GITHUB_TOKEN', 'x', key))).status, 422);
    assert.equal((await fail(putRepo('1ABC', 'x', key))).status, 422);
    assert.equal((await fail(putRepo('HAS-DASH', 'x', key))).status, 422);
    assert.equal((await fail(putRepo('TOO_BIG', 'x'.repeat(48 * 1024 + 1), key))).status, 422, 'values are limited to 48 KB');
  });

  it('answers a GITHUB_TOKEN-like token with 403 on secret writes, naming the permission', async () => {
    f.em.seed.token('ghs_workflowToken', { canWriteSecrets: false });
    const workflow = client(f.em, 'ghs_workflowToken');
    const key = (await workflow.actions.getRepoPublicKey({ owner: f.owner, repo: f.repo })).data;
    const err = await fail(
      workflow.actions.createOrUpdateRepoSecret({
        owner: f.owner, repo: f.repo, secret_name: 'NOPE', key_id: key.key_id, encrypted_value: sealFor(key.key, 'x'),
      }),
    );
    assert.equal(err.status, 403);
    assert.equal(err.response?.data['message'], 'Resource not accessible by integration');
    assert.equal(err.response?.headers['x-accepted-github-permissions'], 'secrets=write');
    assert.equal(f.em.secrets.get({ repo: 'octo-org/app' }, 'NOPE'), undefined);
    const del = await fail(workflow.actions.deleteRepoSecret({ owner: f.owner, repo: f.repo, secret_name: 'ROTATED' }));
    assert.equal(del.status, 403);
  });

  it('lets tests seed secrets directly', async () => {
    f.em.seed.secret({ repo: 'octo-org/app', environment: 'staging' }, 'seeded', 'from-seed');
    assert.equal(f.em.secrets.get({ repo: 'octo-org/app', environment: 'staging' }, 'SEEDED')?.plaintext, 'from-seed');
    const list = await f.octokit.actions.listEnvironmentSecrets({ owner: f.owner, repo: f.repo, environment_name: 'staging' });
    assert.deepEqual(list.data.secrets.map((s) => s.name), ['SEEDED']);
  });
});
