// actions/checkout: copies a repository's files at a commit into the workspace (or `path`). The
// repositories it can fetch are the run's own and the remotes the test declared, like a checkout
// that can only reach what exists. `persist-credentials` other than false is refused: every
// workflow we ship sets it to false, and the real default would leave the token in .git/config.

import { cpSync, mkdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { StandIn } from './types.ts';

export const checkout: StandIn = {
  action: 'actions/checkout',
  async run(ctx) {
    if (ctx.with['persist-credentials'] !== 'false') {
      throw new Error("actions/checkout stand-in: set persist-credentials: false (the default true writes the token into .git/config)");
    }
    const repository = ctx.with['repository'] || ctx.run.repository;
    const ref = ctx.with['ref'] || (repository === ctx.run.repository ? ctx.run.sha : '');
    const repo = ctx.repos.find((r) => r.fullName.toLowerCase() === repository.toLowerCase() && (ref === '' || r.sha === ref || (r.refs ?? []).includes(ref)));
    if (!repo) throw new Error(`actions/checkout stand-in: repository '${repository}' at '${ref || 'its default branch'}' is not available to this run`);
    const dest = resolve(ctx.workspace, ctx.with['path'] || '.');
    if (relative(ctx.workspace, dest).startsWith('..')) throw new Error(`actions/checkout: path '${ctx.with['path']}' is outside the workspace`);
    mkdirSync(dest, { recursive: true });
    cpSync(repo.dir, dest, {
      recursive: true,
      filter: (src) => !/(^|\/)(\.git|node_modules)(\/|$)/.test(relative(repo.dir, src)),
    });
    ctx.log(`checked out ${repo.fullName}@${repo.sha} into ${join('$GITHUB_WORKSPACE', relative(ctx.workspace, dest)) || '.'}`);
    return { ref, commit: repo.sha };
  },
};
