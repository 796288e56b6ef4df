// rotate-secret's cloud destinations in-process: the engine against the GitHub emulator (with its
// OIDC token service) and the Vault / AWS emulators, with a scripted target at the TargetDriver
// seam — input validation of destination lines against the `cloud` input, the order of the
// protocol (AWSPENDING before the target changes, AWSCURRENT after the test), what a failure leaves
// (pending dropped, AWSCURRENT untouched), refusals before any change, resumes that take the value
// a destination holds, and Vault's versions and metadata.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import { InputError, UserError } from '../../shared/errors.ts';
import type { ActionContext } from '../../shared/run-action.ts';
import { RunStats } from '../../shared/stats.ts';
import { cloudOf, parseDestination, parseDestinations } from '../../actions/rotate-secret/src/destinations/parse.ts';
import { readSettings } from '../../actions/rotate-secret/src/inputs.ts';
import { rotate } from '../../actions/rotate-secret/src/main.ts';
import type { TargetDriver } from '../../actions/rotate-secret/src/targets/types.ts';
import { loadAction } from '../../scripts/lib/actions.ts';
import { assertNoLeaks } from '../harness/leaks/index.ts';
import {
  AWS_ROLE,
  AZURE_CLIENT,
  AZURE_TENANT,
  AZURE_VAULT,
  GCP_PROJECT,
  GCP_PROVIDER,
  GCP_SERVICE_ACCOUNT,
  REPO,
  VAULT_ROLE,
  cloudFixture,
  quietRedactor,
  recordingLogger,
  type CloudFixture,
} from '../harness/cloud/testing.ts';
import { withActionDefaults } from './helpers/action-inputs.ts';

let dir: string;
before(() => {
  // core.setOutput writes here (outputs are not what these tests look at).
  dir = mkdtempSync(join(tmpdir(), 'rotate-cloud-'));
  process.env['GITHUB_OUTPUT'] = join(dir, 'output');
  writeFileSync(process.env['GITHUB_OUTPUT'], '');
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** The action.yml defaults, as the runner fills them in. */
const DEFAULTS: Record<string, string> = Object.fromEntries(
  Object.entries(loadAction('rotate-secret').yml.inputs ?? {})
    .filter(([, i]) => i.default !== undefined && !String(i.default).includes('${{'))
    .map(([name, i]) => [name, String(i.default)]),
);
const TOKEN = 'ghs_rotateCloudUnit0000000000000000000000';
const here = REPO;

/** A target that keeps passwords in memory; logs every change with how many AWS requests preceded it. */
class ScriptedTarget implements TargetDriver {
  readonly kind = 'postgres' as const;
  readonly adminUser = 'admin';
  readonly where = 'scripted:5432';
  readonly keepsOldPassword = false;
  readonly users = new Map<string, string>();
  readonly events: string[] = [];
  refuseSet = false;
  acceptOnly: Set<string> | undefined;
  readonly #f: CloudFixture;
  constructor(f: CloudFixture) {
    this.#f = f;
  }
  async existing(users: readonly string[]) {
    return new Set(users.filter((u) => this.users.has(u)));
  }
  async checkUsers() {}
  async provisionUser(user: string, _template: string, password: string) {
    await this.setPassword(user, password);
    return [];
  }
  async compareUser() {
    return [];
  }
  async setPassword(user: string, password: string) {
    if (this.refuseSet) throw Object.assign(new Error('password does not meet the requirements'), { code: '22023' });
    this.events.push(`set ${user} after ${this.#f.aws.requests.map((r) => r.operation.replace(/^\w+:/, '')).join(',')}`);
    this.users.set(user, password);
  }
  async removePassword() {}
  async retireOtherPasswords() {
    return 0;
  }
  async canLogin(user: string, password: string) {
    return this.users.get(user) === password && (this.acceptOnly?.has(password) ?? true);
  }
  async close() {}
}

interface World {
  f: CloudFixture;
  target: ScriptedTarget;
  lines: string[];
  registered: string[];
  run(inputs: Record<string, string>, attempt?: number): Promise<unknown>;
  lock(): string | undefined;
  labels(id: string): Record<string, string>;
}

async function world(t: TestContext): Promise<World> {
  const f = await cloudFixture();
  t.after(() => f.closeAll());
  f.github.seed.token(TOKEN);
  const target = new ScriptedTarget(f);
  const redactor = quietRedactor();
  const { log, lines } = recordingLogger(redactor);
  return {
    f,
    target,
    lines,
    registered: redactor.registered,
    async run(inputs, attempt = 1) {
      const values: Record<string, string> = {
        ...DEFAULTS,
        name: 'DB_PASSWORD',
        target: 'postgres',
        'target-url': 'postgres://admin:Admin-Pass-0001@scripted:5432/app',
        'target-user': 'app',
        'github-token': TOKEN,
        ...inputs,
      };
      const ctx: ActionContext = { action: 'rotate-secret', redactor, log, stats: new RunStats(), signal: new AbortController().signal };
      const settings = readSettings(redactor, (name) => values[name] ?? '', REPO);
      return rotate(ctx, settings, { openTarget: async () => target, apiUrl: f.github.url, oidcEnv: f.oidcEnv }, { repository: REPO, run: { id: '77', attempt, job: 'rotate' }, now: () => Date.now() });
    },
    lock: () => f.github.variables.get({ repo: REPO }, 'DB_PASSWORD_ROTATION_LOCK')?.value,
    labels: (id) => Object.fromEntries((f.aws.secret(id)?.versions ?? []).map((v) => [v.secretString, v.stages.join(',')])),
  };
}

const aws = (f: CloudFixture, destinations = 'aws-secretsmanager:app/db'): Record<string, string> => ({
  destinations,
  cloud: 'aws',
  'aws-role-arn': AWS_ROLE,
  'aws-region': 'us-east-1',
  'aws-sts-endpoint': f.aws.url, 'allow-custom-endpoints': 'true',
  'aws-secretsmanager-endpoint': f.aws.url,
});
const vault = (f: CloudFixture, destinations = 'vault:secret/app/db#password'): Record<string, string> => ({
  destinations,
  cloud: 'vault',
  'vault-url': f.vault.url,
  'vault-role': VAULT_ROLE,
  'vault-audience': 'https://github.com/octo-org',
});

const keyVault = (f: CloudFixture, destinations = `azure-keyvault:${AZURE_VAULT}/db-password`): Record<string, string> => ({
  destinations,
  cloud: 'azure',
  'azure-client-id': AZURE_CLIENT,
  'azure-tenant-id': AZURE_TENANT,
  'azure-authority-host': f.azure.url,
  'allow-custom-endpoints': 'true',
  'azure-keyvault-endpoint': f.azure.vaultUrl('{vault}'),
});
const secretManager = (f: CloudFixture, destinations = `gcp-secretmanager:${GCP_PROJECT}/db-password`): Record<string, string> => ({
  destinations,
  cloud: 'gcp',
  'gcp-workload-identity-provider': GCP_PROVIDER,
  'gcp-service-account': GCP_SERVICE_ACCOUNT,
  'gcp-sts-endpoint': f.gcp.url,
  'gcp-iam-credentials-endpoint': f.gcp.url,
  'allow-custom-endpoints': 'true',
  'gcp-secretmanager-endpoint': f.gcp.url,
});

const rejects = async (p: Promise<unknown>, pattern: RegExp, kind: typeof UserError | typeof InputError = UserError): Promise<Error> => {
  let caught: unknown;
  await p.then(
    () => assert.fail('expected a failure'),
    (e: unknown) => (caught = e),
  );
  assert.ok(caught instanceof kind, `a ${kind.name}, not a bug: ${String(caught)}`);
  assert.match(caught.message, pattern);
  return caught;
};

describe('destination lines and the cloud input', () => {
  const settings = (inputs: Record<string, string>) => () =>
    readSettings(quietRedactor(), (name) => ({ ...DEFAULTS, name: 'DB_PASSWORD', 'github-token': TOKEN, ...inputs })[name] ?? '', REPO);

  test('vault: and aws-secretsmanager: lines parse to canonical ids; their kind names the cloud they need', () => {
    const v = parseDestination('vault:secret/app/db#password', here) as unknown as Record<string, unknown>;
    assert.deepEqual([v['mount'], v['path'], v['key'], v['id']], ['secret', 'app/db', 'password', 'vault:secret/app/db#password']);
    const a = parseDestination('aws-secretsmanager:prod/app/db-password', here) as unknown as Record<string, unknown>;
    assert.deepEqual([a['secretId'], a['region']], ['prod/app/db-password', undefined]);
    const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf';
    assert.equal((parseDestination(`aws-secretsmanager:${arn}`, here) as unknown as Record<string, unknown>)['region'], 'eu-west-1', 'an ARN names its region');
    assert.deepEqual(['github:repo', 'vault:secret/a#k', 'aws-secretsmanager:x'].map((l) => cloudOf(parseDestination(l, here))), [undefined, 'vault', 'aws']);
    assert.equal(parseDestinations(['vault:secret/app/db#password', 'vault:secret/app/db#password', 'vault:secret/app/db#user'], here).length, 2, 'the same key twice is one write');
    for (const bad of ['vault:secret#k', 'vault:secret/app/db', 'vault:secret/../x#k', 'vault:secret/a b#k', 'aws-secretsmanager:', 'aws-secretsmanager:a b', 'aws-secretsmanager:arn:aws:s3:::bucket']) {
      assert.throws(() => parseDestination(bad, here), (e: unknown) => e instanceof InputError && e.message.includes(JSON.stringify(bad)) && /vault:MOUNT\/PATH#KEY|aws-secretsmanager:SECRET_ID/.test(e.message), bad);
    }
  });

  test('a line whose cloud is not configured is an input error naming both inputs; nothing else is needed to see it', () => {
    assert.throws(
      settings({ destinations: 'github:repo\nvault:secret/app/db#password' }),
      (e: unknown) => e instanceof InputError && /^Input 'destinations' has value "vault:secret\/app\/db#password"; expected .*needs the input 'cloud: vault' \(with vault-url and vault-role\), and the input 'cloud' is none/.test(e.message),
    );
    assert.throws(
      settings({ destinations: 'aws-secretsmanager:app/db', cloud: 'vault', 'vault-url': 'https://vault.example.com', 'vault-role': 'r' }),
      /needs the input 'cloud: aws'.*one run has one cloud, so rotate into each in its own step/,
    );
  });

  test('a cloud no line uses, exported credentials, and a Secrets Manager endpoint without AWS are refused', () => {
    assert.throws(settings({ destinations: 'github:repo', cloud: 'vault', 'vault-url': 'https://vault.example.com', 'vault-role': 'r' }), /Input 'cloud' has value "vault"; expected none, since no line of 'destinations' is a vault:MOUNT\/PATH#KEY destination/);
    assert.throws(
      settings({ destinations: 'github:repo', cloud: 'gcp', 'gcp-workload-identity-provider': 'projects/1/locations/global/workloadIdentityPools/pool/providers/prov' }),
      /Input 'cloud' has value "gcp"; expected none, since no line of 'destinations' is a gcp-secretmanager:PROJECT\/SECRET destination/,
    );
    assert.throws(
      settings({ destinations: 'vault:secret/a#k', cloud: 'vault', 'vault-url': 'https://vault.example.com', 'vault-role': 'r', 'export-credentials': 'true' }),
      /Input 'export-credentials' has value "true"; expected false: rotate-secret uses the cloud credentials only to write its destinations/,
    );
    assert.throws(settings({ destinations: 'github:repo', 'aws-secretsmanager-endpoint': 'http://127.0.0.1:9', 'allow-custom-endpoints': 'true' }), /Input 'aws-secretsmanager-endpoint'.*used only by aws-secretsmanager destinations/);
    assert.throws(settings({ destinations: 'aws-secretsmanager:x', cloud: 'aws', 'aws-role-arn': AWS_ROLE, 'aws-region': 'us-east-1', 'aws-secretsmanager-endpoint': 'http://example.com' }), /Input 'aws-secretsmanager-endpoint'.*an https URL/);
    assert.throws(
      settings({ destinations: 'aws-secretsmanager:x', cloud: 'aws', 'aws-role-arn': AWS_ROLE, 'aws-region': 'us-east-1', 'aws-secretsmanager-endpoint': 'https://secrets.evil.example' }),
      /Input 'aws-secretsmanager-endpoint' has value "https:\/\/secrets\.evil\.example\/"; expected an AWS Secrets Manager endpoint .*; another host only with allow-custom-endpoints: true/,
    );
    // validateCloud's own rules still apply (a missing role).
    assert.throws(settings({ destinations: 'aws-secretsmanager:x', cloud: 'aws', 'aws-region': 'us-east-1' }), /Input 'aws-role-arn'.*required with cloud: aws/);
    const ok = settings({ destinations: 'aws-secretsmanager:x', cloud: 'aws', 'aws-role-arn': AWS_ROLE, 'aws-region': 'us-east-1' })();
    assert.equal(ok.cloud.provider, 'aws');
  });

  test('azure-keyvault: and gcp-secretmanager: lines parse to canonical ids; names outside Azure\'s and Google\'s rules are refused', () => {
    const k = parseDestination('azure-keyvault:App-Vault/db-password', here) as unknown as Record<string, unknown>;
    assert.deepEqual([k['vault'], k['secret'], k['id'], cloudOf(k as never)], ['app-vault', 'db-password', 'azure-keyvault:app-vault/db-password', 'azure']);
    const g = parseDestination('gcp-secretmanager:my-project/db_password', here) as unknown as Record<string, unknown>;
    assert.deepEqual([g['project'], g['secret'], g['id'], cloudOf(g as never)], ['my-project', 'db_password', 'gcp-secretmanager:my-project/db_password', 'gcp']);
    assert.equal(parseDestinations(['azure-keyvault:app-vault/DB', 'azure-keyvault:APP-VAULT/DB'], here).length, 1, 'vault names are case-insensitive');
    for (const bad of [
      'azure-keyvault:app-vault',
      'azure-keyvault:ab/db',
      'azure-keyvault:a-very-long-vault-name-over-24/db',
      'azure-keyvault:1vault/db',
      'azure-keyvault:my--vault/db',
      'azure-keyvault:vault-/db',
      'azure-keyvault:app-vault/db_password',
      `azure-keyvault:app-vault/${'x'.repeat(128)}`,
      'azure-keyvault:app-vault/a/b',
      'gcp-secretmanager:my-project',
      'gcp-secretmanager:my-project/db.password',
      'gcp-secretmanager:my project/db',
      `gcp-secretmanager:p/${'x'.repeat(256)}`,
      'gcp-secretmanager:p/s/versions/1',
    ]) {
      assert.throws(() => parseDestination(bad, here), (e: unknown) => e instanceof InputError && e.message.includes(JSON.stringify(bad)) && /azure-keyvault:VAULT\/SECRET|gcp-secretmanager:PROJECT\/SECRET/.test(e.message), bad);
    }
  });

  test('Key Vault and Secret Manager lines need their cloud; their endpoints only with it; the Key Vault token scope and DNS suffix follow the authority', () => {
    const azure = { cloud: 'azure', 'azure-client-id': AZURE_CLIENT, 'azure-tenant-id': AZURE_TENANT };
    assert.throws(settings({ destinations: 'azure-keyvault:app-vault/db' }), /needs the input 'cloud: azure' \(with azure-client-id and azure-tenant-id\), and the input 'cloud' is none/);
    assert.throws(settings({ destinations: 'gcp-secretmanager:p/db', ...azure }), /needs the input 'cloud: gcp' \(with gcp-workload-identity-provider\).*one run has one cloud/);
    assert.throws(settings({ destinations: 'github:repo', 'azure-keyvault-endpoint': 'http://127.0.0.1:9/{vault}' }), /Input 'azure-keyvault-endpoint'.*since cloud is not azure \(it is used only by azure-keyvault destinations\)/);
    assert.throws(settings({ destinations: 'github:repo', 'gcp-secretmanager-endpoint': 'http://127.0.0.1:9', 'allow-custom-endpoints': 'true' }), /Input 'gcp-secretmanager-endpoint'.*since cloud is not gcp/);
    for (const bad of ['https://vault.example.com', 'http://vault.example.com/{vault}', 'https://{vault}.example.com/{vault}', 'https://{vault}.example.com?x=1']) {
      assert.throws(settings({ destinations: 'azure-keyvault:app-vault/db', ...azure, 'azure-keyvault-endpoint': bad }), /Input 'azure-keyvault-endpoint'.*with \{vault\} where the vault name goes/, bad);
    }
    const pub = settings({ destinations: 'azure-keyvault:app-vault/db', ...azure })();
    assert.deepEqual([pub.cloud.provider === 'azure' && pub.cloud.scope, pub.azureKeyvaultEndpoint], ['https://vault.azure.net/.default', 'https://{vault}.vault.azure.net']);
    const gov = settings({ destinations: 'azure-keyvault:app-vault/db', ...azure, 'azure-authority-host': 'https://login.microsoftonline.us' })();
    assert.deepEqual([gov.cloud.provider === 'azure' && gov.cloud.scope, gov.azureKeyvaultEndpoint], ['https://vault.usgovcloudapi.net/.default', 'https://{vault}.vault.usgovcloudapi.net']);
    // The token goes where the endpoint says: an official vault DNS suffix, anything else only with the opt-in.
    const stackInputs = { destinations: 'azure-keyvault:app-vault/db', ...azure, 'azure-scope': 'https://vault.local.azurestack.external/.default', 'azure-keyvault-endpoint': 'https://{vault}.vault.local.azurestack.external/' };
    assert.throws(settings(stackInputs), /Input 'azure-keyvault-endpoint' has value "https:\/\/\{vault\}\.vault\.local\.azurestack\.external"; expected an Azure Key Vault endpoint .*; another host only with allow-custom-endpoints: true/);
    assert.throws(settings({ destinations: 'gcp-secretmanager:p/db', cloud: 'gcp', 'gcp-workload-identity-provider': GCP_PROVIDER, 'gcp-secretmanager-endpoint': 'https://secretmanager.evil.example' }), /Input 'gcp-secretmanager-endpoint'.*expected a Google Cloud endpoint \(\*\.googleapis\.com\); another host only with allow-custom-endpoints: true/);
    assert.equal(settings({ destinations: 'azure-keyvault:app-vault/db', ...azure, 'azure-keyvault-endpoint': 'https://{vault}.vault.azure.cn' })().azureKeyvaultEndpoint, 'https://{vault}.vault.azure.cn');
    const stack = settings({ ...stackInputs, 'allow-custom-endpoints': 'true' })();
    assert.deepEqual([stack.cloud.provider === 'azure' && stack.cloud.scope, stack.azureKeyvaultEndpoint], ['https://vault.local.azurestack.external/.default', 'https://{vault}.vault.local.azurestack.external']);
    const gcp = settings({ destinations: 'gcp-secretmanager:p/db', cloud: 'gcp', 'gcp-workload-identity-provider': GCP_PROVIDER })();
    assert.equal(gcp.cloud.provider, 'gcp');
  });

  test('cloud comes from action.yml like every input: none by default; an empty cloud is refused; a provider input without its cloud is refused', () => {
    const base = { name: 'DB_PASSWORD', destinations: 'github:repo', target: 'none', 'github-token': TOKEN };
    const only = (inputs: Record<string, string>) => () => readSettings(quietRedactor(), withActionDefaults('rotate-secret', { ...base, ...inputs }), REPO);
    assert.deepEqual(only({})().cloud, { provider: 'none' });
    assert.throws(only({ cloud: '' }), /Input 'cloud' has value ""; expected one of none, aws, gcp, azure, vault \(this input is required\)/);
    assert.throws(only({ 'vault-url': 'https://vault.example.com' }), /Input 'vault-url' has value "https:\/\/vault.example.com\/"; expected no value, since cloud is none.*set cloud: vault to use it/);
    assert.throws(only({ 'export-credentials': 'true' }), /Input 'export-credentials' has value "true"; expected false, since cloud is none/);
  });
});

// The engine tests wait mostly on the GitHub client's 1 s write spacing: each has its own emulators, all run at once.
describe('the engine with cloud destinations', { concurrency: true }, () => {
  describe('AWS Secrets Manager destination', { concurrency: 6 }, () => {
    test('AWSPENDING is stored before the target changes, AWSCURRENT moves after the test; AWSPREVIOUS keeps the old value', async (t) => {
      const w = await world(t);
      w.target.users.set('app', 'Current-Pass-0001');
      w.f.aws.seed.secret('app/db', 'Current-Pass-0001');
      await w.run({ ...aws(w.f) });
      const value = w.target.users.get('app')!;
      assert.notEqual(value, 'Current-Pass-0001');
      assert.deepEqual(w.target.events, ['set app after AssumeRoleWithWebIdentity,DescribeSecret,PutSecretValue'], 'the pending version exists before the target changes');
      assert.deepEqual(w.labels('app/db'), { 'Current-Pass-0001': 'AWSPREVIOUS', [value]: 'AWSCURRENT' });
      const ops = w.f.aws.requests.map((r) => r.operation.replace(/^\w+:/, ''));
      assert.deepEqual(ops, ['AssumeRoleWithWebIdentity', 'DescribeSecret', 'PutSecretValue', 'DescribeSecret', 'UpdateSecretVersionStage', 'DescribeSecret', 'UpdateSecretVersionStage', 'DescribeSecret']);
      assert.match(w.f.aws.secret('app/db')!.versions.at(-1)!.versionId, /^rotate-secret-\d{8}T\d{6}Z-[0-9a-f]{12}$/, 'ClientRequestToken = the rotation version');
      assert.equal(w.lock(), undefined);
      assert.ok(w.registered.includes(value));
      assertNoLeaks([value, 'Current-Pass-0001', ...w.f.allSecrets()], [{ where: 'log', text: w.lines.join('\n') }]);
    });

    test('F4: the new value fails its test → the pending version is dropped, AWSCURRENT never moved, the lock released', async (t) => {
      const w = await world(t);
      w.target.users.set('app', 'Current-Pass-0001');
      w.target.acceptOnly = new Set(['Current-Pass-0001']);
      w.f.aws.seed.secret('app/db', 'Current-Pass-0001');
      await rejects(
        w.run({ ...aws(w.f), 'current-value': 'Current-Pass-0001' }),
        /does not log in as 'app'.*reverted app to current-value.*dropped the pending value at aws-secretsmanager:app\/db \(the current one is unchanged\)/,
      );
      assert.deepEqual(Object.values(w.labels('app/db')).sort(), ['', 'AWSCURRENT'], 'the staged version has no label left');
      assert.equal(w.labels('app/db')['Current-Pass-0001'], 'AWSCURRENT');
      assert.equal(w.target.users.get('app'), 'Current-Pass-0001');
      assert.equal(w.lock(), undefined);
    });

    test('F2: the target refuses the new password → pending dropped, nothing current changed', async (t) => {
      const w = await world(t);
      w.target.users.set('app', 'Current-Pass-0001');
      w.target.refuseSet = true;
      w.f.aws.seed.secret('app/db', 'Current-Pass-0001');
      await rejects(w.run(aws(w.f)), /password does not meet the requirements.*dropped the pending value/);
      assert.equal(w.labels('app/db')['Current-Pass-0001'], 'AWSCURRENT');
      assert.ok(!Object.values(w.labels('app/db')).some((l) => l.includes('AWSPENDING')));
      assert.equal(w.lock(), undefined);
    });

    test('refused before anything changes: a missing secret, and an AWSPENDING version someone else staged', async (t) => {
      const w = await world(t);
      w.target.users.set('app', 'Current-Pass-0001');
      await rejects(w.run(aws(w.f, 'aws-secretsmanager:app/missing')), /aws-secretsmanager:app\/missing: the secret does not exist, or the role cannot see it\. Create it first/);
      w.f.aws.seed.secret('app/db', 'Current-Pass-0001');
      // A Lambda rotation left a pending version: its value may be the only copy of a credential.
      const sm = new (await import('../../actions/rotate-secret/src/destinations/aws-secretsmanager.ts')).SecretsManager({
        redactor: quietRedactor(),
        region: 'us-east-1',
        endpoint: w.f.aws.url,
        credentials: w.f.aws.issued()[0]!,
      });
      await sm.storePending('app/db', 'Lambda-Pending-0001', '11111111-2222-3333-4444-555555555555');
      await rejects(w.run(aws(w.f)), /version 11111111-2222-3333-4444-555555555555 is labelled AWSPENDING by something other than rotate-secret.*--remove-from-version-id 11111111/);
      assert.equal(w.target.users.get('app'), 'Current-Pass-0001', 'the target was not touched');
      assert.equal(w.lock(), undefined, 'the lock was never taken');
      assert.equal(w.labels('app/db')['Lambda-Pending-0001'], 'AWSPENDING');
    });

    test('a failure after the commit keeps the lock and the pending state; the re-run takes the value AWS holds (a random value is not drawn again)', async (t) => {
      const w = await world(t);
      w.f.aws.seed.secret('app/db', 'Current-Pass-0001');
      w.f.github.faults.inject({ route: 'PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}', statuses: [404] });
      // No target: the value is random, so only the pending version can carry it across runs.
      const inputs = { ...aws(w.f, 'aws-secretsmanager:app/db\ngithub:repo'), target: 'none', 'target-url': '', 'target-user': '' };
      await rejects(w.run(inputs), /1 of 2 destination\(s\) could not be written.*the lock DB_PASSWORD_ROTATION_LOCK stays/);
      const value = w.f.aws.secret('app/db')!.versions.find((v) => v.stages.includes('AWSCURRENT'))!.secretString;
      assert.ok(w.lock());
      w.f.github.faults.clear();
      await w.run(inputs, 2);
      assert.equal(w.f.github.secrets.get({ repo: REPO }, 'DB_PASSWORD')?.plaintext, value, 'GitHub got the value AWS already held');
      assert.equal(w.f.aws.secret('app/db')!.versions.length, 2, 'no second new version');
      assert.ok(w.lines.some((l) => /the value the interrupted run stored at aws-secretsmanager:app\/db \(resumed with, not made again\)/.test(l)), w.lines.join('\n'));
      assert.ok(!w.lines.some((l) => /cannot be derived again/.test(l)));
      assert.ok(w.lines.some((l) => /wrote 2 destination\(s\) \(1 created, 1 already held it\)/.test(l)), 'AWS: already current, nothing moved');
      assert.equal(w.lock(), undefined);
    });

    test('the promotion refused after AWSCURRENT moved: the commit landed, so the run counts it (never reverting the target under it)', async (t) => {
      const w = await world(t);
      w.target.users.set('app', 'Current-Pass-0001');
      w.f.aws.seed.secret('app/db', 'Current-Pass-0001');
      // The second label move (dropping AWSPENDING) is refused: a role allowed to move AWSCURRENT only.
      w.f.aws.faults.inject({ operation: 'secretsmanager:UpdateSecretVersionStage', from: 2, status: 400, code: 'AccessDeniedException', message: 'not allowed' });
      await w.run({ ...aws(w.f), 'current-value': 'Current-Pass-0001' });
      const value = w.target.users.get('app')!;
      assert.deepEqual(w.labels('app/db'), { 'Current-Pass-0001': 'AWSPREVIOUS', [value]: 'AWSCURRENT,AWSPENDING' }, 'AWSCURRENT holds what logs in; AWSPENDING on it is a state AWS allows');
      assert.ok(w.lines.some((l) => /::warning::aws-secretsmanager:app\/db: the new version is AWSCURRENT; removing its AWSPENDING label failed/.test(l)));
      assert.equal(w.lock(), undefined);
    });

    test('alternating users, value-format json: AWSPENDING holds {user, password}; a resume takes the password from it, not a new one', async (t) => {
      const w = await world(t);
      w.target.users.set('app', 'Template-Pass-0001');
      w.f.aws.seed.secret('app/db', 'Current-Pass-0001');
      w.f.github.faults.inject({ route: 'PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}', statuses: [404] });
      const inputs = { ...aws(w.f, 'aws-secretsmanager:app/db\ngithub:repo'), strategy: 'alternating-users', 'value-format': 'json', 'derivation-key': '' };
      await rejects(w.run(inputs), /1 of 2 destination\(s\) could not be written.*with the same value/);
      const current = JSON.parse(w.f.aws.secret('app/db')!.versions.find((v) => v.stages.includes('AWSCURRENT'))!.secretString) as { user: string; password: string };
      assert.equal(current.user, 'app_a');
      assert.equal(w.target.users.get('app_a'), current.password, 'the pair AWS holds logs in');
      w.f.github.faults.clear();
      await w.run(inputs, 2);
      assert.deepEqual(JSON.parse(w.f.github.secrets.get({ repo: REPO }, 'DB_PASSWORD')!.plaintext), current, 'GitHub got the pair AWS held');
      assert.equal(w.target.users.get('app_a'), current.password, 'the target kept it');
      assert.ok(w.lines.some((l) => /the value the interrupted run stored at aws-secretsmanager:app\/db \(resumed with, not made again\)/.test(l)));
      assert.equal(w.lock(), undefined);
    });

    test('dry run: logs in and checks the secret, changes nothing', async (t) => {
      const w = await world(t);
      w.target.users.set('app', 'Current-Pass-0001');
      w.f.aws.seed.secret('app/db', 'Current-Pass-0001');
      await w.run({ ...aws(w.f), 'dry-run': 'true' });
      assert.deepEqual(w.f.aws.requests.map((r) => r.operation), ['sts:AssumeRoleWithWebIdentity', 'secretsmanager:DescribeSecret']);
      assert.equal(w.f.aws.secret('app/db')!.versions.length, 1);
      assert.equal(w.lock(), undefined);
    });
  });

  describe('Vault KV v2 destination', { concurrency: 6 }, () => {
    test('sets one key as a new version (others kept), records the rotation in custom metadata, revokes the token', async (t) => {
      const w = await world(t);
      w.target.users.set('app', 'Current-Pass-0001');
      w.f.vault.seed.kv('secret', 'app/db', { password: 'Current-Pass-0001', username: 'app' });
      await w.run(vault(w.f));
      const value = w.target.users.get('app')!;
      const kv = w.f.vault.kv('secret', 'app/db')!;
      assert.deepEqual(kv.versions.map((v) => v.data), [{ password: 'Current-Pass-0001', username: 'app' }, { password: value, username: 'app' }]);
      assert.match(kv.customMetadata['rotate-secret:password:version'] ?? '', /^\d{8}T\d{6}Z-[0-9a-f]{12}$/);
      assert.equal(kv.customMetadata['rotate-secret:password:kv-version'], '2');
      assert.deepEqual(
        w.f.vault.requests.map((r) => r.operation),
        ['auth:login', 'kv:read-metadata', 'kv:read', 'kv:write', 'kv:patch-metadata', 'token:revoke-self'],
      );
      assert.deepEqual(w.f.vault.tokens().map((x) => x.revoked), [true], 'the Vault token is revoked when the action is done');
      assertNoLeaks([value, 'Current-Pass-0001', ...w.f.allSecrets()], [{ where: 'log', text: w.lines.join('\n') }]);
    });

    test('alternating users, value-format plain: the user goes to <KEY>_user in the same KV version, and is not masked', async (t) => {
      const w = await world(t);
      w.target.users.set('app', 'Template-Pass-0001');
      w.f.vault.seed.kv('secret', 'app/db', { password: 'Template-Pass-0001', host: 'db.internal' });
      await w.run({ ...vault(w.f), strategy: 'alternating-users' });
      const value = w.target.users.get('app_a')!;
      const kv = w.f.vault.kv('secret', 'app/db')!;
      assert.deepEqual(kv.versions.at(-1)!.data, { password: value, password_user: 'app_a', host: 'db.internal' }, 'one version: the pair and the other keys');
      assert.equal(kv.versions.length, 2);
      assert.ok(!w.registered.includes('app_a'), 'the user is not masked (it is no secret)');
      assert.ok(w.registered.includes('db.internal'), 'other values of the secret still are');
    });

    test('resumed after the KV write: the value is recovered from the version the metadata names; no version is added', async (t) => {
      const w = await world(t);
      w.f.vault.seed.kv('secret', 'app/db', { password: 'Current-Pass-0001' });
      w.f.github.faults.inject({ route: 'PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}', statuses: [404] });
      const inputs = { ...vault(w.f, 'vault:secret/app/db#password\ngithub:repo'), target: 'none', 'target-url': '', 'target-user': '' };
      await rejects(w.run(inputs), /1 of 2 destination\(s\) could not be written/);
      const value = w.f.vault.kv('secret', 'app/db')!.versions.at(-1)!.data!['password'];
      w.f.github.faults.clear();
      await w.run(inputs, 2);
      assert.equal(w.f.github.secrets.get({ repo: REPO }, 'DB_PASSWORD')?.plaintext, value);
      assert.equal(w.f.vault.kv('secret', 'app/db')!.versions.length, 2, 'the resume added no KV version');
      assert.ok(w.lines.some((l) => /stored at vault:secret\/app\/db#password \(resumed with/.test(l)));
    });

    test('recording the rotation in the metadata refused: the value is in Vault, so the write counts (a warning says what is missing)', async (t) => {
      const w = await world(t);
      w.target.users.set('app', 'Current-Pass-0001');
      w.f.vault.faults.inject({ operation: 'kv:patch-metadata', times: 3, status: 403, message: 'permission denied' });
      await w.run({ ...vault(w.f), 'current-value': 'Current-Pass-0001' });
      assert.equal(w.f.vault.kv('secret', 'app/db')!.versions.at(-1)!.data!['password'], w.target.users.get('app'), 'Vault holds what logs in; the target was not reverted');
      assert.ok(w.lines.some((l) => /::warning::vault:secret\/app\/db#password: the value is written \(KV version 1\), but recording the rotation in the secret's custom metadata failed: .*needs patch on secret\/metadata\/app\/db/.test(l)), w.lines.join('\n'));
      assert.equal(w.lock(), undefined);
    });

    test('a path outside the token policy is refused in preflight, naming the capability; nothing changed', async (t) => {
      const w = await world(t);
      w.target.users.set('app', 'Current-Pass-0001');
      await rejects(w.run(vault(w.f, 'vault:secret/other/db#password')), /vault:secret\/other\/db#password: cannot read the metadata.*denied.*needs read on secret\/metadata\/other\/db/);
      assert.equal(w.target.users.get('app'), 'Current-Pass-0001', 'refused in preflight: the target was not touched');
      assert.equal(w.lock(), undefined);
    });
  });

  describe('Azure Key Vault destination', { concurrency: 6 }, () => {
    const versions = (f: CloudFixture, name = 'db-password') => f.azure.keyVaultSecret(AZURE_VAULT, name) ?? [];

    test('a new version tagged with the rotation; the replaced one is disabled at retire, not before; the token is for Key Vault', async (t) => {
      const w = await world(t);
      w.target.users.set('app', 'Current-Pass-0001');
      const old = w.f.azure.seed.secret(AZURE_VAULT, 'db-password', 'Current-Pass-0001', { tags: { owner: 'team-a' }, contentType: 'password' });
      await w.run(keyVault(w.f));
      const value = w.target.users.get('app')!;
      const [first, second] = versions(w.f);
      assert.deepEqual([first?.value, first?.enabled, second?.value, second?.enabled], ['Current-Pass-0001', false, value, true]);
      assert.match(second!.tags['rotate-secret-rotation'] ?? '', /^\d{8}T\d{6}Z-[0-9a-f]{12}$/);
      assert.deepEqual([second!.tags['rotate-secret-previous'], second!.tags['owner'], second!.contentType], [old, 'team-a', 'password'], 'the replaced version is named; tags and content type carried over');
      assert.deepEqual(
        w.f.azure.requests.map((r) => r.operation),
        ['token', 'keyvault:get', 'keyvault:get', 'keyvault:set', 'keyvault:update'],
        'prepare reads; distribute reads and sets; retire disables',
      );
      const token = w.f.azure.issuedSecrets()[0]!;
      assert.equal(w.f.azure.tokenInfo(token)?.scope, 'https://vault.azure.net/.default', 'azure-scope at its default: a Key Vault token');
      assert.ok(w.lines.some((l) => new RegExp(`disabled the replaced version ${old} of azure-keyvault:${AZURE_VAULT}/db-password`).test(l)), w.lines.join('\n'));
      assert.equal(w.lock(), undefined);
      assertNoLeaks([value, 'Current-Pass-0001', ...w.f.allSecrets()], [{ where: 'log', text: w.lines.join('\n') }]);
    });

    test('resumed after the write: the value is the newest version the rotation tagged; no version is added, and the completing run retires the replaced one', async (t) => {
      const w = await world(t);
      w.f.azure.seed.secret(AZURE_VAULT, 'db-password', 'Current-Pass-0001');
      w.f.github.faults.inject({ route: 'PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}', statuses: [404] });
      const inputs = { ...keyVault(w.f, `azure-keyvault:${AZURE_VAULT}/db-password\ngithub:repo`), target: 'none', 'target-url': '', 'target-user': '' };
      await rejects(w.run(inputs), /1 of 2 destination\(s\) could not be written/);
      assert.deepEqual(versions(w.f).map((v) => v.enabled), [true, true], 'a failed rotation retires nothing');
      const value = versions(w.f).at(-1)!.value;
      w.f.github.faults.clear();
      await w.run(inputs, 2);
      assert.equal(w.f.github.secrets.get({ repo: REPO }, 'DB_PASSWORD')?.plaintext, value);
      assert.deepEqual(versions(w.f).map((v) => [v.value === value, v.enabled]), [[false, false], [true, true]], 'one version for the rotation; the replaced one disabled');
      assert.ok(w.lines.some((l) => /stored at azure-keyvault:app-vault\/db-password \(resumed with/.test(l)));
    });

    test('refused in preflight, nothing changed: no role on the vault; a name held by a soft-deleted secret', async (t) => {
      const w = await world(t);
      w.target.users.set('app', 'Current-Pass-0001');
      w.f.azure.seed.vault({ name: 'locked-vault', access: {} });
      await rejects(w.run(keyVault(w.f, 'azure-keyvault:locked-vault/db')), /azure-keyvault:locked-vault\/db: cannot read the secret: .*denied \(Forbidden\/ForbiddenByRbac.*'Key Vault Secrets Officer'/);
      w.f.azure.seed.secret(AZURE_VAULT, 'gone', 'Deleted-Pass-0001');
      w.f.azure.seed.deleteSecret(AZURE_VAULT, 'gone');
      await rejects(w.run(keyVault(w.f, `azure-keyvault:${AZURE_VAULT}/gone`)), /a deleted secret of this name is kept for recovery \(soft delete\).*recover it \(az keyvault secret recover\) or purge it first/);
      assert.equal(w.target.users.get('app'), 'Current-Pass-0001', 'the target was not touched');
      assert.equal(w.lock(), undefined, 'the lock was never taken');
    });

    test('a secret that does not exist is created; disabling the replaced version refused: a warning, the rotation stands', async (t) => {
      const w = await world(t);
      w.target.users.set('app', 'Current-Pass-0001');
      await w.run(keyVault(w.f, `azure-keyvault:${AZURE_VAULT}/new-secret`));
      assert.deepEqual(versions(w.f, 'new-secret').map((v) => v.value), [w.target.users.get('app')]);
      assert.equal(versions(w.f, 'new-secret')[0]!.tags['rotate-secret-previous'], undefined);
      w.f.azure.faults.inject({ operation: 'keyvault:update', times: 3, status: 403, code: 'Forbidden', message: 'no update permission' });
      await w.run(keyVault(w.f, `azure-keyvault:${AZURE_VAULT}/new-secret`));
      assert.deepEqual(versions(w.f, 'new-secret').map((v) => [v.value === w.target.users.get('app'), v.enabled]), [[false, true], [true, true]]);
      assert.ok(w.lines.some((l) => /::warning::azure-keyvault:app-vault\/new-secret: disabling the replaced version [0-9a-f]{32} failed: .*denied.*; the rotation is complete, the old version stays enabled/.test(l)), w.lines.join('\n'));
      assert.equal(w.lock(), undefined);
    });
  });

  describe('GCP Secret Manager destination', { concurrency: 6 }, () => {
    const secret = (f: CloudFixture, name = 'db-password') => f.gcp.secretManagerSecret(GCP_PROJECT, name)!;

    test('a new version; the labels name the rotation and the version; the previous version is disabled at retire, not destroyed', async (t) => {
      const w = await world(t);
      w.target.users.set('app', 'Current-Pass-0001');
      w.f.gcp.seed.secret({ project: GCP_PROJECT, secret: 'db-password', values: ['Current-Pass-0001'], labels: { team: 'app' } });
      await w.run(secretManager(w.f));
      const value = w.target.users.get('app')!;
      assert.deepEqual(secret(w.f).versions, [
        { version: 1, state: 'DISABLED', value: 'Current-Pass-0001' },
        { version: 2, state: 'ENABLED', value },
      ]);
      const labels = secret(w.f).labels;
      assert.match(labels['rotate-secret-rotation'] ?? '', /^\d{8}t\d{6}z-[0-9a-f]{12}$/);
      assert.deepEqual([labels['rotate-secret-replaces'], labels['rotate-secret-version'], labels['team']], ['1', undefined, 'app'], 'the other labels are kept');
      assert.deepEqual(
        w.f.gcp.requests.map((r) => r.operation),
        [
          'sts:token',
          'iamcredentials:generateAccessToken',
          'secretmanager:secrets.get',
          'secretmanager:secrets.testIamPermissions',
          'secretmanager:versions.access',
          'secretmanager:secrets.get',
          'secretmanager:secrets.patch',
          'secretmanager:versions.add',
          'secretmanager:versions.disable',
        ],
        'preflight: the secret and the permissions; distribute: latest, the labels first, then the version; retire: disable the replaced one',
      );
      assert.ok(w.f.gcp.requests.slice(2).every((r) => r.principal === `serviceAccount:${GCP_SERVICE_ACCOUNT}`));
      assert.equal(w.lock(), undefined);
      assertNoLeaks([value, 'Current-Pass-0001', ...w.f.allSecrets()], [{ where: 'log', text: w.lines.join('\n') }]);
    });

    test('resumed after the write: the value is the version the labels name; no version is added', async (t) => {
      const w = await world(t);
      w.f.gcp.seed.secret({ project: GCP_PROJECT, secret: 'db-password', values: ['Current-Pass-0001'] });
      w.f.github.faults.inject({ route: 'PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}', statuses: [404] });
      const inputs = { ...secretManager(w.f, `gcp-secretmanager:${GCP_PROJECT}/db-password\ngithub:repo`), target: 'none', 'target-url': '', 'target-user': '' };
      await rejects(w.run(inputs), /1 of 2 destination\(s\) could not be written/);
      const value = secret(w.f).versions.at(-1)!.value;
      w.f.github.faults.clear();
      await w.run(inputs, 2);
      assert.equal(w.f.github.secrets.get({ repo: REPO }, 'DB_PASSWORD')?.plaintext, value);
      assert.deepEqual(secret(w.f).versions.map((v) => v.state), ['DISABLED', 'ENABLED'], 'one version for the rotation');
      assert.ok(w.lines.some((l) => /stored at gcp-secretmanager:my-project\/db-password \(resumed with/.test(l)));
    });

    test('a secret that does not exist, that the identity cannot see, or whose versions it may not add: refused in preflight, nothing changed', async (t) => {
      const w = await world(t);
      w.target.users.set('app', 'Current-Pass-0001');
      w.f.gcp.seed.project({ id: 'viewer-project', number: '8', bindings: [{ role: 'roles/secretmanager.viewer', members: [`serviceAccount:${GCP_SERVICE_ACCOUNT}`] }] });
      w.f.gcp.seed.secret({ project: 'viewer-project', secret: 'db', values: ['Current-Pass-0001'] });
      await rejects(
        w.run(secretManager(w.f, 'gcp-secretmanager:viewer-project/db')),
        /gcp-secretmanager:viewer-project\/db: the identity lacks secretmanager\.versions\.add, secretmanager\.versions\.access, secretmanager\.versions\.disable on the secret; grant roles\/secretmanager\.secretVersionManager/,
      );
      await rejects(w.run(secretManager(w.f, `gcp-secretmanager:${GCP_PROJECT}/missing`)), /gcp-secretmanager:my-project\/missing: the secret does not exist, or the identity cannot see it\. Create it first \(gcloud secrets create missing --project my-project/);
      w.f.gcp.seed.project({ id: 'other-project', number: '7' });
      w.f.gcp.seed.secret({ project: 'other-project', secret: 'db' });
      await rejects(w.run(secretManager(w.f, 'gcp-secretmanager:other-project/db')), /cannot read the secret: .*Permission 'secretmanager\.secrets\.get' denied for resource 'projects\/other-project\/secrets\/db'/);
      assert.equal(w.target.users.get('app'), 'Current-Pass-0001');
      assert.equal(w.lock(), undefined);
    });

    test('labels refused: the value is written all the same (a warning says what is missing); a lost addVersion answer adds one version', async (t) => {
      const w = await world(t);
      w.target.users.set('app', 'Current-Pass-0001');
      w.f.gcp.seed.secret({ project: GCP_PROJECT, secret: 'db-password', values: ['Current-Pass-0001'] });
      w.f.gcp.faults.inject({ operation: 'secretmanager:secrets.patch', status: 403, code: 'PERMISSION_DENIED', message: "Permission 'secretmanager.secrets.update' denied" });
      w.f.gcp.faults.inject({ operation: 'secretmanager:versions.add', action: 'apply-then-reset' });
      await w.run({ ...secretManager(w.f), 'current-value': 'Current-Pass-0001' });
      assert.deepEqual(secret(w.f).versions.map((v) => [v.value === w.target.users.get('app'), v.state]), [[false, 'DISABLED'], [true, 'ENABLED']], 'Secret Manager holds what logs in; the target was not reverted');
      assert.ok(w.lines.some((l) => /::warning::gcp-secretmanager:my-project\/db-password: recording the rotation in the secret's labels failed: .*secretmanager\.secrets\.update.*; the value is written all the same/.test(l)), w.lines.join('\n'));
      assert.equal(w.lock(), undefined);
    });
  });
});
