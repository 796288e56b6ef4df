// The provision scene: examples/infra planned on a pull request (the plan posted there, the plan
// file sealed), applied with its digest, a deletion blocked by the guard, and drift — a managed
// file edited by hand — found, reported in an issue, and the issue closed once the drift is fixed.
// The harness's terraform double plays terraform (no binary can be installed here).
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAction, type RunResult } from '../../test/harness/runner/index.ts';
import { installTerraformDouble } from '../../test/harness/terraform/install.ts';
import { root } from '../lib/actions.ts';
import type { DemoContext } from './context.ts';
import { heading, printStep } from './print.ts';

const KEY = 'demo-plan-sealing-key-7d1e';

/** The step as the job page shows it, with the summary output (JSON, also in the job summary) shortened. */
function show(title: string, r: RunResult): void {
  const summary = r.outputs['summary'];
  printStep(title, { ...r, outputs: { ...r.outputs, ...(summary ? { summary: `(${summary.length} characters of JSON: the job summary below shows it)` } : {}) } });
}

export async function provisionScene(ctx: DemoContext): Promise<void> {
  heading('provision: plan on a PR → plan-digest → apply; a deletion blocked; drift found, its issue closed');
  const home = mkdtempSync(join(tmpdir(), 'demo-provision-'));
  try {
    const workspace = join(home, 'workspace');
    cpSync(join(root, 'examples', 'infra'), join(workspace, 'infra'), { recursive: true });
    const double = installTerraformDouble(join(home, 'tools'));
    const pr = ctx.github.seed.pullRequest(ctx.repository, { title: 'infra: the shop' });
    let runId = 8000;
    const provision = (inputs: Record<string, string>, pullRequest = false) =>
      runAction({
        action: 'provision',
        inputs: { tool: 'terraform', 'working-directory': 'infra', ...inputs },
        token: ctx.token,
        workspace,
        env: { ...ctx.env, ...double.env() },
        context: { ...ctx.context, runId: String(++runId), ...(pullRequest ? { eventName: 'pull_request', ref: `refs/pull/${pr}/merge` } : {}) },
        ...(pullRequest ? { event: { action: 'opened', number: pr, pull_request: { number: pr } } } : {}),
      });
    const sealed = { 'plan-file': 'artifacts/infra.plan', 'plan-encryption-key': KEY };

    const plan = await provision({ ...sealed }, true);
    show(`plan on pull request #${pr} (posted there; plan file sealed)`, plan);
    const digest = plan.outputs['plan-digest'] ?? '';
    const apply = await provision({ ...sealed, command: 'apply', 'plan-digest': digest });
    show('apply with plan-digest (the apply job, behind the production environment\'s reviewers)', apply);

    const configPath = join(workspace, 'infra', 'main.tf.json');
    const original = readFileSync(configPath, 'utf8');
    const withoutDb = JSON.parse(original) as { resource: { terraform_data: Record<string, unknown> } };
    delete withoutDb.resource.terraform_data['database'];
    writeFileSync(configPath, JSON.stringify(withoutDb, null, 2));
    const blocked = await provision({ ...sealed });
    show('plan that deletes the database record: blocked (max-destroy: 0)', blocked);
    writeFileSync(configPath, original);

    writeFileSync(join(workspace, 'infra', 'out', 'motd.txt'), 'edited by hand on the server\n');
    const drift = await provision({ command: 'drift', alert: 'issue' });
    show('drift (scheduled): the managed file was edited by hand', drift);
    const fix = await provision({ ...sealed });
    await provision({ ...sealed, command: 'apply', 'plan-digest': fix.outputs['plan-digest'] ?? '' });
    const gone = await provision({ command: 'drift', alert: 'issue' });
    show('drift again, after the fix was applied: the issue is closed', gone);

    const repo = (ctx.github.state()['repos'] as { fullName: string; issues: { number: number; title: string; state: string; pull_request?: unknown }[]; comments: { issue_url: string }[] }[]).find((r) => r.fullName === ctx.repository)!;
    const issues = repo.issues.filter((i) => !i.pull_request);
    const comments = repo.comments.filter((c) => c.issue_url.endsWith(`/issues/${pr}`));
    const checks: Array<[string, boolean]> = [
      [`the plan is on pull request #${pr} (${comments.length} comment)`, comments.length === 1],
      ['the plan file in the artifact is sealed (no value in clear)', !readFileSync(join(workspace, 'artifacts', 'infra.plan')).includes('shop')],
      ['apply applied exactly the reviewed plan', apply.conclusion === 'success' && apply.outputs['plan-digest'] === digest],
      ['the deletion was refused before anything changed', blocked.outputs['failure-reason'] === 'destroy-blocked' && blocked.outputs['to-destroy'] === '1'],
      [`drift opened issue #${issues[0]?.number ?? '?'} and the fix closed it`, drift.outputs['drift'] === 'true' && gone.outputs['drift'] === 'false' && issues.length === 1 && issues[0]?.state === 'closed'],
    ];
    const ok = plan.conclusion === 'success' && checks.every(([, pass]) => pass);
    console.log(`\n${ok ? '✓' : '✗'} provision — ${ok ? 'success' : 'failure'}`);
    for (const [what, pass] of checks) console.log(`  ${pass ? '✓' : '✗'} ${what}`);
    if (!ok) process.exitCode = 1;
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
