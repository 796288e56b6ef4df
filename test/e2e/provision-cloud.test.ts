// provision's tools and the job's environment, end to end: the shipped bundle through the runner
// emulation, the terraform double as the tool, the GitHub emulator's OIDC token service and the
// cloud emulators (which verify the JWTs for real). A local-exec provisioner — which a real
// terraform runs the same way, through /bin/sh with terraform's environment — stands for the
// repository's code that the tool runs: it sees working cloud credentials in its environment, what
// it prints is scrubbed, and it gets neither the runner-only variables nor (unless tool-oidc) the
// job's OIDC token request. Leak-scanned after every test, with step debug logging on.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AWS_ROLE, cloudFixture, type CloudFixture } from '../harness/cloud/testing.ts';
import { node24, repoRoot } from '../harness/runner/index.ts';
import { provisionWorld, type World } from './helpers/provision-world.ts';

const DIR = 'infra';
/** Prints the cloud variables it sees, proves they work (a SigV4-signed Secrets Manager call), and prints a credential carelessly. */
const CHILD = join(repoRoot, 'test', 'fixtures', 'actions', 'oidc-cloud', 'child.mjs');
const RUNNER = {
  ACTIONS_RUNTIME_TOKEN: 'rt-token-provision-0001',
  ACTIONS_RUNTIME_URL: 'https://pipelines.actions.example/',
  ACTIONS_CACHE_URL: 'https://artifactcache.actions.example/',
  ACTIONS_RESULTS_URL: 'https://results.actions.example/',
  ACTIONS_CACHE_SERVICE_V2: 'True',
};
const SHOWN = [...Object.keys(RUNNER), 'ACTIONS_ID_TOKEN_REQUEST_URL', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN'];
/** What the provisioner runs: the cloud child, then which of the runner's variables it inherited (names only). */
// No "${" in it: Terraform's JSON syntax would read that as an interpolation.
const PROBE = `"$NODE24" "$CHILD"; for v in ${SHOWN.join(' ')}; do if printenv "$v" >/dev/null; then echo "$v=set"; else echo "$v=unset"; fi; done`;

let f: CloudFixture;
before(async () => {
  f = await cloudFixture();
  f.aws.seed.secret('app/e2e', 'aws-secret-value-0001');
});
after(() => f.closeAll());

const config = (resources: string[]): string =>
  JSON.stringify({ resource: { terraform_data: Object.fromEntries(resources.map((name) => [name, { input: name, provisioner: [{ 'local-exec': { command: PROBE } }] }])) } });

function cloudWorld(w: World) {
  w.h.secret(RUNNER.ACTIONS_RUNTIME_TOKEN);
  w.h.haystack(() => f.github.receivedStrings());
  const aws = { cloud: 'aws', 'aws-role-arn': AWS_ROLE, 'aws-region': 'us-east-1', 'aws-sts-endpoint': f.aws.url, 'allow-custom-endpoints': 'true' };
  const env = { ...RUNNER, ...f.oidcEnv, ACTIONS_STEP_DEBUG: 'true', NODE24: node24(), CHILD, CHILD_SM_ENDPOINT: f.aws.url, CHILD_SECRET_ID: 'app/e2e' };
  const secrets = (): void => {
    for (const s of f.allSecrets()) w.h.secret(s);
  };
  const run = async (inputs: Record<string, string>) => {
    const r = await w.provision({ tool: 'terraform', 'working-directory': DIR, 'plan-file': 'infra.plan', ...aws, ...inputs }, { env, debug: true });
    secrets();
    return r;
  };
  return {
    async planAndApply(extra: Record<string, string> = {}) {
      const p = await run(extra);
      assert.equal(p.exitCode, 0, p.stdout);
      assert.match(p.log, /Obtained AWS credentials, valid until/);
      const a = await run({ ...extra, command: 'apply', 'plan-digest': p.outputs['plan-digest']! });
      assert.equal(a.exitCode, 0, a.stdout);
      return a;
    },
  };
}

describe('provision: the tools and the job environment', () => {
  test('aws: the tool gets working credentials in its environment only; what it prints is scrubbed; no runner token, no OIDC request', async (t) => {
    const w = await provisionWorld(t);
    const c = cloudWorld(w);
    w.write(`${DIR}/main.tf.json`, config(['probe']));
    const a = await c.planAndApply();
    assert.match(a.stdout, /child env: AWS_ACCESS_KEY_ID AWS_CREDENTIAL_EXPIRATION AWS_DEFAULT_REGION AWS_REGION AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN/);
    assert.match(a.stdout, /child: DescribeSecret app\/e2e -> 200/, 'the credentials work (SigV4 verified by the emulator)');
    assert.match(a.stdout, /careless: AWS_SECRET_ACCESS_KEY=\*\*\* token=\*\*\*/, 'what the tool printed was scrubbed');
    for (const name of SHOWN) assert.match(a.stdout, new RegExp(`${name}=unset`), `${name} is withheld from the tool`);
    assert.equal(a.steps[0]!.processEnv['ACTIONS_RUNTIME_TOKEN'], RUNNER.ACTIONS_RUNTIME_TOKEN, 'the action itself had them, as on a runner');
    assert.deepEqual(a.env, {}, 'nothing exported without export-credentials');
  });

  test('tool-oidc: true passes the OIDC token request on (for providers that log in themselves), still not the runner-only variables', async (t) => {
    const w = await provisionWorld(t);
    const c = cloudWorld(w);
    w.write(`${DIR}/main.tf.json`, config(['probe']));
    const a = await c.planAndApply({ 'tool-oidc': 'true' });
    assert.match(a.stdout, /ACTIONS_ID_TOKEN_REQUEST_URL=set/);
    assert.match(a.stdout, /ACTIONS_ID_TOKEN_REQUEST_TOKEN=set/);
    for (const name of Object.keys(RUNNER)) assert.match(a.stdout, new RegExp(`${name}=unset`));
  });
});
