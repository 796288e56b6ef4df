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
import { startReceiverServer } from '../test/harness/receivers/server.ts';
import { runAction } from '../test/harness/runner/index.ts';
import { discoverActions } from './lib/actions.ts';

const RUNS = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 21);
const TOKEN = 'ghs_benchToken000000000000000000000000000';

/** A metrics receiver for report-metrics' operation: takes anything, answers 204. */
const receiver = await startReceiverServer('bench receiver', () => ({ status: 204 }));
const record = (i: number) => JSON.stringify({ action: 'deploy', outcome: i % 4 ? 'success' : 'failure', duration_ms: 60_000 + i * 1000, attempts: 1, retries: 0, api_calls: 9, correlation_id: `${9000 + i}/1/deploy`, started_at: new Date(Date.now() - (i + 1) * 3_600_000).toISOString() });

/** One realistic operation per action. */
const OPERATION: Record<string, Record<string, string>> = {
  deploy: { environment: 'bench', run: 'true' },
  provision: { tool: 'terraform' },
  'rotate-secret': { name: 'BENCH_SECRET', destinations: 'github:repo' },
  // 48 execution records of two days to a remote-write receiver (protobuf + snappy over HTTP) and an OpenMetrics file.
  'report-metrics': { records: Array.from({ length: 48 }, (_, i) => record(i)).join('\n'), export: `prometheus-remote-write=${receiver.url}/api/v1/write\nfile=bench.om` },
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

const rows: string[] = [];
const bareMs: number[] = [];
try {
  for (const action of discoverActions()) {
    for (const { entry, name, bundle } of action.entries) {
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
      }
      rows.push(
        `| ${action.name}/${name} | ${median(times).toFixed(0)} ms | ${ratio.toFixed(2)}× ${ratio <= 1.5 ? '✓' : '✗'} | ${kb.toFixed(0)} KB ${kb <= 500 ? '✓' : '✗'} | ${Number.isNaN(rss) ? 'n/a' : `${rss.toFixed(1)} MiB ${rss <= 55 ? '✓' : '✗'}`} | ${apiCalls} | ${outcome} |`,
      );
    }
  }
} finally {
  await Promise.all([github.close(), receiver.close()]);
  rmSync(work, { recursive: true, force: true });
}

console.log(`Node ${process.version}, ${RUNS} paired runs per bundle; bare \`node -e 0\`: ${median(bareMs).toFixed(0)} ms, ${bareRss.toFixed(1)} MiB peak RSS\n`);
console.log('| bundle | cold start | ratio to bare node (≤ 1.5×) | loaded at start (≤ 500 KB) | peak RSS, one operation (≤ 55 MiB) | API calls, one operation | outcome |');
console.log('|---|---|---|---|---|---|---|');
for (const row of rows) console.log(row);

