// The GITHUB_TOKEN permissions a job gets (docs: "Controlling permissions for GITHUB_TOKEN",
// "Reusing workflows: access and permissions"): the job's `permissions:`, else the workflow's,
// else the repository default (here the restricted one: contents and packages read). A called
// workflow's jobs may only lower what the calling job was given; asking for more fails the run.

import type { Permissions } from './load.ts';

export const SCOPES = [
  'actions', 'attestations', 'checks', 'contents', 'deployments', 'discussions', 'id-token', 'issues', 'models', 'packages', 'pages',
  'pull-requests', 'repository-projects', 'security-events', 'statuses',
] as const;

const RANK = { none: 0, read: 1, write: 2 } as const;
type Level = keyof typeof RANK;

export type Effective = Record<string, Level>;

export function expand(p: Permissions | undefined): Effective | undefined {
  if (p === undefined) return undefined;
  if (p === 'read-all' || p === 'write-all') {
    const level: Level = p === 'read-all' ? 'read' : 'write';
    return Object.fromEntries(SCOPES.map((s) => [s, s === 'id-token' && level === 'read' ? 'none' : level]));
  }
  const out: Effective = Object.fromEntries(SCOPES.map((s) => [s, 'none' as Level]));
  for (const [k, v] of Object.entries(p)) {
    if (!(SCOPES as readonly string[]).includes(k)) throw new Error(`Unknown permission scope '${k}'`);
    out[k] = v;
  }
  return out;
}

const RESTRICTED_DEFAULT: Effective = { ...Object.fromEntries(SCOPES.map((s) => [s, 'none' as Level])), contents: 'read', packages: 'read' };

/**
 * The job's effective permissions: its own or its workflow's, else `inherited` (a called workflow
 * without permissions gets the caller job's), else the restricted default; capped by `cap`.
 */
export function effectivePermissions(job: Permissions | undefined, workflow: Permissions | undefined, inherited: Effective | undefined, cap: Effective | undefined, jobName: string): Effective {
  const asked = expand(job) ?? expand(workflow) ?? inherited ?? RESTRICTED_DEFAULT;
  if (!cap) return asked;
  for (const s of SCOPES) {
    const want = asked[s] ?? 'none';
    const allowed = cap[s] ?? 'none';
    if (RANK[want] > RANK[allowed]) {
      throw new Error(`The nested job '${jobName}' is requesting '${s}: ${want}', but is only allowed '${s}: ${allowed}'.`);
    }
  }
  return asked;
}

/** Only the scopes granted, for reports. */
export function granted(p: Effective): Record<string, string> {
  return Object.fromEntries(Object.entries(p).filter(([, v]) => v !== 'none'));
}
