// `npm run bench [-- [--runs=N] [--no-instructions] [action…]]`: per bundle, on Node 24 —
// - cold start: the bundle started as the runner starts it (INPUT_* for the action.yml defaults,
//   GITHUB_OUTPUT / GITHUB_ENV / GITHUB_STATE / GITHUB_STEP_SUMMARY files, stdout and stderr piped)
//   with no user input, so it loads and evaluates everything on its start path, validates its
//   inputs, reports the error and writes its record. Two measures:
//   · wall time, as a ratio to bare `node -e 0`: bare and bundle alternate (paired runs) and the
//     median of the per-pair ratios is reported with its interquartile range — robust to a machine
//     that other jobs load, but still moved by it;
//   · instructions executed (valgrind --tool=callgrind), bundle over bare: deterministic to ~1 %,
//     so it compares builds on a noisy machine; wall time stays the budget's measure.
// - loaded at start: the entry file; lazy chunks beside it load only when used (their total shown).
// - peak RSS and GitHub API calls: one realistic run through the runner emulation against the
//   embedded GitHub emulator (the record's api_calls, cross-checked with the emulator's log), as
//   the difference to bare node's peak RSS measured the same way.
// Measured, never asserted: machines are noisy. Budgets: ≤ 1.5× bare node, ≤ 500 KB at start,
// peak RSS ≤ bare node + 8 MiB.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startGitHubEmulator } from '../test/harness/github/index.ts';
import { startReceiverServer } from '../test/harness/receivers/server.ts';
import { runAction } from '../test/harness/runner/index.ts';
import { discoverActions, type ActionMeta } from './lib/actions.ts';

const RUNS = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 21);
const INSTRUCTIONS = !process.argv.includes('--no-instructions');
const ONLY = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const TOKEN = 'ghs_benchToken000000000000000000000000000';
const SHA = 'bench0000000000000000000000000000000000ff'.replace(/[^0-9a-f]/g, 'e');
const BUDGET = { ratio: 1.5, startKb: 500, rssMiB: 8 };

/** A metrics receiver for report-metrics' export: takes anything, answers 204. */
const receiver = await startReceiverServer('bench receiver', () => ({ status: 204 }));

/** One realistic operation per action. */
const OPERATION: Record<string, Record<string, string>> = {
  deploy: { environment: 'bench', run: 'true' },
  provision: { tool: 'terraform' },
  'rotate-secret': { name: 'BENCH_SECRET', destinations: 'github:repo' },
  // 10,000 runs over 30 days (seeded below): list calls, memory and analysis time at scale.
  // The KPIs and per-run samples go to a remote-write receiver (protobuf + snappy over HTTP) and an OpenMetrics file.
  'report-metrics': { workflow: 'bench.yml', window: '7d', 'baseline-window': '23d', 'max-api-calls': '200', export: `prometheus-remote-write=${receiver.url}/api/v1/write\nfile=bench.om` },
};

const work = mkdtempSync(join(tmpdir(), 'bench-'));
const rssProbe = join(work, 'rss.cjs');
writeFileSync(rssProbe, "process.on('exit', () => process.stderr.write(`\\nBENCH_MAXRSS_KB=${process.resourceUsage().maxRSS}\\n`));\n");

const median = (xs: number[]): number => quantile(xs, 0.5);
function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const at = (s.length - 1) * q;
  const lo = Math.floor(at);
  return (s[lo] ?? Number.NaN) + ((s[Math.ceil(at)] ?? Number.NaN) - (s[lo] ?? Number.NaN)) * (at - lo);
}

/** Wall time of one run, stdout and stderr piped (and drained) as the runner does. */
function timeRun(args: string[], env: NodeJS.ProcessEnv): number {
  const start = process.hrtime.bigint();
  spawnSync(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Instructions executed by one run (all threads), or undefined without valgrind. */
function instructions(args: string[], env: NodeJS.ProcessEnv): number | undefined {
  const log = join(work, 'callgrind.log');
  const r = spawnSync('valgrind', ['--tool=callgrind', '--callgrind-out-file=/dev/null', `--log-file=${log}`, process.execPath, ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.error) return undefined;
  const match = /Collected\s*:\s*(\d+)/.exec(readFileSync(log, 'utf8'));
  return match ? Number(match[1]) : undefined;
}

/** The runner's environment for a step with no user input: defaults as INPUT_*, empty file commands. */
function stepEnv(action: ActionMeta): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, GITHUB_ACTIONS: 'true', RUNNER_TEMP: work };
  for (const [name, input] of Object.entries(action.yml.inputs ?? {})) {
    const value = input.default === undefined || input.default === null ? '' : String(input.default);
    // The runner evaluates expression defaults; the ones our action.yml files use are these.
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value.replace(/\$\{\{\s*github\.(token|sha)\s*\}\}/g, (_, key: string) => (key === 'token' ? TOKEN : SHA));
  }
  for (const file of ['OUTPUT', 'ENV', 'STATE', 'STEP_SUMMARY']) {
    const path = join(work, `${action.name}-${file.toLowerCase()}`);
    writeFileSync(path, '');
    env[`GITHUB_${file}`] = path;
  }
  return env;
}

const bareEnv = { PATH: process.env.PATH };
const bareRss = Number(/BENCH_MAXRSS_KB=(\d+)/.exec(spawnSync(process.execPath, ['--require', rssProbe, '-e', '0'], { encoding: 'utf8' }).stderr)?.[1]) / 1024;
const bareInstructions = INSTRUCTIONS ? instructions(['-e', '0'], bareEnv) : undefined;

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

interface Row {
  bundle: string;
  ms: number;
  ratio: number;
  iqr: [number, number];
  instructions: number | undefined;
  startKb: number;
  lazyKb: number;
  rss: number | undefined;
  apiCalls: string;
  outcome: string;
}

const load = [loadavg()[0] ?? 0];
const rows: Row[] = [];
const bareMs: number[] = [];
try {
  for (const action of discoverActions().filter((a) => ONLY.length === 0 || ONLY.includes(a.name))) {
    const env = stepEnv(action);
    for (const { entry, name, bundle } of action.entries) {
      timeRun([bundle], env); // warm the file cache: we measure start-up, not the disk
      const ratios: number[] = [];
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const b = timeRun(['-e', '0'], bareEnv);
        const t = timeRun([bundle], env);
        bareMs.push(b);
        times.push(t);
        ratios.push(t / b);
      }
      const files = readdirSync(dirname(bundle)).filter((f) => f.endsWith('.js'));
      const lazy = files.filter((f) => f !== 'index.js').reduce((sum, f) => sum + statSync(join(dirname(bundle), f)).size, 0);
      const row: Row = {
        bundle: `${action.name}/${name}`,
        ms: median(times),
        ratio: median(ratios),
        iqr: [quantile(ratios, 0.25), quantile(ratios, 0.75)],
        instructions: INSTRUCTIONS ? instructions([bundle], env) : undefined,
        startKb: statSync(bundle).size / 1024,
        lazyKb: lazy / 1024,
        rss: undefined,
        apiCalls: 'n/a',
        outcome: 'n/a',
      };
      if (entry === 'main') {
        const before = github.requests.length;
        const r = await runAction({
          action: action.name,
          inputs: OPERATION[action.name] ?? {},
          token: TOKEN,
          env: { GITHUB_API_URL: github.url, NODE_OPTIONS: `--require ${rssProbe}` },
          context: { repository: 'octo/bench' },
        });
        row.rss = Number(/BENCH_MAXRSS_KB=(\d+)/.exec(r.stderr)?.[1]) / 1024;
        const record = JSON.parse(r.outputs.record ?? '{}') as { api_calls?: number; outcome?: string };
        row.apiCalls = `${record.api_calls ?? '?'} (emulator saw ${github.requests.length - before})`;
        row.outcome = record.outcome ?? r.conclusion;
        if (action.name === 'report-metrics') {
          const m = JSON.parse(r.outputs.metrics ?? '{}') as { analysis_ms?: number; collection?: Record<string, number> };
          const c = m.collection ?? {};
          scale.push(`report-metrics over ${c['runs_listed']} runs in 30 days: ${c['list_calls']} list calls (⌈${BENCH_RUNS}/100⌉ = ${Math.ceil(BENCH_RUNS / 100)}; ${c['slices']} slices, ${c['split_calls']} spent splitting at the 1,000 cap), ${c['job_calls']} job calls (sampled ${c['job_runs_sampled']} of ${c['job_runs_eligible']}), analysis ${m.analysis_ms} ms, peak RSS ${row.rss?.toFixed(1)} MiB`);
        }
      }
      rows.push(row);
    }
  }
} finally {
  await Promise.all([github.close(), receiver.close()]);
  rmSync(work, { recursive: true, force: true });
}
load.push(loadavg()[0] ?? 0);

const mark = (ok: boolean): string => (ok ? '✓' : '✗');
console.log(
  `Node ${process.version}; ${RUNS} paired runs per bundle; load average ${load[0]?.toFixed(1)} at start, ${load[1]?.toFixed(1)} at end.\n` +
    `Bare \`node -e 0\`: ${median(bareMs).toFixed(0)} ms, ${bareRss.toFixed(1)} MiB peak RSS` +
    `${bareInstructions ? `, ${(bareInstructions / 1e6).toFixed(1)} M instructions` : ''}.\n`,
);
console.log(
  `| bundle | cold start | ratio to bare node, median (IQR) (≤ ${BUDGET.ratio}×) | instructions, ratio to bare | loaded at start (≤ ${BUDGET.startKb} KB) | lazy chunks | peak RSS, one operation (≤ bare + ${BUDGET.rssMiB} MiB) | API calls, one operation | outcome |`,
);
console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  const instr = r.instructions && bareInstructions ? `${(r.instructions / 1e6).toFixed(1)} M, ${(r.instructions / bareInstructions).toFixed(2)}×` : 'n/a (no valgrind)';
  const rss = r.rss === undefined ? 'n/a' : `${r.rss.toFixed(1)} MiB (+${(r.rss - bareRss).toFixed(1)}) ${mark(r.rss - bareRss <= BUDGET.rssMiB)}`;
  console.log(
    `| ${r.bundle} | ${r.ms.toFixed(0)} ms | ${r.ratio.toFixed(2)}× (${r.iqr[0].toFixed(2)}–${r.iqr[1].toFixed(2)}) ${mark(r.ratio <= BUDGET.ratio)} | ${instr} | ` +
      `${r.startKb.toFixed(0)} KB ${mark(r.startKb <= BUDGET.startKb)} | ${r.lazyKb.toFixed(0)} KB | ${rss} | ${r.apiCalls} | ${r.outcome} |`,
  );
}
for (const line of scale) console.log(`\n${line}`);
