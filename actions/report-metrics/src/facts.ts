/**
 * What report-metrics keeps of GitHub's answers: small, validated facts about runs and jobs. API
 * objects are untrusted (a collaborator names branches, jobs and workflows), so every string is
 * checked or cleaned here, once, before anything logs, summarises or sends it. A fact is a fixed,
 * flat shape of numbers and strings; the few-valued strings (workflow, event, status, conclusion)
 * are shared through an interner, so what a run costs is its object, its timestamps, its commit
 * and its link (~250 bytes; docs/metrics-memory.md), never a part of a response.
 */

export type BranchClass = 'default' | 'other';

export interface RunFact {
  repository: string;
  /** The workflow file name (ci.yml). */
  workflow: string;
  id: number;
  runNumber: number;
  attempt: number;
  event: string;
  branchClass: BranchClass;
  status: string;
  /** The latest attempt's conclusion ('' while running). */
  conclusion: string;
  createdAt: number;
  startedAt: number;
  updatedAt: number;
  headSha: string;
  url: string;
}

export interface JobFact {
  repository: string;
  workflow: string;
  runId: number;
  /** Event and branch class of the run, so job series split like run series. */
  event: string;
  branchClass: BranchClass;
  name: string;
  attempt: number;
  conclusion: string;
  createdAt: number;
  startedAt: number;
  completedAt: number;
  /** First label (ubuntu-latest, self-hosted …). */
  runnerLabel: string;
  /**
   * Copied into a re-run attempt from an earlier one (it started before it was created, or before
   * its attempt started): its times belong to the earlier attempt, so it is left out.
   */
  rerunArtefact: boolean;
}

/** A collaborator-written name, made safe for logs, markdown and Mermaid: printable, single line, short. */
export function cleanName(raw: unknown, max = 100): string {
  const text = String(raw ?? '')
    // Control characters (newlines would let a name start a `::workflow-command::` line).
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The fields runFact reads: all a run list page is read for (collect/list-page.ts). */
export const RUN_FIELDS: ReadonlySet<string> = new Set(['id', 'created_at', 'run_started_at', 'updated_at', 'run_attempt', 'run_number', 'head_sha', 'html_url', 'path', 'event', 'head_branch', 'status', 'conclusion']);

/** The fields jobFact reads from a job (labels: the first is kept). */
export const JOB_FIELDS: ReadonlySet<string> = new Set(['status', 'created_at', 'started_at', 'completed_at', 'labels', 'name', 'run_attempt', 'conclusion']);

/** One copy of each distinct string: the same few workflow names, events and conclusions recur in every run. */
export type Intern = (text: string) => string;

export function interner(): Intern {
  const seen = new Map<string, string>();
  return (text) => {
    const known = seen.get(text);
    if (known !== undefined) return known;
    seen.set(text, text);
    return text;
  };
}

const own: Intern = (text) => text;

const SHA = /^[0-9a-f]{40}$/;
const WORD = /^[a-z_]{1,40}$/;

function time(raw: unknown): number {
  const t = typeof raw === 'string' ? Date.parse(raw) : Number.NaN;
  return Number.isFinite(t) ? t : Number.NaN;
}

function word(raw: unknown): string {
  return typeof raw === 'string' && WORD.test(raw) ? raw : '';
}

/** The file name of a workflow path (.github/workflows/ci.yml → ci.yml); dynamic workflows keep their path's last segment. */
export function workflowFile(path: unknown): string {
  const last = String(path ?? '').split('@')[0]!.split('/').pop() ?? '';
  return /^[A-Za-z0-9_.-]{1,100}$/.test(last) ? last : 'unknown';
}

/** A run object from GitHub's list, or undefined when it is not one we can use. */
export function runFact(raw: Record<string, unknown>, repository: string, defaultBranch: string, intern: Intern = own): RunFact | undefined {
  const id = raw['id'];
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) return undefined;
  const createdAt = time(raw['created_at']);
  if (Number.isNaN(createdAt)) return undefined;
  const startedAt = time(raw['run_started_at']);
  const attempt = typeof raw['run_attempt'] === 'number' && raw['run_attempt'] >= 1 ? raw['run_attempt'] : 1;
  const sha = typeof raw['head_sha'] === 'string' && SHA.test(raw['head_sha']) ? raw['head_sha'] : '';
  const url = typeof raw['html_url'] === 'string' && /^https?:\/\/[^\s"'<>]+$/.test(raw['html_url']) ? raw['html_url'] : '';
  return {
    repository,
    workflow: intern(workflowFile(raw['path'])),
    id,
    runNumber: typeof raw['run_number'] === 'number' ? raw['run_number'] : 0,
    attempt,
    event: intern(word(raw['event']) || 'unknown'),
    branchClass: raw['head_branch'] === defaultBranch ? 'default' : 'other',
    status: intern(word(raw['status'])),
    conclusion: intern(word(raw['conclusion'])),
    createdAt,
    startedAt: Number.isNaN(startedAt) ? createdAt : startedAt,
    updatedAt: time(raw['updated_at']),
    headSha: sha,
    url,
  };
}

/** The duration the run series use: the latest attempt's wall time, from its start to its last update. */
export function runDuration(run: RunFact): number | undefined {
  if (run.status !== 'completed') return undefined;
  const d = run.updatedAt - run.startedAt;
  return Number.isFinite(d) && d >= 0 ? d : undefined;
}

export function jobFact(raw: Record<string, unknown>, run: RunFact, intern: Intern = own): JobFact | undefined {
  if (raw['status'] !== 'completed') return undefined;
  const createdAt = time(raw['created_at']);
  const startedAt = time(raw['started_at']);
  const completedAt = time(raw['completed_at']);
  if ([createdAt, startedAt, completedAt].some(Number.isNaN)) return undefined;
  const labels = Array.isArray(raw['labels']) ? raw['labels'] : [];
  return {
    repository: run.repository,
    workflow: run.workflow,
    runId: run.id,
    event: run.event,
    branchClass: run.branchClass,
    name: intern(cleanName(raw['name']) || 'unnamed'),
    attempt: typeof raw['run_attempt'] === 'number' ? raw['run_attempt'] : run.attempt,
    conclusion: intern(word(raw['conclusion'])),
    createdAt,
    startedAt,
    completedAt,
    runnerLabel: intern(cleanName(labels[0], 60) || 'unknown'),
    rerunArtefact: startedAt < createdAt || (run.attempt > 1 && startedAt < run.startedAt),
  };
}
