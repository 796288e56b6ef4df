// GitHub's OpenAPI description as a contract: routes requests and validates both directions.
// The 13 MB file is parsed once per process and the validator shared by every emulator.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import OpenAPIBackendModule from 'openapi-backend';
import type { OpenAPIBackend as Backend, Operation } from 'openapi-backend';

export interface MatchedRoute {
  operationId: string;
  /** Path template as written in the description, e.g. /repos/{owner}/{repo}. */
  template: string;
  method: string;
  params: Record<string, string>;
  docsUrl: string;
}

export interface RequestShape {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  body: unknown;
}

interface AjvError {
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
}

// The CJS default export lands on `.default` or on the namespace depending on the loader.
const OpenAPIBackendCtor = ((OpenAPIBackendModule as unknown as { default?: unknown }).default ??
  OpenAPIBackendModule) as unknown as new (opts: Record<string, unknown>) => Backend;

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/** ajv 8 only knows formats it is taught; teach the ones the description uses. */
function addFormats(ajv: { addFormat(name: string, f: unknown): unknown }): void {
  ajv.addFormat('date-time', DATE_TIME);
  ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/);
  // GitHub really sends "" for unset uri fields (deployment status target_url, log_url, ...).
  ajv.addFormat('uri', (s: string) => s === '' || URL.canParse(s));
  ajv.addFormat('email', /^[^\s@]+@[^\s@]+$/);
  for (const anything of ['uri-template', 'int32', 'int64', 'double', 'binary', 'timestamp', 'repo.nwo']) {
    ajv.addFormat(anything, true);
  }
}

/**
 * Two ajv/OpenAPI-3.0 mismatches, fixed in place before compiling:
 * - ajv refuses `nullable` without `type`; those schemas mean "anything, or null" anyway;
 * - ajv checks `enum` even when the value is null, so a nullable enum must list null.
 */
function normaliseNullable(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) normaliseNullable(item);
  } else if (node !== null && typeof node === 'object') {
    const obj = node as Record<string, unknown>;
    if ('nullable' in obj && !('type' in obj)) delete obj['nullable'];
    const values = obj['enum'];
    if (obj['nullable'] === true && Array.isArray(values) && !values.includes(null)) values.push(null);
    for (const value of Object.values(obj)) normaliseNullable(value);
  }
}

/**
 * The run lists' `created` parameter is described as `format: date-time`, while its own text (and
 * GitHub's behaviour) takes the search-date syntax — `>=2026-11-01`, `A..B` — which is how a date
 * range is asked for at all. The format is dropped so ranges pass; routes/runs.ts parses the syntax
 * and answers 422 on anything else.
 */
function relaxCreatedFilter(definition: Record<string, unknown>): void {
  const parameters = (definition['components'] as { parameters?: Record<string, { schema?: Record<string, unknown> }> } | undefined)?.parameters;
  const schema = parameters?.['created']?.schema;
  if (schema?.['format'] === 'date-time') delete schema['format'];
  // `workflow_id` is "an id or a file name": oneOf [integer, string]. A path segment is text, and
  // with type coercion "123" is both, so oneOf rejects every numeric id; either will do (anyOf).
  const workflowId = parameters?.['workflow-id']?.schema;
  if (Array.isArray(workflowId?.['oneOf'])) {
    workflowId['anyOf'] = workflowId['oneOf'];
    delete workflowId['oneOf'];
  }
}

function specPath(): string {
  const require = createRequire(import.meta.url);
  // Resolve the package folder without executing it (its index loads ~450 MB of JSON).
  const pkg = require.resolve('@octokit/openapi/package.json');
  return pkg.replace(/package\.json$/, 'generated/api.github.com.json');
}

interface IndexedOp {
  op: Operation;
  method: string;
  regex: RegExp;
  /** Length of the template without its {params}: more literal text = more specific. */
  specificity: number;
}

/**
 * openapi-backend's router rebuilds its operation list on every lookup (~10 ms per call with
 * GitHub's 1,200 operations), so operations are indexed once here and passed as objects.
 */
export class Contract {
  readonly api: Backend;
  private readonly byId = new Map<string, Operation>();
  private readonly indexed: IndexedOp[];

  constructor(api: Backend) {
    this.api = api;
    this.indexed = api.router.getOperations().map((op) => {
      const pattern = op.path
        .split('/')
        .map((seg) => (/^\{.+\}$/.test(seg) ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
        .join('/');
      if (op.operationId) this.byId.set(op.operationId, op);
      return {
        op,
        method: op.method.toUpperCase(),
        regex: new RegExp(`^${pattern}$`),
        // A segment holding two parameters ('/compare/{base}...{head}', the older form of
        // '/compare/{basehead}') is matched last: openapi-backend cannot split such a segment
        // ('release%2F2' as a head fails to decode), and the one-parameter form serves the same path.
        specificity: /\}[^/]*\{/.test(op.path) ? -1 : op.path.replace(/\{.*?\}/g, '').length,
      };
    });
    // Most specific first, so /issues/comments wins over /issues/{issue_number}.
    this.indexed.sort((a, b) => b.specificity - a.specificity);
  }

  match(method: string, rawPath: string): MatchedRoute | undefined {
    const path = rawPath.length > 1 ? rawPath.replace(/\/+$/, '') : rawPath;
    const upper = method.toUpperCase();
    const hit = this.indexed.find((x) => x.method === upper && x.regex.test(path));
    if (!hit?.op.operationId) return undefined;
    return {
      operationId: hit.op.operationId,
      template: hit.op.path,
      method: upper,
      params: extractParams(hit.op.path, path),
      docsUrl: hit.op.externalDocs?.url ?? 'https://docs.github.com/rest',
    };
  }

  /** Whether a route key ("METHOD /template") or operationId exists, for validating fault rules. */
  knows(routeOrOperationId: string): boolean {
    if (this.byId.has(routeOrOperationId)) return true;
    const [method, template] = routeOrOperationId.split(' ');
    if (!method || !template) return false;
    return this.indexed.some((x) => x.method === method.toUpperCase() && x.op.path === template);
  }

  private operation(operationId: string): Operation {
    const op = this.byId.get(operationId);
    if (!op) throw new Error(`unknown operation ${operationId}`);
    return op;
  }

  validateRequest(operationId: string, req: RequestShape): string[] {
    const result = this.api.validateRequest(
      { method: req.method.toLowerCase(), path: req.path, query: req.query, headers: req.headers, body: req.body },
      this.operation(operationId),
    );
    return formatErrors(result.errors as AjvError[] | null | undefined);
  }

  validateResponse(operationId: string, status: number, body: unknown): string[] {
    const result = this.api.validateResponse(body, this.operation(operationId), status);
    return formatErrors(result.errors as AjvError[] | null | undefined);
  }
}

function extractParams(template: string, path: string): Record<string, string> {
  const names = template.split('/');
  const values = path.split('/');
  const params: Record<string, string> = {};
  names.forEach((segment, i) => {
    const m = /^\{(.+)\}$/.exec(segment);
    if (m?.[1] && values[i] !== undefined) params[m[1]] = safeDecode(values[i]);
  });
  return params;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function formatErrors(errors: AjvError[] | null | undefined): string[] {
  if (!errors?.length) return [];
  return errors.map((e) => {
    const extra = e.params && 'additionalProperty' in e.params ? ` '${String(e.params['additionalProperty'])}'` : '';
    const allowed = e.params && 'allowedValues' in e.params ? ` ${JSON.stringify(e.params['allowedValues'])}` : '';
    return `${e.instancePath || '/'} ${e.message ?? 'is invalid'}${extra}${allowed}`;
  });
}

let shared: Promise<Contract> | undefined;

/** Loads and initialises the contract once per process; later calls share it. */
export function loadContract(): Promise<Contract> {
  shared ??= (async () => {
    const definition = JSON.parse(readFileSync(specPath(), 'utf8')) as Record<string, unknown>;
    normaliseNullable(definition);
    relaxCreatedFilter(definition);
    const api = new OpenAPIBackendCtor({
      definition,
      quick: true,
      coerceTypes: true,
      ajvOpts: { strict: false, allErrors: true },
      customizeAjv: (ajv: { addFormat(name: string, f: unknown): unknown }) => {
        addFormats(ajv);
        return ajv;
      },
    });
    await api.init();
    return new Contract(api);
  })();
  return shared;
}
