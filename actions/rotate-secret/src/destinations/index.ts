import { InputError } from '../../../../shared/errors.ts';
import { awsSecretsManagerKind } from './aws-secretsmanager.ts';
import { githubKind } from './github.ts';
import type { Destination, DestinationCloud, DestinationDeps, DestinationKind, DestinationSpec, ParseContext } from './types.ts';
import { vaultKind } from './vault.ts';

export type { CloudAccess, Destination, DestinationCloud, DestinationDeps, DestinationKind, DestinationSpec, ParseContext, RotationRef, WriteOutcome } from './types.ts';

/**
 * The destination kinds, by line prefix. Adding a kind is one file implementing `DestinationKind`
 * and one entry here; parsing must stay free of I/O and heavy imports (it runs on the action's
 * start path: clients, and the OIDC module for kinds with a `cloud`, load in `open`).
 */
const KINDS: readonly DestinationKind[] = [githubKind, vaultKind, awsSecretsManagerKind] as unknown as DestinationKind[];

/** The `cloud` a line needs credentials of, if any (by its prefix; the line is validated elsewhere). */
export function destinationCloud(line: string): DestinationCloud | undefined {
  const prefix = line.split(':', 1)[0] ?? '';
  return KINDS.find((k) => k.prefix === prefix)?.cloud;
}

/** Every accepted form, for error messages and docs. */
export function destinationSyntax(): string {
  return KINDS.map((k) => k.syntax).join('; ');
}

/** One pattern a valid line matches (any kind's); inputs.ts validates with it. */
export function destinationPattern(): RegExp {
  return new RegExp(KINDS.map((k) => `(?:${k.pattern.source})`).join('|'));
}

/** Parses one line; throws InputError naming the line and what is wrong with it. */
export function parseDestination(line: string, context: ParseContext): DestinationSpec {
  const prefix = line.split(':', 1)[0] ?? '';
  const kind = KINDS.find((k) => k.prefix === prefix);
  if (!kind || !kind.pattern.test(line)) throw new InputError('destinations', line, `each item to be ${destinationSyntax()}`);
  try {
    return kind.parse(line, context);
  } catch (error) {
    throw new InputError('destinations', line, `${kind.syntax} (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** Parses every line; lines naming the same place twice are kept once, contradicting ones refused. */
export function parseDestinations(lines: readonly string[], context: ParseContext): DestinationSpec[] {
  const byPlace = new Map<string, DestinationSpec>();
  for (const line of lines) {
    const spec = parseDestination(line, context);
    const seen = byPlace.get(spec.place);
    if (seen && seen.id !== spec.id) throw new InputError('destinations', line, `one line per place (it contradicts '${seen.id}')`);
    if (!seen) byPlace.set(spec.place, spec);
  }
  return [...byPlace.values()];
}

/** Opens the specs, kind by kind, keeping their order. */
export async function openDestinations(specs: readonly DestinationSpec[], deps: DestinationDeps): Promise<Destination[]> {
  const opened = new Map<string, Destination>();
  for (const kind of KINDS) {
    const mine = specs.filter((s) => s.kind === kind.prefix);
    if (mine.length === 0) continue;
    for (const d of await kind.open(mine, deps)) opened.set(d.id, d);
  }
  return specs.map((s) => {
    const d = opened.get(s.id);
    if (!d) throw new Error(`destination ${s.id} was not opened by its kind`);
    return d;
  });
}
