import { accessSync, constants, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { ExecError, messageOf } from '../../../../shared/errors.ts';
import { RetryError, withRetry, type Verdict } from '../../../../shared/retry.ts';
import { ProvisionFailure } from '../failure.ts';
import type { Tool } from '../inputs.ts';
import type { Diagnostic } from '../summary.ts';
import { deepEqual, parseShow, UNKNOWN_LEAF, type CanonicalChangeSet, type CanonicalResource } from '../tf-show.ts';
import { isLockError, isStalePlan, isTransient, lockInfoOf, TfStream, type TfDiagnostic } from '../tf-stream.ts';
import { cancelled, runTool } from '../tool-process.ts';
import type { ApplyResult, PlanMode, ToolContext, ToolPlan, ToolRunner } from './types.ts';

/**
 * Terraform and OpenTofu (same CLI, same formats). Every command runs with -input=false and, for
 * plan and apply, the -json UI stream, which tells what happened without scraping text:
 *
 * - init, plan and show are retried on transient provider and registry failures (tf-stream.ts),
 *   with the shared retry policy; a state lock is waited for by the tool itself (-lock-timeout),
 *   never retried on top and never force-unlocked: it ends as `state-locked` with `lock-info`.
 * - plan runs with -detailed-exitcode: 2 means "there are changes", a result, not an error.
 * - apply: a failure before any apply_start touched nothing, so the same plan file is retried;
 *   after one, the saved plan is stale: the action plans again and applies the new plan only when
 *   it is the rest of the reviewed one (every change in it is in the reviewed plan, with the same
 *   values) — otherwise `partial-apply`, saying what was and was not applied.
 * - A setup-terraform / setup-opentofu wrapper on PATH (a `terraform-bin` next to `terraform`) is
 *   bypassed: it rewrites exit codes and output (hashicorp/setup-terraform#9, #417).
 */

export function openTool(t: ToolContext): ToolRunner {
  return new Terraform(t);
}

/** Retries: the policy's count, and a time budget that can hold every attempt of a long plan. */
function retryPolicy(t: ToolContext): { retries: number; maxRetryTimeMs: number } {
  return { retries: t.settings.retries, maxRetryTimeMs: t.settings.timeout * (t.settings.retries + 1) };
}

class AttemptFailed extends Error {
  readonly stream: TfStream;
  readonly texts: string[];
  readonly exitCode: number | null;
  constructor(label: string, stream: TfStream, texts: string[], error: unknown) {
    const first = stream.errors()[0];
    super(first ? `${label}: ${first.summary}` : `${label}: ${messageOf(error)}`, { cause: error });
    this.stream = stream;
    this.texts = texts;
    this.exitCode = error instanceof ExecError ? error.exitCode : null;
  }
  get transient(): boolean {
    return isTransient(this.texts);
  }
}

const unwrap = (e: unknown): unknown => (e instanceof RetryError ? e.cause : e);

class Terraform implements ToolRunner {
  readonly tool: Tool;
  readonly #t: ToolContext;
  #bin = '';
  #version = '';
  #plans = 0;

  constructor(t: ToolContext) {
    this.#t = t;
    this.tool = t.settings.tool;
  }

  version(): string {
    return this.#version;
  }

  get #env(): Record<string, string> {
    const vars = Object.fromEntries((this.#t.settings.vars ?? []).map(([k, v]) => [`TF_VAR_${k}`, v]));
    return { TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1', ...vars };
  }

  #retry<T>(label: string, fn: () => Promise<T>, retryable: (e: unknown) => boolean): Promise<T> {
    const { ctx } = this.#t;
    return withRetry(label, fn, {
      policy: retryPolicy(this.#t),
      signal: ctx.signal,
      stats: ctx.stats,
      log: (line) => ctx.log.warning(line),
      shouldRetry: (e): Verdict => (retryable(e) ? { retry: true, reason: 'a transient provider or registry failure' } : { retry: false, reason: 'not transient' }),
    });
  }

  async prepare(): Promise<void> {
    const { ctx, settings, files } = this.#t;
    this.#bin = resolveBinary(this.tool, (line) => ctx.log.info(line));
    const version = await runTool(this.#t, this.#bin, ['version', '-json'], { label: `${this.tool} version`, onStdout: () => undefined });
    try {
      this.#version = String((JSON.parse(version.stdout) as { terraform_version?: unknown }).terraform_version ?? '');
    } catch {
      this.#version = /v(\d+\.\d+\.\d+\S*)/.exec(version.stdout)?.[1] ?? '';
    }
    ctx.log.info(`${this.tool} ${this.#version} (${this.#bin})`);

    const backend = settings.backendConfig && settings.backendConfig.length > 0 ? files.write('backend.tfbackend', hclAssignments(settings.backendConfig)) : undefined;
    const texts: string[] = [];
    try {
      await this.#retry(
        `${this.tool} init`,
        async () => {
          texts.length = 0;
          try {
            return await runTool(this.#t, this.#bin, ['init', '-input=false', '-no-color', ...(backend ? [`-backend-config=${backend}`] : [])], {
              label: `${this.tool} init`,
              onStdout: (l) => (texts.push(l), l),
            });
          } catch (error) {
            if (error instanceof ExecError) texts.push(error.stderrTail);
            throw error;
          }
        },
        (e) => e instanceof ExecError && isTransient(texts),
      );
    } catch (error) {
      const e = unwrap(error);
      const stop = cancelled(this.#t, e);
      if (stop) throw stop;
      throw new ProvisionFailure('init-failed', `${this.tool} init failed: ${firstErrorLine(texts) ?? messageOf(e)}`, { cause: error });
    }
    if (settings.workspace !== undefined) {
      await runTool(this.#t, this.#bin, ['workspace', 'select', '-or-create=true', settings.workspace], { label: `${this.tool} workspace select` });
    }
  }

  async plan(mode: PlanMode): Promise<ToolPlan> {
    const { settings, files } = this.#t;
    const out = files.path(`plan-${++this.#plans}.tfplan`);
    const args = [
      'plan',
      '-input=false',
      '-no-color',
      '-json',
      '-detailed-exitcode',
      `-lock-timeout=${Math.ceil(settings.lockTimeout / 1000)}s`,
      `-out=${out}`,
      ...(mode === 'refresh-only' ? ['-refresh-only'] : mode === 'no-refresh' ? ['-refresh=false'] : []),
      ...(settings.targets ?? []).map((a) => `-target=${a}`),
      ...(settings.varFiles ?? []).map((f) => `-var-file=${f}`),
    ];
    const label = `${this.tool} plan${mode === 'normal' ? '' : ` (${mode})`}`;
    let exitCode = 0;
    let stream = new TfStream();
    try {
      exitCode = await this.#retry(
        label,
        async () => {
          stream = new TfStream();
          const texts: string[] = [];
          try {
            const r = await runTool(this.#t, this.#bin, args, {
              label,
              env: this.#env,
              acceptExitCodes: [2],
              onStdout: (l) => {
                const text = stream.line(l);
                if (text !== undefined) texts.push(text);
                return text;
              },
            });
            return r.exitCode;
          } catch (error) {
            if (!(error instanceof ExecError)) throw error;
            throw new AttemptFailed(label, stream, [...texts, error.stderrTail], error);
          }
        },
        (e) => e instanceof AttemptFailed && !isLockError(e.stream.diagnostics) && e.transient,
      );
    } catch (error) {
      throw this.#failure(unwrap(error), 'plan-failed', label);
    }
    return this.#read(out, exitCode, stream.diagnostics);
  }

  /** show -json of a plan file, into a summary and the canonical change set. */
  async #read(planPath: string, exitCode: number, diagnostics: readonly TfDiagnostic[]): Promise<ToolPlan> {
    const { files } = this.#t;
    const jsonPath = files.path(`${planPath.split('/').pop()}.json`);
    const label = `${this.tool} show -json`;
    const texts: string[] = [];
    try {
      await this.#retry(
        label,
        async () => {
          texts.length = 0;
          try {
            return await runTool(this.#t, this.#bin, ['show', '-json', planPath], { label, env: this.#env, stdoutFile: jsonPath, onStdout: () => undefined });
          } catch (error) {
            if (error instanceof ExecError) texts.push(error.stderrTail);
            throw error;
          }
        },
        (e) => e instanceof ExecError && isTransient(texts),
      );
    } catch (error) {
      const e = unwrap(error);
      const stop = cancelled(this.#t, e);
      if (stop) throw stop;
      throw new ProvisionFailure('plan-failed', `${label} failed: ${firstErrorLine(texts) ?? messageOf(e)}`, { cause: error });
    }
    let doc: unknown;
    try {
      doc = JSON.parse(readFileSync(jsonPath, 'utf8'));
    } finally {
      rmSync(jsonPath, { force: true });
    }
    const show = parseShow(doc);
    return {
      formatVersion: show.formatVersion,
      toolVersion: show.toolVersion || this.#version,
      changes: show.changes,
      drift: show.drift,
      outputs: show.outputs,
      deferred: show.deferred,
      diagnostics: diagnostics.map(toDiagnostic),
      complete: show.complete,
      errored: show.errored,
      changeSet: show.changeSet,
      artifact: readFileSync(planPath),
      planPath,
      exitCode,
    };
  }

  async reviewed(artifact: Buffer): Promise<ToolPlan> {
    const path = this.#t.files.path('reviewed.tfplan');
    writeFileSync(path, artifact, { mode: 0o600 });
    return this.#read(path, 0, []);
  }

  async apply(reviewed: ToolPlan): Promise<ApplyResult> {
    const { settings, ctx } = this.#t;
    const applied: string[] = [];
    const notes: string[] = [];
    let attempts = 0;
    let resumed = 0;
    let current = reviewed;
    const reviewedSet = reviewed.changeSet as CanonicalChangeSet;
    const label = `${this.tool} apply`;
    for (;;) {
      const planPath = current.planPath;
      if (planPath === undefined) throw new Error('a Terraform plan without its file (a bug)');
      const args = ['apply', '-input=false', '-no-color', '-json', `-lock-timeout=${Math.ceil(settings.lockTimeout / 1000)}s`, planPath];
      let tries = 0;
      try {
        await this.#retry(
          label,
          async () => {
            attempts++;
            if (++tries > 1) notes.push(`${label} failed before changing anything and was run again with the same plan file`);
            const stream = new TfStream();
            const texts: string[] = [];
            try {
              await runTool(this.#t, this.#bin, args, {
                label,
                env: this.#env,
                onStdout: (l) => {
                  const text = stream.line(l);
                  if (text !== undefined) texts.push(text);
                  return text;
                },
              });
              applied.push(...stream.completed);
            } catch (error) {
              applied.push(...stream.completed);
              if (!(error instanceof ExecError)) throw error;
              throw new AttemptFailed(label, stream, [...texts, error.stderrTail], error);
            }
          },
          (e) => e instanceof AttemptFailed && !e.stream.touched && !isLockError(e.stream.diagnostics) && !isStalePlan(e.stream.diagnostics) && e.transient,
        );
        return { exitCode: 0, applied, attempts, notes };
      } catch (error) {
        const e = unwrap(error);
        if (!(e instanceof AttemptFailed) || !e.stream.touched || this.#t.ctx.signal.aborted) throw this.#failure(e, 'apply-failed', label, applied, remaining(reviewedSet, applied));
        const left = remaining(reviewedSet, applied);
        if (!e.transient || resumed >= settings.retries) {
          throw new ProvisionFailure('apply-failed', `${label} failed after changing ${applied.length} resource(s): ${e.message.replace(`${label}: `, '')}`, { applied, notApplied: left, cause: error, ...(e.exitCode !== null ? { exitCode: e.exitCode } : {}) });
        }
        resumed++;
        ctx.log.warning(`${label} failed part way (${e.message.replace(`${label}: `, '')}); the saved plan is stale now, so planning again to apply only what is left of the reviewed plan`);
        const fresh = await this.plan('normal');
        if (fresh.changes.length === 0 && fresh.outputs.length === 0) {
          notes.push(`${label} failed part way with a transient error; a new plan found nothing left to do`);
          return { exitCode: 0, applied, attempts, notes };
        }
        const extra = notInReviewed(fresh.changeSet as CanonicalChangeSet, reviewedSet);
        if (extra.length > 0) {
          throw new ProvisionFailure(
            'partial-apply',
            `${label} failed part way, and what is left is not just the rest of the reviewed plan (${extra.slice(0, 5).join(', ')}${extra.length > 5 ? ', …' : ''} differ): not applying it; review a new plan`,
            { applied, notApplied: remaining(reviewedSet, applied), cause: error },
          );
        }
        notes.push(`${label} failed part way with a transient error; a new plan held only the rest of the reviewed plan (${fresh.changes.length} change(s)), which was applied`);
        current = fresh;
      }
    }
  }

  /** The failure a tool error means: a lock, a stale plan, a timeout or cancellation, or `fallback`. */
  #failure(e: unknown, fallback: 'plan-failed' | 'apply-failed', label: string, applied?: readonly string[], notApplied?: readonly string[]): Error {
    const stop = cancelled(this.#t, e);
    if (stop) return stop;
    if (e instanceof AttemptFailed) {
      const detail = { cause: e, ...(e.exitCode !== null ? { exitCode: e.exitCode } : {}), ...(applied ? { applied } : {}), ...(notApplied ? { notApplied } : {}) };
      if (isLockError(e.stream.diagnostics)) {
        const info = lockInfoOf(e.stream.diagnostics);
        const who = info ? ` by ${info.Who || 'someone'} (lock ${info.ID}, ${info.Operation}, since ${info.Created})` : '';
        return new ProvisionFailure('state-locked', `The state is locked${who} and was not released within lock-timeout (${Math.ceil(this.#t.settings.lockTimeout / 1000)}s). Nothing was changed. If no run holds it any more, release it with \`${this.tool} force-unlock ${info?.ID ?? 'LOCK_ID'}\` after checking.`, { ...detail, ...(info ? { lockInfo: info } : {}) });
      }
      if (isStalePlan(e.stream.diagnostics)) {
        return new ProvisionFailure('plan-stale', 'The state changed after the plan was made (another apply ran in between): the reviewed plan can no longer be applied; plan and review again. Nothing was changed.', detail);
      }
      return new ProvisionFailure(fallback, `${e.message}${fallback === 'apply-failed' && !e.stream.touched ? ' (before changing anything)' : ''}`, detail);
    }
    return new ProvisionFailure(fallback, `${label} failed: ${messageOf(e)}`, { cause: e });
  }
}

function toDiagnostic(d: TfDiagnostic): Diagnostic {
  return { severity: d.severity, summary: d.summary, ...(d.address ? { address: d.address } : {}) };
}

function firstErrorLine(texts: readonly string[]): string | undefined {
  for (const t of texts) {
    const m = /Error: (.+)/.exec(t);
    if (m) return m[1]!.trim();
  }
  return undefined;
}

/** Backend settings as an HCL file for -backend-config (string values; `${` escaped so nothing is interpolated). */
function hclAssignments(pairs: readonly (readonly [string, string])[]): string {
  return pairs.map(([k, v]) => `${k} = ${JSON.stringify(v).replace(/\$\{/g, '$${').replace(/%\{/g, '%%{')}\n`).join('');
}

/**
 * The tool to run: `terraform` or `tofu` from PATH — or, when a setup-* wrapper put a node script
 * there, the real binary it wraps (`terraform-bin` in the same directory).
 */
export function resolveBinary(tool: string, log: (line: string) => void, path = process.env['PATH'] ?? ''): string {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, tool);
    if (!executable(candidate)) continue;
    const wrapped = join(dirname(candidate), `${tool}-bin`);
    if (executable(wrapped)) {
      log(`using ${wrapped}, not the setup-${tool === 'tofu' ? 'opentofu' : 'terraform'} wrapper ${candidate} (it changes exit codes and output)`);
      return wrapped;
    }
    return candidate;
  }
  throw new ProvisionFailure('init-failed', `${tool} is not on PATH: install it first (e.g. with hashicorp/setup-terraform or opentofu/setup-opentofu) in an earlier step`);
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Reviewed resources not (yet) applied. */
function remaining(reviewed: CanonicalChangeSet, applied: readonly string[]): string[] {
  const done = new Set(applied);
  return reviewed.resources.map((r) => r.address).filter((a) => !done.has(a));
}

/**
 * Changes of `fresh` that are not the rest of a reviewed change: the same address, actions among
 * the reviewed ones (a replace half done leaves its create), and every value the reviewed plan
 * knew the same (a value it knew only after apply may be known now).
 */
export function notInReviewed(fresh: CanonicalChangeSet, reviewed: CanonicalChangeSet): string[] {
  const out: string[] = [];
  for (const f of fresh.resources) {
    const r = reviewed.resources.find((x) => x.address === f.address && (x.deposed ?? '') === (f.deposed ?? ''));
    if (!r || !f.actions.every((a) => r.actions.includes(a)) || !leavesAgree(f, r)) out.push(f.address);
  }
  for (const o of fresh.outputs) {
    const r = reviewed.outputs.find((x) => x.name === o.name);
    if (!r || (!deepEqual(r.after, UNKNOWN_LEAF) && !deepEqual(r.after, o.after))) out.push(`output.${o.name}`);
  }
  return out;
}

function leavesAgree(fresh: CanonicalResource, reviewed: CanonicalResource): boolean {
  const key = (p: unknown): string => JSON.stringify(p);
  const known = new Map(reviewed.after.map(([p, v]) => [key(p), v]));
  const unknownPrefixes = reviewed.after.filter(([, v]) => deepEqual(v, UNKNOWN_LEAF)).map(([p]) => p);
  for (const [p, v] of fresh.after) {
    if (unknownPrefixes.some((u) => u.length <= p.length && u.every((s, i) => s === p[i]))) continue;
    if (!known.has(key(p)) || !deepEqual(known.get(key(p)), v)) return false;
  }
  return true;
}
