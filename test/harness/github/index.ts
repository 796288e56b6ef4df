// Stateful in-memory GitHub REST emulator on 127.0.0.1: contract-checked against GitHub's OpenAPI
// description, real sealed-box secrets, OIDC tokens, documented rate limits and fault injection.
import { handleAdmin } from './admin.ts';
import { loadContract } from './contract.ts';
import type { Core } from './core.ts';
import { SPECIAL_ROUTES } from './core.ts';
import { dispatch } from './dispatch.ts';
import { FaultInjector } from './faults.ts';
import { makeSecretsView, makeVariablesView, snapshot } from './inspect.ts';
import type { SecretsView, VariablesView } from './inspect.ts';
import { RequestLog } from './log.ts';
import { OidcProvider } from './oidc.ts';
import { oidcInfo } from './oidc-routes.ts';
import { RateLimiter } from './rate-limit.ts';
import { Renderer } from './render.ts';
import { GRAPHQL_OPERATION, GRAPHQL_ROUTE } from './graphql.ts';
import { makeSeed } from './seed.ts';
import type { Seed } from './seed.ts';
import { listen } from './server.ts';
import { sodiumReady } from './sodium.ts';
import { Store } from './store.ts';
import type { EmulatorOptions, FaultRule, OidcInfo, ReceivedString, RequestLogEntry } from './types.ts';

export type * from './types.ts';
export type { Seed, RunSeed, JobSeed, DeploymentSeed, CommitSeed, Selection } from './seed.ts';
export type { SecretsView, VariablesView } from './inspect.ts';
export type { OidcConfig } from './oidc.ts';
export { sealFor } from './sodium.ts';

export interface GitHubEmulator {
  /** Base URL to use as GITHUB_API_URL, e.g. http://127.0.0.1:PORT */
  url: string;
  oidc: OidcInfo & { issuedTokens(): string[] };
  seed: Seed;
  secrets: SecretsView;
  variables: VariablesView;
  faults: { inject(rule: FaultRule): void; clear(): void };
  /** Live request log (authorization redacted). */
  readonly requests: RequestLogEntry[];
  /** Key "METHOD /template", e.g. "POST /repos/{owner}/{repo}/deployments". */
  countsByRoute(): Record<string, number>;
  /** Every string received except Authorization and fields meant to carry a secret (encrypted_value). */
  receivedStrings(): ReceivedString[];
  /** Request/response mismatches against GitHub's OpenAPI description; tests assert it stays empty. */
  readonly contractViolations: string[];
  /** Operations GitHub has that were called but are not emulated (answered 404). */
  readonly unimplemented: string[];
  /** Everything the emulator holds, rendered as GitHub would. */
  state(): Record<string, unknown>;
  /** Clears the request log, contract violations and unimplemented list (state is kept). */
  clearLog(): void;
  /** Test-only hooks. */
  debug: {
    /** Rewrites successful response bodies of an operation before validation (to prove the response check works). */
    mutateResponses(operationId: string, fn: (body: unknown) => unknown): void;
    clearMutations(): void;
  };
  close(): Promise<void>;
}

export async function startGitHubEmulator(opts: EmulatorOptions = {}): Promise<GitHubEmulator> {
  const [contract, oidc] = await Promise.all([loadContract(), OidcProvider.create(), sodiumReady()]);
  const store = new Store();
  // Filled in once the server knows its URL; requests before that are refused.
  const ready: { core?: Core; emulator?: GitHubEmulator } = {};
  const server = await listen(async (req, res) => {
    const { core, emulator } = ready;
    if (!core || !emulator) throw new Error('emulator not ready');
    if ((req.url ?? '').startsWith('/_emulator/')) return handleAdmin(core, emulator, req, res);
    return dispatch(core, req, res);
  });
  const knows = (route: string): boolean =>
    contract.knows(route) || route in SPECIAL_ROUTES || Object.values(SPECIAL_ROUTES).includes(route) || route === GRAPHQL_ROUTE || route === GRAPHQL_OPERATION;
  const c: Core = {
    url: server.url,
    contract,
    store,
    render: new Renderer(server.url, store),
    limiter: new RateLimiter({ timeScale: opts.timeScale, limits: opts.limits }),
    faults: new FaultInjector(knows),
    log: new RequestLog(),
    oidc,
    violations: [],
    unimplemented: [],
    mutators: new Map(),
    rateLimitStatus: opts.rateLimitStatus ?? 403,
    closing: server.closing,
  };
  ready.core = c;
  const emulator: GitHubEmulator = {
    url: server.url,
    oidc: { ...oidcInfo(c), issuedTokens: () => [...oidc.issued] },
    seed: makeSeed(c),
    secrets: makeSecretsView(c),
    variables: makeVariablesView(c),
    faults: { inject: (rule) => c.faults.inject(rule), clear: () => c.faults.clear() },
    get requests() {
      return c.log.entries;
    },
    countsByRoute: () => c.log.counts(),
    receivedStrings: () => c.log.receivedStrings(),
    get contractViolations() {
      return c.violations;
    },
    get unimplemented() {
      return c.unimplemented;
    },
    state: () => snapshot(c),
    clearLog: () => {
      c.log.clear();
      c.violations.length = 0;
      c.unimplemented.length = 0;
    },
    debug: {
      mutateResponses: (operationId, fn) => void c.mutators.set(operationId, fn),
      clearMutations: () => c.mutators.clear(),
    },
    close: () => server.close(),
  };
  ready.emulator = emulator;
  return emulator;
}
