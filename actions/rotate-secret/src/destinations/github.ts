import { UserError, messageOf } from '../../../../shared/errors.ts';
import { failure } from '../failure.ts';
import type { GitHub } from '../../../../shared/github.ts';
import type { Destination, DestinationDeps, DestinationKind, DestinationSpec, ParseContext, WriteOutcome } from './types.ts';

/**
 * GitHub encrypted secrets: repository, environment and organisation Actions secrets, and
 * repository Dependabot secrets.
 *
 * - Each scope's public key is fetched once per run (in `prepare`, before anything changes), and
 *   the value is sealed in a libsodium-compatible sealed box (shared/sealed-box.ts) against the
 *   key as GitHub serves it (base64 ORIGINAL), then PUT with its `key_id`. PUT is idempotent, so
 *   the shared client retries it.
 * - A 422 on the PUT re-fetches that scope's key once: when the key changed (GitHub rotated it
 *   between our GET and PUT) the value is sealed again and sent once more; otherwise the 422 is
 *   about something else and fails the write.
 * - An organisation secret for selected repositories is one PUT with `selected_repository_ids`
 *   (ids resolved by reads in `prepare`), never one write per repository.
 * - Lines naming the same scope twice are one destination (one write).
 *
 * The sealer is imported on first use; parsing runs on the start path.
 */

export type Visibility = 'all' | 'private' | 'selected';

export type GitHubSpec = DestinationSpec & { readonly kind: 'github' } & (
    | { readonly scope: 'repo'; readonly app: 'actions' | 'dependabot'; readonly owner: string; readonly repo: string }
    | { readonly scope: 'environment'; readonly owner: string; readonly repo: string; readonly environment: string }
    | { readonly scope: 'org'; readonly org: string; readonly visibility: Visibility | undefined; readonly selected: readonly string[] }
  );

const REPO = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/;
const NAME = /^[A-Za-z0-9_.-]+$/;
const ENVIRONMENT = /^[A-Za-z0-9 ._\-/]{1,255}$/;
const REPO_TEXT = '[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+';
const NAME_TEXT = '[A-Za-z0-9_.-]+';
const PATTERN = new RegExp(
  [
    `^github:repo(:${REPO_TEXT})?$`,
    `^github:environment:[A-Za-z0-9 ._\\-/]{1,255}(:${REPO_TEXT})?$`,
    `^github:org:${NAME_TEXT}(:(all|private|selected=${NAME_TEXT}(,${NAME_TEXT})*))?$`,
    `^github:dependabot(:${REPO_TEXT})?$`,
  ].join('|'),
);
const SYNTAX =
  'github:repo[:OWNER/REPO], github:environment:ENV[:OWNER/REPO], github:org:ORG[:all|private|selected=REPO,REPO…] or github:dependabot[:OWNER/REPO]';

function repoOf(raw: string | undefined, context: ParseContext, line: string): { owner: string; repo: string } {
  const full = raw ?? context.repository;
  if (full === undefined || full === '') {
    throw new Error(`it names no repository and GITHUB_REPOSITORY is not set; write it as ${line}:OWNER/REPO`);
  }
  const m = REPO.exec(full);
  if (!m) throw new Error(`'${full}' is not OWNER/REPO`);
  return { owner: m[1]!, repo: m[2]! };
}

export function parseGitHub(line: string, context: ParseContext): GitHubSpec {
  const parts = line.split(':');
  const [prefix, kind, ...rest] = parts;
  const bad = (why: string): never => {
    throw new Error(why);
  };
  if (prefix !== 'github') return bad('not a github destination');
  switch (kind) {
    case 'repo':
    case 'dependabot': {
      if (rest.length > 1) bad('too many parts');
      const { owner, repo } = repoOf(rest[0], context, line);
      const app = kind === 'repo' ? 'actions' : 'dependabot';
      const id = `github:${kind}:${owner}/${repo}`;
      return { kind: 'github', scope: 'repo', app, owner, repo, id, place: id };
    }
    case 'environment': {
      const [environment, repoText, ...extra] = rest;
      if (extra.length > 0) bad('too many parts');
      if (environment === undefined || !ENVIRONMENT.test(environment) || environment.trim() !== environment) {
        bad('no valid environment name (letters, digits, space, . _ - /)');
      }
      const { owner, repo } = repoOf(repoText, context, line);
      const id = `github:environment:${environment}:${owner}/${repo}`;
      return { kind: 'github', scope: 'environment', owner, repo, environment: environment!, id, place: id };
    }
    case 'org': {
      const [org, access, ...extra] = rest;
      if (extra.length > 0) bad('too many parts');
      if (org === undefined || !NAME.test(org)) return bad('no valid organisation name');
      const place = `github:org:${org}`;
      if (access === undefined) return { kind: 'github', scope: 'org', org, visibility: undefined, selected: [], id: place, place };
      if (access === 'all' || access === 'private') return { kind: 'github', scope: 'org', org, visibility: access, selected: [], id: `${place}:${access}`, place };
      const m = /^selected=(.+)$/.exec(access);
      if (!m) return bad(`unknown access '${access}'`);
      const selected = [...new Set(m[1]!.split(',').map((s) => s.trim()))];
      if (selected.some((r) => !NAME.test(r))) bad('a repository name is not valid');
      selected.sort();
      return { kind: 'github', scope: 'org', org, visibility: 'selected', selected, id: `${place}:selected=${selected.join(',')}`, place };
    }
    default:
      return bad(`unknown kind '${kind ?? ''}'`);
  }
}

// ---------------------------------------------------------------------------------------------

interface PublicKey {
  key_id: string;
  key: string;
}

/** Where one destination's key and secret live, as REST routes and their parameters. */
interface Scope {
  /** Cache key: one public key per scope per run. */
  key: string;
  what: string;
  params: Record<string, string>;
  publicKeyRoute: string;
  secretRoute: string;
}

function scopeOf(spec: GitHubSpec): Scope {
  if (spec.scope === 'repo') {
    const params = { owner: spec.owner, repo: spec.repo };
    return {
      key: `${spec.app}:${spec.owner}/${spec.repo}`,
      what: `${spec.app === 'actions' ? 'repository' : 'Dependabot'} secrets of ${spec.owner}/${spec.repo}`,
      params,
      publicKeyRoute: `GET /repos/{owner}/{repo}/${spec.app}/secrets/public-key`,
      secretRoute: `PUT /repos/{owner}/{repo}/${spec.app}/secrets/{secret_name}`,
    };
  }
  if (spec.scope === 'environment') {
    return {
      key: `environment:${spec.owner}/${spec.repo}:${spec.environment}`,
      what: `secrets of environment '${spec.environment}' in ${spec.owner}/${spec.repo}`,
      params: { owner: spec.owner, repo: spec.repo, environment_name: spec.environment },
      publicKeyRoute: 'GET /repos/{owner}/{repo}/environments/{environment_name}/secrets/public-key',
      secretRoute: 'PUT /repos/{owner}/{repo}/environments/{environment_name}/secrets/{secret_name}',
    };
  }
  return {
    key: `org:${spec.org}`,
    what: `organisation secrets of ${spec.org}`,
    params: { org: spec.org },
    publicKeyRoute: 'GET /orgs/{org}/actions/secrets/public-key',
    secretRoute: 'PUT /orgs/{org}/actions/secrets/{secret_name}',
  };
}

const statusOf = (error: unknown): number | undefined => {
  const s = (error as { status?: unknown } | null)?.status;
  return typeof s === 'number' ? s : undefined;
};

/** The message a 403 on a secret write deserves: which token can do it. */
export function tokenCannotWrite(what: string, error: unknown): UserError {
  return new UserError(
    `github-token cannot write the ${what} (${messageOf(error)}). The workflow's GITHUB_TOKEN can never write secrets or ` +
      'variables: pass a GitHub App installation token (e.g. from actions/create-github-app-token) with the permissions ' +
      "'secrets: write' and 'variables: write' (plus 'environments: write' for environment secrets, 'organization_secrets: write' " +
      "for organisation secrets, 'dependabot_secrets: write' for Dependabot) or a fine-grained PAT with the same, as `github-token`.",
    { cause: error },
  );
}

interface Sealer {
  seal(value: string, keyBase64: string): string;
}

async function loadSealer(): Promise<Sealer> {
  const { sealedBox } = await import('../../../../shared/sealed-box.ts');
  return {
    seal(value, keyBase64) {
      // GitHub serves and expects standard base64 (libsodium's ORIGINAL variant).
      return Buffer.from(sealedBox(Buffer.from(value, 'utf8'), Buffer.from(keyBase64, 'base64'))).toString('base64');
    },
  };
}

class GitHubSecrets {
  readonly #deps: DestinationDeps;
  readonly #keys = new Map<string, Promise<PublicKey>>();
  #sealer: Promise<Sealer> | undefined;

  constructor(deps: DestinationDeps) {
    this.#deps = deps;
  }

  github(): Promise<GitHub> {
    return this.#deps.github();
  }

  get name(): string {
    return this.#deps.name;
  }

  get signal(): AbortSignal {
    return this.#deps.signal;
  }

  sealer(): Promise<Sealer> {
    this.#sealer ??= loadSealer();
    return this.#sealer;
  }

  /** The scope's public key, fetched once per run (again only when `refresh` asks). */
  publicKey(scope: Scope, refresh = false): Promise<PublicKey> {
    let pending = refresh ? undefined : this.#keys.get(scope.key);
    if (!pending) {
      pending = this.#fetchKey(scope);
      this.#keys.set(scope.key, pending);
      pending.catch(() => this.#keys.delete(scope.key));
    }
    return pending;
  }

  async #fetchKey(scope: Scope): Promise<PublicKey> {
    const gh = await this.github();
    try {
      const { data } = await gh.request(scope.publicKeyRoute, { ...scope.params, request: { signal: this.signal } });
      const key = data as Partial<PublicKey>;
      if (typeof key.key !== 'string' || typeof key.key_id !== 'string') throw new Error('the public key response has no key or key_id');
      return { key: key.key, key_id: key.key_id };
    } catch (error) {
      if (statusOf(error) === 404) {
        throw new UserError(`cannot read the public key for the ${scope.what}: it does not exist, or github-token cannot see it (${messageOf(error)})`, {
          cause: error,
        });
      }
      throw failure(`Failed to read the public key for the ${scope.what}`, error);
    }
  }
}

class GitHubSecretDestination implements Destination {
  readonly id: string;
  readonly #spec: GitHubSpec;
  readonly #scope: Scope;
  readonly #shared: GitHubSecrets;
  /** Extra body fields (organisation visibility and repositories), settled in prepare(). */
  #extra: Record<string, unknown> = {};

  constructor(spec: GitHubSpec, shared: GitHubSecrets) {
    this.id = spec.id;
    this.#spec = spec;
    this.#scope = scopeOf(spec);
    this.#shared = shared;
  }

  async prepare(): Promise<void> {
    await this.#shared.publicKey(this.#scope);
    if (this.#spec.scope === 'org') this.#extra = await this.#orgAccess(this.#spec);
  }

  async write(value: string): Promise<WriteOutcome> {
    // PUT replaces the value whatever it was: idempotent without the version.
    const sealer = await this.#shared.sealer();
    let key = await this.#shared.publicKey(this.#scope);
    try {
      return await this.#put(sealer.seal(value, key.key), key.key_id);
    } catch (error) {
      if (statusOf(error) !== 422) throw this.#explain(error);
      const fresh = await this.#shared.publicKey(this.#scope, true);
      if (fresh.key_id === key.key_id) throw this.#explain(error);
      key = fresh;
      try {
        return await this.#put(sealer.seal(value, key.key), key.key_id);
      } catch (again) {
        throw this.#explain(again);
      }
    }
  }

  async #put(encrypted: string, keyId: string): Promise<WriteOutcome> {
    const gh = await this.#shared.github();
    const r = await gh.request(this.#scope.secretRoute, {
      ...this.#scope.params,
      secret_name: this.#shared.name,
      encrypted_value: encrypted,
      key_id: keyId,
      ...this.#extra,
      request: { signal: this.#shared.signal },
    });
    return r.status === 201 ? 'created' : 'updated';
  }

  #explain(error: unknown): Error {
    if (statusOf(error) === 403 && !/rate limit/i.test(messageOf(error))) return tokenCannotWrite(this.#scope.what, error);
    return failure(`Failed to write ${this.#shared.name} to the ${this.#scope.what}`, error);
  }

  /**
   * `github:org:ORG` keeps an existing secret's access as it is (new secrets: private repositories);
   * `all`/`private` set it; `selected=…` sets the repositories, resolved to ids here.
   */
  async #orgAccess(spec: Extract<GitHubSpec, { scope: 'org' }>): Promise<Record<string, unknown>> {
    const gh = await this.#shared.github();
    const signal = this.#shared.signal;
    if (spec.visibility === undefined) {
      try {
        const { data } = await gh.request('GET /orgs/{org}/actions/secrets/{secret_name}', { org: spec.org, secret_name: this.#shared.name, request: { signal } });
        return { visibility: (data as { visibility?: Visibility }).visibility ?? 'private' };
      } catch (error) {
        if (statusOf(error) === 404) return { visibility: 'private' };
        throw error;
      }
    }
    if (spec.visibility !== 'selected') return { visibility: spec.visibility };
    const ids: number[] = [];
    for (const repo of spec.selected) {
      try {
        const { data } = await gh.request('GET /repos/{owner}/{repo}', { owner: spec.org, repo, request: { signal } });
        ids.push((data as { id: number }).id);
      } catch (error) {
        if (statusOf(error) === 404) {
          throw new UserError(`${spec.id}: repository ${spec.org}/${repo} does not exist, or github-token cannot see it`, { cause: error });
        }
        throw error;
      }
    }
    return { visibility: 'selected', selected_repository_ids: ids };
  }
}

export const githubKind: DestinationKind<GitHubSpec> = {
  prefix: 'github',
  syntax: SYNTAX,
  pattern: PATTERN,
  parse: parseGitHub,
  async open(specs, deps) {
    const shared = new GitHubSecrets(deps);
    return specs.map((spec) => new GitHubSecretDestination(spec, shared));
  },
};
