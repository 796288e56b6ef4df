import { UserError, messageOf } from '../../../shared/errors.ts';
import type { GitHub } from '../../../shared/github.ts';
import type { CredentialSource } from '../../../shared/oidc/source.ts';
import type { CredentialsOf } from '../../../shared/oidc/types.ts';
import type { ActionContext, MainResult } from '../../../shared/run-action.ts';
import { openDestinations, parseDestinations, type CloudAccess, type Destination, type DestinationCloud, type DestinationSpec } from './destinations/index.ts';
import { derivedValue, freshValue } from './generate.ts';
import type { RotateSettings } from './inputs.ts';
import { Ledger, type LedgerState } from './ledger.ts';
import { LEASE_MS, alternatingUsers, decide, newOwner, newVersion, planSteps, settingsFingerprint, type Decision, type RunId, type StepPlan, type Wal } from './plan.ts';
import { Report, type StepName } from './report.ts';
import { describeUrl, openTarget, type TargetDriver } from './targets/index.ts';

/**
 * One rotation: create → set → test → distribute → retire, resumable after a crash anywhere.
 *
 * Where the pending value lives. Nowhere of ours — it is re-derivable instead (a destination with a
 * pending state of its own, AWS Secrets Manager's AWSPENDING, also keeps it: see below). Before the target is
 * touched, the lock variable records the rotation's version (a write-ahead record, ledger.ts); the
 * value is HKDF(admin credential of `target-url`, version) mapped onto the charset
 * (generate.ts). A re-run reads the version back, derives the same value, and finds out how far
 * the interrupted run got by logging in with it (AWS's "pending already works" check): so a crash
 * at any point resumes with the value the target and some destinations may already hold, and no
 * copy of it is ever stored — in particular not in a variable anyone with read access can see. The
 * derivation adds no exposure: whoever holds the admin credential can set the password anyway. When
 * there is nothing to derive from (no target, or an admin URL without a password) a fresh random
 * value is drawn, and a resumed run draws another and rewrites every destination — unless a
 * destination holds the interrupted run's value (below); with a `value` input the value is the input.
 *
 * Crash safety, step by step (W = the lock/WAL variable exists):
 * - before W: nothing changed; a re-run starts afresh.
 * - W, target not set: the re-run takes W over, derives the value, sets it.
 * - target set, destinations partly written: alternating-users — every destination holds a user
 *   that works (the previous one, or the new one); single-user — destinations not yet written hold
 *   the old password, dead since `set` (Redis: still alive, the old password is kept until retire);
 *   the re-run derives the same value, sees it logs in, and writes every destination.
 * - retire partly done: the re-run rewrites the destinations (idempotent) and completes.
 * A failure (not a crash) releases W when nothing is left to finish, reverting a single-user
 * target where it can (Redis: drop the new password; otherwise `current-value`), and keeps it
 * when destinations may hold the new value, so a re-run completes with the same value.
 *
 * Destinations with a pending state (AWS Secrets Manager: AWSPENDING) make the value durable
 * without a derivation: `create` stages it there right after W, before the target changes, and
 * `distribute` commits it (AWSCURRENT; the old one becomes AWSPREVIOUS). A resumed run first asks
 * the destinations for the value they hold for W's version (`recover`: the staged version, or the
 * Vault KV version recorded in its metadata) and resumes with it — so once a value reached such a
 * store, a crash never makes the rotation switch to another, derivable or not. A failure that
 * releases W also drops what was staged (`discard`), after the release: a kept W keeps its pending
 * value. The order per run: W → recover (resume only) → stage → set → test → write → retire.
 */

export interface RunEnv {
  repository: string | undefined;
  run: RunId;
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

/** Seams for tests: how a target is opened (default: the real driver of its kind). */
export interface RotationDeps {
  openTarget?: typeof openTarget;
  /** GitHub API base URL (default GITHUB_API_URL). */
  apiUrl?: string;
  /** Where the OIDC token request reads ACTIONS_ID_TOKEN_REQUEST_* (default process.env). */
  oidcEnv?: Record<string, string | undefined>;
}

/** Another run holds the lock: this run changed nothing and stops. */
export class Busy extends Error {
  override readonly name = 'Busy';
}

const TARGET_TIMEOUT_MS = 10_000;
const PREPARE_CONCURRENCY = 8;

async function inBatches<T>(items: readonly T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

export class Rotation {
  readonly report: Report;
  readonly #ctx: ActionContext;
  readonly #s: RotateSettings;
  readonly #env: RunEnv;
  readonly #specs: DestinationSpec[];
  readonly #ledger: Ledger;
  readonly #alternating: boolean;
  readonly #openTarget: typeof openTarget;
  readonly #apiUrl: string | undefined;
  readonly #oidcEnv: Record<string, string | undefined> | undefined;
  #github: Promise<GitHub> | undefined;
  #credentials: Promise<CredentialSource<CredentialsOf<DestinationCloud>>> | undefined;
  #state: LedgerState | undefined;
  #decision: Extract<Decision, { action: 'rotate' }> | undefined;
  #target: TargetDriver | undefined;
  #destinations: Destination[] = [];
  #userExists = true;
  #wal: Wal | undefined;
  #lockHeld = false;
  #pending: string | undefined;
  #targetChanged = false;
  #written = 0;
  /** Destinations holding the pending value as staged by this run. */
  #staged: string[] = [];
  #currentWorks = false;
  #step: StepName | undefined;
  #plan: StepPlan[] = [];

  constructor(ctx: ActionContext, settings: RotateSettings, env: RunEnv, deps: RotationDeps = {}) {
    this.#ctx = ctx;
    this.#openTarget = deps.openTarget ?? openTarget;
    this.#apiUrl = deps.apiUrl;
    this.#oidcEnv = deps.oidcEnv;
    this.#s = settings;
    this.#env = env;
    this.#alternating = settings.strategy === 'alternating-users';
    this.report = new Report(settings.name, ctx.log, ctx.redactor);
    this.report.strategy = settings.strategy;
    this.report.target = settings.target === 'none' ? 'none' : `${settings.target}, user ${settings.targetUser ?? ''}`;
    this.#specs = parseDestinations(settings.destinations, { repository: env.repository });
    const home = /^([^/\s]+)\/([^/\s]+)$/.exec(env.repository ?? '');
    if (!home) {
      throw new UserError(
        'GITHUB_REPOSITORY is not set (the runner sets it): rotate-secret keeps its lock and rotation time as Actions variables of the repository the workflow runs in.',
      );
    }
    this.#ledger = new Ledger(() => this.#client(), { owner: home[1]!, repo: home[2]! }, settings.name, ctx.signal);
  }

  #client(): Promise<GitHub> {
    this.#github ??= import('../../../shared/github.ts').then(({ createGitHub }) =>
      createGitHub({
        token: this.#s.githubToken,
        ...(this.#apiUrl ? { baseUrl: this.#apiUrl } : {}),
        stats: this.#ctx.stats,
        retry: { signal: this.#ctx.signal, log: (line) => this.#ctx.log.info(line) },
      }),
    );
    return this.#github;
  }

  /**
   * Cloud credentials for the destinations that need them: the OIDC module is imported, the token
   * requested and exchanged on first use, then shared (and refreshed before expiry) — so a run
   * without such destinations loads none of it. Failing here (no id-token permission, a trust
   * policy refusing the token's sub or aud) fails preflight, before anything changed.
   */
  #cloud<P extends DestinationCloud>(provider: P): Promise<CloudAccess<P>> {
    const config = this.#s.cloud;
    if (config.provider !== provider) return Promise.reject(new Error(`a ${provider} destination passed input validation with cloud: ${config.provider}`));
    this.#credentials ??= import('../../../shared/oidc/index.ts').then((oidc) =>
      oidc.obtainCredentials(config, {
        redactor: this.#ctx.redactor,
        log: this.#ctx.log,
        signal: this.#ctx.signal,
        stats: this.#ctx.stats,
        ...(this.#oidcEnv ? { env: this.#oidcEnv } : {}),
      }),
    );
    const endpoint = this.#s.awsSecretsmanagerEndpoint?.href.replace(/\/+$/, '');
    return this.#credentials.then((credentials) => ({ config, credentials, endpoints: endpoint ? { secretsmanager: endpoint } : {} }) as unknown as CloudAccess<P>);
  }

  // -------------------------------------------------------------------------------------------
  // Deciding and checking: reads only.

  async decide(): Promise<Decision> {
    this.#state = await this.#ledger.read(this.#alternating);
    const decision = decide({
      now: this.#env.now(),
      run: this.#env.run,
      name: this.#s.name,
      strategy: this.#s.strategy,
      targetUser: this.#s.targetUser ?? '',
      settings: this.#fingerprint(),
      rotateIfOlderThanMs: this.#s.rotateIfOlderThan,
      rotatedAt: this.#state.rotatedAt,
      activeUser: this.#state.activeUser,
      lock: this.#state.lock,
      lockVariable: this.#ledger.names.lock,
    });
    if (decision.action === 'rotate') this.#decision = decision;
    return decision;
  }

  #fingerprint(): string {
    let location = '';
    if (this.#s.targetUrl) {
      const u = new URL(this.#s.targetUrl);
      location = `${u.hostname}:${u.port}${u.pathname}`;
    }
    return settingsFingerprint({
      target: this.#s.target,
      location,
      targetUser: this.#s.targetUser ?? '',
      strategy: this.#s.strategy,
      charset: this.#s.charset,
      length: this.#s.length,
      valueGiven: this.#s.value !== undefined,
    });
  }

  /** Busy, young or refused: outputs and summary, nothing changed. */
  async stop(decision: Exclude<Decision, { action: 'rotate' }>): Promise<MainResult> {
    if (decision.action === 'refuse') throw new UserError(decision.message);
    const r = this.report;
    r.activeUser = this.#alternating ? (this.#state?.activeUser ?? '') : (this.#s.targetUser ?? '');
    r.rotatedAt = this.#state?.rotatedAt ?? '';
    if (decision.action === 'busy') {
      r.headline = 'another rotation is in progress; nothing changed';
      this.#ctx.log.warning(`rotate-secret: ${decision.message}`);
    } else {
      r.headline = `not due until ${decision.nextAt}`;
      this.#ctx.log.info(`rotate-secret: ${decision.message}; nothing to do`);
    }
    for (const spec of this.#specs) r.destination(spec.id, 'unchanged');
    await this.#publish();
    return { outcome: 'skipped' };
  }

  /** Target and destinations checked and ready; throws (nothing changed) on any problem. */
  async preflight(): Promise<void> {
    const d = this.#decision!;
    if (this.#s.target !== 'none') {
      const url = this.#s.targetUrl!;
      const target = await this.#ctx.log.group(`connect to the ${this.#s.target} target`, () =>
        this.#openTarget(this.#s.target as TargetDriver['kind'], { url, log: this.#ctx.log, timeoutMs: TARGET_TIMEOUT_MS }).catch((error: unknown) => {
          throw new UserError(messageOf(error), { cause: error });
        }),
      );
      this.#target = target;
      const base = this.#s.targetUser!;
      const ours = this.#alternating ? [base, ...alternatingUsers(base)] : [base];
      if (ours.includes(target.adminUser)) {
        throw new UserError(
          `target-url logs in as '${target.adminUser}', the user being rotated: rotating the credential this action logs in with would lock it out. Use a separate admin account in target-url.`,
        );
      }
      const exists = await this.#onTarget('looking up the users', () => target.existing(ours));
      this.#userExists = exists.has(d.user);
      if (!this.#userExists) {
        if (!this.#alternating) throw new UserError(`user '${d.user}' does not exist on the ${this.#s.target} target at ${target.where}; create it first (nothing was changed)`);
        if (!exists.has(base)) {
          throw new UserError(
            `user '${d.user}' does not exist on the ${this.#s.target} target at ${target.where}, and neither does '${base}' to create it from; create '${base}' (its privileges are copied) or both '${alternatingUsers(base).join("' and '")}' (nothing was changed)`,
          );
        }
      }
      if (this.#alternating && d.previousUser && !exists.has(d.previousUser)) {
        this.#ctx.log.warning(`the active user '${d.previousUser}' recorded in ${this.#ledger.names.activeUser} does not exist on the target`);
      }
      if (this.#alternating && this.#s.currentValue !== undefined) {
        this.#ctx.log.info('current-value is not needed with alternating-users (the active user is never changed); ignoring it');
      }
      if (!this.#alternating && this.#s.currentValue !== undefined && !target.keepsOldPassword && !d.resume) {
        const current = this.#s.currentValue;
        this.#currentWorks = await this.#onTarget(`logging in as ${d.user} with current-value`, () => target.canLogin(d.user, current));
        if (!this.#currentWorks) {
          this.#ctx.log.warning(`current-value does not log in as '${d.user}'; the target cannot be reverted to it if the new value fails its test`);
        }
      }
    }
    // Opening loads each kind's client (and, for vault/aws destinations, obtains the cloud credentials).
    await this.#ctx.log.group(`check ${this.#specs.length} destination(s)`, async () => {
      this.#destinations = await openDestinations(this.#specs, {
        name: this.#s.name,
        github: () => this.#client(),
        cloud: (provider) => this.#cloud(provider),
        redactor: this.#ctx.redactor,
        log: this.#ctx.log,
        signal: this.#ctx.signal,
        stats: this.#ctx.stats,
      });
      await inBatches(this.#destinations, PREPARE_CONCURRENCY, (dest) => dest.prepare());
    });
    this.#plan = this.#planSteps();
    this.report.plan(this.#plan);
  }

  #derivable(): boolean {
    return this.#s.value === undefined && this.#s.targetUrl !== undefined && describeUrl(this.#s.targetUrl).password !== '';
  }

  async dryRun(): Promise<MainResult> {
    const r = this.report;
    r.headline = this.#decision?.resume ? 'dry run: would resume the interrupted rotation' : 'dry run: would rotate';
    r.activeUser = this.#alternating ? (this.#state?.activeUser ?? '') : (this.#s.targetUser ?? '');
    r.rotatedAt = this.#state?.rotatedAt ?? '';
    for (const dest of this.#destinations) r.destination(dest.id, 'would write');
    for (const { step, does } of this.#plan) r.skip(step, `dry run — would ${does}`);
    this.#ctx.log.info(`rotate-secret: dry run; nothing was changed`);
    await this.#publish();
    return { outcome: 'dry-run' };
  }

  #planSteps(): StepPlan[] {
    return planSteps({
      decision: this.#decision!,
      strategy: this.#s.strategy,
      target: this.#s.target,
      valueGiven: this.#s.value !== undefined,
      derived: this.#derivable(),
      verify: this.#s.verify,
      userExists: this.#userExists,
      keepsOldPassword: this.#target?.keepsOldPassword ?? false,
      destinations: this.#destinations.map((x) => x.id),
      staged: this.#destinations.filter((x) => x.stage).map((x) => x.id),
    });
  }

  // -------------------------------------------------------------------------------------------
  // The five steps.

  async step(step: StepName, fn: () => Promise<string | undefined>): Promise<void> {
    this.#step = step;
    await this.report.step(step, fn);
  }

  /** A target operation: what the server refused (a password policy, a lost connection) is the user's to fix, not a bug. */
  async #onTarget<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof TypeError || error instanceof RangeError || error instanceof ReferenceError || error instanceof UserError) throw error;
      throw new UserError(`${what} on the ${this.#s.target} target at ${this.#target?.where ?? '?'} failed: ${messageOf(error)}`, { cause: error });
    }
  }

  /** Records the rotation (write-ahead), then makes the pending value. */
  async create(): Promise<string> {
    const d = this.#decision!;
    const now = this.#env.now();
    const derived = this.#derivable();
    const wal: Wal = {
      v: 1,
      owner: newOwner(),
      run: this.#env.run,
      version: d.resume?.version ?? newVersion(now),
      strategy: this.#s.strategy,
      user: d.user,
      previousUser: d.previousUser,
      settings: this.#fingerprint(),
      derived,
      startedAt: d.resume?.startedAt ?? new Date(now).toISOString(),
      leaseUntil: new Date(now + LEASE_MS).toISOString(),
    };
    const locked = d.resume ? await this.#ledger.takeOver(d.resume, wal) : await this.#ledger.acquire(wal);
    if (!locked) throw new Busy(`another run took the lock ${this.#ledger.names.lock} first; nothing was changed`);
    this.#lockHeld = true;
    this.#wal = wal;
    this.report.version = wal.version;

    const s = this.#s;
    let source: string;
    const recovered = d.resume && s.value === undefined ? await this.#recover(wal.version) : undefined;
    if (s.value !== undefined) {
      this.#pending = s.value;
      source = 'the given value';
    } else if (recovered) {
      this.#pending = recovered.value;
      source = `the value the interrupted run stored at ${recovered.at} (resumed with, not made again)`;
    } else if (derived) {
      this.#pending = derivedValue(describeUrl(s.targetUrl!).password, wal.version, [s.name, s.target, d.user], s.length, s.charset);
      source = `a derived ${s.length}-character ${s.charset} value (a re-run derives it again)`;
    } else {
      this.#pending = freshValue(s.length, s.charset);
      source = `a random ${s.length}-character ${s.charset} value`;
    }
    this.#ctx.redactor.add(this.#pending);
    if (d.resume && (!derived || !d.resume.derived) && s.value === undefined && !recovered) {
      this.#ctx.log.warning(
        'the value of the interrupted rotation cannot be derived again (no password in target-url, or no target): a new value is used and every destination is rewritten',
      );
    }
    const lock = d.resume ? `took over the lock of run ${d.resume.run.id} attempt ${d.resume.run.attempt}` : `locked ${this.#ledger.names.lock}`;
    const staged = await this.#stage(wal.version);
    return `${lock}; version ${wal.version}: ${source}${staged.length > 0 ? `; stored as pending at ${staged.join(', ')}` : ''}`;
  }

  /** Resume: the value a destination holds for `version` (the first that has one). */
  async #recover(version: string): Promise<{ value: string; at: string } | undefined> {
    for (const dest of this.#destinations) {
      if (!dest.recover) continue;
      const value = await dest.recover({ version });
      if (value === undefined) continue;
      this.#ctx.redactor.add(value);
      return { value, at: dest.id };
    }
    return undefined;
  }

  /** The write-ahead at destinations that have a pending state, before the target changes. */
  async #stage(version: string): Promise<string[]> {
    for (const dest of this.#destinations) {
      if (!dest.stage) continue;
      await this.#renewIfDue();
      await dest.stage(this.#pending!, { version });
      this.#staged.push(dest.id);
    }
    return this.#staged;
  }

  /** Applies the pending value to the target (skipped when it already logs in: a resumed run). */
  async set(): Promise<string> {
    const target = this.#target;
    if (!target) {
      this.report.skip('set', 'no target');
      return 'no target';
    }
    const d = this.#decision!;
    const pending = this.#pending!;
    if (d.resume && (await this.#onTarget(`logging in as ${d.user}`, () => target.canLogin(d.user, pending)))) {
      this.#targetChanged = true;
      return `${d.user} already logs in with the pending value (set by the interrupted run)`;
    }
    if (!this.#userExists) {
      await this.#onTarget(`creating ${d.user}`, () => target.createUser(d.user, this.#s.targetUser!, pending));
      this.#targetChanged = true;
      return `created ${d.user} with the privileges of ${this.#s.targetUser}`;
    }
    const how = !this.#alternating && target.keepsOldPassword ? 'add' : 'replace';
    await this.#onTarget(`setting the password of ${d.user}`, () => target.setPassword(d.user, pending, how));
    this.#targetChanged = true;
    return how === 'add' ? `added a password to ${d.user} (the old one still works until retire)` : `changed the password of ${d.user}`;
  }

  /** Logs in with the pending value for real. */
  async test(): Promise<string> {
    const target = this.#target;
    if (!target) {
      this.report.skip('test', 'no target');
      return 'no target';
    }
    if (!this.#s.verify) {
      this.#ctx.log.warning('verify is false: the new value is distributed without logging in with it first');
      this.report.skip('test', 'skipped (verify: false)');
      return 'skipped (verify: false)';
    }
    const d = this.#decision!;
    if (!(await this.#onTarget(`logging in as ${d.user}`, () => target.canLogin(d.user, this.#pending!)))) {
      throw new UserError(`the new value does not log in as '${d.user}' on the ${this.#s.target} target at ${target.where}`);
    }
    return `logged in as ${d.user}`;
  }

  /** Writes every destination; a failed one does not stop the others (more of them then work). */
  async distribute(): Promise<string> {
    const failures: unknown[] = [];
    let created = 0;
    let unchanged = 0;
    for (const dest of this.#destinations) {
      try {
        await this.#renewIfDue();
        const outcome = await dest.write(this.#pending!, { version: this.#wal!.version });
        if (outcome === 'created') created++;
        if (outcome === 'unchanged') unchanged++;
        this.#written++;
        this.report.destination(dest.id, outcome);
      } catch (error) {
        failures.push(error);
        this.report.destination(dest.id, 'failed', error);
        if (this.#ctx.signal.aborted) break;
      }
    }
    for (const dest of this.#destinations.slice(this.#written + failures.length)) this.report.destination(dest.id, 'not reached');
    if (failures.length > 0) {
      const first = failures[0] as Error;
      if (first instanceof Error) {
        first.message = `${failures.length} of ${this.#destinations.length} destination(s) could not be written; the first: ${first.message}`;
        throw first;
      }
      throw new Error(`${failures.length} destination(s) could not be written: ${messageOf(first)}`);
    }
    return `wrote ${this.#written} destination(s) (${created} created${unchanged > 0 ? `, ${unchanged} already held it` : ''})`;
  }

  async #renewIfDue(): Promise<void> {
    const now = this.#env.now();
    if (this.#wal && Date.parse(this.#wal.leaseUntil) - now < LEASE_MS / 2) this.#wal = await this.#ledger.renew(this.#wal, now);
  }

  /** Retires the old credential where the target kept it, records the rotation, releases the lock. */
  async retire(): Promise<string> {
    const d = this.#decision!;
    const parts: string[] = [];
    const target = this.#target;
    if (target && !this.#alternating && target.keepsOldPassword) {
      const n = await this.#onTarget(`retiring the old passwords of ${d.user}`, () => target.retireOtherPasswords(d.user, this.#pending!));
      parts.push(`removed ${n} old password(s) of ${d.user}`);
    }
    if (this.#alternating) parts.push(`${d.user} is active; ${d.previousUser || 'no previous user'}${d.previousUser ? ' stays valid until the next rotation' : ''}`);
    const rotatedAt = new Date(this.#env.now()).toISOString();
    await this.#ledger.complete(rotatedAt, this.#alternating ? d.user : undefined, this.#state!);
    this.#lockHeld = false;
    this.report.rotatedAt = rotatedAt;
    parts.push(`recorded ${this.#ledger.names.rotatedAt}`);
    return parts.join('; ');
  }

  async finish(): Promise<MainResult> {
    const d = this.#decision!;
    const r = this.report;
    r.rotated = true;
    r.activeUser = d.user;
    r.headline = d.resume ? 'rotated (completed an interrupted rotation)' : 'rotated';
    if (!this.#alternating && this.#target && !this.#target.keepsOldPassword) {
      r.notes.push('single-user: the old password stopped working at the set step; consumers that read the secret before this run must read it again.');
    }
    await this.#publish();
    return { outcome: 'success' };
  }

  // -------------------------------------------------------------------------------------------
  // Failure: revert what can be reverted, keep or release the lock, and say where things stand.

  async abandon(error: unknown): Promise<never> {
    if (error instanceof Busy) throw error;
    const notes: string[] = [];
    const d = this.#decision;
    const target = this.#target;
    const failedAt = this.#step;
    const mayHoldPending = this.#written > 0 || d?.resume !== undefined;
    let reverted = false;
    if (this.#lockHeld && d && target && this.#targetChanged && !this.#alternating && (failedAt === 'test' || !mayHoldPending)) {
      reverted = await this.#revert(target, d.user, notes);
    }
    if (this.#lockHeld) {
      const keep = mayHoldPending && failedAt !== 'test';
      if (keep) {
        notes.push(
          `the lock ${this.#ledger.names.lock} stays: re-run this workflow run to complete the rotation with the same value` +
            (this.#alternating ? ' (every destination holds a working user meanwhile)' : ''),
        );
        if (this.#staged.length > 0) notes.push(`the new value stays pending at ${this.#staged.join(', ')} for the re-run`);
      } else {
        try {
          await this.#ledger.release();
          this.#lockHeld = false;
        } catch (releaseError) {
          notes.push(`the lock ${this.#ledger.names.lock} could not be released (${messageOf(releaseError)}); it expires by itself`);
        }
        // Only once the lock is gone: a kept lock is resumed with the pending value.
        if (!this.#lockHeld) await this.#discard(notes);
      }
    }
    if (this.#written === 0 && !d?.resume) notes.push('no destination was changed');
    if (this.#targetChanged && !reverted && !this.#alternating && !(target?.keepsOldPassword ?? false)) {
      notes.push(
        this.#written === 0 && failedAt !== 'test'
          ? 'the target has the new value while the destinations still hold the old one, which no longer works: re-run to distribute it, or pass current-value to let the action revert'
          : 'destinations not written yet hold the old value, which no longer works',
      );
    }
    if (this.#alternating && this.#targetChanged && this.#written === 0 && !d?.resume) notes.push(`the destinations still use ${d?.previousUser || 'the previous user'}`);
    this.report.headline = 'failed';
    this.report.notes.push(...notes);
    await this.#publish().catch(() => undefined);
    if (notes.length > 0 && error instanceof Error) error.message = `${error.message}. ${notes.join('; ')}.`;
    throw error;
  }

  async #revert(target: TargetDriver, user: string, notes: string[]): Promise<boolean> {
    try {
      if (target.keepsOldPassword) {
        await target.removePassword(user, this.#pending!);
        notes.push(`removed the new password from ${user}; its old password still works`);
        return true;
      }
      const current = this.#s.currentValue;
      if (current !== undefined && this.#currentWorks) {
        await target.setPassword(user, current, 'replace');
        if (await target.canLogin(user, current)) {
          notes.push(`reverted ${user} to current-value, which logs in again`);
          return true;
        }
        notes.push(`reverting ${user} to current-value did not make it log in`);
        return false;
      }
      notes.push(`${user} could not be reverted (${current === undefined ? 'no current-value given' : 'current-value did not log in'})`);
      return false;
    } catch (error) {
      notes.push(`reverting ${user} failed: ${messageOf(error)}`);
      return false;
    }
  }

  /** Drops what `stage` left (this run's or the interrupted one's) at every destination that can. */
  async #discard(notes: string[]): Promise<void> {
    const version = this.#wal?.version;
    if (version === undefined) return;
    const dropped: string[] = [];
    for (const dest of this.#destinations) {
      if (!dest.discard) continue;
      try {
        await dest.discard({ version });
        dropped.push(dest.id);
      } catch (error) {
        notes.push(`the pending value at ${dest.id} could not be dropped (${messageOf(error)}); it is never made current`);
      }
    }
    if (dropped.length > 0) notes.push(`dropped the pending value at ${dropped.join(', ')} (the current one is unchanged)`);
  }

  async close(): Promise<void> {
    try {
      await this.#target?.close();
    } finally {
      // Revokes what can be revoked (Vault's token); AWS sessions expire by themselves.
      const credentials = await this.#credentials?.catch(() => undefined);
      await credentials?.dispose();
    }
  }

  async #publish(): Promise<void> {
    this.report.emitOutputs();
    await this.report.writeSummary();
  }
}
