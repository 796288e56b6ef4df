// The stand-ins by action name. Only these third-party actions can run in the workflow runner; a
// workflow using another one fails to resolve it, saying so.

import { attestBuildProvenance } from './attest-build-provenance.ts';
import { checkout } from './checkout.ts';
import { createGitHubAppToken } from './create-github-app-token.ts';
import { downloadArtifact } from './download-artifact.ts';
import { setupNode } from './setup-node.ts';
import type { StandIn } from './types.ts';
import { uploadArtifact } from './upload-artifact.ts';

export type { StandIn, StandInContext } from './types.ts';

export const STAND_INS: ReadonlyMap<string, StandIn> = new Map(
  [checkout, setupNode, uploadArtifact, downloadArtifact, attestBuildProvenance, createGitHubAppToken].map((s) => [s.action, s]),
);
