// What the double prints: with -json the machine-readable UI stream (one JSON object per line,
// `@level`, `@message`, `@module`, `@timestamp`, `type`; the first line is the version message),
// otherwise the same messages as text. Message types and texts follow Terraform's documented
// machine-readable UI (internals/machine-readable-ui) and what terraform 1.11 printed here.
import type { Flavour } from './providers.ts';

export interface UiResource {
  addr: string;
  module: string;
  resource: string;
  implied_provider: string;
  resource_type: string;
  resource_name: string;
  resource_key: null;
}

export function uiResource(address: string, type: string, name: string, implied: string): UiResource {
  return { addr: address, module: '', resource: address, implied_provider: implied, resource_type: type, resource_name: name, resource_key: null };
}

export interface Counts {
  add: number;
  change: number;
  import: number;
  remove: number;
}

const HOOK_TEXT: Record<string, [string, string, string]> = {
  create: ['Creating...', 'Creation complete', 'Creation errored'],
  update: ['Modifying...', 'Modifications complete', 'Modifications errored'],
  delete: ['Destroying...', 'Destruction complete', 'Destruction errored'],
};

export class Ui {
  readonly json: boolean;
  readonly flavour: Flavour;
  readonly version: string;

  constructor(json: boolean, flavour: Flavour, version: string) {
    this.json = json;
    this.flavour = flavour;
    this.version = version;
  }

  get product(): string {
    return this.flavour === 'tofu' ? 'OpenTofu' : 'Terraform';
  }

  #emit(level: string, message: string, type: string, extra: Record<string, unknown> = {}): void {
    if (this.json) {
      const line = { '@level': level, '@message': message, '@module': `${this.flavour}.ui`, '@timestamp': new Date().toISOString(), ...extra, type };
      process.stdout.write(`${JSON.stringify(line)}\n`);
    } else if (type !== 'version') {
      (level === 'error' ? process.stderr : process.stdout).write(`${message}\n`);
    }
  }

  versionMessage(): void {
    this.#emit('info', `${this.product} ${this.version}`, 'version', { [this.flavour]: this.version, ui: '1.2' });
  }

  log(message: string): void {
    this.#emit('info', message, 'log');
  }

  diagnostic(severity: 'error' | 'warning', summary: string, detail = '', address?: string): void {
    const prefix = severity === 'error' ? 'Error' : 'Warning';
    if (!this.json) {
      process.stderr.write(`\n${prefix}: ${summary}\n${detail ? `\n${detail}\n` : ''}`);
      return;
    }
    this.#emit(severity === 'error' ? 'error' : 'warn', `${prefix}: ${summary}`, 'diagnostic', {
      diagnostic: { severity, summary, detail, ...(address ? { address } : {}) },
    });
  }

  stateLockAcquire(): void {
    this.#emit('info', 'Acquiring state lock. This may take a few moments...', 'state_lock_acquire');
  }

  refresh(resource: UiResource, id: string, done: boolean): void {
    const message = done ? `${resource.addr}: Refresh complete [id=${id}]` : `${resource.addr}: Refreshing state... [id=${id}]`;
    this.#emit('info', message, done ? 'refresh_complete' : 'refresh_start', { hook: { resource, id_key: 'id', id_value: id } });
  }

  plannedChange(resource: UiResource, action: string, reason?: string, previous?: UiResource): void {
    const verb = action === 'remove' ? 'Plan to forget' : `Plan to ${action}`;
    this.#emit('info', `${resource.addr}: ${verb}`, 'planned_change', {
      change: { resource, ...(previous ? { previous_resource: previous } : {}), action, ...(reason ? { reason } : {}) },
    });
  }

  drift(resource: UiResource, action: 'update' | 'delete'): void {
    this.#emit('info', `${resource.addr}: Drift detected (${action})`, 'resource_drift', { change: { resource, action } });
  }

  applyStart(resource: UiResource, action: 'create' | 'update' | 'delete', id?: string): void {
    const text = HOOK_TEXT[action]![0];
    this.#emit('info', `${resource.addr}: ${text}${id ? ` [id=${id}]` : ''}`, 'apply_start', {
      hook: { resource, action, ...(id ? { id_key: 'id', id_value: id } : {}) },
    });
  }

  applyComplete(resource: UiResource, action: 'create' | 'update' | 'delete', seconds: number, id?: string): void {
    const text = HOOK_TEXT[action]![1];
    this.#emit('info', `${resource.addr}: ${text} after ${seconds}s${id && action !== 'delete' ? ` [id=${id}]` : ''}`, 'apply_complete', {
      hook: { resource, action, ...(id && action !== 'delete' ? { id_key: 'id', id_value: id } : {}), elapsed_seconds: seconds },
    });
  }

  applyErrored(resource: UiResource, action: 'create' | 'update' | 'delete', seconds: number): void {
    this.#emit('info', `${resource.addr}: ${HOOK_TEXT[action]![2]} after ${seconds}s`, 'apply_errored', { hook: { resource, action, elapsed_seconds: seconds } });
  }

  provision(resource: UiResource, stage: 'start' | 'progress' | 'complete' | 'errored', output?: string): void {
    const message =
      stage === 'start'
        ? `${resource.addr}: Provisioning with 'local-exec'...`
        : stage === 'progress'
          ? `${resource.addr}: (local-exec): ${output ?? ''}`
          : stage === 'complete'
            ? `${resource.addr}: (local-exec) Provisioning complete`
            : `${resource.addr}: (local-exec) Provisioning errored`;
    this.#emit('info', message, `provision_${stage}`, { hook: { resource, provisioner: 'local-exec', ...(output !== undefined ? { output } : {}) } });
  }

  changeSummary(operation: 'plan' | 'apply' | 'destroy', c: Counts): void {
    const message =
      operation === 'plan'
        ? `Plan: ${c.add} to add, ${c.change} to change, ${c.remove} to destroy.`
        : `${operation === 'apply' ? 'Apply' : 'Destroy'} complete! Resources: ${c.add} added, ${c.change} changed, ${c.remove} destroyed.`;
    this.#emit('info', message, 'change_summary', { changes: { ...c, operation } });
  }

  outputs(outputs: Record<string, unknown>): void {
    this.#emit('info', `Outputs: ${Object.keys(outputs).length}`, 'outputs', { outputs });
  }
}
