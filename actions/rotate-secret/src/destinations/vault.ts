import type { DestinationKind, DestinationSpec } from './types.ts';

/**
 * HashiCorp Vault KV version 2: `vault:MOUNT/PATH#KEY` sets one key of the secret at PATH, keeping
 * its other keys. Credentials come from the `cloud: vault` input (JWT auth with the job's OIDC
 * token); the destination (vault-destination.ts) and its client (shared/destinations/vault.ts) are
 * loaded when such a line is used: this file is on the start path (input validation).
 *
 * KV v2 has versions but no pending state that readers do not see, so this kind has no `stage`:
 * it is written at distribute, after the new value logged in. Each write is a new KV version made
 * with check-and-set (the version read just before), so a concurrent writer is detected, never
 * overwritten, and a retried write never adds a second version. The secret's custom metadata then
 * records which rotation wrote which KV version (`rotate-secret:KEY:version`, `…:kv-version`):
 * a resumed rotation finds its value there (`recover`), and a rewrite of a value the latest
 * version already holds is skipped (`unchanged`) — a resume adds no version. Earlier values stay
 * readable as earlier KV versions (`vault kv get -version=N`), as far as the mount's max_versions
 * keeps them.
 */

export type VaultSpec = DestinationSpec & { readonly kind: 'vault'; readonly mount: string; readonly path: string; readonly key: string };

const PATTERN = /^vault:[\w.-]+\/[\w.@/-]+#[\w.-]+$/;
const SYNTAX = 'vault:MOUNT/PATH#KEY (KV version 2, e.g. vault:secret/app/db#password; needs cloud: vault)';

export function parseVault(line: string): VaultSpec {
  const m = /^vault:([\w.-]+)\/([\w.@/-]+)#([\w.-]+)$/.exec(line);
  if (!m) throw new Error('not MOUNT/PATH#KEY');
  const [, mount, path, key] = m as unknown as [string, string, string, string];
  if (path.split('/').some((s) => s === '' || s === '.' || s === '..')) throw new Error(`the path '${path}' has an empty, '.' or '..' segment`);
  const id = `vault:${mount}/${path}#${key}`;
  return { kind: 'vault', mount, path, key, id, place: id };
}

/** Custom-metadata keys recording the rotation that wrote KEY. */
export function metadataKeys(key: string): { version: string; kvVersion: string } {
  return { version: `rotate-secret:${key}:version`, kvVersion: `rotate-secret:${key}:kv-version` };
}

export const vaultKind: DestinationKind<VaultSpec> = {
  prefix: 'vault',
  cloud: 'vault',
  syntax: SYNTAX,
  pattern: PATTERN,
  parse: parseVault,
  async open(specs, deps) {
    const { openVault } = await import('./vault-destination.ts');
    return openVault(specs, deps);
  },
};
