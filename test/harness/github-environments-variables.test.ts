// Environments and Actions variables through @octokit/rest.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { client, fixture, type Fixture, type OctokitError } from './github/testing.ts';

const fail = (p: Promise<unknown>) => p.then(() => assert.fail('expected a rejection'), (e: unknown) => e as OctokitError);

describe('GitHub emulator: environments', () => {
  let f: Fixture;
  before(async () => {
    f = await fixture();
  });
  after(async () => {
    assert.deepEqual(f.em.contractViolations, []);
    await f.em.close();
  });

  it('creates, updates, lists and deletes environments', async () => {
    const created = await f.octokit.repos.createOrUpdateEnvironment({ owner: f.owner, repo: f.repo, environment_name: 'staging' });
    assert.equal(created.status, 200);
    assert.equal(created.data.name, 'staging');
    assert.deepEqual(created.data.protection_rules, []);
    const updated = await f.octokit.repos.createOrUpdateEnvironment({
      owner: f.owner, repo: f.repo, environment_name: 'staging', wait_timer: 30,
      deployment_branch_policy: { protected_branches: true, custom_branch_policies: false },
    });
    assert.equal(updated.data.id, created.data.id);
    assert.deepEqual(updated.data.protection_rules?.map((r) => r.type), ['wait_timer', 'branch_policy']);
    assert.deepEqual(updated.data.deployment_branch_policy, { protected_branches: true, custom_branch_policies: false });
    f.em.seed.environment('octo-org/app', 'prod eu');
    const got = await f.octokit.repos.getEnvironment({ owner: f.owner, repo: f.repo, environment_name: 'prod eu' });
    assert.equal(got.data.url, `${f.em.url}/repos/octo-org/app/environments/prod%20eu`);
    const all = await f.octokit.repos.getAllEnvironments({ owner: f.owner, repo: f.repo });
    assert.equal(all.data.total_count, 2);
    assert.deepEqual(all.data.environments?.map((e) => e.name), ['prod eu', 'staging']);
    assert.equal((await f.octokit.repos.deleteAnEnvironment({ owner: f.owner, repo: f.repo, environment_name: 'prod eu' })).status, 204);
    assert.equal((await fail(f.octokit.repos.getEnvironment({ owner: f.owner, repo: f.repo, environment_name: 'prod eu' }))).status, 404);
  });

  it('refuses contradictory branch policies and unknown properties', async () => {
    const both = await fail(
      f.octokit.repos.createOrUpdateEnvironment({
        owner: f.owner, repo: f.repo, environment_name: 'x',
        deployment_branch_policy: { protected_branches: true, custom_branch_policies: true },
      }),
    );
    assert.equal(both.status, 422);
    f.em.clearLog();
    const extra = await fail(
      f.octokit.request('PUT /repos/{owner}/{repo}/environments/{environment_name}', {
        owner: f.owner, repo: f.repo, environment_name: 'x', colour: 'blue',
      } as never),
    );
    assert.equal(extra.status, 422);
    assert.match(f.em.contractViolations[0] ?? '', /must NOT have additional properties 'colour'/);
    f.em.clearLog();
  });

  it('needs administration rights to write', async () => {
    f.em.seed.token('ghs_env', { canWriteSecrets: false });
    const err = await fail(client(f.em, 'ghs_env').repos.createOrUpdateEnvironment({ owner: f.owner, repo: f.repo, environment_name: 'y' }));
    assert.equal(err.status, 403);
    assert.equal(err.response?.headers['x-accepted-github-permissions'], 'administration=write');
  });
});

describe('GitHub emulator: variables', () => {
  let f: Fixture;
  before(async () => {
    f = await fixture();
    f.em.seed.environment('octo-org/app', 'production');
  });
  after(async () => {
    assert.deepEqual(f.em.contractViolations, []);
    await f.em.close();
  });

  it('creates, reads, renames, updates and deletes repository variables', async () => {
    const o = { owner: f.owner, repo: f.repo };
    assert.equal((await f.octokit.actions.createRepoVariable({ ...o, name: 'region', value: 'eu-west-1' })).status, 201);
    assert.equal((await fail(f.octokit.actions.createRepoVariable({ ...o, name: 'REGION', value: 'again' }))).status, 409);
    const got = await f.octokit.actions.getRepoVariable({ ...o, name: 'region' });
    assert.deepEqual([got.data.name, got.data.value], ['REGION', 'eu-west-1']);
    assert.equal((await f.octokit.actions.updateRepoVariable({ ...o, name: 'REGION', value: 'us-east-1' })).status, 204);
    await f.octokit.request('PATCH /repos/{owner}/{repo}/actions/variables/{name}', { ...o, name: 'REGION', value: 'ap-south-1' });
    assert.equal(f.em.variables.get({ repo: 'octo-org/app' }, 'REGION')?.value, 'ap-south-1');
    // Renaming needs a body `name` different from the path's, so send the body directly.
    await f.octokit.request('PATCH /repos/{owner}/{repo}/actions/variables/{name}', {
      ...o,
      name: 'REGION',
      data: { name: 'AWS_REGION' },
    } as never);
    assert.deepEqual(f.em.variables.list({ repo: 'octo-org/app' }), ['AWS_REGION']);
    assert.equal((await f.octokit.actions.deleteRepoVariable({ ...o, name: 'AWS_REGION' })).status, 204);
    assert.equal((await fail(f.octokit.actions.getRepoVariable({ ...o, name: 'AWS_REGION' }))).status, 404);
  });

  it('lists 10 per page by default (at most 30), with Link headers', async () => {
    const o = { owner: f.owner, repo: f.repo };
    for (let i = 0; i < 12; i++) f.em.seed.variable({ repo: 'octo-org/app' }, `V${String(i).padStart(2, '0')}`, String(i));
    const first = await f.octokit.actions.listRepoVariables(o);
    assert.equal(first.data.total_count, 12);
    assert.equal(first.data.variables.length, 10);
    assert.match(first.headers.link ?? '', /rel="next"/);
    const big = await f.octokit.actions.listRepoVariables({ ...o, per_page: 30 });
    assert.equal(big.data.variables.length, 12);
    const all = await f.octokit.paginate(f.octokit.actions.listRepoVariables, { ...o, per_page: 5 });
    assert.equal(all.length, 12);
  });

  it('keeps environment variables per environment', async () => {
    const o = { owner: f.owner, repo: f.repo, environment_name: 'production' };
    await f.octokit.actions.createEnvironmentVariable({ ...o, name: 'URL', value: 'https://prod.example.test' });
    const got = await f.octokit.actions.getEnvironmentVariable({ ...o, name: 'URL' });
    assert.equal(got.data.value, 'https://prod.example.test');
    await f.octokit.actions.updateEnvironmentVariable({ ...o, name: 'URL', value: 'https://prod2.example.test' });
    assert.equal(f.em.variables.get({ repo: 'octo-org/app', environment: 'production' }, 'URL')?.value, 'https://prod2.example.test');
    const list = await f.octokit.actions.listEnvironmentVariables(o);
    assert.deepEqual(list.data.variables.map((v) => v.name), ['URL']);
    await f.octokit.actions.deleteEnvironmentVariable({ ...o, name: 'URL' });
    assert.deepEqual(f.em.variables.list({ repo: 'octo-org/app', environment: 'production' }), []);
  });

  it('handles organisation variables with visibility and selected repositories', async () => {
    await f.octokit.actions.createOrgVariable({ org: 'octo-org', name: 'SHARED', value: 'x', visibility: 'selected', selected_repository_ids: [f.repoId] });
    const got = await f.octokit.actions.getOrgVariable({ org: 'octo-org', name: 'SHARED' });
    assert.equal(got.data.visibility, 'selected');
    const repos = await f.octokit.actions.listSelectedReposForOrgVariable({ org: 'octo-org', name: 'SHARED' });
    assert.deepEqual(repos.data.repositories.map((r) => r.id), [f.repoId]);
    await f.octokit.actions.removeSelectedRepoFromOrgVariable({ org: 'octo-org', name: 'SHARED', repository_id: f.repoId });
    assert.deepEqual(f.em.variables.get({ org: 'octo-org' }, 'SHARED')?.selectedRepositoryIds, []);
    await f.octokit.actions.updateOrgVariable({ org: 'octo-org', name: 'SHARED', visibility: 'all' });
    const list = await f.octokit.actions.listOrgVariables({ org: 'octo-org' });
    assert.deepEqual(list.data.variables.map((v) => [v.name, v.visibility]), [['SHARED', 'all']]);
    assert.equal((await fail(f.octokit.actions.listSelectedReposForOrgVariable({ org: 'octo-org', name: 'SHARED' }))).status, 409);
    await f.octokit.actions.deleteOrgVariable({ org: 'octo-org', name: 'SHARED' });
  });

  it('refuses variable writes from a GITHUB_TOKEN-like token', async () => {
    f.em.seed.token('ghs_vars', { canWriteSecrets: false });
    const err = await fail(client(f.em, 'ghs_vars').actions.createRepoVariable({ owner: f.owner, repo: f.repo, name: 'N', value: 'v' }));
    assert.equal(err.status, 403);
  });
});
