// provision `command: drift` end to end on the terraform double: real files managed by local_file,
// changed behind the tool's back, found by a refresh-only plan and reported apart from pending
// changes; `alert: issue` keeps one issue per (repository, directory, workspace) in the GitHub
// emulator — opened, updated, and closed once the drift is gone.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { provisionWorld, summaryOf, type World } from './helpers/provision-world.ts';

const DIR = 'site';

function config(greeting: string): string {
  return JSON.stringify({
    resource: {
      local_file: { motd: { filename: 'out/motd.txt', content: 'welcome\n', file_permission: '0644' } },
      terraform_data: { greeting: { input: greeting } },
    },
  });
}

const drift = (w: World, extra: Record<string, string> = {}) => w.provision({ tool: 'terraform', command: 'drift', 'working-directory': DIR, ...extra });

describe('provision drift (double)', () => {
  test('drift is found and kept apart from pending changes; its issue is opened, updated, then closed when it is gone', async (t) => {
    const w = await provisionWorld(t);
    w.write(`${DIR}/main.tf.json`, config('hello'));
    w.terraform(DIR, ['init', '-input=false']);
    w.terraform(DIR, ['apply', '-auto-approve', '-input=false']);

    const clean = await drift(w, { alert: 'issue' });
    assert.equal(clean.exitCode, 0, clean.stdout);
    assert.equal(clean.outputs['drift'], 'false');
    assert.equal(clean.outputs['changes'], 'false');
    assert.deepEqual(w.issues(), [], 'no drift, no issue');

    // Someone edits the managed file by hand; the configuration also has a change nobody applied yet.
    writeFileSync(join(w.workspace, DIR, 'out/motd.txt'), 'edited by hand\n');
    w.write(`${DIR}/main.tf.json`, config('hello, world'));
    const found = await drift(w, { alert: 'issue' });
    assert.equal(found.exitCode, 0, 'alert: issue reports, it does not fail the step');
    assert.equal(found.outputs['drift'], 'true');
    assert.equal(found.outputs['changes'], 'true', 'the pending change');
    const s = summaryOf(found);
    assert.deepEqual(s.drift.map((d) => [d.address, d.action]), [['local_file.motd', 'delete']]);
    assert.deepEqual(s.changes.map((c) => [c.address, c.action]), [['terraform_data.greeting', 'update']], 'pending: configuration ≠ state, without the drift');
    assert.match(found.summary, /\*\*drift in 1 resource\(s\)\*\*; pending: 1 to change/);
    const opened = w.issues();
    assert.equal(opened.length, 1);
    assert.equal(opened[0]!.title, 'Drift in site (workspace default)');
    assert.match(opened[0]!.body, /^<!-- actions-suite:provision:drift [0-9a-f]{16} -->/);
    assert.match(opened[0]!.body, /\| deleted \| local\\_file\.motd \| local\\_file \|/);
    assert.ok(found.annotations.some((a) => a.level === 'warning' && /Drift in site \(workspace default\): local_file\.motd \(deleted\)/.test(a.message)));

    const again = await drift(w, { alert: 'issue' });
    assert.equal(again.outputs['drift'], 'true');
    assert.equal(w.issues().length, 1, 'the same issue, updated');
    assert.equal(w.issues()[0]!.state, 'open');

    // The fix: apply again (the file is written back, the pending change applied).
    w.terraform(DIR, ['apply', '-auto-approve', '-input=false']);
    const gone = await drift(w, { alert: 'issue' });
    assert.equal(gone.outputs['drift'], 'false');
    const closed = w.issues()[0]!;
    assert.equal(closed.state, 'closed');
    assert.equal(closed.state_reason, 'completed');
    assert.match(w.comments(closed.number).at(-1)!.body, /No drift any more in site \(workspace default\)/);
    assert.deepEqual(w.gh.contractViolations, []);
  });

  test('alert: fail fails the step on drift (failure-reason drift); alert: annotation only warns', async (t) => {
    const w = await provisionWorld(t);
    w.write(`${DIR}/main.tf.json`, config('hello'));
    w.terraform(DIR, ['init', '-input=false']);
    w.terraform(DIR, ['apply', '-auto-approve', '-input=false']);
    writeFileSync(join(w.workspace, DIR, 'out/motd.txt'), 'changed\n');
    const failed = await drift(w, { alert: 'fail' });
    assert.equal(failed.exitCode, 1);
    assert.equal(failed.outputs['failure-reason'], 'drift');
    assert.equal(failed.outputs['drift'], 'true');
    const warned = await drift(w);
    assert.equal(warned.exitCode, 0);
    assert.equal(warned.annotations.filter((a) => a.level === 'warning').length, 1);
    assert.equal(w.gh.requests.length, 0, 'no issue without alert: issue');
  });
});
