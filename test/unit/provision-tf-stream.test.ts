import assert from 'node:assert/strict';
import { test } from 'node:test';
import { notInReviewed } from '../../actions/provision/src/tools/terraform.ts';
import { UNKNOWN_LEAF, type CanonicalChangeSet } from '../../actions/provision/src/tf-show.ts';
import { isTransient, lockInfoOf, TfStream } from '../../actions/provision/src/tf-stream.ts';

// The diagnostic terraform 1.11.4 printed here when another apply held the lock (plan -json -lock-timeout=2s).
const LOCKED =
  '{"@level":"error","@message":"Error: Error acquiring the state lock","@module":"terraform.ui","@timestamp":"2026-12-01T22:54:57.857785Z","diagnostic":{"severity":"error","summary":"Error acquiring the state lock","detail":"Error message: resource temporarily unavailable\\nLock Info:\\n  ID:        051469ba-f4b2-d9d7-11f4-baf833c5931b\\n  Path:      terraform.tfstate\\n  Operation: OperationTypeApply\\n  Who:       root@vm\\n  Version:   1.11.4\\n  Created:   2026-12-01 22:54:53.961898124 +0000 UTC\\n  Info:      \\n\\n\\nTerraform acquires a state lock to protect the state from being written\\nby multiple users at the same time. Please resolve the issue above and try\\nagain. For most commands, you can disable locking with the \\"-lock=false\\"\\nflag, but this is not recommended."},"type":"diagnostic"}';

test('lock-info comes from the structured diagnostic', () => {
  const s = new TfStream();
  assert.equal(s.line(LOCKED)?.split('\n')[0], 'Error: Error acquiring the state lock');
  assert.deepEqual(lockInfoOf(s.diagnostics), {
    ID: '051469ba-f4b2-d9d7-11f4-baf833c5931b',
    Path: 'terraform.tfstate',
    Operation: 'OperationTypeApply',
    Who: 'root@vm',
    Version: '1.11.4',
    Created: '2026-12-01 22:54:53.961898124 +0000 UTC',
    Info: '',
  });
  assert.equal(isTransient([s.line(LOCKED)!]), false, 'a lock is waited for by -lock-timeout, never retried on top');
});

test('apply_start means the apply touched something; apply_complete lists what finished', () => {
  const s = new TfStream();
  const hook = (type: string, addr: string) => JSON.stringify({ '@message': `${addr}: …`, type, hook: { resource: { addr }, action: 'create' } });
  assert.equal(s.touched, false);
  s.line(hook('apply_start', 'terraform_data.a'));
  s.line(hook('apply_complete', 'terraform_data.a'));
  s.line(hook('apply_start', 'terraform_data.b'));
  s.line(hook('apply_errored', 'terraform_data.b'));
  assert.equal(s.touched, true);
  assert.deepEqual(s.completed, ['terraform_data.a']);
  assert.deepEqual(s.errored, ['terraform_data.b']);
  assert.equal(s.line('not json'), 'not json');
});

test('transient: throttling, 5xx, timeouts and registry failures; not: auth, validation, locks', () => {
  for (const t of ['Error: reading x: RequestLimitExceeded: Rate exceeded', 'unexpected response: 503 Service Unavailable', 'Error: Failed to query available provider packages', 'dial tcp: i/o timeout', 'ThrottlingException: Rate exceeded']) {
    assert.equal(isTransient([t]), true, t);
  }
  for (const t of ['Error: Unsupported argument', 'AccessDenied: User is not authorized', 'Error: Invalid reference', 'status code: 403, Throttling']) assert.equal(isTransient([t]), false, t);
});

test('a re-plan is the rest of the reviewed plan only when every change is in it with the same known values', () => {
  const reviewed: CanonicalChangeSet = {
    v: 1,
    resources: [
      { address: 'a', actions: ['create'], after: [[['input'], 'x'], [['id'], UNKNOWN_LEAF]] },
      { address: 'b', actions: ['delete', 'create'], after: [[['input'], { ref: null }], [['id'], UNKNOWN_LEAF]] },
      { address: 'c', actions: ['update'], after: [[['input'], UNKNOWN_LEAF]] },
    ],
    outputs: [{ name: 'url', actions: ['create'], after: UNKNOWN_LEAF }],
  };
  const rest: CanonicalChangeSet = {
    v: 1,
    resources: [
      { address: 'b', actions: ['create'], after: [[['input'], { ref: null }], [['id'], UNKNOWN_LEAF]] },
      { address: 'c', actions: ['update'], after: [[['input'], 'now-known']] },
    ],
    outputs: [{ name: 'url', actions: ['create'], after: 'https://x' }],
  };
  assert.deepEqual(notInReviewed(rest, reviewed), [], 'a half-done replace leaves its create; an unknown may be known now');
  const other: CanonicalChangeSet = { v: 1, resources: [{ address: 'a', actions: ['create'], after: [[['input'], 'y'], [['id'], UNKNOWN_LEAF]] }, { address: 'z', actions: ['create'], after: [] }], outputs: [] };
  assert.deepEqual(notInReviewed(other, reviewed), ['a', 'z']);
  assert.deepEqual(notInReviewed({ v: 1, resources: [{ address: 'a', actions: ['delete'], after: [] }], outputs: [] }, reviewed), ['a'], 'another action');
});
