// What a release is, computed from the repository: the version and its notes (CHANGELOG.md), the
// tags (vX.Y.Z and the moving major vX), the stamped workflows (stamp.ts), and the bundles whose
// provenance is attested. Pure functions over files and git, shared by `npm run release` and the
// release workflow's checks; nothing here writes.

import { createHash } from 'node:crypto';
import { globSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stampRepository, stampWorkflow, type Rewrite, type StampTarget } from './stamp.ts';

const SEMVER = /^(\d+)\.(\d+)\.(\d+)(-[0-9A-Za-z.-]+)?$/;

export interface ReleasePlan {
  version: string;
  tag: string;
  majorTag: string;
  /** The CHANGELOG section of the version (without its heading). */
  notes: string;
  date: string;
  rewrites: Rewrite[];
  stamped: Map<string, string>;
  /** Every bundle file, with its sha256: the subjects of the provenance attestation. */
  attest: Array<{ path: string; sha256: string }>;
  /** Why the release would be refused (empty: it would go ahead). */
  blockers: string[];
}

/** The section of `version` in a Keep-a-Changelog file: `## [X.Y.Z] - YYYY-MM-DD`. */
export function changelogSection(changelog: string, version: string): { notes: string; date: string } | undefined {
  const lines = changelog.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`## [${version}]`));
  if (start < 0) return undefined;
  const date = /\]\s*-\s*(\d{4}-\d{2}-\d{2})/.exec(lines[start]!)?.[1] ?? '';
  const end = lines.findIndex((l, i) => i > start && /^## \[/.test(l));
  return { notes: lines.slice(start + 1, end < 0 ? undefined : end).join('\n').trim(), date };
}

export function planRelease(root: string, o: { version: string; repository: string; sourceSha: string }): ReleasePlan {
  const blockers: string[] = [];
  const m = SEMVER.exec(o.version);
  if (!m) throw new Error(`Invalid version '${o.version}': expected MAJOR.MINOR.PATCH (semantic versioning)`);
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string; license?: string };
  if (pkg.version !== o.version) blockers.push(`package.json says version ${pkg.version}, not ${o.version} (the bundles report the package version in their records)`);
  const section = changelogSection(readFileSync(join(root, 'CHANGELOG.md'), 'utf8'), o.version);
  if (!section) blockers.push(`CHANGELOG.md has no section "## [${o.version}] - YYYY-MM-DD"`);
  else if (!section.date) blockers.push(`CHANGELOG.md's section [${o.version}] has no date`);
  else if (!section.notes) blockers.push(`CHANGELOG.md's section [${o.version}] is empty`);
  const target: StampTarget = { repository: o.repository, sha: o.sourceSha, version: o.version };
  const { files, rewrites } = stampRepository(root, target);
  const attest = globSync('dist/*/*/*.js', { cwd: root })
    .sort()
    .map((path) => ({ path, sha256: createHash('sha256').update(readFileSync(join(root, path))).digest('hex') }));
  if (attest.length === 0) blockers.push('dist/ holds no bundle: run npm run build');
  return {
    version: o.version,
    tag: `v${o.version}`,
    majorTag: `v${m[1]}`,
    notes: section?.notes ?? '',
    date: section?.date ?? '',
    rewrites,
    stamped: files,
    attest,
    blockers,
  };
}

/**
 * Checks a release commit against its parent: the only differences are the stamped `uses:` lines
 * of the workflows, pointing at the parent, so the tag runs exactly the parent's code.
 * `parent` and `release` map every path of each tree to its content (or blob id).
 */
export function verifyStamped(parent: Map<string, string>, release: Map<string, string>, target: StampTarget): string[] {
  const problems: string[] = [];
  for (const path of new Set([...parent.keys(), ...release.keys()])) {
    const before = parent.get(path);
    const after = release.get(path);
    if (before === after) continue;
    if (before === undefined || after === undefined) {
      problems.push(`${path}: ${before === undefined ? 'added' : 'removed'} by the release commit`);
      continue;
    }
    if (!/^\.github\/workflows\/[^/]+\.ya?ml$/.test(path)) {
      problems.push(`${path}: changed by the release commit (only workflows may change, by stamping)`);
      continue;
    }
    if (stampWorkflow(before, target, path).text !== after) problems.push(`${path}: differs from the stamped parent (stamp with ${target.repository}@${target.sha}, v${target.version})`);
  }
  return problems;
}
