import { InputError } from './errors.ts';

/**
 * The step's `INPUT_*` environment, as the runner hands it over, made to mean what action.yml says.
 * - `''` means "not set": the runner fills an action.yml default only for an input omitted from
 *   `with:`, and a reusable workflow forwarding `${{ inputs.x }}` sends `''`. So an empty value gets
 *   the default here, exactly as an omitted one would (defaults come from the generated
 *   actions/<name>/src/metadata.ts, which a test keeps equal to action.yml).
 * - An `INPUT_*` variable that is not an input of the action is a typo the runner only warns about:
 *   it fails the step, naming the closest valid input. docs/inputs.md says where else such
 *   variables come from and why this check is right for those cases.
 */

/** What a bundle knows of its action.yml; generated into actions/<name>/src/metadata.ts. */
export interface ActionMetadata {
  /** The action's folder under actions/ (the name in messages and records). */
  readonly action: string;
  /** Every input action.yml declares, with its default exactly as written there (null: none). */
  readonly inputs: Readonly<Record<string, string | null>>;
}

/** `INPUT_<NAME>` as the runner builds it: spaces → `_`, upper-cased, hyphens kept. */
export const inputEnvName = (name: string): string => `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;

/**
 * Expression defaults whose value a JavaScript action can read from its environment: the runner
 * exports these `github` and `runner` context values as GITHUB_* / RUNNER_* for every step
 * (actions/runner src/Runner.Worker/GitHubContext.cs, RunnerContext.cs). `github.token` is not
 * among them, by design: it reaches an action only as an input.
 */
const GITHUB_ENV_KEYS = new Set([
  'action', 'action_ref', 'action_repository', 'actor', 'actor_id', 'api_url', 'base_ref', 'event_name',
  'graphql_url', 'head_ref', 'job', 'ref', 'ref_name', 'ref_protected', 'ref_type', 'repository',
  'repository_id', 'repository_owner', 'repository_owner_id', 'retention_days', 'run_attempt', 'run_id',
  'run_number', 'server_url', 'sha', 'triggering_actor', 'workflow', 'workflow_ref', 'workflow_sha', 'workspace',
]);
const RUNNER_ENV_KEYS = new Set(['arch', 'debug', 'environment', 'name', 'os', 'temp', 'tool_cache']);

const EXPRESSION = /^\$\{\{\s*([a-z_]+)\.([a-z_]+)\s*\}\}$/;

/** How an action.yml default is found again at run time: a literal, an environment variable, or not at all. */
export type DefaultSource = { literal: string } | { env: string } | { token: true };

/** Where the value of a default comes from; throws for an expression that has no equivalent here. */
export function defaultSource(value: string): DefaultSource {
  if (!value.includes('${{')) return { literal: value };
  const m = EXPRESSION.exec(value.trim());
  const [context, key] = m ? [m[1]!, m[2]!] : ['', ''];
  if (context === 'github' && key === 'token') return { token: true };
  if (context === 'github' && GITHUB_ENV_KEYS.has(key)) return { env: `GITHUB_${key.toUpperCase()}` };
  if (context === 'runner' && RUNNER_ENV_KEYS.has(key)) return { env: `RUNNER_${key.toUpperCase()}` };
  throw new Error(
    `the default ${value} cannot be resolved by a JavaScript action (only a whole \${{ github.<key> }} or \${{ runner.<key> }} that the runner also exports as an environment variable, or \${{ github.token }})`,
  );
}

/** Tells the user what to pass when an input whose default is `${{ github.token }}` arrives empty. */
export function emptyTokenError(name: string): InputError {
  return InputError.withMessage(
    name,
    `Input '${name}' is empty, and an action cannot read the job's token by itself: pass it, e.g. \`${name}: \${{ secrets.GH_TOKEN || github.token }}\` in the reusable workflow that forwards it.`,
  );
}

/** Switch for wrappers that start this action with their own INPUT_* still set (docs/inputs.md). */
export const UNKNOWN_INPUTS_SWITCH = 'ACTIONS_SUITE_UNKNOWN_INPUTS';

export interface ResolvedInputEnv {
  /** INPUT_* variables to set: the defaults of inputs that arrived empty or not at all. */
  readonly defaults: Readonly<Record<string, string>>;
  /** Unknown inputs, each an InputError. */
  readonly errors: readonly InputError[];
  /**
   * What to say about an input whose `${{ github.token }}` default could not be applied, in place
   * of "this input is required", when the action's own validation reports it (with the others).
   */
  readonly hints: readonly InputError[];
  /** Unknown inputs tolerated because the switch says `warn` (one message each). */
  readonly warnings: readonly string[];
}

/**
 * Reads the step's environment against the action's metadata: the default of every input that is
 * empty (after trimming) or absent, and a problem for each non-empty `INPUT_*` the action does not
 * declare. An empty unknown variable is ignored: it means "not set", whatever its name.
 */
export function resolveInputEnv(metadata: ActionMetadata, env: NodeJS.ProcessEnv): ResolvedInputEnv {
  const defaults: Record<string, string> = {};
  const errors: InputError[] = [];
  const hints: InputError[] = [];
  const warnings: string[] = [];
  const declared = new Map<string, string>();
  for (const [name, value] of Object.entries(metadata.inputs)) {
    const key = inputEnvName(name);
    declared.set(key, name);
    if ((env[key] ?? '').trim() !== '' || value === null) continue;
    const source = defaultSource(value);
    if ('literal' in source) defaults[key] = source.literal;
    else if ('env' in source) defaults[key] = env[source.env] ?? '';
    else hints.push(emptyTokenError(name));
  }
  const warn = env[UNKNOWN_INPUTS_SWITCH] === 'warn';
  const names = [...declared.values()];
  for (const [key, value] of Object.entries(env)) {
    if (!key.startsWith('INPUT_') || declared.has(key) || (value ?? '').trim() === '') continue;
    const given = key.slice('INPUT_'.length).toLowerCase();
    const closest = closestName(given, names);
    const hint = closest ? `; did you mean '${closest}'?` : `; it is not an input of ${metadata.action} (its README lists them)`;
    const message = `unknown input '${given}' (${key})${hint}`;
    if (warn) warnings.push(`${message} Ignored, since ${UNKNOWN_INPUTS_SWITCH} is warn.`);
    else errors.push(InputError.withMessage(given, message));
  }
  return { defaults, errors, hints, warnings };
}

/** The declared name nearest to `given` (`_` and `-` alike, then edit distance), when it is near enough to be a typo. */
export function closestName(given: string, names: readonly string[]): string | undefined {
  const norm = (s: string): string => s.toLowerCase().replace(/[ _-]/g, '-');
  let best: { name: string; d: number } | undefined;
  for (const name of names) {
    const d = editDistance(norm(given), norm(name));
    if (best === undefined || d < best.d) best = { name, d };
  }
  if (best === undefined) return undefined;
  const allowed = given.length <= 4 ? 1 : given.length <= 10 ? 2 : 3;
  return best.d <= allowed ? best.name : undefined;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i]!;
      const prev = d[i - 1]!;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * Applies the defaults of empty inputs to `env` (so every reader, @actions/core included, sees the
 * value action.yml gives) and throws the unknown inputs; returns the warnings and the hints.
 */
export function applyInputEnv(metadata: ActionMetadata, env: NodeJS.ProcessEnv = process.env): Pick<ResolvedInputEnv, 'warnings' | 'hints'> {
  const resolved = resolveInputEnv(metadata, env);
  Object.assign(env, resolved.defaults);
  if (resolved.errors.length === 1) throw resolved.errors[0];
  if (resolved.errors.length > 1) throw InputError.combine(resolved.errors);
  return { warnings: resolved.warnings, hints: resolved.hints };
}
