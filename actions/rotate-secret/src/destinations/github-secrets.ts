import { UserError, messageOf } from '../../../../shared/errors.ts';
import { failure, isForbidden, statusOf, tokenCannotWrite } from '../failure.ts';
import { sealedBox } from '../sealed-box.ts';
import type { Credential, Destination, DestinationDeps, GitHubSecretSpec, WriteOutcome } from './types.ts';

/**
 * GitHub encrypted secrets: repository, environment and organisation Actions secrets, and
 * repository Dependabot secrets. Loaded lazily (open.ts); its lines are parsed by parse.ts.
 *
 * - Each scope's public key is fetched once per run (in `prepare`, before anything changes), and
 *   the value is sealed in a libsodium-compatible sealed box (sealed-box.ts) against the key as
 *   GitHub serves it (base64 ORIGINAL), then PUT with its `key_id`. PUT is idempotent, so the
 *   shared client retries it.
 * - A 422 on the PUT re-fetches that scope's key once: when the key changed (GitHub rotated it
 *   between our GET and PUT) the value is sealed again and sent once more; otherwise the 422 is
 *   about something else and fails the write.
 * - An organisation secret for selected repositories is one PUT with `selected_repository_ids`
 *   (ids resolved by reads in `prepare`), never one write per repository.
 * - With alternating users (value-format plain) the user goes to `<NAME>_USER` in the same scope,
 *   right after the password: two writes, so a reader between them may get the new password with
 *   the old user (the other user of the pair then logs in; value-format json avoids the window).
 */

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

function scopeOf(spec: GitHubSecretSpec): Scope {
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

/** GitHub serves keys and expects boxes in standard base64 (libsodium's ORIGINAL variant). */
function seal(value: string, keyBase64: string): string {
  return Buffer.from(sealedBox(Buffer.from(value, 'utf8'), Buffer.from(keyBase64, 'base64'))).toString('base64');
}

/** What every destination of this kind shares in a run: the client and one public key per scope. */
class Keys {
  readonly #deps: DestinationDeps;
  readonly #cache = new Map<string, Promise<PublicKey>>();

  constructor(deps: DestinationDeps) {
    this.#deps = deps;
  }

  /** The scope's public key, fetched once per run (again only when `refresh` asks). */
  get(scope: Scope, refresh = false): Promise<PublicKey> {
    let pending = refresh ? undefined : this.#cache.get(scope.key);
    if (!pending) {
      pending = this.#fetch(scope);
      this.#cache.set(scope.key, pending);
      pending.catch(() => this.#cache.delete(scope.key));
    }
    return pending;
  }

  async #fetch(scope: Scope): Promise<PublicKey> {
    const gh = await this.#deps.github();
    try {
      const { data } = await gh.request(scope.publicKeyRoute, { ...scope.params, request: { signal: this.#deps.signal } });
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
  readonly #spec: GitHubSecretSpec;
  readonly #scope: Scope;
  readonly #keys: Keys;
  readonly #deps: DestinationDeps;
  /** Body fields beyond the value (organisation visibility and repositories), settled in prepare(). */
  #access: Record<string, unknown> = {};

  constructor(spec: GitHubSecretSpec, keys: Keys, deps: DestinationDeps) {
    this.id = spec.id;
    this.#spec = spec;
    this.#scope = scopeOf(spec);
    this.#keys = keys;
    this.#deps = deps;
  }

  async prepare(): Promise<void> {
    await this.#keys.get(this.#scope);
    if (this.#spec.scope === 'org') this.#access = await this.#orgAccess(this.#spec);
  }

  /** The secret, then (alternating users, value-format plain) the user in `<NAME>_USER` beside it. */
  async write(credential: Credential): Promise<WriteOutcome> {
    const outcome = await this.#writeSecret(this.#deps.name, credential.secret);
    if (credential.user !== undefined) await this.#writeSecret(`${this.#deps.name}_USER`, credential.user);
    return outcome;
  }

  /** PUT replaces the value whatever it was: idempotent without the rotation's version. */
  async #writeSecret(name: string, value: string): Promise<WriteOutcome> {
    let key = await this.#keys.get(this.#scope);
    try {
      return await this.#put(name, seal(value, key.key), key.key_id);
    } catch (error) {
      if (statusOf(error) !== 422) throw this.#explain(name, error);
      const fresh = await this.#keys.get(this.#scope, true);
      if (fresh.key_id === key.key_id) throw this.#explain(name, error);
      key = fresh;
      try {
        return await this.#put(name, seal(value, key.key), key.key_id);
      } catch (again) {
        throw this.#explain(name, again);
      }
    }
  }

  async #put(name: string, encrypted: string, keyId: string): Promise<WriteOutcome> {
    const gh = await this.#deps.github();
    const r = await gh.request(this.#scope.secretRoute, {
      ...this.#scope.params,
      secret_name: name,
      encrypted_value: encrypted,
      key_id: keyId,
      ...this.#access,
      request: { signal: this.#deps.signal },
    });
    return r.status === 201 ? 'created' : 'updated';
  }

  #explain(name: string, error: unknown): Error {
    if (isForbidden(error)) return tokenCannotWrite(this.#scope.what, error);
    return failure(`Failed to write ${name} to the ${this.#scope.what}`, error);
  }

  /**
   * `github:org:ORG` keeps an existing secret's access as it is, and refuses to create one: a new
   * organisation secret would otherwise be readable by every private repository of the organisation
   * (docs/rotate-secret.md, threat model). `all`/`private` set the access; `selected=…` sets the
   * repositories, resolved to ids here.
   */
  async #orgAccess(spec: Extract<GitHubSecretSpec, { scope: 'org' }>): Promise<Record<string, unknown>> {
    const gh = await this.#deps.github();
    const signal = this.#deps.signal;
    if (spec.visibility === undefined) {
      try {
        const { data } = await gh.request('GET /orgs/{org}/actions/secrets/{secret_name}', { org: spec.org, secret_name: this.#deps.name, request: { signal } });
        const visibility = (data as { visibility?: unknown }).visibility;
        if (visibility !== 'all' && visibility !== 'private' && visibility !== 'selected') throw new Error(`GitHub answered without the secret's visibility`);
        // Selected repositories stay as they are: a PUT without selected_repository_ids keeps them.
        return { visibility };
      } catch (error) {
        if (statusOf(error) !== 404) throw failure(`${spec.id}: cannot read the organisation secret ${this.#deps.name}`, error);
        throw new UserError(
          `${spec.id}: the organisation secret ${this.#deps.name} does not exist yet, and a new one needs its access said: ` +
            `write ${spec.id}:selected=REPO,REPO (the repositories that may read it), or :private / :all (every private, or every, repository of ${spec.org})`,
        );
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

export async function open(specs: readonly GitHubSecretSpec[], deps: DestinationDeps): Promise<Destination[]> {
  const keys = new Keys(deps);
  return specs.map((spec) => new GitHubSecretDestination(spec, keys, deps));
}
