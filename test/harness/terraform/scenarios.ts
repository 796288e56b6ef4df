// The configurations the double is compared with a real terraform on (terraform-double.test.ts,
// record.ts): one step after the other in the same directory, terraform_data only.
export interface Scenario {
  name: string;
  config: object;
  planArgs: string[];
  apply: boolean;
}

const variable = { pw: { type: 'string', sensitive: true, default: 's3cret-value' } };
const output = { a: { value: '${terraform_data.a.output}' } };

export const V1 = {
  variable,
  resource: { terraform_data: { a: { input: 'one' }, b: { input: { pw: '${var.pw}', n: 1 }, triggers_replace: ['v1'] }, c: { input: ['x', 'y'] } } },
  output,
};

export const V2 = {
  variable,
  resource: { terraform_data: { a: { input: 'two' }, b: { input: { pw: '${var.pw}', n: 1 }, triggers_replace: ['v2'] } } },
  output,
};

export const SCENARIOS: Scenario[] = [
  { name: 'create', config: V1, planArgs: [], apply: true },
  { name: 'update-replace-delete', config: V2, planArgs: [], apply: true },
  { name: 'refresh-only', config: V2, planArgs: ['-refresh-only'], apply: false },
];
