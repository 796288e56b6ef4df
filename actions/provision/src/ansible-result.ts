import { isAbsolute, relative } from 'node:path';
import type { Change, Diagnostic } from './summary.ts';

/**
 * Reads what the `ansible.posix.json` stdout callback prints once, at the end of a run:
 * `{plays: [{play, tasks: [{task: {name, path}, hosts: {HOST: result}}]}], stats: {HOST: {…}}}`.
 * One result per (host, task):
 * - changed → `update`, or `delete` when the module was told `state: absent` (files, users,
 *   packages…), which the destructive guard counts;
 * - skipped because check mode cannot tell ("Command would have run if not in check mode") →
 *   `unknown`: a check run undercounts, and the summary says so instead of "no change";
 * - failed and unreachable → diagnostics; unreachable hosts are what a retry narrows `--limit` to.
 * Task ids change every run, so a task is known by its file and line (relative to the working
 * directory) and name. `no_log` results arrive censored; nothing of a result but its flags, module
 * name and state is read, so no value, diff or message body goes further than the log's one line.
 */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface TaskResult {
  host: string;
  /** `file.yml:LINE`, relative to the working directory when inside it. */
  task: string;
  name: string;
  module: string;
  play: string;
  changed: boolean;
  /** Skipped because check mode could not tell what it would do. */
  unknown: boolean;
  failed: boolean;
  unreachable: boolean;
  /** `state: absent` (or an item of a loop with it) that changed. */
  removes: boolean;
  noLog: boolean;
  /** The first line of the module's message for failures, at most 200 characters (never for no_log). */
  message: string;
}

export interface AnsibleOutcome {
  results: TaskResult[];
  /** Hosts with unreachable > 0 in the stats. */
  unreachable: string[];
  /** Hosts with failures > 0 in the stats. */
  failed: string[];
}

const CHECK_MODE = /check mode/i;

function firstLine(v: unknown): string {
  const text = typeof v === 'string' ? v : '';
  const line = text.split('\n')[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

function removesSomething(r: Obj): boolean {
  const args = isObj(r['invocation']) && isObj(r['invocation']['module_args']) ? r['invocation']['module_args'] : {};
  if (r['changed'] === true && args['state'] === 'absent') return true;
  const items = Array.isArray(r['results']) ? r['results'] : [];
  return items.some((i) => isObj(i) && removesSomething(i));
}

export function parseAnsible(doc: unknown, workingDir: string): AnsibleOutcome {
  const results: TaskResult[] = [];
  const plays = isObj(doc) && Array.isArray(doc['plays']) ? doc['plays'] : [];
  for (const p of plays) {
    if (!isObj(p)) continue;
    const play = isObj(p['play']) ? String(p['play']['name'] ?? '') : '';
    for (const t of Array.isArray(p['tasks']) ? p['tasks'] : []) {
      if (!isObj(t) || !isObj(t['task']) || !isObj(t['hosts'])) continue;
      const name = String(t['task']['name'] ?? '');
      const rawPath = String(t['task']['path'] ?? '');
      const file = rawPath.replace(/:\d+$/, '');
      const line = /:(\d+)$/.exec(rawPath)?.[1] ?? '';
      const rel = isAbsolute(file) && !relative(workingDir, file).startsWith('..') ? relative(workingDir, file) : file;
      for (const [host, r] of Object.entries(t['hosts'])) {
        if (!isObj(r)) continue;
        const noLog = 'censored' in r || r['_ansible_no_log'] === true;
        const skipped = r['skipped'] === true;
        const failed = r['failed'] === true;
        results.push({
          host,
          task: line ? `${rel}:${line}` : rel,
          name,
          module: String(r['action'] ?? ''),
          play,
          changed: r['changed'] === true,
          unknown: skipped && CHECK_MODE.test(String(r['msg'] ?? '')),
          failed,
          unreachable: r['unreachable'] === true,
          removes: removesSomething(r),
          noLog,
          message: failed || r['unreachable'] === true ? (noLog ? 'output hidden (no_log)' : firstLine(r['msg'])) : '',
        });
      }
    }
  }
  const stats = isObj(doc) && isObj(doc['stats']) ? doc['stats'] : {};
  const hostsWith = (key: string): string[] => Object.entries(stats).filter(([, s]) => isObj(s) && Number(s[key] ?? 0) > 0).map(([h]) => h).sort();
  return { results, unreachable: hostsWith('unreachable'), failed: hostsWith('failures') };
}

export const taskAddress = (r: Pick<TaskResult, 'host' | 'name' | 'task'>): string => `${r.host}: ${r.name || '(unnamed task)'} (${r.task})`;

/** The summary's changes: what changed (or would), and what check mode could not tell. */
export function ansibleChanges(results: readonly TaskResult[]): Change[] {
  return results
    .filter((r) => r.changed || r.unknown)
    .map((r) => ({
      address: taskAddress(r),
      kind: 'task' as const,
      action: r.unknown ? ('unknown' as const) : r.removes ? ('delete' as const) : ('update' as const),
      actions: [r.unknown ? 'skipped-in-check-mode' : 'changed'],
      changed_paths: [],
      sensitive: r.noLog,
      destructive: r.removes,
      protected: false,
      type: r.module,
      provider: r.play,
    }));
}

export function ansibleDiagnostics(results: readonly TaskResult[]): Diagnostic[] {
  return results
    .filter((r) => r.failed || r.unreachable)
    .map((r) => ({ severity: 'error' as const, summary: `${r.unreachable ? 'unreachable' : 'failed'}: ${r.name || r.task}${r.message ? ` — ${r.message}` : ''}`, address: r.host }));
}

export interface AnsibleChangeSet {
  v: 1;
  tasks: { host: string; task: string; name: string; action: string }[];
}

/** The canonical change set of a check run: each (host, task) that would change or might, sorted. */
export function ansibleChangeSet(results: readonly TaskResult[]): AnsibleChangeSet {
  const tasks = results
    .filter((r) => r.changed || r.unknown)
    .map((r) => ({ host: r.host, task: r.task, name: r.name, action: r.unknown ? 'unknown' : r.removes ? 'delete' : 'update' }))
    .sort((a, b) => (a.host + '\0' + a.task + '\0' + a.name).localeCompare(b.host + '\0' + b.task + '\0' + b.name));
  return { v: 1, tasks };
}

/** Replaces the results of `hosts` in `earlier` with those of a retry limited to them. */
export function mergeRetry(earlier: readonly TaskResult[], retry: readonly TaskResult[], hosts: readonly string[]): TaskResult[] {
  const retried = new Set(hosts);
  return [...earlier.filter((r) => !retried.has(r.host)), ...retry];
}
