// Marketplace-ready metadata (docs: "Publishing actions in GitHub Marketplace", "Metadata syntax"):
// every action has a name, a description of at most 125 characters, a real author, and branding
// with one of the documented colours and an icon. The repository has a licence, and the release
// notes live in CHANGELOG.md.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { discoverActions, root } from '../../scripts/lib/actions.ts';
import { changelogSection } from '../../scripts/lib/release.ts';

const COLORS = ['white', 'black', 'yellow', 'blue', 'green', 'orange', 'red', 'purple', 'gray-dark'];
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string; license: string; description: string; author?: string };

for (const a of discoverActions()) {
  test(`actions/${a.name}/action.yml: name, description ≤ 125 characters, author, branding`, () => {
    assert.ok(a.yml.name && a.yml.name.length <= 80, 'a name');
    assert.ok(a.yml.description.length > 20 && a.yml.description.length <= 125, `description is ${a.yml.description.length} characters: ${a.yml.description}`);
    assert.ok(a.yml.author && a.yml.author.length >= 3, 'an author');
    assert.ok(a.yml.branding?.icon && /^[a-z0-9-]+$/.test(a.yml.branding.icon), 'a feather icon name');
    assert.ok(COLORS.includes(a.yml.branding?.color ?? ''), `colour one of ${COLORS.join(', ')}`);
  });
}

test('root action.yml-free repository metadata: MIT licence file matching package.json, changelog for the version', () => {
  assert.equal(pkg.license, 'MIT');
  const licence = readFileSync(join(root, 'LICENSE'), 'utf8');
  assert.match(licence, /^MIT License\n\nCopyright \(c\) \d{4} /);
  assert.match(licence, /THE SOFTWARE IS PROVIDED "AS IS"/);
  assert.ok(existsSync(join(root, 'CHANGELOG.md')));
  const section = changelogSection(readFileSync(join(root, 'CHANGELOG.md'), 'utf8'), pkg.version);
  assert.ok(section?.notes, `CHANGELOG.md has notes for ${pkg.version}`);
  assert.match(section.date, /^\d{4}-\d{2}-\d{2}$/);
});
