import type { Account, DeploymentInfo, DeploymentsApi } from './deployments.ts';

/**
 * Which deployment records deploy acts on. Anyone with `deployments: write` — every collaborator,
 * any workflow's GITHUB_TOKEN — can create a record of any sha and mark it `success`, and
 * environment protection rules gate jobs that reference the environment, not records written over
 * REST (https://docs.github.com/en/actions/reference/workflows-and-actions/deployments-and-environments;
 * the deploy README's "Which records deploy trusts"). So
 * deploy rolls back to, skips for, promotes from and waits on a record only when
 * - this suite wrote it: its payload carries the suite's marker, and
 * - the token in use created it: its `creator` (set by GitHub, not by the caller) is the account
 *   this step's token acts as;
 * and it rolls back only to a commit reachable from the branch the workflow runs on or the
 * repository's default branch, since a token shared by every workflow of the repository
 * (GITHUB_TOKEN) does not tell a reviewed workflow from one on a collaborator's branch.
 *
 * Who the token is costs nothing on the happy path: the record this step creates names it. Before
 * that, when a decision needs it, it is asked once (GraphQL `viewer`).
 */

export type Identity = Account;

/** Whether this suite wrote `d` with the token that acts as `me`. */
export function writtenBy(d: DeploymentInfo, me: Identity): boolean {
  return d.marker !== undefined && d.creator !== undefined && d.creator.id === me.id;
}

/** Why a record is not trusted, in words (the creator's login is GitHub's: letters, digits, `-`, `[bot]`). */
export function distrust(d: DeploymentInfo, me: Identity): string {
  if (d.marker === undefined) return `deployment ${d.id} was not recorded by this suite`;
  const by = d.creator ? `${d.creator.login.replace(/[^\w.[\]-]/g, '?')} (id ${d.creator.id})` : 'an unknown account';
  return `deployment ${d.id} was created by ${by}, not by the account this step's token acts as (${me.login}, id ${me.id})`;
}

/** The identity of the token, asked at most once, on first need. */
export function lazyIdentity(api: Pick<DeploymentsApi, 'viewer'>): () => Promise<Identity> {
  let asked: Promise<Identity> | undefined;
  return () => (asked ??= api.viewer());
}

export type Reachability = { reachable: true; from: string } | { reachable: false; why: string };

/** Whether `sha` is in the history of one of `branches` (tried in order; each costs one compare). */
export async function reachability(api: Pick<DeploymentsApi, 'relation'>, sha: string, branches: readonly string[]): Promise<Reachability> {
  for (const branch of branches) {
    const relation = await api.relation(sha, branch);
    if (relation === 'ahead' || relation === 'identical') return { reachable: true, from: branch };
  }
  return {
    reachable: false,
    why: branches.length === 0 ? 'the workflow runs on no branch and the event names no default branch' : `it is not in the history of ${branches.map((b) => `'${b}'`).join(' or ')}`,
  };
}
