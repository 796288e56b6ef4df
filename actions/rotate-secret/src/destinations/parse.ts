import { InputError } from '../../../../shared/errors.ts';
import type { Field } from '../../../../shared/inputs.ts';
import type {
  AwsSecretsManagerSpec,
  AzureKeyVaultSpec,
  DestinationCloud,
  DestinationKind,
  DestinationSpec,
  GcpSecretManagerSpec,
  GitHubSecretSpec,
  VaultKvSpec,
} from './types.ts';

/**
 * The `destinations` input, parsed once into the final `DestinationSpec`s: this file is on the
 * action's start path (input validation), so it holds every kind's line syntax and nothing else —
 * no I/O, no client, no heavy import. Each kind's client is in its own file, loaded by open.ts.
 *
 * Names that a URL path resolves (`.`, `..`) are refused wherever a line's part becomes a path
 * segment (owner, repository, organisation, environment, Vault mount and path): the URL parser
 * would turn `environments/../secrets` into another route. `%` is outside every pattern, so no
 * encoded form of them gets through either.
 */

interface LineSyntax {
  /** Accepted forms, for error messages and docs. */
  readonly syntax: string;
  /** The `cloud` input its lines need (credentials over OIDC); absent: none. */
  readonly cloud?: DestinationCloud;
  /** Parses a line starting with `<kind>:`; throws an Error saying what is wrong. */
  parse(line: string, repository: string | undefined): DestinationSpec;
}

const DOT_SEGMENT = (s: string): boolean => s === '.' || s === '..';

// ---------------------------------------------------------------------------------------------
// github:

const REPO = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/;
const NAME = /^[A-Za-z0-9_.-]+$/;
const ENVIRONMENT = /^[A-Za-z0-9 ._\-/]{1,255}$/;

function repoOf(raw: string | undefined, repository: string | undefined, line: string): { owner: string; repo: string } {
  const full = raw ?? repository;
  if (full === undefined || full === '') throw new Error(`it names no repository and GITHUB_REPOSITORY is not set; write it as ${line}:OWNER/REPO`);
  const m = REPO.exec(full);
  if (!m) throw new Error(`'${full}' is not OWNER/REPO`);
  if (DOT_SEGMENT(m[1]!) || DOT_SEGMENT(m[2]!)) throw new Error(`'${full}' has a '.' or '..' part`);
  return { owner: m[1]!, repo: m[2]! };
}

function parseGitHub(line: string, repository: string | undefined): GitHubSecretSpec {
  const [, kind, ...rest] = line.split(':');
  switch (kind) {
    case 'repo':
    case 'dependabot': {
      if (rest.length > 1) throw new Error('too many parts');
      const { owner, repo } = repoOf(rest[0], repository, line);
      const id = `github:${kind}:${owner}/${repo}`;
      return { kind: 'github', scope: 'repo', app: kind === 'repo' ? 'actions' : 'dependabot', owner, repo, id, place: id };
    }
    case 'environment': {
      const [environment, repoText, ...extra] = rest;
      if (extra.length > 0) throw new Error('too many parts');
      if (environment === undefined || !ENVIRONMENT.test(environment) || environment.trim() !== environment) {
        throw new Error('no valid environment name (letters, digits, space, . _ - /)');
      }
      if (environment.split('/').some((s) => s === '' || DOT_SEGMENT(s))) throw new Error(`the environment name has an empty, '.' or '..' part`);
      const { owner, repo } = repoOf(repoText, repository, line);
      const id = `github:environment:${environment}:${owner}/${repo}`;
      return { kind: 'github', scope: 'environment', owner, repo, environment, id, place: id };
    }
    case 'org': {
      const [org, access, ...extra] = rest;
      if (extra.length > 0) throw new Error('too many parts');
      if (org === undefined || !NAME.test(org) || DOT_SEGMENT(org)) throw new Error('no valid organisation name');
      const place = `github:org:${org}`;
      if (access === undefined) return { kind: 'github', scope: 'org', org, visibility: undefined, selected: [], id: place, place };
      if (access === 'all' || access === 'private') return { kind: 'github', scope: 'org', org, visibility: access, selected: [], id: `${place}:${access}`, place };
      const m = /^selected=(.+)$/.exec(access);
      if (!m) throw new Error(`unknown access '${access}'`);
      const selected = [...new Set(m[1]!.split(',').map((s) => s.trim()))].sort();
      if (selected.some((r) => !NAME.test(r) || DOT_SEGMENT(r))) throw new Error('a repository name is not valid');
      return { kind: 'github', scope: 'org', org, visibility: 'selected', selected, id: `${place}:selected=${selected.join(',')}`, place };
    }
    default:
      throw new Error(`unknown kind '${kind ?? ''}'`);
  }
}

// ---------------------------------------------------------------------------------------------
// vault:

function parseVaultKv(line: string): VaultKvSpec {
  const m = /^vault:([\w.-]+)\/([\w.@/-]+)#([\w.-]+)$/.exec(line);
  if (!m) throw new Error('not MOUNT/PATH#KEY');
  const [, mount, path, key] = m as unknown as [string, string, string, string];
  if (DOT_SEGMENT(mount)) throw new Error(`the mount '${mount}' is '.' or '..'`);
  if (path.split('/').some((s) => s === '' || DOT_SEGMENT(s))) throw new Error(`the path '${path}' has an empty, '.' or '..' segment`);
  if (DOT_SEGMENT(key)) throw new Error(`the key '${key}' is '.' or '..'`);
  const id = `vault:${mount}/${path}#${key}`;
  return { kind: 'vault', mount, path, key, id, place: id };
}

// ---------------------------------------------------------------------------------------------
// aws-secretsmanager:

const SM_NAME = '[A-Za-z0-9/_+=.@-]{1,512}';
const SM_ARN = `arn:aws[a-z-]*:secretsmanager:[a-z]{2}(?:-[a-z]+)+-\\d{1,2}:\\d{12}:secret:${SM_NAME}`;
const SM_LINE = new RegExp(`^aws-secretsmanager:(?:${SM_ARN}|${SM_NAME})$`);

function parseAwsSecretsManager(line: string): AwsSecretsManagerSpec {
  if (!SM_LINE.test(line)) throw new Error('not a secret name (letters, digits and /_+=.@-) or a Secrets Manager ARN');
  const secretId = line.slice('aws-secretsmanager:'.length);
  const region = secretId.startsWith('arn:') ? secretId.split(':')[3] : undefined;
  const id = `aws-secretsmanager:${secretId}`;
  return { kind: 'aws-secretsmanager', secretId, region, id, place: id };
}

// ---------------------------------------------------------------------------------------------
// azure-keyvault: — names as Azure allows them
// (https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftkeyvault):
// a vault is 3–24 letters, digits and hyphens, starting with a letter, ending with a letter or
// digit, without two hyphens in a row (it is a DNS label); a secret 1–127 letters, digits, hyphens.

const KV_VAULT = /^[A-Za-z](?!.*--)[A-Za-z0-9-]{1,22}[A-Za-z0-9]$/;
const KV_SECRET = /^[0-9A-Za-z-]{1,127}$/;

function parseAzureKeyVault(line: string): AzureKeyVaultSpec {
  const m = /^azure-keyvault:([^/]*)\/([^/]*)$/.exec(line);
  if (!m) throw new Error('not VAULT/SECRET');
  const [, vault, secret] = m as unknown as [string, string, string];
  if (!KV_VAULT.test(vault)) throw new Error(`the vault name '${vault}' is not 3–24 letters, digits and hyphens (starting with a letter, no '--')`);
  if (!KV_SECRET.test(secret)) throw new Error(`the secret name '${secret}' is not 1–127 letters, digits and hyphens`);
  const id = `azure-keyvault:${vault.toLowerCase()}/${secret}`;
  // Key Vault names are case-insensitive: Db and db are one secret.
  return { kind: 'azure-keyvault', vault: vault.toLowerCase(), secret, id, place: id.toLowerCase() };
}

// ---------------------------------------------------------------------------------------------
// gcp-secretmanager: — a project id (or number) and a secret id, each letters, digits, _ and -
// (https://cloud.google.com/secret-manager/docs/reference/rest/v1/projects.secrets/create).

const GCP_ID = /^[\w-]{1,255}$/;

function parseGcpSecretManager(line: string): GcpSecretManagerSpec {
  const m = /^gcp-secretmanager:([^/]*)\/([^/]*)$/.exec(line);
  if (!m) throw new Error('not PROJECT/SECRET');
  const [, project, secret] = m as unknown as [string, string, string];
  if (!GCP_ID.test(project)) throw new Error(`the project '${project}' is not a project id (letters, digits, _ and -)`);
  if (!GCP_ID.test(secret)) throw new Error(`the secret id '${secret}' is not 1–255 letters, digits, _ and -`);
  const id = `gcp-secretmanager:${project}/${secret}`;
  return { kind: 'gcp-secretmanager', project, secret, id, place: id };
}

// ---------------------------------------------------------------------------------------------

/** The kinds, by line prefix. Adding a kind: its syntax here, its file, and its entry in open.ts. */
const KINDS: { readonly [K in DestinationKind]: LineSyntax } = {
  github: {
    syntax: 'github:repo[:OWNER/REPO], github:environment:ENV[:OWNER/REPO], github:org:ORG[:all|private|selected=REPO,REPO…] or github:dependabot[:OWNER/REPO]',
    parse: parseGitHub,
  },
  vault: { syntax: 'vault:MOUNT/PATH#KEY (KV version 2, e.g. vault:secret/app/db#password; needs cloud: vault)', cloud: 'vault', parse: parseVaultKv },
  'aws-secretsmanager': { syntax: 'aws-secretsmanager:SECRET_ID (a secret name or ARN; needs cloud: aws)', cloud: 'aws', parse: parseAwsSecretsManager },
  'azure-keyvault': { syntax: 'azure-keyvault:VAULT/SECRET (an Azure Key Vault secret; needs cloud: azure)', cloud: 'azure', parse: parseAzureKeyVault },
  'gcp-secretmanager': { syntax: 'gcp-secretmanager:PROJECT/SECRET (a Google Cloud Secret Manager secret; needs cloud: gcp)', cloud: 'gcp', parse: parseGcpSecretManager },
};

/** Every accepted form, for error messages and docs. */
export const DESTINATION_SYNTAX = Object.values(KINDS)
  .map((k) => k.syntax)
  .join('; ');

const isKind = (prefix: string): prefix is DestinationKind => Object.hasOwn(KINDS, prefix);

/** The `cloud` a destination needs credentials of, if any. */
export function cloudOf(spec: DestinationSpec): DestinationCloud | undefined {
  return KINDS[spec.kind].cloud;
}

/** Parses one line; throws InputError naming the line and what is wrong with it. */
export function parseDestination(line: string, repository: string | undefined, input = 'destinations'): DestinationSpec {
  const prefix = line.split(':', 1)[0] ?? '';
  if (!isKind(prefix)) throw new InputError(input, line, `each item to be ${DESTINATION_SYNTAX}`);
  try {
    return KINDS[prefix].parse(line, repository);
  } catch (error) {
    throw new InputError(input, line, `${KINDS[prefix].syntax} (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** Parses every line; lines naming the same place twice are kept once, contradicting ones refused. */
export function parseDestinations(lines: readonly string[], repository: string | undefined, input = 'destinations'): DestinationSpec[] {
  const byPlace = new Map<string, DestinationSpec>();
  for (const line of lines) {
    const spec = parseDestination(line, repository, input);
    const seen = byPlace.get(spec.place);
    if (seen && seen.id !== spec.id) throw new InputError(input, line, `one line per place (it contradicts '${seen.id}')`);
    if (!seen) byPlace.set(spec.place, spec);
  }
  return [...byPlace.values()];
}

/**
 * The `destinations` input as a spec field: one line per destination (blank lines and surrounding
 * spaces dropped), parsed to final specs. `github:repo` without OWNER/REPO means the repository of
 * the workflow run, read when the field is parsed.
 */
export function destinationsField(o: { repository: () => string | undefined }): Field<readonly DestinationSpec[], true> {
  return {
    required: true,
    secret: false,
    expected: `a list of ${DESTINATION_SYNTAX}`,
    parse(raw, name) {
      const lines = raw.split(/\r?\n/).map((s) => s.trim()).filter(Boolean);
      if (lines.length === 0) throw new InputError(name, raw, `at least one line: ${DESTINATION_SYNTAX}`);
      return Object.freeze(parseDestinations(lines, o.repository(), name));
    },
  };
}
