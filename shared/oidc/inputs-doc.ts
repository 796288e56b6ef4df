import type { CloudInputName } from './spec.ts';

/**
 * Description and default of each cloud input, generated into every action.yml that has them
 * (scripts/lib/cloud-inputs.ts). Documentation only: no bundle loads it, so its bytes stay off
 * every action's start path. A field has a default exactly when it is required in spec.ts.
 */
export const cloudInputs: Readonly<Record<CloudInputName, { description: string; default?: string }>> = {
  cloud: {
    description:
      'Get short-lived cloud credentials from the job\'s OIDC token: none, aws, gcp, azure or vault. Needs `permissions: id-token: write`. Credentials reach only the processes this action starts, through their environment.',
    default: 'none',
  },
  'export-credentials': {
    description: 'Also export the cloud credentials to later steps of the job (GITHUB_ENV). Off by default: later steps would hold them until they expire.',
    default: 'false',
  },
  'allow-custom-endpoints': {
    description:
      "Allow endpoint inputs (aws-sts-endpoint, gcp-*-endpoint, azure-authority-host, aws-secretsmanager-endpoint) outside their provider's official hosts, such as a proxy or an emulator. Off by default: an endpoint decides where the job's OIDC token or signed requests go, so never feed these inputs from untrusted values. vault-url is always yours to choose, and must not come from untrusted inputs either.",
    default: 'false',
  },
  'aws-role-arn': { description: 'AWS: the IAM role to assume with AssumeRoleWithWebIdentity (required with cloud: aws).' },
  'aws-region': { description: 'AWS: the region (required with cloud: aws); also picks the regional STS endpoint.' },
  'aws-audience': { description: 'AWS: the audience of the OIDC token; the IAM OIDC provider must list it as a client id.', default: 'sts.amazonaws.com' },
  'aws-role-duration': { description: 'AWS: how long the role session lasts (15m to 12h, at most the role\'s maximum session duration).', default: '1h' },
  'aws-role-session-name': { description: 'AWS: the role session name. Default: GitHubActions-RUN_ID-RUN_ATTEMPT.' },
  'aws-sts-endpoint': { description: 'AWS: STS endpoint (GovCloud, China, VPC endpoints). Default: https://sts.REGION.amazonaws.com (.com.cn in China).' },
  'gcp-workload-identity-provider': {
    description: 'Google Cloud: the workload identity provider, projects/NUMBER/locations/global/workloadIdentityPools/POOL/providers/PROVIDER (required with cloud: gcp).',
  },
  'gcp-service-account': { description: 'Google Cloud: a service account to impersonate; without it the federated token is used directly.' },
  'gcp-audience': { description: 'Google Cloud: the audience of the OIDC token. Default: https://iam.googleapis.com/ followed by the workload identity provider.' },
  'gcp-project-id': { description: 'Google Cloud: the project for tools that need one (GOOGLE_CLOUD_PROJECT, CLOUDSDK_CORE_PROJECT).' },
  'gcp-sts-endpoint': { description: 'Google Cloud: Security Token Service endpoint.', default: 'https://sts.googleapis.com' },
  'gcp-iam-credentials-endpoint': { description: 'Google Cloud: IAM Service Account Credentials endpoint.', default: 'https://iamcredentials.googleapis.com' },
  'azure-client-id': { description: 'Azure: the application (client) id with a federated credential for this workflow (required with cloud: azure).' },
  'azure-tenant-id': { description: 'Azure: the directory (tenant) id (required with cloud: azure).' },
  'azure-subscription-id': { description: 'Azure: the subscription, passed to tools as AZURE_SUBSCRIPTION_ID.' },
  'azure-audience': { description: 'Azure: the audience of the OIDC token; the federated credential must list it.', default: 'api://AzureADTokenExchange' },
  'azure-scope': { description: 'Azure: the scope of the access token.', default: 'https://management.azure.com/.default' },
  'azure-authority-host': {
    description: 'Azure: the Microsoft Entra authority (sovereign clouds: https://login.microsoftonline.us, https://login.chinacloudapi.cn).',
    default: 'https://login.microsoftonline.com',
  },
  'vault-url': {
    description:
      'Vault: the server address, e.g. https://vault.example.com:8200 (required with cloud: vault). The job\'s OIDC token is sent there: never take it from untrusted inputs (dispatch inputs, variables, a caller\'s values).',
  },
  'vault-role': { description: 'Vault: the JWT auth role to log in with (required with cloud: vault).' },
  'vault-mount': { description: 'Vault: the mount path of the JWT auth method.', default: 'jwt' },
  'vault-namespace': { description: 'Vault: the namespace (Vault Enterprise, HCP Vault).' },
  'vault-audience': { description: 'Vault: the audience of the OIDC token, one of the role\'s bound_audiences. Default: GitHub\'s, https://github.com/OWNER.' },
};
