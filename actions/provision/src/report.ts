import type { FailureReason } from './failure.ts';
import type { Change, PlanSummary, Step } from './summary.ts';
import { headline } from './summary.ts';
import type { LockInfo } from './tf-stream.ts';

/**
 * How a run is told: the job summary and the PR comment, both markdown from the same summary. Every
 * value from the configuration (addresses, task names, messages) is escaped as text; nothing else
 * than the summary's fields is shown, so no planned value reaches either. The comment is sized to
 * fit GitHub's 65,536-character limit, dropping table rows (and saying how many) rather than failing.
 */

export interface Outcome {
  readonly summary?: PlanSummary;
  /** The plan file written (plan) or applied (apply). */
  readonly planFile?: string;
  readonly encrypted?: boolean;
  readonly exitCode?: number;
  readonly applied?: readonly string[];
  readonly notApplied?: readonly string[];
  readonly notes: readonly string[];
  readonly attempts: number;
  readonly failure?: { readonly reason: FailureReason; readonly message: string; readonly lockInfo?: LockInfo };
  readonly issue?: { readonly number: number; readonly url: string; readonly action: 'opened' | 'updated' | 'closed' };
  /** Why GitHub did not take the drift issue: the step fails with it once the drift is published. */
  readonly issueError?: unknown;
}

export const COMMENT_LIMIT = 65_536;
const SUMMARY_ROWS = 300;

/** Markdown-safe text on one line (configuration and tool output are untrusted). */
export function md(value: unknown): string {
  return String(value ?? '')
    .replace(/\r?\n|\r/g, ' ')
    .replace(/[\\`*_[\]<>|~&#]/g, (c) => `\\${c}`);
}

export function formatPath(path: Step): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

const ICON: Record<string, string> = { create: '+', update: '~', replace: '±', delete: '−', forget: '⊘', move: '→', import: '⇐', unknown: '?' };

function changeRow(c: Change): string {
  const paths = c.changed_paths.slice(0, 8).map(formatPath);
  const more = c.changed_paths.length - paths.length + (c.paths_truncated ? 1 : 0);
  const forcing = (c.replace_paths ?? []).map(formatPath);
  const attrs = [...paths.map((p) => (forcing.includes(p) ? `${p} (forces replacement)` : p)), ...(more > 0 ? [`+${more} more`] : [])].join(', ');
  const flags = [c.protected ? '**protected**' : '', c.destructive ? 'destructive' : '', c.sensitive ? 'sensitive' : '', c.reason ? md(c.reason) : '', c.previous_address ? `moved from ${md(c.previous_address)}` : ''].filter(Boolean).join(', ');
  return `| ${ICON[c.action] ?? ''} ${c.action} | ${md(c.address)} | ${md(c.type)} | ${md(attrs) || '–'} | ${flags || '–'} |`;
}

function countsTable(s: PlanSummary): string[] {
  const c = s.counts;
  return [
    '| add | change | replace | destroy | forget | import | move | unknown | drift | outputs |',
    '|---|---|---|---|---|---|---|---|---|---|',
    `| ${c.add} | ${c.change} | ${c.replace} | ${c.destroy} | ${c.forget} | ${c.import} | ${c.move} | ${c.unknown} | ${c.drift} | ${c.outputs} |`,
  ];
}

export interface ReportContext {
  runUrl: string;
  sha: string;
}

/** Heading, status and counts: the part both the job summary and the comment start with. */
function head(s: PlanSummary | undefined, o: Outcome, ctx: ReportContext, command: string, tool: string, dir: string, workspace: string): string[] {
  const where = `${md(dir)}${tool === 'ansible' ? '' : ` (workspace ${md(workspace)})`}`;
  const out = [`### provision: ${tool} ${command} — ${where}`, ''];
  if (s) {
    const what = command === 'drift' ? (s.counts.drift > 0 ? `**drift in ${s.counts.drift} resource(s)**` : '**no drift**') + (s.changes.length > 0 ? `; pending: ${headline(s.counts)}` : '') : `**${headline(s.counts)}**`;
    const digest = s.digest && command !== 'drift' ? ` · plan-digest \`${s.digest}\`` : '';
    out.push(`${what} · ${tool} ${md(s.tool_version)}${digest}${s.complete ? '' : ' · incomplete plan'}`, '');
  }
  if (o.failure) out.push(`> **Failed${o.failure.reason ? ` (${o.failure.reason})` : ''}:** ${md(o.failure.message)}`, '');
  if (s?.guard?.verdict === 'blocked') {
    out.push('> **Destructive changes blocked** (raise max-destroy or change protected-resources in the workflow to allow them):');
    for (const r of s.guard.reasons) out.push(`> - ${md(r)}`);
    out.push('');
  }
  if (o.failure?.lockInfo) {
    const l = o.failure.lockInfo;
    out.push(`> Lock held by ${md(l.Who)} — ID ${md(l.ID)}, ${md(l.Operation)}, since ${md(l.Created)}`, '');
  }
  if (s) out.push(...countsTable(s), '');
  return out;
}

function tail(s: PlanSummary | undefined, o: Outcome, ctx: ReportContext): string[] {
  const out: string[] = [];
  if (o.applied !== undefined) {
    out.push(`Applied: ${o.applied.length === 0 ? 'nothing' : o.applied.slice(0, 50).map(md).join(', ')}${o.applied.length > 50 ? `, … (${o.applied.length})` : ''}`, '');
  }
  if (o.notApplied !== undefined && o.notApplied.length > 0) {
    out.push(`Not applied: ${o.notApplied.slice(0, 50).map(md).join(', ')}${o.notApplied.length > 50 ? `, … (${o.notApplied.length})` : ''}`, '');
  }
  for (const n of o.notes) out.push(`> ${md(n)}`, '');
  if (s && s.diagnostics.length > 0) {
    out.push('Diagnostics:', '');
    for (const d of s.diagnostics.slice(0, 20)) out.push(`- ${d.severity}: ${md(d.summary)}${d.address ? ` (${md(d.address)})` : ''}`);
    out.push('');
  }
  if (o.planFile) out.push(`Plan file: ${md(o.planFile)}${o.encrypted ? ' (encrypted)' : ''}`, '');
  out.push(`[Run](${ctx.runUrl})${/^[0-9a-f]{40}$/i.test(ctx.sha) ? ` · commit ${ctx.sha.slice(0, 7)}` : ''}`, '');
  return out;
}

function tables(s: PlanSummary, limitRows: number): { lines: string[]; shown: number; total: number } {
  const lines: string[] = [];
  let shown = 0;
  const total = s.changes.length + s.drift.length;
  if (s.changes.length > 0) {
    lines.push('| action | address | type | changed attributes | notes |', '|---|---|---|---|---|');
    for (const c of s.changes) {
      if (shown >= limitRows) break;
      lines.push(changeRow(c));
      shown++;
    }
    lines.push('');
  }
  if (s.drift.length > 0 && shown < limitRows) {
    lines.push('Drift (changed outside the tool):', '', '| drift | address | type | changed attributes |', '|---|---|---|---|');
    for (const d of s.drift) {
      if (shown >= limitRows) break;
      lines.push(`| ${d.action === 'delete' ? 'deleted' : 'changed'} | ${md(d.address)} | ${md(d.type)} | ${md(d.changed_paths.slice(0, 8).map(formatPath).join(', ')) || '–'} |`);
      shown++;
    }
    lines.push('');
  }
  if (s.outputs.length > 0) lines.push(`Outputs: ${s.outputs.map((x) => `${md(x.name)} (${x.action}${x.sensitive ? ', sensitive' : ''})`).join(', ')}`, '');
  if (s.deferred.length > 0) lines.push(`Deferred to a later run: ${s.deferred.map((d) => `${md(d.address)} (${md(d.reason)})`).join(', ')}`, '');
  return { lines, shown, total };
}

export interface Rendering {
  command: string;
  tool: string;
  dir: string;
  workspace: string;
}

export function jobSummary(o: Outcome, ctx: ReportContext, r: Rendering): string {
  const s = o.summary;
  const t = s ? tables(s, SUMMARY_ROWS) : { lines: [], shown: 0, total: 0 };
  const more = t.total > t.shown ? [`… and ${t.total - t.shown} more (the summary-file output has them all)`, ''] : [];
  return [...head(s, o, ctx, r.command, r.tool, r.dir, r.workspace), ...t.lines, ...more, ...tail(s, o, ctx)].join('\n');
}

/**
 * The PR comment: the hidden marker first (it is how the comment is found again), then the same
 * report, with as many table rows as fit in GitHub's limit.
 */
export function commentBody(marker: string, o: Outcome, ctx: ReportContext, r: Rendering, limit = COMMENT_LIMIT): string {
  const s = o.summary;
  const top = [marker, ...head(s, o, ctx, r.command, r.tool, r.dir, r.workspace)].join('\n');
  const bottom = tail(s, o, ctx).join('\n');
  if (!s) return `${top}\n${bottom}`;
  let rows = s.changes.length + s.drift.length;
  for (;;) {
    const t = tables(s, rows);
    const more = t.total > t.shown ? `\n… and ${t.total - t.shown} more not shown here: see the job summary of the run\n` : '';
    const body = `${top}\n<details open><summary>Changes</summary>\n\n${t.lines.join('\n')}${more}\n</details>\n\n${bottom}`;
    if (body.length <= limit || rows === 0) return body.length <= limit ? body : body.slice(0, limit);
    // Shrink in proportion to the overflow, at least one row at a time.
    rows = Math.max(0, Math.min(rows - 1, Math.floor((rows * limit) / body.length) - 1));
  }
}
