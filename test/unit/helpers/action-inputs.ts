import type { InputSource } from '../../../shared/inputs.ts';
import { loadAction } from '../../../scripts/lib/actions.ts';

/**
 * Inputs as the runner hands them to an action: the given values, else the action.yml default
 * (defaults live there only), else ''. For in-process tests of an action's readSettings.
 */
export function withActionDefaults(action: string, values: Record<string, string>): InputSource {
  const inputs = loadAction(action).yml.inputs ?? {};
  return (name) => values[name] ?? (inputs[name]?.default?.includes('${{') ? '' : inputs[name]?.default) ?? '';
}
