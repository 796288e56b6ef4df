import { readFileSync, rmSync } from 'node:fs';
import { ExecError, messageOf } from '../../../../shared/errors.ts';
import { RetryError, withRetry, type Verdict } from '../../../../shared/retry.ts';
import { ansibleChanges, ansibleChangeSet, ansibleDiagnostics, mergeRetry, parseAnsible, taskAddress, type AnsibleChangeSet, type TaskResult } from '../ansible-result.ts';
import { canonicalJson } from '../digest.ts';
import { ProvisionFailure } from '../failure.ts';
import type { Change } from '../summary.ts';
import { cancelled, runTool } from '../tool-process.ts';
import { resolveBinary } from './terraform.ts';
import type { ApplyResult, PlanMode, ToolContext, ToolPlan, ToolRunner } from './types.ts';

/**
 * Ansible for real: `plan` is `--check --diff`, `apply` the run itself, both with the JSON stdout
 * callback written to a 0600 file (never the log: diffs show file contents). Variables reach it as
 * `-e @file` (a 0600 JSON file), the SSH key and the vault password as 0600 files, known_hosts as a
 * file ssh is told to check against — nothing secret in argv.
 *
 * - Exit 2 (a task failed) is never retried: the run may have changed things, and the same task
 *   would fail again. Exit 4 with hosts unreachable (the JSON says so) is retried on those hosts
 *   only, with `--limit`; exit 4 without JSON is a parse error and fails at once.
 * - apply from a reviewed plan file first runs the check again and refuses when the (host, task)
 *   set differs from the reviewed one; after the run it checks that nothing changed that the
 *   reviewed check run did not predict (as a change, or as "unknown" in check mode).
 */

export function openTool(t: ToolContext): ToolRunner {
  return new Ansible(t);
}

interface Run {
  rc: number;
  results: TaskResult[];
  unreachable: string[];
  failed: string[];
  attempts: number;
}

class Unreachable extends Error {
  readonly run: Run;
  constructor(run: Run) {
    super(`${run.unreachable.length} host(s) unreachable: ${run.unreachable.join(', ')}`);
    this.run = run;
  }
}

interface Reviewed {
  v: 1;
  changeSet: AnsibleChangeSet;
  changes: Change[];
}

class Ansible implements ToolRunner {
  readonly tool = 'ansible' as const;
  readonly #t: ToolContext;
  #bin = '';
  #version = '';
  #args: string[] = [];
  #env: Record<string, string> = {};
  #runs = 0;

  constructor(t: ToolContext) {
    this.#t = t;
  }

  version(): string {
    return this.#version;
  }

  async prepare(): Promise<void> {
    const { ctx, settings, files } = this.#t;
    this.#bin = resolveBinary('ansible-playbook', (line) => ctx.log.info(line));
    const v = await runTool(this.#t, this.#bin, ['--version'], { label: 'ansible-playbook --version', onStdout: () => undefined });
    this.#version = /\[core ([^\]]+)\]/.exec(v.stdout)?.[1] ?? /ansible-playbook (\S+)/.exec(v.stdout)?.[1] ?? '';
    ctx.log.info(`ansible-playbook ${this.#version} (${this.#bin})`);

    const args: string[] = [];
    if (settings.inventory !== undefined) args.push('-i', settings.inventory);
    if (settings.vars && settings.vars.length > 0) {
      const vars = Object.fromEntries(settings.vars);
      args.push('-e', `@${files.write('vars.json', JSON.stringify(vars))}`);
    }
    for (const f of settings.varFiles ?? []) args.push('-e', `@${f}`);
    if (settings.tags && settings.tags.length > 0) args.push('--tags', settings.tags.join(','));
    if (settings.sshPrivateKey !== undefined) {
      // ssh refuses a key without its final newline.
      const key = settings.sshPrivateKey.replace(/\r\n/g, '\n');
      args.push('--private-key', files.write('ssh-key', key.endsWith('\n') ? key : `${key}\n`));
    }
    if (settings.vaultPassword !== undefined) args.push('--vault-password-file', files.write('vault-password', settings.vaultPassword));
    this.#args = args;

    const env: Record<string, string> = {
      ANSIBLE_STDOUT_CALLBACK: 'ansible.posix.json',
      ANSIBLE_NOCOLOR: '1',
      ANSIBLE_FORCE_COLOR: '0',
      ANSIBLE_RETRY_FILES_ENABLED: '0',
      ANSIBLE_NOCOWS: '1',
    };
    if (settings.knownHosts !== undefined) {
      const file = files.write('known_hosts', settings.knownHosts.endsWith('\n') ? settings.knownHosts : `${settings.knownHosts}\n`);
      env['ANSIBLE_HOST_KEY_CHECKING'] = 'True';
      env['ANSIBLE_SSH_ARGS'] = `-C -o ControlMaster=auto -o ControlPersist=60s -o UserKnownHostsFile=${file} -o StrictHostKeyChecking=yes`;
    }
    this.#env = env;
  }

  /** One ansible-playbook run, retried on unreachable hosts only (narrowed to them with --limit). */
  async #run(check: boolean): Promise<Run> {
    const { ctx, settings, files, job } = this.#t;
    const label = check ? 'ansible-playbook --check --diff' : 'ansible-playbook';
    let limit = settings.limit;
    let merged: TaskResult[] = [];
    let attempts = 0;
    const once = async (): Promise<Run> => {
      attempts++;
      const out = files.path(`ansible-${++this.#runs}.json`);
      const args = [settings.playbook!, ...this.#args, ...(limit !== undefined ? ['--limit', limit] : []), ...(check ? ['--check', '--diff'] : [])];
      let rc = 0;
      try {
        rc = (await runTool(this.#t, this.#bin, args, { label, env: this.#env, stdoutFile: out, acceptExitCodes: [2, 4] })).exitCode;
      } catch (error) {
        rmSync(out, { force: true });
        if (error instanceof ExecError) {
          throw new ProvisionFailure(check ? 'plan-failed' : 'apply-failed', `${label} exited with ${error.exitCode ?? error.signal}${error.stderrTail ? `: ${error.stderrTail.split('\n').filter(Boolean).at(-1)}` : ''}`, {
            cause: error,
            ...(error.exitCode !== null ? { exitCode: error.exitCode } : {}),
          });
        }
        throw error;
      }
      let text = '';
      try {
        text = readFileSync(out, 'utf8');
      } catch {
        // no output at all
      }
      rmSync(out, { force: true });
      const start = text.indexOf('{');
      let doc: unknown;
      try {
        doc = start >= 0 ? JSON.parse(text.slice(start)) : undefined;
      } catch {
        doc = undefined;
      }
      if (doc === undefined) {
        // Exit 4 without the JSON document: ansible could not parse the playbook or inventory.
        throw new ProvisionFailure(check ? 'plan-failed' : 'apply-failed', `${label} exited with ${rc} without a result (a syntax or inventory error: see the log above)`, { exitCode: rc });
      }
      const parsed = parseAnsible(doc, job.dir);
      const retried = limit !== settings.limit;
      merged = retried ? mergeRetry(merged, parsed.results, limit!.split(',')) : parsed.results;
      for (const r of parsed.results) {
        if (r.changed || r.unknown || r.failed || r.unreachable) {
          const what = r.unreachable ? 'unreachable' : r.failed ? 'failed' : r.unknown ? 'unknown in check mode' : check ? 'would change' : 'changed';
          ctx.log.info(`${taskAddress(r)}: ${what}${r.message ? ` — ${r.message}` : ''}`);
        }
      }
      const run: Run = { rc, results: merged, unreachable: parsed.unreachable, failed: parsed.failed, attempts };
      if (rc === 4 && parsed.unreachable.length > 0 && parsed.failed.every((h) => parsed.unreachable.includes(h))) {
        limit = parsed.unreachable.join(',');
        throw new Unreachable(run);
      }
      return run;
    };
    try {
      return await withRetry(label, once, {
        policy: { retries: settings.retries, maxRetryTimeMs: settings.timeout * (settings.retries + 1) },
        signal: ctx.signal,
        stats: ctx.stats,
        log: (line) => ctx.log.warning(line),
        shouldRetry: (e): Verdict => (e instanceof Unreachable ? { retry: true, reason: `unreachable hosts, retried with --limit ${limit}` } : { retry: false, reason: 'not retryable' }),
      });
    } catch (error) {
      const e = error instanceof RetryError ? error.cause : error;
      const stop = cancelled(this.#t, e);
      if (stop) throw stop;
      if (e instanceof Unreachable) {
        throw new ProvisionFailure('unreachable', `${label}: ${e.message} after ${e.run.attempts} attempt(s)`, {
          exitCode: 4,
          applied: check ? [] : e.run.results.filter((r) => r.changed).map(taskAddress),
        });
      }
      throw e;
    }
  }

  #toPlan(run: Run): ToolPlan {
    const changeSet = ansibleChangeSet(run.results);
    const changes = ansibleChanges(run.results);
    const reviewed: Reviewed = { v: 1, changeSet, changes };
    return {
      formatVersion: 'ansible.posix.json',
      toolVersion: this.#version,
      changes,
      drift: [],
      outputs: [],
      deferred: [],
      diagnostics: ansibleDiagnostics(run.results),
      complete: !changes.some((c) => c.action === 'unknown'),
      errored: run.rc !== 0,
      changeSet,
      artifact: Buffer.from(JSON.stringify(reviewed)),
      exitCode: run.rc,
    };
  }

  async plan(_mode: PlanMode): Promise<ToolPlan> {
    const run = await this.#run(true);
    if (run.rc === 2 || run.failed.length > 0) {
      const failed = run.results.filter((r) => r.failed).map(taskAddress);
      throw new ProvisionFailure('plan-failed', `the check run failed on ${failed.slice(0, 5).join('; ')}${failed.length > 5 ? '; …' : ''} (exit 2; not retried)`, { exitCode: 2 });
    }
    return this.#toPlan(run);
  }

  async reviewed(artifact: Buffer): Promise<ToolPlan> {
    let r: Reviewed;
    try {
      r = JSON.parse(artifact.toString('utf8')) as Reviewed;
      if (r.v !== 1 || !Array.isArray(r.changeSet?.tasks) || !Array.isArray(r.changes)) throw new Error('not a reviewed check run');
    } catch (error) {
      throw new ProvisionFailure('plan-changed', `The plan file does not hold a reviewed Ansible check run: ${messageOf(error)}`);
    }
    return {
      formatVersion: 'ansible.posix.json',
      toolVersion: this.#version,
      changes: r.changes,
      drift: [],
      outputs: [],
      deferred: [],
      diagnostics: [],
      complete: !r.changes.some((c) => c.action === 'unknown'),
      errored: false,
      changeSet: r.changeSet,
      artifact,
      exitCode: 0,
    };
  }

  async apply(reviewed: ToolPlan, fromFile: boolean): Promise<ApplyResult> {
    const { ctx } = this.#t;
    const expected = reviewed.changeSet as AnsibleChangeSet;
    const notes: string[] = [];
    let attempts = 0;
    if (fromFile) {
      const now = await this.#run(true);
      attempts += now.attempts;
      const current = ansibleChangeSet(now.results);
      if (canonicalJson(current) !== canonicalJson(expected)) {
        const key = (x: AnsibleChangeSet['tasks'][number]): string => `${x.host}: ${x.name} (${x.task}) ${x.action}`;
        const before = new Set(expected.tasks.map(key));
        const after = new Set(current.tasks.map(key));
        const added = [...after].filter((k) => !before.has(k));
        const gone = [...before].filter((k) => !after.has(k));
        throw new ProvisionFailure(
          'plan-changed',
          `A check run now predicts other changes than the reviewed one (${[...added.map((a) => `new: ${a}`), ...gone.map((g) => `no longer: ${g}`)].slice(0, 6).join('; ')}): nothing was applied; plan and review again`,
        );
      }
      notes.push('a check run right before the apply predicted exactly the reviewed changes');
    }
    const run = await this.#run(false);
    attempts += run.attempts;
    const changed = run.results.filter((r) => r.changed);
    const applied = changed.map(taskAddress);
    if (run.rc === 2 || run.failed.length > 0) {
      const failed = run.results.filter((r) => r.failed).map(taskAddress);
      throw new ProvisionFailure('apply-failed', `the run failed on ${failed.slice(0, 5).join('; ')}${failed.length > 5 ? '; …' : ''} (exit 2; not retried: the run may have changed things already)`, {
        exitCode: 2,
        applied,
      });
    }
    // Parity: every task that changed was predicted, as a change or as "unknown in check mode".
    const predicted = new Set(expected.tasks.map((x) => `${x.host}\0${x.task}\0${x.name}`));
    const surprise = changed.filter((r) => !predicted.has(`${r.host}\0${r.task}\0${r.name}`)).map(taskAddress);
    if (surprise.length > 0) {
      throw new ProvisionFailure('plan-changed', `The run changed what the reviewed check run did not predict: ${surprise.slice(0, 5).join('; ')}${surprise.length > 5 ? '; …' : ''}`, { exitCode: run.rc, applied });
    }
    ctx.log.info(`ansible-playbook changed ${changed.length} task result(s), all predicted by the reviewed check run`);
    return { exitCode: run.rc, applied, attempts, notes, changes: ansibleChanges(run.results).filter((c) => c.action !== 'unknown') };
  }
}
