/** Random credentials for throwaway services: a fixed password would hide a test that reuses one. */
import { randomBytes } from 'node:crypto';

/** Letters and digits only: safe in URLs, SQL literals and config files without escaping. */
export function randomPassword(length = 24): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  const bytes = randomBytes(length);
  let out = '';
  // 62 symbols: the modulo bias is negligible for test credentials.
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  return out;
}
