// The reusable-workflow scene: a user's repository calls the suite's deploy.yml at a release tag —
// the stamped workflow reaching the deploy bundle by sha — executed job by job by the harness's
// workflow-level runner, as GitHub would run it. Prints the jobs, the inputs that reached the
// action, the outputs the caller got back and the one deployment record GitHub now holds.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startHttpTarget } from '../../test/harness/http-target.ts';
import { runWorkflow } from '../../test/harness/workflow/index.ts';
import { root } from '../lib/actions.ts';
import { stampRepository, workflowFiles } from '../lib/stamp.ts';
import type { DemoContext } from './context.ts';
import { heading } from './print.ts';

const SUITE = 'octo-org/actions-suite';
const SOURCE = '5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a';
const RELEASE = 'b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1';

function write(dir: string, files: Record<string, string>): void {
  for (const [p, c] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), c);
    if (p.endsWith('.sh')) chmodSync(join(dir, p), 0o755);
  }
}

export async function workflowScene(ctx: DemoContext): Promise<void> {
  heading('reusable workflow: deploy.yml@v1.0.0 called from a user\'s workflow, run job by job');
  const tmp = mkdtempSync(join(tmpdir(), 'demo-workflow-'));
  const target = await startHttpTarget();
  try {
    // The suite as users reach it: a release commit whose workflows are stamped to the source sha.
    const { files, rewrites } = stampRepository(root, { repository: SUITE, sha: SOURCE, version: '1.0.0' });
    write(join(tmp, 'suite'), Object.fromEntries(workflowFiles(root).map((p) => [p, files.get(p) ?? readFileSync(join(root, p), 'utf8')])));
    const stamp = rewrites.find((r) => r.file.endsWith('deploy.yml'))!;
    console.log(`  release v1.0.0 stamps ${rewrites.length} uses: lines, e.g. ${stamp.file}: ${stamp.to}`);
    const sha = 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00';
    write(join(tmp, 'shop'), {
      '.github/workflows/ship.yml': `name: ship
on: push
permissions:
  contents: read
jobs:
  qa:
    uses: ${SUITE}/.github/workflows/deploy.yml@v1.0.0
    permissions: { contents: read, deployments: write, id-token: write }
    with:
      environment: qa
      run: ./scripts/deploy.sh
      environment-url: ${target.url}
      health-url: ${target.healthUrl}
      health-json: version=\${{ github.sha }}
      health-interval: 200ms
  announce:
    needs: qa
    runs-on: ubuntu-24.04
    steps:
      - env: { STATUS: '\${{ needs.qa.outputs.status }}', ID: '\${{ needs.qa.outputs.deployment-id }}' }
        run: echo "qa is $STATUS (deployment $ID)"
`,
      'scripts/deploy.sh': '#!/usr/bin/env bash\nset -euo pipefail\ncurl -fsS --data-binary "$DEPLOY_SHA" "${DEPLOY_ENVIRONMENT_URL%/}/deploy"\n',
    });
    const r = await runWorkflow({
      github: ctx.github,
      token: ctx.token,
      repo: { fullName: ctx.repository, sha, refs: ['refs/heads/main'], dir: join(tmp, 'shop') },
      workflow: '.github/workflows/ship.yml',
      event: { name: 'push' },
      remotes: [
        { fullName: SUITE, sha: RELEASE, refs: ['v1.0.0', 'v1'], dir: join(tmp, 'suite') },
        { fullName: SUITE, sha: SOURCE, dir: root },
      ],
      runId: '9100',
    });
    for (const j of r.jobs) {
      console.log(`\n${j.result === 'success' ? '✓' : '✗'} job '${j.name}' — ${j.result}${j.environment ? ` (environment ${j.environment.name}, deployment: ${j.environment.deployment})` : ''}`);
      for (const s of j.steps) {
        console.log(`  ${s.conclusion === 'success' ? '·' : '✗'} ${s.kind === 'run' ? s.name : s.kind}`);
        if (s.inputs) console.log(`      inputs: ${Object.entries(s.with).filter(([, v]) => v !== '').map(([k, v]) => `${k}=${k === 'github-token' ? '***' : v}`).join(', ')}`);
        if (s.kind === 'run') for (const line of s.log.split('\n').slice(1).filter(Boolean)) console.log(`      │ ${line}`);
      }
      const outs = Object.entries(j.outputs).filter(([k]) => k !== 'record');
      if (outs.length) console.log(`  outputs: ${outs.map(([k, v]) => `${k}=${v}`).join(', ')}`);
    }
    const repo = (ctx.github.state()['repos'] as Array<{ fullName: string; deployments: Array<{ id: number; environment: string; creator: { login: string }; statuses: Array<{ state: string }> }> }>).find((x) => x.fullName === ctx.repository);
    const qa = (repo?.deployments ?? []).filter((d) => d.environment === 'qa');
    console.log(`\n  deployments of qa: ${qa.map((d) => `#${d.id} by ${d.creator.login} [${d.statuses.map((s) => s.state).join(' → ')}]`).join('; ')} — one record, none by GitHub itself (deployment: false)`);
    console.log(`  qa serves ${target.version?.slice(0, 7) ?? 'nothing'}; workflow ${r.result}`);
    if (r.result !== 'success') process.exitCode = 1;
  } finally {
    await target.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}
