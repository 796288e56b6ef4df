// provision's operation for `npm run bench`: a plan of a small configuration on a pull request
// (so the plan is posted: the GitHub calls a plan makes), with the double as terraform.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GitHubEmulator } from '../github/index.ts';
import type { RunActionOptions } from '../runner/index.ts';
import { installTerraformDouble } from './install.ts';

export function provisionBench(github: GitHubEmulator, dir: string): Partial<RunActionOptions> {
  const double = installTerraformDouble(join(dir, 'tools'));
  const workspace = join(dir, 'workspace');
  mkdirSync(join(workspace, 'infra'), { recursive: true });
  const resources = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`r${i}`, { input: { name: `resource-${i}`, tags: { env: 'bench' } } }]));
  writeFileSync(join(workspace, 'infra', 'main.tf.json'), JSON.stringify({ resource: { terraform_data: resources } }));
  const pr = github.seed.pullRequest('octo/bench', { title: 'bench: plan' });
  return {
    inputs: { tool: 'terraform', 'working-directory': 'infra', 'plan-file': 'infra.plan' },
    workspace,
    env: double.env(),
    event: { action: 'synchronize', number: pr, pull_request: { number: pr } },
    context: { eventName: 'pull_request' },
  };
}
