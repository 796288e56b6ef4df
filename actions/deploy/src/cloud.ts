import { messageOf } from '../../../shared/errors.ts';
import type { Credentials, CredentialSource } from '../../../shared/oidc/index.ts';
import type { CloudConfig, ProviderConfig } from '../../../shared/oidc/spec.ts';
import type { ActionContext, MainResult } from '../../../shared/run-action.ts';
import type { State } from '../../../shared/state.ts';
import type { StateKey } from './state-keys.ts';

/**
 * Cloud credentials for the deploy's scripts (the `cloud` input, issue 6). With `cloud: none`, the
 * default, nothing of shared/oidc but its input spec is loaded: the token request, the exchanges
 * and their HTTP code come in with `await import()` only when a cloud is chosen (docs/architecture.md, start path).
 *
 * - Obtained right after input validation, before any GitHub call: a missing `id-token: write` or a
 *   trust policy that does not match the token fails the step before a deployment record exists.
 * - Every script attempt (deploy, retries, rollback) gets them in its own environment, fetched
 *   right before the attempt, so credentials near expiry are refreshed first.
 * - Google Cloud: the access token also goes to a file for gcloud (0600, under RUNNER_TEMP); its
 *   path — never its content — is kept in state, so the post step removes it if main cannot.
 * - When main ends, whatever happened: with `export-credentials: true` the current (refreshed if
 *   need be) credentials are exported to later steps — at the end rather than the start, so later
 *   steps get the longest life and no refresh of ours supersedes (for Vault: revokes) what they hold;
 *   the post step removes the token file at the end of the job. Otherwise they are disposed of
 *   (Vault's token revoked) and the files removed at once.
 */

export interface CloudCredentials {
  /** Environment variables for one script attempt, with credentials valid now. */
  env(): Promise<Record<string, string>>;
}

/** `cloud: none`: the scripts get no cloud variables. */
export const NO_CLOUD: CloudCredentials = { env: () => Promise.resolve({}) };

interface OpenCloud extends CloudCredentials {
  /** Export (opt-in) or dispose, and remove the files not exported. Throws only when an export asked for failed. */
  close(): Promise<void>;
}

type Oidc = typeof import('../../../shared/oidc/index.ts');

const LABEL: Record<ProviderConfig['provider'], string> = { aws: 'AWS', gcp: 'Google Cloud', azure: 'Azure', vault: 'Vault' };

/**
 * Runs the deploy with the cloud credentials `config` asks for, then closes them. The deploy's own
 * failure stands: a failed export after it is only a warning; after a success it fails the step
 * (later steps were promised credentials).
 */
export async function withCloud(
  ctx: ActionContext,
  config: CloudConfig,
  state: State<StateKey>,
  deploy: (cloud: CloudCredentials) => Promise<MainResult>,
): Promise<MainResult> {
  if (config.provider === 'none') return deploy(NO_CLOUD);
  const cloud = await openCloud(ctx, config, state);
  const closeQuietly = (): Promise<void> => cloud.close().catch((error: unknown) => ctx.log.warning(messageOf(error)));
  let result: MainResult;
  try {
    result = await deploy(cloud);
  } catch (error) {
    await closeQuietly();
    throw error;
  }
  if (result.failure !== undefined) await closeQuietly();
  else await cloud.close();
  return result;
}

async function openCloud(ctx: ActionContext, config: ProviderConfig, state: State<StateKey>): Promise<OpenCloud> {
  const oidc: Oidc = await import('../../../shared/oidc/index.ts');
  const source = await ctx.log.group(`Cloud credentials (${LABEL[config.provider]})`, () =>
    oidc.obtainCredentials(config, { redactor: ctx.redactor, log: ctx.log, signal: ctx.signal, stats: ctx.stats }),
  );
  const files = new TokenFiles(ctx, oidc, state);
  // Written now rather than before the first script: a RUNNER_TEMP it may not use fails the step here, before any GitHub call.
  await files.gcloudTokenFile(await source.get());
  const envOf = async (credentials: Credentials): Promise<Record<string, string>> => {
    const file = await files.gcloudTokenFile(credentials);
    return oidc.childEnv(credentials, file ? { gcloudAccessTokenFile: file } : {});
  };
  return {
    env: async () => envOf(await source.get()),
    close: () => close(ctx, config, source, oidc, files),
  };
}

async function close(ctx: ActionContext, config: ProviderConfig, source: CredentialSource, oidc: Oidc, files: TokenFiles): Promise<void> {
  let exported = false;
  try {
    if (config.exportCredentials) {
      try {
        const credentials = await source.get();
        const file = await files.gcloudTokenFile(credentials);
        const names = oidc.exportCredentials(credentials, { redactor: ctx.redactor, ...(file ? { gcloudAccessTokenFile: file } : {}) });
        exported = true;
        ctx.log.info(
          `exported ${names.join(', ')} to later steps of the job (export-credentials: true); valid until ${new Date(credentials.expiresAt).toISOString()}` +
            (file ? '; the token file is removed at the end of the job' : ''),
        );
      } catch (error) {
        throw new Error(`Could not export the ${LABEL[config.provider]} credentials to later steps (export-credentials: true): ${messageOf(error)}`, { cause: error });
      }
    }
  } finally {
    if (!exported) {
      await source.dispose();
      await files.removeAll();
    }
  }
}

/**
 * The gcloud access-token file of the current Google credentials: written when they are obtained,
 * rewritten (and the superseded file removed) after a refresh. State always lists every file on
 * disk: a path is saved as soon as its file exists and dropped only once it is removed.
 */
class TokenFiles {
  readonly #ctx: ActionContext;
  readonly #oidc: Oidc;
  readonly #state: State<StateKey>;
  #paths: string[] = [];
  #current: { path: string; credentials: Credentials } | undefined;

  constructor(ctx: ActionContext, oidc: Oidc, state: State<StateKey>) {
    this.#ctx = ctx;
    this.#oidc = oidc;
    this.#state = state;
  }

  async gcloudTokenFile(credentials: Credentials): Promise<string | undefined> {
    if (credentials.provider !== 'gcp') return undefined;
    if (this.#current?.credentials === credentials) return this.#current.path;
    const path = await this.#oidc.writeCredentialFile('gcloud-access-token', credentials.accessToken);
    this.#paths.push(path);
    this.#save();
    const superseded = this.#current?.path;
    this.#current = { path, credentials };
    this.#ctx.log.debug(`wrote the gcloud access-token file ${path} (CLOUDSDK_AUTH_ACCESS_TOKEN_FILE)`);
    if (superseded) await this.#remove([superseded]);
    return path;
  }

  async removeAll(): Promise<void> {
    this.#current = undefined;
    if (this.#paths.length > 0) await this.#remove([...this.#paths]);
  }

  async #remove(paths: string[]): Promise<void> {
    const { removed, failed } = await this.#oidc.removeCredentialFiles(paths);
    this.#paths = this.#paths.filter((p) => !removed.includes(p));
    this.#save();
    if (removed.length > 0) this.#ctx.log.debug(`removed ${removed.length} credential file(s)`);
    for (const f of failed) this.#ctx.log.warning(`could not remove the credential file ${f.path} (the post step tries again): ${f.reason}`);
  }

  #save(): void {
    this.#state.save('credential-files', JSON.stringify(this.#paths));
  }
}

