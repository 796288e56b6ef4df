import type { CredentialStateKey } from '../../../shared/oidc/with-cloud.ts';
import type { FilesStateKey } from './files.ts';

/**
 * main → post, identifiers only (state.ts refuses secrets):
 * - `credential-files`: the cloud credential files (shared/oidc/with-cloud.ts);
 * - `temp-dir`: the private directory of the secret files (files.ts);
 * - `tool-run`: JSON {tool, command, dir, workspace} while a tool runs, '' after — left set when
 *   main was stopped mid-run, so the post step checks for a state lock left behind.
 */
export type StateKey = CredentialStateKey | FilesStateKey | 'tool-run';

export interface ToolRun {
  tool: string;
  command: string;
  dir: string;
  workspace: string;
}
