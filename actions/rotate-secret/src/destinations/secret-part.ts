/**
 * What of a stored secret is secret: the password of the `{"user","password"}` pair this action
 * writes with value-format json, else all of it. Registering the whole JSON with the redactor would
 * mask its every leaf — the user name too, which consumers and the summary must see.
 */
export function secretPart(stored: string): string {
  try {
    const v = JSON.parse(stored) as unknown;
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      if (Object.keys(o).length === 2 && typeof o['user'] === 'string' && typeof o['password'] === 'string') return o['password'];
    }
  } catch {
    // not JSON: all of it is secret
  }
  return stored;
}
