import { appendFileSync } from 'node:fs';
import type { Redactor } from './redact.ts';

/**
 * The job summary: appending to it, scrubbed, and the few markdown pieces every section is built
 * from. GitHub renders the file as GitHub Flavored Markdown
 * (https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions#adding-a-job-summary),
 * where a table exists only when its delimiter row has as many cells as its header row
 * (https://github.github.com/gfm/#tables-extension-), so tables are built here, checked, and never
 * by hand: a header cell left empty renders as an empty header row, a mismatch as a line of pipes.
 */

/**
 * Appends markdown to the job summary, scrubbed: the runner masks summaries, but not every encoding.
 * A plain synchronous append: core.summary would load fs/promises (and readline) on every start.
 */
export async function appendSummary(redactor: Redactor, markdown: string): Promise<void> {
  const file = process.env.GITHUB_STEP_SUMMARY;
  if (!file) return; // outside a runner (local runs) there is no summary file
  appendFileSync(file, `${redactor.scrub(markdown)}\n`);
}

/** Escapes a value for a markdown table cell: `|` and line breaks only (the rest stays markdown). */
export function cell(value: unknown): string {
  return String(value ?? '').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/**
 * An untrusted value as literal text on one line: every character GFM could read as markup is
 * backslash-escaped (emphasis, code, links, HTML, tables, entities), so a ref, an API answer or an
 * error message shows as written. Scrub before escaping: an escaped secret no longer matches.
 */
export function text(value: unknown): string {
  return String(value ?? '')
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/[\\`*_[\]<>|~&]/g, (c) => `\\${c}`);
}

/**
 * Like `text`, but `code spans` stay code spans and web addresses stay links: for sentences of ours
 * that quote inputs and YAML keys, with untrusted parts inside. A code span shows its content
 * literally, and an address is kept only when made of URL characters, so both are safe too.
 */
export function inline(value: unknown): string {
  const s = String(value ?? '').replace(/\r\n|\r|\n/g, ' ');
  let out = '';
  let at = 0;
  for (const m of s.matchAll(/`[^`]+`|\bhttps?:\/\/[\w.~:/?#@!$&'()*+,;=%-]+/g)) {
    out += text(s.slice(at, m.index)) + m[0];
    at = m.index + m[0].length;
  }
  return out + text(s.slice(at));
}

/**
 * A GFM table: one labelled header row, its delimiter row, one row per entry. Cells are used as
 * given (escape untrusted ones with `text` or `cell`); an empty cell is shown as `–`. A header that
 * is empty or a row of the wrong width is a bug in the caller, so it throws.
 */
export function table(columns: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  if (columns.length === 0 || columns.some((c) => c.trim() === '')) {
    throw new TypeError(`table: every column needs a label, got [${columns.map((c) => JSON.stringify(c)).join(', ')}]`);
  }
  const line = (cells: readonly string[]): string => `| ${cells.map((c) => (c.trim() === '' ? '–' : c)).join(' | ')} |`;
  const out = [line(columns), `|${columns.map(() => '---').join('|')}|`];
  for (const [i, row] of rows.entries()) {
    if (row.length !== columns.length) throw new TypeError(`table: row ${i + 1} has ${row.length} cells for ${columns.length} columns`);
    out.push(line(row));
  }
  return out.join('\n');
}

/** Text shown verbatim in a fenced code block, with a fence longer than any backtick run inside it. */
export function codeBlock(body: string): string {
  const longest = Math.max(2, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}text\n${body.replace(/\r\n?/g, '\n')}\n${fence}`;
}
