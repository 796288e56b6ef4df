import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { UserError } from '../../../shared/errors.ts';
import { ProvisionFailure } from './failure.ts';

/**
 * The plan file the plan step writes and apply reads: a small envelope around the tool's own plan
 * (Terraform's plan file; for Ansible the reviewed change set) and what it was made for (tool,
 * working directory, workspace, digest). With `plan-encryption-key` the whole of it is sealed with
 * AES-256-GCM under a key derived from it (HKDF-SHA-256, random salt), so the file can travel as
 * an artifact: plans hold variables and sensitive values in clear, and artifacts are readable by
 * anyone with read access to the repository.
 *
 *   line 1: `actions-suite-plan 1 plain` | `actions-suite-plan 1 aes-256-gcm <salt b64> <iv b64>`
 *   then:   plain: the payload; sealed: ciphertext of the payload, then the 16-byte tag
 *   payload: u32 length of the metadata JSON, the metadata JSON, the tool's plan bytes
 */

const MAGIC = 'actions-suite-plan 1';

export interface PlanMeta {
  tool: 'terraform' | 'tofu' | 'ansible';
  working_directory: string;
  workspace: string;
  digest: string;
  created_at: string;
}

function keyFor(secret: string, salt: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, salt, 'actions-suite provision plan-file v1', 32));
}

export function writePlanFile(path: string, meta: PlanMeta, plan: Buffer, secret: string | undefined): void {
  const metaBytes = Buffer.from(JSON.stringify(meta));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(metaBytes.length);
  const payload = Buffer.concat([length, metaBytes, plan]);
  let file: Buffer;
  if (secret === undefined) {
    file = Buffer.concat([Buffer.from(`${MAGIC} plain\n`), payload]);
  } else {
    const salt = randomBytes(16);
    const iv = randomBytes(12);
    const header = Buffer.from(`${MAGIC} aes-256-gcm ${salt.toString('base64')} ${iv.toString('base64')}\n`);
    // Ciphertext followed by the 16-byte tag; the header is authenticated too.
    const cipher = createCipheriv('aes-256-gcm', keyFor(secret, salt), iv);
    cipher.setAAD(header);
    file = Buffer.concat([header, cipher.update(payload), cipher.final(), cipher.getAuthTag()]);
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, file, { mode: 0o600 });
}

export function readPlanFile(path: string, secret: string | undefined): { meta: PlanMeta; plan: Buffer; encrypted: boolean } {
  const file = readFileSync(path);
  const eol = file.indexOf(0x0a);
  const header = eol > 0 ? file.subarray(0, eol).toString('latin1') : '';
  const parts = header.split(' ');
  if (!header.startsWith(`${MAGIC} `)) {
    throw new ProvisionFailure('plan-changed', 'The plan file is not one this action wrote (no actions-suite-plan header): apply only applies the file of a reviewed plan step');
  }
  const body = file.subarray(eol + 1);
  let payload: Buffer;
  const encrypted = parts[2] === 'aes-256-gcm';
  if (!encrypted) {
    if (secret !== undefined) {
      throw new ProvisionFailure('plan-changed', 'The plan file is not encrypted, but plan-encryption-key is set: it is not the file the plan step wrote with that key');
    }
    payload = body;
  } else {
    if (secret === undefined) throw new UserError("The plan file is encrypted: set plan-encryption-key to the key the plan step used (from the same secret)");
    const [salt, iv] = [Buffer.from(parts[3] ?? '', 'base64'), Buffer.from(parts[4] ?? '', 'base64')];
    if (salt.length !== 16 || iv.length !== 12 || body.length < 16) throw new ProvisionFailure('plan-changed', 'The encrypted plan file is damaged');
    try {
      const decipher = createDecipheriv('aes-256-gcm', keyFor(secret, salt), iv);
      decipher.setAAD(file.subarray(0, eol + 1));
      decipher.setAuthTag(body.subarray(body.length - 16));
      payload = Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]);
    } catch {
      throw new ProvisionFailure('plan-changed', 'The plan file does not decrypt with plan-encryption-key: the key is not the one the plan step used, or the file was modified');
    }
  }
  const length = payload.length >= 4 ? payload.readUInt32BE(0) : -1;
  let meta: PlanMeta;
  try {
    meta = JSON.parse(payload.subarray(4, 4 + length).toString('utf8')) as PlanMeta;
  } catch {
    throw new ProvisionFailure('plan-changed', 'The plan file is damaged (its metadata does not parse)');
  }
  return { meta, plan: payload.subarray(4 + length), encrypted };
}
