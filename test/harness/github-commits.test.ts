// Comparing commits over the seeded commit graph, and GraphQL's `viewer` — through @octokit/rest
// and plain fetch, every REST answer checked against GitHub's description.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { api, client, fixture, type Fixture, type OctokitError } from './github/testing.ts';

const sha = (c: string): string => c.repeat(40);

describe('GitHub emulator: compare and viewer', () => {
  let f: Fixture;
  let root: string;
  before(async () => {
    f = await fixture();
    root = (f.em.state()['repos'] as { branches: Record<string, string> }[])[0]!.branches['main']!;
    f.em.seed.commits('octo-org/app', 'main', [sha('a'), sha('b'), sha('c')]);
    f.em.seed.commits('octo-org/app', 'feature', [sha('d')]); // both from main's head
    f.em.seed.commits('octo-org/app', 'other', [sha('7')]);
    f.em.seed.branch('octo-org/app', 'orphan', { sha: sha('e') });
  });
  after(async () => {
    assert.deepEqual(f.em.contractViolations, []);
    await f.em.close();
  });

  const compare = (basehead: string) => f.octokit.request('GET /repos/{owner}/{repo}/compare/{basehead}', { owner: f.owner, repo: f.repo, basehead });

  it('an ancestor of the head: ahead, with the commits head has', async () => {
    const { data } = await compare(`${sha('a')}...main`);
    assert.equal(data.status, 'ahead');
    assert.equal(data.ahead_by, 2);
    assert.equal(data.behind_by, 0);
    assert.deepEqual(data.commits.map((c) => c.sha), [sha('b'), sha('c')]);
    assert.equal(data.merge_base_commit.sha, sha('a'));
    assert.deepEqual(data.base_commit.parents.map((p) => p.sha), [root]);
  });

  it('identical, behind and diverged', async () => {
    assert.equal((await compare(`main...${sha('c')}`)).data.status, 'identical');
    const behind = (await compare(`main...${sha('a')}`)).data;
    assert.deepEqual([behind.status, behind.ahead_by, behind.behind_by], ['behind', 0, 2]);
    const diverged = (await compare('feature...other')).data;
    assert.deepEqual([diverged.status, diverged.ahead_by, diverged.behind_by, diverged.merge_base_commit.sha], ['diverged', 1, 1, sha('c')]);
    const side = (await compare(`${sha('d')}...main`)).data;
    assert.deepEqual([side.status, side.ahead_by, side.behind_by], ['behind', 0, 1]);
  });

  it('404 for a commit it does not know, and for no common history', async () => {
    for (const basehead of [`${sha('f')}...main`, 'main...no-such-branch', `orphan...main`, 'main']) {
      const e = (await compare(basehead).catch((x: unknown) => x)) as OctokitError;
      assert.equal(e.status, 404, basehead);
    }
  });

  it('a branch name with a slash is one path segment', async () => {
    f.em.seed.commits('octo-org/app', 'release/2', [sha('9')]);
    const { data } = await compare(`${sha('c')}...release/2`);
    assert.equal(data.status, 'ahead');
  });

  it('viewer: whom the token acts as, for any kind of token', async () => {
    f.em.seed.token('ghs_installationToken0000000000000000000', { canWriteSecrets: false });
    const user = await client(f.em, 'ghp_emulatorTestToken000000000000000000').graphql<{ viewer: { login: string; databaseId: number } }>('query { viewer { login databaseId } }');
    assert.equal(user.viewer.login, 'emulator-user');
    assert.equal(typeof user.viewer.databaseId, 'number');
    const bot = await client(f.em, 'ghs_installationToken0000000000000000000').graphql<{ viewer: { login: string } }>('{ viewer { login } }');
    assert.deepEqual(bot.viewer, { login: 'github-actions[bot]' });
    // The deployments it creates name the same account.
    const created = await client(f.em, 'ghs_installationToken0000000000000000000').repos.createDeployment({ owner: f.owner, repo: f.repo, ref: 'main', required_contexts: [] });
    assert.equal((created.data as { creator: { login: string } }).creator.login, 'github-actions[bot]');
  });

  it('viewer: other queries get a GraphQL error; no token gets 401', async () => {
    const other = await api(f.em, '/graphql', { method: 'POST', body: JSON.stringify({ query: '{ repository(owner: "o", name: "r") { id } }' }) });
    assert.equal(other.status, 200);
    assert.match(((await other.json()) as { errors: { message: string }[] }).errors[0]!.message, /answers only/);
    const anonymous = await api(f.em, '/graphql', { method: 'POST', token: '', body: JSON.stringify({ query: '{ viewer { login } }' }) });
    assert.equal(anonymous.status, 401);
  });
});
