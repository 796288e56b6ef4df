// The deploy scene: the sample web app (examples/webapp) built twice — v1 works, v2 is broken —
// and shipped through dev → staging → production with the deploy action, as a job would run it.
// v2 fails its health gate in dev and is rolled back, its promotion to staging is refused, and a
// re-run of the production deploy is skipped. Every instance started is stopped at the end.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAction, type RunActionOptions } from '../../test/harness/runner/index.ts';
import { root } from '../lib/actions.ts';
import type { DemoContext } from './context.ts';
import { heading, printStep } from './print.ts';

const WEBAPP = join(root, 'examples', 'webapp');
const ENVIRONMENTS = ['dev', 'staging', 'production'] as const;

/** Runs the scene; returns the execution records of its deploy runs (the `record` output), for report-metrics. */
export async function deployScene(ctx: DemoContext): Promise<string[]> {
  heading('deploy: dev → staging → production, a broken build rolled back, a re-run skipped');
  const home = mkdtempSync(join(tmpdir(), 'demo-webapp-'));
  try {
    const v1 = build(home, 'v1', undefined);
    const v2 = build(home, 'v2', 'cannot reach the database');
    // Both are commits of main, the branch the demo's workflow runs on: deploy rolls back only to those.
    ctx.github.seed.commits(ctx.repository, 'main', [v1, v2]);
    const ports = Object.fromEntries(await Promise.all(ENVIRONMENTS.map(async (e) => [e, await freePort()] as const))) as Record<(typeof ENVIRONMENTS)[number], number>;
    console.log(`  built v1 = ${v1.slice(0, 7)} (works) and v2 = ${v2.slice(0, 7)} (its /healthz answers 503) under ${home}`);

    let runId = 7000;
    const records: string[] = [];
    const deploy = async (environment: (typeof ENVIRONMENTS)[number], sha: string, extra: Record<string, string> = {}, run: Partial<RunActionOptions['context']> = {}) => {
      const r = await runAction({
        action: 'deploy',
        inputs: {
          environment,
          ref: sha,
          run: '"$WEBAPP_SRC/deploy.sh"',
          'health-url': `http://127.0.0.1:${ports[environment]}/healthz`,
          'health-json': `version=${sha}`,
          'health-passes': '2',
          'health-interval': '200ms',
          'health-timeout': '3s',
          ...extra,
        },
        token: ctx.token,
        env: { ...ctx.env, WEBAPP_SRC: WEBAPP, WEBAPP_HOME: home, WEBAPP_PORT: String(ports[environment]), WEBAPP_NODE: process.execPath },
        context: { ...ctx.context, sha, runId: String(++runId), ...run },
      });
      if (r.outputs.record) records.push(r.outputs.record);
      return r;
    };

    printStep(`dev ← v1`, await deploy('dev', v1));
    printStep(`staging ← v1, promoted from dev`, await deploy('staging', v1, { 'promote-from': 'dev' }));
    const prodInputs = { 'promote-from': 'staging', production: 'true', 'environment-url': `http://127.0.0.1:${ports.production}/` };
    const prodRun = String(runId + 1);
    printStep(`production ← v1, promoted from staging`, await deploy('production', v1, prodInputs, { runId: prodRun }));
    printStep(`dev ← v2 (broken): the health gate fails, dev is rolled back to v1`, await deploy('dev', v2));
    printStep(`staging ← v2, promoted from dev: refused, v2 is not live in dev`, await deploy('staging', v2, { 'promote-from': 'dev' }));
    printStep(`production ← v1 again (workflow re-run, attempt 2): skipped`, await deploy('production', v1, prodInputs, { runId: prodRun, runAttempt: '2' }));

    heading('Deployment records GitHub now holds');
    const repo = (ctx.github.state()['repos'] as { fullName: string; deployments: { id: number; sha: string; environment: string; statuses: { state: string }[] }[] }[]).find(
      (r) => r.fullName === ctx.repository,
    );
    for (const environment of ENVIRONMENTS) {
      const rows = (repo?.deployments ?? []).filter((d) => d.environment === environment);
      console.log(`  ${environment.padEnd(10)} ${rows.map((d) => `#${d.id} ${d.sha === v1 ? 'v1' : 'v2'} [${d.statuses.map((s) => s.state).join(' → ')}]`).join('   ')}`);
    }
    for (const environment of ENVIRONMENTS) console.log(`  ${environment.padEnd(10)} serves ${await version(ports[environment])}`);
    return records;
  } finally {
    stopAll(home);
    rmSync(home, { recursive: true, force: true });
  }
}

/** What CI would have built for a commit: the app and its build.json, under builds/<sha>/. */
function build(home: string, version: string, broken: string | undefined): string {
  const sha = createHash('sha1').update(`webapp ${version}`).digest('hex');
  const dir = join(home, 'builds', sha);
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(WEBAPP, 'server.mjs'), join(dir, 'server.mjs'));
  writeFileSync(join(dir, 'build.json'), JSON.stringify({ version: sha, ...(broken ? { broken } : {}) }));
  return sha;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function version(port: number): Promise<string> {
  try {
    const body = (await (await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2000) })).json()) as { version?: string; status?: string };
    return `${body.version?.slice(0, 7) ?? '?'} (${body.status ?? '?'})`;
  } catch {
    return 'nothing';
  }
}

/** Stops every instance deploy.sh started (their pid files under live/). */
function stopAll(home: string): void {
  const live = join(home, 'live');
  if (!existsSync(live)) return;
  for (const environment of readdirSync(live)) {
    const pidFile = join(live, environment, 'server.pid');
    if (!existsSync(pidFile)) continue;
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    try {
      if (pid > 0) process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}
