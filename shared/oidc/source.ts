import * as core from '@actions/core';
import { realClock, type Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import { IdTokenExpiredError } from './errors.ts';
import type { CloudProvider, Credentials, IdToken } from './types.ts';
import { inert } from '../log.ts';

/**
 * Credentials that stay valid for as long as the operation needs them. `get()` hands out the
 * current credentials, and when they are within a margin of their expiry (or were rejected) it
 * requests a fresh OIDC token — never a cached one: GitHub's tokens live 5 minutes — and exchanges
 * it again. Concurrent callers share one refresh.
 */

export const DEFAULT_REFRESH_MARGIN_MS = 5 * 60_000;

export interface CredentialSourceOptions<C extends Credentials> {
  provider: CloudProvider;
  /** The audience the OIDC token is requested for (undefined: GitHub's default). */
  audience: string | undefined;
  requestToken: (audience: string | undefined) => Promise<IdToken>;
  exchange: (token: IdToken) => Promise<C>;
  clock?: Clock;
  /** Refresh this long before expiry; default 5 minutes, and at most half the credentials' lifetime. */
  marginMs?: number;
  log?: Logger;
  /** Revokes credentials on dispose and when a refresh supersedes them (Vault's revoke-self); absent: they simply expire. */
  revoke?: (credentials: C) => Promise<boolean>;
}

const LABEL: Record<CloudProvider, string> = { aws: 'AWS', gcp: 'Google Cloud', azure: 'Azure', vault: 'Vault' };

export class CredentialSource<C extends Credentials = Credentials> {
  readonly provider: CloudProvider;
  readonly #opts: CredentialSourceOptions<C>;
  readonly #clock: Clock;
  #current: { credentials: C; obtainedAt: number; stale: boolean } | undefined;
  #inflight: Promise<C> | undefined;
  #exchanges = 0;
  #disposed = false;

  constructor(opts: CredentialSourceOptions<C>) {
    this.provider = opts.provider;
    this.#opts = opts;
    this.#clock = opts.clock ?? realClock;
  }

  /** How many times credentials were obtained (1 after the first `get()`, +1 per refresh). */
  get exchanges(): number {
    return this.#exchanges;
  }

  /** The credentials last obtained, without refreshing. */
  current(): C | undefined {
    return this.#current?.credentials;
  }

  /** Valid credentials: the current ones, or fresh ones when they are near expiry, were invalidated, or `forceRefresh`. */
  async get(opts: { forceRefresh?: boolean } = {}): Promise<C> {
    if (this.#disposed) throw new Error(`${LABEL[this.provider]} credentials were already disposed of`);
    if (this.#inflight) return this.#inflight;
    const cur = this.#current;
    if (cur && !opts.forceRefresh && !cur.stale && !this.#nearExpiry(cur.credentials, cur.obtainedAt)) return cur.credentials;
    const refreshing = cur !== undefined;
    this.#inflight = this.#obtain(refreshing)
      .catch((error: unknown) => {
        // A refresh ahead of time that fails keeps the current credentials while they last (30 s to spare).
        const usable = cur && !cur.stale && !opts.forceRefresh && this.#clock.now() < cur.credentials.expiresAt - 30_000;
        if (!usable) throw error;
        this.#info(`Could not refresh the ${LABEL[this.provider]} credentials (${error instanceof Error ? error.message : String(error)}); using the current ones, valid until ${new Date(cur.credentials.expiresAt).toISOString()}`);
        return cur.credentials;
      })
      .finally(() => {
        this.#inflight = undefined;
      });
    return this.#inflight;
  }

  /**
   * Marks `credentials` as rejected (an expired session the clock did not predict); the next `get()`
   * refreshes. Credentials other than the current ones are ignored (someone already refreshed).
   */
  invalidate(credentials: C): void {
    if (this.#current && this.#current.credentials === credentials) this.#current.stale = true;
  }

  /** Revokes what can be revoked; later `get()` calls fail. */
  async dispose(): Promise<void> {
    this.#disposed = true;
    const cur = this.#current?.credentials;
    this.#current = undefined;
    if (cur && this.#opts.revoke) {
      const ok = await this.#opts.revoke(cur).catch(() => false);
      this.#debug(ok ? `Revoked the ${LABEL[this.provider]} token` : `Could not revoke the ${LABEL[this.provider]} token; it expires on its own`);
    }
  }

  #nearExpiry(c: C, obtainedAt: number): boolean {
    if (!Number.isFinite(c.expiresAt)) return false;
    const lifetime = c.expiresAt - obtainedAt;
    const margin = Math.min(this.#opts.marginMs ?? DEFAULT_REFRESH_MARGIN_MS, Math.max(0, lifetime / 2));
    return this.#clock.now() >= c.expiresAt - margin;
  }

  async #obtain(refreshing: boolean): Promise<C> {
    const { audience, requestToken, exchange } = this.#opts;
    let credentials: C;
    try {
      credentials = await exchange(await requestToken(audience));
    } catch (error) {
      // The cloud found the token expired (slow retries, a skewed clock): one fresh token, one more try.
      if (!(error instanceof IdTokenExpiredError)) throw error;
      this.#debug(`${error.message}; requesting a fresh OIDC token`);
      credentials = await exchange(await requestToken(audience));
    }
    this.#exchanges += 1;
    const previous = this.#current?.credentials;
    this.#current = { credentials, obtainedAt: this.#clock.now(), stale: false };
    // Superseded tokens are revoked (Vault) rather than left valid until their TTL.
    if (previous && this.#opts.revoke) await this.#opts.revoke(previous).catch(() => false);
    const until = Number.isFinite(credentials.expiresAt) ? `valid until ${new Date(credentials.expiresAt).toISOString()}` : 'without expiry';
    this.#info(`${refreshing ? 'Refreshed' : 'Obtained'} ${LABEL[this.provider]} credentials, ${until}`);
    return credentials;
  }

  #info(line: string): void {
    if (this.#opts.log) this.#opts.log.info(line);
    else core.info(inert(line));
  }

  #debug(line: string): void {
    if (this.#opts.log) this.#opts.log.debug(line);
    else core.debug(inert(line));
  }
}
