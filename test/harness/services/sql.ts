/**
 * SQL quoting for the few statements the harness builds itself (CREATE USER…). Tests pass their own
 * names and passwords, so these must be quoted, not pasted.
 */

/** PostgreSQL string literal: standard_conforming_strings is on, so only ' needs doubling. */
export function pgLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

export function pgIdent(value: string): string {
  return `"${value.replaceAll('"', '""')}"`;
}

/** MariaDB string literal: backslash is an escape character there too. */
export function myLiteral(value: string): string {
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

/**
 * psql --csv output (RFC 4180: "" inside quotes, quoted fields may hold commas and newlines).
 * NULL and '' both come back as '' here; tests that care can SELECT coalesce(x, '<null>').
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        field += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (ch !== '\r') {
      field += ch;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
