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

const BLOCK = /<!-- reference: [^\n]*-->[\s\S]*?<!-- \/reference -->/;

/** The README with its reference block replaced (or appended when it has none). */
export function withReference(readme: string, action: ActionMeta): string {
  const block = referenceTables(action);
  return BLOCK.test(readme) ? readme.replace(BLOCK, () => block) : `${readme.trimEnd()}\n\n## Reference\n\n${block}\n`;
}
