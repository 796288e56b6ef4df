// Bundles every entry (pre/main/post) that each actions/*/action.yml declares, and each helper
// process an entry starts (src/<name>/process.ts), into dist/<action>/<entry>/index.js with ncc, then smoke-runs each bundle: ncc can exit 0 and still
// emit a bundle that fails at load. `npm run build -- deploy` rebuilds only the named actions.
// Each action's src/metadata.ts is regenerated from its action.yml first, so a bundle always
// carries the defaults and input names its action.yml declares.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { transformSync } from 'esbuild';
import { dirname, join, relative } from 'node:path';
import { discoverActions, root } from './lib/actions.ts';
import { metadataPath, writeMetadata } from './lib/metadata.ts';

interface NccOutput {
  code: string;
  assets: Record<string, { source: string | Buffer; permissions?: number }>;
}
type Ncc = (entry: string, options: Record<string, unknown>) => Promise<NccOutput>;
const ncc = createRequire(import.meta.url)('@vercel/ncc') as Ncc;
/**
 * Optional peers a runtime dependency loads only if the user installed them (@redis/client's
 * OpenTelemetry hook: `try { require('@opentelemetry/api') }`). Left as a runtime require, so a
 * bundle never depends on which devDependencies happen to be installed (the OTLP tests bring
 * @opentelemetry/api): without this, rotate-secret's redis chunk grew by 2,300 lines of it.
 */
const OPTIONAL_PEERS = ['@opentelemetry/api'];
const only = process.argv.slice(2);
const actions = discoverActions().filter((a) => only.length === 0 || only.includes(a.name));
if (only.length === 0) rmSync(join(root, 'dist'), { recursive: true, force: true });
for (const action of actions) rmSync(join(root, 'dist', action.name), { recursive: true, force: true });

// Smoke runs see no runner: no inputs, no GITHUB_* files, no state.
const bareEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(INPUT_|GITHUB_|STATE_|RUNNER_)/.test(k)));

let failures = 0;
for (const action of actions) {
  if (writeMetadata(action)) console.log(`updated ${relative(root, metadataPath(action))}`);
  for (const { entry, name, source, bundle } of action.entries) {
    if (!existsSync(source)) {
      console.error(`✗ ${action.name}/${name}: ${relative(root, source)} does not exist`);
      failures++;
      continue;
    }
    await bundleEntry(source, bundle);
    const problem = entry === 'post' ? smokeRunPost(bundle) : entry === 'process' ? smokeRunProcess(bundle) : smokeRun(bundle);
    if (problem) {
      console.error(`✗ ${action.name}/${name}: ${problem}`);
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
 * ncc's API rather than its CLI, for one option the CLI lacks: `esm: false`. ncc emits ESM whenever
 * the entry sits under `"type": "module"`, and node starts an ES module ~0.3× of its own start-up
 * slower than the same code as CommonJS (its ESM loader is loaded and run for one file). The
 * entries have no top-level await, so CommonJS loses nothing; `package.json` beside the bundle says
 * how node must read it (the repository root says "module").
 */
async function bundleEntry(source: string, bundle: string): Promise<void> {
  const out = dirname(bundle);
  const { code, assets } = await ncc(source, { esm: false, minify: true, license: 'licenses.txt', quiet: true, externals: OPTIONAL_PEERS });
  mkdirSync(out, { recursive: true });
  writeFileSync(bundle, code);
  for (const [name, asset] of Object.entries(assets)) {
    mkdirSync(dirname(join(out, name)), { recursive: true });
    const source = name.endsWith('.js') ? minifyChunk(asset.source) : asset.source;
    writeFileSync(join(out, name), source, asset.permissions === undefined ? {} : { mode: asset.permissions });
  }
  writeFileSync(join(out, 'package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);
}

/**
 * ncc minifies the entry only; the lazy chunks beside it come out as webpack wrote them, comments
 * and indentation included. Node keeps a script's source in memory for as long as its functions
 * live, so chunk source costs memory as well as parse time. Whitespace and syntax only: names stay
 * as they are (error class names, function names some libraries read); licence comments stay.
 */
function minifyChunk(source: string | Buffer): string {
  return transformSync(String(source), { minifyWhitespace: true, minifySyntax: true, target: 'node24', charset: 'utf8' }).code;
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
 * A helper process an entry starts (src/<name>/process.ts) is given its arguments by that entry;
 * run bare, it must load and refuse with a usage line and exit code 2 — not crash at load.
 */
function smokeRunProcess(bundle: string): string | undefined {
  const r = spawnSync(process.execPath, [bundle], { env: bareEnv, encoding: 'utf8', timeout: 30_000 });
  if (r.status !== 2 || !/^usage: /m.test(r.stderr)) {
    return `helper process did not refuse to run bare with a usage line and exit 2 (exit ${r.status}):\n${(r.stdout + r.stderr).slice(0, 2000)}`;
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
