// The cloud inputs every action gets: field rules, cross-field rules, and the action.yml metadata
// (defaults exactly where the field is required) the actions' action.yml files are written from.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { InputError } from '../../shared/errors.ts';
import { readInputs } from '../../shared/inputs.ts';
import { cloudInputs } from '../../shared/oidc/inputs-doc.ts';
import { cloudSpec, validateCloud, type CloudConfig } from '../../shared/oidc/spec.ts';
import { quietRedactor } from '../harness/cloud/testing.ts';

const DEFAULTS: Record<string, string> = Object.fromEntries(
  Object.entries(cloudInputs).flatMap(([name, meta]) => (meta.default === undefined ? [] : [[name, meta.default]])),
);

/** readInputs + validateCloud with action.yml defaults filled in, as the runner does. */
function configure(given: Record<string, string>): CloudConfig {
  const values = { ...DEFAULTS, ...given };
  return validateCloud(readInputs(cloudSpec, quietRedactor(), (name) => values[name] ?? ''));
}

function fails(given: Record<string, string>, ...patterns: RegExp[]): void {
  let error: unknown;
  try {
    configure(given);
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof InputError, `expected an InputError for ${JSON.stringify(given)}, got ${String(error)}`);
  for (const p of patterns) assert.match(error.message, p);
}

describe('cloudInputs metadata', () => {
  it('describes every field, with a default exactly where the field is required, and every default valid', () => {
    assert.deepEqual(Object.keys(cloudInputs).sort(), Object.keys(cloudSpec).sort());
    for (const [name, field] of Object.entries(cloudSpec)) {
      const meta = cloudInputs[name as keyof typeof cloudInputs];
      assert.ok(meta.description.length > 20, `${name} has a description`);
      assert.equal(field.required, meta.default !== undefined, `${name}: required in code exactly when action.yml gives a default`);
      if (meta.default !== undefined) assert.doesNotThrow(() => field.parse(meta.default!, name), `${name}: default '${meta.default}' parses`);
    }
  });

  it('is what the fixture action.yml declares (the shape each action.yml gets)', () => {
    const yml = parseYaml(readFileSync(new URL('../fixtures/actions/oidc-cloud/action.yml', import.meta.url), 'utf8')) as {
      inputs: Record<string, { description: string; default?: string }>;
    };
    for (const [name, meta] of Object.entries(cloudInputs)) assert.deepEqual(yml.inputs[name], meta, name);
  });
});

describe('validateCloud', () => {
  it('none by default, and nothing to load', () => {
    assert.deepEqual(configure({}), { provider: 'none' });
  });

  it('builds each provider\'s configuration with its explicit audience', () => {
    assert.deepEqual(configure({ cloud: 'aws', 'aws-role-arn': 'arn:aws:iam::123456789012:role/deploy', 'aws-region': 'eu-west-1' }), {
      provider: 'aws',
      exportCredentials: false,
      audience: 'sts.amazonaws.com',
      roleArn: 'arn:aws:iam::123456789012:role/deploy',
      region: 'eu-west-1',
      durationSeconds: 3600,
      sessionName: undefined,
      stsEndpoint: undefined,
    });
    const wif = 'projects/123/locations/global/workloadIdentityPools/github/providers/actions';
    const gcp = configure({ cloud: 'gcp', 'gcp-workload-identity-provider': wif, 'gcp-service-account': 'ci@proj-1.iam.gserviceaccount.com' });
    assert.equal(gcp.provider === 'gcp' && gcp.audience, `https://iam.googleapis.com/${wif}`);
    assert.equal(gcp.provider === 'gcp' && gcp.stsEndpoint, 'https://sts.googleapis.com');
    const azure = configure({ cloud: 'azure', 'azure-client-id': '66666666-7777-8888-9999-000000000000', 'azure-tenant-id': 'contoso.onmicrosoft.com' });
    assert.equal(azure.provider === 'azure' && azure.audience, 'api://AzureADTokenExchange');
    assert.equal(azure.provider === 'azure' && azure.authorityHost, 'https://login.microsoftonline.com');
    const vault = configure({ cloud: 'vault', 'vault-url': 'https://vault.example.com:8200/', 'vault-role': 'deploy', 'vault-namespace': 'admin/team/' });
    assert.deepEqual(vault.provider === 'vault' && [vault.url, vault.mount, vault.namespace, vault.audience], ['https://vault.example.com:8200', 'jwt', 'admin/team', undefined]);
    const custom = configure({ cloud: 'aws', 'aws-role-arn': 'arn:aws-us-gov:iam::123456789012:role/d', 'aws-region': 'us-gov-west-1', 'aws-sts-endpoint': 'https://sts.us-gov-west-1.amazonaws.com/', 'aws-role-duration': '2h', 'export-credentials': 'true' });
    assert.deepEqual(custom.provider === 'aws' && [custom.stsEndpoint, custom.durationSeconds, custom.exportCredentials], ['https://sts.us-gov-west-1.amazonaws.com', 7200, true]);
  });

  it("requires each provider's own inputs, naming all that are missing", () => {
    fails({ cloud: 'aws' }, /2 inputs are invalid/, /Input 'aws-role-arn' has value ""; expected an IAM role ARN \(required with cloud: aws\)/, /'aws-region'/);
    fails({ cloud: 'gcp' }, /Input 'gcp-workload-identity-provider'/);
    fails({ cloud: 'azure', 'azure-client-id': '66666666-7777-8888-9999-000000000000' }, /Input 'azure-tenant-id'/);
    fails({ cloud: 'vault', 'vault-url': 'https://vault.example.com' }, /Input 'vault-role'/);
  });

  it('refuses inputs of another cloud (a forgotten cloud: line would otherwise run without credentials)', () => {
    fails({ 'aws-role-arn': 'arn:aws:iam::123456789012:role/deploy' }, /Input 'aws-role-arn'.*no value, since cloud is none.*set cloud: aws to use it/);
    fails({ cloud: 'vault', 'vault-url': 'https://v.example', 'vault-role': 'r', 'gcp-service-account': 'a@b.iam.gserviceaccount.com' }, /'gcp-service-account'.*used only with cloud: gcp/);
    fails({ 'export-credentials': 'true' }, /Input 'export-credentials' has value "true"; expected false, since cloud is none/);
  });

  it('checks the role partition against the region', () => {
    fails({ cloud: 'aws', 'aws-role-arn': 'arn:aws:iam::123456789012:role/d', 'aws-region': 'cn-north-1' }, /a role in partition aws-cn, the partition of region cn-north-1/);
    fails({ cloud: 'aws', 'aws-role-arn': 'arn:aws-cn:iam::123456789012:role/d', 'aws-region': 'us-east-1' }, /partition aws,/);
  });

  it('validates each field: ARNs, regions, providers, UUIDs, durations, endpoints (https, or http on loopback only)', () => {
    const aws = { cloud: 'aws', 'aws-role-arn': 'arn:aws:iam::123456789012:role/deploy', 'aws-region': 'us-east-1' };
    fails({ ...aws, 'aws-role-arn': 'arn:aws:iam::12345:role/x' }, /Input 'aws-role-arn' has value "arn:aws:iam::12345:role\/x"; expected an IAM role ARN/);
    fails({ ...aws, 'aws-region': 'Virginia' }, /an AWS region such as us-east-1/);
    fails({ ...aws, 'aws-role-duration': '5m' }, /'aws-role-duration'.*at least 900000ms/);
    fails({ ...aws, 'aws-role-session-name': 'has space' }, /'aws-role-session-name'/);
    fails({ ...aws, 'aws-sts-endpoint': 'http://sts.example.com' }, /'aws-sts-endpoint'.*http only on 127.0.0.1/);
    fails({ ...aws, 'aws-sts-endpoint': 'https://user:pw@sts.example.com' }, /'aws-sts-endpoint'/);
    fails({ ...aws, 'aws-audience': 'a b' }, /'aws-audience'/);
    assert.equal((configure({ ...aws, 'aws-sts-endpoint': 'http://127.0.0.1:4566', 'allow-custom-endpoints': 'true' }) as { stsEndpoint: string }).stsEndpoint, 'http://127.0.0.1:4566');
    fails({ cloud: 'gcp', 'gcp-workload-identity-provider': 'projects/x/providers/y' }, /projects\/NUMBER\/locations\/global/);
    fails({ cloud: 'azure', 'azure-client-id': 'not-a-uuid', 'azure-tenant-id': 'contoso.onmicrosoft.com' }, /'azure-client-id'.*a UUID/);
    fails({ cloud: 'azure', 'azure-client-id': '66666666-7777-8888-9999-000000000000', 'azure-tenant-id': 't', 'azure-scope': 'https://management.azure.com/' }, /'azure-tenant-id'/, /'azure-scope'.*\/\.default/);
    fails({ cloud: 'vault', 'vault-url': 'ftp://vault', 'vault-role': 'r' }, /'vault-url'/);
  });
});

describe('endpoint inputs: official hosts, anything else only with allow-custom-endpoints (the OIDC token goes there)', () => {
  const aws = { cloud: 'aws', 'aws-role-arn': 'arn:aws:iam::123456789012:role/deploy', 'aws-region': 'us-east-1' };
  const gcp = { cloud: 'gcp', 'gcp-workload-identity-provider': 'projects/123/locations/global/workloadIdentityPools/pool/providers/github' };
  const azure = { cloud: 'azure', 'azure-client-id': '66666666-7777-8888-9999-000000000000', 'azure-tenant-id': 'contoso.onmicrosoft.com' };
  const official: Array<[Record<string, string>, string, string]> = [
    [aws, 'aws-sts-endpoint', 'https://sts.us-east-1.amazonaws.com'],
    [aws, 'aws-sts-endpoint', 'https://sts.amazonaws.com'],
    [aws, 'aws-sts-endpoint', 'https://sts-fips.us-east-1.amazonaws.com'],
    [aws, 'aws-sts-endpoint', 'https://sts.eu-west-1.api.aws'],
    [aws, 'aws-sts-endpoint', 'https://vpce-0123456789abcdef0-abcdefgh.sts.us-east-1.vpce.amazonaws.com'],
    [aws, 'aws-sts-endpoint', 'https://vpce-0123456789abcdef0-abcdefgh-us-east-1a.sts.us-east-1.vpce.amazonaws.com/'],
    [{ ...aws, 'aws-role-arn': 'arn:aws-cn:iam::123456789012:role/d', 'aws-region': 'cn-north-1' }, 'aws-sts-endpoint', 'https://sts.cn-north-1.amazonaws.com.cn'],
    [{ ...aws, 'aws-role-arn': 'arn:aws-us-gov:iam::123456789012:role/d', 'aws-region': 'us-gov-west-1' }, 'aws-sts-endpoint', 'https://sts.us-gov-west-1.amazonaws.com'],
    [gcp, 'gcp-sts-endpoint', 'https://sts.googleapis.com'],
    [gcp, 'gcp-iam-credentials-endpoint', 'https://iamcredentials.googleapis.com'],
    [gcp, 'gcp-sts-endpoint', 'https://sts-myendpoint.p.googleapis.com'],
    [azure, 'azure-authority-host', 'https://login.microsoftonline.com'],
    [azure, 'azure-authority-host', 'https://login.microsoftonline.us'],
    [azure, 'azure-authority-host', 'https://login.chinacloudapi.cn'],
  ];
  for (const [base, name, url] of official) {
    it(`${name}: ${url} is official`, () => assert.doesNotThrow(() => configure({ ...base, [name]: url })));
  }
  const custom: Array<[Record<string, string>, string, string]> = [
    [aws, 'aws-sts-endpoint', 'https://sts.us-east-1.amazonaws.com.evil.example'],
    [aws, 'aws-sts-endpoint', 'https://evil.example/sts.us-east-1.amazonaws.com'],
    [aws, 'aws-sts-endpoint', 'https://xsts.us-east-1.amazonaws.com'],
    [aws, 'aws-sts-endpoint', 'https://sts.us-east-1.amazonaws.com:8443'],
    [aws, 'aws-sts-endpoint', 'https://secretsmanager.us-east-1.amazonaws.com'],
    [aws, 'aws-sts-endpoint', 'http://127.0.0.1:4566'],
    [gcp, 'gcp-sts-endpoint', 'https://sts.googleapis.com.evil.example'],
    [gcp, 'gcp-iam-credentials-endpoint', 'https://googleapis.com.evil.example'],
    [azure, 'azure-authority-host', 'https://login.microsoftonline.com.evil.example'],
    [azure, 'azure-authority-host', 'https://login.evil.example'],
  ];
  for (const [base, name, url] of custom) {
    it(`${name}: ${url} is refused unless allow-custom-endpoints: true`, () => {
      fails({ ...base, [name]: url }, new RegExp(`^Input '${name}' has value "${url.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}/?"; expected an? .*; another host only with allow-custom-endpoints: true\\.$`));
      assert.doesNotThrow(() => configure({ ...base, [name]: url, 'allow-custom-endpoints': 'true' }));
    });
  }
  it('vault-url is the user\'s choice: any https host, no opt-in', () => {
    assert.doesNotThrow(() => configure({ cloud: 'vault', 'vault-url': 'https://vault.internal.example:8200', 'vault-role': 'r' }));
  });
  it('every refused endpoint is named at once', () => {
    fails({ ...gcp, 'gcp-sts-endpoint': 'https://a.example', 'gcp-iam-credentials-endpoint': 'https://b.example' }, /2 inputs are invalid:\n- Input 'gcp-sts-endpoint'.*\n- Input 'gcp-iam-credentials-endpoint'/);
  });
});
