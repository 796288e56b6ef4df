import { UserError, messageOf } from '../../../shared/errors.ts';
import type { GitHub } from '../../../shared/github.ts';
import type { CredentialSource } from '../../../shared/oidc/source.ts';
import type { CredentialsOf } from '../../../shared/oidc/types.ts';
import type { ActionContext } from '../../../shared/run-action.ts';
import type { CloudAccess, DestinationCloud, DestinationDeps } from './destinations/types.ts';
import type { RotateSettings } from './inputs.ts';
import { Ledger } from './ledger.ts';
import { lockKey, type RunId } from './lock.ts';
import { RotationReport, type StepDone } from './rotation-report.ts';
import type { StepName } from './plan.ts';
import { openTarget } from './targets/open.ts';
import type { TargetDriver } from './targets/types.ts';

/**
 * The services one run of the action uses — its inputs, the run it belongs to, the GitHub client,
 * the cloud credentials, the target connection, the ledger and the report — created on first use
 * and closed at the end. Immutable: what the steps learn, they return (steps.ts).
 */

export interface RunEnv {
  readonly repository: string | undefined;
  readonly run: RunId;
  now(): number;
}

export function runEnv(env: NodeJS.ProcessEnv = process.env): RunEnv {
  const attempt = Number(env['GITHUB_RUN_ATTEMPT'] ?? '1');
  return {
    repository: env['GITHUB_REPOSITORY'] || undefined,
    run: { id: env['GITHUB_RUN_ID'] ?? 'local', attempt: Number.isSafeInteger(attempt) && attempt > 0 ? attempt : 1, job: env['GITHUB_JOB'] ?? 'job' },
    now: () => Date.now(),
  };
}

/** Seams for tests. */
export interface RotationDeps {
  /** How a target is opened (default: the real driver of its kind). */
  openTarget?: typeof openTarget;
  /** GitHub API base URL (default GITHUB_API_URL). */
  apiUrl?: string;
  /** Where the OIDC token request reads ACTIONS_ID_TOKEN_REQUEST_* (default process.env). */
  oidcEnv?: Record<string, string | undefined>;
}

const TARGET_TIMEOUT_MS = 10_000;

export class RotationRun {
  readonly ctx: ActionContext;
  readonly settings: RotateSettings;
  readonly env: RunEnv;
  readonly ledger: Ledger;
  readonly report: RotationReport;
  readonly #deps: RotationDeps;
  #github: Promise<GitHub> | undefined;
  #credentials: Promise<CredentialSource<CredentialsOf<DestinationCloud>>> | undefined;
  #target: Promise<TargetDriver> | undefined;

  constructor(ctx: ActionContext, settings: RotateSettings, env: RunEnv, deps: RotationDeps) {
    this.ctx = ctx;
    this.settings = settings;
    this.env = env;
    this.#deps = deps;
    const home = /^([^/\s]+)\/([^/\s]+)$/.exec(env.repository ?? '');
    if (!home) {
      throw new UserError(
        'GITHUB_REPOSITORY is not set (the runner sets it): rotate-secret keeps its lock and rotation time as Actions variables of the repository the workflow runs in.',
      );
    }
    const key = settings.derivationKey ? lockKey(settings.derivationKey, settings.name) : undefined;
    this.ledger = new Ledger(() => this.github(), { owner: home[1]!, repo: home[2]! }, settings.name, ctx.signal, key);
    const t = settings.target;
    this.report = new RotationReport({
      name: settings.name,
      strategy: settings.strategy,
      target: t.kind === 'none' ? 'none' : `${t.kind}, user ${t.user}, ${t.tls.mode === 'disable' ? 'plaintext' : `TLS ${t.tls.mode}`} (${t.tls.source})`,
      warnings: t.kind !== 'none' && t.tls.warning ? [t.tls.warning] : [],
      log: ctx.log,
      redactor: ctx.redactor,
    });
  }

  get alternating(): boolean {
    return this.settings.strategy === 'alternating-users';
  }

  /** Runs a step inside its log group and summary row; returns what it learned. */
  step<T>(step: StepName, fn: () => Promise<StepDone<T>>): Promise<T> {
    return this.report.step(step, fn);
  }

  github(): Promise<GitHub> {
    this.#github ??= import('../../../shared/github.ts').then(({ createGitHub }) =>
      createGitHub({
        token: this.settings.githubToken,
        tokenInput: 'github-token',
        // One bound on every GitHub call of the run (lock, variables, secrets): a hung API fails as a hang.
        apiTimeoutMs: this.settings.apiTimeout,
        ...(this.#deps.apiUrl ? { baseUrl: this.#deps.apiUrl } : {}),
        stats: this.ctx.stats,
        retry: { signal: this.ctx.signal, log: (line) => this.ctx.log.info(line) },
      }),
    );
    return this.#github;
  }

  /** The target's driver, connected as admin (undefined without a target); wrong credentials and unreachable targets fail here. */
  async target(): Promise<TargetDriver | undefined> {
    const target = this.settings.target;
    if (target.kind === 'none') return undefined;
    const open = this.#deps.openTarget ?? openTarget;
    this.#target ??= this.ctx.log.group(`connect to the ${target.kind} target`, () => {
      if (target.tls.warning) this.ctx.log.warning(target.tls.warning);
      return open({ target, log: this.ctx.log, timeoutMs: TARGET_TIMEOUT_MS }).catch((error: unknown) => {
        throw new UserError(messageOf(error), { cause: error });
      });
    });
    return this.#target;
  }

  /** What the destination kinds get: the name, the clients, the cloud credentials. */
  destinationDeps(): DestinationDeps {
    return {
      name: this.settings.name,
      github: () => this.github(),
      cloud: (provider) => this.#cloud(provider),
      redactor: this.ctx.redactor,
      log: this.ctx.log,
      signal: this.ctx.signal,
      stats: this.ctx.stats,
    };
  }

  /**
   * Cloud credentials for the destinations that need them: the OIDC module is imported, the token
   * requested and exchanged on first use, then shared (and refreshed before expiry) — so a run
   * without such destinations loads none of it. Failing here (no id-token permission, a trust
   * policy refusing the token's sub or aud) fails preflight, before anything changed.
   */
  #cloud<P extends DestinationCloud>(provider: P): Promise<CloudAccess<P>> {
    const config = this.settings.cloud;
    if (config.provider !== provider) return Promise.reject(new Error(`a ${provider} destination passed input validation with cloud: ${config.provider}`));
    this.#credentials ??= import('../../../shared/oidc/index.ts').then((oidc) =>
      oidc.obtainCredentials(config, {
        redactor: this.ctx.redactor,
        log: this.ctx.log,
        signal: this.ctx.signal,
        stats: this.ctx.stats,
        ...(this.#deps.oidcEnv ? { env: this.#deps.oidcEnv } : {}),
      }),
    );
    const base = (url: URL | undefined): string | undefined => url?.href.replace(/\/+$/, '');
    const endpoints = {
      secretsmanager: base(this.settings.awsSecretsmanagerEndpoint),
      keyvault: this.settings.azureKeyvaultEndpoint,
      secretmanager: base(this.settings.gcpSecretmanagerEndpoint),
    };
    return this.#credentials.then((credentials) => ({ config, credentials, endpoints }) as unknown as CloudAccess<P>);
  }

  async close(): Promise<void> {
    try {
      const target = await this.#target?.catch(() => undefined);
      await target?.close();
    } finally {
      // Revokes what can be revoked (Vault's token); AWS sessions expire by themselves.
      const credentials = await this.#credentials?.catch(() => undefined);
      await credentials?.dispose();
    }
  }
}
