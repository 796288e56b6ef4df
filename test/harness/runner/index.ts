// Runner emulation: runs an action's pre → main → post entries in child processes on Node 24, set
// up the way GitHub's runner (actions/runner) sets up a `runs.using: node24` action, and reports
// what the runner would have recorded: outputs, exported env, state, PATH additions, job summary,
// annotations, masks, and each step's exit status.
//
// Behaviours copied from the runner's source (src/Runner.Worker, src/Runner.Common):
// - inputs: action.yml defaults applied here (not by @actions/core), `INPUT_<NAME>` with the name
//   upper-cased and spaces turned into `_` (hyphens kept); unexpected inputs warn.
// - per-step environment files under RUNNER_TEMP/_runner_file_commands, read after each step;
//   GITHUB_ENV exports and GITHUB_PATH additions reach later steps, GITHUB_STATE reaches later
//   entries of the same action as STATE_<name>.
// - workflow commands on stdout and stderr, stop-commands, masking of later lines.
// - pre-if / post-if (default always()), a condition without a status function means
//   `success() && …`; post runs only when main ran.
// - cancellation: SIGINT, then SIGTERM 7.5 s later, then SIGKILL 2.5 s after that.

import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { REGISTERED_COMMANDS, parseCommandLine } from './commands.ts';
import type { ParsedCommand } from './commands.ts';
import { evaluateCondition, evaluateTemplate } from './expressions.ts';
import type { ExpressionContext, JobStatus } from './expressions.ts';
import { parseKeyValueFile, parsePathFile } from './file-commands.ts';
import { RunnerSecretMasker } from './masker.ts';
import { node24, repoRoot } from './node24.ts';

export { parseCommandLine, escapeData, escapeProperty, REGISTERED_COMMANDS } from './commands.ts';
export type { ParsedCommand } from './commands.ts';
export { evaluateCondition, evaluateTemplate } from './expressions.ts';
export type { ExpressionContext, JobStatus } from './expressions.ts';
export { parseKeyValueFile, parsePathFile } from './file-commands.ts';
export { RunnerSecretMasker, uriDataEscape } from './masker.ts';
export { node24, repoRoot, binDir } from './node24.ts';

export type StepEntry = 'pre' | 'main' | 'post';

export interface RunContext {
  repository: string;
  sha: string;
  ref: string;
  runId: string;
  runNumber: string;
  runAttempt: string;
  job: string;
  workflow: string;
  eventName: string;
  actor: string;
  serverUrl: string;
  apiUrl: string;
}

export interface RunActionOptions {
  /** Folder name under actions/, e.g. 'deploy' (reads actions/<action>/action.yml). */
  action?: string;
  /** Or any folder holding an action.yml (fixtures). */
  actionDir?: string;
  /** By input name as written in action.yml (`with:`). */
  inputs?: Record<string, string>;
  /** The step's `env:` — applied last, so it can also point GITHUB_API_URL at an emulator. */
  env?: Record<string, string>;
  context?: Partial<RunContext>;
  /** `github.token` (what `${{ github.token }}` defaults evaluate to). Default: env.GITHUB_TOKEN, else ''. Masked from the start, as the runner does. */
  token?: string;
  /** Values the runner masks from the start (the `${{ secrets.* }}` a workflow references). */
  secrets?: string[];
  /** Written to GITHUB_EVENT_PATH. Default: a minimal push payload. */
  event?: object;
  /** GITHUB_WORKSPACE and cwd. Default: a temp dir, removed afterwards; a given one is kept. */
  workspace?: string;
  /** Cancel the job this long after main starts (SIGINT to main, then SIGTERM, SIGKILL); post then sees cancelled(). */
  cancelAfterMs?: number;
  /** Per-step time limit, like a step's timeout-minutes (the step is stopped like a cancellation and fails). Default 120 000. */
  timeoutMs?: number;
  /** Delays of the stop sequence after SIGINT. Default the runner's: SIGTERM after 7 500 ms, SIGKILL 2 500 ms later. */
  killGrace?: { sigtermAfterMs?: number; sigkillAfterMs?: number };
  /** Step debug logging (RUNNER_DEBUG=1, commands echoed, ::debug:: shown in `log`). */
  debug?: boolean;
  /** GITHUB_ACTION (the step id). Default '__self'. */
  stepId?: string;
  /** HOME for the steps. Default: a fresh temp dir, so tests never touch the real home. */
  home?: string;
  /** Keep the temp dirs (RUNNER_TEMP, default workspace, home) for inspection. */
  keepTemp?: boolean;
}

export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  /** As the action wrote it (unmasked). */
  message: string;
  /** As the runner would show it (masked). */
  maskedMessage: string;
  file?: string;
  line?: number;
  endLine?: number;
  col?: number;
  endColumn?: number;
  title?: string;
  step: StepEntry;
  /** 'runner' for the runner's own warnings and errors (unexpected inputs, deprecated commands, …). */
  source: 'action' | 'runner';
}

export interface TranscriptLine {
  step: StepEntry;
  stream: 'stdout' | 'stderr';
  /** The raw line. */
  line: string;
  /** The line masked with the masks known when it was printed (`::add-mask::***` for a mask registration). */
  masked: string;
  /** What the runner's log shows for it (null: nothing, e.g. a processed ::add-mask:: or ::debug:: without debug). */
  shown: string | null;
  /** Set when the runner processed the line as a command. */
  command?: ParsedCommand;
}

export interface StepResult {
  entry: StepEntry;
  /** The script that ran (absolute). */
  script: string;
  condition: string;
  skipped: boolean;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  conclusion: 'success' | 'failure' | 'cancelled' | 'skipped';
  cancelled: boolean;
  timedOut: boolean;
  durationMs: number;
  stdout: string;
  stderr: string;
  /** Outputs this step set (GITHUB_OUTPUT and ::set-output). */
  outputs: Record<string, string>;
  /** Variables this step exported through GITHUB_ENV. */
  env: Record<string, string>;
  /** State this step saved. */
  state: Record<string, string>;
  /** Directories this step added through GITHUB_PATH. */
  path: string[];
  summary: string;
  /** The step summary as the runner uploads it (masked with the masks known when the step ended). */
  maskedSummary: string;
  files: { output: string; env: string; state: string; summary: string; path: string };
  /** The environment the step's process received. */
  processEnv: Record<string, string>;
}

export interface RunResult {
  /** Exit code of main (null when main was skipped or ended by a signal). */
  exitCode: number | null;
  /** The job's status after the last step. */
  conclusion: JobStatus;
  cancelled: boolean;
  steps: StepResult[];
  /** Effective inputs (given values plus action.yml defaults). */
  inputs: Record<string, string>;
  /** Outputs of main. */
  outputs: Record<string, string>;
  /** Everything exported through GITHUB_ENV (and allowed ::set-env), all steps. */
  env: Record<string, string>;
  /** Intra-action state after all steps. */
  state: Record<string, string>;
  /** Each step's GITHUB_STEP_SUMMARY, concatenated (raw). */
  summary: string;
  /** The job summary as the runner uploads it (each step's masked when it ended). */
  maskedSummary: string;
  /** The directories prepended to PATH, highest priority first. */
  path: string[];
  annotations: Annotation[];
  /** Values registered with ::add-mask:: (in order, without duplicates). */
  masks: string[];
  debug: Array<{ step: StepEntry; message: string }>;
  groups: Array<{ step: StepEntry; name: string }>;
  /** Raw stdout / stderr of all steps. */
  stdout: string;
  stderr: string;
  /** stdout as the runner masks it (each line masked with the masks registered before it). */
  maskedStdout: string;
  maskedStderr: string;
  /** The step log as the runner would render it (both streams, masked, commands rendered). */
  log: string;
  transcript: TranscriptLine[];
  files: { output: string; env: string; state: string; summary: string; path: string };
  workspace: string;
  runnerTemp: string;
}

interface InputSpec {
  description?: string;
  required?: boolean;
  default?: unknown;
  deprecationMessage?: string;
}
interface ActionYml {
  name?: string;
  inputs?: Record<string, InputSpec | null>;
  runs?: { using?: string; main?: string; pre?: string; post?: string; 'pre-if'?: string; 'post-if'?: string };
}

const DEFAULT_CONTEXT: RunContext = {
  repository: 'octo-org/octo-repo',
  sha: 'ffac537e6cbbf934b08745a378932722df287a53',
  ref: 'refs/heads/main',
  runId: '1658821493',
  runNumber: '42',
  runAttempt: '1',
  job: 'test',
  workflow: 'CI',
  eventName: 'push',
  actor: 'octocat',
  serverUrl: 'https://github.com',
  apiUrl: 'https://api.github.com',
};

const PASSED_THROUGH_ENV = [
  'PATH',
  'LANG',
  'LANGUAGE',
  'LC_ALL',
  'LC_CTYPE',
  'TZ',
  'USER',
  'LOGNAME',
  'SHELL',
  'TMPDIR',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'http_proxy',
  'https_proxy',
  'no_proxy',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
];

const DEPRECATED_COMMAND =
  'The `%s` command is deprecated and will be disabled soon. Please upgrade to using Environment Files. For more information see: https://github.blog/changelog/2022-10-11-github-actions-deprecating-save-state-and-set-output-commands/';
const DISABLED_COMMAND =
  'The `%s` command is disabled. Please upgrade to using Environment Files or opt into unsecure command execution by setting the `ACTIONS_ALLOW_UNSECURE_COMMANDS` environment variable to `true`. For more information see: https://github.blog/changelog/2020-10-01-github-actions-deprecating-set-env-and-add-path-commands/';
const OMIT_ECHO = new Set(['add-mask', 'debug', 'warning', 'error', 'notice']);
const SUMMARY_LIMIT = 1024 * 1024;

/** Loads actions/<name>/action.yml or <dir>/action.yml. */
export function loadActionYml(dir: string): ActionYml {
  const file = ['action.yml', 'action.yaml'].map((f) => join(dir, f)).find((f) => existsSync(f));
  if (!file) throw new Error(`No action.yml in ${dir}`);
  const yml = parseYaml(readFileSync(file, 'utf8')) as ActionYml;
  if (!yml || typeof yml !== 'object' || !yml.runs) throw new Error(`${file} has no runs: section`);
  return yml;
}

/** `INPUT_<NAME>` as the runner builds it: spaces → '_', upper-cased, hyphens kept. */
export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

function defaultToString(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new Error(`Unsupported input default ${JSON.stringify(v)} (expected a scalar)`);
}

function toInt(v: string | undefined): number | undefined {
  return v !== undefined && /^\d+$/.test(v.trim()) ? Number(v.trim()) : undefined;
}

function fmt(template: string, arg: string): string {
  return template.replace('%s', arg);
}

/** Splits a stream into lines the way the runner's reader does (LF, CRLF or a lone CR). */
class LineSplitter {
  #buf = '';
  readonly #onLine: (line: string) => void;
  constructor(onLine: (line: string) => void) {
    this.#onLine = onLine;
  }
  push(chunk: string): void {
    this.#buf += chunk;
    for (;;) {
      const m = /\r\n|\r|\n/.exec(this.#buf);
      if (!m) return;
      // A CR at the very end may be the first half of CRLF: wait for more.
      if (m[0] === '\r' && m.index === this.#buf.length - 1) return;
      const line = this.#buf.slice(0, m.index);
      this.#buf = this.#buf.slice(m.index + m[0].length);
      this.#onLine(line);
    }
  }
  end(): void {
    let rest = this.#buf;
    this.#buf = '';
    if (rest.endsWith('\r')) rest = rest.slice(0, -1);
    if (rest !== '') this.#onLine(rest);
  }
}

interface JobState {
  masker: RunnerSecretMasker;
  masks: string[];
  registered: Set<string>;
  stopToken: string | undefined;
  annotations: Annotation[];
  debug: Array<{ step: StepEntry; message: string }>;
  groups: Array<{ step: StepEntry; name: string }>;
  transcript: TranscriptLine[];
  exported: Record<string, string>;
  prependPath: string[];
  state: Record<string, string>;
  workspace: string;
  debugEnabled: boolean;
  pids: number[];
}

interface StepRunState {
  entry: StepEntry;
  echo: boolean;
  commandFailed: boolean;
  outputs: Record<string, string>;
  allowUnsecure: boolean;
}

function annotate(job: JobState, a: Omit<Annotation, 'maskedMessage'>): void {
  job.annotations.push({ ...a, maskedMessage: job.masker.mask(a.message) });
}

function runnerError(job: JobState, step: StepEntry, message: string): void {
  annotate(job, { level: 'error', message, step, source: 'runner' });
}

function processLine(job: JobState, step: StepRunState, stream: 'stdout' | 'stderr', line: string): void {
  const masker = job.masker;
  const cmd = parseCommandLine(line, job.registered);
  const plain = (): void => {
    const m = masker.mask(line);
    job.transcript.push({ step: step.entry, stream, line, masked: m, shown: m });
  };
  if (!cmd) return plain();

  if (job.stopToken !== undefined) {
    if (cmd.name === job.stopToken.toLowerCase()) {
      job.registered.delete(cmd.name);
      job.stopToken = undefined;
      const m = masker.mask(line);
      job.transcript.push({ step: step.entry, stream, line, masked: m, shown: m, command: cmd });
      return;
    }
    return plain();
  }

  const entry: TranscriptLine = { step: step.entry, stream, line, masked: '', shown: null, command: cmd };
  job.transcript.push(entry);
  if (cmd.name === 'add-mask') {
    entry.masked = '::add-mask::***';
  } else {
    entry.masked = masker.mask(line);
  }
  const echo = step.echo && !OMIT_ECHO.has(cmd.name) ? masker.mask(line) : null;
  entry.shown = echo;

  const fail = (message: string): void => {
    runnerError(job, step.entry, `Unable to process command '${OMIT_ECHO.has(cmd.name) ? cmd.name : masker.mask(line)}' successfully.`);
    runnerError(job, step.entry, message);
    step.commandFailed = true;
  };

  switch (cmd.name) {
    case 'stop-commands':
      entry.shown = masker.mask(line);
      job.stopToken = cmd.data;
      job.registered.add(cmd.data.toLowerCase());
      return;
    case 'add-mask':
      if (!masker.addMask(cmd.data)) {
        annotate(job, { level: 'warning', message: "Can't add secret mask for empty string in ##[add-mask] command.", step: step.entry, source: 'runner' });
      } else {
        if (!job.masks.includes(cmd.data)) job.masks.push(cmd.data);
        if (step.echo) entry.shown = '::add-mask::***';
      }
      return;
    case 'set-output':
    case 'save-state': {
      annotate(job, { level: 'warning', message: fmt(DEPRECATED_COMMAND, cmd.name), step: step.entry, source: 'runner' });
      const name = cmd.properties['name'];
      if (!name) return fail(`Required field 'name' is missing in ##[${cmd.name}] command.`);
      if (cmd.name === 'set-output') step.outputs[name] = cmd.data;
      else job.state[name] = cmd.data;
      return;
    }
    case 'set-env': {
      if (!step.allowUnsecure) return fail(fmt(DISABLED_COMMAND, 'set-env'));
      const name = cmd.properties['name'];
      if (!name) return fail("Required field 'name' is missing in ##[set-env] command.");
      if (name.toUpperCase() === 'NODE_OPTIONS') {
        runnerError(job, step.entry, "Can't update NODE_OPTIONS environment variable using ::set-env:: command.");
        return;
      }
      job.exported[name] = cmd.data;
      return;
    }
    case 'add-path': {
      if (!step.allowUnsecure) return fail(fmt(DISABLED_COMMAND, 'add-path'));
      if (!cmd.data) return fail("Required field 'path' is missing in ##[add-path] command.");
      addPrependPath(job, cmd.data);
      return;
    }
    case 'debug':
      job.debug.push({ step: step.entry, message: cmd.data });
      entry.shown = job.debugEnabled ? `##[debug]${masker.mask(cmd.data)}` : null;
      return;
    case 'error':
    case 'warning':
    case 'notice': {
      const p = cmd.properties;
      let file = p['file'];
      if (file !== undefined && isAbsolute(file)) {
        const rel = relative(job.workspace, file);
        if (rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)) file = rel.split(sep).join('/');
      }
      const a: Omit<Annotation, 'maskedMessage'> = { level: cmd.name, message: cmd.data, step: step.entry, source: 'action' };
      if (file !== undefined) a.file = file;
      const line = toInt(p['line']);
      if (line !== undefined) a.line = line;
      const endLine = toInt(p['endline']);
      if (endLine !== undefined) a.endLine = endLine;
      const col = toInt(p['col']);
      if (col !== undefined) a.col = col;
      const endColumn = toInt(p['endcolumn']);
      if (endColumn !== undefined) a.endColumn = endColumn;
      if (p['title'] !== undefined) a.title = p['title'];
      annotate(job, a);
      entry.shown = `##[${cmd.name}]${masker.mask(cmd.data)}`;
      return;
    }
    case 'group':
      job.groups.push({ step: step.entry, name: cmd.data });
      entry.shown = `##[group]${masker.mask(cmd.data)}`;
      return;
    case 'endgroup':
      entry.shown = '##[endgroup]';
      return;
    case 'echo': {
      const v = cmd.data.trim().toUpperCase();
      if (v === 'ON') step.echo = true;
      else if (v === 'OFF') step.echo = false;
      else fail(`Invalid echo command value. Possible values can be: 'on', 'off'. Current value is: '${cmd.data}'.`);
      return;
    }
    default:
      // add-matcher / remove-matcher: accepted, problem matchers are not emulated.
      return;
  }
}

function addPrependPath(job: JobState, dir: string): void {
  job.prependPath = job.prependPath.filter((p) => p !== dir);
  job.prependPath.push(dir);
}

interface SpawnOutcome {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  cancelled: boolean;
  timedOut: boolean;
  durationMs: number;
}

function spawnStep(
  job: JobState,
  step: StepRunState,
  script: string,
  env: Record<string, string>,
  cwd: string,
  limits: { cancelAfterMs?: number; timeoutMs: number; sigtermAfterMs: number; sigkillAfterMs: number },
): Promise<SpawnOutcome> {
  return new Promise((resolvePromise, reject) => {
    const started = Date.now();
    const child = spawn(node24(), [script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    if (child.pid !== undefined) job.pids.push(child.pid);
    let stdout = '';
    let stderr = '';
    let cancelled = false;
    let timedOut = false;
    let exited = false;
    let exitCode: number | null = null;
    let signal: NodeJS.Signals | null = null;
    const timers: NodeJS.Timeout[] = [];
    const outLines = new LineSplitter((l) => processLine(job, step, 'stdout', l));
    const errLines = new LineSplitter((l) => processLine(job, step, 'stderr', l));
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      stdout += d;
      outLines.push(d);
    });
    child.stderr.on('data', (d: string) => {
      stderr += d;
      errLines.push(d);
    });

    const stop = (): void => {
      if (exited) return;
      child.kill('SIGINT');
      timers.push(
        setTimeout(() => {
          if (exited) return;
          child.kill('SIGTERM');
          timers.push(
            setTimeout(() => {
              if (exited || child.pid === undefined) return;
              try {
                process.kill(-child.pid, 'SIGKILL');
              } catch {
                child.kill('SIGKILL');
              }
            }, limits.sigkillAfterMs),
          );
        }, limits.sigtermAfterMs),
      );
    };
    if (limits.cancelAfterMs !== undefined) {
      timers.push(
        setTimeout(() => {
          if (exited) return;
          cancelled = true;
          stop();
        }, limits.cancelAfterMs),
      );
    }
    timers.push(
      setTimeout(() => {
        if (exited || cancelled) return;
        timedOut = true;
        stop();
      }, limits.timeoutMs),
    );

    let settled = false;
    const finish = (): void => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      outLines.end();
      errLines.end();
      resolvePromise({ exitCode, signal, stdout, stderr, cancelled, timedOut, durationMs: Date.now() - started });
    };
    child.on('error', (e) => {
      for (const t of timers) clearTimeout(t);
      reject(e);
    });
    child.on('exit', (code, sig) => {
      exited = true;
      exitCode = code;
      signal = sig;
      // A grandchild may hold the pipes open; the step is over when its process is.
      timers.push(
        setTimeout(() => {
          child.stdout.destroy();
          child.stderr.destroy();
          finish();
        }, 1000),
      );
    });
    child.on('close', () => {
      if (exited) finish();
    });
  });
}

function readIfExists(file: string): string {
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

/** Runs an action like the runner: pre → main → post in child processes on Node 24. */
export async function runAction(opts: RunActionOptions): Promise<RunResult> {
  if (!opts.action === !opts.actionDir) throw new Error('runAction: give exactly one of action and actionDir');
  const actionDir = opts.actionDir ? resolve(opts.actionDir) : join(repoRoot, 'actions', opts.action!);
  const yml = loadActionYml(actionDir);
  const runs = yml.runs!;
  if (!runs.using || !/^node\d+$/.test(runs.using)) {
    throw new Error(`${actionDir}/action.yml: runs.using '${runs.using}' is not a JavaScript action (the emulation runs node actions only)`);
  }
  if (!runs.main) throw new Error(`${actionDir}/action.yml: runs.main is missing`);
  for (const e of ['main', 'pre', 'post'] as const) {
    const rel = runs[e];
    if (rel !== undefined && !existsSync(join(actionDir, rel))) {
      throw new Error(`${actionDir}/action.yml: runs.${e} '${rel}' does not exist (${join(actionDir, rel)}); build the bundles first`);
    }
  }

  const root = mkdtempSync(join(tmpdir(), 'gha-runner-'));
  const runnerTemp = join(root, '_temp');
  const fileCommandDir = join(runnerTemp, '_runner_file_commands');
  const toolCache = join(root, '_tool');
  const workspace = opts.workspace ? resolve(opts.workspace) : join(root, 'workspace');
  const home = opts.home ?? join(root, 'home');
  for (const d of [runnerTemp, fileCommandDir, toolCache, workspace, home, join(runnerTemp, '_github_workflow')]) mkdirSync(d, { recursive: true });
  const pids: number[] = [];
  try {

    const c: RunContext = { ...DEFAULT_CONTEXT, ...opts.context };
    const token = opts.token ?? opts.env?.['GITHUB_TOKEN'] ?? '';
    const owner = c.repository.split('/')[0] ?? '';
    const refName = c.ref.replace(/^refs\/(heads|tags)\//, '').replace(/^refs\/pull\/(\d+)\/merge$/, '$1/merge');
    const graphqlUrl = /\/api\/v3\/?$/.test(c.apiUrl) ? c.apiUrl.replace(/\/api\/v3\/?$/, '/api/graphql') : `${c.apiUrl.replace(/\/$/, '')}/graphql`;
    const eventPath = join(runnerTemp, '_github_workflow', 'event.json');
    const event = opts.event ?? {
      ref: c.ref,
      after: c.sha,
      repository: { full_name: c.repository, name: c.repository.split('/')[1] ?? '', owner: { login: owner } },
      sender: { login: c.actor },
    };
    writeFileSync(eventPath, JSON.stringify(event, null, 2));

    const githubCtx: Record<string, string> = {
      token,
      sha: c.sha,
      ref: c.ref,
      ref_name: refName,
      repository: c.repository,
      repository_owner: owner,
      workspace,
      server_url: c.serverUrl,
      api_url: c.apiUrl,
      graphql_url: graphqlUrl,
      run_id: c.runId,
      run_number: c.runNumber,
      run_attempt: c.runAttempt,
      actor: c.actor,
      event_name: c.eventName,
      job: c.job,
      workflow: c.workflow,
      action_path: actionDir,
    };
    const runnerCtx: Record<string, string> = {
      os: 'Linux',
      arch: 'X64',
      name: 'GitHub Actions 1',
      temp: runnerTemp,
      tool_cache: toolCache,
      environment: 'github-hosted',
      debug: opts.debug ? '1' : '',
    };

    const job: JobState = {
      masker: new RunnerSecretMasker(),
      masks: [],
      registered: new Set(REGISTERED_COMMANDS),
      stopToken: undefined,
      annotations: [],
      debug: [],
      groups: [],
      transcript: [],
      exported: {},
      prependPath: [],
      state: {},
      workspace,
      debugEnabled: opts.debug === true,
      pids,
    };
    if (token) job.masker.addValue(token);
    for (const s of opts.secrets ?? []) job.masker.addMask(s);

    // Inputs: `with:` values, then action.yml defaults for the rest (case-insensitive names, as the runner).
    const declared = yml.inputs ?? {};
    const given = opts.inputs ?? {};
    const inputs: Record<string, string> = { ...given };
    const givenLower = new Set(Object.keys(given).map((k) => k.toLowerCase()));
    for (const [name, spec] of Object.entries(declared)) {
      if (givenLower.has(name.toLowerCase())) continue;
      inputs[name] = evaluateTemplate(defaultToString(spec?.default), { github: githubCtx, runner: runnerCtx });
    }
    const declaredLower = new Map(Object.keys(declared).map((k) => [k.toLowerCase(), k]));
    const unexpected = Object.keys(given).filter((k) => !declaredLower.has(k.toLowerCase()));
    const inputWarnings: string[] = [];
    if (unexpected.length > 0) {
      inputWarnings.push(`Unexpected input(s) '${unexpected.join("', '")}', valid inputs are ['${Object.keys(declared).join("', '")}']`);
    }
    for (const k of Object.keys(given)) {
      const spec = declared[declaredLower.get(k.toLowerCase()) ?? ''];
      if (spec?.deprecationMessage) inputWarnings.push(`Input '${k}' has been deprecated with message: ${spec.deprecationMessage}`);
    }

    const base: Record<string, string> = {};
    for (const k of PASSED_THROUGH_ENV) {
      const v = process.env[k];
      if (v !== undefined) base[k] = v;
    }

    const contextEnv = (files: Record<string, string>): Record<string, string> => ({
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_ACTION: opts.stepId ?? '__self',
      GITHUB_ACTION_PATH: actionDir,
      GITHUB_ACTOR: c.actor,
      GITHUB_TRIGGERING_ACTOR: c.actor,
      GITHUB_API_URL: c.apiUrl,
      GITHUB_GRAPHQL_URL: graphqlUrl,
      GITHUB_SERVER_URL: c.serverUrl,
      GITHUB_EVENT_NAME: c.eventName,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_JOB: c.job,
      GITHUB_REF: c.ref,
      GITHUB_REF_NAME: refName,
      GITHUB_REF_TYPE: c.ref.startsWith('refs/tags/') ? 'tag' : 'branch',
      GITHUB_REF_PROTECTED: 'false',
      GITHUB_REPOSITORY: c.repository,
      GITHUB_REPOSITORY_OWNER: owner,
      GITHUB_RETENTION_DAYS: '90',
      GITHUB_RUN_ID: c.runId,
      GITHUB_RUN_NUMBER: c.runNumber,
      GITHUB_RUN_ATTEMPT: c.runAttempt,
      GITHUB_SHA: c.sha,
      GITHUB_WORKFLOW: c.workflow,
      GITHUB_WORKFLOW_REF: `${c.repository}/.github/workflows/ci.yml@${c.ref}`,
      GITHUB_WORKFLOW_SHA: c.sha,
      GITHUB_WORKSPACE: workspace,
      RUNNER_ARCH: 'X64',
      RUNNER_ENVIRONMENT: 'github-hosted',
      RUNNER_NAME: 'GitHub Actions 1',
      RUNNER_OS: 'Linux',
      RUNNER_TEMP: runnerTemp,
      RUNNER_TOOL_CACHE: toolCache,
      RUNNER_WORKSPACE: resolve(workspace, '..'),
      ImageOS: 'ubuntu24',
      ...(opts.debug ? { RUNNER_DEBUG: '1' } : {}),
      ...files,
    });

    const sigtermAfterMs = opts.killGrace?.sigtermAfterMs ?? 7500;
    const sigkillAfterMs = opts.killGrace?.sigkillAfterMs ?? 2500;
    const timeoutMs = opts.timeoutMs ?? 120_000;

    const exprContext = (status: JobStatus): ExpressionContext => ({
      github: githubCtx,
      runner: runnerCtx,
      env: { ...job.exported, ...opts.env },
      jobStatus: status,
    });

    const steps: StepResult[] = [];
    let jobStatus: JobStatus = 'success';
    let cancelledJob = false;

    const skipped = (entry: StepEntry, script: string, condition: string): StepResult => ({
      entry,
      script,
      condition,
      skipped: true,
      exitCode: null,
      signal: null,
      conclusion: 'skipped',
      cancelled: false,
      timedOut: false,
      durationMs: 0,
      stdout: '',
      stderr: '',
      outputs: {},
      env: {},
      state: {},
      path: [],
      summary: '',
      maskedSummary: '',
      files: { output: '', env: '', state: '', summary: '', path: '' },
      processEnv: {},
    });

    const runStep = async (entry: StepEntry, script: string, condition: string, cancelAfterMs?: number): Promise<StepResult> => {
      const id = randomUUID();
      const files = {
        GITHUB_OUTPUT: join(fileCommandDir, `set_output_${id}`),
        GITHUB_ENV: join(fileCommandDir, `set_env_${id}`),
        GITHUB_STATE: join(fileCommandDir, `save_state_${id}`),
        GITHUB_STEP_SUMMARY: join(fileCommandDir, `step_summary_${id}`),
        GITHUB_PATH: join(fileCommandDir, `add_path_${id}`),
      };
      for (const f of Object.values(files)) writeFileSync(f, '');

      const inputEnv: Record<string, string> = {};
      for (const [k, v] of Object.entries(inputs)) inputEnv[inputEnvName(k)] = v;
      const stateEnv: Record<string, string> = {};
      for (const [k, v] of Object.entries(job.state)) stateEnv[`STATE_${k}`] = v;
      const env: Record<string, string> = {
        ...base,
        HOME: home,
        ...job.exported,
        ...contextEnv(files),
        ...opts.env,
        ...inputEnv,
        ...stateEnv,
      };
      const basePath = opts.env?.['PATH'] ?? job.exported['PATH'] ?? base['PATH'] ?? '/usr/local/bin:/usr/bin:/bin';
      env['PATH'] = [...[...job.prependPath].reverse(), basePath].join(':');

      const step: StepRunState = {
        entry,
        echo: job.debugEnabled,
        commandFailed: false,
        outputs: {},
        allowUnsecure: env['ACTIONS_ALLOW_UNSECURE_COMMANDS'] === 'true',
      };
      if (entry === 'main') for (const w of inputWarnings) annotate(job, { level: 'warning', message: w, step: entry, source: 'runner' });

      const stateBefore = { ...job.state };
      const limits: { cancelAfterMs?: number; timeoutMs: number; sigtermAfterMs: number; sigkillAfterMs: number } = { timeoutMs, sigtermAfterMs, sigkillAfterMs };
      if (cancelAfterMs !== undefined) limits.cancelAfterMs = cancelAfterMs;
      const out = await spawnStep(job, step, script, env, workspace, limits);

      // Environment files, read after the process ends.
      const raw = {
        output: readIfExists(files.GITHUB_OUTPUT),
        env: readIfExists(files.GITHUB_ENV),
        state: readIfExists(files.GITHUB_STATE),
        summary: readIfExists(files.GITHUB_STEP_SUMMARY),
        path: readIfExists(files.GITHUB_PATH),
      };
      const fileError = (kind: string, message: string): void => {
        runnerError(job, entry, `Unable to process file command '${kind}' successfully.`);
        runnerError(job, entry, message);
        step.commandFailed = true;
      };
      const added = parsePathFile(raw.path);
      for (const d of added) addPrependPath(job, d);
      const exportedByStep: Record<string, string> = {};
      const envParse = parseKeyValueFile(raw.env);
      for (const [k, v] of envParse.entries) {
        if (k === 'NODE_OPTIONS') {
          runnerError(job, entry, "Can't store NODE_OPTIONS output parameter using '$GITHUB_ENV' command.");
          continue;
        }
        exportedByStep[k] = v;
        job.exported[k] = v;
      }
      if (envParse.error) fileError('env', envParse.error);
      let summary = raw.summary;
      if (Buffer.byteLength(summary) > SUMMARY_LIMIT) {
        runnerError(
          job,
          entry,
          `$GITHUB_STEP_SUMMARY upload aborted, supports content up to a size of 1024k, got ${Math.ceil(statSync(files.GITHUB_STEP_SUMMARY).size / 1024)}k. For more information see: https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions#adding-a-markdown-summary`,
        );
        summary = '';
      }
      const stateParse = parseKeyValueFile(raw.state);
      for (const [k, v] of stateParse.entries) job.state[k] = v;
      if (stateParse.error) fileError('state', stateParse.error);
      const outParse = parseKeyValueFile(raw.output);
      for (const [k, v] of outParse.entries) step.outputs[k] = v;
      if (outParse.error) fileError('output', outParse.error);

      const savedByStep: Record<string, string> = {};
      for (const [k, v] of Object.entries(job.state)) if (stateBefore[k] !== v) savedByStep[k] = v;

      const conclusion: StepResult['conclusion'] = out.cancelled
        ? 'cancelled'
        : out.exitCode !== 0 || out.timedOut || step.commandFailed
          ? 'failure'
          : 'success';
      if (out.timedOut) runnerError(job, entry, `The action '${entry}' has timed out after ${timeoutMs} ms.`);
      return {
        entry,
        script,
        condition,
        skipped: false,
        exitCode: out.exitCode,
        signal: out.signal,
        conclusion,
        cancelled: out.cancelled,
        timedOut: out.timedOut,
        durationMs: out.durationMs,
        stdout: out.stdout,
        stderr: out.stderr,
        outputs: step.outputs,
        env: exportedByStep,
        state: savedByStep,
        path: added,
        summary,
        maskedSummary: job.masker.mask(summary),
        files: raw,
        processEnv: env,
      };
    };

      // pre
      if (runs.pre) {
        const script = join(actionDir, runs.pre);
        const cond = runs['pre-if'] ?? 'always()';
        if (evaluateCondition(cond, exprContext(jobStatus))) {
          const r = await runStep('pre', script, cond);
          steps.push(r);
          if (r.conclusion === 'failure') jobStatus = 'failure';
        } else steps.push(skipped('pre', script, cond));
      }
      // main (the step's own `if:` is the default success())
      const mainScript = join(actionDir, runs.main);
      let mainRan = false;
      if (evaluateCondition('success()', exprContext(jobStatus))) {
        mainRan = true;
        const r = await runStep('main', mainScript, 'success()', opts.cancelAfterMs);
        steps.push(r);
        if (r.cancelled) {
          cancelledJob = true;
          jobStatus = 'cancelled';
        } else if (r.conclusion === 'failure') jobStatus = 'failure';
      } else steps.push(skipped('main', mainScript, 'success()'));
      // post: registered only when main ran
      if (runs.post) {
        const script = join(actionDir, runs.post);
        const cond = runs['post-if'] ?? 'always()';
        if (mainRan && evaluateCondition(cond, exprContext(jobStatus))) {
          const r = await runStep('post', script, cond);
          steps.push(r);
          if (r.conclusion === 'failure' && jobStatus === 'success') jobStatus = 'failure';
        } else steps.push(skipped('post', script, cond));
      }
    const main = steps.find((s) => s.entry === 'main');
    const ran = steps.filter((s) => !s.skipped);
    const summary = ran.map((s) => s.summary).join('');
    const transcript = job.transcript;
    const view = (stream: 'stdout' | 'stderr'): string =>
      transcript
        .filter((t) => t.stream === stream)
        .map((t) => `${t.masked}\n`)
        .join('');
    return {
      exitCode: main && !main.skipped ? main.exitCode : null,
      conclusion: jobStatus,
      cancelled: cancelledJob,
      steps,
      inputs,
      outputs: main?.outputs ?? {},
      env: { ...job.exported },
      state: { ...job.state },
      summary,
      maskedSummary: ran.map((s) => s.maskedSummary).join(''),
      path: [...job.prependPath].reverse(),
      annotations: job.annotations,
      masks: job.masks,
      debug: job.debug,
      groups: job.groups,
      stdout: ran.map((s) => s.stdout).join(''),
      stderr: ran.map((s) => s.stderr).join(''),
      maskedStdout: view('stdout'),
      maskedStderr: view('stderr'),
      log: transcript
        .filter((t) => t.shown !== null)
        .map((t) => `${t.shown}\n`)
        .join(''),
      transcript,
      files: {
        output: ran.map((s) => s.files.output).join(''),
        env: ran.map((s) => s.files.env).join(''),
        state: ran.map((s) => s.files.state).join(''),
        summary: ran.map((s) => s.files.summary).join(''),
        path: ran.map((s) => s.files.path).join(''),
      },
      workspace,
      runnerTemp,
    };
  } finally {
    // "Cleaning up orphan processes": whatever the steps left running in their process groups.
    for (const pid of pids) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    if (!opts.keepTemp) {
      rmSync(runnerTemp, { recursive: true, force: true });
      rmSync(toolCache, { recursive: true, force: true });
      if (!opts.home) rmSync(home, { recursive: true, force: true });
      if (!opts.workspace) rmSync(workspace, { recursive: true, force: true });
      rmSync(root, { recursive: true, force: true });
    }
  }
}
