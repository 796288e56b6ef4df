import { cloudInputs } from '../../shared/oidc/inputs-doc.ts';

/**
 * The cloud-credential inputs of an action.yml, generated from shared/oidc/spec.ts (one source for
 * every action that has them). An action opts in by holding the two marker lines in its inputs.
 */
const START = '  # cloud credentials over OIDC: generated from shared/oidc/spec.ts by `npm run docs`';
const END = '  # end of cloud credentials';
const BLOCK = /^ {2}# cloud credentials over OIDC: generated[^\n]*\n[\s\S]*?^ {2}# end of cloud credentials$/m;

const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`;

export function cloudInputsBlock(): string {
  const lines = [START];
  for (const [name, input] of Object.entries(cloudInputs)) {
    lines.push(`  ${name}:`, `    description: ${quote(input.description)}`, '    required: false');
    if (input.default !== undefined) lines.push(`    default: ${quote(input.default)}`);
  }
  lines.push(END);
  return lines.join('\n');
}

/** The action.yml text with its cloud block regenerated; unchanged when it has no markers. */
export function withCloudInputs(yml: string): string {
  return BLOCK.test(yml) ? yml.replace(BLOCK, () => cloudInputsBlock()) : yml;
}

export const hasCloudInputs = (yml: string): boolean => BLOCK.test(yml);
