import { randomBytes } from 'node:crypto';
import { runAction } from '../../test/harness/runner/index.ts';
import { startService } from '../../test/harness/services/index.ts';
import type { DemoContext } from './context.ts';
import { heading, printStep } from './print.ts';

/**
 * rotate-secret on a real PostgreSQL: a role's password is rotated into the emulated repository
 * and environment secrets, then the scene proves — by logging in for real — that the value GitHub
 * now holds works and the old password does not. No password is ever printed.
 */
export async function rotateScene(ctx: DemoContext): Promise<void> {
  heading('rotate-secret: a PostgreSQL role, rotated into repository and environment secrets');
  const pg = await startService('postgres');
  try {
    const role = 'shop_app';
    const old = `Old-${Math.random().toString(36).slice(2)}-Pass`;
    await pg.createUser(role, old);
    ctx.github.seed.environment(ctx.repository, 'production');
    console.log(`\n✓ PostgreSQL ${pg.version} on ${pg.host}:${pg.port}, role ${role} created with a password the workflow knows`);

    const r = await runAction({
      action: 'rotate-secret',
      inputs: {
        name: 'SHOP_DB_PASSWORD',
        destinations: 'github:repo\ngithub:environment:production',
        target: 'postgres',
        'target-url': pg.url,
        'target-user': role,
        'current-value': old,
        // What `openssl rand -base64 32` gives once: resumes keep their value, the lock is signed.
        'derivation-key': randomBytes(32).toString('base64'),
      },
      token: ctx.token,
      env: ctx.env,
      context: ctx.context,
    });
    printStep('rotate-secret (single-user, derivation-key, verify, distribute)', r);

    const scopes = [
      { label: 'repository secret', scope: { repo: ctx.repository } },
      { label: 'environment secret (production)', scope: { repo: ctx.repository, environment: 'production' } },
    ];
    const checks: Array<[string, boolean]> = [];
    for (const { label, scope } of scopes) {
      const stored = ctx.github.secrets.get(scope, 'SHOP_DB_PASSWORD')?.plaintext;
      checks.push([`the ${label} GitHub holds logs in as ${role}`, stored !== undefined && (await pg.canLogin(role, stored))]);
    }
    checks.push([`the old password is refused`, !(await pg.canLogin(role, old))]);
    const ok = r.conclusion === 'success' && checks.every(([, pass]) => pass);
    console.log(`\n${ok ? '✓' : '✗'} proof by logging in to PostgreSQL — ${ok ? 'success' : 'failure'}`);
    for (const [what, pass] of checks) console.log(`  ${pass ? '✓' : '✗'} ${what}`);
    if (!ok) process.exitCode = 1;
  } finally {
    await pg.stop();
  }
}
