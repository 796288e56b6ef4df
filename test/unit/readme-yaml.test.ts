// Every ```yaml block of every README and docs/ page parses, and every one that is a workflow —
// or a part of one: a job map, or a job's steps — passes actionlint (with its one overruled finding,
// see helpers/actionlint.ts). Users copy these blocks; a block that does not parse is a bug.
import assert from 'node:assert/strict';
import { globSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse, stringify } from 'yaml';
import { root } from '../../scripts/lib/actions.ts';
import { actionlint } from './helpers/actionlint.ts';

const pages = globSync(['README.md', '*/README.md', 'actions/*/README.md', 'examples/**/README.md', 'docs/**/*.md'], { cwd: root }).sort();

interface Block {
  page: string;
  line: number;
  text: string;
}

function blocks(page: string): Block[] {
  const lines = readFileSync(join(root, page), 'utf8').split('\n');
  const out: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^```ya?ml\s*$/.test(lines[i]!)) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^```\s*$/.test(lines[end]!)) end++;
    out.push({ page, line: start + 1, text: lines.slice(start, end).join('\n') });
    i = end;
  }
  return out;
}

/** The block as a whole workflow actionlint can check, or undefined when it is not part of one. */
function asWorkflow(doc: Record<string, unknown>): string | undefined {
  const perms = doc['permissions'] ?? { contents: 'read' };
  if ('jobs' in doc) return stringify({ on: doc['on'] ?? 'workflow_dispatch', ...doc, permissions: perms });
  if ('steps' in doc) {
    const { permissions: _p, concurrency, ...job } = doc;
    return stringify({ on: 'workflow_dispatch', permissions: perms, jobs: { example: { 'runs-on': 'ubuntu-24.04', ...(concurrency ? { concurrency } : {}), ...job } } });
  }
  return undefined;
}

const all = pages.flatMap(blocks);

test('the pages have yaml blocks to check (the glob finds them)', () => {
  assert.ok(all.length >= 10, `found ${all.length} blocks in ${pages.join(', ')}`);
});

for (const b of all) {
  test(`${b.page}:${b.line}: parses${/^(on|jobs|steps|permissions):/m.test(b.text) ? ' and passes actionlint' : ''}`, async () => {
    let doc: unknown;
    assert.doesNotThrow(() => (doc = parse(b.text, { prettyErrors: true })), `${b.page}:${b.line} is not valid YAML`);
    if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return;
    const wf = asWorkflow(doc as Record<string, unknown>);
    if (!wf) return;
    const { problems } = await actionlint(wf, `${b.page}:${b.line}.yml`);
    assert.deepEqual(problems.map((p) => `${p.kind}: ${p.message}`), []);
  });
}
