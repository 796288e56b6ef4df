import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ansibleChanges, ansibleChangeSet, ansibleDiagnostics, mergeRetry, parseAnsible } from '../../actions/provision/src/ansible-result.ts';

// Recorded from the real ansible-playbook (see test/fixtures/ansible/README.md), run in /tmp/ans.
const doc = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'ansible', 'check-with-unreachable.json'), 'utf8'));

test('each (host, task) result: changed, unknown in check mode, state: absent, no_log, unreachable', () => {
  const { results, unreachable, failed } = parseAnsible(doc, '/tmp/ans');
  assert.deepEqual(unreachable, ['unreach']);
  assert.deepEqual(failed, []);
  const local = results.filter((r) => r.host === 'localhost').map((r) => [r.task, r.name, r.changed, r.unknown, r.removes, r.noLog]);
  assert.deepEqual(local, [
    ['site.yml:4', 'make dir', true, false, false, false],
    ['site.yml:6', 'write file', true, false, false, false],
    ['site.yml:8', 'run a command', false, true, false, false],
    ['site.yml:10', 'remove old', true, false, true, false],
    ['site.yml:12', 'secret thing', true, false, false, true],
  ]);
  const far = results.find((r) => r.host === 'unreach')!;
  assert.equal(far.unreachable, true);
  assert.match(far.message, /Connection refused/);
});

test('summary changes: update, delete (destructive), unknown; no_log marked sensitive; no values', () => {
  const { results } = parseAnsible(doc, '/tmp/ans');
  const changes = ansibleChanges(results);
  assert.deepEqual(
    changes.map((c) => [c.address, c.action, c.destructive, c.sensitive, c.type]),
    [
      ['localhost: make dir (site.yml:4)', 'update', false, false, 'ansible.builtin.file'],
      ['localhost: write file (site.yml:6)', 'update', false, false, 'ansible.builtin.copy'],
      ['localhost: run a command (site.yml:8)', 'unknown', false, false, 'ansible.builtin.command'],
      ['localhost: remove old (site.yml:10)', 'delete', true, false, 'ansible.builtin.file'],
      ['localhost: secret thing (site.yml:12)', 'update', false, true, 'ansible.builtin.copy'],
    ],
  );
  assert.ok(!JSON.stringify(changes).includes('hello'), 'no diff content in the summary');
  assert.deepEqual(ansibleDiagnostics(results).map((d) => [d.address, d.summary.split(' — ')[0]]), [['unreach', 'unreachable: make dir']]);
});

test('the change set is keyed by host, file:line and name, sorted, and ignores run-specific ids', () => {
  const { results } = parseAnsible(doc, '/tmp/ans');
  const set = ansibleChangeSet(results);
  assert.equal(set.tasks.length, 5);
  assert.deepEqual(set.tasks[0], { host: 'localhost', task: 'site.yml:10', name: 'remove old', action: 'delete' });
  const again = structuredClone(doc);
  again.plays[0].tasks.forEach((t: { task: { id: string } }) => (t.task.id = 'another-run'));
  assert.deepEqual(ansibleChangeSet(parseAnsible(again, '/tmp/ans').results), set);
});

test('a retry on the unreachable hosts replaces only their results', () => {
  const { results } = parseAnsible(doc, '/tmp/ans');
  const retry = results.filter((r) => r.host === 'unreach').map((r) => ({ ...r, unreachable: false, changed: true }));
  const merged = mergeRetry(results, retry, ['unreach']);
  assert.equal(merged.filter((r) => r.host === 'localhost').length, 5);
  assert.deepEqual(merged.filter((r) => r.host === 'unreach').map((r) => r.changed), [true]);
});
