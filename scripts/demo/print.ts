import type { RunResult } from '../../test/harness/runner/index.ts';

/** How the demo shows a step in the terminal: what a newcomer would see in the job's page. */
export function printStep(title: string, r: RunResult): void {
  const mark = r.conclusion === 'success' ? '✓' : r.conclusion === 'cancelled' ? '⊘' : '✗';
  console.log(`\n${mark} ${title} — ${r.conclusion}`);
  for (const a of r.annotations.filter((x) => x.source === 'action')) console.log(`  ${a.level}: ${a.maskedMessage.split('\n').join('\n    ')}`);
  const outputs = Object.entries(r.outputs).filter(([k]) => k !== 'record');
  if (outputs.length) console.log(`  outputs: ${outputs.map(([k, v]) => `${k}=${v}`).join(', ')}`);
  if (r.maskedSummary.trim()) console.log(indent(r.maskedSummary.trim(), '  │ '));
}

export function heading(text: string): void {
  console.log(`\n━━ ${text} ${'━'.repeat(Math.max(0, 70 - text.length))}`);
}

const indent = (text: string, prefix: string): string => text.split('\n').map((l) => prefix + l).join('\n');
