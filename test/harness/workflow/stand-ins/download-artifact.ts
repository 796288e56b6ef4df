// actions/download-artifact (v4): writes a run artifact's files under `path` (default the
// workspace). An artifact that does not exist fails the step, as the real action does.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { StandIn } from './types.ts';

export const downloadArtifact: StandIn = {
  action: 'actions/download-artifact',
  async run(ctx) {
    const name = ctx.with['name'] ?? '';
    if (!name) throw new Error('actions/download-artifact stand-in: give `name` (downloading every artifact is not emulated)');
    const artifact = ctx.artifacts.find((a) => a.name === name);
    if (!artifact) throw new Error(`Unable to download artifact(s): Artifact not found for name: ${name}`);
    const dest = resolve(ctx.workspace, ctx.with['path'] || '.');
    for (const [p, b] of Object.entries(artifact.files)) {
      mkdirSync(dirname(join(dest, p)), { recursive: true });
      writeFileSync(join(dest, p), b);
    }
    ctx.log(`downloaded artifact '${name}' (id ${artifact.id}) to ${dest}`);
    return { 'download-path': dest };
  },
};
