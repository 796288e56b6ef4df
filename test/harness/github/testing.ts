// Helpers for the emulator's own tests: a seeded emulator plus an Octokit pointed at it.
import { Octokit } from '@octokit/rest';
import { startGitHubEmulator } from './index.ts';
import type { EmulatorOptions, GitHubEmulator } from './index.ts';

export const REPO = 'octo-org/app';
export const TOKEN = 'ghp_emulatorTestToken000000000000000000';

export interface Fixture {
  em: GitHubEmulator;
  octokit: Octokit;
  owner: string;
  repo: string;
  repoId: number;
}

/** An emulator with one org-owned repository and one full-power token. */
export async function fixture(opts?: EmulatorOptions): Promise<Fixture> {
  const em = await startGitHubEmulator(opts);
  em.seed.org('octo-org');
  const repoId = em.seed.repo(REPO);
  em.seed.token(TOKEN);
  return { em, octokit: client(em, TOKEN), owner: 'octo-org', repo: 'app', repoId };
}

export function client(em: GitHubEmulator, token: string): Octokit {
  return new Octokit({ auth: token, baseUrl: em.url, log: { debug() {}, info() {}, warn() {}, error() {} } });
}

/** Plain fetch against the emulator with the fixture token. */
export function api(em: GitHubEmulator, path: string, init: RequestInit & { token?: string } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.token !== '') headers.set('authorization', `token ${init.token ?? TOKEN}`);
  if (init.body !== undefined) headers.set('content-type', 'application/json');
  return fetch(`${em.url}${path}`, { ...init, headers });
}

/** Octokit's rejection, typed enough to assert on. */
export interface OctokitError {
  status: number;
  response?: { data: Record<string, unknown>; headers: Record<string, string | undefined> };
}

/** Waits (by polling, no fixed sleeps) until `cond` holds. */
export async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}
