// Applying a plan: deletions first (reverse order), then forgets, then creates, updates and
// replacements in dependency order, the state written after every operation (serial + 1). The
// stream says what happened: an apply that failed before its first apply_start touched nothing,
// which is what lets the action retry the same plan file. Interrupts stop the walk after the
// operation in flight; a local-exec provisioner is killed at once (as Go's exec.CommandContext does)
// and its resource is left tainted.
import { spawn } from 'node:child_process';
import { evaluate } from './config.ts';
import { faultDiagnostic, slowMs, takeFault } from './faults.ts';
import { kindOf, type Instance } from './providers.ts';
import type { Plan, ResourceChange } from './planner.ts';
import { scopeOf } from './planner.ts';
import { interrupted, onInterrupt } from './signals.ts';
import { writeState, type State } from './state.ts';
import { uiResource, type Counts, type Ui } from './ui.ts';
import { known, type Json, type Planned } from './values.ts';

export interface ApplyContext {
  cwd: string;
  ui: Ui;
  statePath: string;
  state: State;
}

class Halt extends Error {}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function applyPlan(plan: Plan, ctx: ApplyContext): Promise<number> {
  const { ui, cwd } = ctx;
  let state: State = { ...ctx.state, resources: new Map(plan.refreshed), outputs: { ...ctx.state.outputs } };
  const persist = (): void => {
    state = writeState(ctx.statePath, state);
  };
  if (plan.drift.length > 0 || plan.mode === 'refresh-only') persist();
  const counts: Counts = { add: 0, change: 0, import: 0, remove: 0 };
  let n = 0;

  const fault0 = takeFault('apply', 0);
  if (fault0) {
    const d = faultDiagnostic(fault0, undefined, 'configuring provider');
    ui.diagnostic('error', d.summary, d.detail);
    return 1;
  }

  const operate = async (c: ResourceChange, action: 'create' | 'update' | 'delete'): Promise<void> => {
    if (interrupted()) throw new Halt('execution halted');
    n++;
    const res = uiResource(c.address, c.type, c.name, c.implied);
    const prior = state.resources.get(c.previousAddress ?? c.address)?.instance ?? state.resources.get(c.address)?.instance;
    const priorId = prior ? String(prior.attributes['id'] ?? '') : undefined;
    const started = Date.now();
    ui.applyStart(res, action, action === 'create' ? undefined : priorId);
    const seconds = (): number => Math.round((Date.now() - started) / 1000);
    const fault = takeFault('apply', n);
    if (fault) {
      ui.applyErrored(res, action, seconds());
      const d = faultDiagnostic(fault, c.address, action === 'delete' ? 'deleting' : action === 'create' ? 'creating' : 'updating');
      ui.diagnostic('error', d.summary, d.detail, c.address);
      throw new Halt();
    }
    // A provider call in flight: the first interrupt does not cut it short.
    const slow = slowMs(c.address);
    if (slow > 0) await sleep(slow);
    const kind = kindOf(c.type);
    if (action === 'delete') {
      if (prior) kind.destroy(prior, cwd);
      state.resources.delete(c.address);
      counts.remove++;
      ui.applyComplete(res, action, seconds(), priorId);
      persist();
      return;
    }
    // Configuration evaluated again now that what it refers to is known.
    const scope = scopeOf(plan.variables, plan.workspace, (a) => {
      const r = state.resources.get(a);
      return r ? { value: r.instance.attributes, marks: r.instance.sensitive } : undefined;
    });
    const e = evaluate(c.attrs, scope);
    const planned = kind.plan(action === 'update' ? prior : undefined, e.value as Record<string, Planned>, e.marks);
    let instance: Instance = kind.apply(planned.after, planned.marks, cwd);
    if (c.previousAddress) state.resources.delete(c.previousAddress);
    const record = (i: Instance): void => {
      state.resources.set(c.address, { type: c.type, name: c.name, provider: `provider["${c.provider}"]`, instance: i });
    };
    if (action === 'create') {
      for (const p of c.provisioners) {
        const ok = await provision(ui, res, p.command, cwd);
        if (!ok) {
          instance = { ...instance, tainted: true };
          record(instance);
          persist();
          ui.applyErrored(res, action, seconds());
          throw new Halt();
        }
      }
    }
    record(instance);
    if (action === 'create') counts.add++;
    else counts.change++;
    ui.applyComplete(res, action, seconds(), String(instance.attributes['id'] ?? ''));
    persist();
  };

  try {
    const deletes = plan.changes.filter((c) => c.actions.length === 1 && c.actions[0] === 'delete').reverse();
    for (const c of deletes) await operate(c, 'delete');
    for (const c of plan.changes.filter((x) => x.actions[0] === 'forget')) {
      state.resources.delete(c.address);
      persist();
    }
    for (const c of plan.changes) {
      if (c.actions[0] === 'update') await operate(c, 'update');
      else if (c.actions.length === 1 && c.actions[0] === 'create') await operate(c, 'create');
      else if (c.actions.length === 2) {
        // Replace: delete then create, or the other way round with create_before_destroy.
        if (c.createBeforeDestroy) {
          await operate(c, 'create');
          counts.remove++;
        } else {
          await operate(c, 'delete');
          await operate(c, 'create');
        }
      } else if (c.stream === 'move' && c.previousAddress) {
        const moved = state.resources.get(c.previousAddress);
        if (moved) {
          state.resources.delete(c.previousAddress);
          state.resources.set(c.address, moved);
          persist();
        }
      }
    }
  } catch (error) {
    if (!(error instanceof Halt)) throw error;
    if (error.message) ui.diagnostic('error', error.message, '');
    return 1;
  }

  // Outputs from what was applied.
  const scope = scopeOf(plan.variables, plan.workspace, (a) => {
    const r = state.resources.get(a);
    return r ? { value: r.instance.attributes, marks: r.instance.sensitive } : undefined;
  });
  const outputs: Record<string, unknown> = {};
  if (plan.mode !== 'refresh-only') {
    state.outputs = {};
    for (const o of plan.outputs) {
      if (o.actions[0] === 'delete') continue;
      const value = (known(evaluate(o.raw, scope).value) ?? null) as Json;
      state.outputs[o.name] = { value, sensitive: o.sensitive };
      outputs[o.name] = { sensitive: o.sensitive, type: typeof value === 'object' ? 'dynamic' : typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'bool' : 'string', value };
    }
    persist();
  }
  ui.changeSummary(plan.mode === 'destroy' ? 'destroy' : 'apply', counts);
  ui.outputs(outputs);
  return 0;
}

/** Runs a local-exec provisioner; false when it failed or was interrupted (killed). */
function provision(ui: Ui, res: ReturnType<typeof uiResource>, command: string, cwd: string): Promise<boolean> {
  ui.provision(res, 'start');
  ui.provision(res, 'progress', `Executing: ["/bin/sh" "-c" ${JSON.stringify(command)}]`);
  return new Promise((resolve) => {
    // Its own group, so the kill reaches what the shell started too.
    const child = spawn('/bin/sh', ['-c', command], { cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    const onData = (d: Buffer): void => {
      output += d.toString();
      for (const line of d.toString().split('\n').filter(Boolean)) ui.provision(res, 'progress', line);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const off = onInterrupt(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    });
    child.on('close', (code, signal) => {
      off();
      if (code === 0) {
        ui.provision(res, 'complete');
        return resolve(true);
      }
      ui.provision(res, 'errored');
      const why = signal ? `signal: ${signal === 'SIGKILL' ? 'killed' : signal}` : `exit status ${code}`;
      ui.diagnostic('error', 'local-exec provisioner error', `Error running command '${command}': ${why}. Output: ${output}`, res.addr);
      if (interrupted()) ui.diagnostic('error', 'execution halted', '');
      resolve(false);
    });
  });
}
