/**
 * Real Terraform plan JSON, read in place: Debian's `golang-github-hashicorp-terraform-json-dev`
 * (hashicorp/terraform-json 0.5.0, MPL-2.0) installs ten `plan.json` files that Terraform 0.12.6
 * wrote, under its Go source tree. Like Ansible this is not a server: "starting" it makes sure the
 * package is installed and lists the fixtures. The provision conformance test reads them, nothing
 * is copied into the repository.
 */
import { TERRAFORM_JSON_TESTDATA, terraformJsonPlans } from './binaries.ts';
import { ensureInstalled } from './install.ts';
import type { Resources } from './lifecycle.ts';

export interface TerraformJson {
  readonly name: 'terraform-json';
  /** The package's testdata directory. */
  readonly testdata: string;
  /** Fixture name → absolute path of its plan.json (e.g. `basic` → …/testdata/basic/plan.json). */
  readonly plans: Readonly<Record<string, string>>;
  readonly resources: Resources;
  stop(): Promise<void>;
}

export async function startTerraformJson(): Promise<TerraformJson> {
  await ensureInstalled(['terraform-json']);
  const plans = terraformJsonPlans();
  if (Object.keys(plans).length === 0) throw new Error(`no plan.json under ${TERRAFORM_JSON_TESTDATA} although golang-github-hashicorp-terraform-json-dev is installed`);
  return { name: 'terraform-json', testdata: TERRAFORM_JSON_TESTDATA, plans, resources: { processes: [], dirs: [] }, stop: () => Promise.resolve() };
}
