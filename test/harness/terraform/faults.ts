// Fault injection for the double, through a JSON control file named by FAKE_TF_FAULTS (tests write
// it with `faults()` from install.ts). Rules are consumed as they fire and the file is rewritten,
// so "fail twice, then succeed" holds across the separate processes of a retry loop.
//
//   { "rules": [ { "command": "init", "kind": "registry", "times": 2 },
//                { "command": "apply", "kind": "throttle", "at": 2 } ],   // the 2nd resource operation
//     "slow": { "terraform_data.big": 30000 },                           // a provider call that ignores the first interrupt
//     "signalLog": "/tmp/x/signals" }                                     // every signal received, one per line
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';

export type FaultKind = 'registry' | 'throttle' | 'unavailable' | 'auth';

export interface FaultRule {
  command: 'init' | 'plan' | 'apply' | 'show';
  kind: FaultKind;
  /** How many times it fires (default 1). */
  times?: number;
  /** apply: the resource operation (1-based) that fails after its apply_start; 0 = before any. plan: the refresh (1-based). */
  at?: number;
}

export interface FaultFile {
  rules?: FaultRule[];
  slow?: Record<string, number>;
  signalLog?: string;
}

const path = (): string | undefined => process.env['FAKE_TF_FAULTS'] || undefined;

function read(): FaultFile {
  const p = path();
  if (!p || !existsSync(p)) return {};
  return JSON.parse(readFileSync(p, 'utf8')) as FaultFile;
}

/** Fires (and consumes) the first rule for this command and position, if any. */
export function takeFault(command: FaultRule['command'], at?: number): FaultRule | undefined {
  const file = read();
  const rules = file.rules ?? [];
  // A rule with `at` fires only at that position; one without fires at the first chance.
  const i = rules.findIndex((r) => r.command === command && (r.at === undefined || r.at === at) && (r.times ?? 1) > 0);
  if (i < 0) return undefined;
  const rule = rules[i]!;
  rule.times = (rule.times ?? 1) - 1;
  writeFileSync(path()!, JSON.stringify({ ...file, rules }, null, 2));
  return rule;
}

export const slowMs = (address: string): number => read().slow?.[address] ?? 0;

export function logSignal(signal: string): void {
  const log = read().signalLog;
  if (log) appendFileSync(log, `${signal}\n`);
}

/** The diagnostic a fault produces: what providers and the registry really answer when throttled or down. */
export function faultDiagnostic(rule: FaultRule, address: string | undefined, verb: string): { summary: string; detail: string } {
  switch (rule.kind) {
    case 'registry':
      return {
        summary: 'Failed to query available provider packages',
        detail:
          'Could not retrieve the list of available versions for provider hashicorp/local: could not connect to registry.terraform.io: ' +
          'failed to request discovery document: Get "https://registry.terraform.io/.well-known/terraform.json": net/http: TLS handshake timeout',
      };
    case 'throttle':
      return { summary: `${verb} ${address ?? 'provider'}: RequestLimitExceeded: Rate exceeded`, detail: 'status code: 400, request id: 4c5e1a6f-0d8e-4e8b-9a4f-5c2f0d7a1b2c' };
    case 'unavailable':
      return { summary: `${verb} ${address ?? 'provider'}: unexpected response: 503 Service Unavailable`, detail: '' };
    case 'auth':
      return { summary: `${verb} ${address ?? 'provider'}: AccessDenied: User is not authorized to perform this operation`, detail: 'status code: 403' };
  }
}
