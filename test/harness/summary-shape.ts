// A job summary as GitHub renders it: parsed as GitHub Flavored Markdown (micromark's GFM table
// extension, which follows the GFM spec's table rules), then checked for the shape problems a
// reader sees: an empty table header row, a row wider or narrower than its header, a "table" that
// renders as a line of pipes (its delimiter row does not match its header), a table with no heading
// above it, and raw HTML (an untrusted value that was not escaped; bare formatting tags such as
// <sub> are allowed). `sections()` gives each
// heading's plain text and tables, for assertions on what a section says.

import type { Heading, Nodes, Root, RootContent, Table } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTable } from 'micromark-extension-gfm-table';

export interface SummaryTable {
  /** 1-based line of the header row. */
  line: number;
  header: string[];
  rows: string[][];
}

export interface SummarySection {
  /** The heading's text ('' for anything before the first heading). */
  heading: string;
  depth: number;
  /** Plain text of the section (headings excluded), paragraphs joined by newlines. */
  text: string;
  tables: SummaryTable[];
}

export function parseSummary(markdown: string): Root {
  return fromMarkdown(markdown, { extensions: [gfmTable()], mdastExtensions: [gfmTableFromMarkdown()] });
}

/** Plain text of a node: text, inline code and escapes resolved; breaks as spaces. */
export function plain(node: Nodes): string {
  if (node.type === 'text' || node.type === 'inlineCode' || node.type === 'code' || node.type === 'html') return node.value;
  if (node.type === 'break') return ' ';
  if ('children' in node) return (node.children as Nodes[]).map(plain).join(node.type === 'list' ? '\n' : '');
  return '';
}

/** Bare formatting tags GitHub renders and a summary may use on purpose (`<sub>` for a footnote); anything else is suspect. */
const FORMATTING_TAG = /^<\/?(sub|sup|details|summary|br)\s*\/?>$/i;

const lineOf = (node: Nodes): number => node.position?.start.line ?? 0;

function tableOf(node: Table): SummaryTable {
  const [head, ...body] = node.children;
  const cells = (row: typeof head): string[] => (row ? row.children.map((c) => plain(c).trim()) : []);
  return { line: lineOf(node), header: cells(head), rows: body.map(cells) };
}

/** Every shape problem of a summary, as `line N: …`; empty when it renders cleanly. */
export function summaryProblems(markdown: string): string[] {
  const root = parseSummary(markdown);
  const problems: string[] = [];
  let headingSeen = false;
  const visit = (node: Nodes): void => {
    if (node.type === 'heading') headingSeen = true;
    if (node.type === 'html' && !FORMATTING_TAG.test(node.value.trim())) problems.push(`line ${lineOf(node)}: raw HTML ${JSON.stringify(node.value.slice(0, 60))} (an unescaped value?)`);
    if (node.type === 'table') {
      const t = tableOf(node);
      if (!headingSeen) problems.push(`line ${t.line}: a table with no heading above it (columns: ${t.header.join(' | ')})`);
      if (t.header.every((h) => h === '')) problems.push(`line ${t.line}: an empty header row (${t.header.length} unlabelled columns)`);
      else t.header.forEach((h, i) => h === '' && problems.push(`line ${t.line}: header cell ${i + 1} of ${t.header.length} is empty`));
      t.rows.forEach((r, i) => {
        if (r.length !== t.header.length) problems.push(`line ${t.line + 2 + i}: a row of ${r.length} cells under ${t.header.length} columns`);
      });
    }
    if (node.type === 'paragraph') {
      const raw = markdown.split('\n').slice(lineOf(node) - 1, node.position?.end.line ?? lineOf(node));
      const at = raw.findIndex((l) => /^\s*\|/.test(l));
      if (at >= 0) problems.push(`line ${lineOf(node) + at}: a table row outside any table (its delimiter row does not match its header?): ${raw[at]!.slice(0, 80)}`);
    }
    if ('children' in node) for (const child of node.children as Nodes[]) visit(child);
  };
  visit(root);
  return problems;
}

/** The summary cut at each heading. */
export function sections(markdown: string): SummarySection[] {
  const out: SummarySection[] = [{ heading: '', depth: 0, text: '', tables: [] }];
  for (const node of parseSummary(markdown).children as RootContent[]) {
    if (node.type === 'heading') {
      out.push({ heading: plain(node as Heading), depth: (node as Heading).depth, text: '', tables: [] });
      continue;
    }
    const current = out[out.length - 1]!;
    if (node.type === 'table') current.tables.push(tableOf(node));
    else current.text += `${plain(node)}\n`;
  }
  return out.filter((s) => s.heading !== '' || s.text !== '' || s.tables.length > 0);
}
