// `npm run bench`: per bundle, on Node 24 —
// - cold start: a run that stops at input validation (all its static imports loaded and evaluated),
//   as a ratio to bare `node -e 0`; paired runs, median of the ratios;
// - bytes loaded at start: the entry file (lazy chunks beside it load only when used);
// - peak RSS and GitHub API calls: one realistic run through the runner emulation against the
//   embedded GitHub emulator (the record's api_calls, cross-checked with the emulator's log).
// Measured, never asserted: machines are noisy. Budgets: ≤ 1.5×, ≤ 500 KB, ≤ 55 MiB.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGitHubEmulator } from '../test/harness/github/index.ts';
import { runAction } from '../test/harness/runner/index.ts';
import { discoverActions } from './lib/actions.ts';

const RUNS = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 21);
const TOKEN = 'ghs_benchToken000000000000000000000000000';

/** One realistic operation per action. */
const OPERATION: Record<string, Record<string, string>> = {
  deploy: { environment: 'bench', run: 'true' },
  provision: { tool: 'terraform' },
  'rotate-secret': { name: 'BENCH_SECRET', destinations: 'github:repo' },
  // 10,000 runs over 30 days (seeded below): list calls, memory and analysis time at scale.
  'report-metrics': { workflow: 'bench.yml', window: '7d', 'baseline-window': '23d', 'max-api-calls': '200' },
};

const work = mkdtempSync(join(tmpdir(), 'bench-'));
const rssProbe = join(work, 'rss.mjs');
writeFileSync(rssProbe, "process.on('exit', () => process.stderr.write(`\\nBENCH_MAXRSS_KB=${process.resourceUsage().maxRSS}\\n`));\n");

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function timeRun(args: string[], env: NodeJS.ProcessEnv): number {
  const start = process.hrtime.bigint();
  spawnSync(process.execPath, args, { env, stdio: 'ignore' });
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const bareEnv = { PATH: process.env.PATH };
const startEnv = { PATH: process.env.PATH, GITHUB_OUTPUT: join(work, 'out'), GITHUB_STEP_SUMMARY: join(work, 'summary') };
const bareRss = Number(/BENCH_MAXRSS_KB=(\d+)/.exec(spawnSync(process.execPath, ['--import', rssProbe, '-e', '0'], { encoding: 'utf8' }).stderr)?.[1]) / 1024;

const github = await startGitHubEmulator();
github.seed.repo('octo/bench');
github.seed.token(TOKEN, { canWriteSecrets: true });
const BENCH_RUNS = 10_000;
for (let i = 0, start = Date.now() - 30 * 86_400_000; i < BENCH_RUNS; i++) {
  const created = start + Math.floor((i * 30 * 86_400_000) / BENCH_RUNS / 1000) * 1000;
  const t = (ms: number): string => new Date(created + ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const ms = Math.round(300_000 * Math.exp(0.2 * Math.sin(i * 12.9898) * 1.7));
  github.seed.workflowRun('octo/bench', { name: 'Bench', path: '.github/workflows/bench.yml', createdAt: t(0), runStartedAt: t(2_000), updatedAt: t(2_000 + ms), jobs: [{ name: 'test', createdAt: t(2_000), startedAt: t(6_000), completedAt: t(2_000 + ms) }] });
}
const scale: string[] = [];

const rows: string[] = [];
const bareMs: number[] = [];
try {
  for (const action of discoverActions()) {
    for (const { entry, bundle } of action.entries) {
      timeRun([bundle], startEnv); // warm the file cache: we measure start-up, not the disk
      const ratios: number[] = [];
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const b = timeRun(['-e', '0'], bareEnv);
        const t = timeRun([bundle], startEnv);
        bareMs.push(b);
        times.push(t);
        ratios.push(t / b);
      }
      const kb = statSync(bundle).size / 1024;
      const ratio = median(ratios);
      let rss = Number.NaN;
      let apiCalls = 'n/a';
      let outcome = 'n/a';
      if (entry === 'main') {
        const before = github.requests.length;
        const r = await runAction({
          action: action.name,
          inputs: OPERATION[action.name] ?? {},
          token: TOKEN,
          env: { GITHUB_API_URL: github.url, NODE_OPTIONS: `--import ${rssProbe}` },
          context: { repository: 'octo/bench' },
        });
        rss = Number(/BENCH_MAXRSS_KB=(\d+)/.exec(r.stderr)?.[1]) / 1024;
        const record = JSON.parse(r.outputs.record ?? '{}') as { api_calls?: number; outcome?: string };
        apiCalls = `${record.api_calls ?? '?'} (emulator saw ${github.requests.length - before})`;
        outcome = record.outcome ?? r.conclusion;
        if (action.name === 'report-metrics') {
          const m = JSON.parse(r.outputs.metrics ?? '{}') as { analysis_ms?: number; collection?: Record<string, number> };
          const c = m.collection ?? {};
          scale.push(`report-metrics over ${c['runs_listed']} runs in 30 days: ${c['list_calls']} list calls (⌈${BENCH_RUNS}/100⌉ = ${Math.ceil(BENCH_RUNS / 100)}; ${c['slices']} slices, ${c['split_calls']} spent splitting at the 1,000 cap), ${c['job_calls']} job calls (sampled ${c['job_runs_sampled']} of ${c['job_runs_eligible']}), analysis ${m.analysis_ms} ms, peak RSS ${rss.toFixed(1)} MiB`);
        }
      }
      rows.push(
        `| ${action.name}/${entry} | ${median(times).toFixed(0)} ms | ${ratio.toFixed(2)}× ${ratio <= 1.5 ? '✓' : '✗'} | ${kb.toFixed(0)} KB ${kb <= 500 ? '✓' : '✗'} | ${Number.isNaN(rss) ? 'n/a' : `${rss.toFixed(1)} MiB ${rss <= 55 ? '✓' : '✗'}`} | ${apiCalls} | ${outcome} |`,
      );
    }
  }
} finally {
  await github.close();
  rmSync(work, { recursive: true, force: true });
}

console.log(`Node ${process.version}, ${RUNS} paired runs per bundle; bare \`node -e 0\`: ${median(bareMs).toFixed(0)} ms, ${bareRss.toFixed(1)} MiB peak RSS\n`);
console.log('| bundle | cold start | ratio to bare node (≤ 1.5×) | loaded at start (≤ 500 KB) | peak RSS, one operation (≤ 55 MiB) | API calls, one operation | outcome |');
console.log('|---|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
for (const line of scale) console.log(`\n${line}`);

