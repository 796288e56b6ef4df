import { InputError } from '../../../shared/errors.ts';
import { input, readInputs, type InputSource, type Settings } from '../../../shared/inputs.ts';
import { cloudSpec, validateCloud, type CloudConfig } from '../../../shared/oidc/spec.ts';
import type { Redactor } from '../../../shared/redact.ts';

// Paths stay inside the workspace: relative, no .. segments.
const PATH = /^(?!\/)(?!.*(^|\/)\.\.(\/|$))[^\0]{1,4096}$/;
const PATH_TEXT = 'a path relative to the workspace, without ..';
const VAR = /^[A-Za-z_][A-Za-z0-9_]*=.*$/;

export const spec = {
  tool: input.enumOf(['terraform', 'tofu', 'ansible'] as const, { required: true }),
  command: input.enumOf(['plan', 'apply', 'drift'] as const, { required: true }),
  'working-directory': input.string({ required: true, pattern: PATH, patternText: PATH_TEXT }),
  'plan-file': input.string({ pattern: PATH, patternText: PATH_TEXT }),
  vars: input.list({ lines: true, item: VAR, itemText: 'KEY=VALUE with KEY of letters, digits and _' }),
  'var-files': input.list({ lines: true, item: PATH, itemText: PATH_TEXT }),
  playbook: input.string({ pattern: PATH, patternText: PATH_TEXT }),
  inventory: input.string({ pattern: PATH, patternText: PATH_TEXT }),
  retries: input.integer({ required: true, min: 0, max: 10 }),
  timeout: input.duration({ required: true, min: 1000, max: 6 * 3_600_000 }),
  'github-token': input.secret({ required: true }),
  // Cloud credentials over OIDC for the tools (shared/oidc/spec.ts; generated into action.yml).
  ...cloudSpec,
};

export type ProvisionSettings = Omit<Settings<typeof spec>, 'cloud'> & {
  /** The cloud-credential inputs, validated together (in place of the raw `cloud` value): `{ provider: 'none' }` unless `cloud` is set. */
  readonly cloud: CloudConfig;
};

export function readSettings(redactor: Redactor, source?: InputSource): ProvisionSettings {
  const s = readInputs(spec, redactor, source);
  if (s.tool === 'ansible' && s.playbook === undefined) throw new InputError('playbook', '', 'a playbook path, since tool is ansible');
  if (s.tool !== 'ansible' && (s.playbook !== undefined || s.inventory !== undefined)) {
    throw new InputError(s.playbook !== undefined ? 'playbook' : 'inventory', s.playbook ?? s.inventory ?? '', `nothing, since tool is ${s.tool}`);
  }
  if (s.command === 'apply' && s.tool !== 'ansible' && s.planFile === undefined) {
    throw new InputError('plan-file', '', 'the reviewed plan to apply (apply only applies what was reviewed)');
  }
  return Object.freeze({ ...s, cloud: validateCloud(s) });
}
