// The configuration the double reads: every `*.tf.json` file of the working directory (Terraform's
// JSON syntax, so the same files work with a real terraform or tofu). Supported: `variable`
// (default, sensitive, type), `resource` (terraform_data, local_file; `lifecycle`, `depends_on`,
// `provisioner` local-exec), `output`, `moved`, `removed` and `terraform.backend.local`. Strings
// are templates: `${var.x}`, `${terraform.workspace}`, `${path.module}`, `${TYPE.NAME.ATTR}` and
// `${sensitive(…)}`. Anything else is refused with a diagnostic rather than guessed at.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isObject, UNKNOWN, type Json, type Path, type Planned } from './values.ts';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly summary: string;
  readonly detail: string;
  constructor(summary: string, detail = '') {
    super(`${summary}${detail ? `: ${detail}` : ''}`);
    this.summary = summary;
    this.detail = detail;
  }
}

export interface VariableDecl {
  name: string;
  type: string | undefined;
  default: Json | undefined;
  sensitive: boolean;
}

export interface ResourceDecl {
  address: string;
  type: string;
  name: string;
  /** Raw attribute expressions (templates not yet evaluated). */
  attrs: Record<string, Json>;
  dependsOn: string[];
  preventDestroy: boolean;
  createBeforeDestroy: boolean;
  provisioners: { command: string }[];
}

export interface OutputDecl {
  name: string;
  value: Json;
  sensitive: boolean;
}

export interface Config {
  variables: Map<string, VariableDecl>;
  resources: Map<string, ResourceDecl>;
  outputs: Map<string, OutputDecl>;
  moved: { from: string; to: string }[];
  /** `removed` blocks with `lifecycle { destroy = false }`: the object leaves the state, not reality. */
  forget: Set<string>;
  backendPath: string | undefined;
}

/** Merges blocks written either as an object or as a list of objects (both are valid JSON syntax). */
function blocks(raw: unknown): Record<string, unknown>[] {
  if (Array.isArray(raw)) return raw.filter(isObject);
  return isObject(raw) ? [raw] : [];
}

export function loadConfig(dir: string): Config {
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.tf.json')).sort() : [];
  const hcl = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.tf')) : [];
  if (hcl.length > 0) throw new ConfigError('Unsupported configuration syntax', `the terraform double reads only .tf.json files, found ${hcl.join(', ')}`);
  if (files.length === 0) throw new ConfigError('No configuration files', `there are no .tf.json files in ${dir}`);
  const cfg: Config = { variables: new Map(), resources: new Map(), outputs: new Map(), moved: [], forget: new Set(), backendPath: undefined };
  for (const file of files) {
    let doc: unknown;
    try {
      doc = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    } catch (error) {
      throw new ConfigError('Invalid JSON', `${file}: ${(error as Error).message}`);
    }
    if (!isObject(doc)) throw new ConfigError('Invalid JSON', `${file}: the root must be an object`);
    for (const [kind, body] of Object.entries(doc)) {
      if (kind === '//') continue;
      switch (kind) {
        case 'terraform':
          for (const t of blocks(body)) {
            for (const b of blocks(t['backend'])) {
              for (const [type, settings] of Object.entries(b)) {
                if (type !== 'local') throw new ConfigError('Unsupported backend', `the terraform double has the local backend only, not "${type}"`);
                const path = blocks(settings)[0]?.['path'];
                if (typeof path === 'string') cfg.backendPath = path;
              }
            }
          }
          break;
        case 'variable':
          for (const b of blocks(body)) {
            for (const [name, v] of Object.entries(b)) {
              const d = blocks(v)[0] ?? {};
              cfg.variables.set(name, {
                name,
                type: typeof d['type'] === 'string' ? d['type'] : undefined,
                default: d['default'] as Json | undefined,
                sensitive: d['sensitive'] === true,
              });
            }
          }
          break;
        case 'resource':
          for (const b of blocks(body)) {
            for (const [type, named] of Object.entries(b)) {
              for (const nb of blocks(named)) {
                for (const [name, r] of Object.entries(nb)) cfg.resources.set(`${type}.${name}`, resourceDecl(type, name, blocks(r)[0] ?? {}));
              }
            }
          }
          break;
        case 'output':
          for (const b of blocks(body)) {
            for (const [name, o] of Object.entries(b)) {
              const d = blocks(o)[0] ?? {};
              cfg.outputs.set(name, { name, value: (d['value'] ?? null) as Json, sensitive: d['sensitive'] === true });
            }
          }
          break;
        case 'moved':
          for (const m of blocks(body)) cfg.moved.push({ from: String(m['from']), to: String(m['to']) });
          break;
        case 'removed':
          for (const r of blocks(body)) {
            const destroy = blocks(r['lifecycle'])[0]?.['destroy'];
            if (destroy === false) cfg.forget.add(String(r['from']));
          }
          break;
        default:
          throw new ConfigError('Unsupported block type', `the terraform double does not know "${kind}" blocks`);
      }
    }
  }
  return cfg;
}

const META = new Set(['lifecycle', 'depends_on', 'provisioner', 'count', 'for_each', 'provider', 'connection']);

function resourceDecl(type: string, name: string, body: Record<string, unknown>): ResourceDecl {
  if ('count' in body || 'for_each' in body) throw new ConfigError('Unsupported argument', `the terraform double has no count or for_each (${type}.${name})`);
  const lifecycle = blocks(body['lifecycle'])[0] ?? {};
  const provisioners: { command: string }[] = [];
  for (const p of blocks(body['provisioner'])) {
    for (const [kind, settings] of Object.entries(p)) {
      if (kind !== 'local-exec') throw new ConfigError('Unsupported provisioner', `the terraform double runs local-exec only, not "${kind}"`);
      provisioners.push({ command: String(blocks(settings)[0]?.['command'] ?? '') });
    }
  }
  const attrs: Record<string, Json> = {};
  for (const [k, v] of Object.entries(body)) if (!META.has(k)) attrs[k] = v as Json;
  return {
    address: `${type}.${name}`,
    type,
    name,
    attrs,
    dependsOn: Array.isArray(body['depends_on']) ? body['depends_on'].map(String) : [],
    preventDestroy: lifecycle['prevent_destroy'] === true,
    createBeforeDestroy: lifecycle['create_before_destroy'] === true,
    provisioners,
  };
}

// ------------------------------------------------------------------------------------------------
// Expressions

export interface Scope {
  variable(name: string): { value: Json; sensitive: boolean } | undefined;
  workspace: string;
  /** A resource attribute: its planned value (possibly unknown) and whether it is sensitive. */
  attribute(address: string, path: string[]): { value: Planned; sensitive: boolean } | undefined;
}

export interface Evaluated {
  value: Planned;
  /** Sensitive paths inside `value` ([] = the whole value). */
  marks: Path[];
}

const WHOLE = /^\$\{([^{}]*)\}$/;
const PART = /\$\{([^{}]*)\}/g;

/** Evaluates a configuration value: templates in every string leaf, marks where sensitive values went. */
export function evaluate(raw: Json, scope: Scope, at: Path = []): Evaluated {
  if (typeof raw === 'string') {
    const whole = WHOLE.exec(raw);
    if (whole) {
      const r = expression(whole[1]!.trim(), scope);
      return { value: r.value, marks: r.sensitive ? [at] : [] };
    }
    let unknown = false;
    let sensitive = false;
    const text = raw.replace(PART, (_, expr: string) => {
      const r = expression(expr.trim(), scope);
      sensitive ||= r.sensitive;
      if (r.value === UNKNOWN) unknown = true;
      return typeof r.value === 'string' ? r.value : JSON.stringify(r.value);
    });
    return { value: unknown ? UNKNOWN : text.replace(/\$\$\{/g, '${'), marks: sensitive ? [at] : [] };
  }
  if (Array.isArray(raw)) {
    const parts = raw.map((x, i) => evaluate(x, scope, [...at, i]));
    return { value: parts.map((p) => p.value), marks: parts.flatMap((p) => p.marks) };
  }
  if (isObject(raw)) {
    const out: Record<string, Planned> = {};
    const marks: Path[] = [];
    for (const [k, v] of Object.entries(raw)) {
      const e = evaluate(v as Json, scope, [...at, k]);
      out[k] = e.value;
      marks.push(...e.marks);
    }
    return { value: out, marks };
  }
  return { value: raw, marks: [] };
}

function expression(expr: string, scope: Scope): { value: Planned; sensitive: boolean } {
  const fn = /^sensitive\((.*)\)$/.exec(expr);
  if (fn) return { ...expression(fn[1]!.trim(), scope), sensitive: true };
  const parts = expr.split('.');
  if (parts[0] === 'var' && parts.length === 2) {
    const v = scope.variable(parts[1]!);
    if (!v) throw new ConfigError('Reference to undeclared input variable', `An input variable with the name "${parts[1]}" has not been declared.`);
    return v;
  }
  if (expr === 'terraform.workspace') return { value: scope.workspace, sensitive: false };
  if (expr === 'path.module' || expr === 'path.root') return { value: '.', sensitive: false };
  if (parts.length >= 3 && /^[a-z][a-z0-9_]*$/.test(parts[0]!)) {
    const found = scope.attribute(`${parts[0]}.${parts[1]}`, parts.slice(2));
    if (!found) throw new ConfigError('Reference to undeclared resource', `A managed resource "${parts[0]}" "${parts[1]}" has not been declared in the root module.`);
    return found;
  }
  throw new ConfigError('Unsupported expression', `the terraform double understands var.*, terraform.workspace, path.module, TYPE.NAME.ATTR and sensitive(), not "${expr}"`);
}

/** Resource addresses a raw value refers to (for ordering). */
export function references(raw: Json): string[] {
  const out = new Set<string>();
  const walk = (v: Json): void => {
    if (typeof v === 'string') {
      for (const m of v.matchAll(PART)) {
        const inner = m[1]!.trim().replace(/^sensitive\((.*)\)$/, '$1');
        const p = inner.split('.');
        if (p.length >= 3 && p[0] !== 'var' && p[0] !== 'terraform' && p[0] !== 'path') out.add(`${p[0]}.${p[1]}`);
      }
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (isObject(v)) Object.values(v).forEach((x) => walk(x as Json));
  };
  walk(raw);
  return [...out];
}
