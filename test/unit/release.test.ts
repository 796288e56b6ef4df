// `npm run release`: the dry run shows version, notes, tags, the stamped `uses:` lines and every
// bundle to attest, and refuses what a release must not be; a prepared release commit verifies,
// and one that changes anything but the stamped lines does not. Runs the script as users do, on a
// temporary git repository holding the files a release reads.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, globSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { root } from '../../scripts/lib/actions.ts';
import { stampWorkflow, workflowFiles } from '../../scripts/lib/stamp.ts';
import { verifyStamped } from '../../scripts/lib/release.ts';

let repo: string;
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
const git = (...args: string[]): string => execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();
const release = (...args: string[]): { status: number | null; out: string } => {
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'release.ts'), '--root', repo, '--repository', 'octo-org/actions-suite', ...args], { encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
};

before(() => {
  repo = mkdtempSync(join(tmpdir(), 'release-test-'));
  for (const f of ['package.json', 'CHANGELOG.md', 'LICENSE', ...workflowFiles(root), ...globSync('dist/*/*/*.js', { cwd: root })]) {
    mkdirSync(dirname(join(repo, f)), { recursive: true });
    cpSync(join(root, f), join(repo, f));
  }
  git('init', '-q', '-b', 'main');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'add', '-A');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'source');
});
after(() => rmSync(repo, { recursive: true, force: true }));

test('--dry-run shows version, notes, tags, stamped lines and the bundles to attest, and writes nothing', () => {
  const head = git('rev-parse', 'HEAD');
  const r = release('--dry-run');
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, new RegExp(`release v${version} of octo-org/actions-suite from ${head} \\(dry run`));
  assert.match(r.out, new RegExp(`tags +v${version} \\(new\\) and v${version.split('.')[0]} \\(moved`));
  assert.match(r.out, /notes \(CHANGELOG.md/);
  for (const f of workflowFiles(root).filter((p) => /uses: \.\/actions\//.test(readFileSync(join(root, p), 'utf8')))) {
    assert.match(r.out, new RegExp(`${f.replace(/\./g, '\\.')}:\\d+ +uses: \\./actions/[a-z-]+ +→ +uses: octo-org/actions-suite/actions/[a-z-]+@${head} # v${version}`));
  }
  const bundles = globSync('dist/*/*/*.js', { cwd: root });
  assert.match(r.out, new RegExp(`files to attest \\(actions/attest-build-provenance, ${bundles.length}\\)`));
  for (const b of bundles) assert.match(r.out, new RegExp(`sha256:[0-9a-f]{64}  ${b.replace(/\./g, '\\.')}`));
  assert.equal(git('tag'), '', 'no tag written');
  assert.equal(git('rev-parse', 'HEAD'), head);
});

test('--dry-run refuses a version without changelog notes or package.json, and a dirty tree', () => {
  const r = release('--dry-run', '--version', '9.9.9');
  assert.equal(r.status, 1);
  assert.match(r.out, /would refuse:[\s\S]*package\.json says version .*, not 9\.9\.9[\s\S]*CHANGELOG\.md has no section "## \[9\.9\.9\]/);
  writeFileSync(join(repo, 'stray.txt'), 'x');
  try {
    const d = release('--dry-run');
    assert.equal(d.status, 1);
    assert.match(d.out, /uncommitted changes:[\s\S]*stray\.txt/);
  } finally {
    rmSync(join(repo, 'stray.txt'));
  }
  assert.match(release('--dry-run', '--version', '1.2').out, /Invalid version '1\.2'/);
});

test('a prepared release commit verifies; one that changes anything else does not', () => {
  const head = git('rev-parse', 'HEAD');
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'release.ts'), '--root', repo, '--repository', 'octo-org/actions-suite'], {
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' },
  });
  assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
  const tagged = git('rev-parse', `v${version}^{commit}`);
  assert.equal(git('rev-parse', `${tagged}^`), head, 'the release commit sits on the source commit');
  assert.equal(git('rev-parse', 'HEAD'), head, 'the branch did not move');
  const deploy = git('show', `${tagged}:.github/workflows/deploy.yml`);
  assert.match(deploy, new RegExp(`uses: octo-org/actions-suite/actions/deploy@${head} # v${version}`));
  assert.doesNotMatch(deploy, /^\s*(- )?uses: \.\/actions\//m);
  const ok = release('--verify', `v${version}`);
  assert.equal(ok.status, 0, ok.out);

  // The check itself: a changed bundle, or a stamp pointing elsewhere, is refused.
  const target = { repository: 'octo-org/actions-suite', sha: head, version };
  const wf = readFileSync(join(root, '.github/workflows/deploy.yml'), 'utf8');
  const parent = new Map([['.github/workflows/deploy.yml', wf], ['dist/deploy/main/index.js', 'blob-a']]);
  const good = new Map([['.github/workflows/deploy.yml', stampWorkflow(wf, target).text], ['dist/deploy/main/index.js', 'blob-a']]);
  assert.deepEqual(verifyStamped(parent, good, target), []);
  assert.match(verifyStamped(parent, new Map([...good, ['dist/deploy/main/index.js', 'blob-b']]), target)[0]!, /changed by the release commit/);
  const elsewhere = stampWorkflow(wf, { ...target, sha: 'f'.repeat(40) }).text;
  assert.match(verifyStamped(parent, new Map([...good, ['.github/workflows/deploy.yml', elsewhere]]), target)[0]!, /differs from the stamped parent/);
});
