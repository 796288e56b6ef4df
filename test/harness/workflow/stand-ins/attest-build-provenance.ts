// actions/attest-build-provenance: records a SLSA build-provenance attestation for each subject
// (file path/glob, or name + digest). The real action signs with Sigstore using the job's OIDC
// token and stores the bundle through the attestations API; the stand-in keeps the checks that
// decide whether a workflow can attest at all — `id-token: write` and `attestations: write` on the
// job, at least one subject — and records subjects and the workflow that built them.

import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { collectFiles } from './files.ts';
import type { StandIn } from './types.ts';

export const attestBuildProvenance: StandIn = {
  action: 'actions/attest-build-provenance',
  async run(ctx) {
    if (ctx.permissions['id-token'] !== 'write') throw new Error('Error: Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable (the job needs permissions: id-token: write)');
    if (ctx.permissions['attestations'] !== 'write') throw new Error('Error: Failed to persist attestation: Resource not accessible by integration (the job needs permissions: attestations: write)');
    const subjects: Array<{ name: string; digest: { sha256: string } }> = [];
    if (ctx.with['subject-path']) {
      for (const [p, b] of collectFiles(ctx.workspace, ctx.with['subject-path'])) {
        subjects.push({ name: relative(ctx.workspace, p), digest: { sha256: createHash('sha256').update(b).digest('hex') } });
      }
    } else if (ctx.with['subject-name'] && ctx.with['subject-digest']) {
      const [alg, hex] = ctx.with['subject-digest'].split(':');
      if (alg !== 'sha256' || !/^[0-9a-f]{64}$/.test(hex ?? '')) throw new Error(`subject-digest must be sha256:<64 hex>, got '${ctx.with['subject-digest']}'`);
      subjects.push({ name: ctx.with['subject-name'], digest: { sha256: hex! } });
    }
    if (subjects.length === 0) throw new Error(`Error: Could not find subject at path ${ctx.with['subject-path'] ?? ''}`);
    const id = 5000 + ctx.attestations.length + 1;
    const [, path] = /^[^/]+\/[^/]+\/(.+)@/.exec(ctx.run.workflowRef) ?? [];
    const record = {
      id,
      subjects,
      predicateType: 'https://slsa.dev/provenance/v1',
      workflow: { repository: ctx.run.repository, ref: ctx.run.ref, sha: ctx.run.workflowSha, path: path ?? '', runId: ctx.run.runId },
    };
    ctx.attestations.push(record);
    const bundlePath = join(ctx.runnerTemp, `attestation-${id}.json`);
    writeFileSync(bundlePath, JSON.stringify(record, null, 2));
    ctx.log(`attested ${subjects.length} subject(s): ${subjects.map((s) => s.name).join(', ')}`);
    return { 'bundle-path': bundlePath, 'attestation-id': String(id), 'attestation-url': `${ctx.run.serverUrl}/${ctx.run.repository}/attestations/${id}` };
  },
};
