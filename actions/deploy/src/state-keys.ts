/**
 * main → post state of deploy: identifiers only (shared/state.ts refuses secrets).
 * - `deployment-id`: the record main opened; post closes it if main could not.
 * - `finished`: main closed it.
 * - `stopped-by`: why main ended without closing it, when main knew (`api-timeout`, `api-error`,
 *   `error`), so post's description tells the truth instead of blaming a cancellation.
 * - `credential-files`: a JSON list of the paths (never the contents) of credential files main wrote (cloud.ts).
 */
export type StateKey = 'deployment-id' | 'finished' | 'stopped-by' | 'credential-files';

export type StoppedBy = 'api-timeout' | 'api-error' | 'error';
