// Terraform's flags (Go's flag package): `-name=value`, `-name value`, booleans as `-name` or
// `-name=false`; repeatable flags collect; the rest are positional arguments.
export interface Parsed {
  flags: Map<string, string[]>;
  positional: string[];
}

export function parseArgs(args: readonly string[], booleans: ReadonlySet<string>): Parsed {
  const flags = new Map<string, string[]>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('-') || a === '-') {
      positional.push(a);
      continue;
    }
    const body = a.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const name = eq < 0 ? body : body.slice(0, eq);
    let value: string;
    if (eq >= 0) value = body.slice(eq + 1);
    else if (booleans.has(name)) value = 'true';
    else value = args[++i] ?? '';
    flags.set(name, [...(flags.get(name) ?? []), value]);
  }
  return { flags, positional };
}

export const flag = (p: Parsed, name: string): string | undefined => p.flags.get(name)?.at(-1);
export const bool = (p: Parsed, name: string, fallback = false): boolean => {
  const v = flag(p, name);
  return v === undefined ? fallback : v !== 'false';
};
export const all = (p: Parsed, name: string): string[] => p.flags.get(name) ?? [];

/** Go durations as -lock-timeout takes them: 0s, 500ms, 5m, 1h30m. */
export function goDuration(raw: string | undefined): number {
  if (!raw) return 0;
  let ms = 0;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let m: RegExpExecArray | null;
  let seen = '';
  while ((m = re.exec(raw))) {
    seen += m[0];
    ms += Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
  }
  if (seen !== raw && raw !== '0') throw new Error(`invalid duration "${raw}"`);
  return ms;
}
