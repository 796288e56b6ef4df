// Cloud emulators for the OIDC credential tests: AWS (STS + Secrets Manager), Google Cloud (STS + IAM
// Service Account Credentials), Microsoft Entra ID (token endpoint) and HashiCorp Vault (JWT auth +
// KV v2), each on its own 127.0.0.1 port, each verifying the GitHub emulator's OIDC tokens for real.
// See README.md in this folder.
import { startAwsEmulator, type AwsEmulator } from './aws.ts';
import { startAzureEmulator, type AzureEmulator } from './azure.ts';
import { startGcpEmulator, type GcpEmulator } from './gcp.ts';
import { startVaultEmulator, type VaultEmulator } from './vault.ts';

export * from './aws.ts';
export * from './azure.ts';
export * from './gcp.ts';
export * from './keyvault.ts';
export * from './secretmanager.ts';
export * from './vault.ts';
export { verifyJwt, peekClaims, audiences, globMatch, type JwtResult, type JwtFailureReason } from './jwt.ts';
export { verifySigV4, type SigV4Result, type SigningKeys } from './sigv4.ts';
export type { CloudFault, CloudLogEntry, FaultAction } from './server.ts';

export interface CloudEmulators {
  aws: AwsEmulator;
  gcp: GcpEmulator;
  azure: AzureEmulator;
  vault: VaultEmulator;
  /** Every secret any of them issued (for leak scans). */
  issuedSecrets(): string[];
  close(): Promise<void>;
}

export interface CloudEmulatorsOptions {
  /** The OIDC issuer to trust (the GitHub emulator's `oidc.issuer`): AWS gets an OIDC provider for it, Vault a `jwt` mount bound to it. */
  issuer: string;
  /** One clock for all four (ms since the epoch). Default Date.now. */
  now?: () => number;
}

/** Starts all four; GCP providers and Azure apps are seeded by the test (they carry the trust rules). */
export async function startCloudEmulators(opts: CloudEmulatorsOptions): Promise<CloudEmulators> {
  const now = opts.now ?? Date.now;
  const [aws, gcp, azure, vault] = await Promise.all([
    startAwsEmulator({ issuer: opts.issuer, now }),
    startGcpEmulator({ now }),
    startAzureEmulator({ now }),
    startVaultEmulator({ issuer: opts.issuer, now }),
  ]);
  return {
    aws,
    gcp,
    azure,
    vault,
    issuedSecrets: () => [...aws.issuedSecrets(), ...gcp.issuedSecrets(), ...azure.issuedSecrets(), ...vault.issuedSecrets()],
    close: async () => {
      await Promise.all([aws.close(), gcp.close(), azure.close(), vault.close()]);
    },
  };
}
