// Real X25519 key pairs per secret scope, so sealed boxes from clients are genuinely opened.
import { randomInt } from 'node:crypto';
import sodium from 'libsodium-wrappers';

export interface ScopeKey {
  keyId: string;
  /** base64, ORIGINAL variant (44 chars) as GitHub serves it. */
  key: string;
  createdAt: string;
  publicKey: Uint8Array;
  privateKey: Uint8Array;
}

export async function sodiumReady(): Promise<void> {
  await sodium.ready;
}

/** GitHub key ids are long decimal strings. */
function newKeyId(): string {
  return `${randomInt(100_000_000, 999_999_999)}${randomInt(100_000_000, 999_999_999)}`;
}

export function newScopeKey(): ScopeKey {
  const pair = sodium.crypto_box_keypair();
  return {
    keyId: newKeyId(),
    key: sodium.to_base64(pair.publicKey, sodium.base64_variants.ORIGINAL),
    createdAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    publicKey: pair.publicKey,
    privateKey: pair.privateKey,
  };
}

/** Opens a base64 sealed box; undefined when it is not valid for this key pair. */
export function openSealed(key: ScopeKey, encryptedB64: string): string | undefined {
  try {
    const ciphertext = sodium.from_base64(encryptedB64, sodium.base64_variants.ORIGINAL);
    return sodium.to_string(sodium.crypto_box_seal_open(ciphertext, key.publicKey, key.privateKey));
  } catch {
    return undefined;
  }
}

/** What a client does: seal with the served public key (used by seeds and tests). */
export function sealFor(keyB64: string, plaintext: string): string {
  const pk = sodium.from_base64(keyB64, sodium.base64_variants.ORIGINAL);
  return sodium.to_base64(sodium.crypto_box_seal(sodium.from_string(plaintext), pk), sodium.base64_variants.ORIGINAL);
}

/** Lazily creates one key pair per scope id; rotation replaces it with a new id. */
export class KeyRing {
  private readonly keys = new Map<string, ScopeKey>();

  get(scopeId: string): ScopeKey {
    let key = this.keys.get(scopeId);
    if (!key) {
      key = newScopeKey();
      this.keys.set(scopeId, key);
    }
    return key;
  }

  rotate(scopeId: string): ScopeKey {
    const key = newScopeKey();
    this.keys.set(scopeId, key);
    return key;
  }
}
