// actions/upload-artifact (v4): stores the named files as a run artifact and outputs its id and
// digest. The real digest is the SHA-256 of the zip it uploads; the stand-in hashes a canonical
// listing (path, size, sha256 of each file), which changes exactly when the content does.

import { createHash } from 'node:crypto';
import { relative } from 'node:path';
import { collectFiles, commonRoot } from './files.ts';
import type { StandIn } from './types.ts';

export const uploadArtifact: StandIn = {
  action: 'actions/upload-artifact',
  async run(ctx): Promise<Record<string, string>> {
    const name = ctx.with['name'] || 'artifact';
    if (/[":<>|*?\\/\r\n]/.test(name)) throw new Error(`actions/upload-artifact: invalid artifact name '${name}'`);
    const found = collectFiles(ctx.workspace, ctx.with['path'] ?? '');
    const base = commonRoot([...found.keys()]);
    const files = new Map([...found.entries()].map(([p, b]) => [relative(base, p), b]));
    if (files.size === 0) {
      const mode = ctx.with['if-no-files-found'] || 'warn';
      if (mode === 'error') throw new Error(`No files were found with the provided path: ${ctx.with['path']}. No artifacts will be uploaded.`);
      ctx.log(`warning: No files were found with the provided path: ${ctx.with['path']}. No artifacts will be uploaded.`);
      return {};
    }
    const existing = ctx.artifacts.findIndex((a) => a.name === name);
    if (existing >= 0) {
      if (ctx.with['overwrite'] !== 'true') throw new Error(`Failed to CreateArtifact: an artifact with this name already exists on the workflow run`);
      ctx.artifacts.splice(existing, 1);
    }
    const listing = [...files.entries()].map(([p, b]) => `${p}\t${b.length}\t${createHash('sha256').update(b).digest('hex')}\n`).join('');
    const digest = createHash('sha256').update(listing).digest('hex');
    const id = 1000 + ctx.artifacts.length + 1;
    ctx.artifacts.push({ id, name, digest, files: Object.fromEntries(files) });
    ctx.log(`uploaded artifact '${name}' (${files.size} file(s), id ${id}, sha256:${digest})`);
    return { 'artifact-id': String(id), 'artifact-url': `${ctx.run.serverUrl}/${ctx.run.repository}/actions/runs/${ctx.run.runId}/artifacts/${id}`, 'artifact-digest': digest };
  },
};
