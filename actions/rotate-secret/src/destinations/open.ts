import type { Destination, DestinationDeps, DestinationKind, DestinationModule, DestinationSpec } from './types.ts';

/**
 * Each kind's file, imported only when a line of that kind is used (its client, and for kinds
 * that need a cloud the OIDC module, load with it): a run into GitHub secrets loads no cloud code.
 */
const MODULES: { readonly [K in DestinationKind]: () => Promise<DestinationModule<Extract<DestinationSpec, { kind: K }>>> } = {
  github: () => import('./github-secrets.ts'),
  vault: () => import('./vault-kv.ts'),
  'aws-secretsmanager': () => import('./aws-secretsmanager.ts'),
  'azure-keyvault': () => import('./azure-keyvault.ts'),
  'gcp-secretmanager': () => import('./gcp-secretmanager.ts'),
};

/** Opens the specs kind by kind, keeping their order. */
export async function openDestinations(specs: readonly DestinationSpec[], deps: DestinationDeps): Promise<Destination[]> {
  const opened = new Map<string, Destination>();
  for (const kind of Object.keys(MODULES) as DestinationKind[]) {
    const mine = specs.filter((s) => s.kind === kind);
    if (mine.length === 0) continue;
    const module = (await MODULES[kind]()) as DestinationModule<DestinationSpec>;
    for (const d of await module.open(mine, deps)) opened.set(d.id, d);
  }
  return specs.map((s) => {
    const d = opened.get(s.id);
    if (!d) throw new Error(`destination ${s.id} was not opened by its kind`);
    return d;
  });
}
