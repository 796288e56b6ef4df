// `npm run release -- [--dry-run] [--version X.Y.Z] [--repository OWNER/REPO]`: prepares a release
// (docs/releasing.md). Checks the version against package.json and CHANGELOG.md, that the tree is
// clean and dist/ is a fresh build, then creates the release commit — the workflows stamped to
// name this commit's actions by sha (scripts/lib/stamp.ts) — and the annotated tag vX.Y.Z on it.
// Pushing the tag starts .github/workflows/release.yml, which verifies, attests and publishes.
//
// `--dry-run` shows all of it (version, notes, tags, rewrites, files to attest) and writes nothing.
// `--verify vX.Y.Z` (the release workflow) checks a tag's commit against its parent.
// `--publish vX.Y.Z` (the release workflow) creates the GitHub release and moves the major tag.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { root as repoRoot } from './lib/actions.ts';
import { changelogSection, planRelease, verifyStamped } from './lib/release.ts';

const { values } = parseArgs({
  options: {
    'dry-run': { type: 'boolean', default: false },
    version: { type: 'string' },
    repository: { type: 'string' },
    verify: { type: 'string' },
    publish: { type: 'string' },
    // Another checkout of the repository (the release test prepares one in a temporary directory).
    root: { type: 'string' },
  },
});
const root = values.root ?? repoRoot;

const git = (...args: string[]): string => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
const pkgVersion = (): string => (JSON.parse(git('show', 'HEAD:package.json')) as { version: string }).version;

function repository(): string {
  if (values.repository) return values.repository;
  if (process.env['GITHUB_REPOSITORY']) return process.env['GITHUB_REPOSITORY'];
  try {
    const m = /github[^:/]*[:/]([^/]+\/[^/.]+?)(\.git)?$/.exec(git('remote', 'get-url', 'origin'));
    if (m) return m[1]!;
  } catch {
    // no origin
  }
  return 'OWNER/REPO';
}

/** path → blob id of every file of a commit. */
function tree(commit: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of git('ls-tree', '-r', commit).split('\n').filter(Boolean)) {
    const [meta, path] = line.split('\t');
    out.set(path!, meta!.split(' ')[2]!);
  }
  return out;
}

function verify(tag: string): void {
  const version = tag.replace(/^v/, '');
  const commit = git('rev-parse', `${tag}^{commit}`);
  const parent = git('rev-parse', `${commit}^`);
  const blobs = (c: string): Map<string, string> => {
    const t = tree(c);
    // Workflows are compared by content (they are stamped); everything else by blob id.
    for (const [p, id] of t) if (p.startsWith('.github/workflows/')) t.set(p, git('cat-file', 'blob', id) + '\n');
    return t;
  };
  const problems = verifyStamped(blobs(parent), blobs(commit), { repository: repository(), sha: parent, version });
  if (!changelogSection(git('show', `${commit}:CHANGELOG.md`), version)?.notes) problems.push(`CHANGELOG.md has no notes for ${version}`);
  if (pkgVersion() !== version && (JSON.parse(git('show', `${commit}:package.json`)) as { version: string }).version !== version) problems.push(`package.json of ${tag} is not ${version}`);
  if (problems.length) {
    console.error(`${tag} is not a release commit of ${parent}:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`${tag} = ${commit}: the workflows of ${parent} stamped to run it, nothing else changed`);
}

async function publish(tag: string): Promise<void> {
  const api = process.env['GITHUB_API_URL'] ?? 'https://api.github.com';
  const token = process.env['GITHUB_TOKEN'];
  if (!token) throw new Error('--publish needs GITHUB_TOKEN (contents: write)');
  const repo = repository();
  const version = tag.replace(/^v/, '');
  const commit = git('rev-parse', `${tag}^{commit}`);
  const notes = changelogSection(git('show', `${commit}:CHANGELOG.md`), version)?.notes ?? '';
  const call = async (method: string, path: string, body: unknown): Promise<Response> =>
    fetch(`${api}/repos/${repo}${path}`, { method, headers: { authorization: `Bearer ${token}`, accept: 'application/vnd.github+json', 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const rel = await call('POST', '/releases', { tag_name: tag, name: tag, body: notes, draft: false, prerelease: version.includes('-'), make_latest: 'true' });
  if (!rel.ok) throw new Error(`Failed to create the release ${tag}: ${rel.status} ${await rel.text()}`);
  const major = `v${version.split('.')[0]}`;
  if (!version.includes('-')) {
    const moved = await call('PATCH', `/git/refs/tags/${major}`, { sha: commit, force: true });
    if (moved.status === 422 || moved.status === 404) {
      const created = await call('POST', '/git/refs', { ref: `refs/tags/${major}`, sha: commit });
      if (!created.ok) throw new Error(`Failed to create ${major}: ${created.status} ${await created.text()}`);
    } else if (!moved.ok) throw new Error(`Failed to move ${major}: ${moved.status} ${await moved.text()}`);
  }
  console.log(`released ${tag} (${commit}); ${major} → ${commit}`);
}

function prepare(dryRun: boolean): void {
  const sourceSha = git('rev-parse', 'HEAD');
  const version = values.version ?? pkgVersion();
  const plan = planRelease(root, { version, repository: repository(), sourceSha });
  const dirty = git('status', '--porcelain', '--untracked-files=all');
  if (dirty) plan.blockers.push(`the working tree has uncommitted changes:\n${dirty.split('\n').map((l) => `      ${l}`).join('\n')}`);
  if (!dryRun) {
    try {
      git('rev-parse', '--verify', '--quiet', `refs/tags/${plan.tag}`);
      plan.blockers.push(`tag ${plan.tag} exists already`);
    } catch {
      // free
    }
  }

  console.log(`release ${plan.tag} of ${repository()} from ${sourceSha}${dryRun ? ' (dry run: nothing is written)' : ''}`);
  console.log(`\nversion   ${plan.version} (${plan.date || 'undated'})\ntags      ${plan.tag} (new) and ${plan.majorTag} (moved by the release workflow)`);
  console.log(`\nnotes (CHANGELOG.md [${plan.version}])\n${plan.notes.split('\n').map((l) => `  │ ${l}`).join('\n')}`);
  console.log(`\nrelease commit: ${plan.rewrites.length} uses: line(s) stamped`);
  for (const r of plan.rewrites) console.log(`  ${r.file}:${r.line}  ${r.from}  →  ${r.to}`);
  console.log(`\nfiles to attest (actions/attest-build-provenance, ${plan.attest.length})`);
  for (const f of plan.attest) console.log(`  sha256:${f.sha256}  ${f.path}`);
  console.log(`\nsteps\n  1. npm run check-dist (dist/ must equal a fresh build)\n  2. git commit-tree: the stamped workflows on top of ${sourceSha.slice(0, 12)}\n  3. git tag -a ${plan.tag} (notes as the message)\n  4. you push the tag; release.yml runs the full CI, verifies, attests, creates the GitHub release and moves ${plan.majorTag}`);
  if (plan.blockers.length) {
    console.log(`\n${dryRun ? 'would refuse' : 'refused'}:\n  - ${plan.blockers.join('\n  - ')}`);
    process.exit(1);
  }
  if (dryRun) return;

  if (root === repoRoot) execFileSync(process.execPath, [join(root, 'scripts', 'check-dist.ts')], { cwd: root, stdio: 'inherit' });
  // Another checkout (--root, the release test) is not rebuilt here; its dist/ must at least be committed.
  else if (git('status', '--porcelain', '--', 'dist')) throw new Error(`dist/ of ${root} has uncommitted changes`);
  const tmp = mkdtempSync(join(tmpdir(), 'release-index-'));
  try {
    const env = { ...process.env, GIT_INDEX_FILE: join(tmp, 'index') };
    const g = (args: string[], input?: string): string => execFileSync('git', args, { cwd: root, env, encoding: 'utf8', input }).trim();
    g(['read-tree', 'HEAD']);
    for (const [path, text] of plan.stamped) g(['update-index', '--add', '--cacheinfo', `100644,${g(['hash-object', '-w', '--stdin'], text)},${path}`]);
    const commit = g(['commit-tree', g(['write-tree']), '-p', sourceSha, '-m', `Release ${plan.tag}\n\nThe workflows of ${sourceSha} stamped to run its actions by sha.`]);
    g(['tag', '-a', plan.tag, commit, '-m', `${plan.tag}\n\n${plan.notes}`]);
    console.log(`\ncreated ${plan.tag} → ${commit} (parent ${sourceSha}); push it with: git push origin ${plan.tag}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (values.verify) verify(values.verify);
else if (values.publish) await publish(values.publish);
else prepare(values['dry-run']);
