/**
 * Whether SASLprep (RFC 4013) would change a password. PostgreSQL clients disagree on it: libpq
 * (psql, most drivers) prepares the password with SASLprep before SCRAM, node-postgres and others
 * use it as it is. For a password SASLprep leaves alone both agree, and the verifier rotate-secret
 * computes logs in for every client; any other password is refused before anything changes
 * (docs/rotate-secret.md). Prohibited and unassigned characters make libpq fall back to the raw
 * password too, so only the mapping and the normalisation matter here. Pure: on the start path.
 */

// RFC 3454 table B.1 (commonly mapped to nothing) and table C.1.2 (non-ASCII spaces, mapped to SPACE), as code point ranges.
const MAPPED: ReadonlyArray<readonly [number, number]> = [
  [0x00a0, 0x00a0], [0x00ad, 0x00ad], [0x034f, 0x034f], [0x1680, 0x1680], [0x1806, 0x1806], [0x180b, 0x180d],
  [0x2000, 0x200d], [0x202f, 0x202f], [0x205f, 0x2060], [0x3000, 0x3000], [0xfe00, 0xfe0f], [0xfeff, 0xfeff],
];

export function saslPrepChanges(password: string): boolean {
  for (const ch of password) {
    const c = ch.codePointAt(0) ?? 0;
    if (MAPPED.some(([from, to]) => c >= from && c <= to)) return true;
  }
  return password.normalize('NFKC') !== password;
}
