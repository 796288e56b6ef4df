import type { ActionMeta } from './actions.ts';

/** The inputs and outputs tables of an action's README, generated from its action.yml. */
export function referenceTables(action: ActionMeta): string {
  const esc = (s: string | undefined): string => (s ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const inputs = Object.entries(action.yml.inputs ?? {}).map(
    ([name, i]) => `| \`${name}\` | ${i.required ? 'yes' : 'no'} | ${i.default === undefined ? '' : `\`${esc(i.default)}\``} | ${esc(i.description)} |`,
  );
  const outputs = Object.entries(action.yml.outputs ?? {}).map(([name, o]) => `| \`${name}\` | ${esc(o.description)} |`);
  return [
    '<!-- reference: generated from action.yml by `npm run docs` -->',
    '### Inputs',
    '',
    ...inputRules(action),
    '',
    '| input | required | default | description |',
    '|---|---|---|---|',
    ...inputs,
    '',
    '### Outputs',
    '',
    '| output | description |',
    '|---|---|',
    ...outputs,
    '<!-- /reference -->',
  ].join('\n');
}

/** How the action reads its inputs (shared/input-env.ts; docs/inputs.md), said above every input table. */
function inputRules(action: ActionMeta): string[] {
  const tokenInputs = Object.entries(action.yml.inputs ?? {}).filter(([, i]) => /^\$\{\{\s*github\.token\s*\}\}$/.test(i.default ?? '')).map(([n]) => n);
  const lines = [
    "An input set to `''` gets its default, exactly as an omitted one: that is what a reusable workflow",
    'sends when it forwards `${{ inputs.x }}` its caller left out. An input this action does not have',
    "(a typo such as `health_url`) fails the step before it does anything, naming the closest input.",
  ];
  for (const name of tokenInputs) {
    lines.push(
      `\`${name}\` defaults to \`\${{ github.token }}\` only when it is omitted; an empty one fails, since an action`,
      `cannot read the job's token itself: a reusable workflow should pass \`${name}: \${{ secrets.GH_TOKEN || github.token }}\`.`,
    );
  }
  lines.push('See [docs/inputs.md](../../docs/inputs.md).');
  return lines;
}

const BLOCK = /<!-- reference: [^\n]*-->[\s\S]*?<!-- \/reference -->/;

/** The README with its reference block replaced (or appended when it has none). */
export function withReference(readme: string, action: ActionMeta): string {
  const block = referenceTables(action);
  return BLOCK.test(readme) ? readme.replace(BLOCK, () => block) : `${readme.trimEnd()}\n\n## Reference\n\n${block}\n`;
}
