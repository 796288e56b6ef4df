// actions/setup-node: the runner emulation already puts Node 24 first on PATH (the `node`
// devDependency), so this only checks that the workflow asks for the major we run.

import type { StandIn } from './types.ts';

export const setupNode: StandIn = {
  action: 'actions/setup-node',
  async run(ctx) {
    const v = ctx.with['node-version'] ?? '';
    if (v !== '' && !/^24(\.|$)/.test(v)) throw new Error(`actions/setup-node stand-in: only Node 24 is available here, not '${v}'`);
    return { 'node-version': process.versions.node };
  },
};
