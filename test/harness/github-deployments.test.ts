// Deployments and deployment statuses behave like GitHub's, through @octokit/rest.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fixture, type Fixture, type OctokitError } from './github/testing.ts';

type Deployment = { id: number; sha: string; ref: string; environment: string; production_environment?: boolean; payload: unknown };

describe('GitHub emulator: deployments', () => {
  let f: Fixture;
  let mainSha: string;
  before(async () => {
    f = await fixture();
    mainSha = f.em.seed.branch('octo-org/app', 'main');
    f.em.seed.branch('octo-org/app', 'feature', { behindDefault: true });
    f.em.seed.branch('octo-org/app', 'conflicted', { conflict: true });
    f.em.seed.tag('octo-org/app', 'v1.0.0');
  });
  after(async () => {
    assert.deepEqual(f.em.contractViolations, []);
    await f.em.close();
  });

  const create = (params: Record<string, unknown>) =>
    f.octokit.repos.createDeployment({ owner: f.owner, repo: f.repo, required_contexts: [], ...params } as never);

  it('creates a deployment with defaults and a schema-valid body', async () => {
    const res = await create({ ref: 'main', payload: { version: '1.2.3' } });
    assert.equal(res.status, 201);
    const d = res.data as unknown as Record<string, unknown>;
    assert.equal(d['sha'], mainSha);
    assert.equal(d['task'], 'deploy');
    assert.equal(d['environment'], 'production');
    assert.equal(d['original_environment'], 'production');
    assert.equal(d['production_environment'], true);
    assert.equal(d['transient_environment'], false);
    assert.deepEqual(d['payload'], { version: '1.2.3' });
    assert.equal((d['creator'] as Record<string, unknown>)['login'], 'emulator-user');
    assert.match(String(d['node_id']), /^[A-Za-z0-9+/=]+$/);
    assert.equal(d['statuses_url'], `${f.em.url}/repos/octo-org/app/deployments/${String(d['id'])}/statuses`);
    // Creating a deployment creates its environment, as GitHub does.
    const env = await f.octokit.repos.getEnvironment({ owner: f.owner, repo: f.repo, environment_name: 'production' });
    assert.equal(env.data.name, 'production');
  });

  it('resolves tags and full shas, and refuses unknown refs with 422', async () => {
    const tag = await create({ ref: 'v1.0.0', environment: 'qa', transient_environment: true, production_environment: false });
    assert.equal((tag.data as Deployment).ref, 'v1.0.0');
    const bySha = await create({ ref: mainSha, environment: 'qa' });
    assert.equal((bySha.data as Deployment).sha, mainSha);
    const err = (await create({ ref: 'nope' }).catch((e: unknown) => e)) as OctokitError;
    assert.equal(err.status, 422);
    assert.equal(err.response?.data['message'], 'No ref found for: nope');
  });

  it('auto-merges a branch behind the default branch (202) unless auto_merge is false; 409 on conflict', async () => {
    const first = await create({ ref: 'feature', environment: 'preview' });
    assert.equal(first.status, 202);
    assert.equal((first.data as { message: string }).message, 'Auto-merged main into feature on deployment.');
    const second = await create({ ref: 'feature', environment: 'preview' });
    assert.equal(second.status, 201);
    const conflict = (await create({ ref: 'conflicted' }).catch((e: unknown) => e)) as OctokitError;
    assert.equal(conflict.status, 409);
    const forced = await create({ ref: 'conflicted', auto_merge: false, environment: 'preview' });
    assert.equal(forced.status, 201);
  });

  it('checks required contexts against commit statuses (all contexts when omitted)', async () => {
    const sha = f.em.seed.branch('octo-org/app', 'checked');
    f.em.seed.commitStatus('octo-org/app', sha, 'ci/build', 'success');
    f.em.seed.commitStatus('octo-org/app', sha, 'ci/lint', 'failure');
    const err = (await f.octokit.repos
      .createDeployment({ owner: f.owner, repo: f.repo, ref: 'checked', environment: 'ctx' })
      .catch((e: unknown) => e)) as OctokitError;
    assert.equal(err.status, 409);
    assert.equal(err.response?.data['message'], 'Conflict: Commit status checks failed for checked.');
    const only = await f.octokit.repos.createDeployment({
      owner: f.owner,
      repo: f.repo,
      ref: 'checked',
      environment: 'ctx',
      required_contexts: ['ci/build'],
    });
    assert.equal(only.status, 201);
  });

  it('lists newest first with sha/ref/task/environment filters', async () => {
    await create({ ref: 'main', environment: 'filter-env', task: 'deploy:migrations' });
    await create({ ref: 'main', environment: 'filter-env' });
    const list = await f.octokit.repos.listDeployments({ owner: f.owner, repo: f.repo, environment: 'filter-env' });
    assert.equal(list.data.length, 2);
    assert.ok(list.data[0]!.id > list.data[1]!.id);
    const task = await f.octokit.repos.listDeployments({ owner: f.owner, repo: f.repo, task: 'deploy:migrations' });
    assert.deepEqual(task.data.map((d) => d.task), ['deploy:migrations']);
    const byRef = await f.octokit.repos.listDeployments({ owner: f.owner, repo: f.repo, ref: 'v1.0.0' });
    assert.equal(byRef.data.length, 1);
    const bySha = await f.octokit.repos.listDeployments({ owner: f.owner, repo: f.repo, sha: mainSha, environment: 'qa' });
    assert.equal(bySha.data.length, 1);
  });

  it('paginates with Link headers that Octokit follows', async () => {
    for (let i = 0; i < 5; i++) await create({ ref: 'main', environment: 'paged' });
    const page1 = await f.octokit.repos.listDeployments({ owner: f.owner, repo: f.repo, environment: 'paged', per_page: 2 });
    assert.equal(page1.data.length, 2);
    assert.match(page1.headers.link ?? '', /page=2>; rel="next"/);
    assert.match(page1.headers.link ?? '', /page=3>; rel="last"/);
    assert.match(page1.headers.link ?? '', /environment=paged/);
    const all = await f.octokit.paginate(f.octokit.repos.listDeployments, { owner: f.owner, repo: f.repo, environment: 'paged', per_page: 2 });
    assert.equal(all.length, 5);
    assert.equal(new Set(all.map((d) => d.id)).size, 5);
  });

  it('creates and lists statuses; success marks earlier successful deployments of the environment inactive', async () => {
    const a = (await create({ ref: 'main', environment: 'staging' })).data as Deployment;
    const b = (await create({ ref: 'main', environment: 'staging' })).data as Deployment;
    const other = (await create({ ref: 'main', environment: 'elsewhere' })).data as Deployment;
    const st = (id: number, state: string, extra: Record<string, unknown> = {}) =>
      f.octokit.repos.createDeploymentStatus({ owner: f.owner, repo: f.repo, deployment_id: id, state, ...extra } as never);
    const created = await st(a.id, 'success', { environment_url: 'https://staging.example.test', log_url: 'https://ci.example.test/1', description: 'ok' });
    assert.equal(created.status, 201);
    assert.equal(created.data.environment_url, 'https://staging.example.test');
    assert.equal(created.data.creator?.login, 'emulator-user');
    await st(other.id, 'success');
    await st(b.id, 'in_progress');
    await st(b.id, 'success');
    const latest = async (id: number) =>
      (await f.octokit.repos.listDeploymentStatuses({ owner: f.owner, repo: f.repo, deployment_id: id })).data.map((s) => s.state);
    assert.deepEqual(await latest(a.id), ['inactive', 'success']);
    assert.deepEqual(await latest(b.id), ['success', 'in_progress']);
    assert.deepEqual(await latest(other.id), ['success'], 'other environments are untouched');
    const one = await f.octokit.repos.getDeploymentStatus({ owner: f.owner, repo: f.repo, deployment_id: a.id, status_id: created.data.id });
    assert.equal(one.data.state, 'success');
  });

  it('refuses status descriptions over 140 characters and mirrors log_url into target_url', async () => {
    const d = (await create({ ref: 'main', environment: 'limits' })).data as Deployment;
    const long = await f.octokit.repos
      .createDeploymentStatus({ owner: f.owner, repo: f.repo, deployment_id: d.id, state: 'failure', description: 'x'.repeat(141) })
      .catch((e: unknown) => e as OctokitError);
    assert.equal((long as OctokitError).status, 422);
    const ok = await f.octokit.repos.createDeploymentStatus({
      owner: f.owner, repo: f.repo, deployment_id: d.id, state: 'failure', description: 'x'.repeat(140), log_url: 'https://ci.example.test/9',
    });
    assert.equal(ok.data.target_url, 'https://ci.example.test/9');
  });

  it('keeps earlier deployments active when auto_inactive is false', async () => {
    const a = (await create({ ref: 'main', environment: 'keep' })).data as Deployment;
    const b = (await create({ ref: 'main', environment: 'keep' })).data as Deployment;
    await f.octokit.repos.createDeploymentStatus({ owner: f.owner, repo: f.repo, deployment_id: a.id, state: 'success' });
    await f.octokit.repos.createDeploymentStatus({ owner: f.owner, repo: f.repo, deployment_id: b.id, state: 'success', auto_inactive: false });
    const statuses = await f.octokit.repos.listDeploymentStatuses({ owner: f.owner, repo: f.repo, deployment_id: a.id });
    assert.deepEqual(statuses.data.map((s) => s.state), ['success']);
  });

  it('moves a deployment to another environment through a status environment', async () => {
    const d = (await create({ ref: 'main', environment: 'blue' })).data as Deployment;
    await f.octokit.repos.createDeploymentStatus({ owner: f.owner, repo: f.repo, deployment_id: d.id, state: 'success', environment: 'green' });
    const got = await f.octokit.repos.getDeployment({ owner: f.owner, repo: f.repo, deployment_id: d.id });
    assert.equal(got.data.environment, 'green');
    assert.equal(got.data.original_environment, 'blue');
  });

  it('deletes only inactive deployments, or the only one in an environment', async () => {
    const a = (await create({ ref: 'main', environment: 'del' })).data as Deployment;
    const b = (await create({ ref: 'main', environment: 'del' })).data as Deployment;
    const refused = (await f.octokit.repos
      .deleteDeployment({ owner: f.owner, repo: f.repo, deployment_id: a.id })
      .catch((e: unknown) => e)) as OctokitError;
    assert.equal(refused.status, 422);
    await f.octokit.repos.createDeploymentStatus({ owner: f.owner, repo: f.repo, deployment_id: a.id, state: 'inactive' });
    assert.equal((await f.octokit.repos.deleteDeployment({ owner: f.owner, repo: f.repo, deployment_id: a.id })).status, 204);
    assert.equal((await f.octokit.repos.deleteDeployment({ owner: f.owner, repo: f.repo, deployment_id: b.id })).status, 204);
    const gone = (await f.octokit.repos.getDeployment({ owner: f.owner, repo: f.repo, deployment_id: b.id }).catch((e: unknown) => e)) as OctokitError;
    assert.equal(gone.status, 404);
  });

  it('seeds deployments with statuses for tests that start from history', async () => {
    const id = f.em.seed.deployment('octo-org/app', { environment: 'seeded', statuses: ['success'] });
    const got = await f.octokit.repos.listDeploymentStatuses({ owner: f.owner, repo: f.repo, deployment_id: id });
    assert.deepEqual(got.data.map((s) => s.state), ['success']);
    const d = await f.octokit.repos.getDeployment({ owner: f.owner, repo: f.repo, deployment_id: id });
    assert.equal(d.data.creator?.login, 'emulator-seed');
    assert.equal(d.data.sha, mainSha);
  });
});
