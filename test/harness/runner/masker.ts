// The runner's secret masker (actions/runner src/Sdk/DTLogging/Logging/SecretMasker.cs,
// ValueEncoders.cs, HostContext.cs encoder list). Every registered value is also registered in
// each encoded form the runner knows; masking replaces every (merged) occurrence with `***`.
// Forms the runner does NOT know (base64url, hex, double base64, encodeURIComponent, …) stay
// visible here too: that is the point of the leak scanner.

/** .NET Uri.EscapeDataString: everything but RFC 3986 unreserved characters is %XX (upper case). */
export function uriDataEscape(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function base64Shift(value: string, shift: number): string {
  const bytes = Buffer.from(value, 'utf8');
  return (bytes.length > shift ? bytes.subarray(shift) : bytes).toString('base64');
}

function xmlDataEscape(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

/** The encoders HostContext registers (the two PowerShell ampersand variants are left out). */
export const RUNNER_VALUE_ENCODERS: ReadonlyArray<(value: string) => string> = [
  (v) => Buffer.from(v, 'utf8').toString('base64'), // Base64StringEscape
  (v) => base64Shift(v, 1), // Base64StringEscapeShift1
  (v) => base64Shift(v, 2), // Base64StringEscapeShift2
  (v) => v.replace(/"/g, '\\"'), // CommandLineArgumentEscape
  (v) => v.replace(/'/g, "''"), // ExpressionStringEscape
  (v) => JSON.stringify(v).slice(1, -1), // JsonStringEscape
  uriDataEscape, // UriDataEscape
  xmlDataEscape, // XmlDataEscape
  (v) => (v.length > 8 && v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1) : ''), // TrimDoubleQuotes
];

export class RunnerSecretMasker {
  readonly #originals = new Set<string>();
  readonly #values = new Set<string>();

  /** SecretMasker.AddValue: the value and each of its encoded forms. */
  addValue(value: string): void {
    if (value === '' || this.#originals.has(value)) return;
    this.#originals.add(value);
    this.#values.add(value);
    for (const encode of RUNNER_VALUE_ENCODERS) {
      const v = encode(value);
      if (v !== '') this.#values.add(v);
    }
  }

  /**
   * `::add-mask::` semantics of current runners: the whole value, then each of its lines (split on
   * CR/LF, trimmed, empty ones dropped). Returns false for an empty/whitespace value (the runner
   * warns and registers nothing).
   */
  addMask(value: string): boolean {
    if (value.trim() === '') return false;
    this.addValue(value);
    for (const line of value.split(/[\r\n]/)) {
      const t = line.trim();
      if (t !== '') this.addValue(t);
    }
    return true;
  }

  get size(): number {
    return this.#originals.size;
  }

  mask(input: string): string {
    if (input === '' || this.#values.size === 0) return input;
    const positions: Array<[number, number]> = [];
    for (const v of this.#values) {
      for (let i = input.indexOf(v); i >= 0; i = input.indexOf(v, i + 1)) positions.push([i, i + v.length]);
    }
    if (positions.length === 0) return input;
    positions.sort((a, b) => a[0] - b[0]);
    let out = '';
    let cursor = 0;
    let cur: [number, number] | undefined;
    for (const p of positions) {
      if (cur && p[0] <= cur[1]) cur[1] = Math.max(cur[1], p[1]);
      else {
        if (cur) {
          out += input.slice(cursor, cur[0]) + '***';
          cursor = cur[1];
        }
        cur = [p[0], p[1]];
      }
    }
    if (cur) {
      out += input.slice(cursor, cur[0]) + '***';
      cursor = cur[1];
    }
    return out + input.slice(cursor);
  }
}
