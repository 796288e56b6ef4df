// The two resource types the double manages, behind one interface:
// - terraform_data (Terraform's built-in provider, terraform.io/builtin/terraform): `input` is
//   stored and copied to `output` at apply; a change to `triggers_replace` forces replacement.
//   A real terraform needs nothing downloaded for it, so the e2e tests run on both.
// - local_file (hashicorp/local 2.x): a real file under the working directory. Every argument
//   forces replacement, as in the provider; a refresh that finds the file gone or changed drops it
//   from the state, so drift is real (someone edits or deletes the file between runs).
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError } from './config.ts';
import { ctyType, deepEqual, isObject, sortKeys, UNKNOWN, type Json, type Path, type Planned } from './values.ts';

export interface Instance {
  /** Attributes as `show -json` shows them (dynamic values unwrapped). */
  attributes: Record<string, Json>;
  /** Sensitive attribute paths. */
  sensitive: Path[];
  tainted: boolean;
}

export type PlanAction = 'create' | 'update' | 'replace' | 'no-op';

export interface ResourcePlan {
  action: PlanAction;
  after: Record<string, Planned>;
  marks: Path[];
  replacePaths: Path[];
  /** Terraform's action_reason for a replace. */
  reason?: string;
}

export interface Kind {
  readonly type: string;
  /** `implied_provider` in the UI stream. */
  readonly implied: string;
  provider(flavour: Flavour): string;
  plan(prior: Instance | undefined, config: Record<string, Planned>, marks: Path[]): ResourcePlan;
  /** Creates or updates; returns the new instance (every value known). */
  apply(planned: Record<string, Planned>, marks: Path[], cwd: string): Instance;
  destroy(prior: Instance, cwd: string): void;
  /** Refresh: what exists now, or null when the object is gone. */
  read(prior: Instance, cwd: string): Instance | null;
  /** State form of the attributes (terraform_data wraps its dynamic values as {value, type}). */
  encode(attributes: Record<string, Json>): Record<string, Json>;
  decode(stored: Record<string, Json>): Record<string, Json>;
}

export type Flavour = 'terraform' | 'tofu';

function allowOnly(type: string, config: Record<string, Planned>, names: readonly string[]): void {
  for (const k of Object.keys(config)) {
    if (!names.includes(k)) throw new ConfigError('Unsupported argument', `An argument named "${k}" is not expected here (${type}).`);
  }
}

/** A uuid-shaped id like terraform_data's. */
function uuid(): string {
  const h = randomBytes(16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const terraformData: Kind = {
  type: 'terraform_data',
  implied: 'terraform',
  provider: () => 'terraform.io/builtin/terraform',
  plan(prior, config, marks) {
    allowOnly('terraform_data', config, ['input', 'triggers_replace']);
    const input = config['input'] ?? null;
    const triggers = config['triggers_replace'] ?? null;
    const fresh: Record<string, Planned> = { id: UNKNOWN, input, output: UNKNOWN, triggers_replace: triggers };
    if (!prior) return { action: 'create', after: fresh, marks, replacePaths: [] };
    const p = prior.attributes;
    if (prior.tainted) return { action: 'replace', after: fresh, marks, replacePaths: [], reason: 'replace_because_tainted' };
    if (!deepEqual(p['triggers_replace'] ?? null, triggers)) {
      return { action: 'replace', after: fresh, marks, replacePaths: [['triggers_replace']], reason: 'replace_because_cannot_update' };
    }
    if (!deepEqual(p['input'] ?? null, input)) {
      return { action: 'update', after: { id: p['id'] ?? UNKNOWN, input, output: UNKNOWN, triggers_replace: triggers }, marks, replacePaths: [] };
    }
    return { action: 'no-op', after: { ...p }, marks: prior.sensitive, replacePaths: [] };
  },
  apply(planned, marks) {
    const id = planned['id'] === UNKNOWN || planned['id'] === undefined ? uuid() : (planned['id'] as string);
    const input = (planned['input'] ?? null) as Json;
    return { attributes: { id, input, output: input, triggers_replace: (planned['triggers_replace'] ?? null) as Json }, sensitive: marks, tainted: false };
  },
  destroy() {},
  read: (prior) => prior,
  encode(a) {
    const wrap = (v: Json | undefined): Json => (v === null || v === undefined ? null : { value: sortKeys(v), type: ctyType(v) });
    return { id: a['id'] ?? null, input: wrap(a['input']), output: wrap(a['output']), triggers_replace: wrap(a['triggers_replace']) };
  },
  decode(s) {
    const unwrap = (v: Json | undefined): Json => (isObject(v) && 'value' in v ? (v['value'] as Json) : null);
    return { id: s['id'] ?? null, input: unwrap(s['input']), output: unwrap(s['output']), triggers_replace: unwrap(s['triggers_replace']) };
  },
};

const LOCAL_ARGS = ['content', 'filename', 'file_permission', 'directory_permission'] as const;
const LOCAL_COMPUTED = ['content_base64sha256', 'content_base64sha512', 'content_md5', 'content_sha1', 'content_sha256', 'content_sha512', 'id'] as const;

function hashes(content: string): Record<string, string> {
  const h = (alg: string, enc: 'hex' | 'base64') => createHash(alg).update(content).digest(enc);
  return {
    content_base64sha256: h('sha256', 'base64'),
    content_base64sha512: h('sha512', 'base64'),
    content_md5: h('md5', 'hex'),
    content_sha1: h('sha1', 'hex'),
    content_sha256: h('sha256', 'hex'),
    content_sha512: h('sha512', 'hex'),
    id: h('sha1', 'hex'),
  };
}

const localFile: Kind = {
  type: 'local_file',
  implied: 'local',
  provider: (flavour) => `registry.${flavour === 'tofu' ? 'opentofu.org' : 'terraform.io'}/hashicorp/local`,
  plan(prior, config, marks) {
    allowOnly('local_file', config, LOCAL_ARGS);
    if (typeof config['filename'] !== 'string') throw new ConfigError('Missing required argument', 'The argument "filename" is required (local_file).');
    const args: Record<string, Planned> = {
      content: config['content'] ?? null,
      content_base64: null,
      directory_permission: config['directory_permission'] ?? '0777',
      file_permission: config['file_permission'] ?? '0777',
      filename: config['filename'],
      sensitive_content: null,
      source: null,
    };
    const fresh: Record<string, Planned> = { ...args, ...Object.fromEntries(LOCAL_COMPUTED.map((k) => [k, UNKNOWN])) };
    if (!prior) return { action: 'create', after: fresh, marks, replacePaths: [] };
    if (prior.tainted) return { action: 'replace', after: fresh, marks, replacePaths: [], reason: 'replace_because_tainted' };
    const changed = LOCAL_ARGS.filter((k) => !deepEqual(prior.attributes[k] ?? null, args[k]));
    if (changed.length > 0) return { action: 'replace', after: fresh, marks, replacePaths: changed.map((k) => [k]), reason: 'replace_because_cannot_update' };
    return { action: 'no-op', after: { ...prior.attributes }, marks: prior.sensitive, replacePaths: [] };
  },
  apply(planned, marks, cwd) {
    const path = resolve(cwd, String(planned['filename']));
    const content = String(planned['content'] ?? '');
    mkdirSync(dirname(path), { recursive: true, mode: Number.parseInt(String(planned['directory_permission']), 8) });
    writeFileSync(path, content);
    chmodSync(path, Number.parseInt(String(planned['file_permission']), 8));
    const attributes: Record<string, Json> = {};
    for (const k of ['content', 'content_base64', 'directory_permission', 'file_permission', 'filename', 'sensitive_content', 'source']) attributes[k] = (planned[k] ?? null) as Json;
    return { attributes: { ...attributes, ...hashes(content) }, sensitive: marks, tainted: false };
  },
  destroy(prior, cwd) {
    rmSync(resolve(cwd, String(prior.attributes['filename'])), { force: true });
  },
  read(prior, cwd) {
    // As hashicorp/local does: a missing file, or one whose content no longer matches the id, is gone.
    const path = resolve(cwd, String(prior.attributes['filename']));
    if (!existsSync(path)) return null;
    const sha1 = createHash('sha1').update(readFileSync(path)).digest('hex');
    return sha1 === prior.attributes['id'] ? prior : null;
  },
  encode: (a) => a,
  decode: (s) => s,
};

const KINDS = new Map<string, Kind>([terraformData, localFile].map((k) => [k.type, k]));

export function kindOf(type: string): Kind {
  const kind = KINDS.get(type);
  if (!kind) throw new ConfigError('Invalid resource type', `the terraform double manages terraform_data and local_file, not "${type}"`);
  return kind;
}

