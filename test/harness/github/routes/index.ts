// Every implemented operation, keyed by GitHub's operationId.
import type { RouteTable } from '../handler.ts';
import { commitRoutes } from './commits.ts';
import { deploymentRoutes } from './deployments.ts';
import { environmentRoutes } from './environments.ts';
import { issueRoutes } from './issues.ts';
import { metaRoutes } from './meta.ts';
import { runRoutes } from './runs.ts';
import { secretRoutes } from './secrets.ts';
import { variableRoutes } from './variables.ts';

export const routes: RouteTable = {
  ...commitRoutes,
  ...deploymentRoutes,
  ...environmentRoutes,
  ...secretRoutes,
  ...variableRoutes,
  ...runRoutes,
  ...issueRoutes,
  ...metaRoutes,
  ...commitRoutes,
};
