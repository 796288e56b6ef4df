// `npm run demo`: the suite's pipeline against the embedded defaults — a GitHub emulator on
// 127.0.0.1 (held to GitHub's OpenAPI description) and the shipped bundles run as the runner runs
// them. Each scene prints what the job's page would show.
import { startDemo } from './demo/context.ts';
import { heading } from './demo/print.ts';
import { deployScene } from './demo/deploy.ts';
import { placeholders } from './demo/placeholders.ts';
import { metricsScene } from './demo/report-metrics.ts';
import { rotateScene } from './demo/rotate-secret.ts';

const ctx = await startDemo();
try {
  heading(`Embedded GitHub at ${ctx.github.url} — repository ${ctx.repository}`);
  await deployScene(ctx);
  await rotateScene(ctx);
  await metricsScene(ctx);
  await placeholders(ctx, {
    provision: { tool: 'terraform', command: 'plan' },
  });
  heading('API economy and contract');
  console.log(`  GitHub API calls: ${ctx.github.requests.length}; contract violations: ${ctx.github.contractViolations.length}`);
  if (ctx.github.contractViolations.length) process.exitCode = 1;
} finally {
  await ctx.github.close();
}
