// `npm run bench`: for every bundle, cold start on Node 24 as a ratio to bare `node -e 0` (paired
// runs, median of the ratios), bytes loaded at start (the entry file; lazy chunks don't count),
// peak RSS, and the API calls its execution record reports. Prints a markdown table.
// Measured, never asserted: machines are noisy. Budgets: ≤ 1.5×, ≤ 500 KB, ≤ 55 MiB.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverActions, type ActionMeta } from './lib/actions.ts';

const RUNS = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 15);

/** Inputs that pass validation, so each run goes as far as the action does today. */
const SAMPLE_INPUTS: Record<string, Record<string, string>> = {
  deploy: { environment: 'staging', run: 'true' },
  provision: { tool: 'terraform' },
  'rotate-secret': { name: 'DB_PASSWORD', destinations: 'github:repo' },
  'report-metrics': {},
};
const EXPRESSIONS: Record<string, string> = {
  '${{ github.token }}': 'ghs_benchbenchbenchbenchbenchbenchbench',
  '${{ github.sha }}': '0123456789abcdef0123456789abcdef01234567',
};

const work = mkdtempSync(join(tmpdir(), 'bench-'));
const rssProbe = join(work, 'rss.mjs');
writeFileSync(rssProbe, "process.on('exit', () => process.stderr.write(`\\nBENCH_MAXRSS_KB=${process.resourceUsage().maxRSS}\\n`));\n");

function envFor(action: ActionMeta): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, RUNNER_TEMP: work, GITHUB_ACTIONS: 'true' };
  const values = { ...SAMPLE_INPUTS[action.name] };
  for (const [name, meta] of Object.entries(action.yml.inputs ?? {})) {
    const raw = values[name] ?? meta.default;
    if (raw !== undefined) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = EXPRESSIONS[raw] ?? raw;
  }
  for (const f of ['GITHUB_OUTPUT', 'GITHUB_ENV', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY', 'GITHUB_PATH']) {
    env[f] = join(work, f.toLowerCase());
    writeFileSync(env[f]!, '');
  }
  return env;
}

function timeRun(args: string[], env: NodeJS.ProcessEnv): number {
  const start = process.hrtime.bigint();
  spawnSync(process.execPath, args, { env, stdio: 'ignore' });
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function peakRssMiB(args: string[], env: NodeJS.ProcessEnv): number {
  const samples: number[] = [];
  for (let i = 0; i < 3; i++) {
    const r = spawnSync(process.execPath, ['--import', rssProbe, ...args], { env, encoding: 'utf8' });
    const kb = Number(/BENCH_MAXRSS_KB=(\d+)/.exec(r.stderr)?.[1]);
    if (Number.isFinite(kb)) samples.push(kb / 1024);
  }
  return median(samples);
}

const bareEnv = { PATH: process.env.PATH };
const rows: string[] = [];
const bareRss = peakRssMiB(['-e', '0'], bareEnv);
let bareMedianMs = 0;
for (const action of discoverActions()) {
  for (const { entry, bundle } of action.entries) {
    const env = envFor(action);
    timeRun([bundle], env); // warm the file cache; we measure start-up, not the disk
    const ratios: number[] = [];
    const bare: number[] = [];
    const runs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const b = timeRun(['-e', '0'], bareEnv);
      const t = timeRun([bundle], env);
      bare.push(b);
      runs.push(t);
      ratios.push(t / b);
    }
    bareMedianMs = median(bare);
    spawnSync(process.execPath, [bundle], { env, stdio: 'ignore' });
    const record = /record<<(\S+)\n([\s\S]*?)\n\1/.exec(readFileSync(env.GITHUB_OUTPUT!, 'utf8'))?.[2];
    const apiCalls = record ? String((JSON.parse(record) as { api_calls: number }).api_calls) : 'n/a';
    const kb = statSync(bundle).size / 1024;
    const ratio = median(ratios);
    const rss = peakRssMiB([bundle], env);
    rows.push(
      `| ${action.name}/${entry} | ${median(runs).toFixed(0)} ms | ${ratio.toFixed(2)}× ${ratio <= 1.5 ? '✓' : '✗'} | ${kb.toFixed(0)} KB ${kb <= 500 ? '✓' : '✗'} | ${rss.toFixed(1)} MiB ${rss <= 55 ? '✓' : '✗'} | ${apiCalls} |`,
    );
  }
}
rmSync(work, { recursive: true, force: true });

console.log(`Node ${process.version}, ${RUNS} paired runs per bundle; bare \`node -e 0\`: ${bareMedianMs.toFixed(0)} ms, ${bareRss.toFixed(1)} MiB\n`);
console.log('| bundle | cold start | ratio to bare node (≤ 1.5×) | loaded at start (≤ 500 KB) | peak RSS (≤ 55 MiB) | API calls |');
console.log('|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
