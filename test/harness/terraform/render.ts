// `show -json PLANFILE` and `show -json` (the state), in Terraform's JSON output format 1.2
// (internals/json-format): resource_changes with before/after, after_unknown and the
// *_sensitive shapes, replace_paths, action_reason, resource_drift, output_changes, prior_state,
// a configuration summary, and the plan's applyable / complete / errored flags. Like Terraform,
// it prints variables and sensitive values in clear: that is what the action must never pass on.
import type { Config } from './config.ts';
import type { Plan, ResourceChange } from './planner.ts';
import type { State } from './state.ts';
import { attributesShape, known, sensitiveShape, sortKeys, unknownShape, type Json, type Path, type Planned } from './values.ts';

const sensitiveOf = (values: Record<string, Planned> | null, marks: Path[]): Json =>
  values === null ? false : attributesShape(values, marks, sensitiveShape);

function unknownOf(after: Record<string, Planned> | null): Json {
  if (after === null) return {};
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(after)) {
    const s = unknownShape(v);
    if (s !== undefined) out[k] = s;
  }
  return out;
}

function change(c: ResourceChange): Record<string, Json> {
  return {
    address: c.address,
    ...(c.previousAddress ? { previous_address: c.previousAddress } : {}),
    mode: 'managed',
    type: c.type,
    name: c.name,
    provider_name: c.provider,
    change: {
      actions: c.actions,
      before: c.before,
      after: c.after === null ? null : (known(c.after) as Json),
      after_unknown: unknownOf(c.after),
      before_sensitive: sensitiveOf(c.before, c.beforeMarks),
      after_sensitive: sensitiveOf(c.after, c.afterMarks),
      ...(c.replacePaths.length > 0 ? { replace_paths: c.replacePaths } : {}),
    },
    ...(c.reason ? { action_reason: c.reason } : {}),
  };
}

function stateResources(resources: Iterable<[string, State['resources'] extends Map<string, infer R> ? R : never]>, providerOf: (type: string) => string): Json[] {
  return [...resources].map(([address, r]) => ({
    address,
    mode: 'managed',
    type: r.type,
    name: r.name,
    provider_name: providerOf(r.type),
    schema_version: 0,
    values: r.instance.attributes,
    sensitive_values: sensitiveOf(r.instance.attributes, r.instance.sensitive),
    ...(r.instance.tainted ? { tainted: true } : {}),
  }));
}

export function renderPlan(plan: Plan, config: Config | undefined, providerOf: (type: string) => string): Json {
  const plannedResources = plan.changes
    .filter((c) => c.after !== null)
    .map((c) => ({
      address: c.address,
      mode: 'managed',
      type: c.type,
      name: c.name,
      provider_name: c.provider,
      schema_version: 0,
      values: known(c.after!) as Json,
      sensitive_values: sensitiveOf(c.after, c.afterMarks),
    }));
  const plannedOutputs = Object.fromEntries(
    plan.outputs
      .filter((o) => o.actions[0] !== 'delete')
      .map((o) => {
        const value = known(o.after);
        return [o.name, { sensitive: o.sensitive, ...(value !== undefined ? { value } : {}) }];
      }),
  );
  const doc: Record<string, Json> = {
    format_version: '1.2',
    terraform_version: plan.version,
    ...(Object.keys(plan.variables).length > 0 ? { variables: Object.fromEntries(Object.entries(plan.variables).map(([k, v]) => [k, { value: v.value }])) } : {}),
  };
  if (plan.mode !== 'refresh-only') {
    doc['planned_values'] = { ...(Object.keys(plannedOutputs).length > 0 ? { outputs: plannedOutputs } : {}), root_module: plannedResources.length > 0 ? { resources: plannedResources } : {} };
  }
  if (plan.drift.length > 0) {
    doc['resource_drift'] = plan.drift.map((d) => ({
      address: d.address,
      mode: 'managed',
      type: d.type,
      name: d.name,
      provider_name: d.provider,
      change: {
        actions: [d.action],
        before: d.before,
        after: d.after,
        after_unknown: {},
        before_sensitive: sensitiveOf(d.before, d.beforeMarks),
        after_sensitive: d.after === null ? false : sensitiveOf(d.after, d.beforeMarks),
      },
    }));
  }
  if (plan.changes.length > 0) doc['resource_changes'] = plan.changes.map(change);
  if (plan.outputs.length > 0) {
    doc['output_changes'] = Object.fromEntries(
      plan.outputs.map((o) => {
        const after = o.after === null ? null : known(o.after);
        return [
          o.name,
          {
            actions: o.actions,
            before: o.before,
            ...(after !== undefined ? { after } : {}),
            after_unknown: o.after !== null && after === undefined,
            before_sensitive: o.sensitive,
            after_sensitive: o.sensitive,
          },
        ];
      }),
    );
  }
  if (plan.prior) {
    doc['prior_state'] = {
      format_version: '1.0',
      terraform_version: plan.version,
      values: {
        ...(Object.keys(plan.priorOutputs).length > 0 ? { outputs: Object.fromEntries(Object.entries(plan.priorOutputs).map(([k, o]) => [k, { sensitive: o.sensitive, value: o.value }])) } : {}),
        root_module: plan.refreshed.length > 0 ? { resources: stateResources(plan.refreshed, providerOf) } : {},
      },
    };
  }
  if (config) doc['configuration'] = renderConfiguration(config, plan.flavour);
  doc['timestamp'] = plan.timestamp;
  doc['applyable'] = plan.applyable;
  doc['complete'] = plan.complete;
  doc['errored'] = plan.errored;
  return sortTopLevelLast(doc);
}

function renderConfiguration(config: Config, flavour: string): Json {
  const providers: Record<string, Json> = {};
  const resources: Json[] = [];
  for (const r of config.resources.values()) {
    const local = r.type === 'local_file';
    const key = local ? 'local' : 'terraform';
    providers[key] = { name: key, full_name: local ? `registry.${flavour === 'tofu' ? 'opentofu.org' : 'terraform.io'}/hashicorp/local` : 'terraform.io/builtin/terraform' };
    resources.push({
      address: r.address,
      mode: 'managed',
      type: r.type,
      name: r.name,
      provider_config_key: key,
      expressions: Object.fromEntries(Object.entries(r.attrs).map(([k, v]) => [k, { constant_value: v }])),
      schema_version: 0,
    });
  }
  const outputs = Object.fromEntries([...config.outputs.values()].map((o) => [o.name, { ...(o.sensitive ? { sensitive: true } : {}), expression: { constant_value: o.value } }]));
  const variables = Object.fromEntries(
    [...config.variables.values()].map((v) => [v.name, { ...(v.default !== undefined ? { default: v.default } : {}), ...(v.sensitive ? { sensitive: true } : {}) }]),
  );
  return sortKeys({
    provider_config: providers,
    root_module: {
      ...(Object.keys(outputs).length > 0 ? { outputs } : {}),
      ...(resources.length > 0 ? { resources } : {}),
      ...(Object.keys(variables).length > 0 ? { variables } : {}),
    },
  }) as Json;
}

/** Terraform orders the top-level keys by its struct, not alphabetically; keep that order (values sorted inside). */
function sortTopLevelLast(doc: Record<string, Json>): Json {
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(doc)) out[k] = k === 'configuration' ? v : (sortKeys(v) as Json);
  return out;
}

export function renderState(state: State | undefined, version: string, providerOf: (type: string) => string): Json {
  if (!state) return { format_version: '1.0' };
  return {
    format_version: '1.0',
    terraform_version: version,
    values: {
      ...(Object.keys(state.outputs).length > 0 ? { outputs: Object.fromEntries(Object.entries(state.outputs).map(([k, o]) => [k, { sensitive: o.sensitive, value: o.value }])) } : {}),
      root_module: { resources: stateResources(state.resources, providerOf) },
    },
  };
}
