// The parts one emulator instance is made of, passed to the dispatcher and the admin API.
import type { Contract } from './contract.ts';
import type { FaultInjector } from './faults.ts';
import type { RequestLog } from './log.ts';
import type { OidcProvider } from './oidc.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { Renderer } from './render.ts';
import type { Store } from './store.ts';

export interface Core {
  url: string;
  contract: Contract;
  store: Store;
  render: Renderer;
  limiter: RateLimiter;
  faults: FaultInjector;
  log: RequestLog;
  oidc: OidcProvider;
  /** Request/response mismatches against the OpenAPI description. */
  violations: string[];
  /** Operations that exist in GitHub's description but that the emulator does not implement. */
  unimplemented: string[];
  /** Test-only: rewrite a response body before it is validated and sent (by operationId). */
  mutators: Map<string, (body: unknown) => unknown>;
  rateLimitStatus: 403 | 429;
  closing: AbortSignal;
}

/** Routes served outside GitHub's REST description. */
export const SPECIAL_ROUTES: Record<string, string> = {
  'GET /_oidc/idtoken': 'oidc/token',
  'GET /.well-known/openid-configuration': 'oidc/discovery',
  'GET /.well-known/jwks': 'oidc/jwks',
};
