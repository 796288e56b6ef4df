// POST /graphql, as far as the suite uses it: `{ viewer { login databaseId } }`, the one way a
// token of any kind (a user's, an app installation's such as GITHUB_TOKEN) learns whom it acts as
// (REST's GET /user refuses installation tokens). GraphQL is not part of the REST description, so
// the emulator checks the query's shape itself and answers anything else with a GraphQL error.
import type { Identity, Reply } from './handler.ts';

export const GRAPHQL_ROUTE = 'POST /graphql';
export const GRAPHQL_OPERATION = 'graphql';

const VIEWER = /^\s*(query(\s+[A-Za-z_]\w*)?\s*)?\{\s*viewer\s*\{\s*((login|databaseId)\s*,?\s*){1,2}\}\s*\}\s*$/;

export function callGraphql(identity: Identity, bodyText: string): Reply {
  if (!identity.user) return { status: 401, body: { message: 'This endpoint requires you to be authenticated.', documentation_url: 'https://docs.github.com/graphql/guides/forming-calls-with-graphql#authenticating-with-graphql' } };
  let query: unknown;
  try {
    query = (JSON.parse(bodyText) as { query?: unknown }).query;
  } catch {
    return { status: 400, body: { message: 'Problems parsing JSON' } };
  }
  if (typeof query !== 'string' || !VIEWER.test(query)) {
    return { status: 200, body: { errors: [{ message: `The emulator answers only { viewer { login databaseId } }; got ${JSON.stringify(query)}` }] } };
  }
  const viewer: Record<string, unknown> = {};
  if (/\blogin\b/.test(query)) viewer['login'] = identity.user.login;
  if (/\bdatabaseId\b/.test(query)) viewer['databaseId'] = identity.user.id;
  return { status: 200, body: { data: { viewer } } };
}
