// GET /rate_limit and GET /repos/{owner}/{repo}.
import { ok } from '../handler.ts';
import type { RouteTable } from '../handler.ts';

export const metaRoutes: RouteTable = {
  'rate-limit/get': (ctx) => {
    const core = ctx.rateLimit();
    // Only core is emulated; the other buckets are reported as untouched.
    const fresh = (limit: number) => ({ limit, remaining: limit, used: 0, reset: core.reset });
    return ok({
      resources: {
        core,
        search: fresh(30),
        graphql: fresh(5000),
        integration_manifest: fresh(5000),
        code_search: fresh(10),
      },
      rate: core,
    });
  },

  'repos/get': (ctx) => ok(ctx.render.fullRepo(ctx.store.repo(ctx.params, ctx.docs))),
};
