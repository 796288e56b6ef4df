// `npm run local`: one action run on this machine as the runner would, with action.yml defaults
// for what the command line leaves out, against the embedded GitHub emulator — and its usage
// errors. Runs the script as a user does, in a child process.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { root } from '../../scripts/lib/actions.ts';
import { assertNoLeaks } from '../harness/leaks/index.ts';

function local(args: string[], env: Record<string, string | undefined> = {}): { status: number | null; out: string } {
  const e: Record<string, string | undefined> = { ...process.env, GITHUB_API_URL: undefined, ...env };
  for (const k of Object.keys(e)) if (e[k] === undefined) delete e[k];
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'local.ts'), ...args], { encoding: 'utf8', env: e, timeout: 120_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

test('npm run local -- deploy: defaults applied, the script runs, outputs, summary and calls printed', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'local-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'deploy.sh'), '#!/usr/bin/env bash\necho "deploying $DEPLOY_SHA to $DEPLOY_ENVIRONMENT"\n');
  chmodSync(join(dir, 'deploy.sh'), 0o755);
  const r = local(['deploy', '--input', 'environment=dev', '--input', 'run=./deploy.sh', '--workspace', dir, '--sha', '0123456789abcdef0123456789abcdef01234567']);
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, /deploying 0123456789abcdef0123456789abcdef01234567 to dev/);
  assert.match(r.out, /inputs \(with action\.yml defaults\)[\s\S]*health-passes = 3[\s\S]*lock-timeout = 10m/);
  assert.match(r.out, /\n {2}status = success\n/);
  assert.match(r.out, /### deploy → dev: success/);
  assert.match(r.out, /1 × POST \/repos\/\{owner\}\/\{repo\}\/deployments\n/);
  // The embedded GitHub's token (scripts/local.ts) never shows, in any encoding.
  assertNoLeaks(['ghs_localRunToken0000000000000000000000000'], [{ where: 'npm run local output', text: r.out }]);
  const json = local(['deploy', '--input', 'environment=dev', '--input', 'run=./deploy.sh', '--workspace', dir, '--json']);
  assert.equal((JSON.parse(json.out) as { outputs: Record<string, string> }).outputs['status'], 'success');
});

test('npm run local: a failing action exits non-zero with its error; usage errors say what is expected', () => {
  const bad = local(['deploy', '--input', 'environment=dev']);
  assert.equal(bad.status, 1);
  assert.match(bad.out, /error: .*run/i);
  const unknown = local(['depoly']);
  assert.equal(unknown.status, 2);
  assert.match(unknown.out, /Unknown action 'depoly': expected one of deploy, provision, report-metrics, rotate-secret/);
  const malformed = local(['deploy', '--input', 'environment']);
  assert.match(malformed.out, /--input 'environment': expected name=value/);
  const real = local(['deploy', '--input', 'environment=dev'], { GITHUB_API_URL: 'https://api.github.com', GITHUB_TOKEN: undefined });
  assert.equal(real.status, 2);
  assert.match(real.out, /GITHUB_API_URL is set: set GITHUB_TOKEN too/);
});
