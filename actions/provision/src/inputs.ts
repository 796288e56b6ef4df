import { InputError } from '../../../shared/errors.ts';
import { githubSpec } from '../../../shared/github-spec.ts';
import { camelCase, input, readInputs, runnerInputs, type InputSource, type Settings } from '../../../shared/inputs.ts';
import { cloudSpec, validateCloud, type CloudConfig } from '../../../shared/oidc/spec.ts';
import type { Redactor } from '../../../shared/redact.ts';

// Paths stay inside the workspace: relative, no .. segments.
const PATH = /^(?!\/)(?!.*(^|\/)\.\.(\/|$))[^\0\n]{1,4096}$/;
const PATH_TEXT = 'a path relative to the workspace, without ..';
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
// Nothing that starts with '-': each of these ends up after a flag in the tool's argv.
const ADDRESS = /^(?!-)[^\s\0]{1,1024}$/;
const GLOB = /^(?!-)[A-Za-z0-9_.*?[\]"'/:@-]{1,512}$/;
const TAG = /^[A-Za-z0-9_.:-]{1,128}$/;

export type Tool = 'terraform' | 'tofu' | 'ansible';

const DESTROY_LIMIT = 'a number of deletions and replacements from 0 to 100000, or unlimited';

export const spec = {
  tool: input.enumOf(['terraform', 'tofu', 'ansible'] as const, { required: true }),
  command: input.enumOf(['plan', 'apply', 'drift'] as const, { required: true }),
  'working-directory': input.string({ required: true, pattern: PATH, patternText: PATH_TEXT }),
  'plan-file': input.string({ pattern: PATH, patternText: PATH_TEXT }),
  'plan-digest': input.string({ pattern: /^(sha256|hmac-sha256):[0-9a-f]{64}$/, patternText: 'the plan-digest output of the plan step (sha256:… or hmac-sha256:… with 64 hex digits)' }),
  'plan-encryption-key': input.secret(),
  // Backend settings may hold credentials: a secret, so no error shows a line of it.
  'backend-config': input.pairs({ secret: true, key: NAME, keyText: 'KEY' }),
  workspace: input.string({ pattern: /^[A-Za-z0-9_.-]{1,90}$/, patternText: 'a workspace name of letters, digits, _ . -' }),
  vars: input.pairs({ key: NAME, keyText: 'KEY (letters, digits, _)' }),
  'var-files': input.list({ lines: true, item: PATH, itemText: PATH_TEXT }),
  targets: input.list({ lines: true, item: ADDRESS, itemText: 'a resource address such as module.db.aws_db_instance.main' }),
  'lock-timeout': input.duration({ required: true, max: 6 * 3_600_000 }),
  'max-destroy': input.custom({
    required: true,
    expected: DESTROY_LIMIT,
    parse: (raw, name) => {
      if (raw === 'unlimited') return Number.POSITIVE_INFINITY;
      const n = /^\d{1,6}$/.test(raw) ? Number(raw) : Number.NaN;
      if (!Number.isSafeInteger(n) || n > 100_000) throw new InputError(name, raw, DESTROY_LIMIT);
      return n;
    },
  }),
  'protected-resources': input.list({ lines: true, item: GLOB, itemText: 'an address or type glob such as aws_db_instance or module.data.**' }),
  comment: input.enumOf(['off', 'update', 'new'] as const, { required: true }),
  alert: input.enumOf(['annotation', 'issue', 'fail'] as const, { required: true }),
  retries: input.integer({ required: true, min: 0, max: 10 }),
  timeout: input.duration({ required: true, min: 1000, max: 6 * 3_600_000 }),
  'stop-grace': input.duration({ required: true, min: 0, max: 30 * 60_000 }),
  playbook: input.string({ pattern: PATH, patternText: PATH_TEXT }),
  inventory: input.string({ pattern: PATH, patternText: PATH_TEXT }),
  limit: input.string({ pattern: ADDRESS, patternText: 'an Ansible host pattern such as web:&staging (no spaces, not starting with -)' }),
  tags: input.list({ item: TAG, itemText: 'a tag of letters, digits, _ . : -' }),
  'ssh-private-key': input.secret(),
  'known-hosts': input.string({ pattern: /^[^\0]{1,65536}$/, patternText: 'known_hosts lines (at most 64 KB)' }),
  'vault-password': input.secret(),
  // The job's OIDC token request for the tools themselves (providers that log in with it); off by default.
  'tool-oidc': input.boolean({ required: true }),
  'github-token': input.secret({ required: true }),
  // The total time PR comments and drift issues may wait on GitHub (tool runs do not count).
  ...githubSpec,
  // Cloud credentials over OIDC for the tools (shared/oidc/spec.ts; generated into action.yml).
  ...cloudSpec,
};

export type ProvisionSettings = Omit<Settings<typeof spec>, 'cloud'> & {
  /** The cloud-credential inputs, validated together (in place of the raw `cloud` value): `{ provider: 'none' }` unless `cloud` is set. */
  readonly cloud: CloudConfig;
};

const TERRAFORM_ONLY = ['backend-config', 'workspace', 'targets'] as const;
const ANSIBLE_ONLY = ['playbook', 'inventory', 'limit', 'tags', 'ssh-private-key', 'known-hosts', 'vault-password'] as const;

export function readSettings(redactor: Redactor, source: InputSource = runnerInputs): ProvisionSettings {
  const s = readInputs(spec, redactor, source);
  const errors: InputError[] = [];
  const value = (name: keyof typeof spec): unknown => (s as Record<string, unknown>)[camelCase(name)];
  const given = (name: keyof typeof spec): boolean => value(name) !== undefined;
  const shown = (name: keyof typeof spec): string => (spec[name].secret ? '***' : String(value(name)));
  if (s.tool === 'ansible') {
    if (s.playbook === undefined) errors.push(new InputError('playbook', '', 'a playbook path, since tool is ansible'));
    for (const name of TERRAFORM_ONLY) if (given(name)) errors.push(new InputError(name, shown(name), `nothing, since tool is ansible (${name} is for terraform and tofu)`, { secret: spec[name].secret }));
  } else {
    for (const name of ANSIBLE_ONLY) if (given(name)) errors.push(new InputError(name, shown(name), `nothing, since tool is ${s.tool} (${name} is for ansible)`, { secret: spec[name].secret }));
    if (s.command === 'apply') {
      if (s.planFile === undefined) errors.push(new InputError('plan-file', '', 'the reviewed plan to apply (the plan-file the plan step wrote; apply only applies what was reviewed)'));
      if (s.planDigest === undefined) errors.push(new InputError('plan-digest', '', 'the plan-digest output of the plan step, e.g. ${{ needs.plan.outputs.plan-digest }} (apply refuses a plan that is not the reviewed one)'));
    }
  }
  if (s.command !== 'apply' && s.planDigest !== undefined) {
    errors.push(new InputError('plan-digest', s.planDigest, `nothing with command ${s.command} (it is what apply checks the reviewed plan against)`));
  }
  if (s.tool === 'ansible' && s.command === 'drift' && s.planFile !== undefined) {
    errors.push(new InputError('plan-file', s.planFile, 'nothing with command drift for ansible (a check run saves no plan)'));
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw InputError.combine(errors);
  return Object.freeze({ ...s, cloud: validateCloud(s) });
}
