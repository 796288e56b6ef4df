// The small part of GitHub's expression language that action.yml metadata can use: `${{ … }}`
// templates in input defaults, and the `pre-if` / `post-if` conditions. Anything outside that part
// throws, so a test never runs with an expression silently evaluated to ''.

export type JobStatus = 'success' | 'failure' | 'cancelled';

export interface ExpressionContext {
  github: Record<string, string>;
  runner: Record<string, string>;
  env: Record<string, string>;
  jobStatus: JobStatus;
}

/** Names a `${{ }}` in an input default may use (what the suite's action.yml files need, and a few harmless ones). */
export const DEFAULT_EXPRESSION_NAMES: ReadonlySet<string> = new Set([
  'github.token',
  'github.sha',
  'github.ref',
  'github.ref_name',
  'github.repository',
  'github.repository_owner',
  'github.workspace',
  'github.server_url',
  'github.api_url',
  'github.run_id',
  'github.run_attempt',
  'github.actor',
  'github.event_name',
  'github.job',
  'github.workflow',
  'runner.os',
  'runner.arch',
  'runner.temp',
]);

/**
 * Evaluates an input default such as `${{ github.token }}` or `v-${{ github.sha }}`.
 * Only `context.property` references from `allowed` are accepted; anything else throws.
 */
export function evaluateTemplate(
  template: string,
  ctx: Pick<ExpressionContext, 'github' | 'runner'> & { inputs?: Record<string, string> },
  allowed: ReadonlySet<string> = DEFAULT_EXPRESSION_NAMES,
): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const start = template.indexOf('${{', i);
    if (start < 0) {
      out += template.slice(i);
      break;
    }
    const end = template.indexOf('}}', start + 3);
    if (end < 0) throw new Error(`Unterminated expression in ${JSON.stringify(template)}`);
    out += template.slice(i, start);
    const expr = template.slice(start + 3, end).trim();
    // A composite action's steps read its inputs (`${{ inputs.name }}`), case-insensitively.
    const inputMatch = ctx.inputs ? /^inputs\.([A-Za-z_][\w-]*)$/.exec(expr) : null;
    if (inputMatch && ctx.inputs) {
      const key = Object.keys(ctx.inputs).find((k) => k.toLowerCase() === inputMatch[1]!.toLowerCase());
      out += key === undefined ? '' : ctx.inputs[key];
      i = end + 2;
      continue;
    }
    if (!/^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)+$/.test(expr) || !allowed.has(expr.toLowerCase())) {
      throw new Error(
        `Unsupported expression \${{ ${expr} }} in ${JSON.stringify(template)}: the runner emulation evaluates only ${[...allowed].join(', ')}`,
      );
    }
    const [scope, ...rest] = expr.toLowerCase().split('.');
    const bag = scope === 'github' ? ctx.github : ctx.runner;
    const value = bag[rest.join('.')];
    if (value === undefined) throw new Error(`Expression \${{ ${expr} }} has no value in the emulated context`);
    out += value;
    i = end + 2;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Conditions (`pre-if`, `post-if`)

type Value = string | number | boolean | null;

type Node =
  | { kind: 'lit'; value: Value }
  | { kind: 'ref'; path: string[] }
  | { kind: 'call'; name: string; args: Node[] }
  | { kind: 'not'; expr: Node }
  | { kind: 'bin'; op: '==' | '!=' | '<' | '<=' | '>' | '>='; left: Node; right: Node }
  | { kind: 'and' | 'or'; left: Node; right: Node };

type Token =
  | { t: 'punct'; v: string }
  | { t: 'ident'; v: string }
  | { t: 'str'; v: string }
  | { t: 'num'; v: number };

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (['==', '!=', '<=', '>=', '&&', '||'].includes(two)) {
      tokens.push({ t: 'punct', v: two });
      i += 2;
      continue;
    }
    if ('()!<>,.'.includes(c)) {
      tokens.push({ t: 'punct', v: c });
      i++;
      continue;
    }
    if (c === "'") {
      let s = '';
      i++;
      for (;;) {
        if (i >= src.length) throw new Error(`Unterminated string in condition ${JSON.stringify(src)}`);
        if (src[i] === "'") {
          if (src[i + 1] === "'") {
            s += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        s += src[i];
        i++;
      }
      tokens.push({ t: 'str', v: s });
      continue;
    }
    const num = /^-?(0x[0-9a-f]+|\d+(\.\d+)?(e[+-]?\d+)?)/i.exec(src.slice(i));
    if (num && !/[A-Za-z_]/.test(src[i + num[0].length] ?? '')) {
      tokens.push({ t: 'num', v: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_][\w-]*/.exec(src.slice(i));
    if (id) {
      tokens.push({ t: 'ident', v: id[0] });
      i += id[0].length;
      continue;
    }
    throw new Error(`Unsupported character ${JSON.stringify(c)} in condition ${JSON.stringify(src)}`);
  }
  return tokens;
}

function parse(src: string): Node {
  const tokens = tokenize(src);
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const isPunct = (v: string): boolean => {
    const tk = peek();
    return tk !== undefined && tk.t === 'punct' && tk.v === v;
  };
  const expect = (v: string): void => {
    if (!isPunct(v)) throw new Error(`Expected '${v}' in condition ${JSON.stringify(src)}`);
    pos++;
  };

  const primary = (): Node => {
    const tk = peek();
    if (!tk) throw new Error(`Unexpected end of condition ${JSON.stringify(src)}`);
    pos++;
    if (tk.t === 'str') return { kind: 'lit', value: tk.v };
    if (tk.t === 'num') return { kind: 'lit', value: tk.v };
    if (tk.t === 'punct') {
      if (tk.v === '(') {
        const e = or();
        expect(')');
        return e;
      }
      if (tk.v === '!') return { kind: 'not', expr: primary() };
      throw new Error(`Unexpected '${tk.v}' in condition ${JSON.stringify(src)}`);
    }
    const word = tk.v;
    if (word === 'true' || word === 'false') return { kind: 'lit', value: word === 'true' };
    if (word === 'null') return { kind: 'lit', value: null };
    if (isPunct('(')) {
      pos++;
      const args: Node[] = [];
      if (!isPunct(')')) {
        for (;;) {
          args.push(or());
          if (isPunct(',')) {
            pos++;
            continue;
          }
          break;
        }
      }
      expect(')');
      return { kind: 'call', name: word.toLowerCase(), args };
    }
    const path = [word];
    while (isPunct('.')) {
      pos++;
      const next = peek();
      if (!next || next.t !== 'ident') throw new Error(`Expected a property name in condition ${JSON.stringify(src)}`);
      path.push(next.v);
      pos++;
    }
    return { kind: 'ref', path };
  };
  const comparison = (): Node => {
    let left = primary();
    for (;;) {
      const tk = peek();
      if (tk && tk.t === 'punct' && ['==', '!=', '<', '<=', '>', '>='].includes(tk.v)) {
        pos++;
        left = { kind: 'bin', op: tk.v as '==', left, right: primary() };
      } else return left;
    }
  };
  const and = (): Node => {
    let left = comparison();
    while (isPunct('&&')) {
      pos++;
      left = { kind: 'and', left, right: comparison() };
    }
    return left;
  };
  const or = (): Node => {
    let left = and();
    while (isPunct('||')) {
      pos++;
      left = { kind: 'or', left, right: and() };
    }
    return left;
  };
  const root = or();
  if (pos !== tokens.length) throw new Error(`Unexpected trailing input in condition ${JSON.stringify(src)}`);
  return root;
}

const STATUS_FUNCTIONS = new Set(['always', 'success', 'failure', 'cancelled']);

function usesStatusFunction(n: Node): boolean {
  switch (n.kind) {
    case 'call':
      return STATUS_FUNCTIONS.has(n.name) || n.args.some(usesStatusFunction);
    case 'not':
      return usesStatusFunction(n.expr);
    case 'bin':
    case 'and':
    case 'or':
      return usesStatusFunction(n.left) || usesStatusFunction(n.right);
    default:
      return false;
  }
}

function truthy(v: Value): boolean {
  return !(v === false || v === null || v === '' || v === 0 || (typeof v === 'number' && Number.isNaN(v)));
}

function toNumber(v: Value): number {
  if (v === null) return 0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return v;
  const s = v.trim();
  return s === '' ? 0 : Number(s);
}

function toStr(v: Value): string {
  if (v === null) return '';
  return String(v);
}

function compare(op: string, a: Value, b: Value): boolean {
  // Same rules as the runner: strings compare case-insensitively; mixed types compare as numbers.
  let cmp: number;
  if (typeof a === 'string' && typeof b === 'string') {
    const x = a.toUpperCase();
    const y = b.toUpperCase();
    cmp = x < y ? -1 : x > y ? 1 : 0;
  } else if (typeof a === typeof b && typeof a !== 'string') {
    if (a === b) cmp = 0;
    else if (a === null || b === null) cmp = Number.NaN;
    else cmp = toNumber(a) < toNumber(b) ? -1 : toNumber(a) > toNumber(b) ? 1 : toNumber(a) === toNumber(b) ? 0 : Number.NaN;
  } else {
    const x = toNumber(a);
    const y = toNumber(b);
    cmp = x < y ? -1 : x > y ? 1 : x === y ? 0 : Number.NaN;
  }
  if (Number.isNaN(cmp)) return op === '!=';
  switch (op) {
    case '==':
      return cmp === 0;
    case '!=':
      return cmp !== 0;
    case '<':
      return cmp < 0;
    case '<=':
      return cmp <= 0;
    case '>':
      return cmp > 0;
    default:
      return cmp >= 0;
  }
}

function evaluate(n: Node, ctx: ExpressionContext): Value {
  switch (n.kind) {
    case 'lit':
      return n.value;
    case 'ref': {
      const [scope, ...rest] = n.path;
      const key = scope!.toLowerCase();
      if (key !== 'github' && key !== 'runner' && key !== 'env') {
        throw new Error(`Unsupported context '${scope}' in condition (the emulation knows github, runner and env)`);
      }
      if (rest.length !== 1) throw new Error(`Unsupported reference '${n.path.join('.')}' in condition`);
      const bag = ctx[key];
      const prop = rest[0]!;
      if (key === 'env') return bag[prop] ?? null;
      const found = Object.keys(bag).find((k) => k.toLowerCase() === prop.toLowerCase());
      return found === undefined ? null : (bag[found] ?? null);
    }
    case 'call': {
      const args = (): Value[] => n.args.map((a) => evaluate(a, ctx));
      const arity = (k: number): void => {
        if (n.args.length !== k) throw new Error(`${n.name}() takes ${k} argument(s)`);
      };
      switch (n.name) {
        case 'always':
          arity(0);
          return true;
        case 'success':
          arity(0);
          return ctx.jobStatus === 'success';
        case 'failure':
          arity(0);
          return ctx.jobStatus === 'failure';
        case 'cancelled':
          arity(0);
          return ctx.jobStatus === 'cancelled';
        case 'contains': {
          arity(2);
          const [a, b] = args();
          return toStr(a ?? null).toUpperCase().includes(toStr(b ?? null).toUpperCase());
        }
        case 'startswith': {
          arity(2);
          const [a, b] = args();
          return toStr(a ?? null).toUpperCase().startsWith(toStr(b ?? null).toUpperCase());
        }
        case 'endswith': {
          arity(2);
          const [a, b] = args();
          return toStr(a ?? null).toUpperCase().endsWith(toStr(b ?? null).toUpperCase());
        }
        default:
          throw new Error(`Unsupported function ${n.name}() in condition`);
      }
    }
    case 'not':
      return !truthy(evaluate(n.expr, ctx));
    case 'bin':
      return compare(n.op, evaluate(n.left, ctx), evaluate(n.right, ctx));
    case 'and': {
      const l = evaluate(n.left, ctx);
      return truthy(l) ? evaluate(n.right, ctx) : l;
    }
    case 'or': {
      const l = evaluate(n.left, ctx);
      return truthy(l) ? l : evaluate(n.right, ctx);
    }
  }
}

/**
 * Evaluates a step condition the way the runner does: an optional `${{ }}` wrapper is removed, and a
 * condition that calls none of always()/success()/failure()/cancelled() is read as
 * `success() && (condition)`.
 */
export function evaluateCondition(condition: string, ctx: ExpressionContext): boolean {
  let src = condition.trim();
  const wrapped = /^\$\{\{([\s\S]*)\}\}$/.exec(src);
  if (wrapped) src = wrapped[1]!.trim();
  if (src === '') src = 'success()';
  const ast = parse(src);
  const full: Node = usesStatusFunction(ast) ? ast : { kind: 'and', left: { kind: 'call', name: 'success', args: [] }, right: ast };
  return truthy(evaluate(full, ctx));
}
