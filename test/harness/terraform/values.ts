// Values as Terraform's JSON shows them, plus the two marks a plan carries: unknown ("known after
// apply") and sensitive. Unknown values are a symbol that never reaches JSON; sensitive marks are
// paths (arrays of keys and indexes), rendered as `*_sensitive` shapes the way Terraform does.

export const UNKNOWN: unique symbol = Symbol('unknown');
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
/** A planned value: JSON where some leaves (or the whole value) may be unknown. */
export type Planned = string | number | boolean | null | typeof UNKNOWN | Planned[] | { [key: string]: Planned };
export type Path = (string | number)[];

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isContainer = (v: unknown): boolean => Array.isArray(v) || isObject(v);

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}

export const hasUnknown = (v: Planned): boolean =>
  v === UNKNOWN || (Array.isArray(v) ? v.some(hasUnknown) : isObject(v) ? Object.values(v as Record<string, Planned>).some(hasUnknown) : false);

/** `after`: the planned value with unknown leaves left out (a wholly unknown value is null, as in Terraform). */
export function known(v: Planned): Json | undefined {
  if (v === UNKNOWN) return undefined;
  if (Array.isArray(v)) return v.map((x) => known(x) ?? null);
  if (isObject(v)) {
    const out: Record<string, Json> = {};
    for (const [k, x] of Object.entries(v as Record<string, Planned>)) {
      const kx = known(x);
      if (kx !== undefined) out[k] = kx;
    }
    return out;
  }
  return v;
}

/**
 * `after_unknown` of one attribute value: `true` for an unknown value; for containers the same
 * shape, objects keeping only entries that hold something, lists `false` for known elements.
 * Returns undefined for a known primitive (the attribute is left out).
 */
export function unknownShape(v: Planned): Json | undefined {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.map((x) => unknownShape(x) ?? false);
  if (isObject(v)) {
    const out: Record<string, Json> = {};
    for (const [k, x] of Object.entries(v as Record<string, Planned>)) {
      const s = unknownShape(x);
      if (s !== undefined) out[k] = s;
    }
    return out;
  }
  return undefined;
}

/** A `*_sensitive` shape: `true` at sensitive paths, containers mirrored, known primitives left out of objects. */
export function sensitiveShape(v: Planned, marks: readonly Path[], at: Path = []): Json | undefined {
  if (marks.some((m) => samePath(m, at))) return true;
  if (Array.isArray(v)) return v.map((x, i) => sensitiveShape(x, marks, [...at, i]) ?? false);
  if (isObject(v)) {
    const out: Record<string, Json> = {};
    for (const [k, x] of Object.entries(v as Record<string, Planned>)) {
      const s = sensitiveShape(x, marks, [...at, k]);
      if (s !== undefined) out[k] = s;
    }
    return out;
  }
  return undefined;
}

/** The `*_sensitive` object of a resource's attributes. */
export function attributesShape(values: Record<string, Planned>, marks: readonly Path[], shapeOf: (v: Planned, marks: readonly Path[], at: Path) => Json | undefined): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(values)) {
    const s = shapeOf(v, marks, [k]);
    if (s !== undefined) out[k] = s;
  }
  return out;
}

export const samePath = (a: Path, b: Path): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** Terraform's state and sensitive_attributes use cty paths: `[{type: get_attr, value}]` / `index` steps. */
export function ctyPath(path: Path): Json {
  return path.map((step) =>
    typeof step === 'number' ? { type: 'index', value: { value: step, type: 'number' } } : { type: 'get_attr', value: step },
  );
}

export function fromCtyPath(raw: unknown): Path {
  if (!Array.isArray(raw)) return [];
  return raw.map((s: { type?: string; value?: unknown }) =>
    s?.type === 'index' ? Number((s.value as { value?: unknown })?.value ?? s.value) : String(s?.value),
  );
}

/** The cty type of a JSON value as Terraform writes it for dynamic attributes (`terraform_data.input`). */
export function ctyType(v: Json): Json {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  if (v === null) return 'dynamic';
  if (Array.isArray(v)) return ['tuple', v.map(ctyType)];
  return ['object', Object.fromEntries(Object.keys(v).sort().map((k) => [k, ctyType(v[k] as Json)]))];
}

/** Keys sorted at every level (Terraform's JSON output sorts object keys). */
export function sortKeys<T>(v: T): T {
  if (Array.isArray(v)) return v.map(sortKeys) as T;
  if (isObject(v)) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])])) as T;
  return v;
}

export const isPrimitive = (v: unknown): boolean => !isContainer(v);
