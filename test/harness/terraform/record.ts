// Records what a real terraform prints for the double's conformance scenarios, into
// test/fixtures/terraform/recorded/ (show -json of each plan, and the -json UI streams).
//
//   node test/harness/terraform/record.ts [/path/to/terraform]
//
// Run it where a terraform binary exists; the configurations use terraform_data only, so nothing
// is downloaded. The recordings are that program's output for this repository's own
// configurations (timestamps, ids and the lineage vary from run to run).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SCENARIOS } from './scenarios.ts';
import { findRealBinary } from './install.ts';

const bin = process.argv[2] ?? findRealBinary('terraform');
if (!bin) throw new Error('no terraform on PATH: give its path as the first argument');
const out = join(import.meta.dirname, '..', '..', 'fixtures', 'terraform', 'recorded');
mkdirSync(out, { recursive: true });
const dir = mkdtempSync(join(tmpdir(), 'tf-record-'));
const rc = join(dir, 'terraformrc');
writeFileSync(rc, '');
const tf = (args: string[], env: Record<string, string> = {}): string => {
  const r = spawnSync(bin, args, { cwd: dir, env: { ...process.env, TF_CLI_CONFIG_FILE: rc, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', ...env }, encoding: 'utf8' });
  if (r.status !== 0 && r.status !== 2) throw new Error(`terraform ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
};
const version = (JSON.parse(tf(['version', '-json'])) as { terraform_version: string }).terraform_version;
try {
  tf(['init', '-input=false', '-no-color']);
  for (const s of SCENARIOS) {
    writeFileSync(join(dir, 'main.tf.json'), JSON.stringify(s.config));
    const stream = tf(['plan', '-input=false', '-no-color', '-json', '-detailed-exitcode', '-out=p.tfplan', ...s.planArgs]);
    writeFileSync(join(out, `${s.name}.plan.jsonl`), stream);
    writeFileSync(join(out, `${s.name}.json`), tf(['show', '-json', 'p.tfplan']));
    if (s.apply) writeFileSync(join(out, `${s.name}.apply.jsonl`), tf(['apply', '-input=false', '-no-color', '-json', 'p.tfplan']));
  }
  console.log(`recorded ${SCENARIOS.length} scenarios from terraform ${version} into ${out}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
