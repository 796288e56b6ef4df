// Bundles every entry (pre/main/post) that each actions/*/action.yml declares into
// dist/<action>/<entry>/index.js with ncc, then smoke-runs each bundle: ncc can exit 0 and still
// emit a bundle that fails at load. `npm run build -- deploy` rebuilds only the named actions.
// Each action's src/metadata.ts is regenerated from its action.yml first, so a bundle always
// carries the defaults and input names its action.yml declares.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { discoverActions, root } from './lib/actions.ts';
import { metadataPath, writeMetadata } from './lib/metadata.ts';

const ncc = join(root, 'node_modules', '.bin', 'ncc');
const only = process.argv.slice(2);
const actions = discoverActions().filter((a) => only.length === 0 || only.includes(a.name));
if (only.length === 0) rmSync(join(root, 'dist'), { recursive: true, force: true });
for (const action of actions) rmSync(join(root, 'dist', action.name), { recursive: true, force: true });

// Smoke runs see no runner: no inputs, no GITHUB_* files, no state.
const bareEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(INPUT_|GITHUB_|STATE_|RUNNER_)/.test(k)));

let failures = 0;
for (const action of actions) {
  if (writeMetadata(action)) console.log(`updated ${relative(root, metadataPath(action))}`);
  for (const { entry, source, bundle } of action.entries) {
    if (!existsSync(source)) {
      console.error(`✗ ${action.name}/${entry}: ${relative(root, source)} does not exist`);
      failures++;
      continue;
    }
    execFileSync(ncc, ['build', source, '-o', dirname(bundle), '--minify', '--license', 'licenses.txt', '--quiet'], {
      cwd: root,
      stdio: 'inherit',
    });
    const problem = entry === 'post' ? smokeRunPost(bundle) : smokeRun(bundle);
    if (problem) {
      console.error(`✗ ${action.name}/${entry}: ${problem}`);
      failures++;
    } else {
      console.log(`✓ ${relative(root, bundle)}`);
    }
  }
}
if (failures > 0) {
  console.error(`build failed: ${failures} bundle(s) did not build or load`);
  process.exit(1);
}

/**
 * A post entry runs after main whatever happened, and never fails a job (runPost turns errors into
 * warnings): run with no inputs and no state, it must load, find nothing to clean up and exit 0.
 */
function smokeRunPost(bundle: string): string | undefined {
  const r = spawnSync(process.execPath, [bundle], { env: bareEnv, encoding: 'utf8', timeout: 30_000 });
  if (r.status !== 0 || /^::(error|warning)::/m.test(r.stdout)) {
    return `post entry did not exit cleanly with no state (exit ${r.status}):\n${(r.stdout + r.stderr).slice(0, 2000)}`;
  }
  return undefined;
}

/**
 * Runs a bundle with no inputs, as a misconfigured step would: it must load, run its input
 * validation and fail with an error annotation naming the input — not crash at load.
 */
function smokeRun(bundle: string): string | undefined {
  const r = spawnSync(process.execPath, [bundle], { env: bareEnv, encoding: 'utf8', timeout: 30_000 });
  if (r.status === 0) return 'exited 0 with no inputs (expected a failure naming the missing input)';
  if (!/^::error::.*Input '[^']+'/m.test(r.stdout)) {
    return `did not fail with an input error (exit ${r.status}):\n${(r.stdout + r.stderr).slice(0, 2000)}`;
  }
  return undefined;
}
